import PolicySyntax
import Testing

@Suite struct ByteSinkTests {
  /// Pieces of every kind, across many growths of a small initial room, give the same bytes as an array.
  @Test func appendsMatchAnArrayAcrossGrowth() {
    var sink = ByteSink(capacity: 1)
    var expected: [UInt8] = []
    for round in 0..<300 {
      let byte = UInt8(truncatingIfNeeded: round &* 31)
      sink.append(byte)
      expected.append(byte)
      let text = String(repeating: "é\(round)", count: round % 7)
      sink.append(text)
      expected += Array(text.utf8)
      sink.append("\\u00" as StaticString)
      expected += Array("\\u00".utf8)
      sink.append(UInt8(ascii: " "), times: round % 40)
      expected += [UInt8](repeating: UInt8(ascii: " "), count: round % 40)
      let piece = [UInt8](repeating: byte, count: round % 90)
      piece.withUnsafeBufferPointer { sink.append($0) }
      expected += piece
    }
    #expect(sink.count == expected.count)
    #expect(sink.bytes == expected)
    #expect(sink.text == String(decoding: expected, as: UTF8.self))
    // Handing the bytes over empties the sink, which then starts again from nothing.
    #expect(sink.takeBytes() == expected)
    #expect(sink.count == 0)
    #expect(sink.bytes.isEmpty)
    sink.append("again")
    #expect(sink.takeBytes() == Array("again".utf8))
  }

  /// Bytes are handed over as they are, in an array of their own size, whether the sink had much room to spare or
  /// little; the sink then starts again from nothing.
  @Test(arguments: [(1000, 10), (1000, 900), (16, 16), (16, 13)])
  func takenBytesAreTheBytesWritten(capacity: Int, written: Int) {
    var sink = ByteSink(capacity: capacity)
    let bytes = (0..<written).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    bytes.withUnsafeBufferPointer { sink.append($0) }
    let taken = sink.takeBytes()
    #expect(taken == bytes)
    // No spare room goes with them (beyond the allocator's rounding).
    #expect(taken.capacity - taken.count <= max(written / 4, 32), "capacity \(taken.capacity) for \(written) bytes")
    #expect(sink.count == 0)
    sink.append("next")
    #expect(sink.takeBytes() == Array("next".utf8))
  }

  /// Text tables measure what they wrote since a row's start: the bytes lent from an offset are the ones written there.
  @Test func bytesFromAnOffsetAreTheOnesWrittenSinceThen() {
    var sink = ByteSink(capacity: 4)
    var expected: [UInt8] = []
    for round in 0..<50 {
      let piece = Array("row \(round) é\n".utf8)
      piece.withUnsafeBufferPointer { sink.append($0) }
      expected += piece
    }
    for start in [0, 1, 7, expected.count / 2, expected.count - 1, expected.count] {
      #expect(sink.withBytes(from: start) { Array($0) } == Array(expected[start...]), "from \(start)")
    }
  }

  @Test func emptySinkHasNoBytes() {
    var sink = ByteSink()
    sink.append("")
    sink.append(UInt8(ascii: "x"), times: 0)
    #expect(sink.bytes.isEmpty)
    #expect(sink.text.isEmpty)
  }
}
