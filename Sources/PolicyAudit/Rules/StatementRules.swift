import PolicyDiagnostics
import PolicyEvaluation
import PolicyModel
import PolicySyntax

/// Rules about single statements: `allow-with-not-principal`, `wildcard-without-like`, `ineffective-condition`,
/// `resource-element`, `unknown-action`, `excess-actions`, `unexpected-account`.
extension AuditContext {
  mutating func checkStatements() {
    for statement in document.statements {
      if statement.effect?.value == .allow, let principal = statement.principal, principal.isNot {
        report(
          AuditRules.allowWithNotPrincipal,
          "statement \(statement.displayName) allows every principal not listed in 'NotPrincipal', anonymous "
            + "callers included; name the principals in 'Principal' instead",
          at: principal.range
        )
      }
      if statement.effect?.value == .deny, let principal = statement.principal, principal.isNot {
        checkNotPrincipalAccounts(principal)
      }
      if document.kind == .repository, let resource = statement.resource {
        report(
          AuditRules.resourceElement,
          "statement \(statement.displayName) has a '\(resource.isNot ? "NotResource" : "Resource")' element; ECR "
            + "has rejected repository policies with one, and the policy applies to its repository anyway",
          at: resource.range
        )
      }
      checkActions(statement)
      checkConditions(statement)
    }
  }

  /// Deny + NotPrincipal: an exempted identity needs its account (and a session its role) listed too (spec §2.5).
  private mutating func checkNotPrincipalAccounts(_ principal: PrincipalElement) {
    let named = principal.entries.compactMap(\.awsPrincipal)
    let accounts = Set(named.compactMap { if case .account(_, let account) = $0 { account } else { nil } })
    let roles = Set(
      named.compactMap { if case .role(_, let account, _, let name) = $0 { account + "/" + name } else { nil } }
    )
    for entry in principal.entries {
      guard let identity = entry.awsPrincipal, let account = identity.account else { continue }
      var missing: [String] = []
      if case .account = identity { continue }
      if !accounts.contains(account) { missing.append("the account (arn:aws:iam::\(account):root)") }
      if case .assumedRole(_, _, let role, _) = identity, !roles.contains(account + "/" + role) {
        missing.append("the role '\(role)'")
      }
      guard !missing.isEmpty else { continue }
      report(
        AuditRules.notPrincipalWithoutAccount,
        "'NotPrincipal' exempts '\(entry.value)' from the Deny but not \(missing.joined(separator: " or ")); AWS may "
          + "check the account first and deny this principal anyway",
        at: entry.range
      )
    }
  }

  /// The ECR action names, lower-cased once for the suggestions of `unknown-action`.
  private static let actionNameCandidates = Suggestion.Candidates(ECRActions.all.map(\.name))

  private mutating func checkActions(_ statement: Statement) {
    // Every entry the rule reports matches no ECR action, which the statement's action set already noted: most
    // statements list only known actions, and looking each up again costs more than the rest of the rule.
    guard let element = statement.action,
      let position = AuditContext.position(of: statement.index, in: actionsByStatement, { $0.index }),
      actionsByStatement[position].anyEntryMatchesNothing
    else { return }
    for (entry, pattern) in zip(element.entries, element.patterns)
    where pattern.service == "ecr" && !pattern.hasPlaceholder && !pattern.isMalformed {
      if pattern.hasWildcard {
        guard ECRActions.indices(matching: entry.value).isEmpty else { continue }
        report(AuditRules.unknownAction, "'\(entry.value)' matches no ECR action", at: entry.range)
      } else if ECRActions.category(of: entry.value) == nil {
        let name = String(entry.value.split(separator: ":", maxSplits: 1).last ?? "")
        let suggestion = Suggestion.closest(to: name, among: AuditContext.actionNameCandidates)
        report(
          AuditRules.unknownAction,
          "'\(entry.value)' is not an ECR action" + (suggestion.map { "; did you mean 'ecr:\($0)'?" } ?? ""),
          at: entry.range
        )
      }
    }
  }

  private mutating func checkConditions(_ statement: Statement) {
    let principals = statement.principal?.isNot == false ? statement.principal?.entries ?? [] : []
    // By index: `allSatisfy` over the entries would copy each one, strings and parsed principal included.
    let onlyServices = !principals.isEmpty && principals.indices.allSatisfy { principals[$0].type == .service }
    let onlyIdentities =
      !principals.isEmpty
      && principals.indices.allSatisfy { principals[$0].type == .aws && !principals[$0].isWildcard }
    for clause in statement.condition?.clauses ?? [] {
      guard let op = clause.conditionOperator else { continue }
      let key = clause.normalizedKey
      // The string operators that compare without wildcards.
      if op.base.family == .string, !op.base.supportsWildcards {
        for value in clause.values where AuditContext.hasLiteralWildcard(value.text, document.interpretsVariables) {
          report(
            AuditRules.wildcardWithoutLike,
            "'\(clause.operatorName.value)' compares '\(value.text)' exactly, so its '*' or '?' matches only "
              + "itself; use '\(op.base.isNegated ? "StringNotLike" : "StringLike")'",
            at: value.range
          )
        }
      }
      if op.qualifier == .forAllValues, !AuditContext.multiValuedKeys.contains(key), !key.contains("tag") {
        report(
          AuditRules.ineffectiveCondition,
          "'\(clause.operatorName.value)' on the single-valued key '\(clause.key.value)' holds when the key is "
            + "absent, so it restricts nothing; use '\(op.base.rawValue)' without 'ForAllValues:'",
          at: clause.operatorName.range
        )
      }
      let positive = !op.base.isNegated && !op.ifExists && op.base != .null && op.qualifier != .forAllValues
      if positive, onlyServices, AuditContext.isIdentityKey(key) {
        report(
          AuditRules.ineffectiveCondition,
          "'\(clause.key.value)' describes a calling identity and is absent for service principals, so statement "
            + "\(statement.displayName) can never apply",
          at: clause.key.range
        )
      }
      if positive, onlyIdentities, key == "aws:sourcearn" || key == "aws:sourceaccount" {
        report(
          AuditRules.ineffectiveCondition,
          "'\(clause.key.value)' is set only when a service acts for a resource, never for the IAM principals "
            + "statement \(statement.displayName) names, so it can never apply",
          at: clause.key.range
        )
      }
    }
  }

  /// Push, delete and policy-administration actions: what `excess-actions` reports when others are granted them.
  static let riskyActions = ECRActions.positions { category in
    switch category {
    case .push, .delete, .policyAdmin: true
    default: false
    }
  }

  /// Push, delete and policy-administration for others; anything beyond the two pull actions for Lambda.
  mutating func checkExcessActions() {
    for statement in document.statements where statement.effect?.value == .allow {
      guard let principal = statement.principal, let actionElement = statement.action else { continue }
      let actions = actionSet(of: statement)
      if isLambdaStatement(statement) {
        let extra = actions.subtracting(ECRActions.lambdaPullSet)
        if !extra.isEmpty {
          report(
            AuditRules.excessActions,
            "lambda.amazonaws.com needs only ecr:BatchGetImage and ecr:GetDownloadUrlForLayer; statement "
              + "\(statement.displayName) also grants \(AuditContext.list(extra))",
            at: actionElement.range
          )
        }
      }
      let risky = actions.intersection(AuditContext.riskyActions)
      guard !risky.isEmpty else { continue }
      let others =
        principal.isNot
        || principal.entries.contains { entry in
          if entry.isWildcard { return true }
          guard entry.type == .aws, let owner = intent.owner, !entry.hasPlaceholder else {
            return false
          }
          return (entry.awsPrincipal ?? AWSPrincipal(entry.value)).account.map { $0 != owner } ?? false
        }
      guard others else { continue }
      report(
        AuditRules.excessActions,
        "statement \(statement.displayName) lets \(principal.entries.contains(where: \.isWildcard) ? "everyone" : "another account") "
          + "push, delete or administer the repository: \(AuditContext.list(risky))",
        at: actionElement.range
      )
    }
  }

  /// Accounts the intent does not name that the evaluator lets act.
  mutating func checkUnexpectedAccounts(consumers: [ConsumerAccess]) {
    guard intent.namesAccounts else { return }
    // Inferred consumers are what the policy evidently intends; only accounts beyond them are unexpected.
    var expected = Set(intent.consumers).union(consumers.map(\.account))
    if let owner = intent.owner { expected.insert(owner) }
    var reported: Set<String> = []
    for statement in document.statements where statement.effect?.value == .allow {
      guard let principal = statement.principal, !principal.isNot, let action = probeAction(for: statement)
      else { continue }
      // By index: a loop over the entries would copy each one, strings and parsed principal included.
      let entries = principal.entries
      for position in entries.indices where entries[position].type == .aws && !entries[position].hasPlaceholder {
        let named = (entries[position].awsPrincipal ?? AWSPrincipal(entries[position].value))
        guard let account = named.account, !expected.contains(account), !reported.contains(account),
          let caller = AuditContext.caller(for: named)
        else { continue }
        let request = probe.identityRequest(caller, action: action)
        let verdict = probe.evaluate(request)
        guard verdict.decision == .allow else { continue }
        reported.insert(account)
        report(
          AuditRules.unexpectedAccount,
          "account \(account) is neither the owner nor a declared consumer, and statement \(statement.displayName) "
            + "lets it perform \(action)",
          at: entries[position].range,
          witness: witness(request, verdict)
        )
      }
    }
    for statement in lambdaStatements where statement.effect?.value == .allow {
      for clause in statement.condition?.clauses ?? [] {
        let key = clause.normalizedKey
        guard key == "aws:sourcearn" || key == "aws:sourceaccount" else { continue }
        for value in clause.values {
          guard let account = AuditContext.pinnedAccount(value.text, key: key), !expected.contains(account),
            !reported.contains(account)
          else { continue }
          guard lambdaPull(account).granted == true else { continue }
          reported.insert(account)
          // The witness is the probe of a function of any name, asked again: pull results keep only denied probes.
          let request = probe.lambdaRequest(
            functionARN: probe.functionARN(account: account),
            account: account,
            action: ECRActions.lambdaPull[0]
          )
          report(
            AuditRules.unexpectedAccount,
            "account \(account) is neither the owner nor a declared consumer, and Lambda may pull for its functions",
            at: value.range,
            witness: witness(request, probe.evaluate(request))
          )
        }
      }
    }
  }

  private static func caller(for named: AWSPrincipal) -> RequestPrincipal? {
    switch named {
    case .account(let partition, let account): .accountRoot(partition: partition ?? "aws", account: account)
    case .user(let partition, let account, let path, let name):
      .user(partition: partition, account: account, path: path, name: name)
    case .role(let partition, let account, let path, let name):
      .roleSession(partition: partition, account: account, rolePath: path, role: name, session: "probe")
    case .assumedRole(let partition, let account, let role, let session):
      .roleSession(partition: partition, account: account, rolePath: "/", role: role, session: session)
    case .federatedUser(let partition, let account, let name):
      .federatedUser(partition: partition, account: account, name: name)
    default: nil
    }
  }

  /// The actions of `actions` for a message, in table order: all of them up to six, else the first six and how many
  /// more. Written name by name from the table: an array of the names joined through the standard library's generic
  /// path cost several times more than the text itself.
  static func list(_ actions: ActionSet) -> String {
    var text = ""
    var shown = 0
    for position in ActionPositions(actions) {
      guard shown < 6 else { break }
      if shown > 0 { text += ", " }
      text += ECRActions.qualifiedNames[position]
      shown += 1
    }
    if actions.count > 6 { text += " and \(actions.count - 6) more" }
    return text
  }

  /// Keys that can hold several values: set operators are right for them.
  static let multiValuedKeys: Set<String> = [
    "aws:calledvia", "aws:principalservicenameslist", "aws:tagkeys", "aws:principalorgpaths", "aws:sourceorgpaths",
    "aws:resourceorgpaths",
  ]

  /// Keys about the calling IAM identity, which service principals do not have.
  static func isIdentityKey(_ key: String) -> Bool {
    identityKeys.contains(key) || key.hasPrefix("aws:principaltag/")
  }

  /// Made once: an array literal in ``isIdentityKey(_:)`` would be allocated for every condition clause audited.
  private static let identityKeys = [
    "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", "aws:userid",
    "aws:username",
  ]

  /// A `*` or `?` that is not one of the policy-variable escapes `${*}`, `${?}`.
  static func hasLiteralWildcard(_ text: String, _ interpretsVariables: Bool) -> Bool {
    // Nearly every value has no wildcard at all, and removing escapes cannot add one.
    guard ASCII.contains(text, either: UInt8(ascii: "*"), or: UInt8(ascii: "?")) else { return false }
    guard interpretsVariables else { return true }
    let bytes = Array(text.utf8)
    let stripped: [UInt8]
    if bytes.allSatisfy({ $0 < 0x80 }) {
      // In ASCII text characters are bytes, so removing the escapes byte by byte is what `replacing` does.
      stripped = removingAll(Array("${?}".utf8), from: removingAll(Array("${*}".utf8), from: bytes))
    } else {
      stripped = Array(text.replacing("${*}", with: "").replacing("${?}", with: "").utf8)
    }
    return stripped.contains(UInt8(ascii: "*")) || stripped.contains(UInt8(ascii: "?"))
  }

  /// `bytes` without the occurrences of `needle`, found left to right without overlapping.
  private static func removingAll(_ needle: [UInt8], from bytes: [UInt8]) -> [UInt8] {
    var kept: [UInt8] = []
    kept.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index...].starts(with: needle) {
        index += needle.count
      } else {
        kept.append(bytes[index])
        index += 1
      }
    }
    return kept
  }
}
