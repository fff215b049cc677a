import PolicyAudit
import PolicyDiagnostics
import PolicyEvaluation
public import PolicyModel

/// A verification that failed: the generated or merged policy does not do exactly what was asked.
public struct GrantVerificationError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public var description: String { message }
}

/// Proves a generated or merged policy with the evaluator before anything is printed: every consumer (root and a
/// role) and Lambda for its functions may pull; a foreign account and its functions may not; with a merge, every
/// other request keeps its decision; and the result audits clean for the same intent.
public enum GrantVerifier {
  public static func verify(
    result: PolicyFile,
    original: PolicyFile?,
    spec: GrantSpec
  ) throws(GrantVerificationError) {
    guard let merged = result.result.document else { throw failure("the result is not a policy") }
    // ECR refuses such a policy whatever it grants, and past its size the audit no longer proves pulls (a file that
    // large is beyond its bound): say so first, and before proofs that grow with the square of the accounts.
    if let tooLarge = result.result.findings.first(where: {
      $0.rule == ValidationRules.policyTooLarge.id && $0.severity == .error
    }) {
      throw failure("the result does not fit ECR: \(tooLarge.message) [\(tooLarge.rule)]")
    }
    let before = original?.result.document
    let stranger = strangerAccount(avoiding: spec.consumers)

    func decision(_ document: PolicyDocument?, _ request: Request) -> Decision {
      guard let document else { return .implicitDeny }
      return Evaluator.evaluate(document, request, options: EvaluationOptions(tracing: false)).decision
    }
    func identity(_ principal: RequestPrincipal, _ action: String) -> Request {
      var context = RequestContext()
      context["aws:SecureTransport"] = .single("true")
      return Request(principal: principal, action: action, resource: nil, context: context)
    }
    func lambda(_ account: String, function: String, _ action: String) -> Request {
      var context = RequestContext()
      let arn = "arn:\(spec.partition):lambda:\(spec.region):\(account):function:\(function)"
      context["aws:SourceArn"] = .single(arn)
      context["aws:SourceAccount"] = .single(account)
      context["aws:SecureTransport"] = .single("true")
      return Request(principal: .service("lambda.amazonaws.com"), action: action, resource: nil, context: context)
    }
    let functions = spec.functions.isEmpty ? ["any-function"] : spec.functions.flatMap { [$0, $0 + ":live"] }

    for action in GrantSpec.pullActions {
      for account in spec.crossAccountConsumers {
        for principal in [
          RequestPrincipal.accountRoot(partition: spec.partition, account: account),
          .roleSession(partition: spec.partition, account: account, rolePath: "/", role: "deployer", session: "s"),
        ] where decision(merged, identity(principal, action)) != .allow {
          throw failure("\(principal) cannot perform \(action) on the result")
        }
      }
      for account in spec.consumers {
        for function in functions where decision(merged, lambda(account, function: function, action)) != .allow {
          throw failure("lambda.amazonaws.com cannot perform \(action) for function '\(function)' of \(account)")
        }
        if !spec.functions.isEmpty {
          let other = lambda(account, function: "ecr-policy-unlisted-function", action)
          if decision(merged, other) == .allow, decision(before, other) != .allow {
            throw failure("an unlisted function of \(account) may pull, although --function names the functions")
          }
        }
      }
      let foreignRoot = identity(.accountRoot(partition: spec.partition, account: stranger), action)
      if decision(merged, foreignRoot) == .allow, decision(before, foreignRoot) != .allow {
        throw failure("the foreign account \(stranger) may perform \(action)")
      }
      let foreignFunction = lambda(stranger, function: "any-function", action)
      if decision(merged, foreignFunction) == .allow, decision(before, foreignFunction) != .allow {
        throw failure("a function of the foreign account \(stranger) may perform \(action)")
      }
    }
    if let before { try preservesOtherDecisions(before, merged, spec: spec, stranger: stranger) }
    try auditsClean(result, original: original, spec: spec)
  }

  /// Every request built from the principals, actions and condition values of either policy keeps its decision,
  /// unless it is one of the pulls the grant adds.
  private static func preservesOtherDecisions(
    _ before: PolicyDocument,
    _ after: PolicyDocument,
    spec: GrantSpec,
    stranger: String
  ) throws(GrantVerificationError) {
    var principals: [RequestPrincipal] = [.anonymous, .service("lambda.amazonaws.com")]
    var actions = Set(GrantSpec.pullActions)
    var sourceArns = Set<String>()
    for document in [before, after] {
      for statement in document.statements {
        for entry in statement.principal?.entries ?? [] {
          if entry.type == .service { principals.append(.service(entry.value)) }
          if let named = entry.awsPrincipal, let principal = RequestPrincipal(parsing: entry.value),
            named.account != nil
          {
            principals.append(principal)
          }
        }
        for entry in statement.action?.entries ?? [] { actions.formUnion(ECRActions.expand(entry.value)) }
        for clause in statement.condition?.clauses ?? [] where clause.normalizedKey == "aws:sourcearn" {
          for value in clause.values {
            sourceArns.insert(value.text.replacingWildcards())
          }
        }
      }
    }
    for account in spec.consumers + [stranger] {
      principals.append(.accountRoot(partition: spec.partition, account: account))
      sourceArns.insert("arn:\(spec.partition):lambda:\(spec.region):\(account):function:any-function")
    }
    let added = Set(spec.crossAccountConsumers)
    for principal in Set(principals) {
      let contexts: [RequestContext]
      if case .service = principal {
        contexts =
          [RequestContext()]
          + sourceArns.sorted().map { arn in
            var context = RequestContext()
            context["aws:SourceArn"] = .single(arn)
            if let fields = ARN.fields(of: arn), ARN.isAccountID(fields[4]) {
              context["aws:SourceAccount"] = .single(String(fields[4]))
            }
            return context
          }
      } else {
        contexts = [RequestContext()]
      }
      for action in actions.sorted() {
        for context in contexts {
          let request = Request(principal: principal, action: action, resource: nil, context: context)
          let old = Evaluator.evaluate(before, request, options: EvaluationOptions(tracing: false)).decision
          let new = Evaluator.evaluate(after, request, options: EvaluationOptions(tracing: false)).decision
          guard old != new else { continue }
          let isAddedPull =
            new == .allow && GrantSpec.pullActions.contains(action)
            && (principal.account.map(added.contains) ?? false || isConsumerFunction(context, spec))
          if !isAddedPull {
            throw failure("the merge changed \(principal) \(action) from \(old.rawValue) to \(new.rawValue)")
          }
        }
      }
    }
  }

  private static func isConsumerFunction(_ context: RequestContext, _ spec: GrantSpec) -> Bool {
    guard case .single(let arn)? = context["aws:SourceArn"] else { return false }
    return spec.sourceArnPatterns.contains { Glob.matches(pattern: $0, text: arn, caseSensitive: true) }
  }

  /// The result audits clean for the same intent: no finding at all for a fresh policy; for a merge, no missing
  /// pull and no rule that the original did not already trigger.
  private static func auditsClean(
    _ result: PolicyFile,
    original: PolicyFile?,
    spec: GrantSpec
  ) throws(GrantVerificationError) {
    let intent = AuditIntent(
      owner: spec.owner,
      region: spec.region,
      consumers: spec.consumers,
      partition: spec.partition
    )
    let report = Auditor.audit(result, intent: intent)
    // Every pull the grant exists for must be proven, not merely "not disproven".
    for consumer in report.consumers {
      if consumer.lambdaCanPull != true {
        throw failure("the audit cannot confirm that Lambda may pull for functions of \(consumer.account)")
      }
      if consumer.account != spec.owner, consumer.accountCanPull != true {
        throw failure("the audit cannot confirm that \(consumer.account) may pull")
      }
    }
    let after = report.findings.filter { $0.severity != .note }
    guard let original else {
      if let finding = after.first {
        throw failure("the result does not audit clean: \(finding.message) [\(finding.rule)]")
      }
      return
    }
    let before = Auditor.audit(original, intent: intent).findings
    let missing: Set<RuleID> = ["missing-account-pull", "missing-lambda-pull"]
    if let finding = after.first(where: { missing.contains($0.rule) }) {
      throw failure("the result still misses a pull: \(finding.message)")
    }
    for rule in Set(after.map(\.rule)) {
      let count = after.filter { $0.rule == rule }.count
      if count > before.filter({ $0.rule == rule }).count {
        throw failure("the merge introduced a '\(rule)' finding")
      }
    }
  }

  private static func strangerAccount(avoiding accounts: [String]) -> String {
    var candidate = 999_999_999_999
    while accounts.contains(String(candidate)) { candidate -= 1 }
    return String(candidate)
  }

  private static func failure(_ message: String) -> GrantVerificationError {
    GrantVerificationError(message: "verification failed: " + message)
  }
}

extension String {
  /// One concrete text a pattern matches: `*` as "x", `?` as "x".
  fileprivate func replacingWildcards() -> String {
    String(map { $0 == "*" || $0 == "?" ? "x" : $0 })
  }
}
