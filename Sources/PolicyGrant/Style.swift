import PolicyDiagnostics
import PolicySyntax

/// The layout of the file being edited, so inserted text looks as if the author wrote it.
struct Style {
  let bytes: [UInt8]
  /// One level of indentation, from the file itself (two spaces when it cannot be told).
  let unit: String
  let newline: String

  init(bytes: [UInt8], root: JSONValue) {
    self.bytes = bytes
    newline = bytes.contains(0x0D) ? "\r\n" : "\n"
    var unit = "  "
    if let statements = root.member("Statement")?.value {
      let first = statements.elements?.first ?? statements
      let outer = Style.indentation(ofLineAt: statements.range.start, in: bytes)
      let inner = Style.indentation(ofLineAt: first.range.start, in: bytes)
      if inner.count > outer.count, inner.hasPrefix(outer) { unit = String(inner.dropFirst(outer.count)) }
    }
    self.unit = unit
  }

  /// The white space that starts the line holding `offset`.
  static func indentation(ofLineAt offset: Int, in bytes: [UInt8]) -> String {
    var start = offset
    while start > 0, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
    var end = start
    while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// `values` as a JSON list replacing `original`: on one line when the original was, otherwise one value a line.
  func list(_ values: [String], replacing original: JSONValue) -> String {
    let quoted = values.map(JSONOutput.quoted)
    guard quoted.count > 1 else { return quoted.first ?? "[]" }
    let text = String(decoding: bytes[original.range.start..<original.range.end], as: UTF8.self)
    let lineIndent = Style.indentation(ofLineAt: original.range.start, in: bytes)
    // A value followed on its own line by a closing bracket was written inline: keep the list inline too.
    var next = original.range.end
    while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
    let closesInline = next < bytes.count && (bytes[next] == UInt8(ascii: "}") || bytes[next] == UInt8(ascii: "]"))
    let multiline = text.contains("\n") || (original.elements == nil && !closesInline)
    guard multiline else { return "[" + quoted.joined(separator: ", ") + "]" }
    var elementIndent = lineIndent + unit
    if let first = original.elements?.first {
      let firstIndent = Style.indentation(ofLineAt: first.range.start, in: bytes)
      if firstIndent.count > lineIndent.count { elementIndent = firstIndent }
    }
    return "[" + newline + elementIndent + quoted.joined(separator: "," + newline + elementIndent) + newline
      + lineIndent + "]"
  }

  /// An edit that appends `statements` to the `Statement` value (an array, or a single object made one).
  func append(_ statements: [JSONOutput], to value: JSONValue, objectText: String? = nil) -> TextEdit {
    let containerIndent = Style.indentation(ofLineAt: value.range.start, in: bytes)
    if let elements = value.elements, let last = elements.last {
      let indent = Style.indentation(ofLineAt: last.range.start, in: bytes)
      let text = statements.map { "," + newline + indent + render($0, indent: indent) }.joined()
      return TextEdit(range: .at(last.range.end), replacement: text)
    }
    let elementIndent = containerIndent + unit
    var items = statements.map { render($0, indent: elementIndent) }
    if value.elements == nil {
      // The object moves one level deeper: so does every line after its first.
      let original = objectText ?? String(decoding: bytes[value.range.start..<value.range.end], as: UTF8.self)
      // Bytes, not Characters: in a CRLF file "\r\n" is one Character and would hide its "\n".
      let deeper = original.utf8.flatMap { $0 == 0x0A ? [0x0A] + Array(unit.utf8) : [$0] }
      items.insert(String(decoding: deeper, as: UTF8.self), at: 0)
    }
    let text =
      "[" + newline + elementIndent + items.joined(separator: "," + newline + elementIndent) + newline
      + containerIndent + "]"
    return TextEdit(range: value.range, replacement: text)
  }

  /// Pretty JSON whose continuation lines start with `indent` and use the file's unit and line ending.
  func render(_ value: JSONOutput, indent: String) -> String {
    let pretty = value.rendered(pretty: true)
    var out = ""
    for (index, line) in pretty.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if index > 0 { out += newline + indent }
      let leading = line.prefix { $0 == " " }.count
      out += String(repeating: unit, count: leading / 2) + line.dropFirst(leading)
    }
    return out
  }
}
