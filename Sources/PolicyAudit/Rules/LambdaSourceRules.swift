import PolicyDiagnostics
import PolicyEvaluation
import PolicyModel
import PolicySyntax

/// Rules about what Lambda statements are keyed on: `lambda-without-source`, `broad-source-arn`,
/// `lambda-source-arn-mismatch`, `execution-role-grant`, `lambda-managed-statement`.
extension AuditContext {
  /// A Lambda statement that lets a function of an account nobody named pull.
  mutating func checkLambdaWithoutSource() {
    for statement in lambdaStatements where statement.effect?.value == .allow {
      guard let principal = statement.principal, !principal.entries.contains(where: \.isWildcard),
        let action = probeAction(for: statement),
        let entry = principal.entries.first(where: { $0.type == .service && AuditContext.isLambda($0.value) })
      else { continue }
      // Most Lambda statements are pinned to accounts and do not apply to a stranger's function. A condition that
      // lists accounts or function ARNs literally says so without the evaluator (the stranger's account appears
      // nowhere in the policy); otherwise the statement alone says so, and only a statement that applies needs the
      // whole policy's decision.
      guard !AuditContext.pinsOtherAccounts(statement, stranger: probe.stranger) else { continue }
      let request = probe.strangerLambdaRequest(action: action)
      guard probe.outcome(of: statement, for: request).applies == .yes else { continue }
      let verdict = probe.evaluate(request)
      let outcome = verdict.repository.statements.first { $0.index == statement.index }
      guard outcome?.applies == .yes, verdict.decision == .allow else { continue }
      report(
        AuditRules.lambdaWithoutSource,
        String(
          joining: """
            statement \(statement.displayName) lets lambda.amazonaws.com pull for functions of any account: no \
            condition pins aws:SourceArn or aws:SourceAccount to accounts, so a function in \(probe.stranger) can \
            use the image too; add StringLike 'aws:SourceArn' with \
            arn:\(probe.partition):lambda:\(probe.region):ACCOUNT:function:* for each account that should
            """
        ),
        at: entry.range,
        witness: witness(request, verdict)
      )
    }
  }

  /// Whether a condition of `statement` cannot hold for Lambda pulling for a function of `stranger`: a StringEquals
  /// or StringLike clause on aws:SourceAccount or aws:SourceArn each of whose values names another account before
  /// any wildcard, with no policy variable. Any other condition is left to the evaluator.
  static func pinsOtherAccounts(_ statement: Statement, stranger: String) -> Bool {
    func namesOtherAccount(_ value: ConditionValue, key: String) -> Bool {
      // A policy variable such as ${aws:SourceAccount} is filled in from the request, with the stranger's account.
      guard !value.hasPlaceholder, !ASCII.contains(value.text, "$") else { return false }
      if key == "aws:sourceaccount" {
        return value.text != stranger && !ASCII.contains(value.text, either: UInt8(ascii: "*"), or: UInt8(ascii: "?"))
      }
      return AuditContext.namesOtherAccountThan(stranger, inSourceArn: value.text)
    }
    for clause in statement.condition?.clauses ?? [] {
      let key = clause.normalizedKey
      guard key == "aws:sourceaccount" || key == "aws:sourcearn", let op = clause.conditionOperator,
        op.qualifier == nil, op.base == .stringEquals || op.base == .stringLike, !clause.values.isEmpty
      else { continue }
      if clause.values.allSatisfy({ namesOtherAccount($0, key: key) }) { return true }
    }
    return false
  }

  /// aws:SourceArn and aws:SourceAccount values, checked against what a Lambda pull can carry.
  mutating func checkSourceValues(consumers: [ConsumerAccess]) {
    for statement in document.statements {
      for clause in statement.condition?.clauses ?? [] {
        let key = clause.normalizedKey
        guard key == "aws:sourcearn" || key == "aws:sourceaccount", let op = clause.conditionOperator,
          !op.base.isNegated
        else { continue }
        for value in clause.values where !value.hasPlaceholder {
          if isLambdaStatement(statement) {
            checkLambdaSource(value, key: key, op: op, statement: statement, consumers: consumers)
          } else if key == "aws:sourcearn" {
            checkBroadSource(value, statement: statement, checkRegion: true)
          }
        }
      }
    }
  }

  private mutating func checkBroadSource(_ value: ConditionValue, statement: Statement, checkRegion: Bool) {
    let text = value.text
    // Without a wildcard before the resource, no field this rule looks at is broad and only the Region is left to
    // check: nearly every value (`...:function:*`), which the field-by-field reading below costs several times more.
    guard AuditContext.hasWildcardBeforeResource(text) || (checkRegion && intent.region != nil) else { return }
    guard let fields = ARN.fields(of: text) else {
      if ASCII.contains(text, either: UInt8(ascii: "*"), or: UInt8(ascii: "?")) {
        report(
          AuditRules.broadSourceArn,
          "aws:SourceArn value '\(text)' is a wildcard that spans every field of the ARN: any service of any "
            + "account matches",
          at: value.range
        )
      }
      return
    }
    var broad: [String] = []
    if ASCII.contains(fields[1], either: UInt8(ascii: "*"), or: UInt8(ascii: "?")) { broad.append("partition") }
    if ASCII.contains(fields[2], either: UInt8(ascii: "*"), or: UInt8(ascii: "?")) { broad.append("service") }
    if ASCII.contains(fields[4], either: UInt8(ascii: "*"), or: UInt8(ascii: "?")) { broad.append("account") }
    if !broad.isEmpty {
      report(
        AuditRules.broadSourceArn,
        "aws:SourceArn value '\(text)' has a wildcard in its \(broad.joined(separator: " and ")) field"
          + (broad.contains("account") ? ", so every account's resources match" : ""),
        at: value.range
      )
    } else if checkRegion, let region = intent.region, !ASCII.contains(fields[3], "*"), !ASCII.contains(fields[3], "?"),
      !fields[3].isEmpty, fields[3] != region
    {
      report(
        AuditRules.broadSourceArn,
        "aws:SourceArn value '\(text)' names Region '\(fields[3])', but the repository is in '\(region)'",
        at: value.range
      )
    }
  }

  /// Whether aws:SourceArn value `text` cannot match a function ARN of `account`. Text up to the first wildcard must
  /// be where that ARN starts: without a wildcard before the resource, that text holds the account field, so the ARNs
  /// share it. A text with fewer fields and no wildcard equals no ARN. The account field is compared in place
  /// (``ARNFields/withFieldBytes(of:_:)``): cutting it out cost several times more, for the value of nearly every
  /// Lambda statement.
  static func namesOtherAccountThan(_ account: String, inSourceArn text: String) -> Bool {
    guard !hasWildcardBeforeResource(text) else { return false }
    return ARNFields.withFieldBytes(of: text) { !$0[4].elementsEqual(account.utf8) } ?? true
  }

  /// Whether `text` has a `*` or `?` before its fifth colon (anywhere, when it has fewer): in a field of an ARN other
  /// than the resource, or in a text that is no ARN.
  static func hasWildcardBeforeResource(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var colons = 0
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "*"), UInt8(ascii: "?"): return true
        case UInt8(ascii: ":"):
          colons += 1
          if colons == 5 { return false }
        default: continue
        }
      }
      return false
    }
  }

  private mutating func checkLambdaSource(
    _ value: ConditionValue,
    key: String,
    op: ConditionOperator,
    statement: Statement,
    consumers: [ConsumerAccess]
  ) {
    let text = value.text
    let partition = probe.partition
    if key == "aws:sourceaccount" {
      // A policy variable is filled in from the request (${aws:SourceAccount} is the caller's own account): whether
      // the value can be an account is not a property of its text. (`${*}`, `${?}` and `${$}` are plain characters.)
      let hasVariable =
        document.interpretsVariables && ASCII.contains(text, "${")
        && !TokenizedPolicyValue(text, interpretsVariables: true).variableNames.isEmpty
      guard !hasVariable else { return }
      let wildcards = op.base.supportsWildcards
      let couldBeAccount =
        ARN.isAccountID(text)
        || (wildcards && Glob.intersects(text, "????????????") && !text.contains(where: { $0.isLetter }))
      guard !couldBeAccount else { return }
      let meant = ARN.fields(of: text).map { String($0[4]) }.flatMap { ARN.isAccountID($0) ? $0 : nil }
      report(
        AuditRules.lambdaSourceArnMismatch,
        "aws:SourceAccount value '\(text)' is not a 12-digit account ID, so it never matches a Lambda pull"
          + (meant.map { "; probably meant '\($0)'" } ?? ""),
        at: value.range,
        severity: severity(forAccount: meant, consumers: consumers)
      )
      return
    }
    checkBroadSource(value, statement: statement, checkRegion: false)
    guard
      !AuditContext.namesFunctionPattern(text, partition: partition, region: intent.region),
      !AuditContext.canDescribePull(text, under: op.base, partition: partition, region: intent.region)
    else { return }
    let fields = ARN.fields(of: text)
    let account = fields.flatMap { ARN.isAccountID($0[4]) ? String($0[4]) : nil }
    let what =
      fields.flatMap { whyNoPull(fields: $0, partition: partition) }
      ?? "it is not a Lambda function ARN of \(partition) in \(intent.region ?? "any Region")"
    let meant = String(
      joining: "arn:\(partition):lambda:\(intent.region ?? "REGION"):\(account ?? "ACCOUNT"):function:*"
    )
    report(
      AuditRules.lambdaSourceArnMismatch,
      String(
        joining: "aws:SourceArn value '\(text)' can never match a Lambda pull: \(what); probably meant '\(meant)'"
      ),
      at: value.range,
      severity: severity(forAccount: account, consumers: consumers)
    )
  }

  /// Which field of an ARN keeps a Lambda pull from matching it, for the message; nil when none says so. Only the
  /// reason given is spelled out.
  private func whyNoPull(fields: ARNFields, partition: String) -> String? {
    // A String's `hasPrefix` compares bytes, where a Substring's compares character by character, ten times slower.
    let resource = String(fields[5])
    if fields[2] != "lambda", !ASCII.contains(fields[2], "*") {
      if fields[2] == "iam", resource.hasPrefix("role/") {
        return "it is an IAM role ARN (perhaps the function's execution role), and Lambda pulls with the "
          + "function's own ARN"
      }
      return "it is an ARN of '\(fields[2])', not of a Lambda function"
    }
    if let region = intent.region, !ASCII.contains(fields[3], "*"), fields[3] != region {
      return "it names Region '\(fields[3])', and Lambda pulls only from its own Region (\(region))"
    }
    if fields[1] != partition, !ASCII.contains(fields[1], "*") {
      return "it names partition '\(fields[1])', and the repository is in '\(partition)'"
    }
    if !resource.hasPrefix("function:"), !resource.hasPrefix("*") {
      return "its resource '\(fields[5])' is not 'function:NAME'"
    }
    return nil
  }

  /// Whether a Lambda pull's aws:SourceArn (`arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME`, any Region when
  /// none is given) can match `text` under `op`: the value intersected with that pattern, field
  /// by field for ARN operators.
  static func canDescribePull(_ text: String, under op: BaseOperator, partition: String, region: String?) -> Bool {
    let target = "arn:\(partition):lambda:\(region ?? "*"):????????????:function:*"
    switch op.family {
    case .arn:
      guard let fields = ARN.fields(of: text), let targetFields = ARN.fields(of: target) else { return false }
      return zip(fields, targetFields).allSatisfy { Glob.intersects($0, $1) }
    default:
      let hasWildcard = ASCII.contains(text, either: UInt8(ascii: "*"), or: UInt8(ascii: "?"))
      return op.supportsWildcards && hasWildcard
        ? Glob.intersects(text, target) : Glob.matches(pattern: target, text: text, caseSensitive: true)
    }
  }

  /// True when `text` spells out, without wildcards, `arn:PARTITION:lambda:REGION:ACCOUNT:function:` (any Region
  /// when none is given, a 12-digit account) followed by anything: the shape of nearly every value, which a pulling
  /// function's ARN matches under any operator. The general test (intersecting the value with
  /// `arn:PARTITION:lambda:REGION:????????????:function:*`) says the same for it: every field equals or fills its
  /// part of that pattern, and the final `*` takes whatever follows `function:`. It only costs more. Read as bytes:
  /// comparing substrings as strings would cost more than the intersection.
  static func namesFunctionPattern(_ text: String, partition: String, region: String?) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var offset = 0
      func skip(_ literal: String) -> Bool {
        guard ASCII.matches(literal, in: bytes, at: offset) else { return false }
        offset += literal.utf8.count
        return true
      }
      guard skip("arn:"), skip(partition), skip(":lambda:") else { return false }
      if let region {
        guard skip(region), skip(":") else { return false }
      } else {
        while offset < bytes.count, bytes[offset] != UInt8(ascii: ":") {
          guard bytes[offset] != UInt8(ascii: "*"), bytes[offset] != UInt8(ascii: "?") else { return false }
          offset += 1
        }
        guard skip(":") else { return false }
      }
      guard bytes.count - offset >= 12, bytes[offset..<(offset + 12)].allSatisfy(ASCII.isDigit) else { return false }
      offset += 12
      return skip(":function:")
    }
  }

  /// An error when the value leaves a declared consumer without a pull, otherwise the rule's warning.
  private func severity(forAccount account: String?, consumers: [ConsumerAccess]) -> Severity {
    guard let account, let consumer = consumers.first(where: { $0.account == account }), !consumer.inferred,
      consumer.lambdaCanPull == false
    else { return .warning }
    return .error
  }

  /// Pull actions for an IAM role while Lambda cannot pull for the role's account.
  mutating func checkExecutionRoleGrants() {
    for statement in document.statements where statement.effect?.value == .allow {
      guard let principal = statement.principal, !principal.isNot else { continue }
      // By index: a loop over the entries would copy each one, strings and parsed principal included.
      let entries = principal.entries
      for position in entries.indices where entries[position].type == .aws {
        guard
          case .role(let partition, let account, let path, let name) =
            (entries[position].awsPrincipal ?? AWSPrincipal(entries[position].value))
        else { continue }
        let session = RequestPrincipal.roleSession(
          partition: partition,
          account: account,
          rolePath: path,
          role: name,
          session: "probe"
        )
        let rolePulls = pulls(probe.identityRequest(session, action: ECRActions.lambdaPull[0])).granted
        guard rolePulls == true, lambdaPull(account).granted == false else { continue }
        let request = probe.lambdaRequest(
          functionARN: probe.functionARN(account: account),
          account: account,
          action: ECRActions.lambdaPull[0]
        )
        report(
          AuditRules.executionRoleGrant,
          "role '\(name)' of \(account) may pull, but no lambda.amazonaws.com statement covers \(account): if it is "
            + "a function's execution role, Lambda still cannot pull, because it pulls as the service principal",
          at: entries[position].range,
          witness: witness(request, probe.evaluate(request))
        )
      }
    }
  }

  /// The statement Lambda writes itself.
  mutating func checkLambdaManagedStatements() {
    for statement in lambdaStatements where statement.sid?.value == "LambdaECRImageRetrievalPolicy" {
      guard let sid = statement.sid else { continue }
      report(
        AuditRules.lambdaManagedStatement,
        "'LambdaECRImageRetrievalPolicy' is the statement Lambda adds itself when it creates a function from this "
          + "image; infrastructure code that rewrites the policy wipes it, and functions fail days later: keep it "
          + "in your code",
        at: sid.range
      )
    }
  }
}
