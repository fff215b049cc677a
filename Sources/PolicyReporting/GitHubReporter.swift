public import PolicyAudit
import PolicyDiagnostics
import PolicyModel
import PolicySyntax

/// GitHub Actions workflow commands, one annotation per finding: `::error file=P,line=L,col=C::message`.
public enum GitHubReporter {
  public static func render(_ reports: [AuditReport]) -> String {
    var out = ""
    for report in reports where !report.findings.isEmpty {
      let locator = FileLocator(file: report.file)
      for finding in report.findings {
        let (start, end) = locator.span(of: finding.range)
        let command = finding.severity == .note ? "notice" : finding.severity.rawValue
        out += "::\(command) file=\(property(report.file.path)),line=\(start.line),col=\(start.column + 1)"
        out += ",endLine=\(end.line),endColumn=\(end.column + 1),title=\(property(finding.rule.rawValue))"
        out += "::\(data(finding.message))\n"
      }
    }
    return out
  }

  /// Escapes for the message part of a workflow command.
  static func data(_ text: String) -> String {
    text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
  }

  /// Escapes for a property value, which also may not hold ':' or ','.
  static func property(_ text: String) -> String {
    data(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }
}
