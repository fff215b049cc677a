import PolicyDiagnostics
import PolicyEvaluation
public import PolicyModel
import PolicySyntax

/// Audits policy files against one intent. Every access verdict comes from the evaluator; the rules only choose
/// which requests to ask about and how to explain the answers.
///
/// An auditor is made once per intent and used for every file: what the probes of all files share (their request
/// contexts) is built here once, not once per file.
public struct Auditor: Sendable {
  public let intent: AuditIntent
  private let contexts: ProbeContexts
  /// The contexts for the owner the last file named, when the intent names none.
  private let ownedContexts = OwnedContextsCache()

  public init(intent: AuditIntent) {
    self.intent = intent
    contexts = ProbeContexts(intent)
  }

  /// Audits one file with a one-off auditor.
  public static func audit(_ file: PolicyFile, intent: AuditIntent) -> AuditReport {
    Auditor(intent: intent).audit(file)
  }

  public func audit(_ file: PolicyFile) -> AuditReport {
    // `aws ecr get-repository-policy` output says which account owns which repository; the user's intent wins.
    var intent = intent
    var contexts = contexts
    if intent.owner == nil, let registryID = file.wrapperRegistryID, ARN.isAccountID(registryID) {
      intent.owner = registryID
      contexts = ownedContexts.contexts(for: registryID) { contexts.owned(by: registryID) }
    }
    if intent.repository == nil { intent.repository = file.wrapperRepositoryName }
    let region = intent.region ?? Auditor.inferredRegion(file.result.document) ?? Auditor.assumedRegion
    // A Region read off the policy implies its partition too (cn-* is aws-cn, us-gov-* is aws-us-gov).
    if intent.region == nil, intent.partition == nil { intent.partition = ARN.partition(forRegion: region) }
    guard let document = file.result.document else {
      return AuditReport(
        file: file,
        findings: file.result.findings,
        isPublic: nil,
        consumers: [],
        region: region,
        regionAssumed: intent.region == nil,
        statementActions: []
      )
    }
    let probe = AccessProbe(
      document: document,
      intent: intent,
      stranger: Auditor.strangerAccount(avoiding: file.policyBytes),
      region: region,
      contexts: contexts
    )
    var context = AuditContext(document: document, intent: FileIntent(intent), probe: probe)
    context.findings = file.result.findings
    // An identity policy grants nothing to other accounts or services: access questions do not apply to it.
    guard document.kind != .identity else {
      return AuditReport(
        file: file,
        findings: context.sortedFindings(),
        isPublic: false,
        consumers: [],
        region: region,
        regionAssumed: intent.region == nil,
        statementActions: context.actionsByStatement
      )
    }
    if let accounts = AccessAnalysisBound.accountsBeyondBound(
      of: document,
      bytes: file.policyBytes,
      declaredConsumers: intent.consumers.count
    ) {
      return context.boundedReport(of: file, accounts: accounts, region: region, regionAssumed: intent.region == nil)
    }
    let consumers = context.checkConsumers(declared: intent.consumers)
    let isPublic = context.checkPublicAccess()
    context.checkLambdaWithoutSource()
    context.checkSourceValues(consumers: consumers)
    context.checkExecutionRoleGrants()
    context.checkLambdaManagedStatements()
    context.checkStatements()
    context.checkExcessActions()
    context.checkUnexpectedAccounts(consumers: consumers)
    return AuditReport(
      file: file,
      findings: context.sortedFindings(),
      isPublic: isPublic,
      consumers: consumers,
      region: region,
      regionAssumed: intent.region == nil,
      statementActions: context.actionsByStatement
    )
  }

  /// The Region of a repository when neither the user nor the policy names one.
  static let assumedRegion = "us-east-1"

  /// An account ID that appears nowhere in the policy, to stand for "some other account".
  static func strangerAccount(avoiding bytes: [UInt8]) -> String {
    // Nearly every policy lacks the first candidate: its text is made once, not once per file.
    if !ASCII.contains(bytes, firstStrangerBytes) { return firstStranger }
    var candidate = 999_999_999_998
    while ASCII.contains(bytes, Array(String(candidate).utf8)) { candidate -= 1 }
    return String(candidate)
  }

  static let firstStranger = "999999999999"
  private static let firstStrangerBytes = Array(firstStranger.utf8)

  /// The Region of the first Lambda function pattern with a fixed Region, when the user gave none.
  static func inferredRegion(_ document: PolicyDocument?) -> String? {
    for statement in document?.statements ?? [] {
      for clause in statement.condition?.clauses ?? [] where clause.normalizedKey == "aws:sourcearn" {
        for value in clause.values {
          if let region = lambdaRegion(ofSourceArn: value.text) { return region }
        }
      }
    }
    return nil
  }

  /// The Region field of `text` when it is an ARN of a Lambda resource (`arn:PARTITION:lambda:REGION:...`) whose
  /// Region is a real Region name. The fields are read in place (``ARNFields/withFieldBytes(of:_:)``): cutting them
  /// out cost several times more, for the value of nearly every Lambda statement.
  static func lambdaRegion(ofSourceArn text: String) -> String? {
    ARNFields.withFieldBytes(of: text) { fields -> String? in
      guard fields[2].elementsEqual("lambda".utf8), ARN.isRegion(utf8: fields[3]) else { return nil }
      return String(decoding: fields[3], as: UTF8.self)
    } ?? nil
  }

  static func grantSummary(_ statement: Statement, actions: [String]) -> GrantSummary {
    func joined(_ spell: ((String) -> Void) -> Void) -> String {
      var text = ""
      spell { text += $0 }
      return text
    }
    return GrantSummary(
      statement: statement.index,
      sid: statement.sid?.value,
      effect: GrantSummary.effect(of: statement),
      principals: statement.principal?.entries.map { entry in
        joined { GrantSummary.spellPrincipal(entry, $0) }
      } ?? [],
      notPrincipal: statement.principal?.isNot ?? false,
      actions: actions,
      conditions: statement.condition?.clauses.map { clause in joined { GrantSummary.spellCondition(clause, $0) } }
        ?? []
    )
  }
}
