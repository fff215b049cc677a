import PolicyEvaluation
import PolicyModel
import Testing

/// One decision vector of spec §8.2: a whole policy (the §8.1 default with the row's differences applied), a request
/// (§8.1's L or X with the row's changes) and the policy-level answer (§5.1). Allow is `.allow`, Deny
/// `.explicitDeny`, NotApplicable `.implicitDeny`; for X, "Allow†" (the repository side grants) is `.allow`.
struct SpecVector: Sendable, CustomTestStringConvertible {
  let id: String
  let reason: String
  let policy: String
  let request: Request
  let expected: Decision

  init(_ id: String, _ reason: String, policy: String, request: Request, expected: Decision) {
    self.id = id
    self.reason = reason
    self.policy = policy
    self.request = request
    self.expected = expected
  }

  var testDescription: String { "\(id): \(reason)" }
}

@Suite struct SpecVectorTests {
  @Test("spec §8.2 decision vectors", arguments: SpecVector.all)
  func decision(of vector: SpecVector) {
    let result = PolicyParser.parse(Array(vector.policy.utf8), kind: .repository)
    guard let document = result.document else {
      Issue.record("\(vector.id): the policy produced no document; findings: \(result.findings)")
      return
    }
    let evaluation = Evaluator.evaluate(document, vector.request)
    let trace = evaluation.statements.map {
      "[\($0.index)] \($0.effect.map { "\($0)" } ?? "?") \($0.applies): \($0.reason)"
    }
    #expect(
      evaluation.decision == vector.expected,
      "\(vector.id): expected \(vector.expected), got \(evaluation.decision); \(trace.joined(separator: "; "))"
    )
  }
}

extension SpecVector {
  /// V01–V133, in the spec's order. `Pat` is arn:aws:lambda:us-east-1:123456789012:function:*; `PA` is
  /// "Principal":{"AWS":"123456789012"}.
  static let all: [SpecVector] = [
    SpecVector(
      "V01",
      "Service principal, both actions listed, no Resource = this repo.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V02",
      "No condition, so the source function/account is not constrained (lint: confused-deputy risk).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:999999999999:function:x")),
      expected: .allow
    ),
    SpecVector(
      "V03",
      "Exact action.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":"ecr:BatchGetImage"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V04",
      "Prefix and action name are case-insensitive.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":"ECR:batchgetimage"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V05",
      "Trailing wildcard.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":"ecr:BatchGet*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V06",
      "Glob is anchored; `BatchGetImage` does not start with `Get`.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":"ecr:Get*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V07",
      "Leading wildcard.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":"ecr:*Image"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V08",
      "`?` = exactly one character.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":"ecr:?atchGetImage"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V09",
      "No implicit prefix matching.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":"ecr:BatchGetImag"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V10",
      "Different service prefix.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":"ecr-public:BatchGetImage"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V11",
      "Global wildcard.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":"*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V12",
      "BatchGetImage is not excluded.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "NotAction":"ecr:Put*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V13",
      "Requested action is in the exclusion list.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "NotAction":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V14",
      "BatchGetImage is not excluded, so the Deny applies.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "NotAction":"ecr:GetDownloadUrlForLayer"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .explicitDeny
    ),
    SpecVector(
      "V15",
      "Array of service principals is ORed.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":["ecs.amazonaws.com","lambda.amazonaws.com"]},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V16",
      "Wrong service.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"ecs.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V17",
      "`*` covers service principals.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":"*",
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V18",
      "Treated as equal to `\"*\"`; AWS only documents the equivalence for anonymous callers.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"*"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V19",
      "Account principals cover IAM identities, not `lambda.amazonaws.com`.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V20",
      "Account delegation (AccountMatch).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::123456789012:root"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V21",
      "Bare id ≡ root ARN.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V22",
      "Role ARN matches sessions of that role (DirectMatch).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::123456789012:role/deployer"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V23",
      "Different role.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::123456789012:role/other"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V24",
      "Different account.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::999999999999:root"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V25",
      "Partial wildcards are unsupported (parse error; literal never matches).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::123456789012:role/*"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V26",
      "Exact session ARN.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"arn:aws:sts::123456789012:assumed-role/deployer/ci"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V27",
      "Different session name.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"arn:aws:sts::123456789012:assumed-role/deployer/other"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V28",
      "Caller's account is excluded from the Deny.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},
            "Action":"ecr:*"
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V29",
      "Service principal is not in the NotPrincipal list.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},
            "Action":"ecr:*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .explicitDeny
    ),
    SpecVector(
      "V30",
      "Account principal in a Deny hits every identity of the account.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":{"AWS":"arn:aws:iam::123456789012:root"},
            "Action":"ecr:*"
          }
        ]}
        """#,
      request: .deployer(),
      expected: .explicitDeny
    ),
    SpecVector(
      "V31",
      "All resources.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V32",
      "Exact ARN.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"arn:aws:ecr:us-east-1:111111111111:repository/team/app"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V33",
      "`*` in resource field.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"arn:aws:ecr:us-east-1:111111111111:repository/team/*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V34",
      "Different repository; no prefix semantics.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"arn:aws:ecr:us-east-1:111111111111:repository/team"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V35",
      "Wildcard region.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"arn:aws:ecr:*:111111111111:repository/*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V36",
      "Resource field compared case-sensitively ([SIM]; AWS not explicit).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"arn:aws:ecr:us-east-1:111111111111:repository/Team/app"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V37",
      "`?` wildcard.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"arn:aws:ecr:us-east-1:111111111111:repository/te?m/app"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V38",
      "Account field differs.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"arn:aws:ecr:us-east-1:222222222222:repository/team/app"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V39",
      "Repo not excluded.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "NotResource":"arn:aws:ecr:*:*:repository/other/*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V40",
      "Repo is excluded from the Deny.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "NotResource":"arn:aws:ecr:*:*:repository/team/*"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V41",
      "Canonical Lambda cross-account pattern.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:sourceARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V42",
      "`*` spans `:` — version qualifier covered.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:sourceARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:7")),
      expected: .allow
    ),
    SpecVector(
      "V43",
      "Alias qualifier covered.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:sourceARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod")),
      expected: .allow
    ),
    SpecVector(
      "V44",
      "`$LATEST` is ordinary text.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:sourceARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATEST")),
      expected: .allow
    ),
    SpecVector(
      "V45",
      "Region differs.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:sourceARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-west-2:123456789012:function:my-fn")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V46",
      "Function in another account.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:sourceARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:999999999999:function:my-fn")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V47",
      "Key names are case-insensitive.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"AWS:SOURCEARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V48",
      "Values are case-sensitive (`Function` ≠ `function`).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:Function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V49",
      "Positive operator, key missing → false.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:sourceARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.remove("aws:SourceArn")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V50",
      "`*` is literal under StringEquals.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V51",
      "Exact pattern does not cover qualified ARNs.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:my-fn"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:7")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V52",
      "Values ORed; recommended single-function patch.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{
              "StringLike":{
                "aws:SourceArn":[
                  "arn:aws:lambda:us-east-1:123456789012:function:my-fn",
                  "arn:aws:lambda:us-east-1:123456789012:function:my-fn:*"
                ]
              }
            }
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:7")),
      expected: .allow
    ),
    SpecVector(
      "V53",
      "Second value matches (OR).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{
              "StringLike":{
                "aws:SourceArn":[
                  "arn:aws:lambda:us-east-1:123456789012:function:*",
                  "arn:aws:lambda:us-east-1:210987654321:function:*"
                ]
              }
            }
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:210987654321:function:x")),
      expected: .allow
    ),
    SpecVector(
      "V54",
      "Partition differs.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:sourceARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws-cn:lambda:cn-north-1:123456789012:function:my-fn")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V55",
      "6th ARN field is `function:my-fn:7`, matched by `function:*`.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:7")),
      expected: .allow
    ),
    SpecVector(
      "V56",
      "Wildcard region field.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:*:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-west-2:123456789012:function:my-fn")),
      expected: .allow
    ),
    SpecVector(
      "V57",
      "Wildcard account — any account's function (lint: over-broad).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:*:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:999999999999:function:x")),
      expected: .allow
    ),
    SpecVector(
      "V58",
      "ArnEquals honours wildcards exactly like ArnLike.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V59",
      "Only 6 fields: `function` lands in the account field.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:*:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V60",
      "StringLike `*` crosses fields (AWS doc example).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}
          }
        ]}
        """#,
      request: .lambdaPull(
        .add("aws:SourceArn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt")
      ),
      expected: .allow
    ),
    SpecVector(
      "V61",
      "ArnLike matches field by field (AWS doc example).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}
          }
        ]}
        """#,
      request: .lambdaPull(
        .add("aws:SourceArn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt")
      ),
      expected: .implicitDeny
    ),
    SpecVector(
      "V62",
      "Even `*` needs the key to exist.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:SourceArn":"*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.remove("aws:SourceArn")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V63",
      "ForAllValues is vacuously true for a missing key (hazard; lint).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{
              "ForAllValues:StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}
            }
          }
        ]}
        """#,
      request: .lambdaPull(.remove("aws:SourceArn")),
      expected: .allow
    ),
    SpecVector(
      "V64",
      "ForAnyValue is false for a missing key.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAnyValue:StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.remove("aws:SourceArn")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V65",
      "Single value treated as a one-element set (lint: set op on single-valued key).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAnyValue:StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V66",
      "IfExists: missing key → true.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLikeIfExists":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.remove("aws:SourceArn")),
      expected: .allow
    ),
    SpecVector(
      "V67",
      "Present key is evaluated normally.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLikeIfExists":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:999999999999:function:x")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V68",
      "Two operators ANDed, both true.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{
              "StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"},
              "StringEquals":{"aws:SourceAccount":"123456789012"}
            }
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V69",
      "AND fails when SourceAccount is absent — presence for Lambda pulls is UNCONFIRMED (§6).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{
              "StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"},
              "StringEquals":{"aws:SourceAccount":"123456789012"}
            }
          }
        ]}
        """#,
      request: .lambdaPull(.remove("aws:SourceAccount")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V70",
      "Keys inside one operator are ANDed; second key fails.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{
              "StringLike":{
                "aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*",
                "aws:SourceAccount":"210987654321"
              }
            }
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V71",
      "Variable resolves to 123456789012.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:${aws:SourceAccount}:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V72",
      "Variables are literal text in 2008-10-17.",
      policy: #"""
        {"Version":"2008-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:${aws:SourceAccount}:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V73",
      "Missing Version behaves like 2008-10-17 for variables.",
      policy: #"""
        {"Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:${aws:SourceAccount}:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V74",
      "Substitute before splitting fields; [SIM] splits first and returns NotApplicable.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:${aws:SourceAccount}:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V75",
      "`$` without `{` is literal.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{
              "StringEquals":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATEST"}
            }
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATEST")),
      expected: .allow
    ),
    SpecVector(
      "V76",
      "Negated op is true on a missing key → blocks ordinary principals.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:*",
            "Condition":{"StringNotLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .explicitDeny
    ),
    SpecVector(
      "V77",
      "SourceArn present and matches → negated op false.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:*",
            "Condition":{"StringNotLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V78",
      "IfExists changes nothing for negated ops (missing → true).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:*",
            "Condition":{"StringNotLikeIfExists":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .explicitDeny
    ),
    SpecVector(
      "V79",
      "NOR: value equals the first entry → false.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:*",
            "Condition":{"StringNotEquals":{"aws:PrincipalAccount":["123456789012","210987654321"]}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V80",
      "Equals none → true.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:*",
            "Condition":{"StringNotEquals":{"aws:PrincipalAccount":["123456789012","210987654321"]}}
          }
        ]}
        """#,
      request: .deployer(.add("aws:PrincipalAccount", "999999999999")),
      expected: .explicitDeny
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V81",
      "Service principal has no PrincipalOrgID → negated op true → Lambda pulls blocked (assumes key absent).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:*",
            "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123def4"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .explicitDeny
    ),
    SpecVector(
      "V82",
      "Guard is false for the service principal.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:*",
            "Condition":{
              "StringNotEquals":{"aws:PrincipalOrgID":"o-abc123def4"},
              "BoolIfExists":{"aws:PrincipalIsAWSService":"false"}
            }
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V83",
      "Human outside the org: both conditions true.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:*",
            "Condition":{
              "StringNotEquals":{"aws:PrincipalOrgID":"o-abc123def4"},
              "BoolIfExists":{"aws:PrincipalIsAWSService":"false"}
            }
          }
        ]}
        """#,
      request: .deployer(.add("aws:PrincipalOrgID", "o-zzzzzzzzzz")),
      expected: .explicitDeny
    ),
    SpecVector(
      "V84",
      "Explicit Deny beats Allow.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          },
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:BatchGetImage"
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .explicitDeny
    ),
    SpecVector(
      "V85",
      "S1 condition false, S2 principal mismatch → implicit deny.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:sourceARN":"arn:aws:lambda:us-east-1:123456789012:function:*"}}
          },
          {
            "Effect":"Allow",
            "Principal":{"AWS":"arn:aws:iam::123456789012:root"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:999999999999:function:x")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V86",
      "NOR: matches the second pattern.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{
              "StringNotLike":{
                "aws:SourceArn":[
                  "arn:aws:lambda:us-east-1:123456789012:function:*",
                  "arn:aws:lambda:us-east-1:210987654321:function:*"
                ]
              }
            }
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:210987654321:function:x")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V87",
      "Two operators on one key ANDed; exclusion wins.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{
              "StringLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:*"},
              "StringNotLike":{"aws:SourceArn":"arn:aws:lambda:us-east-1:123456789012:function:blocked-*"}
            }
          }
        ]}
        """#,
      request: .lambdaPull(.add("aws:SourceArn", "arn:aws:lambda:us-east-1:123456789012:function:blocked-1")),
      expected: .implicitDeny
    ),
    SpecVector(
      "V88",
      "Present and equal → negated op false.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringNotEqualsIfExists":{"aws:SourceAccount":"123456789012"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V89",
      "Key present.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"Null":{"aws:SourceArn":"true"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V90",
      "Key present.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"Null":{"aws:SourceArn":"false"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V91",
      "Key absent.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"Null":{"aws:SourceArn":"true"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V92",
      "Value is true.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"Bool":{"aws:SecureTransport":"false"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V93",
      "Unquoted boolean is valid; compared as text `true`.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"Bool":{"aws:PrincipalIsAWSService":true}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V94",
      "Bool is positive; missing key → false.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V95",
      "Missing key → true.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V96",
      "Equal is not less.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"NumericLessThan":{"aws:EpochTime":"1748779200"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V97",
      "Equal qualifies; numbers accepted unquoted.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"NumericLessThanEquals":{"aws:EpochTime":1748779200}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V98",
      "Differs from all values (NOR).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"NumericNotEquals":{"aws:EpochTime":["1","2"]}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V99",
      "Numeric value equality, not text.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"NumericEquals":{"aws:EpochTime":"1748779200.0"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V100",
      "2025-06-01 < 2026-01-01.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V101",
      "Epoch **seconds** = 2026-01-01; [SIM] reads ms (1970-01-21) and answers Allow.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"DateGreaterThan":{"aws:CurrentTime":"1767225600"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V102",
      "Same instant after offset normalisation.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"DateEquals":{"aws:CurrentTime":"2025-06-01T14:00:00+02:00"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V103",
      "NOR: equals the first value.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"DateNotEquals":{"aws:CurrentTime":["2025-06-01T12:00:00Z","2025-06-02T00:00:00Z"]}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V104",
      "In range.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V105",
      "Bare IPv4 = /32.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.11"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V106",
      "IPv6, hex case-insensitive.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}
          }
        ]}
        """#,
      request: .deployer(.add("aws:SourceIp", "2001:db8:1234:5678::1")),
      expected: .allow
    ),
    SpecVector(
      "V107",
      "Family mismatch = not in range.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}
          }
        ]}
        """#,
      request: .deployer(.add("aws:SourceIp", "2001:db8::1")),
      expected: .implicitDeny
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V108",
      "Missing key → negated op true → Lambda blocked (assumes SourceIp absent for service calls).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Deny",
            "Principal":"*",
            "Action":"ecr:*",
            "Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .explicitDeny
    ),
    SpecVector(
      "V109",
      "Base64-decoded bytes equal (hypothetical key).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"BinaryEquals":{"ex:blob":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}
          }
        ]}
        """#,
      request: .lambdaPull(.add("ex:blob", "BinaryValueInBase64")),
      expected: .allow
    ),
    SpecVector(
      "V110",
      "Case-insensitive compare.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalServiceName":"LAMBDA.AMAZONAWS.COM"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V111",
      "Case-sensitive compare.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringEquals":{"aws:PrincipalServiceName":"Lambda.amazonaws.com"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V112",
      "Equal ignoring case → negated false.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalServiceName":"LAMBDA.amazonaws.com"}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V113",
      "Every request value is listed.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAllValues:StringEquals":{"aws:PrincipalServiceNamesList":["lambda.amazonaws.com"]}}
          }
        ]}
        """#,
      request: .lambdaPull(),
      expected: .allow
    ),
    SpecVector(
      "V114",
      "Second value not listed (hypothetical list).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"Service":"lambda.amazonaws.com"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAllValues:StringEquals":{"aws:PrincipalServiceNamesList":["lambda.amazonaws.com"]}}
          }
        ]}
        """#,
      request: .lambdaPull(
        .addList("aws:PrincipalServiceNamesList", ["lambda.amazonaws.com", "lambda.us-east-1.amazonaws.com"])
      ),
      expected: .implicitDeny
    ),
    SpecVector(
      "V115",
      "One value matches.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAnyValue:StringEquals":{"aws:CalledVia":["lambda.amazonaws.com"]}}
          }
        ]}
        """#,
      request: .deployer(.addList("aws:CalledVia", ["cloudformation.amazonaws.com", "lambda.amazonaws.com"])),
      expected: .allow
    ),
    SpecVector(
      "V116",
      "No request value is in the policy list.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAllValues:StringNotEquals":{"aws:CalledVia":["lambda.amazonaws.com"]}}
          }
        ]}
        """#,
      request: .deployer(.addList("aws:CalledVia", ["cloudformation.amazonaws.com"])),
      expected: .allow
    ),
    SpecVector(
      "V117",
      "One request value is in the list.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAllValues:StringNotEquals":{"aws:CalledVia":["lambda.amazonaws.com"]}}
          }
        ]}
        """#,
      request: .deployer(.addList("aws:CalledVia", ["cloudformation.amazonaws.com", "lambda.amazonaws.com"])),
      expected: .implicitDeny
    ),
    SpecVector(
      "V118",
      "No request value differs from every policy value.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAnyValue:StringNotEquals":{"aws:CalledVia":["lambda.amazonaws.com"]}}
          }
        ]}
        """#,
      request: .deployer(.addList("aws:CalledVia", ["lambda.amazonaws.com"])),
      expected: .implicitDeny
    ),
    SpecVector(
      "V119",
      "`cloudformation…` differs from all policy values.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAnyValue:StringNotEquals":{"aws:CalledVia":["lambda.amazonaws.com"]}}
          }
        ]}
        """#,
      request: .deployer(.addList("aws:CalledVia", ["lambda.amazonaws.com", "cloudformation.amazonaws.com"])),
      expected: .allow
    ),
    SpecVector(
      "V120",
      "Empty set → vacuously true.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAllValues:StringEquals":{"aws:CalledVia":["lambda.amazonaws.com"]}}
          }
        ]}
        """#,
      request: .deployer(.addList("aws:CalledVia", [])),
      expected: .allow
    ),
    SpecVector(
      "V121",
      "Empty set → false.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAnyValue:StringEquals":{"aws:CalledVia":["lambda.amazonaws.com"]}}
          }
        ]}
        """#,
      request: .deployer(.addList("aws:CalledVia", [])),
      expected: .implicitDeny
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V122",
      "Bare operator on a multivalued key never matches ([SIM]; AWS silent).",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringEquals":{"aws:CalledVia":"lambda.amazonaws.com"}}
          }
        ]}
        """#,
      request: .deployer(.addList("aws:CalledVia", ["lambda.amazonaws.com"])),
      expected: .implicitDeny
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V123",
      "AWS IfExists rule → true; [SIM] answers NotApplicable.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"ForAnyValue:StringLikeIfExists":{"aws:CalledVia":["lambda.*"]}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V124",
      "`${*}` is a literal asterisk.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:PrincipalTag/team":"pay${*}"}}
          }
        ]}
        """#,
      request: .deployer(.add("aws:PrincipalTag/team", "pay*")),
      expected: .allow
    ),
    SpecVector(
      "V125",
      "Literal `*` does not act as a wildcard.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:PrincipalTag/team":"pay${*}"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V126",
      "`${?}` is a literal question mark.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringLike":{"aws:PrincipalTag/team":"pa${?}ments"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    SpecVector(
      "V127",
      "`${$}` is a literal dollar.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringEquals":{"aws:PrincipalTag/team":"cost${$}"}}
          }
        ]}
        """#,
      request: .deployer(.add("aws:PrincipalTag/team", "cost$")),
      expected: .allow
    ),
    SpecVector(
      "V128",
      "Default value used.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringEquals":{"aws:PrincipalTag/team":"${aws:PrincipalTag/dept, 'payments'}"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V129",
      "Unresolved variable never matches a positive operator.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringEquals":{"aws:PrincipalTag/team":"${aws:PrincipalTag/dept}"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .implicitDeny
    ),
    // ⚑ The spec's own answer, where [SIM] or an AWS doc table differs.
    SpecVector(
      "V130",
      "AWS: negated operators match a null value; [SIM] answers NotApplicable.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"${aws:PrincipalTag/dept}"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V131",
      "Variable inside a string-operator value.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::${aws:PrincipalAccount}:role/deployer"}}
          }
        ]}
        """#,
      request: .deployer(),
      expected: .allow
    ),
    SpecVector(
      "V132",
      "Variable after the 5th colon resolves to `team`.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"arn:aws:ecr:us-east-1:111111111111:repository/${aws:PrincipalTag/team}/*"
          }
        ]}
        """#,
      request: .deployer(.add("aws:PrincipalTag/team", "team")),
      expected: .allow
    ),
    SpecVector(
      "V133",
      "Unresolved variable in Resource matches nothing.",
      policy: #"""
        {"Version":"2012-10-17","Statement":[
          {
            "Effect":"Allow",
            "Principal":{"AWS":"123456789012"},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],
            "Resource":"arn:aws:ecr:us-east-1:111111111111:repository/${aws:PrincipalTag/team}/*"
          }
        ]}
        """#,
      request: .deployer(.remove("aws:PrincipalTag/team")),
      expected: .implicitDeny
    ),
  ]
}
