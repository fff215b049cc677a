import PolicyDiagnostics
import PolicyModel
import PolicySyntax

/// Compiler-style text: `path:line:column: severity: message [rule-id]`, the source line and a caret.
///
/// Columns here are 1-based, as compilers and editors expect; the JSON output keeps Access Analyzer's 0-based
/// columns. Text is written as bytes: reports over thousands of files spend their time here otherwise.
public enum TextReporter {
  public static func render(_ files: [ReportedFile]) -> String {
    var out: [UInt8] = []
    for reported in files where !reported.findings.isEmpty {
      let locator = FileLocator(file: reported.file)
      for finding in reported.findings {
        render(finding, locator: locator, into: &out)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func render(_ finding: Finding, locator: FileLocator, into out: inout [UInt8]) {
    let (start, end) = locator.span(of: finding.range)
    out.append(locator.file.path)
    out.append(":")
    out.append(decimal: start.line)
    out.append(":")
    out.append(decimal: start.column + 1)
    out.append(": ")
    out.append(finding.severity.rawValue)
    out.append(": ")
    out.append(finding.message)
    out.append(" [")
    out.append(finding.rule.rawValue)
    out.append("]\n")
    snippet(locator: locator, start: start, end: end, into: &out)
    for note in finding.notes {
      out.append("  note: ")
      out.append(note.message)
      if let range = note.range {
        let position = locator.span(of: range).start
        out.append(" (line ")
        out.append(decimal: position.line)
        out.append(", column ")
        out.append(decimal: position.column + 1)
        out.append(")")
      }
      out.append("\n")
    }
    if let fix = finding.fix {
      out.append("  help: ")
      out.append(fix.title)
      out.append("\n")
    }
  }

  /// The source line with `^~~~` under the span (to the end of the line when the span continues).
  static func snippet(locator: FileLocator, start: SourcePosition, end: SourcePosition, into out: inout [UInt8]) {
    let range = locator.lineRange(start.line)
    let bytes = locator.file.bytes
    // Columns are bytes and widths are Unicode scalars; in ASCII they are the same, so the line is copied as it is.
    guard bytes[range.start..<range.end].allSatisfy({ $0 < 0x80 }) else {
      out.append(snippet(locator: locator, start: start, end: end))
      return
    }
    let length = range.end - range.start
    let startColumn = min(start.column, length)
    let endColumn = end.line == start.line ? min(max(end.column, startColumn), length) : length
    let gutterStart = out.count
    out.append(" ")
    out.append(decimal: start.line)
    let gutterWidth = out.count - gutterStart - 1
    out.append(" | ")
    if length > 200 {
      out.append(contentsOf: bytes[range.start..<range.start + 200])
      out.append("…")
    } else {
      out.append(contentsOf: bytes[range.start..<range.end])
    }
    out.append("\n ")
    out.append(repeating: UInt8(ascii: " "), count: gutterWidth)
    out.append(" | ")
    for byte in bytes[range.start..<range.start + startColumn] {
      out.append(byte == UInt8(ascii: "\t") ? byte : UInt8(ascii: " "))
    }
    out.append("^")
    out.append(repeating: UInt8(ascii: "~"), count: min(max(1, endColumn - startColumn), 200) - 1)
    out.append("\n")
  }

  /// The same snippet for any line: widths counted in Unicode scalars of the decoded (repaired) text.
  static func snippet(locator: FileLocator, start: SourcePosition, end: SourcePosition) -> String {
    let line = locator.lineText(start.line)
    let bytes = Array(line.utf8)
    let startColumn = min(start.column, bytes.count)
    let endColumn = end.line == start.line ? min(max(end.column, startColumn), bytes.count) : bytes.count
    let prefix = String(decoding: bytes[..<startColumn], as: UTF8.self)
    let marked = String(decoding: bytes[startColumn..<endColumn], as: UTF8.self)
    var caretPrefix = ""
    for scalar in prefix.unicodeScalars {
      caretPrefix += scalar == "\t" ? "\t" : " "
    }
    let markedWidth = max(1, marked.unicodeScalars.count)
    let gutter = String(start.line)
    let blankGutter = String(repeating: " ", count: gutter.count)
    let visibleLine = line.count > 200 ? String(line.prefix(200)) + "…" : line
    var out = " \(gutter) | \(visibleLine)\n"
    out += " \(blankGutter) | \(caretPrefix)^\(String(repeating: "~", count: min(markedWidth, 200) - 1))\n"
    return out
  }

  /// `3 files checked: 1 error, 2 warnings (1 file with findings)`.
  public static func summary(fileCount: Int, _ files: [ReportedFile]) -> String {
    summary(
      fileCount: fileCount,
      counts: FindingCounts(files),
      filesWithFindings: files.filter { !$0.findings.isEmpty }.count
    )
  }

  /// The same summary from counts already taken.
  public static func summary(fileCount: Int, counts: FindingCounts, filesWithFindings withFindings: Int) -> String {
    func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
    return "\(plural(fileCount, "file")) checked: \(plural(counts.errors, "error")), "
      + "\(plural(counts.warnings, "warning")), \(plural(counts.notes, "note"))"
      + (withFindings > 0 ? " in \(plural(withFindings, "file"))" : "")
  }
}
