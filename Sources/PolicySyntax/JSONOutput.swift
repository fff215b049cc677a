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

  public static func == (lhs: JSONOutput, rhs: JSONOutput) -> Bool {
    lhs.rendered(pretty: false) == rhs.rendered(pretty: false)
  }

  /// `value` as a string, or `null` when absent.
  public static func optional(_ value: String?) -> JSONOutput { value.map { .string($0) } ?? .null }

  /// `value` as a boolean, or `null` when unknown.
  public static func optional(_ value: Bool?) -> JSONOutput { value.map { .bool($0) } ?? .null }

  /// Two-space indented when `pretty`, otherwise compact; no trailing newline.
  public func rendered(pretty: Bool = true) -> String {
    var out = ""
    write(to: &out, indent: pretty ? 0 : nil)
    return out
  }

  private func write(to out: inout String, indent: Int?) {
    switch self {
    case .string(let text): out += JSONOutput.quoted(text)
    case .integer(let value): out += String(value)
    case .bool(let value): out += value ? "true" : "false"
    case .null: out += "null"
    case .array(let elements):
      if elements.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (position, element) in elements.enumerated() {
        if position > 0 { out += "," }
        if let indent { out += "\n" + String(repeating: " ", count: indent + 2) }
        element.write(to: &out, indent: indent.map { $0 + 2 })
      }
      if let indent { out += "\n" + String(repeating: " ", count: indent) }
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (position, (key, value)) in members.enumerated() {
        if position > 0 { out += "," }
        if let indent { out += "\n" + String(repeating: " ", count: indent + 2) }
        out += JSONOutput.quoted(key)
        out += indent == nil ? ":" : ": "
        value.write(to: &out, indent: indent.map { $0 + 2 })
      }
      if let indent { out += "\n" + String(repeating: " ", count: indent) }
      out += "}"
    }
  }

  /// `text` as a JSON string literal; non-ASCII is written as is (the output is UTF-8).
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hexDigits = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hexDigits.count) + hexDigits
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
    return out
  }
}
