public import PolicyAudit
import PolicyDiagnostics
import PolicyModel
import PolicySyntax

/// GitHub Actions workflow commands, one annotation per finding: `::error file=P,line=L,col=C::message`.
public enum GitHubReporter {
  public static func render(_ reports: [AuditReport]) -> String {
    reports.map(render).joined()
  }

  /// The annotations of one file: commands render files on all cores and join them in order.
  public static func render(_ report: AuditReport) -> String {
    guard !report.findings.isEmpty else { return "" }
    var out = ""
    let locator = FileLocator(file: report.file)
    for finding in report.findings {
      let (start, end) = locator.span(of: finding.range)
      let command = finding.severity == .note ? "notice" : finding.severity.rawValue
      out += "::\(command) file=\(property(report.file.path)),line=\(start.line),col=\(start.column + 1)"
      out += ",endLine=\(end.line),endColumn=\(end.column + 1),title=\(property(finding.rule.rawValue))"
      out += "::\(data(finding.message))\n"
    }
    return out
  }

  /// Escapes for the message part of a workflow command. Works on scalars: "\r\n" is one Character, and a
  /// Character-level replacement of "\r" or "\n" would leave it in place and split the annotation.
  static func data(_ text: String) -> String {
    escape(text, [("%", "%25"), ("\r", "%0D"), ("\n", "%0A")])
  }

  /// Escapes for a property value, which also may not hold ':' or ','.
  static func property(_ text: String) -> String {
    escape(text, [("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C")])
  }

  private static func escape(_ text: String, _ table: [(Unicode.Scalar, String)]) -> String {
    // Every escaped character is ASCII, so a text without one of those bytes is returned as it is.
    guard text.utf8.contains(where: { byte in table.contains { $0.0.value == UInt32(byte) } }) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      if let replacement = table.first(where: { $0.0 == scalar })?.1 {
        out += replacement
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
