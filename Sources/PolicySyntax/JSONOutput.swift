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
    var writer = JSONWriter(pretty: pretty, indent: indent)
    writer.write(self)
    return writer.text
  }

  /// `text` as a JSON string literal; non-ASCII is written as is (the output is UTF-8).
  public static func quoted(_ text: String) -> String {
    var writer = JSONWriter(pretty: false)
    writer.string(text)
    return writer.text
  }
}
