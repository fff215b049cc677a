import PolicyDiagnostics
import PolicyModel
import PolicySyntax

/// Compiler-style text: `path:line:column: severity: message [rule-id]`, the source line and a caret.
///
/// Columns here are 1-based, as compilers and editors expect; the JSON output keeps Access Analyzer's 0-based
/// columns. Text is written as bytes: reports over thousands of files spend their time here otherwise.
public enum TextReporter {
  public static func render(_ files: [ReportedFile]) -> String {
    var out = ByteSink()
    for reported in files { render(reported, into: &out) }
    return out.text
  }

  /// One file's part of ``render(_:)``, always UTF-8 (snippets show bytes that are not repaired): a run over many
  /// files renders each on the core that read it.
  public static func render(_ reported: ReportedFile, into out: inout [UInt8]) {
    guard !reported.findings.isEmpty else { return }
    // Room for a few findings up front: growing from little would reallocate at every doubling.
    var text = ByteSink(capacity: 512 * reported.findings.count)
    render(reported, into: &text)
    text.withBytes(from: 0) { out.append(contentsOf: $0) }
  }

  static func render(_ reported: ReportedFile, into out: inout ByteSink) {
    guard !reported.findings.isEmpty else { return }
    let locator = FileLocator(file: reported.file)
    for finding in reported.findings {
      render(finding, path: reported.file.path, locator: locator, into: &out)
    }
  }

  static func render(_ finding: Finding, path: String, locator: FileLocator, into out: inout ByteSink) {
    let (start, end) = locator.span(of: finding.range)
    out.append(path)
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

  /// The source line with `^~~~` under the span (to the end of the line when the span continues). A line longer
  /// than ``snippetWidth`` (minified JSON is one line) is shown in a window of that many bytes: from its start when
  /// the span starts inside the first window, else from a little before the span. Each snippet then costs the same
  /// however long the line is; printing the line up to every finding's column made the output of a one-line policy
  /// with thousands of findings grow with findings × line length.
  static func snippet(locator: FileLocator, start: SourcePosition, end: SourcePosition, into out: inout ByteSink) {
    let range = locator.lineRange(start.line)
    let line = locator.bytes[range.start..<range.end]
    let length = line.count
    let startColumn = min(start.column, length)
    let endColumn = end.line == start.line ? min(max(end.column, startColumn), length) : length
    var from = 0
    if length > snippetWidth, startColumn >= snippetWidth {
      from = startColumn - snippetLeadIn
      // Never start inside a UTF-8 sequence.
      while from > 0, ASCII.isUTF8Continuation(line[range.start + from]) { from -= 1 }
    }
    var to = min(length, from + snippetWidth)
    while to < length, ASCII.isUTF8Continuation(line[range.start + to]) { to += 1 }
    let shown = line[(range.start + from)..<(range.start + to)]
    let beforeSpan = line[(range.start + from)..<(range.start + max(startColumn, from))]
    let gutterStart = out.count
    out.append(" ")
    out.append(decimal: start.line)
    let gutterWidth = out.count - gutterStart - 1
    out.append(" | ")
    if from > 0 { out.append("…") }
    // Columns are bytes and widths are Unicode scalars; in ASCII they are the same, so ASCII is copied as it is and
    // anything else is decoded (invalid UTF-8 repaired) to count scalars.
    let ascii = shown.allSatisfy { $0 < 0x80 } && beforeSpan.allSatisfy { $0 < 0x80 }
    if ascii {
      shown.withUnsafeBufferPointer { out.append($0) }
    } else {
      out.append(String(decoding: shown, as: UTF8.self))
    }
    if to < length { out.append("…") }
    out.append("\n ")
    out.append(UInt8(ascii: " "), times: gutterWidth)
    out.append(" | ")
    if from > 0 { out.append(UInt8(ascii: " ")) }
    if ascii {
      // Nearly every line is indented with spaces alone: its blanks then go in at once, not byte by byte.
      if beforeSpan.contains(UInt8(ascii: "\t")) {
        for byte in beforeSpan { out.append(byte == UInt8(ascii: "\t") ? byte : UInt8(ascii: " ")) }
      } else {
        out.append(UInt8(ascii: " "), times: beforeSpan.count)
      }
    } else {
      for scalar in String(decoding: beforeSpan, as: UTF8.self).unicodeScalars {
        out.append(scalar == "\t" ? UInt8(ascii: "\t") : UInt8(ascii: " "))
      }
    }
    // The marked width, in scalars, counted no further than the widest mark drawn.
    let markEnd = min(endColumn, startColumn + 4 * snippetWidth)
    let marked = line[(range.start + startColumn)..<(range.start + markEnd)]
    let markedWidth =
      marked.allSatisfy { $0 < 0x80 } ? marked.count : String(decoding: marked, as: UTF8.self).unicodeScalars.count
    // Within the window when it starts mid-line; from the line's start, as wide as the span (at most the width).
    let widest = from > 0 ? max(1, to - startColumn) : snippetWidth
    out.append("^")
    out.append(UInt8(ascii: "~"), times: min(max(1, markedWidth), snippetWidth, widest) - 1)
    out.append("\n")
  }

  /// The widest part of a line a snippet shows, in bytes.
  static let snippetWidth = 200
  /// How much of a long line a snippet shows before the span, when it does not start at the line's start.
  static let snippetLeadIn = 40

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
