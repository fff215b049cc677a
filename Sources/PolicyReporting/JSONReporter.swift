public import PolicyDiagnostics
import PolicyModel
public import PolicySyntax

/// Machine-readable findings: `{"version":1,"files":[{"path":…,"findings":[…]}]}`.
///
/// Locations copy IAM Access Analyzer's `Location`: a path of `{"value": member}` / `{"index": n}` steps and a span
/// with 1-based lines and 0-based byte columns and offsets, so results can be compared with AWS's.
public enum JSONReporter {
  public static let formatVersion = 1

  /// The whole report; `extra` adds members to each file object (audit adds its access summary there).
  public static func render(
    _ files: [ReportedFile],
    extra: (ReportedFile) -> [(String, JSONOutput)] = { _ in [] }
  ) -> JSONOutput {
    .object([
      ("version", .integer(formatVersion)),
      (
        "files",
        .array(
          files.map { reported in
            // A line table costs a pass over the file: build it only for files with something to locate.
            let findings: [JSONOutput]
            if reported.findings.isEmpty {
              findings = []
            } else {
              let locator = FileLocator(file: reported.file)
              findings = reported.findings.map { finding(for: $0, locator: locator) }
            }
            return .object([("path", .string(reported.file.path)), ("findings", .array(findings))] + extra(reported))
          }
        )
      ),
    ])
  }

  /// One finding: rule, severity, message, location, and notes and fix when present.
  public static func finding(
    for finding: Finding,
    locator: FileLocator,
    extra: [(String, JSONOutput)] = []
  ) -> JSONOutput {
    var members: [(String, JSONOutput)] = [
      ("rule", .string(finding.rule.rawValue)),
      ("severity", .string(finding.severity.rawValue)),
      ("message", .string(finding.message)),
      ("location", location(path: locator.file.pathPrefix + finding.path, range: finding.range, locator: locator)),
    ]
    if !finding.notes.isEmpty {
      members.append(
        (
          "notes",
          .array(
            finding.notes.map { note in
              var noteMembers: [(String, JSONOutput)] = [("message", .string(note.message))]
              if let range = note.range {
                noteMembers.append(("span", span(range, locator: locator)))
              }
              return .object(noteMembers)
            }
          )
        )
      )
    }
    if let fix = finding.fix {
      members.append(
        (
          "fix",
          .object([
            ("title", .string(fix.title)),
            ("applicability", .string(fix.applicability.rawValue)),
            (
              "edits",
              .array(
                fix.edits.map { edit in
                  .object([("span", span(edit.range, locator: locator)), ("replacement", .string(edit.replacement))])
                }
              )
            ),
          ])
        )
      )
    }
    return .object(members + extra)
  }

  static func location(path: [PathElement], range: SourceRange, locator: FileLocator) -> JSONOutput {
    .object([
      (
        "path",
        .array(
          path.map { element in
            switch element {
            case .member(let name): .object([("value", .string(name))])
            case .index(let index): .object([("index", .integer(index))])
            }
          }
        )
      ),
      ("span", span(range, locator: locator)),
    ])
  }

  static func span(_ range: SourceRange, locator: FileLocator) -> JSONOutput {
    let (start, end) = locator.span(of: range)
    return .object([("start", position(start)), ("end", position(end))])
  }

  static func position(_ position: SourcePosition) -> JSONOutput {
    .object([
      ("line", .integer(position.line)),
      ("column", .integer(position.column)),
      ("offset", .integer(position.offset)),
    ])
  }
}
