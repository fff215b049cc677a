import PolicyDiagnostics
import PolicyEvaluation
import PolicyModel
import PolicySyntax

/// What the rules share while auditing one file: the model, the intent, the probe, and the findings so far.
struct AuditContext {
  let file: PolicyFile
  let document: PolicyDocument
  let intent: AuditIntent
  let probe: AccessProbe
  var findings: [Finding] = []

  mutating func report(
    _ rule: RuleDescriptor,
    _ message: String,
    path: [PathElement],
    range: SourceRange,
    severity: Severity? = nil,
    notes: [Note] = [],
    witness: Witness? = nil
  ) {
    findings.append(
      Finding(
        rule: rule.id,
        severity: severity ?? rule.defaultSeverity,
        message: message,
        path: path,
        range: range,
        notes: notes,
        witness: witness
      )
    )
  }

  /// A witness for a request the evaluator decided; only keys the request really sets are listed.
  func witness(_ request: Request, _ verdict: AccessVerdict) -> Witness {
    let implied = RequestContext.implied(by: request.principal)
    var entries: [Witness.ContextEntry] = []
    for key in request.context.sortedKeys where implied.explicitValue(key) == nil {
      switch request.context.explicitValue(key) {
      case .single(let value)?: entries.append(Witness.ContextEntry(key: key, values: [value]))
      case .multiple(let values)?: entries.append(Witness.ContextEntry(key: key, values: values))
      case .unknown?, nil: break
      }
    }
    return Witness(
      principal: request.principal.description,
      action: request.action,
      resource: request.resource,
      context: entries,
      decision: verdict.decision.rawValue
    )
  }

  /// Statements that name lambda.amazonaws.com in a Principal (not NotPrincipal) element.
  var lambdaStatements: [Statement] {
    document.statements.filter { statement in
      guard let principal = statement.principal, !principal.isNot else { return false }
      return principal.entries.contains { $0.type == .service && AuditContext.isLambda($0.value) }
    }
  }

  static func isLambda(_ service: String) -> Bool {
    service == "lambda.amazonaws.com" || service == "lambda.amazonaws.com.cn"
  }

  /// The ECR actions an Action/NotAction element covers, in table order.
  static func ecrActions(of element: ActionElement?) -> [String] {
    guard let element else { return [] }
    let all = ECRActions.all.map { "ecr:" + $0.name }
    return all.filter { action in
      let listed = element.entries.contains { ActionMatcher.matches(pattern: $0.value, action: action) }
      return element.isNot ? !listed : listed
    }
  }

  /// The action a probe of `statement` should use: a pull action when it grants one.
  static func probeAction(for statement: Statement) -> String? {
    let actions = ecrActions(of: statement.action)
    return actions.first { ECRActions.lambdaPull.contains($0) } ?? actions.first
  }
}
