import Foundation
import PolicyCommand
import PolicySyntax
import TestSupport
import Testing

/// The path of an example policy in `Policies/`.
private func examplePolicy(_ name: String) -> String {
  Fixtures.policiesDirectory.appendingPathComponent(name).path
}

private let batchGetImage = "ecr:BatchGetImage"
private let lambdaService = "lambda.amazonaws.com"
private let deployerRole = "arn:aws:iam::123456789012:role/deployer"
private let appRepository = "arn:aws:ecr:us-east-1:111111111111:repository/team/app"

/// A Lambda function ARN in `account` (and `region`).
private func functionARN(_ account: String, region: String = "us-east-1") -> String {
  "arn:aws:lambda:\(region):\(account):function:my-fn"
}

/// `matched` as written in the JSON output: "true", "false" or "null" (nil for anything else, or when absent).
private func matchedText(_ value: JSONValue?) -> String? {
  guard let value else { return nil }
  switch value.kind {
  case .bool(let flag): return flag ? "true" : "false"
  case .null: return "null"
  default: return nil
  }
}

private func isJSONNull(_ value: JSONValue?) -> Bool {
  guard let value, case .null = value.kind else { return false }
  return true
}

/// The result of `ecr-policy eval ... --format json`, with its output parsed.
private struct EvalJSON {
  let result: CommandResult
  let root: JSONValue

  init(_ arguments: [String], stdin: [UInt8] = []) throws {
    result = runTool(["eval"] + arguments + ["--format", "json"], stdin: stdin)
    root = try JSONReader.parse(result.stdout).root
  }

  /// `eval -` with `policy` on standard input.
  init(policy: String, _ arguments: [String]) throws {
    try self.init(["-"] + arguments, stdin: Array(policy.utf8))
  }

  var decision: String? { root.at("decision")?.string }
  var statements: [JSONValue] { root.at("statements")?.elements ?? [] }

  func matched(_ index: Int) -> String? { matchedText(root.at("statements", index, "matched")) }
  func reason(_ index: Int) -> String? { root.at("statements", index, "reason")?.string }
}

/// The decision `eval` reaches for `policy` (given on standard input) and the request in `arguments`.
private func evalDecision(of policy: String, _ arguments: [String]) throws -> String? {
  let output = try EvalJSON(policy: policy, arguments)
  #expect(output.result.exitCode == 0, "\(arguments): \(output.result.stderr)")
  return output.decision
}

/// A policy with one Allow statement for everyone, for ecr:BatchGetImage, under `condition` (a JSON object).
private func allowPolicy(condition: String) -> String {
  """
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Sid": "Pull",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "ecr:BatchGetImage",
        "Condition": \(condition)
      }
    ]
  }
  """
}

/// Lambda and one consumer account may pull; a Deny blocks every principal outside the organisation, with
/// `extraDenyCondition` (a `"Operator": {...}` member) added to its condition block when given.
private func organizationPolicy(extraDenyCondition: String? = nil) -> String {
  let extra = extraDenyCondition.map { ",\n          " + $0 } ?? ""
  return """
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "LambdaPull",
          "Effect": "Allow",
          "Principal": {"Service": "lambda.amazonaws.com"},
          "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        },
        {
          "Sid": "ConsumerPull",
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
          "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        },
        {
          "Sid": "OnlyOurOrganization",
          "Effect": "Deny",
          "Principal": "*",
          "Action": "ecr:*",
          "Condition": {
            "StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}\(extra)
          }
        }
      ]
    }
    """
}

private let placeholderPolicy = #"""
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Sid": "TemplateConsumer",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::${var.account_id}:root"},
        "Action": "ecr:BatchGetImage"
      }
    ]
  }
  """#

private let unknownOperatorPolicy = #"""
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Sid": "LambdaPull",
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "ecr:BatchGetImage",
        "Condition": {"stringLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:123456789012:function:*"}}
      }
    ]
  }
  """#

private let resourcePolicy = #"""
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Sid": "AppOnly",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "ecr:BatchGetImage",
        "Resource": "arn:aws:ecr:us-east-1:111111111111:repository/team/app"
      }
    ]
  }
  """#

/// Statement 0 has a Sid and applies to the consumer root, statement 1 has none and never applies to it.
private let twoStatementPolicy = #"""
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Sid": "ConsumerPull",
        "Effect": "Allow",
        "Principal": {"AWS": "123456789012"},
        "Action": "ecr:BatchGetImage"
      },
      {
        "Effect": "Deny",
        "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
        "Action": "ecr:*"
      }
    ]
  }
  """#

/// One request of the acceptance scenario and the decision it must get.
struct EvalAcceptanceCase: Sendable, CustomTestStringConvertible {
  let policy: String
  let principal: String
  let context: [String]
  let expected: String

  var testDescription: String {
    "\(policy): \(principal) \(context.joined(separator: " ")) → \(expected)"
  }
}

private let evalAcceptanceCases: [EvalAcceptanceCase] = {
  var cases: [EvalAcceptanceCase] = []
  for policy in ["cross-account-lambda.json", "cross-account-multi.json"] {
    let isMulti = policy == "cross-account-multi.json"
    func add(_ principal: String, _ context: [String] = [], _ expected: String) {
      cases.append(EvalAcceptanceCase(policy: policy, principal: principal, context: context, expected: expected))
    }
    add("123456789012", [], "allow")
    add(deployerRole, [], "allow")
    add(lambdaService, ["aws:SourceArn=" + functionARN("123456789012")], "allow")
    add("210987654321", [], isMulti ? "allow" : "implicit-deny")
    add("arn:aws:iam::210987654321:role/deployer", [], isMulti ? "allow" : "implicit-deny")
    add(lambdaService, ["aws:SourceArn=" + functionARN("210987654321")], isMulti ? "allow" : "implicit-deny")
    add("999999999999", [], "implicit-deny")
    add("arn:aws:iam::999999999999:role/deployer", [], "implicit-deny")
    add(lambdaService, ["aws:SourceArn=" + functionARN("999999999999")], "implicit-deny")
    add(lambdaService, ["aws:SourceArn=" + functionARN("123456789012", region: "eu-west-1")], "implicit-deny")
    // Without aws:SourceArn the StringLike condition cannot hold.
    add(lambdaService, [], "implicit-deny")
    add("anonymous", [], "implicit-deny")
  }
  return cases
}()

@Suite struct EvalCommandTests {
  // MARK: - Acceptance scenario

  @Test(arguments: evalAcceptanceCases)
  func `cross-account examples decide as the issue's acceptance scenario says`(_ scenario: EvalAcceptanceCase) throws {
    for action in ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] {
      var arguments = [examplePolicy(scenario.policy), "--principal", scenario.principal, "--action", action]
      for pair in scenario.context { arguments += ["--context", pair] }
      let output = try EvalJSON(arguments)
      #expect(output.result.exitCode == 0, "\(action)")
      #expect(output.result.stderr.isEmpty, "\(action): \(output.result.stderr)")
      #expect(output.decision == scenario.expected, "\(action)")
    }
  }

  @Test func `an action the examples do not grant is implicitly denied`() throws {
    for policy in ["cross-account-lambda.json", "cross-account-multi.json"] {
      let output = try EvalJSON([examplePolicy(policy), "--principal", "123456789012", "--action", "ecr:PutImage"])
      #expect(output.decision == "implicit-deny", "\(policy)")
      #expect(output.statements.map { matchedText($0.at("matched")) } == ["false", "false"], "\(policy)")
    }
  }

  @Test func `principal forms: IAM user, STS assumed-role session and role ARNs act for their account`() throws {
    let policy = examplePolicy("cross-account-lambda.json")
    for principal in [
      "arn:aws:iam::123456789012:user/alice",
      "arn:aws:iam::123456789012:user/ops/alice",
      "arn:aws:sts::123456789012:assumed-role/deployer/session-1",
      "arn:aws:iam::123456789012:role/ops/deployer",
      "arn:aws:iam::123456789012:root",
    ] {
      let output = try EvalJSON([policy, "--principal", principal, "--action", batchGetImage])
      #expect(output.result.exitCode == 0, "\(principal): \(output.result.stderr)")
      #expect(output.decision == "allow", "\(principal)")
    }
  }

  @Test func `anonymous is named only by Principal "*"`() throws {
    let everyone =
      #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}]}"#
    #expect(try evalDecision(of: everyone, ["--principal", "anonymous", "--action", batchGetImage]) == "allow")
    #expect(
      try evalDecision(of: twoStatementPolicy, ["--principal", "anonymous", "--action", batchGetImage])
        == "implicit-deny"
    )
  }

  @Test func `a policy without statements is an implicit deny`() {
    let result = runTool(
      ["eval", "-", "--principal", "123456789012", "--action", batchGetImage],
      stdin: Array(#"{"Version": "2012-10-17", "Statement": []}"#.utf8)
    )
    #expect(result.exitCode == 0)
    #expect(result.stdout.hasPrefix("decision: implicit-deny\n"))
    #expect(result.stdout.contains("the policy has no statements"))
  }

  @Test func `--kind identity evaluates a policy without Principal for any caller`() throws {
    let arguments = [
      examplePolicy("identity-lambda-deployer.json"), "--principal", "arn:aws:iam::111111111111:role/deployer",
      "--action", "ecr:SetRepositoryPolicy", "--resource", appRepository,
    ]
    let identity = try EvalJSON(arguments + ["--kind", "identity"])
    #expect(identity.result.exitCode == 0)
    #expect(identity.result.stderr.isEmpty)
    #expect(identity.decision == "allow")
    let otherRepository = try EvalJSON(
      arguments.dropLast() + ["arn:aws:ecr:us-east-1:111111111111:repository/team/other", "--kind", "identity"]
    )
    #expect(otherRepository.decision == "implicit-deny")
    // Read as a repository policy (the default), the statement has no Principal and never applies.
    let repository = try EvalJSON(arguments)
    #expect(repository.result.exitCode == 0)
    #expect(repository.decision == "implicit-deny")
    #expect(repository.result.stderr.contains("[missing-element]"))
  }

  // MARK: - Output formats

  @Test func `json output has exactly decision and statements with index, sid, effect, matched and reason`() throws {
    let output = try EvalJSON(policy: twoStatementPolicy, ["--principal", "123456789012", "--action", batchGetImage])
    #expect(output.result.exitCode == 0)
    #expect(output.root.members?.map(\.key) == ["decision", "statements"])
    #expect(output.decision == "allow")
    #expect(output.statements.count == 2)
    for (index, statement) in output.statements.enumerated() {
      #expect(statement.members?.map(\.key) == ["index", "sid", "effect", "matched", "reason"])
      #expect(statement.at("index")?.integer == index)
      let reason = try #require(statement.at("reason")?.string)
      #expect(!reason.isEmpty)
    }
    #expect(output.root.at("statements", 0, "sid")?.string == "ConsumerPull")
    #expect(output.root.at("statements", 0, "effect")?.string == "Allow")
    #expect(output.matched(0) == "true")
    #expect(isJSONNull(output.root.at("statements", 1, "sid")))
    #expect(output.root.at("statements", 1, "effect")?.string == "Deny")
    #expect(output.matched(1) == "false")
    #expect(output.reason(1)?.contains("Principal") == true)
  }

  @Test func `json matched is null for a statement that may or may not apply`() throws {
    let output = try EvalJSON(policy: placeholderPolicy, ["--principal", "123456789012", "--action", batchGetImage])
    #expect(output.decision == "indeterminate")
    #expect(output.statements.count == 1)
    #expect(output.matched(0) == "null")
    #expect(isJSONNull(output.root.at("statements", 0, "matched")))
  }

  @Test func `text output starts with the decision and has one line per statement`() throws {
    let result = runTool([
      "eval", examplePolicy("cross-account-lambda.json"), "--principal", lambdaService, "--action", batchGetImage,
      "--context", "aws:SourceArn=" + functionARN("123456789012"),
    ])
    #expect(result.exitCode == 0)
    #expect(result.stderr.isEmpty)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "decision: allow")
    let statementLines = lines.filter { $0.hasPrefix("  statement ") }
    #expect(statementLines.count == 2)
    let first = try #require(statementLines.first)
    #expect(first.hasPrefix("  statement 0 'CrossAccountPermission' (Allow): does not apply: "))
    let second = try #require(statementLines.last)
    #expect(second.hasPrefix("  statement 1 'LambdaECRImageCrossAccountRetrievalPolicy' (Allow): applies: "))
  }

  @Test func `text output names a statement without Sid by its index and says when one may apply`() {
    let denied = runTool(
      ["eval", "-", "--principal", "999999999999", "--action", batchGetImage],
      stdin: Array(twoStatementPolicy.utf8)
    )
    let lines = denied.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "decision: explicit-deny")
    #expect(lines.contains { $0.hasPrefix("  statement 0 'ConsumerPull' (Allow): does not apply: ") })
    #expect(lines.contains { $0.hasPrefix("  statement 1 #1 (Deny): applies: ") })

    let unknown = runTool(
      ["eval", "-", "--principal", "123456789012", "--action", batchGetImage, "--format", "text"],
      stdin: Array(placeholderPolicy.utf8)
    )
    let unknownLines = unknown.stdout.split(separator: "\n").map(String.init)
    #expect(unknownLines.first == "decision: indeterminate")
    #expect(unknownLines.contains { $0.hasPrefix("  statement 0 'TemplateConsumer' (Allow): may apply: ") })
  }

  // MARK: - --expect

  @Test(arguments: [
    // (principal, --expect, exit code, decision)
    ("123456789012", "allow", Int32(0), "allow"),
    ("123456789012", "deny", 1, "allow"),
    ("999999999999", "deny", 0, "implicit-deny"),
    ("999999999999", "allow", 1, "implicit-deny"),
  ])
  func `--expect sets the exit code`(principal: String, expectation: String, exitCode: Int32, decision: String) {
    let result = runTool([
      "eval", examplePolicy("cross-account-lambda.json"), "--principal", principal, "--action", batchGetImage,
      "--expect", expectation,
    ])
    #expect(result.exitCode == exitCode)
    #expect(result.stdout.hasPrefix("decision: \(decision)\n"))
    if exitCode == 0 {
      #expect(result.stderr.isEmpty)
    } else {
      #expect(result.stderr.contains("expected \(expectation), got \(decision)"))
    }
  }

  @Test func `--expect deny accepts an explicit deny`() {
    let arguments = ["eval", "-", "--principal", "999999999999", "--action", batchGetImage]
    let deny = runTool(arguments + ["--expect", "deny"], stdin: Array(twoStatementPolicy.utf8))
    #expect(deny.exitCode == 0)
    #expect(deny.stdout.hasPrefix("decision: explicit-deny\n"))
    let allow = runTool(arguments + ["--expect", "allow"], stdin: Array(twoStatementPolicy.utf8))
    #expect(allow.exitCode == 1)
    #expect(allow.stderr.contains("expected allow, got explicit-deny"))
  }

  @Test(arguments: ["allow", "deny"])
  func `an indeterminate decision never satisfies --expect`(expectation: String) {
    let result = runTool(
      ["eval", "-", "--principal", "123456789012", "--action", batchGetImage, "--expect", expectation],
      stdin: Array(placeholderPolicy.utf8)
    )
    #expect(result.exitCode == 1)
    #expect(result.stdout.hasPrefix("decision: indeterminate\n"))
    #expect(result.stderr.contains("expected \(expectation), got indeterminate"))
  }

  @Test func `without --expect every decision exits 0`() {
    let arguments = ["--action", batchGetImage]
    let cases: [(String, String, String)] = [
      (twoStatementPolicy, "123456789012", "allow"),
      (twoStatementPolicy, "999999999999", "explicit-deny"),
      (twoStatementPolicy, "210987654321", "implicit-deny"),
      (placeholderPolicy, "123456789012", "indeterminate"),
    ]
    for (policy, principal, decision) in cases {
      let result = runTool(["eval", "-", "--principal", principal] + arguments, stdin: Array(policy.utf8))
      #expect(result.exitCode == 0, "\(principal)")
      #expect(result.stdout.hasPrefix("decision: \(decision)\n"), "\(principal)")
    }
  }

  // MARK: - Indeterminate

  @Test func `a principal holding a template placeholder makes the decision indeterminate`() throws {
    let output = try EvalJSON(policy: placeholderPolicy, ["--principal", "123456789012", "--action", batchGetImage])
    #expect(output.result.exitCode == 0)
    #expect(output.decision == "indeterminate")
    #expect(output.matched(0) == "null")
    let reason = try #require(output.reason(0))
    #expect(reason.contains("placeholder"))
    #expect(reason.contains("Principal"))
  }

  @Test func `a placeholder principal does not matter for an action the statement does not grant`() throws {
    let output = try EvalJSON(policy: placeholderPolicy, ["--principal", "123456789012", "--action", "ecr:PutImage"])
    #expect(output.decision == "implicit-deny")
    #expect(output.matched(0) == "false")
  }

  @Test func `an unknown operator on a statement that otherwise applies is indeterminate, errors on stderr`() throws {
    let output = try EvalJSON(
      policy: unknownOperatorPolicy,
      [
        "--principal", lambdaService, "--action", batchGetImage, "--context",
        "aws:SourceArn=" + functionARN("123456789012"),
      ]
    )
    #expect(output.result.exitCode == 0)
    #expect(output.decision == "indeterminate")
    #expect(output.matched(0) == "null")
    #expect(output.reason(0)?.contains("stringLike") == true)
    #expect(output.result.stderr.contains("[unknown-operator]"))
    #expect(output.result.stderr.contains("<stdin>:9:"))
    #expect(output.result.stderr.contains("warning: the policy has errors"))
  }

  @Test func `an unknown operator on a statement whose principal does not match changes nothing`() throws {
    let output = try EvalJSON(
      policy: unknownOperatorPolicy,
      ["--principal", "123456789012", "--action", batchGetImage]
    )
    #expect(output.result.exitCode == 0)
    #expect(output.decision == "implicit-deny")
    #expect(output.matched(0) == "false")
    #expect(output.result.stderr.contains("[unknown-operator]"))
  }

  @Test func `the example with a mis-cased operator and Effect is indeterminate but still evaluated`() throws {
    let output = try EvalJSON([
      examplePolicy("invalid-effect-and-operator-case.json"), "--principal", lambdaService, "--action",
      batchGetImage, "--context", "aws:SourceArn=" + functionARN("123456789012"),
    ])
    #expect(output.result.exitCode == 0)
    #expect(output.decision == "indeterminate")
    #expect(output.result.stderr.contains("[unknown-operator]"))
    #expect(output.result.stderr.contains("[invalid-value]"))
  }

  @Test func `a Resource naming an ARN needs --resource`() throws {
    let base = ["--principal", "123456789012", "--action", batchGetImage]
    let without = try EvalJSON(policy: resourcePolicy, base)
    #expect(without.result.exitCode == 0)
    #expect(without.decision == "indeterminate")
    #expect(without.matched(0) == "null")
    #expect(without.reason(0)?.contains("--resource") == true)

    let matching = try EvalJSON(policy: resourcePolicy, base + ["--resource", appRepository])
    #expect(matching.decision == "allow")
    #expect(matching.matched(0) == "true")

    let other = try EvalJSON(
      policy: resourcePolicy,
      base + ["--resource", "arn:aws:ecr:us-east-1:111111111111:repository/team/other"]
    )
    #expect(other.decision == "implicit-deny")
    #expect(other.matched(0) == "false")
  }

  @Test func `without Resource a statement applies whatever --resource says`() throws {
    let output = try EvalJSON([
      examplePolicy("cross-account-lambda.json"), "--principal", "123456789012", "--action", batchGetImage,
      "--resource", appRepository,
    ])
    #expect(output.decision == "allow")
  }

  // MARK: - Multi-valued context keys

  @Test(arguments: [
    // (condition, decision with aws:CalledVia = {a, b})
    (#"{"ForAnyValue:StringEquals": {"aws:CalledVia": "a"}}"#, "allow"),
    (#"{"ForAnyValue:StringEquals": {"aws:CalledVia": ["b", "z"]}}"#, "allow"),
    (#"{"ForAnyValue:StringEquals": {"aws:CalledVia": ["c", "d"]}}"#, "implicit-deny"),
    (#"{"ForAllValues:StringEquals": {"aws:CalledVia": ["a", "b", "c"]}}"#, "allow"),
    (#"{"ForAllValues:StringEquals": {"aws:CalledVia": ["a", "b"]}}"#, "allow"),
    (#"{"ForAllValues:StringEquals": {"aws:CalledVia": "a"}}"#, "implicit-deny"),
    (#"{"StringEquals": {"aws:CalledVia": "a"}}"#, "implicit-deny"),
    (#"{"StringEquals": {"aws:CalledVia": ["a", "b"]}}"#, "implicit-deny"),
  ])
  func `repeated --context gives a multi-valued key with set semantics`(condition: String, expected: String) throws {
    let arguments = [
      "--principal", "123456789012", "--action", batchGetImage, "--context", "aws:CalledVia=a", "--context",
      "aws:CalledVia=b",
    ]
    #expect(try evalDecision(of: allowPolicy(condition: condition), arguments) == expected)
  }

  @Test func `a single --context value is single-valued, so a bare StringEquals can match it`() throws {
    let arguments = ["--principal", "123456789012", "--action", batchGetImage, "--context", "aws:CalledVia=a"]
    let policy = allowPolicy(condition: #"{"StringEquals": {"aws:CalledVia": ["a", "b"]}}"#)
    #expect(try evalDecision(of: policy, arguments) == "allow")
  }

  @Test func `ForAllValues holds vacuously and ForAnyValue fails when the key is absent`() throws {
    let arguments = ["--principal", "123456789012", "--action", batchGetImage]
    let all = allowPolicy(condition: #"{"ForAllValues:StringEquals": {"aws:CalledVia": "a"}}"#)
    #expect(try evalDecision(of: all, arguments) == "allow")
    let any = allowPolicy(condition: #"{"ForAnyValue:StringEquals": {"aws:CalledVia": "a"}}"#)
    #expect(try evalDecision(of: any, arguments) == "implicit-deny")
  }

  @Test func `a --context value may contain '=' and keys ignore case`() throws {
    let policy = allowPolicy(condition: #"{"StringEquals": {"aws:userid": "AIDA:x=y"}}"#)
    let arguments = ["--principal", "123456789012", "--action", batchGetImage, "--context", "AWS:UserId=AIDA:x=y"]
    #expect(try evalDecision(of: policy, arguments) == "allow")
  }

  // MARK: - Explicit deny

  @Test func `an explicit Deny on a missing aws:PrincipalOrgID blocks Lambda`() throws {
    let output = try EvalJSON(policy: organizationPolicy(), ["--principal", lambdaService, "--action", batchGetImage])
    #expect(output.result.exitCode == 0)
    #expect(output.decision == "explicit-deny")
    #expect(output.statements.map { matchedText($0.at("matched")) } == ["true", "false", "true"])
  }

  @Test func `an explicit Deny beats an Allow for an account outside the organisation`() throws {
    let arguments = ["--principal", "123456789012", "--action", batchGetImage]
    #expect(try evalDecision(of: organizationPolicy(), arguments) == "explicit-deny")
    let inside = arguments + ["--context", "aws:PrincipalOrgID=o-a1b2c3d4e5"]
    #expect(try evalDecision(of: organizationPolicy(), inside) == "allow")
  }

  @Test func `BoolIfExists aws:PrincipalIsAWSService false on the Deny lets Lambda through`() throws {
    let policy = organizationPolicy(extraDenyCondition: #""BoolIfExists": {"aws:PrincipalIsAWSService": "false"}"#)
    let lambda = try EvalJSON(policy: policy, ["--principal", lambdaService, "--action", batchGetImage])
    #expect(lambda.result.exitCode == 0)
    #expect(lambda.decision == "allow")
    #expect(lambda.matched(2) == "false")
    // The Deny still blocks IAM principals outside the organisation.
    let consumer = ["--principal", "123456789012", "--action", batchGetImage]
    #expect(try evalDecision(of: policy, consumer) == "explicit-deny")
    #expect(try evalDecision(of: policy, consumer + ["--context", "aws:PrincipalOrgID=o-a1b2c3d4e5"]) == "allow")
  }

  // MARK: - Keys implied by the principal

  @Test(arguments: [
    #"{"StringEquals": {"aws:PrincipalAccount": "123456789012"}}"#,
    #"{"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/deployer"}}"#,
    #"{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/deployer"}}"#,
    #"{"StringEquals": {"aws:PrincipalType": "AssumedRole"}}"#,
    #"{"Bool": {"aws:PrincipalIsAWSService": "false"}}"#,
  ])
  func `keys implied by a role principal match`(condition: String) throws {
    let arguments = ["--principal", deployerRole, "--action", batchGetImage]
    #expect(try evalDecision(of: allowPolicy(condition: condition), arguments) == "allow")
  }

  @Test(arguments: [
    #"{"StringEquals": {"aws:PrincipalAccount": "210987654321"}}"#,
    #"{"StringEquals": {"aws:PrincipalArn": "arn:aws:sts::123456789012:assumed-role/deployer/session"}}"#,
    #"{"StringEquals": {"aws:PrincipalType": "Account"}}"#,
  ])
  func `keys implied by a role principal have the role's values and no other`(condition: String) throws {
    let arguments = ["--principal", deployerRole, "--action", batchGetImage]
    #expect(try evalDecision(of: allowPolicy(condition: condition), arguments) == "implicit-deny")
  }

  @Test func `keys implied by a service principal`() throws {
    let arguments = ["--principal", lambdaService, "--action", batchGetImage]
    let service = allowPolicy(condition: #"{"StringEquals": {"aws:PrincipalServiceName": "lambda.amazonaws.com"}}"#)
      .replacingOccurrences(of: #"{"AWS": "*"}"#, with: #"{"Service": "lambda.amazonaws.com"}"#)
    #expect(try evalDecision(of: service, arguments) == "allow")
    let isService = allowPolicy(condition: #"{"Bool": {"aws:PrincipalIsAWSService": "true"}}"#)
      .replacingOccurrences(of: #"{"AWS": "*"}"#, with: #"{"Service": "lambda.amazonaws.com"}"#)
    #expect(try evalDecision(of: isService, arguments) == "allow")
    // A service principal has no account: a condition requiring the key fails.
    let account = allowPolicy(condition: #"{"StringLike": {"aws:PrincipalAccount": "*"}}"#)
      .replacingOccurrences(of: #"{"AWS": "*"}"#, with: #"{"Service": "lambda.amazonaws.com"}"#)
    #expect(try evalDecision(of: account, arguments) == "implicit-deny")
  }

  @Test func `the root of an account has PrincipalType Account and its root ARN`() throws {
    let arguments = ["--principal", "123456789012", "--action", batchGetImage]
    let type = allowPolicy(condition: #"{"StringEquals": {"aws:PrincipalType": "Account"}}"#)
    #expect(try evalDecision(of: type, arguments) == "allow")
    let arn = allowPolicy(condition: #"{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::123456789012:root"}}"#)
    #expect(try evalDecision(of: arn, arguments) == "allow")
  }

  @Test func `--context overrides a key implied by the principal`() throws {
    let role = ["--principal", deployerRole, "--action", batchGetImage]
    let account = allowPolicy(condition: #"{"StringEquals": {"aws:PrincipalAccount": "123456789012"}}"#)
    #expect(
      try evalDecision(of: account, role + ["--context", "aws:PrincipalAccount=210987654321"]) == "implicit-deny"
    )
    let type = allowPolicy(condition: #"{"StringEquals": {"aws:PrincipalType": "User"}}"#)
    #expect(try evalDecision(of: type, role) == "implicit-deny")
    #expect(try evalDecision(of: type, role + ["--context", "aws:PrincipalType=User"]) == "allow")
    // The override replaces the implied value instead of adding to it (which would make the key multi-valued).
    #expect(try evalDecision(of: type, role + ["--context", "aws:principaltype=User"]) == "allow")
  }

  // MARK: - Usage and input errors

  @Test(arguments: [
    // (arguments after "eval", text stderr must contain)
    (["--principal", "123456789012", "--action", "ecr:BatchGetImage"], "exactly one POLICY"),
    (["@policy", "@policy", "--principal", "123456789012", "--action", "ecr:BatchGetImage"], "exactly one POLICY"),
    (["-", "-", "--principal", "123456789012", "--action", "ecr:BatchGetImage"], "exactly one POLICY"),
    (["@policy", "--action", "ecr:BatchGetImage"], "--principal"),
    (["@policy", "--principal", "bob", "--action", "ecr:BatchGetImage"], "'bob'"),
    (["@policy", "--principal", "12345", "--action", "ecr:BatchGetImage"], "'12345'"),
    (["@policy", "--principal", "123456789012"], "--action"),
    (["@policy", "--principal", "123456789012", "--action", "BatchGetImage"], "'BatchGetImage'"),
    (["@policy", "--principal", "123456789012", "--action", "ecr:a:b"], "'ecr:a:b'"),
    (
      ["@policy", "--principal", "123456789012", "--action", "ecr:BatchGetImage", "--resource", "repository/team/app"],
      "'repository/team/app' is not an ARN"
    ),
    (
      ["@policy", "--principal", "123456789012", "--action", "ecr:BatchGetImage", "--context", "aws:SourceArn"],
      "'aws:SourceArn' must be KEY=VALUE"
    ),
    (["@policy", "--principal", "123456789012", "--action", "ecr:BatchGetImage", "--context", "=x"], "'=x'"),
    (["@policy", "--principal", "123456789012", "--action", "ecr:BatchGetImage", "--format", "xml"], "'xml'"),
    (["@policy", "--principal", "123456789012", "--action", "ecr:BatchGetImage", "--expect", "maybe"], "'maybe'"),
    (["@policy", "--principal", "123456789012", "--action", "ecr:BatchGetImage", "--kind", "bucket"], "'bucket'"),
    (["@policy", "--principal", "123456789012", "--action", "ecr:BatchGetImage", "--bogus"], "--bogus"),
    (["@policy", "--principal", "123456789012", "--principal", "210987654321", "--action", "x:y"], "more than once"),
    (["@policy", "--principal", "123456789012", "--action"], "needs a value"),
  ])
  func `usage errors exit 2 with a message on stderr`(arguments: [String], message: String) {
    let policy = examplePolicy("cross-account-lambda.json")
    let result = runTool(["eval"] + arguments.map { $0 == "@policy" ? policy : $0 })
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("error: "))
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  @Test func `a missing policy file exits 2 and names the path`() {
    let path = "/nonexistent/eval-policy.json"
    let result = runTool(["eval", path, "--principal", "123456789012", "--action", batchGetImage])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("\(path): no such file or directory"))
  }

  @Test func `a directory of policies is not a POLICY`() {
    let result = runTool([
      "eval", Fixtures.policiesDirectory.path, "--principal", "123456789012", "--action", batchGetImage,
    ])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("not a directory"))
  }

  @Test func `an empty directory is not a POLICY`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = runTool(["eval", directory.path, "--principal", "123456789012", "--action", batchGetImage])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(!result.stderr.isEmpty)
  }

  @Test func `a directory holding exactly one policy is still not a POLICY`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try write(validLambdaPolicy, to: directory.appendingPathComponent("only.json"))
    let result = runTool(["eval", directory.path, "--principal", "123456789012", "--action", batchGetImage])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("not a directory"))
  }

  @Test func `invalid JSON exits 2 with the invalid-json finding and its line and column on stderr`() {
    let path = examplePolicy("invalid-trailing-comma.json")
    let result = runTool(["eval", path, "--principal", lambdaService, "--action", batchGetImage])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("\(path):11:37: error: "))
    #expect(result.stderr.contains("[invalid-json]"))
    #expect(result.stderr.contains("\(path) is not a policy"))
  }

  @Test func `invalid JSON on standard input exits 2 and points at <stdin>`() {
    let result = runTool(
      ["eval", "-", "--principal", lambdaService, "--action", batchGetImage, "--format", "json"],
      stdin: Array("{\"Statement\": [}".utf8)
    )
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("<stdin>:1:16: error: "))
    #expect(result.stderr.contains("[invalid-json]"))
  }

  @Test func `usage errors win over --expect`() {
    let result = runTool([
      "eval", examplePolicy("cross-account-lambda.json"), "--principal", "bob", "--action", batchGetImage,
      "--expect", "allow",
    ])
    #expect(result.exitCode == 2)
  }

  // MARK: - Standard input and the get-repository-policy wrapper

  @Test func `the policy can come from standard input`() throws {
    let arguments = ["--principal", lambdaService, "--action", batchGetImage]
    let allowed = try EvalJSON(
      policy: validLambdaPolicy,
      arguments + ["--context", "aws:SourceArn=" + functionARN("123456789012")]
    )
    #expect(allowed.result.exitCode == 0)
    #expect(allowed.decision == "allow")
    let denied = try EvalJSON(
      policy: validLambdaPolicy,
      arguments + ["--context", "aws:SourceArn=" + functionARN("999999999999")]
    )
    #expect(denied.decision == "implicit-deny")
  }

  @Test func `the get-repository-policy wrapper is evaluated as the policy inside policyText`() throws {
    let path = examplePolicy("get-repository-policy-output.json")
    let arguments = ["--principal", lambdaService, "--action", batchGetImage]
    let own = try EvalJSON([path] + arguments + ["--context", "aws:SourceArn=" + functionARN("111111111111")])
    #expect(own.result.exitCode == 0)
    #expect(own.result.stderr.isEmpty)
    #expect(own.decision == "allow")
    #expect(own.root.at("statements", 0, "sid")?.string == "LambdaECRImageRetrievalPolicy")
    let other = try EvalJSON([path] + arguments + ["--context", "aws:SourceArn=" + functionARN("123456789012")])
    #expect(other.decision == "implicit-deny")
    // The same wrapper on standard input.
    let bytes = try Fixtures.bytes(URL(fileURLWithPath: path))
    let piped = try EvalJSON(
      ["-"] + arguments + ["--context", "aws:SourceArn=" + functionARN("111111111111")],
      stdin: bytes
    )
    #expect(piped.decision == "allow")
  }

  // MARK: - Help

  @Test func `eval --help exits 0 and documents every option`() {
    let result = runTool(["eval", "--help"])
    #expect(result.exitCode == 0)
    #expect(result.stderr.isEmpty)
    #expect(result.stdout.contains("ecr-policy eval POLICY"))
    for option in ["--principal", "--action", "--resource", "--context", "--format", "--expect", "--kind", "anonymous"]
    {
      #expect(result.stdout.contains(option), "\(option)")
    }
    for decision in ["allow", "explicit-deny", "implicit-deny", "indeterminate"] {
      #expect(result.stdout.contains(decision), "\(decision)")
    }
  }

  @Test func `the top-level help lists eval`() {
    let result = runTool(["--help"])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("eval"))
  }
}
