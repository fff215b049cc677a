/// Text that was decoded from a JSON string literal, with the way back to the bytes of the enclosing file.
///
/// `aws ecr get-repository-policy` prints the policy as the string `policyText`. The policy inside is parsed on its
/// own, and every position in it is mapped back through the escapes, so a finding still points at the right line
/// and column of the file the user has open.
public struct EmbeddedText: Sendable {
  /// The decoded bytes of the string.
  public let bytes: [UInt8]
  /// `outerOffsets[i]` is the offset in the enclosing file of the escape or character that produced byte `i`;
  /// the last entry, at `bytes.count`, is the offset of the closing quote.
  public let outerOffsets: [Int]

  /// Decodes the string literal at `range` of `file` (quotes included). The literal must already have been read
  /// successfully by ``JSONReader``, so it is well formed.
  public init(decodingLiteralAt range: SourceRange, in file: [UInt8]) {
    var decoded: [UInt8] = []
    var offsets: [Int] = []
    decoded.reserveCapacity(range.length)
    offsets.reserveCapacity(range.length + 1)
    var index = range.start + 1
    let end = range.end - 1
    while index < end {
      let byte = file[index]
      guard byte == UInt8(ascii: "\\"), index + 1 < end else {
        decoded.append(byte)
        offsets.append(index)
        index += 1
        continue
      }
      let escapeStart = index
      let kind = file[index + 1]
      index += 2
      // Escapes are written straight into the buffers: a policy text holds dozens (every quote is one), and a
      // temporary array per escape cost more than decoding.
      var single: UInt8?
      switch kind {
      case UInt8(ascii: "b"): single = 0x08
      case UInt8(ascii: "f"): single = 0x0C
      case UInt8(ascii: "n"): single = 0x0A
      case UInt8(ascii: "r"): single = 0x0D
      case UInt8(ascii: "t"): single = 0x09
      case UInt8(ascii: "u"):
        var value = EmbeddedText.hexQuad(file, at: index)
        index += 4
        if (0xD800...0xDBFF).contains(value), index + 5 < end, file[index] == UInt8(ascii: "\\") {
          let low = EmbeddedText.hexQuad(file, at: index + 2)
          index += 6
          value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        }
        if let scalar = Unicode.Scalar(value) {
          let before = decoded.count
          UTF8.encode(scalar) { decoded.append($0) }
          for _ in before..<decoded.count { offsets.append(escapeStart) }
        } else {
          single = 0x3F
        }
      default: single = kind
      }
      if let single {
        decoded.append(single)
        offsets.append(escapeStart)
      }
    }
    offsets.append(end)
    bytes = decoded
    outerOffsets = offsets
  }

  /// The offset in the enclosing file that corresponds to `offset` in the decoded text.
  public func outerOffset(_ offset: Int) -> Int {
    outerOffsets[max(0, min(offset, outerOffsets.count - 1))]
  }

  /// Maps a range of the decoded text to the enclosing file; the end maps past the whole escape that produced the
  /// last byte, which is where the next decoded byte (or the closing quote) begins.
  public func outerRange(_ range: SourceRange) -> SourceRange {
    let start = outerOffset(range.start)
    guard range.end > range.start else { return SourceRange(start: start, end: start) }
    let lastSource = outerOffset(range.end - 1)
    var next = min(range.end, outerOffsets.count - 1)
    // One escape such as \u00e9 produces several bytes; skip the rest of them.
    while next < outerOffsets.count - 1, outerOffsets[next] == lastSource { next += 1 }
    return SourceRange(start: start, end: max(start, outerOffsets[next]))
  }

  private static func hexQuad(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    var value: UInt32 = 0
    for index in offset..<min(offset + 4, bytes.count) {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      default: digit = UInt32(byte &- UInt8(ascii: "A") &+ 10) & 0xF
      }
      value = value << 4 | digit
    }
    return value
  }
}
