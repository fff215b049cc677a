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
    // The reads below are unchecked in release builds: the literal must lie inside the file.
    precondition(range.start >= 0 && range.length >= 2 && range.end <= file.count, "a literal of the file, quoted")
    // Decoding never makes a string longer than its literal, so both buffers are sized once and written in place:
    // appending byte by byte to two arrays cost more than the decoding itself. (The literal's length counts its two
    // quotes, which leaves room for the closing quote's offset.)
    let capacity = range.length
    var offsets: [Int] = []
    let decoded = [UInt8](unsafeUninitializedCapacity: capacity) { decodedBuffer, decodedCount in
      offsets = [Int](unsafeUninitializedCapacity: capacity) { offsetBuffer, offsetCount in
        let count = file.withUnsafeBufferPointer { file in
          EmbeddedText.decode(literalAt: range, of: file, into: decodedBuffer, offsets: offsetBuffer)
        }
        precondition(count < capacity, "a decoded string is never longer than its literal")
        offsetBuffer[count] = range.end - 1
        decodedCount = count
        offsetCount = count + 1
      }
    }
    bytes = decoded
    outerOffsets = offsets
  }

  /// The text of the string literal at `range` of `file`, decoded as by ``init(decodingLiteralAt:in:)`` but without
  /// the way back, which a value's text never needs.
  static func decodedText(ofLiteralAt range: SourceRange, in file: UnsafeBufferPointer<UInt8>) -> String {
    precondition(range.start >= 0 && range.length >= 2 && range.end <= file.count, "a literal of the file, quoted")
    return String(unsafeUninitializedCapacity: range.length) { decoded in
      decode(literalAt: range, of: file, into: decoded, offsets: nil)
    }
  }

  /// Writes the decoded bytes of the literal at `range` to `decoded`, and to `offsets`, when given, the offset in
  /// `file` of the escape or character that produced each; returns how many bytes it wrote. Both buffers must hold
  /// at least `range.length - 1` elements.
  private static func decode(
    literalAt range: SourceRange,
    of file: UnsafeBufferPointer<UInt8>,
    into decoded: UnsafeMutableBufferPointer<UInt8>,
    offsets: UnsafeMutableBufferPointer<Int>?
  ) -> Int {
    let capacity = range.length - 1
    precondition(decoded.count >= capacity && (offsets?.count ?? capacity) >= capacity, "room for the text")
    var count = 0
    var index = range.start + 1
    let end = range.end - 1
    while index < end {
      // The bytes between escapes, most of a text, are copied in a loop of their own, with or without their offsets:
      // deciding that, and writing through a function that captured the count, for every byte cost most of the
      // decoding. Each decoded byte takes at least one byte of the literal, so the count stays below the capacity
      // (checked, since the writes are unchecked in release builds).
      if let offsets {
        while index < end, file[index] != UInt8(ascii: "\\") {
          precondition(count < capacity, "a decoded string is never longer than its literal")
          decoded[count] = file[index]
          offsets[count] = index
          count += 1
          index += 1
        }
      } else {
        while index < end, file[index] != UInt8(ascii: "\\") {
          precondition(count < capacity, "a decoded string is never longer than its literal")
          decoded[count] = file[index]
          count += 1
          index += 1
        }
      }
      guard index < end else { break }
      let escapeStart = index
      func emit(_ byte: UInt8) {
        precondition(count < capacity, "a decoded string is never longer than its literal")
        decoded[count] = byte
        offsets?[count] = escapeStart
        count += 1
      }
      // A backslash that ends the text stands for itself (a literal the reader accepted never holds one).
      guard index + 1 < end else {
        emit(UInt8(ascii: "\\"))
        index += 1
        continue
      }
      let kind = file[index + 1]
      index += 2
      switch kind {
      case UInt8(ascii: "b"): emit(0x08)
      case UInt8(ascii: "f"): emit(0x0C)
      case UInt8(ascii: "n"): emit(0x0A)
      case UInt8(ascii: "r"): emit(0x0D)
      case UInt8(ascii: "t"): emit(0x09)
      case UInt8(ascii: "u"):
        var value = EmbeddedText.hexQuad(file, at: index)
        index += 4
        if (0xD800...0xDBFF).contains(value), index + 5 < end, file[index] == UInt8(ascii: "\\") {
          let low = EmbeddedText.hexQuad(file, at: index + 2)
          index += 6
          value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        }
        // At most four bytes from an escape of at least six: the buffers keep their room.
        if let scalar = Unicode.Scalar(value) {
          UTF8.encode(scalar) { emit($0) }
        } else {
          emit(0x3F)
        }
      default: emit(kind)
      }
    }
    return count
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

  private static func hexQuad(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
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
