public import PolicyDiagnostics
public import PolicyModel
public import PolicySyntax

/// Machine-readable findings: `{"version":1,"files":[{"path":…,"findings":[…]}]}`.
///
/// Locations copy IAM Access Analyzer's `Location`: a path of `{"value": member}` / `{"index": n}` steps and a span
/// with 1-based lines and 0-based byte columns and offsets, so results can be compared with AWS's.
public enum JSONReporter {
  public static let formatVersion = 1

  /// The report written file by file: `{"version": 1, "files": [...]}`.
  public static func reportWriter() -> JSONFileListWriter {
    JSONFileListWriter { writer in
      writer.key("version")
      writer.integer(formatVersion)
    }
  }

  /// One file's object, pretty-printed at the depth it takes in the report, as UTF-8; `extra` adds members to it.
  public static func fileEntry(
    _ reported: ReportedFile,
    extra: (ReportedFile, inout JSONWriter) -> Void = { _, _ in }
  ) -> [UInt8] {
    var writer = JSONWriter(indent: 4, capacity: 1024)
    writer.beginObject()
    writer.key("path")
    writer.string(reported.file.path)
    writer.key("findings")
    writeFindings(reported.findings, of: reported.file, into: &writer)
    extra(reported, &writer)
    writer.endObject()
    return writer.takeBytes()
  }

  /// The findings of one file as an array; `extra` adds members to each finding (audit adds its witness there).
  public static func writeFindings(
    _ findings: [Finding],
    of file: PolicyFile,
    into writer: inout JSONWriter,
    extra: (Finding, inout JSONWriter) -> Void = { _, _ in }
  ) {
    writer.beginArray()
    if !findings.isEmpty {
      // A line table costs a pass over the file: build it only for files with something to locate.
      let locator = FileLocator(file: file)
      for finding in findings {
        writeFinding(finding, of: file, locator: locator, into: &writer)
        extra(finding, &writer)
        writer.endObject()
      }
    }
    writer.endArray()
  }

  /// One finding's members (rule, severity, message, location, and notes and fix when present), with its object
  /// left open for the caller to add to and close.
  static func writeFinding(
    _ finding: Finding,
    of file: PolicyFile,
    locator: FileLocator,
    into writer: inout JSONWriter
  ) {
    writer.beginObject()
    writer.key("rule")
    writer.string(finding.rule.rawValue)
    writer.key("severity")
    writer.string(finding.severity.rawValue)
    writer.key("message")
    writer.string(finding.message)
    writer.key("location")
    writer.beginObject()
    writer.key("path")
    writer.beginArray()
    // One after the other: joining them made an array for every finding.
    for element in file.pathPrefix { writePathElement(element, into: &writer) }
    for element in finding.path { writePathElement(element, into: &writer) }
    writer.endArray()
    writer.key("span")
    writeSpan(finding.range, locator: locator, into: &writer)
    writer.endObject()
    if !finding.notes.isEmpty {
      writer.key("notes")
      writer.beginArray()
      for note in finding.notes {
        writer.beginObject()
        writer.key("message")
        writer.string(note.message)
        if let range = note.range {
          writer.key("span")
          writeSpan(range, locator: locator, into: &writer)
        }
        writer.endObject()
      }
      writer.endArray()
    }
    if let fix = finding.fix {
      writer.key("fix")
      writer.beginObject()
      writer.key("title")
      writer.string(fix.title)
      writer.key("applicability")
      writer.string(fix.applicability.rawValue)
      writer.key("edits")
      writer.beginArray()
      for edit in fix.edits {
        writer.beginObject()
        writer.key("span")
        writeSpan(edit.range, locator: locator, into: &writer)
        writer.key("replacement")
        writer.string(edit.replacement)
        writer.endObject()
      }
      writer.endArray()
      writer.endObject()
    }
  }

  static func writePathElement(_ element: PathElement, into writer: inout JSONWriter) {
    writer.beginObject()
    switch element {
    case .member(let name):
      writer.key("value")
      writer.string(name)
    case .index(let index):
      writer.key("index")
      writer.integer(index)
    }
    writer.endObject()
  }

  static func writeSpan(_ range: SourceRange, locator: FileLocator, into writer: inout JSONWriter) {
    let (start, end) = locator.span(of: range)
    writer.beginObject()
    writer.key("start")
    writePosition(start, into: &writer)
    writer.key("end")
    writePosition(end, into: &writer)
    writer.endObject()
  }

  static func writePosition(_ position: SourcePosition, into writer: inout JSONWriter) {
    writer.beginObject()
    writer.key("line")
    writer.integer(position.line)
    writer.key("column")
    writer.integer(position.column)
    writer.key("offset")
    writer.integer(position.offset)
    writer.endObject()
  }
}
