import PolicyDiagnostics
import PolicyModel
import PolicyReporting
import PolicySyntax

/// `ecr-policy validate PATH... [--format text|json] [--fail-on LEVEL] [--kind KIND]`.
struct ValidateCommand {
  static let help = """
    USAGE: ecr-policy validate PATH... [--format text|json] [--fail-on error|warning|note|none]
                                       [--kind repository|registry|identity]

    Checks the grammar and structure of policies: JSON syntax, element names and values, operators, Sids,
    Version, and ECR's 10,240-character limit.

    PATH is a policy file, '-' for standard input, the JSON printed by 'aws ecr get-repository-policy'
    (its policyText is checked), or a directory (every *.json below it, sorted; hidden folders skipped).

    OPTIONS:
      --format text|json   Output format (default: text). Text columns are 1-based; JSON uses IAM Access
                           Analyzer's convention: line 1-based, column and offset 0-based bytes.
      --fail-on LEVEL      Exit 1 when a finding is at or above LEVEL: error (default), warning, note, none.
      --kind KIND          Check as this kind of policy. By default a policy whose statements all lack
                           Principal and all have Resource is read as an identity policy, any other as a
                           repository policy.
      --help               Show this help.

    EXIT CODES: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or I/O error.
    """

  enum Format: String, CaseIterable {
    case text
    case json
  }

  static func run(_ arguments: [String], context: CommandContext) -> CommandResult {
    do {
      let parsed = try ParsedArguments(
        arguments,
        options: [.value("format"), .value("fail-on"), .value("kind"), .flag("help")]
      )
      if parsed.has("help") { return CommandResult(exitCode: ExitCode.success, stdout: help + "\n") }
      let format: Format = try parsed.choice("format", default: .text)
      let failOn: FailLevel = try parsed.choice("fail-on", default: .error)
      let kind: PolicyKind? = try parsed.value("kind") == nil ? nil : parsed.choice("kind", default: .repository)
      guard !parsed.positionals.isEmpty else {
        throw UsageError("validate needs at least one PATH (a file, a directory or '-')")
      }
      let (files, problems) = context.inputs.readAll(parsed.positionals) { input in
        PolicyFile(path: input.path, bytes: input.bytes, kind: kind)
      }
      let reported = files.map { ReportedFile(file: $0, findings: $0.result.findings) }
      var result = CommandResult(exitCode: ExitCode.success)
      switch format {
      case .text:
        result.stdout = TextReporter.render(reported)
        result.stderr = TextReporter.summary(fileCount: files.count, reported) + "\n"
      case .json:
        result.stdout =
          JSONReporter.render(reported) { reported, writer in
            writer.key("kind")
            writer.string(reported.file.result.document?.kind.rawValue)
          } + "\n"
      }
      for problem in problems { result.stderr += "error: \(problem)\n" }
      if !problems.isEmpty {
        result.exitCode = ExitCode.usageOrIO
      } else if let threshold = failOn.severity, FindingCounts(reported).reaches(threshold) {
        result.exitCode = ExitCode.findings
      }
      return result
    } catch let error as UsageError {
      return CommandResult(
        exitCode: ExitCode.usageOrIO,
        stderr: "error: \(error.message)\nsee 'ecr-policy validate --help'\n"
      )
    } catch {
      return CommandResult(exitCode: ExitCode.usageOrIO, stderr: "error: \(error)\n")
    }
  }
}

/// `--fail-on`: the lowest severity that makes the command fail, or none.
enum FailLevel: String, CaseIterable {
  case error
  case warning
  case note
  case none

  var severity: Severity? {
    switch self {
    case .error: .error
    case .warning: .warning
    case .note: .note
    case .none: nil
    }
  }
}
