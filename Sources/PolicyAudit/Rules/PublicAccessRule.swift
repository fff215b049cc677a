import PolicyDiagnostics
import PolicyEvaluation
import PolicyModel
import PolicySyntax

/// `public-access`: AWS's definition of public (aws-facts §3) — a statement open to every principal is public unless
/// a condition pins the caller to fixed values of keys the caller cannot choose — decided with a request the
/// evaluator actually allows.
extension AuditContext {
  /// Reports public statements; returns true (public), false, or nil (indeterminate).
  mutating func checkPublicAccess() -> Bool? {
    var isPublic: Bool? = false
    for statement in document.statements where statement.effect?.value != .deny {
      guard let principal = statement.principal else {
        // An unreadable principal may be "*": the verdict is open, never "not public".
        if statement.defects.contains(.unreadable("Principal")), isPublic == false { isPublic = nil }
        continue
      }
      // A placeholder that is the whole value (not inside an ARN) may render to "*".
      let mayBeWildcard = principal.entries.contains { $0.hasPlaceholder && !$0.value.hasPrefix("arn:") }
      let unbounded = principal.isNot || principal.entries.contains(where: \.isWildcard)
      guard unbounded || mayBeWildcard else { continue }
      if !unbounded {
        if isPublic == false { isPublic = nil }
        continue
      }
      let clauses = statement.condition?.clauses ?? []
      let pinning = clauses.filter { AuditContext.pinsCaller($0, interpretsVariables: document.interpretsVariables) }
      if !pinning.isEmpty {
        // A template placeholder may render to a wildcard: then whether the statement is bounded is unknown.
        let templated = pinning.allSatisfy { clause in clause.values.contains(where: \.hasPlaceholder) }
        if templated, isPublic == false { isPublic = nil }
        continue
      }
      if statement.effect == nil
        || statement.defects.contains(where: { if case .unreadable = $0 { true } else { false } })
      {
        isPublic = nil
        continue
      }
      guard let action = probeAction(for: statement) else {
        // No ECR action readable here: unreadable or templated actions leave the verdict open.
        let templated = statement.action?.patterns.contains(where: \.hasPlaceholder) ?? true
        if templated, isPublic == false { isPublic = nil }
        continue
      }
      let caller = RequestPrincipal.accountRoot(partition: probe.partition, account: probe.stranger)
      var request = probe.identityRequest(caller, action: action)
      request.context.isOpen = false
      satisfy(clauses, in: &request.context)
      var verdict = probe.evaluate(request)
      let boundingDeny = verdict.repository.statements.contains { outcome in
        outcome.effect == .deny && outcome.applies == .yes
          && self.statement(withIndex: outcome.index).map(AuditContext.denyBoundsCallers) == true
      }
      if verdict.decision == .explicitDeny, boundingDeny { continue }
      if verdict.decision == .explicitDeny {
        // A Deny keyed on something the caller controls does not bound the audience: try to step around it.
        for outcome in verdict.repository.statements where outcome.effect == .deny && outcome.applies == .yes {
          let deny = self.statement(withIndex: outcome.index)
          defeat(deny?.condition?.clauses ?? [], in: &request.context)
        }
        verdict = probe.evaluate(request)
      }
      switch verdict.decision {
      case .allow:
        isPublic = true
        let actions = actions(of: statement)
        let shownActions =
          actions.count > 3 ? "\(actions.count) actions including \(action)" : actions.joined(separator: ", ")
        let who =
          principal.isNot ? "every principal not listed in 'NotPrincipal'" : "any AWS account and anonymous callers"
        let traps = clauses.compactMap(AuditContext.trap)
        let why = traps.isEmpty ? "no condition pins the caller to fixed values" : traps.joined(separator: "; ")
        report(
          AuditRules.publicAccess,
          String(joining: "statement \(statement.displayName) lets \(who) perform \(shownActions); \(why)"),
          at: principal.range,
          witness: witness(request, verdict)
        )
      case .indeterminate, .explicitDeny, .implicitDeny:
        // One probe that is not allowed proves nothing: another request might be. Only an allowed witness
        // proves "public", and only a pinning condition proves "bounded".
        if isPublic == false { isPublic = nil }
      }
    }
    return isPublic
  }

  /// Sets keys so that each clause holds, where a value that does so is easy to name.
  private func satisfy(_ clauses: [ConditionClause], in context: inout RequestContext) {
    for clause in clauses {
      guard let op = clause.conditionOperator, let first = clause.values.first?.text else { continue }
      let key = clause.key.value
      if op.base == .null {
        if clause.values.contains(where: { $0.text.lowercased() == "false" }) { context[key] = .single("x") }
        continue
      }
      // Negated operators, IfExists and ForAllValues all hold when the key is absent.
      if op.base.isNegated || op.ifExists || op.qualifier == .forAllValues { continue }
      let value: String
      switch op.base.family {
      case .ipAddress: value = String(first.split(separator: "/").first ?? Substring(first))
      default: value = AuditContext.fillWildcards(Substring(first), star: "x", question: "x")
      }
      context[key] = op.qualifier == .forAnyValue ? .multiple([value]) : .single(value)
    }
  }

  /// Sets keys so that a Deny's clauses fail, where the caller controls the key.
  private func defeat(_ clauses: [ConditionClause], in context: inout RequestContext) {
    for clause in clauses {
      guard let op = clause.conditionOperator, let first = clause.values.first?.text,
        !AuditContext.callerCannotChoose(clause.key.value)
      else { continue }
      if op.base.isNegated {
        context[clause.key.value] = .single(AuditContext.fillWildcards(Substring(first), star: "x", question: "x"))
      } else {
        context[clause.key.value] = .single("ecr-policy-other-value")
      }
    }
  }

  /// Keys a caller cannot set for itself: who it is, where it comes from, which service acts for whom.
  static func callerCannotChoose(_ key: String) -> Bool {
    [
      "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", "aws:userid",
      "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip",
      "aws:principalisawsservice", "aws:principaltype", "aws:principalservicename",
    ].contains(key.lowercased())
  }

  /// Whether a clause bounds the set of callers to fixed values (aws-facts §3.3).
  static func pinsCaller(_ clause: ConditionClause, interpretsVariables: Bool) -> Bool {
    guard let op = clause.conditionOperator, !op.ifExists, !op.base.isNegated, op.base != .null,
      op.qualifier != .forAllValues, !clause.values.isEmpty
    else { return false }
    let values = clause.values.map(\.text)
    // A policy variable is not a fixed value: "${aws:PrincipalAccount}" is every caller's own account.
    func fixed(_ text: Substring) -> Bool {
      !ASCII.contains(text, either: UInt8(ascii: "*"), or: UInt8(ascii: "?"))
        && !(interpretsVariables && ASCII.contains(text, "${"))
    }
    switch clause.normalizedKey {
    case "aws:sourcearn", "aws:principalarn":
      return values.allSatisfy { value in
        guard let fields = ARN.fields(of: value) else { return fixed(Substring(value)) }
        // An empty account field (S3 ARNs) pins no account.
        return fixed(fields[1]) && fixed(fields[2]) && ARN.isAccountID(fields[4])
      }
    case "aws:sourceaccount", "aws:sourceowner", "aws:principalaccount", "aws:principalorgid", "aws:sourcevpc",
      "aws:sourcevpce", "aws:userid":
      return values.allSatisfy { fixed(Substring($0)) }
    case "aws:principalorgpaths":
      return values.allSatisfy { fixed($0.split(separator: "/").first ?? "") }
    case "aws:sourceip":
      return op.base == .ipAddress && values.allSatisfy(AuditContext.isNarrowRange)
    default:
      return false
    }
  }

  /// S3's rule: no broader than /8 for IPv4 (/32 for IPv6), or inside RFC 1918 private space.
  static func isNarrowRange(_ text: String) -> Bool {
    guard let range = IPAddressRange(text) else { return false }
    let isV4 = !text.contains(":")
    if range.prefixLength >= (isV4 ? 8 : 32) { return true }
    guard isV4 else { return false }
    let privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].compactMap { IPAddressRange($0) }
    let network = String(text.split(separator: "/").first ?? "")
    guard let address = IPAddress(network) else { return false }
    return privateRanges.contains { $0.contains(address) && range.prefixLength >= $0.prefixLength }
  }

  /// A Deny to everyone unless the caller is among fixed values of keys it cannot choose (for example
  /// `StringNotEquals aws:PrincipalOrgID o-…`): every caller outside that fixed set is denied, so it bounds the
  /// audience. Every clause must be such a negated pin: any other clause lets a caller step around the Deny.
  static func denyBoundsCallers(_ statement: Statement) -> Bool {
    guard statement.effect?.value == .deny,
      statement.resource == nil || statement.resource?.entries.map(\.value) == ["*"],
      let principal = statement.principal, !principal.isNot, principal.entries.contains(where: \.isWildcard),
      let clauses = statement.condition?.clauses, !clauses.isEmpty
    else { return false }
    return clauses.allSatisfy { clause in
      guard let op = clause.conditionOperator, let positive = op.base.positiveTwin, op.qualifier == nil else {
        return false
      }
      let twin = ConditionClause(
        operatorName: clause.operatorName,
        conditionOperator: ConditionOperator(qualifier: nil, base: positive, ifExists: false),
        key: clause.key,
        values: clause.values
      )
      return pinsCaller(twin, interpretsVariables: true)
    }
  }

  /// Why a condition that looks restrictive is not, for the message.
  static func trap(_ clause: ConditionClause) -> String? {
    guard let op = clause.conditionOperator else { return nil }
    let why: String
    if op.ifExists {
      why = "holds when the key is absent, as it is for callers that are not services"
    } else if op.qualifier == .forAllValues {
      why = "holds when the key is absent"
    } else if op.base.isNegated {
      why = "excludes a few values and admits every other caller"
    } else {
      return nil
    }
    return String(joining: "'\(clause.operatorName.value)' on '\(clause.key.value)' \(why)")
  }
}
