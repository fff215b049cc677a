import PolicyDiagnostics
import PolicyModel
import PolicySyntax

/// A line and 0-based byte column, as `LineTable` reports them; compared as one value so a failure shows both.
struct Location: Hashable, Sendable, CustomStringConvertible {
  let line: Int
  let column: Int

  init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  init(_ position: SourcePosition) {
    self.init(line: position.line, column: position.column)
  }

  var description: String { "\(line):\(column)" }
}

/// Policy text parsed by `PolicyParser`, kept together with its bytes so ranges can be turned back into text and
/// into lines and columns.
struct Parsed {
  let bytes: [UInt8]
  let result: PolicyParseResult

  init(_ text: String, kind: PolicyKind? = nil) {
    self.init(bytes: Array(text.utf8), kind: kind)
  }

  init(bytes: [UInt8], kind: PolicyKind? = nil) {
    self.bytes = bytes
    result = PolicyParser.parse(bytes, kind: kind)
  }

  var findings: [Finding] { result.findings }

  func findings(_ rule: RuleDescriptor) -> [Finding] {
    result.findings.filter { $0.rule == rule.id }
  }

  /// The source text `range` covers, or nil when it is not inside the bytes.
  func text(_ range: SourceRange?) -> String? {
    guard let range else { return nil }
    return sourceText(range, in: bytes)
  }

  /// The dotted JSON path of the document's value (or key) at `range`.
  func path(_ range: SourceRange?) -> String? {
    guard let range, let document = result.document else { return nil }
    return document.path(of: range).dotted
  }

  /// Where `range` starts.
  func location(_ range: SourceRange?) -> Location? {
    guard let range else { return nil }
    return Location(LineTable(bytes).position(of: range.start))
  }

  /// The bytes after applying `finding`'s fix, or nil when it has none.
  func applyingFix(of finding: Finding) -> [UInt8]? {
    finding.fix?.applied(to: bytes)
  }
}

/// The source text a range covers, or nil when the range is not inside `bytes` (slicing would trap instead).
func sourceText(_ range: SourceRange, in bytes: [UInt8]) -> String? {
  guard 0 <= range.start, range.start <= range.end, range.end <= bytes.count else { return nil }
  return String(decoding: bytes[range.start..<range.end], as: UTF8.self)
}

/// A policy whose only statement has `members`, one per line, laid out so positions are easy to count:
///
///     line 1   {
///     line 2     "Version": "2012-10-17",
///     line 3     "Statement": [
///     line 4       {                          <- the statement starts at column 4
///     line 5         members[0]               <- every member starts at column 6
///     line 5+i       members[i]
///
/// A value written after `"Key": ` therefore starts at column 6 + the length of `"Key": `.
func statementPolicy(_ members: [String], version: String? = "2012-10-17") -> String {
  var lines = ["{"]
  if let version { lines.append("  \"Version\": \"\(version)\",") }
  lines.append("  \"Statement\": [")
  lines.append("    {")
  for (index, member) in members.enumerated() {
    lines.append("      " + member + (index == members.count - 1 ? "" : ","))
  }
  lines += ["    }", "  ]", "}"]
  return lines.joined(separator: "\n")
}

/// Statement members that are valid in a repository policy, for building cases around one faulty member.
enum Member {
  static let allow = #""Effect": "Allow""#
  static let deny = #""Effect": "Deny""#
  static let principal = #""Principal": {"AWS": "arn:aws:iam::123456789012:root"}"#
  static let pull = #""Action": "ecr:BatchGetImage""#
  static let anyResource = #""Resource": "*""#
}
