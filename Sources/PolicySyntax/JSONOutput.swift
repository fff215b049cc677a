/// A JSON value to be written, with members in the order given, so output is deterministic byte for byte.
///
/// `JSONEncoder` on Linux prints `"key" : value` and orders keys its own way; golden files need exact control.
public indirect enum JSONOutput: Sendable, Equatable {
  case object([(String, JSONOutput)])
  case array([JSONOutput])
  case string(String)
  case integer(Int)
  case bool(Bool)
  case null
  /// JSON text rendered elsewhere (for example on another core), inserted as is; pretty text must already carry
  /// the indentation of the place it goes.
  case raw(String)

  public static func == (lhs: JSONOutput, rhs: JSONOutput) -> Bool {
    lhs.rendered(pretty: false) == rhs.rendered(pretty: false)
  }

  /// `value` as a string, or `null` when absent.
  public static func optional(_ value: String?) -> JSONOutput { value.map { .string($0) } ?? .null }

  /// `value` as a boolean, or `null` when unknown.
  public static func optional(_ value: Bool?) -> JSONOutput { value.map { .bool($0) } ?? .null }

  /// Two-space indented when `pretty`, otherwise compact; no trailing newline. `indent` is the nesting level, in
  /// spaces, of the place the text will go.
  public func rendered(pretty: Bool = true, indent: Int = 0) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(256)
    write(to: &out, indent: pretty ? indent : nil)
    return String(decoding: out, as: UTF8.self)
  }

  // Written into bytes: reports over thousands of files are built here, and String appends were the bottleneck.
  private func write(to out: inout [UInt8], indent: Int?) {
    switch self {
    case .string(let text): JSONOutput.appendQuoted(text, to: &out)
    case .integer(let value): out.append(contentsOf: String(value).utf8)
    case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
    case .null: out.append(contentsOf: "null".utf8)
    case .raw(let text): out.append(contentsOf: text.utf8)
    case .array(let elements):
      guard !elements.isEmpty else {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      for (position, element) in elements.enumerated() {
        if position > 0 { out.append(UInt8(ascii: ",")) }
        JSONOutput.newline(indent.map { $0 + 2 }, to: &out)
        element.write(to: &out, indent: indent.map { $0 + 2 })
      }
      JSONOutput.newline(indent, to: &out)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else {
        out.append(contentsOf: "{}".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      for (position, (key, value)) in members.enumerated() {
        if position > 0 { out.append(UInt8(ascii: ",")) }
        JSONOutput.newline(indent.map { $0 + 2 }, to: &out)
        JSONOutput.appendQuoted(key, to: &out)
        out.append(UInt8(ascii: ":"))
        if indent != nil { out.append(UInt8(ascii: " ")) }
        value.write(to: &out, indent: indent.map { $0 + 2 })
      }
      JSONOutput.newline(indent, to: &out)
      out.append(UInt8(ascii: "}"))
    }
  }

  private static func newline(_ indent: Int?, to out: inout [UInt8]) {
    guard let indent else { return }
    out.append(UInt8(ascii: "\n"))
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
  }

  /// `text` as a JSON string literal; non-ASCII is written as is (the output is UTF-8).
  public static func quoted(_ text: String) -> String {
    var out: [UInt8] = []
    appendQuoted(text, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
      case 0x0A: out.append(contentsOf: "\\n".utf8)
      case 0x0D: out.append(contentsOf: "\\r".utf8)
      case 0x09: out.append(contentsOf: "\\t".utf8)
      case 0x08: out.append(contentsOf: "\\b".utf8)
      case 0x0C: out.append(contentsOf: "\\f".utf8)
      case 0x00..<0x20, 0x7F:
        let digits = Array("0123456789ABCDEF".utf8)
        out.append(contentsOf: "\\u00".utf8)
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0xF)])
      default:
        out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
