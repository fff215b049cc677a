import PolicyAudit
import PolicyDiagnostics
import PolicyModel
import PolicyReporting
import PolicySyntax

/// `ecr-policy audit PATH... [intent] [--format text|json|sarif|github] [--fail-on LEVEL]`.
struct AuditCommand {
  static let help = """
    USAGE: ecr-policy audit PATH... [--owner ACCOUNT] [--region REGION] [--repository NAME]
                                    [--consumer ACCOUNT]... [--partition P] [--registry-policy FILE]
                                    [--config FILE] [--format text|json|sarif|github]
                                    [--fail-on error|warning|note|none] [--kind repository|registry]

    Answers who can pull from the repository, whether anything is public or over-broad, and whose Lambda
    functions will fail to pull, with a request the evaluator decided as the witness of each access finding.

    PATH is a policy file, '-' for standard input, the JSON of 'aws ecr get-repository-policy', or a
    directory (every *.json below it, sorted).

    INTENT (all optional):
      --owner ACCOUNT          The account that owns the repository.
      --region REGION          The repository's Region (Lambda pulls only within one Region).
      --repository NAME        The repository's name; with --owner and --region it gives the repository ARN.
      --consumer ACCOUNT       An account whose Lambda functions must pull (repeatable). Without it, the accounts
                               the policy grants a pull to or pins in a Lambda condition are inferred consumers,
                               and their findings are warnings.
      --partition P            aws, aws-cn or aws-us-gov (default: from the Region).
      --registry-policy FILE   The registry policy (a file or 'aws ecr get-registry-policy' output): an explicit
                               Deny in either policy denies, an Allow in either grants.
      --config FILE            JSON with the same fields: {"owner": "...", "region": "...", "repository": "...",
                               "consumers": ["..."], "partition": "...", "registryPolicy": "path"}. Options
                               on the command line win; a relative registryPolicy is read from the config's folder.

    OUTPUT:
      --format text            Findings as validate prints them, with witnesses, and an access table (default).
      --format json            validate's schema plus per file "public", "consumers", "grants", per finding "witness".
      --format sarif           SARIF 2.1.0.
      --format github          GitHub Actions annotations.
      --fail-on LEVEL          Exit 1 when a finding is at or above LEVEL (default: warning).

    Run 'ecr-policy rules' for every rule and 'ecr-policy explain RULE' for one.
    EXIT CODES: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or I/O error.
    """

  enum Format: String, CaseIterable {
    case text
    case json
    case sarif
    case github
  }

  /// What is kept of one audited file: its finding counts and its part of the output, rendered on the worker core
  /// that audited it, so that each file's model is released there.
  struct AuditedFile: Sendable {
    enum Rendered: Sendable {
      case text(AuditReporters.TextParts)
      case json([UInt8])
      /// SARIF results of the file, at their depth in the log; nil when it has none.
      case sarif(String?)
      case github(String)
    }

    let counts: FindingCounts
    let rendered: Rendered
  }

  enum AuditedKind: String, CaseIterable {
    case repository
    case registry
  }

  static func run(_ arguments: [String], context: CommandContext) -> CommandResult {
    do {
      let parsed = try ParsedArguments(
        arguments,
        options: [
          .value("owner"), .value("region"), .value("repository"), .repeated("consumer"), .value("partition"),
          .value("registry-policy"), .value("config"), .value("format"), .value("fail-on"), .value("kind"),
          .flag("help"),
        ]
      )
      if parsed.has("help") { return CommandResult(exitCode: ExitCode.success, stdout: help + "\n") }
      let format: Format = try parsed.choice("format", default: .text)
      let failOn: FailLevel = try parsed.choice("fail-on", default: .warning)
      let kind: AuditedKind? = try parsed.value("kind") == nil ? nil : parsed.choice("kind", default: .repository)
      guard !parsed.positionals.isEmpty else {
        throw UsageError("audit needs at least one PATH (a file, a directory or '-')")
      }
      var result = CommandResult(exitCode: ExitCode.success)
      let (intent, registryFile) = try IntentOptions.intent(from: parsed, context: context)
      if let registryFile, !registryFile.result.findings.isEmpty {
        result.stderr += TextReporter.render([ReportedFile(file: registryFile, findings: registryFile.result.findings)])
      }
      let policyKind = kind.map { $0 == .registry ? PolicyKind.registry : .repository }
      // Reading, auditing and rendering each file all happen on the worker cores. Every format keeps only the
      // rendered text and the counts, so each file's model is released on the core that built it; the text leaves
      // as soon as the files before it are done.
      let auditor = Auditor(intent: intent)
      let ruleIndex = SARIFReporter.index(of: AuditRules.all)
      var output = StandardOutput(context)
      var textReport = AuditReporters.TextReportWriter()
      var jsonReport = AuditReporters.jsonReportWriter(registryGiven: intent.registryPolicy != nil)
      var sarifResults: [String] = []
      var counts = FindingCounts()
      var fileCount = 0
      var filesWithFindings = 0
      let auditFile: @Sendable (InputFile, inout ByteSink) -> AuditedFile = { input, scratch in
        let report = auditor.audit(PolicyFile(path: input.path, bytes: input.bytes, kind: policyKind))
        let counts = FindingCounts(report.findings)
        switch format {
        case .json:
          return AuditedFile(counts: counts, rendered: .json(AuditReporters.jsonFile(report, writingIn: &scratch)))
        case .text:
          return AuditedFile(counts: counts, rendered: .text(AuditReporters.textParts(report, writingIn: &scratch)))
        case .sarif:
          let results = SARIFReporter.results(of: report, ruleIndex: ruleIndex)
          return AuditedFile(counts: counts, rendered: .sarif(results))
        case .github: return AuditedFile(counts: counts, rendered: .github(GitHubReporter.render(report)))
        }
      }
      let problems = context.inputs.forEachInput(parsed.positionals, transform: auditFile) { audited in
        fileCount += 1
        counts.add(audited.counts)
        if audited.counts.total > 0 { filesWithFindings += 1 }
        switch audited.rendered {
        case .text(let parts): textReport.add(parts) { output.write($0) }
        case .json(let entry): jsonReport.add(entry) { output.write($0) }
        case .sarif(let results): if let results { sarifResults.append(results) }
        case .github(let annotations): output.write(Array(annotations.utf8))
        }
      }
      switch format {
      case .text:
        textReport.finish { output.write($0) }
        result.stderr +=
          TextReporter.summary(fileCount: fileCount, counts: counts, filesWithFindings: filesWithFindings) + "\n"
        result.stderr += "note: " + AuditReporters.caveat(registryGiven: intent.registryPolicy != nil) + "\n"
      case .json:
        jsonReport.finish { output.write($0) }
      case .sarif:
        let log = SARIFReporter.render(
          renderedResults: sarifResults,
          rules: AuditRules.all,
          toolVersion: CommandLineTool.version
        )
        output.write(Array((log.rendered() + "\n").utf8))
      case .github:
        break
      }
      result.stdoutPieces = output.kept
      result.conclude(inputProblems: problems, counts: counts, failOn: failOn)
      return result
    } catch {
      return .failure(error, command: "audit")
    }
  }
}
