import Foundation
import PolicyAudit
import PolicyDiagnostics
import PolicyModel
import Testing

/// Who the consumers are when nobody says, what Region the probes use, and what a CLI wrapper tells the auditor.
@Suite struct ConsumerInferenceTests {
  /// Two account roots with both pulls, accounts with less, a role, two Lambda pins, and Denies.
  private let mixedPolicy = PolicyText.policy(
    #"{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::210987654321:root", "#
      + #""arn:aws:iam::123456789012:root"]}, "Action": \#(PolicyText.pullActions)}"#,
    #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::333333333333:root"}, "Action": "ecr:DescribeImages"}"#,
    #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444444444444:root"}, "Action": "ecr:BatchGetImage"}"#,
    #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::313131313131:role/ci"}, "#
      + #""Action": \#(PolicyText.pullActions)}"#,
    PolicyText.lambdaPull(account: "555555555555"),
    PolicyText.lambdaPull("666666666666", op: "StringEquals", key: "aws:SourceAccount"),
    #"{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::777777777777:root"}, "Action": "ecr:*"}"#,
    #"{"Effect": "Deny", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "ecr:*", "#
      + #""Condition": {"StringEquals": {"aws:SourceAccount": "888888888888"}}}"#
  )

  @Test func `inferred consumers: accounts that can pull both actions and accounts pinned for Lambda, sorted`() {
    let audit = InlineAudit(mixedPolicy, AuditIntent(region: "us-east-1"))
    #expect(
      audit.report.consumers.map(\.account) == ["123456789012", "210987654321", "555555555555", "666666666666"],
      "\(audit.report.consumers)"
    )
    #expect(audit.report.consumers.allSatisfy { $0.inferred })
    #expect(audit.consumer("123456789012")?.accountCanPull == true)
    #expect(audit.consumer("210987654321")?.accountCanPull == true)
    #expect(audit.consumer("123456789012")?.lambdaCanPull == false)
    #expect(audit.consumer("555555555555")?.lambdaCanPull == true)
    #expect(audit.consumer("555555555555")?.accountCanPull == false)
    #expect(audit.consumer("666666666666")?.lambdaCanPull == true)
    for excluded in ["333333333333", "444444444444", "313131313131", "777777777777", "888888888888"] {
      #expect(audit.consumer(excluded) == nil, "\(excluded) is not a consumer")
    }
    // Every inferred consumer's missing half is a warning that says it was inferred.
    let missing = audit.report.findings.filter { $0.rule.rawValue.hasPrefix("missing-") }
    #expect(missing.count == 4, "\(audit.summary)")
    #expect(missing.allSatisfy { $0.severity == .warning && $0.message.contains("inferred") })
  }

  @Test func `declared consumers replace inference`() {
    let audit = InlineAudit(
      mixedPolicy,
      AuditIntent(region: "us-east-1", consumers: ["210987654321", "222222222222"])
    )
    #expect(audit.report.consumers.map(\.account) == ["210987654321", "222222222222"])
    #expect(audit.report.consumers.allSatisfy { !$0.inferred })
    #expect(audit.consumer("222222222222")?.accountCanPull == false)
    #expect(audit.consumer("222222222222")?.lambdaCanPull == false)
    let missing = audit.report.findings.filter { $0.rule.rawValue.hasPrefix("missing-") }
    #expect(missing.allSatisfy { $0.severity == .error && !$0.message.contains("inferred") })
    #expect(Set(missing.map(\.rule.rawValue)) == ["missing-account-pull", "missing-lambda-pull"])
  }

  @Test func `a grant to named functions only: lambdaLimitedTo, and Lambda can pull`() throws {
    let pattern = "arn:aws:lambda:us-east-1:123456789012:function:app-*"
    let audit = InlineAudit(
      PolicyText.policy(
        PolicyText.accountPull(PolicyText.consumer),
        #"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "#
          + #""Action": \#(PolicyText.pullActions), "Condition": {"StringLike": {"aws:SourceArn": ["#
          + #""\#(pattern)", "arn:aws:lambda:us-east-1:210987654321:function:*"]}}}"#
      )
    )
    let consumer = try #require(audit.consumer(PolicyText.consumer))
    #expect(consumer.lambdaLimitedTo == [pattern])
    #expect(consumer.lambdaCanPull == true)
    #expect(consumer.accountCanPull == true)
    #expect(audit.findings("missing-lambda-pull").filter { $0.message.contains(PolicyText.consumer) }.isEmpty)
    // The other account's pattern covers every function: no limit.
    #expect(audit.consumer(PolicyText.secondConsumer)?.lambdaLimitedTo == [])
    #expect(audit.consumer(PolicyText.secondConsumer)?.lambdaCanPull == true)
  }

  @Test func `a function and its qualifiers: both patterns, sorted`() throws {
    let audit = InlineAudit(
      PolicyText.policy(
        #"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "#
          + #""Action": \#(PolicyText.pullActions), "Condition": {"ArnLike": {"aws:SourceArn": ["#
          + #""arn:aws:lambda:us-east-1:123456789012:function:my-fn:*", "#
          + #""arn:aws:lambda:us-east-1:123456789012:function:my-fn"]}}}"#
      ),
      AuditIntent(region: "us-east-1", consumers: [PolicyText.consumer])
    )
    let consumer = try #require(audit.consumer(PolicyText.consumer))
    #expect(
      consumer.lambdaLimitedTo == [
        "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
        "arn:aws:lambda:us-east-1:123456789012:function:my-fn:*",
      ]
    )
    #expect(consumer.lambdaCanPull == true)
    #expect(audit.findings("missing-lambda-pull").isEmpty)
  }

  @Test func `a grant to every function of the account has no limit`() {
    let audit = InlineAudit(PolicyText.policy(PolicyText.lambdaPull(account: PolicyText.consumer)))
    #expect(audit.consumer(PolicyText.consumer)?.lambdaLimitedTo == [])
    #expect(audit.consumer(PolicyText.consumer)?.lambdaCanPull == true)
  }

  @Test func `the Region comes from --region, else from the first fixed Lambda Region, else us-east-1`() throws {
    let euWest = PolicyText.policy(PolicyText.lambdaPull("arn:aws:lambda:eu-west-1:123456789012:function:*"))
    let inferred = InlineAudit(euWest)
    #expect(inferred.report.region == "eu-west-1")
    #expect(inferred.report.regionAssumed)
    #expect(inferred.consumer(PolicyText.consumer)?.lambdaCanPull == true)

    let given = InlineAudit(euWest, AuditIntent(region: "eu-west-1"))
    #expect(given.report.region == "eu-west-1")
    #expect(!given.report.regionAssumed)

    let none = InlineAudit(PolicyText.policy(PolicyText.accountPull(PolicyText.consumer)))
    #expect(none.report.region == "us-east-1")
    #expect(none.report.regionAssumed)

    let wildcardFirst = InlineAudit(
      PolicyText.policy(
        #"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "#
          + #""Action": \#(PolicyText.pullActions), "Condition": {"StringLike": {"aws:SourceArn": ["#
          + #""arn:aws:lambda:*:123456789012:function:*", "arn:aws:lambda:ap-south-1:210987654321:function:*"]}}}"#
      )
    )
    #expect(wildcardFirst.report.region == "ap-south-1")
    let probe = try #require(wildcardFirst.findings("missing-account-pull").first?.witness)
    #expect(probe.principal.hasPrefix("arn:aws:iam::"))
  }

  @Test func `an explicit China Region probes in the aws-cn partition`() {
    let audit = InlineAudit(
      PolicyText.policy(PolicyText.lambdaPull("arn:aws-cn:lambda:cn-north-1:123456789012:function:*")),
      AuditIntent(region: "cn-north-1")
    )
    #expect(audit.consumer(PolicyText.consumer)?.lambdaCanPull == true)
    #expect(audit.findings("lambda-source-arn-mismatch").isEmpty, "\(audit.summary)")
  }

  @Test func `an inferred China or GovCloud Region implies its partition`() {
    let china = InlineAudit(
      PolicyText.policy(PolicyText.lambdaPull("arn:aws-cn:lambda:cn-north-1:123456789012:function:*"))
    )
    #expect(china.report.region == "cn-north-1")
    let gov = InlineAudit(
      PolicyText.policy(
        #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws-us-gov:iam::123456789012:root"}, "#
          + #""Action": \#(PolicyText.pullActions)}"#,
        PolicyText.lambdaPull("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:*")
      )
    )
    #expect(gov.report.region == "us-gov-west-1")
    #expect(china.consumer(PolicyText.consumer)?.lambdaCanPull == true)
    #expect(china.findings("lambda-source-arn-mismatch").isEmpty, "\(china.summary)")
    #expect(gov.consumer(PolicyText.consumer)?.accountCanPull == true)
    #expect(gov.consumer(PolicyText.consumer)?.lambdaCanPull == true)
    #expect(gov.report.findings.isEmpty, "\(gov.summary)")
  }

  /// `aws ecr get-repository-policy` output whose policy pins the owner's functions and lets 999999999999 pull.
  private let repositoryWrapper = PolicyText.cliWrapper(
    PolicyText.policy(
      #"{"Sid": "LambdaECRImageRetrievalPolicy", "Effect": "Allow", "#
        + #""Principal": {"Service": "lambda.amazonaws.com"}, "Action": \#(PolicyText.pullActions), "#
        + #""Condition": {"StringLike": {"aws:sourceArn": "arn:aws:lambda:us-east-1:111111111111:function:*"}}}"#,
      #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "ecr:BatchGetImage"}"#
    ),
    repositoryName: "team/app"
  )

  @Test func `a get-repository-policy wrapper names the owner and the repository`() throws {
    let audit = InlineAudit(repositoryWrapper, AuditIntent(region: "us-east-1"))
    #expect(audit.file.result.document?.kind == .repository)
    // The owner is known, so 999999999999 is unexpected, and its witness is about the wrapper's repository.
    let unexpected = try #require(audit.findings("unexpected-account").first, "\(audit.summary)")
    #expect(unexpected.witness?.resource == "arn:aws:ecr:us-east-1:111111111111:repository/team/app")
    #expect(audit.text(unexpected) == #"\"arn:aws:iam::999999999999:root\""#)
    // The owner is the inferred consumer, and needs only the Lambda half.
    #expect(audit.report.consumers.map(\.account) == ["111111111111"])
    #expect(audit.consumer("111111111111")?.lambdaCanPull == true)
    #expect(audit.findings("missing-account-pull").isEmpty, "\(audit.summary)")
    #expect(audit.findings("lambda-managed-statement").count == 1)
  }

  @Test func `the intent's owner and repository win over the wrapper's`() throws {
    let audit = InlineAudit(
      repositoryWrapper,
      AuditIntent(owner: "222222222222", region: "us-east-1", repository: "other/repo")
    )
    let missing = try #require(audit.findings("missing-account-pull").first, "\(audit.summary)")
    #expect(missing.message.contains("111111111111"))
    #expect(missing.witness?.resource == "arn:aws:ecr:us-east-1:222222222222:repository/other/repo")
  }

  @Test func `a get-registry-policy wrapper is a registry policy: Resource is expected there`() throws {
    let registryPolicy = PolicyText.policy(
      #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "#
        + #""Action": \#(PolicyText.pullActions), "Resource": "arn:aws:ecr:us-east-1:111111111111:repository/*"}"#
    )
    let wrapper = PolicyText.cliWrapper(registryPolicy)
    let audit = InlineAudit(wrapper, AuditIntent(region: "us-east-1"))
    #expect(audit.file.result.document?.kind == .registry)
    #expect(audit.findings("resource-element").isEmpty, "\(audit.summary)")
    #expect(audit.consumer(PolicyText.consumer)?.accountCanPull == true)

    // The same policy bare is read as a repository policy, where Resource is reported.
    let bare = InlineAudit(registryPolicy)
    #expect(bare.file.result.document?.kind == .repository)
    let finding = try #require(bare.findings("resource-element").first)
    #expect(bare.text(finding) == #""arn:aws:ecr:us-east-1:111111111111:repository/*""#)
  }
}
