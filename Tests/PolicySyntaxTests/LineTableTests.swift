import PolicySyntax
import TestSupport
import Testing

@Suite struct LineTableTests {
  private func position(_ line: Int, _ column: Int, _ offset: Int) -> SourcePosition {
    SourcePosition(line: line, column: column, offset: offset)
  }

  @Test func lineFeedLines() {
    let table = LineTable(Array("ab\ncd".utf8))
    #expect(table.lineStarts == [0, 3])
    #expect(table.byteCount == 5)
    #expect(table.position(of: 0) == position(1, 0, 0))
    #expect(table.position(of: 1) == position(1, 1, 1))
    // The line break belongs to the line it ends.
    #expect(table.position(of: 2) == position(1, 2, 2))
    #expect(table.position(of: 3) == position(2, 0, 3))
    #expect(table.position(of: 4) == position(2, 1, 4))
  }

  @Test func crlfIsOneLineBreak() {
    let table = LineTable(Array("ab\r\ncd\r\n".utf8))
    #expect(table.lineStarts == [0, 4, 8])
    #expect(table.position(of: 2) == position(1, 2, 2))
    #expect(table.position(of: 3) == position(1, 3, 3))
    #expect(table.position(of: 4) == position(2, 0, 4))
    #expect(table.position(of: 7) == position(2, 3, 7))
    #expect(table.position(of: 8) == position(3, 0, 8))
  }

  @Test func loneCarriageReturnEndsALine() {
    let table = LineTable(Array("ab\rcd".utf8))
    #expect(table.lineStarts == [0, 3])
    #expect(table.position(of: 2) == position(1, 2, 2))
    #expect(table.position(of: 3) == position(2, 0, 3))
  }

  @Test(
    arguments: [
      ("a\rb\nc\r\nd", [0, 2, 4, 7]),
      ("\r\r\n", [0, 1, 3]),
      ("\n\r", [0, 1, 2]),
      ("\r\n\r\n", [0, 2, 4]),
      ("\n\n", [0, 1, 2]),
      ("no break", [0]),
    ]
  )
  func mixedLineBreaks(_ text: String, _ starts: [Int]) {
    #expect(LineTable(Array(text.utf8)).lineStarts == starts)
  }

  @Test func firstAndLastByteAndEnd() {
    let bytes = Array("{\n  \"a\": 1\n}".utf8)
    let table = LineTable(bytes)
    #expect(table.position(of: 0) == position(1, 0, 0))
    #expect(table.position(of: bytes.count - 1) == position(3, 0, bytes.count - 1))
    #expect(table.position(of: bytes.count) == position(3, 1, bytes.count))
  }

  @Test func offsetAtEndAfterTrailingLineBreakIsOnTheNextLine() {
    let table = LineTable(Array("a\n".utf8))
    #expect(table.position(of: 2) == position(2, 0, 2))
  }

  @Test func offsetsOutsideTheBufferAreClamped() {
    let table = LineTable(Array("ab\ncd".utf8))
    #expect(table.position(of: 99) == position(2, 2, 5))
    #expect(table.position(of: -3) == position(1, 0, 0))
  }

  @Test func emptyInputHasOneEmptyLine() {
    let table = LineTable([UInt8]())
    #expect(table.lineStarts == [0])
    #expect(table.byteCount == 0)
    #expect(table.position(of: 0) == position(1, 0, 0))
    #expect(table.position(of: 5) == position(1, 0, 0))
    #expect(table.rangeOfLine(1, in: []) == SourceRange(start: 0, end: 0))
  }

  @Test func columnsCountBytesNotCharacters() {
    let table = LineTable(Array("é日\nx".utf8))
    #expect(table.position(of: 5) == position(1, 5, 5))
    #expect(table.position(of: 6) == position(2, 0, 6))
  }

  @Test func rangeOfLineExcludesTheLineBreak() {
    let bytes = Array("ab\r\ncd\nef\rg".utf8)
    let table = LineTable(bytes)
    #expect(table.rangeOfLine(1, in: bytes) == SourceRange(start: 0, end: 2))
    #expect(table.rangeOfLine(2, in: bytes) == SourceRange(start: 4, end: 6))
    #expect(table.rangeOfLine(3, in: bytes) == SourceRange(start: 7, end: 9))
    #expect(table.rangeOfLine(4, in: bytes) == SourceRange(start: 10, end: 11))
  }

  @Test func rangeOfLineHandlesEmptyLinesAndTrailingBreaks() {
    let bytes = Array("a\n\n\r\nb\n".utf8)
    let table = LineTable(bytes)
    #expect(table.lineStarts == [0, 2, 3, 5, 7])
    #expect(table.rangeOfLine(2, in: bytes) == SourceRange(start: 2, end: 2))
    #expect(table.rangeOfLine(3, in: bytes) == SourceRange(start: 3, end: 3))
    #expect(table.rangeOfLine(4, in: bytes) == SourceRange(start: 5, end: 6))
    #expect(table.rangeOfLine(5, in: bytes) == SourceRange(start: 7, end: 7))
  }

  @Test func rangeOfLineClampsTheLineNumber() {
    let bytes = Array("ab\ncd".utf8)
    let table = LineTable(bytes)
    #expect(table.rangeOfLine(0, in: bytes) == SourceRange(start: 0, end: 2))
    #expect(table.rangeOfLine(99, in: bytes) == SourceRange(start: 3, end: 5))
  }

  /// Compares with a direct count over random mixes of LF, CR and text, which is where CRLF bookkeeping breaks.
  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func positionsMatchANaiveScan(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    for _ in 0..<200 {
      let length = random.next(below: 24)
      let bytes = (0..<length).map { _ in random.pick([UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "x")]) }
      let table = LineTable(bytes)
      var line = 1
      var lineStart = 0
      for offset in 0...bytes.count {
        if offset > 0 {
          let previous = bytes[offset - 1]
          let isCRBeforeLF =
            previous == UInt8(ascii: "\r") && offset < bytes.count && bytes[offset] == UInt8(ascii: "\n")
          if previous == UInt8(ascii: "\n") || (previous == UInt8(ascii: "\r") && !isCRBeforeLF) {
            line += 1
            lineStart = offset
          }
        }
        let expected = position(line, offset - lineStart, offset)
        #expect(table.position(of: offset) == expected, "bytes \(bytes), offset \(offset)")
      }
      #expect(table.lineStarts.count == line)
    }
  }

  /// Files without a carriage return take the memchr path, whose table is reserved for an estimated number of lines:
  /// lines shorter than the estimate (empty ones too) make it grow, longer ones leave it part empty, and both must
  /// give the starts a byte-by-byte scan finds, with non-ASCII text and long lines among them.
  @Test(arguments: [5, 6, 7] as [UInt64])
  func lineFeedOnlyStartsMatchAByteScan(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    let pieces: [[UInt8]] = [Array("x".utf8), Array("é".utf8), Array("日本".utf8), Array(" ".utf8), Array("\"\\".utf8)]
    for _ in 0..<300 {
      var bytes: [UInt8] = []
      for _ in 0..<random.next(below: 80) {
        // Mostly lines shorter than the estimate, some far longer.
        let length = random.next(below: 4) == 0 ? random.next(below: 200) : random.next(below: 12)
        for _ in 0..<length { bytes += random.pick(pieces) }
        if random.next(below: 10) != 0 { bytes.append(UInt8(ascii: "\n")) }
      }
      var expected = [0]
      for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { expected.append(offset + 1) }
      #expect(LineTable(bytes).lineStarts == expected, "bytes \(bytes)")
    }
  }
}
