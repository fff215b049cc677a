import PolicyDiagnostics
import PolicyModel
import PolicySyntax

/// Compiler-style text: `path:line:column: severity: message [rule-id]`, the source line and a caret.
///
/// Columns here are 1-based, as compilers and editors expect; the JSON output keeps Access Analyzer's 0-based
/// columns.
public enum TextReporter {
  public static func render(_ files: [ReportedFile]) -> String {
    var out = ""
    for reported in files where !reported.findings.isEmpty {
      let locator = FileLocator(file: reported.file)
      for finding in reported.findings {
        render(finding, locator: locator, into: &out)
      }
    }
    return out
  }

  static func render(_ finding: Finding, locator: FileLocator, into out: inout String) {
    let (start, end) = locator.span(of: finding.range)
    out += "\(locator.file.path):\(start.line):\(start.column + 1): \(finding.severity.rawValue): "
    out += "\(finding.message) [\(finding.rule)]\n"
    out += snippet(locator: locator, start: start, end: end)
    for note in finding.notes {
      if let range = note.range {
        let position = locator.span(of: range).start
        out += "  note: \(note.message) (line \(position.line), column \(position.column + 1))\n"
      } else {
        out += "  note: \(note.message)\n"
      }
    }
    if let fix = finding.fix {
      out += "  help: \(fix.title)\n"
    }
  }

  /// The source line with `^~~~` under the span (to the end of the line when the span continues).
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
