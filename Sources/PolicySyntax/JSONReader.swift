/// Limits that keep hostile input from exhausting the stack or memory.
public struct JSONReaderLimits: Sendable {
  /// Deepest nesting of objects and arrays. Policies nest about six levels deep; the limit only has to stop
  /// hostile input long before the recursive reader could exhaust a thread's stack.
  public var maxDepth: Int
  /// Largest document accepted, in bytes.
  public var maxBytes: Int

  public init(maxDepth: Int = 256, maxBytes: Int = 16 * 1024 * 1024) {
    self.maxDepth = maxDepth
    self.maxBytes = maxBytes
  }
}

/// A parsed JSON document.
public struct JSONDocument: Sendable {
  public let root: JSONValue
  /// True when the text began with a UTF-8 byte order mark, which RFC 8259 tells parsers they may ignore.
  public let hasByteOrderMark: Bool
  /// True when some object repeats a key. Noted while reading, so that the common document, which repeats none,
  /// need not be walked again to find out.
  public let hasDuplicateKeys: Bool
}

/// A strict RFC 8259 reader that keeps member order, duplicate keys and the byte range of every value.
///
/// Foundation's `JSONSerialization` loses all three, and every finding and every patch of this tool depends on
/// them. Errors name what was expected and where reading stopped.
public enum JSONReader {
  public static func parse(
    _ bytes: [UInt8],
    limits: JSONReaderLimits = JSONReaderLimits()
  ) throws(JSONSyntaxError) -> JSONDocument {
    if bytes.count > limits.maxBytes {
      throw JSONSyntaxError(
        offset: limits.maxBytes,
        message: "document is larger than the limit of \(limits.maxBytes) bytes"
      )
    }
    // The parser reads the bytes in place: an array's subscript checks its bounds at every byte, and the parser
    // checks them itself.
    return try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
      try parse(buffer, limits: limits)
    }
  }

  /// Reads `bytes` in place; internal, so that the fuzz harness can read its own buffer, whose end ASan guards.
  static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>,
    limits: JSONReaderLimits
  ) throws(JSONSyntaxError) -> JSONDocument {
    var parser = Parser(bytes: bytes, maxDepth: limits.maxDepth)
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    if hasBOM { parser.index = 3 }
    parser.skipWhitespace()
    if parser.index == bytes.count {
      throw JSONSyntaxError(offset: parser.index, message: "expected a JSON value, but the document is empty")
    }
    let root = try parser.parseValue()
    parser.skipWhitespace()
    if parser.index < bytes.count {
      let unexpected = parser.unexpected("the end of the document after the JSON value")
      throw JSONSyntaxError(
        offset: unexpected.offset,
        message: unexpected.message.contains("comment")
          ? unexpected.message : unexpected.message + "; a file holds exactly one JSON document"
      )
    }
    return JSONDocument(root: root, hasByteOrderMark: hasBOM, hasDuplicateKeys: parser.sawDuplicateKey)
  }

  public static func parse(
    _ text: String,
    limits: JSONReaderLimits = JSONReaderLimits()
  ) throws(JSONSyntaxError) -> JSONDocument {
    try parse(Array(text.utf8), limits: limits)
  }
}

private struct Parser {
  /// Valid while ``JSONReader/parse(_:limits:)`` runs.
  let bytes: UnsafeBufferPointer<UInt8>
  let maxDepth: Int
  var index = 0
  var depth = 0
  /// Whether some object read so far repeats a key.
  var sawDuplicateKey = false

  init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  func describeCurrent() -> String {
    guard index < bytes.count else { return "the end of the document" }
    return describeByte(bytes[index])
  }

  func describeByte(_ byte: UInt8) -> String {
    switch byte {
    case 0x27: return "\"'\""
    case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
    case 0x20: return "a space"
    case 0x0A, 0x0D: return "a line break"
    case 0x09: return "a tab"
    default: return "byte 0x" + hex(byte)
    }
  }

  func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
    JSONSyntaxError(offset: offset ?? index, message: message)
  }

  /// A comment where a value or separator was expected gets its own message: it is the most common
  /// non-JSON habit (JSONC, HCL), and "found '/'" would not say what to do.
  func unexpected(_ expected: String) -> JSONSyntaxError {
    if index < bytes.count, bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count,
      bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*")
    {
      return error("expected \(expected), found a comment; JSON does not allow comments")
    }
    return error("expected \(expected), found \(describeCurrent())")
  }

  mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
    guard index < bytes.count else {
      throw error("expected a value, found the end of the document")
    }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""):
      let start = index
      let text = try parseString()
      return JSONValue(kind: .string(text), range: SourceRange(start: start, end: index))
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return try parseNumber()
    case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
    case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
    case UInt8(ascii: "n"): return try parseLiteral("null", .null)
    case UInt8(ascii: "'"):
      throw error("expected a value, found \"'\"; JSON strings use double quotes")
    default:
      throw unexpected("a value (object, array, string, number, true, false or null)")
    }
  }

  mutating func enterContainer() throws(JSONSyntaxError) {
    depth += 1
    if depth > maxDepth {
      throw error("nesting is deeper than the limit of \(maxDepth) levels")
    }
  }

  mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
    let start = index
    try enterContainer()
    index += 1
    var members: [JSONMember] = []
    // Policy objects hold a handful of members: one allocation instead of growing from one.
    members.reserveCapacity(6)
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return JSONValue(kind: .object(members), range: SourceRange(start: start, end: index))
    }
    while true {
      skipWhitespace()
      guard index < bytes.count else {
        throw error(
          "expected a string key or '}', found the end of the document; the object at offset \(start) is not closed"
        )
      }
      guard bytes[index] == UInt8(ascii: "\"") else {
        if bytes[index] == UInt8(ascii: "'") {
          throw error("expected a string key, found \"'\"; JSON strings use double quotes")
        }
        throw unexpected("a string key in double quotes")
      }
      let keyStart = index
      let key = try parseString()
      let keyRange = SourceRange(start: keyStart, end: index)
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw unexpected("':' after the object key \(JSONOutput.quoted(String(key.prefix(60))))")
      }
      index += 1
      skipWhitespace()
      let value = try parseValue()
      members.append(JSONMember(key: key, keyRange: keyRange, value: value))
      skipWhitespace()
      guard index < bytes.count else {
        throw error("expected ',' or '}' after an object member, found the end of the document")
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        break
      }
      guard bytes[index] == UInt8(ascii: ",") else {
        throw unexpected("',' or '}' after an object member")
      }
      let comma = index
      index += 1
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        throw error("trailing comma before '}'; JSON does not allow a comma after the last member", at: comma)
      }
    }
    depth -= 1
    if !sawDuplicateKey { sawDuplicateKey = members.hasRepeatedKey }
    return JSONValue(kind: .object(members), range: SourceRange(start: start, end: index))
  }

  mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
    let start = index
    try enterContainer()
    index += 1
    var elements: [JSONValue] = []
    elements.reserveCapacity(4)
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return JSONValue(kind: .array(elements), range: SourceRange(start: start, end: index))
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue())
      skipWhitespace()
      guard index < bytes.count else {
        throw error("expected ',' or ']' after an array element, found the end of the document")
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        break
      }
      guard bytes[index] == UInt8(ascii: ",") else {
        throw unexpected("',' or ']' after an array element")
      }
      let comma = index
      index += 1
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        throw error("trailing comma before ']'; JSON does not allow a comma after the last element", at: comma)
      }
    }
    depth -= 1
    return JSONValue(kind: .array(elements), range: SourceRange(start: start, end: index))
  }

  mutating func parseLiteral(_ word: StaticString, _ kind: JSONValue.Kind) throws(JSONSyntaxError) -> JSONValue {
    let start = index
    let count = word.utf8CodeUnitCount
    let matches = word.withUTF8Buffer { expected in
      guard index + count <= bytes.count else { return false }
      for offset in 0..<count where bytes[index + offset] != expected[offset] { return false }
      return true
    }
    guard matches else {
      throw unexpected("a value (object, array, string, number, true, false or null)")
    }
    index += count
    return JSONValue(kind: kind, range: SourceRange(start: start, end: index))
  }

  mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else {
      throw unexpected("a digit in the number")
    }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
      if index < bytes.count, isDigit(bytes[index]) {
        throw error("leading zeros are not allowed in JSON numbers; write account IDs as strings", at: start)
      }
    } else {
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw unexpected("a digit after the decimal point")
      }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        index += 1
      }
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw unexpected("a digit in the exponent")
      }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    return JSONValue(kind: .number(text), range: SourceRange(start: start, end: index))
  }

  /// Reads a string literal starting at its opening quote; leaves `index` after the closing quote.
  mutating func parseString() throws(JSONSyntaxError) -> String {
    let open = index
    index += 1
    let contentStart = index
    // Fast path: no escapes, which is nearly every string in a policy.
    index = ASCII.endOfPlainStringRun(in: bytes, from: index)
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let end = index
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<end]), as: UTF8.self)
        index += 1
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { throw controlCharacterError(byte) }
      if byte < 0x80 {
        index += 1
      } else {
        index += try utf8SequenceLength(at: index)
      }
    }
    guard index < bytes.count else {
      throw error("unterminated string: expected '\"' before the end of the document", at: open)
    }
    var decoded = Array(bytes[contentStart..<index])
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: decoded, as: UTF8.self)
      }
      if byte == UInt8(ascii: "\\") {
        try appendEscape(to: &decoded)
      } else if byte < 0x20 {
        throw controlCharacterError(byte)
      } else if byte < 0x80 {
        decoded.append(byte)
        index += 1
      } else {
        let length = try utf8SequenceLength(at: index)
        decoded.append(contentsOf: bytes[index..<index + length])
        index += length
      }
    }
    throw error("unterminated string: expected '\"' before the end of the document", at: open)
  }

  func controlCharacterError(_ byte: UInt8) -> JSONSyntaxError {
    let name: String
    switch byte {
    case 0x0A: name = "a line break (write it as \\n)"
    case 0x0D: name = "a carriage return (write it as \\r)"
    case 0x09: name = "a tab (write it as \\t)"
    default: name = "control character U+00" + hex(byte)
    }
    return error("unescaped \(name) inside a string; a line break here usually means a missing closing quote")
  }

  mutating func appendEscape(to decoded: inout [UInt8]) throws(JSONSyntaxError) {
    let escapeStart = index
    index += 1
    guard index < bytes.count else {
      throw error("unterminated escape sequence at the end of the document", at: escapeStart)
    }
    let byte = bytes[index]
    index += 1
    switch byte {
    case UInt8(ascii: "\""): decoded.append(0x22)
    case UInt8(ascii: "\\"): decoded.append(0x5C)
    case UInt8(ascii: "/"): decoded.append(0x2F)
    case UInt8(ascii: "b"): decoded.append(0x08)
    case UInt8(ascii: "f"): decoded.append(0x0C)
    case UInt8(ascii: "n"): decoded.append(0x0A)
    case UInt8(ascii: "r"): decoded.append(0x0D)
    case UInt8(ascii: "t"): decoded.append(0x09)
    case UInt8(ascii: "u"):
      let first = try hexQuad(escapeStart: escapeStart)
      var scalarValue = UInt32(first)
      if (0xD800...0xDBFF).contains(first) {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        else {
          throw error(
            "lone high surrogate \\u\(hex16(first)): it must be followed by a low surrogate \\uDC00-\\uDFFF",
            at: escapeStart
          )
        }
        let secondStart = index
        index += 2
        let second = try hexQuad(escapeStart: secondStart)
        guard (0xDC00...0xDFFF).contains(second) else {
          throw error(
            "lone high surrogate \\u\(hex16(first)): \\u\(hex16(second)) is not a low surrogate",
            at: escapeStart
          )
        }
        scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
      } else if (0xDC00...0xDFFF).contains(first) {
        throw error("lone low surrogate \\u\(hex16(first)) without a preceding high surrogate", at: escapeStart)
      }
      guard let scalar = Unicode.Scalar(scalarValue) else {
        throw error("invalid Unicode escape", at: escapeStart)
      }
      decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
    default:
      // Name the byte rather than echo it: it may be a control character or half of a UTF-8 sequence.
      let shown = (0x21...0x7E).contains(byte) ? "'\\\(Character(Unicode.Scalar(byte)))'" : describeByte(byte)
      throw error(
        "invalid escape \(shown) after a backslash; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
        at: escapeStart
      )
    }
  }

  mutating func hexQuad(escapeStart: Int) throws(JSONSyntaxError) -> UInt16 {
    var value: UInt16 = 0
    for _ in 0..<4 {
      guard index < bytes.count, let digit = hexValue(bytes[index]) else {
        throw error("invalid \\u escape: expected four hexadecimal digits", at: escapeStart)
      }
      value = value << 4 | UInt16(digit)
      index += 1
    }
    return value
  }

  /// Length of the well-formed UTF-8 sequence at `offset` (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
  func utf8SequenceLength(at offset: Int) throws(JSONSyntaxError) -> Int {
    let lead = bytes[offset]
    let length: Int
    var secondRange: ClosedRange<UInt8> = 0x80...0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      secondRange = 0xA0...0xBF
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      secondRange = 0x80...0x9F
    case 0xF0:
      length = 4
      secondRange = 0x90...0xBF
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      secondRange = 0x80...0x8F
    default:
      throw error("invalid UTF-8: byte 0x\(hex(lead)) cannot start a character", at: offset)
    }
    guard offset + length <= bytes.count else {
      throw error("invalid UTF-8: the character starting here is cut off", at: offset)
    }
    guard secondRange.contains(bytes[offset + 1]) else {
      throw error("invalid UTF-8 sequence starting with byte 0x\(hex(lead))", at: offset)
    }
    for continuation in 2..<length where !(0x80...0xBF).contains(bytes[offset + continuation]) {
      throw error("invalid UTF-8 sequence starting with byte 0x\(hex(lead))", at: offset)
    }
    return length
  }
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

private func hexValue(_ byte: UInt8) -> UInt8? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
  case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
  case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
  default: nil
  }
}

private func hex(_ byte: UInt8) -> String {
  let digits = Array("0123456789ABCDEF")
  return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

private func hex16(_ value: UInt16) -> String {
  hex(UInt8(value >> 8)) + hex(UInt8(value & 0xFF))
}
