/// Writes JSON text straight into bytes, members in the order written: the streaming form of ``JSONOutput``.
///
/// Reports over thousands of files are written here without building a tree of values first. Pretty output
/// indents by two spaces, writes `"key": value`, and writes empty containers as `{}` and `[]`, exactly as
/// ``JSONOutput/rendered(pretty:indent:)`` does (that function is this writer applied to a tree). A writer owns
/// its buffer, as ``ByteSink`` does, so it cannot be copied: pass it `inout`.
public struct JSONWriter: ~Copyable, Sendable {
  private var sink: ByteSink
  private let pretty: Bool
  /// Spaces before a member of the innermost open container.
  private var indent: Int
  /// One bit per open container, innermost lowest: set once the container holds a value. Containers nest a few
  /// levels deep in practice; deeper ones spill into `deepHolds`.
  private var holds: UInt64 = 0
  private var depth = 0
  private var deepHolds: [UInt64] = []
  /// A key was just written, so the next value follows it on the same line.
  private var afterKey = false

  /// `indent` is the nesting, in spaces, of the place the text will go (pretty text only).
  public init(pretty: Bool = true, indent: Int = 0, capacity: Int = 256) {
    self.pretty = pretty
    self.indent = indent
    sink = ByteSink(capacity: capacity)
  }

  /// A writer into `sink`, lent for several texts and empty: ``releaseSink()`` gives it back.
  package init(pretty: Bool = true, indent: Int = 0, writingIn sink: consuming ByteSink) {
    precondition(sink.count == 0, "a lent sink starts empty")
    self.pretty = pretty
    self.indent = indent
    self.sink = sink
  }

  /// The text written so far.
  public var text: String { sink.text }

  /// The bytes written so far.
  public var bytes: [UInt8] { sink.bytes }

  /// The bytes written, in an array of their own size. Only for a finished text: the writer keeps its nesting, so
  /// nothing more should be written with it.
  public mutating func takeBytes() -> [UInt8] { sink.takeBytes() }

  /// The writer's sink, to lend again: empty, with its room, once ``takeBytes()`` took what was written.
  package consuming func releaseSink() -> ByteSink { sink }

  public mutating func beginObject() { open(UInt8(ascii: "{")) }
  public mutating func endObject() { close(UInt8(ascii: "}")) }
  public mutating func beginArray() { open(UInt8(ascii: "[")) }
  public mutating func endArray() { close(UInt8(ascii: "]")) }

  /// A member's key; the next value written is that member's value.
  public mutating func key(named name: String) {
    beforeValue()
    appendQuoted(name)
    endKey()
  }

  /// A member's key spelled in the source, as report keys are: quoted from its bytes, with no `String` made.
  public mutating func key(_ name: StaticString) {
    beforeValue()
    // Report keys are plain words: nothing to escape, so the escape scan is left to debug builds. A word of several
    // characters is stored as its bytes, read here without the closure `withUTF8Buffer` would call.
    if name.hasPointerRepresentation {
      let utf8 = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
      assert(!JSONWriter.needsEscape(utf8), "a key written from the source needs no escape")
      sink.append(utf8, between: UInt8(ascii: "\""), and: UInt8(ascii: "\""))
    } else {
      name.withUTF8Buffer { sink.append($0, between: UInt8(ascii: "\""), and: UInt8(ascii: "\"")) }
    }
    endKey()
  }

  // Inlined, as beforeValue() is: a call for each key and value cost more than the few stores it makes.
  @inline(__always)
  private mutating func endKey() {
    // Byte by byte: a call to copy two bytes costs more than storing them.
    sink.append(UInt8(ascii: ":"))
    if pretty { sink.append(UInt8(ascii: " ")) }
    afterKey = true
  }

  public mutating func string(_ text: String) {
    beforeValue()
    appendQuoted(text)
  }

  public mutating func integer(_ value: Int) {
    beforeValue()
    // Digits straight into the sink: reports write a line, a column and an offset for every position, and making a
    // `String` of each cost more than the rest of writing it.
    var magnitude = value.magnitude
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var start = digits.count
      repeat {
        start -= 1
        digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      if value < 0 { sink.append(UInt8(ascii: "-")) }
      sink.append(UnsafeBufferPointer(rebasing: digits[start...]))
    }
  }

  public mutating func bool(_ value: Bool) {
    beforeValue()
    sink.append(value ? "true" : "false" as StaticString)
  }

  public mutating func null() {
    beforeValue()
    sink.append("null" as StaticString)
  }

  /// `value` as a string, or `null` when absent.
  public mutating func string(_ value: String?) {
    if let value { string(value) } else { null() }
  }

  /// `value` as a boolean, or `null` when unknown.
  public mutating func bool(_ value: Bool?) {
    if let value { bool(value) } else { null() }
  }

  /// An array of strings.
  public mutating func strings(_ values: [String]) {
    beginArray()
    for value in values { string(value) }
    endArray()
  }

  /// JSON text written elsewhere, inserted as is; pretty text must already carry the indentation of its place.
  public mutating func raw(_ text: String) {
    beforeValue()
    sink.append(text)
  }

  /// JSON text written elsewhere, as UTF-8, inserted as is, like ``raw(_:)``: a value rendered once and written many
  /// times.
  public mutating func raw(utf8: [UInt8]) {
    beforeValue()
    utf8.withUnsafeBufferPointer { sink.append($0) }
  }

  /// Starts a string value written in parts: ``appendToString(_:)`` for each part, then ``endString()``. A value
  /// joined from parts (`AWS:` and an ARN) goes in without being joined first; escapes work byte by byte, so the
  /// parts' escapes are those of the joined value.
  public mutating func beginString() {
    beforeValue()
    sink.append(UInt8(ascii: "\""))
  }

  public mutating func appendToString(_ part: String) {
    // The borrowed string's own bytes, as in appendQuoted(_:).
    if part.utf8.withContiguousStorageIfAvailable({ appendEscaped(utf8: $0) }) == nil {
      var part = part
      part.withUTF8 { appendEscaped(utf8: $0) }
    }
  }

  public mutating func endString() {
    sink.append(UInt8(ascii: "\""))
  }

  /// A whole tree of values.
  public mutating func write(_ value: JSONOutput) {
    switch value {
    case .string(let text): string(text)
    case .integer(let number): integer(number)
    case .bool(let flag): bool(flag)
    case .null: null()
    case .raw(let text): raw(text)
    case .array(let elements):
      beginArray()
      for element in elements { write(element) }
      endArray()
    case .object(let members):
      beginObject()
      for (name, member) in members {
        key(named: name)
        write(member)
      }
      endObject()
    }
  }

  private mutating func open(_ bracket: UInt8) {
    beforeValue()
    sink.append(bracket)
    if depth > 0, depth % 64 == 0 {
      deepHolds.append(holds)
      holds = 0
    } else {
      holds <<= 1
    }
    depth += 1
    indent += 2
  }

  private mutating func close(_ bracket: UInt8) {
    indent -= 2
    let held = holds & 1 != 0
    depth -= 1
    if depth > 0, depth % 64 == 0 {
      holds = deepHolds.removeLast()
    } else {
      holds >>= 1
    }
    if held { newline() }
    sink.append(bracket)
  }

  /// The comma and line break that separate a value from the one before it in the same container. Inlined into
  /// each writing method: it runs for every key and value, and a call for each cost more than its few stores.
  @inline(__always)
  private mutating func beforeValue() {
    if afterKey {
      afterKey = false
      return
    }
    guard depth > 0 else { return }
    if holds & 1 != 0 { sink.append(UInt8(ascii: ",")) }
    holds |= 1
    newline()
  }

  private mutating func newline() {
    guard pretty else { return }
    sink.appendLineBreak(indent: indent)
  }

  private mutating func appendQuoted(_ text: String) {
    // The borrowed string's own bytes: `withUTF8` needs a mutable copy, which retains and releases the string for
    // each of the many strings a report writes. Only a string without contiguous UTF-8 (bridged) takes a copy.
    if text.utf8.withContiguousStorageIfAvailable({ appendQuoted(utf8: $0) }) == nil {
      var text = text
      text.withUTF8 { appendQuoted(utf8: $0) }
    }
  }

  private mutating func appendQuoted(utf8: UnsafeBufferPointer<UInt8>) {
    // Nearly every string needs no escape and goes in with its quotes in one step.
    guard JSONWriter.needsEscape(utf8) else {
      return sink.append(utf8, between: UInt8(ascii: "\""), and: UInt8(ascii: "\""))
    }
    sink.append(UInt8(ascii: "\""))
    appendEscaped(utf8: utf8)
    sink.append(UInt8(ascii: "\""))
  }

  /// Nearly every string needs no escape and goes in as one copy; one that does (a message quoting JSON) goes in as
  /// the runs between its escapes.
  private mutating func appendEscaped(utf8: UnsafeBufferPointer<UInt8>) {
    var rest = utf8
    while let escaped = JSONWriter.firstEscaped(in: rest) {
      sink.append(UnsafeBufferPointer(rebasing: rest[..<escaped]))
      appendEscaped(rest[escaped])
      rest = UnsafeBufferPointer(rebasing: rest[(escaped + 1)...])
    }
    sink.append(rest)
  }

  /// Whether a byte of `utf8` is escaped in output: a control character, `"`, `\\` or DEL.
  package static func needsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    firstEscaped(in: utf8) != nil
  }

  /// The offset of the first byte of `utf8` escaped in output, if any.
  ///
  /// Reports quote long messages, so eight bytes are tested at a time (the "has a zero byte" and "has a byte less
  /// than n" tests on a 64-bit word, which are exact about whether such a byte exists). The four tests' marks are
  /// joined into one, tested once: four tests and branches a word cost more than the rest of writing the string.
  /// The first marked byte of a word is never past its first escaped byte, so the byte loop starts there; it also
  /// takes the bytes after the last whole word.
  private static func firstEscaped(in utf8: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = UnsafeRawPointer(utf8.baseAddress) else { return nil }
    var offset = 0
    while offset + 8 <= utf8.count {
      let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      let escaped =
        ByteWord.bytes(below: 0x20, in: word) | ByteWord.bytes(equalTo: UInt8(ascii: "\""), in: word)
        | ByteWord.bytes(equalTo: UInt8(ascii: "\\"), in: word) | ByteWord.bytes(equalTo: 0x7F, in: word)
      if escaped != 0 {
        offset += ByteWord.firstMarked(escaped)
        break
      }
      offset += 8
    }
    while offset < utf8.count {
      let byte = utf8[offset]
      if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F { return offset }
      offset += 1
    }
    return nil
  }

  private mutating func appendEscaped(_ byte: UInt8) {
    switch byte {
    case UInt8(ascii: "\""): sink.append("\\\"" as StaticString)
    case UInt8(ascii: "\\"): sink.append("\\\\" as StaticString)
    case 0x0A: sink.append("\\n" as StaticString)
    case 0x0D: sink.append("\\r" as StaticString)
    case 0x09: sink.append("\\t" as StaticString)
    case 0x08: sink.append("\\b" as StaticString)
    case 0x0C: sink.append("\\f" as StaticString)
    case 0x00..<0x20, 0x7F:
      let digits: StaticString = "0123456789ABCDEF"
      sink.append("\\u00" as StaticString)
      digits.withUTF8Buffer { hex in
        sink.append(hex[Int(byte >> 4)])
        sink.append(hex[Int(byte & 0xF)])
      }
    default:
      sink.append(byte)
    }
  }
}
