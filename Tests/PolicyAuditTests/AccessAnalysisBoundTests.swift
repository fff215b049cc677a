import PolicyAudit
import PolicyDiagnostics
import PolicyModel
import Testing

/// The audit's bound on access analysis: never for a policy ECR accepts, always with unknown (not absent) verdicts.
@Suite struct AccessAnalysisBoundTests {
  /// A policy granting pulls to `accounts` (bare account IDs) and, when `publicPush`, everything to everyone.
  private static func policy(accounts: [String], publicPush: Bool) -> String {
    let list = accounts.map { #""\#($0)""# }.joined(separator: ",")
    var statements = [
      #"{"Effect":"Allow","Principal":{"AWS":[\#(list)]},"Action":\#(PolicyText.pullActions)}"#
    ]
    if publicPush { statements.append(#"{"Effect":"Allow","Principal":"*","Action":"ecr:*"}"#) }
    return #"{"Version":"2012-10-17","Statement":["# + statements.joined(separator: ",") + "]}"
  }

  private static func accounts(_ count: Int) -> [String] {
    (0..<count).map { String(100_000_000_000 + $0 * 7) }
  }

  @Test func `a policy at ECR's limit is analysed however many accounts it names`() throws {
    // As many accounts as fit in 10,240 characters.
    var count = 600
    while Self.policy(accounts: Self.accounts(count + 1), publicPush: true).utf8.count
      <= PolicyParser.maximumPolicyCharacters
    {
      count += 1
    }
    let text = Self.policy(accounts: Self.accounts(count), publicPush: true)
    #expect(text.utf8.count <= PolicyParser.maximumPolicyCharacters && count > 650)
    let audit = InlineAudit(text, AuditIntent(consumers: [PolicyText.consumer]))
    #expect(audit.findings("access-not-analysed").isEmpty, "\(audit.summary)")
    #expect(audit.findings("policy-too-large").isEmpty)
    #expect(audit.report.isPublic == true)
    #expect(!audit.findings("public-access").isEmpty)
    // Both halves hold through the public statement: '*' covers the consumer and lambda.amazonaws.com.
    let consumer = try #require(audit.consumer(PolicyText.consumer))
    #expect(consumer.accountCanPull == true)
    #expect(consumer.lambdaCanPull == true)
  }

  @Test func `thousands of declared consumers do not bound a policy ECR accepts`() {
    // 4,000 consumers × a policy of about 9,000 characters is beyond the bound's product: only the size guard keeps
    // the analysis.
    let text = Self.policy(accounts: Self.accounts(600), publicPush: true)
    #expect(text.utf8.count > 8_000 && text.utf8.count <= PolicyParser.maximumPolicyCharacters)
    let consumers = (0..<4_000).map { String(300_000_000_000 + $0) }
    let audit = InlineAudit(text, AuditIntent(consumers: consumers))
    #expect(audit.findings("access-not-analysed").isEmpty)
    #expect(audit.report.isPublic == true)
    #expect(audit.report.consumers.count == 4_000)
  }

  @Test func `white space does not count: a padded policy that fits ECR is analysed`() {
    // Some 70,000 characters with its indentation, under 10,240 without: policy-too-large says it fits. Counted with
    // the white space, its 600 accounts would be beyond the bound.
    let values = (0..<600).map { #""\#(String(100_000_000_000 + $0))""# }
    let indent = ",\n" + String(repeating: " ", count: 100)
    let text =
      #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},"#
      + #" {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "ecr:BatchGetImage","#
      + #" "Condition": {"StringEquals": {"aws:SourceAccount": ["# + values.joined(separator: indent) + "]}}}]}"
    #expect(text.utf8.count > 6 * PolicyParser.maximumPolicyCharacters)
    let audit = InlineAudit(text)
    #expect(audit.findings("access-not-analysed").isEmpty, "\(audit.summary)")
    #expect(audit.findings("policy-too-large").first?.severity == .warning)
    #expect(audit.report.isPublic == true)
    #expect(!audit.findings("public-access").isEmpty)
  }

  @Test func `a file far beyond the limit naming thousands of accounts gets unknown verdicts`() throws {
    let text = Self.policy(accounts: Self.accounts(3_000), publicPush: true)
    let audit = InlineAudit(text, AuditIntent(consumers: [PolicyText.consumer]))
    let bound = audit.findings("access-not-analysed")
    try #require(bound.count == 1, "\(audit.summary)")
    #expect(bound[0].severity == .warning)
    // 3,000 listed, '*', the declared consumer and the fixed probes.
    #expect(bound[0].message.contains("up to 3010 accounts"))
    #expect(audit.findings("policy-too-large").count == 1)
    // Unknown, never "not public" or "cannot pull": the public statement is there.
    #expect(audit.report.isPublic == nil)
    #expect(audit.findings("public-access").isEmpty)
    let consumer = try #require(audit.consumer(PolicyText.consumer))
    #expect(consumer.accountCanPull == nil && consumer.lambdaCanPull == nil && !consumer.inferred)
    #expect(audit.report.consumers.count == 1)
    // Rules that read statements one by one still run.
    #expect(audit.findings("excess-actions").count == 1)
  }

  @Test func `a large file naming few accounts is still analysed`() {
    // 8,000 condition keys: hundreds of kilobytes, but only the fixed probes to ask about.
    let keys = (0..<8_000).map { #""aws:PrincipalTag/team\#($0)": "platform-\#($0)""# }.joined(separator: ",")
    let text =
      #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage","#
      + #""Condition":{"StringEquals":{\#(keys)}}}]}"#
    #expect(text.utf8.count > 20 * PolicyParser.maximumPolicyCharacters)
    let audit = InlineAudit(text)
    #expect(audit.findings("access-not-analysed").isEmpty, "\(audit.summary)")
    #expect(audit.findings("policy-too-large").count == 1)
    // Tags are the caller's to choose: still public.
    #expect(audit.report.isPublic == true)
  }
}
