import PolicyDiagnostics
import PolicyModel
import PolicySyntax

/// How much access analysis one file may cost. The audit probes every account a policy names, and every probe reads
/// the whole policy, so the work grows with accounts × size: a policy ECR accepts (at most 10,240 characters, so at
/// most about 700 accounts) is audited in milliseconds, but a generated or hostile file of megabytes naming thousands
/// of accounts would keep the audit busy for minutes. Such a file is still validated and checked statement by
/// statement; its access verdicts are reported as indeterminate, never as absent.
enum AccessAnalysisBound {
  /// Accounts × characters (without white space): about half a second of probing.
  static let maximumWork = 1 << 25

  /// How many accounts the access analysis of `document` may probe, when that is beyond the bound for its size;
  /// nil when it is within it. Only files that do not fit ECR's limit even without their white space (where
  /// `policy-too-large` is an error) can be beyond it: a policy AWS accepts is always analysed. The size is counted
  /// without white space too, which costs the evaluation nothing.
  static func accountsBeyondBound(
    of document: PolicyDocument,
    bytes: [UInt8],
    declaredConsumers: Int
  ) -> Int? {
    guard let size = PolicyParser.characterCounts(overLimit: bytes)?.withoutWhiteSpace,
      size > PolicyParser.maximumPolicyCharacters
    else { return nil }
    // Every account the probes ask about: principal entries and Lambda source values, counted without deduplicating
    // (an upper bound), declared consumers, and the few fixed probes (the stranger, the public).
    var subjects = declaredConsumers + 8
    for statement in document.statements {
      subjects += statement.principal?.entries.count ?? 0
      for clause in statement.condition?.clauses ?? []
      where clause.normalizedKey == "aws:sourcearn" || clause.normalizedKey == "aws:sourceaccount" {
        subjects += clause.values.count
      }
    }
    let (work, overflow) = subjects.multipliedReportingOverflow(by: size)
    return overflow || work > maximumWork ? subjects : nil
  }
}

extension AuditContext {
  /// The report of `file`, beyond the bound: the statement rules, which need no probe, and access-not-analysed in
  /// place of every access verdict. Declared consumers are listed with unknown verdicts.
  consuming func boundedReport(of file: PolicyFile, accounts: Int, region: String, regionAssumed: Bool) -> AuditReport {
    let size = file.policyBytes.count
    report(
      AuditRules.accessNotAnalysed,
      "access was not analysed: asking about each of the up to \(accounts) accounts this file may name against all "
        + "of its \(size) bytes is beyond the audit's bound; who can pull, whether it is public and whose functions "
        + "fail are unknown",
      at: SourceRange(start: 0, end: size)
    )
    checkLambdaManagedStatements()
    checkStatements()
    checkExcessActions()
    return AuditReport(
      file: file,
      findings: sortedFindings(),
      isPublic: nil,
      consumers: intent.consumers.map {
        ConsumerAccess(account: $0, inferred: false, accountCanPull: nil, lambdaCanPull: nil, lambdaLimitedTo: [])
      },
      region: region,
      regionAssumed: regionAssumed,
      statementActions: actionsByStatement
    )
  }
}
