import PolicyDiagnostics
import PolicyEvaluation
import PolicyModel
import PolicyReporting
import PolicySyntax

/// `ecr-policy eval POLICY --principal P --action A [--resource ARN] [--context KEY=VALUE]... [--format F]
/// [--expect allow|deny]`.
struct EvalCommand {
  static let help = """
    USAGE: ecr-policy eval POLICY --principal P --action A [--resource ARN] [--context KEY=VALUE]...
                           [--format text|json] [--expect allow|deny] [--kind KIND]

    Evaluates one request against a policy, exactly as IAM does for a resource-based policy, and explains the
    decision statement by statement.

    POLICY is a policy file, '-' for standard input, or the JSON of 'aws ecr get-repository-policy'.

    OPTIONS:
      --principal P        anonymous, a service principal (lambda.amazonaws.com), a 12-digit account ID (its
                           root), or an IAM user, IAM role (a session of it) or STS ARN.
      --action A           The action, e.g. ecr:BatchGetImage.
      --resource ARN       The repository ARN. Without it, statements with no Resource (or "*") apply, and a
                           statement naming ARNs makes the decision indeterminate.
      --context KEY=VALUE  A condition key of the request. Repeat a key for a multi-valued key. Keys implied
                           by the principal (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
                           aws:PrincipalIsAWSService, aws:PrincipalServiceName) are added unless given.
      --format text|json   Output format (default: text).
      --expect allow|deny  Exit 1 unless the decision is this (deny: explicit or implicit).
      --kind KIND          repository (default), registry or identity.

    DECISIONS: allow, explicit-deny, implicit-deny, indeterminate (the outcome depends on something the tool
    cannot know, such as a template placeholder or an unknown operator; the trace says what).

    EXIT CODES: 0 evaluated (and matched --expect), 1 --expect disagrees, 2 usage or input error.
    """

  enum Format: String, CaseIterable {
    case text
    case json
  }

  enum Expectation: String, CaseIterable {
    case allow
    case deny
  }

  static func run(_ arguments: [String], context: CommandContext) -> CommandResult {
    do {
      let parsed = try ParsedArguments(
        arguments,
        options: [
          .value("principal"), .value("action"), .value("resource"), .repeated("context"), .value("format"),
          .value("expect"), .value("kind"), .flag("help"),
        ]
      )
      if parsed.has("help") { return CommandResult(exitCode: ExitCode.success, stdout: help + "\n") }
      let format: Format = try parsed.choice("format", default: .text)
      let kind: PolicyKind = try parsed.choice("kind", default: .repository)
      let expectation: Expectation? = try parsed.value("expect") == nil ? nil : parsed.choice("expect", default: .allow)
      guard parsed.positionals.count == 1 else {
        throw UsageError("eval needs exactly one POLICY (a file or '-')")
      }
      guard let principalText = parsed.value("principal") else { throw UsageError("eval needs --principal") }
      guard let principal = RequestPrincipal(parsing: principalText) else {
        throw UsageError(
          "--principal '\(principalText)' is not anonymous, a service principal, a 12-digit account ID, or an "
            + "IAM/STS ARN"
        )
      }
      guard let action = parsed.value("action") else { throw UsageError("eval needs --action") }
      guard action.split(separator: ":", omittingEmptySubsequences: false).count == 2 else {
        throw UsageError("--action '\(action)' must have the form service:Name, e.g. ecr:BatchGetImage")
      }
      if let resource = parsed.value("resource"), ARN(resource) == nil {
        throw UsageError("--resource '\(resource)' is not an ARN")
      }
      var requestContext = RequestContext()
      for pair in parsed.all("context") {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
          throw UsageError("--context '\(pair)' must be KEY=VALUE")
        }
        requestContext.append(String(pair[pair.index(after: equals)...]), for: String(pair[..<equals]))
      }

      if context.inputs.isDirectory(parsed.positionals[0]) {
        throw UsageError("eval takes one policy file, not a directory: \(parsed.positionals[0])")
      }
      let (inputs, problems) = context.inputs.collect(parsed.positionals)
      if let problem = problems.first { throw UsageError(problem) }
      guard let input = inputs.first, inputs.count == 1 else {
        throw UsageError("eval takes one policy file, not a directory")
      }
      let file = PolicyFile(path: input.path, bytes: input.bytes, kind: kind)
      let errors = file.result.findings.filter { $0.severity == .error }
      let reportedErrors = TextReporter.render([ReportedFile(file: file, findings: errors)])
      guard let document = file.result.document else {
        return CommandResult(
          exitCode: ExitCode.usageOrIO,
          stderr: reportedErrors + "error: \(input.path) is not a policy\n"
        )
      }
      let request = Request(
        principal: principal,
        action: action,
        resource: parsed.value("resource"),
        context: requestContext
      )
      let evaluation = Evaluator.evaluate(document, request)
      var result = CommandResult(exitCode: ExitCode.success)
      if !errors.isEmpty {
        result.stderr =
          reportedErrors + "warning: the policy has errors and AWS would reject it; evaluated as written\n"
      }
      switch format {
      case .text: result.stdout = renderText(evaluation, request: request)
      case .json: result.stdout = renderJSON(evaluation).rendered() + "\n"
      }
      if let expectation {
        let matches =
          switch expectation {
          case .allow: evaluation.decision == .allow
          case .deny: evaluation.decision == .explicitDeny || evaluation.decision == .implicitDeny
          }
        if !matches {
          result.exitCode = ExitCode.findings
          result.stderr += "expected \(expectation.rawValue), got \(evaluation.decision.rawValue)\n"
        }
      }
      return result
    } catch {
      return .failure(error, command: "eval")
    }
  }

  static func renderText(_ evaluation: Evaluation, request: Request) -> String {
    var out = "decision: \(evaluation.decision.rawValue)\n"
    out += "request: \(request.principal) \(request.action) on \(request.resource ?? "this repository")\n"
    for statement in evaluation.statements {
      let name = statement.sid.map { "'\($0)'" } ?? "#\(statement.index)"
      let effect = statement.effect?.rawValue ?? "?"
      let verdict =
        switch statement.applies {
        case .yes: "applies"
        case .no: "does not apply"
        case .unknown: "may apply"
        }
      out += "  statement \(statement.index) \(name) (\(effect)): \(verdict): \(statement.reason)\n"
    }
    if evaluation.statements.isEmpty { out += "  the policy has no statements\n" }
    return out
  }

  static func renderJSON(_ evaluation: Evaluation) -> JSONOutput {
    .object([
      ("decision", .string(evaluation.decision.rawValue)),
      (
        "statements",
        .array(
          evaluation.statements.map { statement in
            let matched: JSONOutput =
              switch statement.applies {
              case .yes: .bool(true)
              case .no: .bool(false)
              case .unknown: .null
              }
            return .object([
              ("index", .integer(statement.index)),
              ("sid", .optional(statement.sid)),
              ("effect", .optional(statement.effect?.rawValue)),
              ("matched", matched),
              ("reason", .string(statement.reason)),
            ])
          }
        )
      ),
    ])
  }
}
