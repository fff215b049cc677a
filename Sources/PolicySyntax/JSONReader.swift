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
  /// The document as read: what the policy model reads.
  public let tape: JSONTape
  /// True when the text began with a UTF-8 byte order mark, which RFC 8259 tells parsers they may ignore.
  public let hasByteOrderMark: Bool
  /// True when some object repeats a key. Noted while reading, so that the common document, which repeats none,
  /// need not be walked again to find out.
  public let hasDuplicateKeys: Bool

  /// The document as a tree, built from the tape at every call: for the readers that are not on the audit's path.
  public var root: JSONValue { tape.tree(at: tape.root) }
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
    let read = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
      try parseInPlace(buffer, limits: limits)
    }
    return JSONDocument(
      tape: JSONTape(bytes: bytes, nodes: read.nodes),
      hasByteOrderMark: read.hasByteOrderMark,
      hasDuplicateKeys: read.hasDuplicateKeys
    )
  }

  /// Reads `bytes` in place; internal, so that the fuzz harness can read its own buffer, whose end ASan guards.
  /// The document's tape holds a copy of the bytes.
  static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>,
    limits: JSONReaderLimits
  ) throws(JSONSyntaxError) -> JSONDocument {
    let read = try parseInPlace(bytes, limits: limits)
    return JSONDocument(
      tape: JSONTape(bytes: Array(bytes), nodes: read.nodes),
      hasByteOrderMark: read.hasByteOrderMark,
      hasDuplicateKeys: read.hasDuplicateKeys
    )
  }

  private static func parseInPlace(
    _ bytes: UnsafeBufferPointer<UInt8>,
    limits: JSONReaderLimits
  ) throws(JSONSyntaxError) -> (nodes: [JSONTape.Node], hasByteOrderMark: Bool, hasDuplicateKeys: Bool) {
    // The tape keeps offsets in 32 bits. The default limit is far below; a caller that raised it past them gets an
    // error, not a trap.
    if bytes.count >= Int(Int32.max) {
      throw JSONSyntaxError(
        offset: Int(Int32.max) - 1,
        message: "document is larger than the limit of \(Int(Int32.max) - 1) bytes"
      )
    }
    var parser = Parser(bytes: bytes, maxDepth: limits.maxDepth)
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    if hasBOM { parser.index = 3 }
    parser.skipWhitespace()
    if parser.index == bytes.count {
      throw JSONSyntaxError(offset: parser.index, message: "expected a JSON value, but the document is empty")
    }
    try parser.parseValue(parent: -1, position: 0)
    parser.skipWhitespace()
    if parser.index < bytes.count {
      let unexpected = parser.unexpected("the end of the document after the JSON value")
      throw JSONSyntaxError(
        offset: unexpected.offset,
        message: unexpected.message.contains("comment")
          ? unexpected.message : unexpected.message + "; a file holds exactly one JSON document"
      )
    }
    return (parser.nodes, hasBOM, parser.sawDuplicateKey)
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
  var nodes: [JSONTape.Node] = []

  init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
    // A policy has a node for about every twenty bytes: most documents fit without growing the tape.
    nodes.reserveCapacity(bytes.count / 16 + 8)
  }

  /// Appends a node whose subtree is itself; a container's end is set when it closes.
  mutating func append(
    _ kind: JSONTape.Kind,
    flags: UInt8 = 0,
    start: Int,
    parent: Int32,
    position: Int32
  ) -> Int {
    let node = nodes.count
    nodes.append(
      JSONTape.Node(
        kind: kind,
        flags: flags,
        start: Int32(truncatingIfNeeded: start),
        end: Int32(truncatingIfNeeded: index),
        next: Int32(truncatingIfNeeded: node + 1),
        parent: parent,
        position: position
      )
    )
    return node
  }

  /// Ends a container, or a key's member, at the current offset and after the nodes appended since.
  mutating func close(_ node: Int, setEnd: Bool = true) {
    if setEnd { nodes[node].end = Int32(truncatingIfNeeded: index) }
    nodes[node].next = Int32(truncatingIfNeeded: nodes.count)
  }

  /// Inlined: it is called before and after every token, and most calls find no white space at all.
  @inline(__always) mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x0A:
        // Pretty-printed JSON indents every line: its spaces are skipped a word at a time.
        index = ASCII.endOfSpaceRun(in: bytes, from: index + 1)
      case 0x20, 0x09, 0x0D: index += 1
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

  mutating func parseValue(parent: Int32, position: Int32) throws(JSONSyntaxError) {
    guard index < bytes.count else {
      throw error("expected a value, found the end of the document")
    }
    switch bytes[index] {
    case UInt8(ascii: "{"): try parseObject(parent: parent, position: position)
    case UInt8(ascii: "["): try parseArray(parent: parent, position: position)
    case UInt8(ascii: "\""):
      let start = index
      let flags = try parseString()
      _ = append(.string, flags: flags, start: start, parent: parent, position: position)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      let start = index
      try parseNumber()
      _ = append(.number, start: start, parent: parent, position: position)
    case UInt8(ascii: "t"):
      try parseLiteral("true", .bool, flags: JSONTape.Node.isTrue, parent: parent, position: position)
    case UInt8(ascii: "f"): try parseLiteral("false", .bool, parent: parent, position: position)
    case UInt8(ascii: "n"): try parseLiteral("null", .null, parent: parent, position: position)
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

  mutating func parseObject(parent: Int32, position: Int32) throws(JSONSyntaxError) {
    let start = index
    try enterContainer()
    index += 1
    let object = append(.object, start: start, parent: parent, position: position)
    let objectHandle = Int32(truncatingIfNeeded: object)
    var count: Int32 = 0
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      close(object)
      return
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
      let keyFlags = try parseString()
      let key = append(.key, flags: keyFlags, start: keyStart, parent: objectHandle, position: count)
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        let text = JSONTape.literalText(nodes[key], in: bytes)
        throw unexpected("':' after the object key \(JSONOutput.quoted(String(text.prefix(60))))")
      }
      index += 1
      skipWhitespace()
      try parseValue(parent: objectHandle, position: count)
      close(key, setEnd: false)
      count += 1
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
    close(object)
    if !sawDuplicateKey, count > 1 {
      sawDuplicateKey = nodes.withUnsafeBufferPointer { JSONTape.hasRepeatedKey(object, nodes: $0, bytes: bytes) }
    }
  }

  mutating func parseArray(parent: Int32, position: Int32) throws(JSONSyntaxError) {
    let start = index
    try enterContainer()
    index += 1
    let array = append(.array, start: start, parent: parent, position: position)
    let arrayHandle = Int32(truncatingIfNeeded: array)
    var count: Int32 = 0
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      close(array)
      return
    }
    while true {
      skipWhitespace()
      try parseValue(parent: arrayHandle, position: count)
      count += 1
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
    close(array)
  }

  mutating func parseLiteral(
    _ word: StaticString,
    _ kind: JSONTape.Kind,
    flags: UInt8 = 0,
    parent: Int32,
    position: Int32
  ) throws(JSONSyntaxError) {
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
    _ = append(kind, flags: flags, start: start, parent: parent, position: position)
  }

  /// Reads a number; its text stays in the bytes, as written.
  mutating func parseNumber() throws(JSONSyntaxError) {
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
  }

  /// Reads a string literal starting at its opening quote; leaves `index` after the closing quote. Returns the
  /// tape's flags for it: whether it has an escape, and whether a byte outside ASCII.
  mutating func parseString() throws(JSONSyntaxError) -> UInt8 {
    let open = index
    index += 1
    var flags: UInt8 = 0
    while index < bytes.count {
      // Plain runs are skipped a word at a time: nearly every string in a policy is one run, and the policy text
      // of a CLI wrapper is runs between its escaped quotes and line breaks.
      index = ASCII.endOfPlainStringRun(in: bytes, from: index)
      guard index < bytes.count else { break }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return flags
      }
      if byte == UInt8(ascii: "\\") {
        flags |= JSONTape.Node.escaped
        try skipEscape()
      } else if byte < 0x20 {
        throw controlCharacterError(byte)
      } else if byte < 0x80 {
        index += 1
      } else {
        flags |= JSONTape.Node.nonASCII
        index += try utf8SequenceLength(at: index)
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

  /// Checks the escape at `index` and steps over it; its text is decoded only when the string is asked for.
  mutating func skipEscape() throws(JSONSyntaxError) {
    let escapeStart = index
    index += 1
    guard index < bytes.count else {
      throw error("unterminated escape sequence at the end of the document", at: escapeStart)
    }
    let byte = bytes[index]
    index += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      break
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
      guard Unicode.Scalar(scalarValue) != nil else {
        throw error("invalid Unicode escape", at: escapeStart)
      }
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
