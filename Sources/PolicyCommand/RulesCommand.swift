import PolicyAudit
import PolicyDiagnostics
import PolicyModel

/// `ecr-policy rules` and `ecr-policy explain RULE`.
enum RulesCommand {
  static func list() -> CommandResult {
    let width = AuditRules.all.map(\.id.rawValue.count).max() ?? 0
    var out = ""
    for rule in AuditRules.all {
      let id = rule.id.rawValue + String(repeating: " ", count: width - rule.id.rawValue.count)
      let severity =
        rule.defaultSeverity.rawValue + String(repeating: " ", count: 8 - rule.defaultSeverity.rawValue.count)
      out += "\(id)  \(severity)\(rule.summary)\n"
    }
    return CommandResult(exitCode: ExitCode.success, stdout: out)
  }

  static func explain(_ arguments: [String]) -> CommandResult {
    guard arguments.count == 1, let name = arguments.first, !name.hasPrefix("-") else {
      if arguments == ["--help"] {
        return CommandResult(exitCode: ExitCode.success, stdout: "USAGE: ecr-policy explain RULE\n")
      }
      return CommandResult(exitCode: ExitCode.usageOrIO, stderr: "error: usage: ecr-policy explain RULE\n")
    }
    guard let rule = AuditRules.descriptor(RuleID(name)) else {
      let suggestion = Suggestion.closest(to: name, among: AuditRules.all.map(\.id.rawValue))
      return CommandResult(
        exitCode: ExitCode.usageOrIO,
        stderr: "error: unknown rule '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
          + "\nsee 'ecr-policy rules'\n"
      )
    }
    let out = """
      \(rule.id) (\(rule.defaultSeverity.rawValue))
      \(rule.summary)

      Why: \(rule.rationale)

      Example:
        \(rule.example)

      Fix: \(rule.fix)

      """
    return CommandResult(exitCode: ExitCode.success, stdout: out)
  }
}
