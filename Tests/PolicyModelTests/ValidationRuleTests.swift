import PolicyDiagnostics
import PolicyModel
import PolicySyntax
import Testing

/// One input that must produce exactly one finding of `rule`, with this severity, at this place.
struct RuleCase: Sendable, CustomTestStringConvertible {
  let name: String
  let text: String
  let kind: PolicyKind?
  let rule: RuleDescriptor
  let severity: Severity
  let location: Location
  /// The source text the finding's range covers.
  let covers: String
  /// The finding's JSON path, dotted.
  let path: String

  init(
    _ name: String,
    _ text: String,
    kind: PolicyKind? = nil,
    rule: RuleDescriptor,
    severity: Severity = .error,
    at location: Location,
    covers: String,
    path: String
  ) {
    self.name = name
    self.text = text
    self.kind = kind
    self.rule = rule
    self.severity = severity
    self.location = location
    self.covers = covers
    self.path = path
  }

  var testDescription: String { "\(rule.id): \(name)" }
}

/// One input that must produce no finding of `rule`.
struct CleanCase: Sendable, CustomTestStringConvertible {
  let name: String
  let text: String
  let kind: PolicyKind?
  let rule: RuleDescriptor

  init(_ name: String, _ text: String, kind: PolicyKind? = nil, rule: RuleDescriptor) {
    self.name = name
    self.text = text
    self.kind = kind
    self.rule = rule
  }

  var testDescription: String { "\(rule.id): \(name)" }
}

private func at(_ line: Int, _ column: Int) -> Location { Location(line: line, column: column) }

/// A statement with a condition member, on line 8; a value after `{"Op": {"key": ` starts at column 20 + their length.
private func conditionPolicy(_ condition: String) -> String {
  statementPolicy([Member.allow, Member.principal, Member.pull, #""Condition": "# + condition])
}

/// A repository statement whose principal member is `principal`, on line 6.
private func principalPolicy(_ principal: String) -> String {
  statementPolicy([Member.allow, #""Principal": "# + principal, Member.pull])
}

/// A repository statement whose action member is `action`, on line 7 (the value at column 16).
private func actionPolicy(_ action: String) -> String {
  statementPolicy([Member.allow, Member.principal, #""Action": "# + action])
}

@Suite struct ValidationRuleTests {
  static let structureCases: [RuleCase] = [
    RuleCase(
      "template hole",
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": ${var.actions}}
        ]
      }
      """,
      rule: ValidationRules.invalidJSON,
      at: at(4, 52),
      covers: "",
      path: ""
    ),
    RuleCase(
      "trailing comma",
      "{\n  \"Version\": \"2012-10-17\",\n}",
      rule: ValidationRules.invalidJSON,
      at: at(2, 25),
      covers: "",
      path: ""
    ),
    RuleCase(
      "BOM",
      "\u{FEFF}" + statementPolicy([Member.allow, Member.principal, Member.pull]),
      rule: ValidationRules.byteOrderMark,
      severity: .warning,
      at: at(1, 0),
      covers: "\u{FEFF}",
      path: ""
    ),
    RuleCase(
      "Effect twice",
      statementPolicy([Member.allow, Member.principal, Member.pull, Member.deny]),
      rule: ValidationRules.duplicateKey,
      at: at(8, 6),
      covers: #""Effect""#,
      path: "Statement[0].Effect"
    ),
    RuleCase(
      "AWS twice in one principal",
      principalPolicy(#"{"AWS": "111111111111", "AWS": "222222222222"}"#),
      rule: ValidationRules.duplicateKey,
      at: at(6, 6 + 14 + 23),
      covers: #""AWS""#,
      path: "Statement[0].Principal.AWS"
    ),
    RuleCase(
      "lower-case statement",
      """
      {
        "Version": "2012-10-17",
        "statement": {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}
      }
      """,
      rule: ValidationRules.unknownElement,
      at: at(3, 2),
      covers: #""statement""#,
      path: "statement"
    ),
    RuleCase(
      "Statements (P10)",
      """
      {
        "Version": "2012-10-17",
        "Statements": {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}
      }
      """,
      rule: ValidationRules.unknownElement,
      at: at(3, 2),
      covers: #""Statements""#,
      path: "Statements"
    ),
    RuleCase(
      "lower-case aws principal key",
      principalPolicy(#"{"aws": "arn:aws:iam::123456789012:root"}"#),
      rule: ValidationRules.unknownElement,
      at: at(6, 20),
      covers: #""aws""#,
      path: "Statement[0].Principal.aws"
    ),
    RuleCase(
      "Actions in a statement",
      statementPolicy([Member.allow, Member.principal, #""Actions": "ecr:BatchGetImage""#]),
      rule: ValidationRules.unknownElement,
      at: at(7, 6),
      covers: #""Actions""#,
      path: "Statement[0].Actions"
    ),
    RuleCase(
      "no Statement",
      "{\n  \"Version\": \"2012-10-17\"\n}",
      rule: ValidationRules.missingElement,
      at: at(1, 0),
      covers: "",
      path: ""
    ),
    RuleCase(
      "no Effect",
      statementPolicy([Member.principal, Member.pull]),
      rule: ValidationRules.missingElement,
      at: at(4, 4),
      covers: "",
      path: "Statement[0]"
    ),
    RuleCase(
      "no Action or NotAction (P06)",
      statementPolicy([Member.allow, Member.principal]),
      rule: ValidationRules.missingElement,
      at: at(4, 4),
      covers: "",
      path: "Statement[0]"
    ),
    RuleCase(
      "no Principal in a repository policy (P07)",
      statementPolicy([Member.allow, Member.pull]),
      kind: .repository,
      rule: ValidationRules.missingElement,
      at: at(4, 4),
      covers: "",
      path: "Statement[0]"
    ),
    RuleCase(
      "no Principal, kind inferred",
      statementPolicy([Member.allow, Member.pull]),
      rule: ValidationRules.missingElement,
      at: at(4, 4),
      covers: "",
      path: "Statement[0]"
    ),
    RuleCase(
      "no Resource in a registry policy",
      statementPolicy([Member.allow, Member.principal, #""Action": "ecr:ReplicateImage""#]),
      kind: .registry,
      rule: ValidationRules.missingElement,
      at: at(4, 4),
      covers: "",
      path: "Statement[0]"
    ),
    RuleCase(
      "no Resource in an identity policy",
      statementPolicy([Member.allow, Member.pull]),
      kind: .identity,
      rule: ValidationRules.missingElement,
      at: at(4, 4),
      covers: "",
      path: "Statement[0]"
    ),
    RuleCase(
      "both Action and NotAction (P02)",
      statementPolicy([Member.allow, Member.principal, Member.pull, #""NotAction": "ecr:DeleteRepository""#]),
      rule: ValidationRules.conflictingElements,
      at: at(8, 6),
      covers: #""NotAction""#,
      path: "Statement[0].NotAction"
    ),
    RuleCase(
      "both Principal and NotPrincipal (P03)",
      statementPolicy([
        Member.deny, Member.principal, #""NotPrincipal": {"AWS": "arn:aws:iam::999999999999:root"}"#, Member.pull,
      ]),
      rule: ValidationRules.conflictingElements,
      at: at(7, 6),
      covers: #""NotPrincipal""#,
      path: "Statement[0].NotPrincipal"
    ),
    RuleCase(
      "both Resource and NotResource (P04)",
      statementPolicy([
        Member.allow, Member.principal, Member.pull, Member.anyResource,
        #""NotResource": "arn:aws:ecr:us-east-1:111111111111:repository/x""#,
      ]),
      rule: ValidationRules.conflictingElements,
      at: at(9, 6),
      covers: #""NotResource""#,
      path: "Statement[0].NotResource"
    ),
  ]

  static let valueCases: [RuleCase] = [
    RuleCase(
      "Effect allow (P05)",
      statementPolicy([#""Effect": "allow""#, Member.principal, Member.pull]),
      rule: ValidationRules.invalidValue,
      at: at(5, 16),
      covers: #""allow""#,
      path: "Statement[0].Effect"
    ),
    RuleCase(
      "Effect is a boolean",
      statementPolicy([#""Effect": true"#, Member.principal, Member.pull]),
      rule: ValidationRules.invalidValue,
      at: at(5, 16),
      covers: "true",
      path: "Statement[0].Effect"
    ),
    RuleCase(
      "partial principal wildcard (P14)",
      principalPolicy(#"{"AWS": "arn:aws:iam::123456789012:role/*"}"#),
      rule: ValidationRules.invalidValue,
      at: at(6, 27),
      covers: #""arn:aws:iam::123456789012:role/*""#,
      path: "Statement[0].Principal.AWS"
    ),
    RuleCase(
      "wildcard account in a principal",
      principalPolicy(#"{"AWS": ["arn:aws:iam::123456789012:root", "arn:aws:iam::*:root"]}"#),
      rule: ValidationRules.invalidValue,
      at: at(6, 27 + 1 + 32 + 2),
      covers: #""arn:aws:iam::*:root""#,
      path: "Statement[0].Principal.AWS[1]"
    ),
    RuleCase(
      "Service * (P15)",
      principalPolicy(#"{"Service": "*"}"#),
      rule: ValidationRules.invalidValue,
      at: at(6, 31),
      covers: #""*""#,
      path: "Statement[0].Principal.Service"
    ),
    RuleCase(
      "account ID as a JSON number (P16)",
      principalPolicy(#"{"AWS": 123456789012}"#),
      rule: ValidationRules.invalidValue,
      at: at(6, 27),
      covers: "123456789012",
      path: "Statement[0].Principal.AWS"
    ),
    RuleCase(
      "action without a colon (P17)",
      actionPolicy(#""ecr""#),
      rule: ValidationRules.invalidValue,
      at: at(7, 16),
      covers: #""ecr""#,
      path: "Statement[0].Action"
    ),
    RuleCase(
      "action with two colons (P17)",
      actionPolicy(#"["ecr:GetAuthorizationToken", "ecr:Batch:GetImage"]"#),
      rule: ValidationRules.invalidValue,
      at: at(7, 16 + 1 + 27 + 2),
      covers: #""ecr:Batch:GetImage""#,
      path: "Statement[0].Action[1]"
    ),
    RuleCase(
      "wildcard in the service prefix",
      actionPolicy(#""ec*:BatchGetImage""#),
      rule: ValidationRules.invalidValue,
      at: at(7, 16),
      covers: #""ec*:BatchGetImage""#,
      path: "Statement[0].Action"
    ),
    RuleCase(
      "Null with a value other than true or false",
      conditionPolicy(#"{"Null": {"aws:SourceArn": "maybe"}}"#),
      rule: ValidationRules.invalidValue,
      at: at(8, 20 + 9 + 17),
      covers: #""maybe""#,
      path: "Statement[0].Condition.Null.aws:SourceArn"
    ),
    RuleCase(
      "statement that is a string",
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\"Allow\"]\n}",
      rule: ValidationRules.invalidValue,
      at: at(3, 16),
      covers: #""Allow""#,
      path: "Statement[0]"
    ),
    RuleCase(
      "condition value null",
      conditionPolicy(#"{"StringEquals": {"aws:SourceAccount": null}}"#),
      rule: ValidationRules.invalidValue,
      at: at(8, 58),
      covers: "null",
      path: "Statement[0].Condition.StringEquals.aws:SourceAccount"
    ),
    RuleCase(
      "condition value object",
      conditionPolicy(#"{"StringEquals": {"aws:SourceAccount": {"a": 1}}}"#),
      rule: ValidationRules.invalidValue,
      at: at(8, 58),
      covers: #"{"a": 1}"#,
      path: "Statement[0].Condition.StringEquals.aws:SourceAccount"
    ),
    RuleCase(
      "condition value nested array",
      conditionPolicy(#"{"StringEquals": {"aws:SourceAccount": ["111111111111", ["x"]]}}"#),
      rule: ValidationRules.invalidValue,
      at: at(8, 58 + 17),
      covers: #"["x"]"#,
      path: "Statement[0].Condition.StringEquals.aws:SourceAccount[1]"
    ),
    RuleCase(
      "empty principal object",
      principalPolicy("{}"),
      rule: ValidationRules.emptyValue,
      at: at(6, 19),
      covers: "{}",
      path: "Statement[0].Principal"
    ),
    RuleCase(
      "empty AWS list",
      principalPolicy(#"{"AWS": []}"#),
      rule: ValidationRules.emptyValue,
      at: at(6, 27),
      covers: "[]",
      path: "Statement[0].Principal.AWS"
    ),
    RuleCase(
      "empty principal string",
      principalPolicy(#""""#),
      rule: ValidationRules.emptyValue,
      at: at(6, 19),
      covers: #""""#,
      path: "Statement[0].Principal"
    ),
    RuleCase(
      "empty condition value list (P21)",
      conditionPolicy(#"{"StringEquals": {"aws:SourceAccount": []}}"#),
      rule: ValidationRules.emptyValue,
      at: at(8, 58),
      covers: "[]",
      path: "Statement[0].Condition.StringEquals.aws:SourceAccount"
    ),
    RuleCase(
      "empty Statement array",
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}",
      rule: ValidationRules.emptyValue,
      severity: .warning,
      at: at(3, 15),
      covers: "[]",
      path: "Statement"
    ),
  ]

  static let resourceCases: [RuleCase] = [
    RuleCase(
      "policy variable before the resource part (P23)",
      statementPolicy([
        Member.allow, Member.principal, Member.pull,
        #""Resource": "arn:aws:ecr:${aws:RequestedRegion}:111111111111:repository/x""#,
      ]),
      rule: ValidationRules.invalidValue,
      severity: .warning,
      at: at(8, 18),
      covers: #""arn:aws:ecr:${aws:RequestedRegion}:111111111111:repository/x""#,
      path: "Statement[0].Resource"
    ),
    RuleCase(
      "resource that is not an ARN",
      statementPolicy([Member.allow, Member.principal, Member.pull, #""Resource": ["*", "my-repository"]"#]),
      rule: ValidationRules.invalidValue,
      severity: .warning,
      at: at(8, 18 + 6),
      covers: #""my-repository""#,
      path: "Statement[0].Resource[1]"
    ),
  ]

  static let policyCases: [RuleCase] = [
    RuleCase(
      "same Sid twice (P19)",
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
          {"Sid": "Pull", "Effect": "Deny", "Principal": "*", "Action": "ecr:DeleteRepository"}
        ]
      }
      """,
      rule: ValidationRules.duplicateSid,
      severity: .warning,
      at: at(5, 12),
      covers: #""Pull""#,
      path: "Statement[1].Sid"
    ),
    RuleCase(
      "Sid with a space in a repository policy (P18)",
      statementPolicy([#""Sid": "Allow Lambda""#, Member.allow, Member.principal, Member.pull]),
      rule: ValidationRules.sidFormat,
      severity: .note,
      at: at(5, 13),
      covers: #""Allow Lambda""#,
      path: "Statement[0].Sid"
    ),
    RuleCase(
      "Sid with a space in an identity policy (P18)",
      statementPolicy([#""Sid": "Allow Lambda""#, Member.allow, Member.pull, Member.anyResource]),
      kind: .identity,
      rule: ValidationRules.sidFormat,
      severity: .warning,
      at: at(5, 13),
      covers: #""Allow Lambda""#,
      path: "Statement[0].Sid"
    ),
    RuleCase(
      "Version 2012-10-18 (P09)",
      statementPolicy([Member.allow, Member.principal, Member.pull], version: "2012-10-18"),
      rule: ValidationRules.invalidVersion,
      at: at(2, 13),
      covers: #""2012-10-18""#,
      path: "Version"
    ),
    RuleCase(
      "no Version",
      statementPolicy([Member.allow, Member.principal, Member.pull], version: nil),
      rule: ValidationRules.missingVersion,
      severity: .warning,
      at: at(1, 0),
      covers: "",
      path: ""
    ),
    RuleCase(
      "stringEquals (P11)",
      conditionPolicy(#"{"stringEquals": {"aws:SourceAccount": "111111111111"}}"#),
      rule: ValidationRules.unknownOperator,
      at: at(8, 20),
      covers: #""stringEquals""#,
      path: "Statement[0].Condition.stringEquals"
    ),
    RuleCase(
      "NullIfExists (P12)",
      conditionPolicy(#"{"NullIfExists": {"aws:SourceArn": "false"}}"#),
      rule: ValidationRules.unknownOperator,
      at: at(8, 20),
      covers: #""NullIfExists""#,
      path: "Statement[0].Condition.NullIfExists"
    ),
    RuleCase(
      "ForAnyValues qualifier (P13)",
      conditionPolicy(#"{"ForAnyValues:StringEquals": {"aws:SourceAccount": "111111111111"}}"#),
      rule: ValidationRules.unknownOperator,
      at: at(8, 20),
      covers: #""ForAnyValues:StringEquals""#,
      path: "Statement[0].Condition.ForAnyValues:StringEquals"
    ),
    RuleCase(
      "two colons in an operator",
      conditionPolicy(#"{"ForAnyValue:ForAllValues:StringEquals": {"aws:SourceAccount": "111111111111"}}"#),
      rule: ValidationRules.unknownOperator,
      at: at(8, 20),
      covers: #""ForAnyValue:ForAllValues:StringEquals""#,
      path: "Statement[0].Condition.ForAnyValue:ForAllValues:StringEquals"
    ),
    RuleCase(
      "deleted role left as a unique ID",
      principalPolicy(#"{"AWS": "AROA1234567890EXAMPLE"}"#),
      rule: ValidationRules.stalePrincipal,
      severity: .warning,
      at: at(6, 27),
      covers: #""AROA1234567890EXAMPLE""#,
      path: "Statement[0].Principal.AWS"
    ),
  ]

  static let placeholderCases: [RuleCase] = [
    RuleCase(
      "Terraform variable",
      principalPolicy(#"{"AWS": "arn:aws:iam::${var.account_id}:root"}"#),
      rule: ValidationRules.unresolvedPlaceholder,
      severity: .warning,
      at: at(6, 27),
      covers: #""arn:aws:iam::${var.account_id}:root""#,
      path: "Statement[0].Principal.AWS"
    ),
    RuleCase(
      "CloudFormation pseudo parameter",
      principalPolicy(#"{"AWS": "arn:aws:iam::${AWS::AccountId}:root"}"#),
      rule: ValidationRules.unresolvedPlaceholder,
      severity: .warning,
      at: at(6, 27),
      covers: #""arn:aws:iam::${AWS::AccountId}:root""#,
      path: "Statement[0].Principal.AWS"
    ),
    RuleCase(
      "documentation word for the account",
      principalPolicy(#"{"AWS": ["arn:aws:iam::123456789012:root", "arn:aws:iam::ACCOUNT-ID:root"]}"#),
      rule: ValidationRules.unresolvedPlaceholder,
      severity: .warning,
      at: at(6, 27 + 1 + 32 + 2),
      covers: #""arn:aws:iam::ACCOUNT-ID:root""#,
      path: "Statement[0].Principal.AWS[1]"
    ),
    RuleCase(
      "angle brackets",
      principalPolicy(#"{"AWS": "arn:aws:iam::<account-id>:root"}"#),
      rule: ValidationRules.unresolvedPlaceholder,
      severity: .warning,
      at: at(6, 27),
      covers: #""arn:aws:iam::<account-id>:root""#,
      path: "Statement[0].Principal.AWS"
    ),
    RuleCase(
      "dynamic reference",
      principalPolicy(#"{"AWS": "{{resolve:ssm:x}}"}"#),
      rule: ValidationRules.unresolvedPlaceholder,
      severity: .warning,
      at: at(6, 27),
      covers: #""{{resolve:ssm:x}}""#,
      path: "Statement[0].Principal.AWS"
    ),
    RuleCase(
      "CloudFormation Fn::If object",
      principalPolicy(#"{"AWS": {"Fn::If": ["IsProd", "111111111111", "222222222222"]}}"#),
      rule: ValidationRules.unresolvedPlaceholder,
      severity: .warning,
      at: at(6, 27),
      covers: #"{"Fn::If": ["IsProd", "111111111111", "222222222222"]}"#,
      path: "Statement[0].Principal.AWS"
    ),
    RuleCase(
      "placeholder in an action",
      actionPolicy(#""${var.pull_action}""#),
      rule: ValidationRules.unresolvedPlaceholder,
      severity: .warning,
      at: at(7, 16),
      covers: #""${var.pull_action}""#,
      path: "Statement[0].Action"
    ),
    RuleCase(
      "placeholder in a condition value",
      conditionPolicy(#"{"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"}}"#),
      rule: ValidationRules.unresolvedPlaceholder,
      severity: .warning,
      at: at(8, 58),
      covers: #""${AWS::AccountId}""#,
      path: "Statement[0].Condition.StringEquals.aws:SourceAccount"
    ),
    RuleCase(
      "placeholder in a resource",
      statementPolicy([
        Member.allow, Member.principal, Member.pull,
        #""Resource": "arn:aws:ecr:us-east-1:111111111111:repository/${RepoName}""#,
      ]),
      rule: ValidationRules.unresolvedPlaceholder,
      severity: .warning,
      at: at(8, 18),
      covers: #""arn:aws:ecr:us-east-1:111111111111:repository/${RepoName}""#,
      path: "Statement[0].Resource"
    ),
  ]

  @Test(arguments: structureCases + valueCases + resourceCases + policyCases + placeholderCases)
  func ruleFires(_ testCase: RuleCase) throws {
    let parsed = Parsed(testCase.text, kind: testCase.kind)
    let matching = parsed.findings(testCase.rule)
    try #require(matching.count == 1, "findings: \(parsed.findings.map { "\($0.rule) \($0.message)" })")
    let finding = matching[0]
    #expect(finding.severity == testCase.severity)
    #expect(parsed.location(finding.range) == testCase.location)
    #expect(parsed.text(finding.range) == testCase.covers)
    #expect(finding.path.dotted == testCase.path)
    #expect(!finding.message.isEmpty)
    #expect(finding.message.last != ".")
  }

  static let cleanCases: [CleanCase] = [
    CleanCase(
      "valid policy",
      statementPolicy([Member.allow, Member.principal, Member.pull]),
      rule: ValidationRules.invalidJSON
    ),
    CleanCase(
      "no BOM",
      statementPolicy([Member.allow, Member.principal, Member.pull]),
      rule: ValidationRules.byteOrderMark
    ),
    CleanCase(
      "same key in sibling objects",
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "ecr:BatchGetImage"},
          {"Effect": "Deny", "Principal": {"AWS": "999999999999"}, "Action": "ecr:BatchGetImage"}
        ]
      }
      """,
      rule: ValidationRules.duplicateKey
    ),
    CleanCase(
      "every statement element",
      statementPolicy([
        #""Sid": "AllowPull""#, Member.allow, Member.principal, Member.pull, Member.anyResource,
        #""Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}}"#,
      ]),
      rule: ValidationRules.unknownElement
    ),
    CleanCase(
      "every principal type",
      principalPolicy(
        #"{"AWS": "111111111111", "Service": "lambda.amazonaws.com", "Federated": "x", "CanonicalUser": "y"}"#
      ),
      rule: ValidationRules.unknownElement
    ),
    CleanCase(
      "no Resource in a repository policy (P08)",
      statementPolicy([Member.allow, Member.principal, Member.pull]),
      kind: .repository,
      rule: ValidationRules.missingElement
    ),
    CleanCase(
      "NotPrincipal and NotAction satisfy the requirement",
      statementPolicy([Member.deny, #""NotPrincipal": {"AWS": "111111111111"}"#, #""NotAction": "ecr:Describe*""#]),
      rule: ValidationRules.missingElement
    ),
    CleanCase(
      "registry policy with Principal and Resource",
      statementPolicy([
        Member.allow, Member.principal, #""Action": "ecr:ReplicateImage""#,
        #""Resource": "arn:aws:ecr:us-east-1:111111111111:repository/*""#,
      ]),
      kind: .registry,
      rule: ValidationRules.missingElement
    ),
    CleanCase(
      "identity policy with Resource",
      statementPolicy([Member.allow, Member.pull, Member.anyResource]),
      kind: .identity,
      rule: ValidationRules.missingElement
    ),
    CleanCase(
      "well-formed values",
      statementPolicy([
        Member.deny,
        #""Principal": {"AWS": ["*", "123456789012"], "Service": "lambda.amazonaws.com"}"#,
        #""Action": ["ecr:*", "*", "ecr:Get*"]"#,
        #""Condition": {"Null": {"aws:SourceArn": "false", "aws:SourceAccount": true}}"#,
      ]),
      rule: ValidationRules.invalidValue
    ),
    CleanCase(
      "policy variable in the resource part",
      statementPolicy([
        Member.allow, Member.principal, Member.pull,
        #""Resource": "arn:aws:ecr:us-east-1:111111111111:repository/${aws:PrincipalTag/team}""#,
      ]),
      rule: ValidationRules.invalidValue
    ),
    CleanCase(
      "Action alone",
      statementPolicy([Member.allow, Member.principal, Member.pull]),
      rule: ValidationRules.conflictingElements
    ),
    CleanCase(
      "non-empty principal and values",
      statementPolicy([
        Member.allow, #""Principal": {"AWS": ["111111111111"]}"#, Member.pull,
        #""Condition": {"StringEquals": {"aws:SourceAccount": ["111111111111"]}}"#,
      ]),
      rule: ValidationRules.emptyValue
    ),
    CleanCase(
      "distinct Sids and missing Sids",
      """
      {
        "Version": "2012-10-17",
        "Statement": [
          {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
          {"Sid": "pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
          {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
          {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}
        ]
      }
      """,
      rule: ValidationRules.duplicateSid
    ),
    CleanCase(
      "alphanumeric Sid",
      statementPolicy([#""Sid": "AllowLambdaPull2""#, Member.allow, Member.pull, Member.anyResource]),
      kind: .identity,
      rule: ValidationRules.sidFormat
    ),
    CleanCase(
      "legacy Version",
      statementPolicy([Member.allow, Member.principal, Member.pull], version: "2008-10-17"),
      rule: ValidationRules.invalidVersion
    ),
    CleanCase(
      "Version present",
      statementPolicy([Member.allow, Member.principal, Member.pull], version: "2008-10-17"),
      rule: ValidationRules.missingVersion
    ),
    CleanCase(
      "valid operators",
      conditionPolicy(
        #"{"StringEqualsIfExists": {"a:b": "1"}, "ForAllValues:StringLike": {"c:d": "x"}, "Null": {"e:f": "true"}}"#
      ),
      rule: ValidationRules.unknownOperator
    ),
    CleanCase(
      "role ARN",
      principalPolicy(#"{"AWS": "arn:aws:iam::123456789012:role/puller"}"#),
      rule: ValidationRules.stalePrincipal
    ),
    CleanCase(
      "IAM policy variables",
      statementPolicy([
        Member.allow, Member.principal, Member.pull,
        #""Resource": "arn:aws:ecr:us-east-1:111111111111:repository/${aws:username}/${*}""#,
        #""Condition": {"StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}}"#,
      ]),
      rule: ValidationRules.unresolvedPlaceholder
    ),
    CleanCase(
      "concrete account ARN",
      principalPolicy(#"{"AWS": "arn:aws:iam::123456789012:root"}"#),
      rule: ValidationRules.unresolvedPlaceholder
    ),
  ]

  @Test(arguments: cleanCases)
  func ruleStaysQuiet(_ testCase: CleanCase) {
    let parsed = Parsed(testCase.text, kind: testCase.kind)
    #expect(parsed.findings(testCase.rule).isEmpty, "findings: \(parsed.findings.map(\.message))")
    #expect(parsed.result.document != nil)
  }

  @Test func wellFormedRepositoryPolicyHasNoFindings() {
    let member = #""Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}}"#
    let parsed = Parsed(statementPolicy([#""Sid": "Pull""#, Member.allow, Member.principal, Member.pull, member]))
    #expect(parsed.findings.isEmpty)
  }

  @Test func invalidJSONIsTheOnlyFindingAndLeavesNoDocument() throws {
    let parsed = Parsed("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\"},,\n  ]\n}")
    #expect(parsed.result.document == nil)
    try #require(parsed.findings.count == 1)
    #expect(parsed.findings[0].rule == ValidationRules.invalidJSON.id)
    #expect(parsed.findings[0].severity == .error)
    #expect(parsed.location(parsed.findings[0].range) == at(4, 24))
  }

  @Test func policyThatIsNotAnObjectIsInvalidValue() throws {
    let parsed = Parsed(#"["Version", "2012-10-17"]"#)
    #expect(parsed.result.document == nil)
    let finding = try #require(parsed.findings(ValidationRules.invalidValue).first)
    #expect(parsed.text(finding.range) == #"["Version", "2012-10-17"]"#)
  }

  @Test func findingsAreInReadingOrder() {
    let parsed = Parsed(
      statementPolicy([#""Effect": "allow""#, #""Principal": {"Service": "*"}"#, #""Action": "ecr""#], version: nil)
    )
    #expect(parsed.findings.map(\.rule) == ["missing-version", "invalid-value", "invalid-value", "invalid-value"])
    #expect(parsed.findings.map(\.range.start) == parsed.findings.map(\.range.start).sorted())
  }
}
