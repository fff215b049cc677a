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
      var result = CommandResult(exitCode: ExitCode.success)
      // Each file is read, checked and rendered on the core that reads it, and only its rendering is kept until it is
      // written: a run over many files neither holds every model until the end nor renders them all on one core.
      var output = StandardOutput(context)
      var jsonReport = JSONReporter.reportWriter()
      var counts = FindingCounts()
      var fileCount = 0
      var filesWithFindings = 0
      let checkFile: @Sendable (InputFile) -> CheckedFile = { input in
        let file = PolicyFile(path: input.path, bytes: input.bytes, kind: kind)
        let reported = ReportedFile(file: file, findings: file.result.findings)
        var rendered: [UInt8] = []
        switch format {
        case .text:
          TextReporter.render(reported, into: &rendered)
        case .json:
          rendered = JSONReporter.fileEntry(reported) { reported, writer in
            writer.key("kind")
            writer.string(reported.file.result.document?.kind.rawValue)
          }
        }
        return CheckedFile(counts: FindingCounts(file.result.findings), rendered: rendered)
      }
      let inputProblems = context.inputs.forEachInput(parsed.positionals, transform: checkFile) { checked in
        fileCount += 1
        counts.add(checked.counts)
        if checked.counts.total > 0 { filesWithFindings += 1 }
        switch format {
        case .text: output.write(checked.rendered)
        case .json: jsonReport.add(checked.rendered) { output.write($0) }
        }
      }
      switch format {
      case .text:
        result.stderr =
          TextReporter.summary(fileCount: fileCount, counts: counts, filesWithFindings: filesWithFindings) + "\n"
      case .json:
        jsonReport.finish { output.write($0) }
      }
      result.stdoutPieces = output.kept
      result.conclude(inputProblems: inputProblems, counts: counts, failOn: failOn)
      return result
    } catch {
      return .failure(error, command: "validate")
    }
  }
}

/// One file as the report keeps it: its counts, and its findings rendered in the output format.
private struct CheckedFile: Sendable {
  let counts: FindingCounts
  let rendered: [UInt8]
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
