import PolicyAudit
import PolicyDiagnostics
import PolicyModel
import Testing

/// What the probes of one auditor put in their requests, file after file: the ARN prefixes an ``Auditor`` keeps for
/// its own partition and Region must give way to each file's, and a statement is probed with a pull action first.
@Suite struct ProbeRequestTests {
  /// A Lambda statement with no source condition (so `lambda-without-source` shows the stranger's function ARN the
  /// probe made), one pinned to `sourceArn` (which sets the Region the file assumes), and the consumer's account pull
  /// keyed on its own principal ARN (which only the account-root ARN the probe made can match).
  private func policy(sourceArn: String, rootARN: String) -> String {
    PolicyText.policy(
      #"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": \#(PolicyText.pullActions)}"#,
      #"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": \#(PolicyText.pullActions), "#
        + #""Condition": {"StringLike": {"aws:SourceArn": "\#(sourceArn)"}}}"#,
      #"{"Effect": "Allow", "Principal": {"AWS": "\#(rootARN)"}, "Action": \#(PolicyText.pullActions), "#
        + #""Condition": {"ArnEquals": {"aws:PrincipalArn": "\#(rootARN)"}}}"#
    )
  }

  @Test func eachFileGetsTheARNsOfItsOwnPartitionAndRegion() throws {
    let auditor = Auditor(intent: AuditIntent())
    let cases: [(sourceArn: String, rootARN: String, function: String)] = [
      (
        "arn:aws:lambda:eu-west-1:123456789012:function:*", "arn:aws:iam::123456789012:root",
        "arn:aws:lambda:eu-west-1:999999999999:function:"
      ),
      (
        "arn:aws-cn:lambda:cn-north-1:123456789012:function:*", "arn:aws-cn:iam::123456789012:root",
        "arn:aws-cn:lambda:cn-north-1:999999999999:function:"
      ),
      (
        "arn:aws:lambda:*:123456789012:function:*", "arn:aws:iam::123456789012:root",
        "arn:aws:lambda:us-east-1:999999999999:function:"
      ),
      (
        "arn:aws-cn:lambda:cn-north-1:123456789012:function:*", "arn:aws-cn:iam::123456789012:root",
        "arn:aws-cn:lambda:cn-north-1:999999999999:function:"
      ),
    ]
    for testCase in cases {
      let text = policy(sourceArn: testCase.sourceArn, rootARN: testCase.rootARN)
      let report = auditor.audit(PolicyFile(path: "p.json", bytes: Array(text.utf8)))
      let unscoped = try #require(
        report.findings.first { $0.rule.rawValue == "lambda-without-source" },
        "\(testCase.sourceArn)"
      )
      let sourceArn = try #require(unscoped.witness?.context.first { $0.key == "aws:SourceArn" }?.values.first)
      #expect(sourceArn.hasPrefix(testCase.function), "\(sourceArn) for \(testCase.sourceArn)")
      // The account pull holds only if the probe's aws:PrincipalArn is the root ARN of the file's partition.
      let consumer = try #require(report.consumers.first { $0.account == "123456789012" }, "\(testCase.sourceArn)")
      #expect(consumer.accountCanPull == true, "\(testCase.sourceArn)")
    }
  }

  @Test func aStatementIsProbedWithAPullActionWhenItGrantsOne() throws {
    let audit = InlineAudit(PolicyText.policy(#"{"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}"#))
    let publicAccess = try #require(audit.findings("public-access").first, "\(audit.summary)")
    // Every action of the table, named by the first pull action among them, not by the first in the table.
    #expect(publicAccess.message.contains("including ecr:BatchGetImage"), "\(publicAccess.message)")
    #expect(publicAccess.witness?.action == "ecr:BatchGetImage")
    let push = InlineAudit(PolicyText.policy(#"{"Effect": "Allow", "Principal": "*", "Action": "ecr:Put*"}"#))
    let pushAccess = try #require(push.findings("public-access").first, "\(push.summary)")
    #expect(pushAccess.witness?.action.hasPrefix("ecr:Put") == true, "\(pushAccess.message)")
  }
}
