import PolicyDiagnostics
import PolicyEvaluation
import PolicyModel
import PolicySyntax

/// The two halves of cross-account Lambda access, per consumer: `missing-account-pull` and `missing-lambda-pull`.
extension AuditContext {
  /// Accounts the policy grants both pull actions to through an account principal, or pins in a Lambda statement's
  /// aws:SourceArn or aws:SourceAccount: the consumers the author evidently had in mind.
  func inferredConsumers() -> [String] {
    // A handful of accounts at most: arrays scanned beat sets hashed.
    var accounts: [String] = []
    for statement in document.statements where statement.effect?.value == .allow {
      guard let principal = statement.principal, !principal.isNot else { continue }
      // By index: a loop over the entries would copy each one, strings and parsed principal included.
      let entries = principal.entries
      for position in entries.indices where entries[position].type == .aws {
        // An account named again is answered from the probe cache: no list of the accounts already asked is needed.
        guard case .account(_, let account) = (entries[position].awsPrincipal ?? AWSPrincipal(entries[position].value)),
          !accounts.contains(account)
        else {
          continue
        }
        if accountPull(account).granted == true { accounts.append(account) }
      }
    }
    for statement in lambdaStatements where statement.effect?.value == .allow {
      for clause in statement.condition?.clauses ?? [] {
        let key = clause.normalizedKey
        // A negated operator names accounts that are excluded, not consumers.
        guard key == "aws:sourcearn" || key == "aws:sourceaccount", clause.conditionOperator?.base.isNegated == false
        else { continue }
        for value in clause.values {
          if let account = AuditContext.pinnedAccount(value.text, key: key), !accounts.contains(account) {
            accounts.append(account)
          }
        }
      }
    }
    // In place: `sorted()` would copy the list into a new array.
    accounts.sort()
    return accounts
  }

  /// The 12-digit account a SourceArn or SourceAccount value names, if it names exactly one.
  static func pinnedAccount(_ value: String, key: String) -> String? {
    if key == "aws:sourceaccount" { return ARN.isAccountID(value) ? value : nil }
    return accountID(inSourceArn: value)
  }

  /// The account field of `text` when the text has the six fields of an ARN and that field is 12 digits. The field is
  /// read in place (``ARNFields/withFieldBytes(of:_:)``) and made a String only once it is known to be an account:
  /// cutting the fields out cost several times more, for the value of nearly every Lambda statement.
  static func accountID(inSourceArn text: String) -> String? {
    ARNFields.withFieldBytes(of: text) { fields -> String? in
      let field = fields[4]
      guard field.count == 12, field.allSatisfy(ASCII.isDigit) else { return nil }
      return String(decoding: field, as: UTF8.self)
    } ?? nil
  }

  /// The account root's two pull requests and whether both are granted.
  func accountPull(_ account: String) -> PullResult {
    cache.accountPull(account) { computeAccountPull(account) }
  }

  private func computeAccountPull(_ account: String) -> PullResult {
    let principal = RequestPrincipal.accountRoot(partition: probe.partition, account: account)
    return pulls(probe.identityRequest(principal, action: ECRActions.lambdaPull[0]))
  }

  /// Lambda's pull for a function of `account`: a function of any name first, then the functions the policy's own
  /// aws:SourceArn patterns single out, so a grant scoped to named functions still counts as a grant.
  func lambdaPull(_ account: String) -> LambdaPullResult {
    cache.lambdaPull(account) { computeLambdaPull(account) }
  }

  private func computeLambdaPull(_ account: String) -> LambdaPullResult {
    func pulls(_ functionARN: String) -> PullResult {
      self.pulls(probe.lambdaRequest(functionARN: functionARN, account: account, action: ECRActions.lambdaPull[0]))
    }
    let generic = pulls(probe.functionARN(account: account))
    let anyFunction = generic.granted
    if anyFunction == true { return LambdaPullResult(granted: true, limitedTo: [], denied: nil) }
    var limitedTo: [String] = []
    var unknown = anyFunction == nil
    for pattern in functionPatterns(for: account) {
      switch pulls(pattern.functionARN).granted {
      case true?: limitedTo.append(pattern.pattern)
      case nil: unknown = true
      case false?: break
      }
    }
    if !limitedTo.isEmpty { return LambdaPullResult(granted: true, limitedTo: limitedTo.sorted(), denied: nil) }
    // Not granted and nothing unknown: the generic probe was denied.
    return unknown
      ? LambdaPullResult(granted: nil, limitedTo: [], denied: nil)
      : LambdaPullResult(granted: false, limitedTo: [], denied: generic.denied)
  }

  /// aws:SourceArn patterns of Lambda statements that can name functions of `account`, each with a function ARN
  /// made from it (wildcards filled in).
  private func functionPatterns(for account: String) -> [FunctionPattern] {
    var result: [FunctionPattern] = []
    for statement in lambdaStatements {
      for clause in statement.condition?.clauses ?? [] where clause.normalizedKey == "aws:sourcearn" {
        for value in clause.values where !value.hasPlaceholder {
          guard
            let resource = AuditContext.functionResource(
              ofPattern: value.text,
              account: account,
              partition: probe.partition,
              region: probe.region
            )
          else { continue }
          let arn = probe.functionARN(account: account, resource: resource)
          result.append(FunctionPattern(pattern: value.text, functionARN: arn))
        }
      }
    }
    return result
  }

  /// The resource of a function ARN of `account`, in `partition` and `region`, that aws:SourceArn pattern `value`
  /// matches (wildcards filled in); nil when the pattern matches no such function ARN.
  static func functionResource(
    ofPattern value: String,
    account: String,
    partition: String,
    region: String
  )
    -> String?
  {
    guard let fields = ARN.fields(of: value) else { return nil }
    // The usual pattern, every function of the account, compared in place: cutting and matching its fields costs
    // several times more. A text matches itself as a pattern, so the general path gives the same.
    func field(_ position: Int, is text: String) -> Bool { fields.field(position) { $0.elementsEqual(text.utf8) } }
    if fields.field(5, is: "function:*"), fields.field(2, is: "lambda"), field(4, is: account),
      field(1, is: partition), field(3, is: region)
    {
      return "function:probe"
    }
    return generalFunctionResource(of: fields, account: account, partition: partition, region: region)
  }

  /// ``functionResource(ofPattern:account:partition:region:)`` for any pattern.
  static func generalFunctionResource(
    of fields: ARNFields,
    account: String,
    partition: String,
    region: String
  )
    -> String?
  {
    // Only a real function ARN of this partition and Region is something Lambda could pull with. The ARN is the
    // pattern with its fields filled in: the partition, service and Region fields come out as these exactly when
    // they match them (any other filling is text the field matches, so it cannot equal them).
    guard Glob.matches(pattern: fields[4], text: account, caseSensitive: true),
      Glob.matches(pattern: fields[1], text: partition, caseSensitive: true),
      Glob.matches(pattern: fields[2], text: "lambda", caseSensitive: true),
      Glob.matches(pattern: fields[3], text: region, caseSensitive: true)
    else { return nil }
    let resource = AuditContext.fillWildcards(fields[5], star: "probe", question: "x")
    guard resource.hasPrefix("function:"), resource.count > "function:".count else { return nil }
    return resource
  }

  /// `pattern` with each `*` and `?` replaced: one concrete text the pattern matches.
  static func fillWildcards(_ pattern: Substring, star: String, question: String) -> String {
    // Nearly every pattern is ASCII: its bytes are its characters, and `*` and `?` can be replaced byte by byte.
    // Other text goes character by character, where a `*` followed by a combining mark is not a wildcard.
    if ASCII.allBytes(of: pattern, satisfy: { $0 < 0x80 }) {
      guard ASCII.contains(pattern, either: UInt8(ascii: "*"), or: UInt8(ascii: "?")) else { return String(pattern) }
      var bytes: [UInt8] = []
      bytes.reserveCapacity(pattern.utf8.count + star.utf8.count)
      for byte in pattern.utf8 {
        switch byte {
        case UInt8(ascii: "*"): bytes.append(contentsOf: star.utf8)
        case UInt8(ascii: "?"): bytes.append(contentsOf: question.utf8)
        default: bytes.append(byte)
        }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
    var out = ""
    for character in pattern {
      switch character {
      case "*": out += star
      case "?": out += question
      default: out.append(character)
      }
    }
    return out
  }

  /// Computes access for every consumer and reports the missing halves.
  mutating func checkConsumers(declared: [String]) -> [ConsumerAccess] {
    let inferred = declared.isEmpty
    let accounts = inferred ? inferredConsumers() : declared
    var result: [ConsumerAccess] = []
    result.reserveCapacity(accounts.count)
    for account in accounts {
      let isOwner = account == intent.owner
      let accountAccess = accountPull(account)
      let lambdaAccess = lambdaPull(account)
      result.append(
        ConsumerAccess(
          account: account,
          inferred: inferred,
          accountCanPull: accountAccess.granted,
          lambdaCanPull: lambdaAccess.granted,
          lambdaLimitedTo: lambdaAccess.limitedTo
        )
      )
      let severity: Severity = inferred ? .warning : .error
      // Messages are spelled out only for the findings reported, not for every consumer, and joined in one
      // allocation (``JoinedText``): they are made for nearly every file of a run.
      let label = inferred ? "inferred consumer" : "consumer"
      var inference: String {
        guard inferred else { return "" }
        guard intent.owner == nil else {
          return String(
            joining: """
               (\(account) is an inferred consumer: the policy grants it a pull or pins it in a Lambda condition; \
              declare consumers with --consumer)
              """
          )
        }
        return String(
          joining: """
             (\(account) is an inferred consumer: the policy grants it a pull or pins it in a Lambda condition; \
            declare consumers with --consumer); if \(account) owns the repository, pass --owner \(account): \
            same-account functions need only the Lambda statement
            """
        )
      }
      // Same-account callers are granted by their identity policies; only the Lambda half matters for the owner.
      if !isOwner, accountAccess.granted == false, !deployerMayPull(account), let failing = accountAccess.denied {
        let (anchor, why) = explanation(for: failing, principalLabel: "account " + account)
        report(
          AuditRules.missingAccountPull,
          String(
            joining: """
              \(label) \(account) cannot pull: \(why); creating or updating functions from this image in \(account) \
              fails with AccessDenied until a statement lets arn:\(probe.partition):iam::\(account):root perform \
              ecr:BatchGetImage and ecr:GetDownloadUrlForLayer\(inference)
              """
          ),
          at: anchor,
          severity: severity,
          witness: witness(failing.request, failing.verdict)
        )
      }
      if lambdaAccess.granted == false, let failing = lambdaAccess.denied {
        let (anchor, why) = explanation(for: failing, principalLabel: "lambda.amazonaws.com")
        report(
          AuditRules.missingLambdaPull,
          String(
            joining: """
              Lambda cannot pull for functions of \(label) \(account) in \(probe.region): \(why). Functions deploy, \
              then fail once they go Inactive and Lambda re-fetches the image ('Failed to restore the function'); \
              Lambda re-adds its own statement only when the deployer holds ecr:GetRepositoryPolicy and \
              ecr:SetRepositoryPolicy\(inference)
              """
          ),
          at: anchor,
          severity: severity,
          witness: witness(failing.request, failing.verdict)
        )
      }
    }
    return result
  }

  /// Whether an IAM user or role of `account` that the policy names may perform both pull actions: the Lambda
  /// guide accepts specific deployer principals instead of the whole account (spec §5.3).
  private func deployerMayPull(_ account: String) -> Bool {
    for statement in document.statements where statement.effect?.value == .allow {
      guard let principal = statement.principal, !principal.isNot else { continue }
      for entry in principal.entries where entry.type == .aws {
        let caller: RequestPrincipal
        switch entry.awsPrincipal {
        case .role(let partition, account, let path, let name)?:
          caller = .roleSession(partition: partition, account: account, rolePath: path, role: name, session: "deploy")
        case .user(let partition, account, let path, let name)?:
          caller = .user(partition: partition, account: account, path: path, name: name)
        default: continue
        }
        if pulls(probe.identityRequest(caller, action: ECRActions.lambdaPull[0])).granted == true { return true }
      }
    }
    return false
  }

  /// Both pull actions for one request (its action replaced): the request is built once, and evaluation stops at
  /// the first action that is denied, which already decides "cannot pull".
  func pulls(_ base: consuming Request) -> PullResult {
    var request = base
    if pullActionsAlike {
      // The action is the only part of the request that changes, so alike actions share the first verdict, and the
      // first probe already says all there is to say: the second is neither evaluated nor kept.
      request.action = ECRActions.lambdaPull[0]
      let verdict = probe.evaluate(request)
      assert(
        {
          var second = request
          second.action = ECRActions.lambdaPull[1]
          let evaluated = probe.evaluate(second)
          return verdict.decision == evaluated.decision && verdict.repository == evaluated.repository
            && verdict.registry == evaluated.registry
        }(),
        "alike pull actions must have the same verdict"
      )
      let granted = verdict.isGranted
      return PullResult(granted: granted, denied: granted == false ? Probe(request: request, verdict: verdict) : nil)
    }
    var unknown = false
    for action in ECRActions.lambdaPull {
      request.action = action
      let verdict = probe.evaluate(request)
      switch verdict.isGranted {
      case false?: return PullResult(granted: false, denied: Probe(request: request, verdict: verdict))
      case nil: unknown = true
      case true?: break
      }
    }
    return PullResult(granted: unknown ? nil : true, denied: nil)
  }

  /// Where to point, and why the request is not granted, from the evaluator's trace.
  /// `principalLabel` is spelled out only for the explanation that names no statement.
  private func explanation(
    for failing: Probe,
    principalLabel: @autoclosure () -> String
  ) -> (anchor: SourceRange, why: String) {
    // Probes run without traces: the statement the explanation names is evaluated again with its reason.
    let outcomes = failing.verdict.repository.statements
    func statement(_ outcome: StatementOutcome) -> Statement? { self.statement(withIndex: outcome.index) }
    if let deny = outcomes.first(where: { $0.effect == .deny && $0.applies == .yes }), let statement = statement(deny) {
      let reason = probe.tracedOutcome(of: statement, for: failing.request).reason
      var note = ""
      if failing.request.principal.account == nil, mentions(statement, key: "aws:principalorgid"),
        !mentions(statement, key: "aws:principalisawsservice")
      {
        note =
          "; a Deny on aws:PrincipalOrgID also catches service principals, which belong to no organization: "
          + "add \"BoolIfExists\": {\"aws:PrincipalIsAWSService\": \"false\"} to it"
      }
      let why = String(joining: "statement \(statement.displayName) denies it (\(reason))\(note)")
      return (statement.range, why)
    }
    if failing.verdict.registry?.decision == .explicitDeny {
      return (documentAnchor, "the registry policy denies it")
    }
    // An Allow that names this principal but whose condition or action did not match explains the most.
    if let named = outcomes.first(where: { $0.effect == .allow && !$0.excludesPrincipal }),
      let statement = statement(named)
    {
      let reason = probe.tracedOutcome(of: statement, for: failing.request).reason
      var note = ""
      if failing.request.principal.account == nil, mentions(statement, key: "aws:principalorgid"),
        statement.principal?.entries.contains(where: \.isWildcard) == true
      {
        note =
          "; Principal '*' restricted by aws:PrincipalOrgID does not admit the Lambda service, which belongs "
          + "to no organization"
      }
      let why = String(joining: "statement \(statement.displayName) does not grant it (\(reason))\(note)")
      return (statement.range, why)
    }
    return (documentAnchor, "no statement grants it to \(principalLabel())")
  }

  /// The start of the document, for an explanation that names no statement; its JSON path is empty.
  private var documentAnchor: SourceRange { .at(document.range.start) }

  private func mentions(_ statement: Statement, key: String) -> Bool {
    statement.condition?.clauses.contains { $0.normalizedKey == key } ?? false
  }
}
