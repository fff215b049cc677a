import PolicyDiagnostics
import PolicyModel
import PolicySyntax
import Testing

/// The shapes of spec §1 and how they land in the model: values, JSON paths and the bytes each range covers.
@Suite struct DocumentFormTests {
  @Test func statementAsSingleObjectIsOneStatementAtIndexZero() throws {
    let text = #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}}"#
    let parsed = Parsed(text)
    #expect(parsed.findings.isEmpty)
    let document = try #require(parsed.result.document)
    try #require(document.statements.count == 1)
    let statement = document.statements[0]
    #expect(statement.index == 0)
    #expect(parsed.path(statement.range) == "Statement")
    #expect(parsed.text(statement.range) == #"{"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}"#)
    #expect(parsed.path(statement.effect?.range) == "Statement.Effect")
    #expect(parsed.path(statement.action?.range) == "Statement.Action")
    #expect(parsed.text(document.range) == text)
  }

  @Test func statementArrayKeepsOrderIndexAndPaths() throws {
    let text = """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "First", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
        {"Sid": "Second", "Effect": "Deny", "Principal": "*", "Action": "ecr:DeleteRepository"}
      ]}
      """
    let parsed = Parsed(text)
    #expect(parsed.findings.isEmpty)
    let document = try #require(parsed.result.document)
    try #require(document.statements.count == 2)
    let second = document.statements[1]
    #expect(document.statements.map(\.index) == [0, 1])
    #expect(document.statements.map { parsed.path($0.range) } == ["Statement[0]", "Statement[1]"])
    #expect(document.statements.map(\.sid?.value) == ["First", "Second"])
    #expect(document.statements.map(\.effect?.value) == [.allow, .deny])
    #expect(document.statements.map(\.displayName) == ["'First'", "'Second'"])
    #expect(
      parsed.text(second.range)
        == #"{"Sid": "Second", "Effect": "Deny", "Principal": "*", "Action": "ecr:DeleteRepository"}"#
    )
    #expect(parsed.text(second.sid?.range) == #""Second""#)
    #expect(parsed.path(second.sid?.range) == "Statement[1].Sid")
    #expect(parsed.text(second.effect?.range) == #""Deny""#)
    #expect(parsed.path(second.effect?.range) == "Statement[1].Effect")
  }

  @Test func statementThatIsNotAnObjectKeepsTheIndexOfTheOthers() throws {
    let text = #"{"Version": "2012-10-17", "Statement": [1, {"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}]}"#
    let parsed = Parsed(text)
    #expect(parsed.findings.map(\.path.dotted) == ["Statement[0]"])
    let document = try #require(parsed.result.document)
    #expect(document.statements.map(\.index) == [1])
    #expect(document.statements.map { parsed.path($0.range) } == ["Statement[1]"])
    #expect(parsed.path(document.statements.first?.principal?.range) == "Statement[1].Principal")
  }

  @Test func statementWithoutSidIsNamedByIndex() throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull]))
    let statement = try #require(parsed.result.document?.statements.first)
    #expect(statement.sid == nil)
    #expect(statement.displayName == "#0")
  }

  struct VersionCase: Sendable, CustomTestStringConvertible {
    let member: String?
    let version: PolicyVersion?
    let interpretsVariables: Bool
    var testDescription: String { member ?? "no Version" }
  }

  @Test(arguments: [
    VersionCase(member: "2012-10-17", version: .current, interpretsVariables: true),
    VersionCase(member: "2008-10-17", version: .legacy, interpretsVariables: false),
    VersionCase(member: nil, version: nil, interpretsVariables: false),
  ])
  func versionDecidesWhetherVariablesAreInterpreted(_ testCase: VersionCase) throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull], version: testCase.member))
    let document = try #require(parsed.result.document)
    #expect(document.version?.value == testCase.version)
    #expect(document.interpretsVariables == testCase.interpretsVariables)
    if let written = testCase.member {
      #expect(parsed.text(document.version?.range) == "\"\(written)\"")
      #expect(parsed.path(document.version?.range) == "Version")
      #expect(parsed.location(document.version?.range) == Location(line: 2, column: 13))
    }
  }

  @Test func idIsReadWithItsRange() throws {
    let text = """
      {
        "Version": "2012-10-17",
        "Id": "ecr-pull-policy",
        "Statement": {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}
      }
      """
    let parsed = Parsed(text)
    #expect(parsed.findings.isEmpty)
    let id = try #require(parsed.result.document?.id)
    #expect(id.value == "ecr-pull-policy")
    #expect(parsed.path(id.range) == "Id")
    #expect(parsed.text(id.range) == #""ecr-pull-policy""#)
    #expect(parsed.location(id.range) == Location(line: 3, column: 8))
  }

  @Test func absentIdIsNil() throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull]))
    #expect(try #require(parsed.result.document).id == nil)
  }
}

@Suite struct PrincipalFormTests {
  /// What one principal entry should look like in the model.
  struct Entry: Sendable, Hashable, CustomStringConvertible {
    let type: PrincipalType?
    let value: String
    let path: String
    /// The source text of the entry's range.
    let text: String

    var description: String { "\(type?.rawValue ?? "-") \(value) at \(path) '\(text)'" }
  }

  struct PrincipalCase: Sendable, CustomTestStringConvertible {
    let json: String
    let entries: [Entry]
    let isWildcard: Bool
    var testDescription: String { json }
  }

  static let cases: [PrincipalCase] = [
    PrincipalCase(
      json: #""*""#,
      entries: [Entry(type: nil, value: "*", path: "Statement[0].Principal", text: #""*""#)],
      isWildcard: true
    ),
    PrincipalCase(
      json: #"{"AWS": "*"}"#,
      entries: [Entry(type: .aws, value: "*", path: "Statement[0].Principal.AWS", text: #""*""#)],
      isWildcard: true
    ),
    PrincipalCase(
      json: #"{"AWS": "123456789012"}"#,
      entries: [Entry(type: .aws, value: "123456789012", path: "Statement[0].Principal.AWS", text: #""123456789012""#)],
      isWildcard: false
    ),
    PrincipalCase(
      json: #"{"AWS": ["arn:aws:iam::123456789012:root", "arn:aws:iam::210987654321:role/puller"]}"#,
      entries: [
        Entry(
          type: .aws,
          value: "arn:aws:iam::123456789012:root",
          path: "Statement[0].Principal.AWS[0]",
          text: #""arn:aws:iam::123456789012:root""#
        ),
        Entry(
          type: .aws,
          value: "arn:aws:iam::210987654321:role/puller",
          path: "Statement[0].Principal.AWS[1]",
          text: #""arn:aws:iam::210987654321:role/puller""#
        ),
      ],
      isWildcard: false
    ),
    PrincipalCase(
      json: #"{"Service": "lambda.amazonaws.com"}"#,
      entries: [
        Entry(
          type: .service,
          value: "lambda.amazonaws.com",
          path: "Statement[0].Principal.Service",
          text: #""lambda.amazonaws.com""#
        )
      ],
      isWildcard: false
    ),
    PrincipalCase(
      json: #"{"Service": ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]}"#,
      entries: [
        Entry(
          type: .service,
          value: "lambda.amazonaws.com",
          path: "Statement[0].Principal.Service[0]",
          text: #""lambda.amazonaws.com""#
        ),
        Entry(
          type: .service,
          value: "ecs-tasks.amazonaws.com",
          path: "Statement[0].Principal.Service[1]",
          text: #""ecs-tasks.amazonaws.com""#
        ),
      ],
      isWildcard: false
    ),
    PrincipalCase(
      json: #"{"Federated": "cognito-identity.amazonaws.com"}"#,
      entries: [
        Entry(
          type: .federated,
          value: "cognito-identity.amazonaws.com",
          path: "Statement[0].Principal.Federated",
          text: #""cognito-identity.amazonaws.com""#
        )
      ],
      isWildcard: false
    ),
    PrincipalCase(
      json: #"{"Federated": ["accounts.google.com", "graph.facebook.com"]}"#,
      entries: [
        Entry(
          type: .federated,
          value: "accounts.google.com",
          path: "Statement[0].Principal.Federated[0]",
          text: #""accounts.google.com""#
        ),
        Entry(
          type: .federated,
          value: "graph.facebook.com",
          path: "Statement[0].Principal.Federated[1]",
          text: #""graph.facebook.com""#
        ),
      ],
      isWildcard: false
    ),
    PrincipalCase(
      json: #"{"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}"#,
      entries: [
        Entry(
          type: .canonicalUser,
          value: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
          path: "Statement[0].Principal.CanonicalUser",
          text: #""79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be""#
        )
      ],
      isWildcard: false
    ),
    PrincipalCase(
      json: #"{"CanonicalUser": ["abc123", "def456"]}"#,
      entries: [
        Entry(
          type: .canonicalUser,
          value: "abc123",
          path: "Statement[0].Principal.CanonicalUser[0]",
          text: #""abc123""#
        ),
        Entry(
          type: .canonicalUser,
          value: "def456",
          path: "Statement[0].Principal.CanonicalUser[1]",
          text: #""def456""#
        ),
      ],
      isWildcard: false
    ),
    PrincipalCase(
      json: #"{"AWS": "arn:aws:iam::123456789012:root", "Service": "lambda.amazonaws.com"}"#,
      entries: [
        Entry(
          type: .aws,
          value: "arn:aws:iam::123456789012:root",
          path: "Statement[0].Principal.AWS",
          text: #""arn:aws:iam::123456789012:root""#
        ),
        Entry(
          type: .service,
          value: "lambda.amazonaws.com",
          path: "Statement[0].Principal.Service",
          text: #""lambda.amazonaws.com""#
        ),
      ],
      isWildcard: false
    ),
  ]

  @Test(arguments: cases)
  func principalForms(_ testCase: PrincipalCase) throws {
    let parsed = Parsed(statementPolicy([Member.allow, #""Principal": "# + testCase.json, Member.pull]))
    #expect(parsed.findings.isEmpty)
    let statement = try #require(parsed.result.document?.statements.first)
    let principal = try #require(statement.principal)
    #expect(principal.isNot == false)
    #expect(parsed.path(principal.range) == "Statement[0].Principal")
    #expect(parsed.text(principal.range) == testCase.json)
    let entries = principal.entries.map {
      Entry(
        type: $0.type,
        value: $0.value,
        path: parsed.path($0.range) ?? "",
        text: parsed.text($0.range) ?? "<out of range>"
      )
    }
    #expect(entries == testCase.entries)
    #expect(principal.entries.contains(where: \.isWildcard) == testCase.isWildcard)
    #expect(statement.defects.isEmpty)
  }

  @Test func notPrincipalIsTheSameShapeNegated() throws {
    let member = #""NotPrincipal": {"AWS": ["arn:aws:iam::999999999999:root", "123456789012"]}"#
    let parsed = Parsed(statementPolicy([Member.deny, member, Member.pull]))
    #expect(parsed.findings.isEmpty)
    let principal = try #require(parsed.result.document?.statements.first?.principal)
    #expect(principal.isNot)
    #expect(parsed.path(principal.range) == "Statement[0].NotPrincipal")
    #expect(principal.entries.map(\.value) == ["arn:aws:iam::999999999999:root", "123456789012"])
    #expect(
      principal.entries.map { parsed.path($0.range) } == [
        "Statement[0].NotPrincipal.AWS[0]", "Statement[0].NotPrincipal.AWS[1]",
      ]
    )
    try #require(principal.entries.count == 2)
    #expect(parsed.text(principal.entries[1].range) == #""123456789012""#)
    // Member on line 6 at column 6; `"NotPrincipal": {"AWS": [` is 25 bytes, then the 32-byte first entry and `, `.
    #expect(parsed.location(principal.entries[1].range) == Location(line: 6, column: 6 + 25 + 32 + 2))
  }
}

@Suite struct ActionAndResourceFormTests {
  struct ListCase: Sendable, CustomTestStringConvertible {
    let member: String
    let isNot: Bool
    let values: [String]
    let paths: [String]
    var testDescription: String { member }
  }

  static let actionCases: [ListCase] = [
    ListCase(
      member: #""Action": "ecr:BatchGetImage""#,
      isNot: false,
      values: ["ecr:BatchGetImage"],
      paths: ["Statement[0].Action"]
    ),
    ListCase(
      member: #""Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "*"]"#,
      isNot: false,
      values: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "*"],
      paths: ["Statement[0].Action[0]", "Statement[0].Action[1]", "Statement[0].Action[2]"]
    ),
    ListCase(
      member: #""NotAction": "ecr:DeleteRepository""#,
      isNot: true,
      values: ["ecr:DeleteRepository"],
      paths: ["Statement[0].NotAction"]
    ),
    ListCase(
      member: #""NotAction": ["ecr:Delete*", "ecr:Put?mage"]"#,
      isNot: true,
      values: ["ecr:Delete*", "ecr:Put?mage"],
      paths: ["Statement[0].NotAction[0]", "Statement[0].NotAction[1]"]
    ),
  ]

  @Test(arguments: actionCases)
  func actionForms(_ testCase: ListCase) throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, testCase.member]))
    #expect(parsed.findings.isEmpty)
    let action = try #require(parsed.result.document?.statements.first?.action)
    #expect(action.isNot == testCase.isNot)
    #expect(parsed.path(action.range) == (testCase.isNot ? "Statement[0].NotAction" : "Statement[0].Action"))
    #expect(action.entries.map(\.value) == testCase.values)
    #expect(action.entries.map { parsed.path($0.range) } == testCase.paths)
    #expect(action.entries.map { parsed.text($0.range) } == testCase.values.map { "\"\($0)\"" })
    let key = testCase.isNot ? #""NotAction": "# : #""Action": "#
    #expect(parsed.text(action.range) == String(testCase.member.dropFirst(key.count)))
    #expect(parsed.location(action.range) == Location(line: 7, column: 6 + key.count))
  }

  static let resourceCases: [ListCase] = [
    ListCase(member: #""Resource": "*""#, isNot: false, values: ["*"], paths: ["Statement[0].Resource"]),
    ListCase(
      member: #""Resource": ["arn:aws:ecr:us-east-1:111111111111:repository/app", "arn:aws:ecr:*:*:repository/*"]"#,
      isNot: false,
      values: ["arn:aws:ecr:us-east-1:111111111111:repository/app", "arn:aws:ecr:*:*:repository/*"],
      paths: ["Statement[0].Resource[0]", "Statement[0].Resource[1]"]
    ),
    ListCase(
      member: #""NotResource": "arn:aws:ecr:us-east-1:111111111111:repository/secret""#,
      isNot: true,
      values: ["arn:aws:ecr:us-east-1:111111111111:repository/secret"],
      paths: ["Statement[0].NotResource"]
    ),
    ListCase(
      member: #""NotResource": ["arn:aws:ecr:us-east-1:111111111111:repository/a", "arn:aws:ecr:*:*:repository/b"]"#,
      isNot: true,
      values: ["arn:aws:ecr:us-east-1:111111111111:repository/a", "arn:aws:ecr:*:*:repository/b"],
      paths: ["Statement[0].NotResource[0]", "Statement[0].NotResource[1]"]
    ),
  ]

  @Test(arguments: resourceCases)
  func resourceForms(_ testCase: ListCase) throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull, testCase.member]))
    #expect(parsed.findings.isEmpty)
    let resource = try #require(parsed.result.document?.statements.first?.resource)
    #expect(resource.isNot == testCase.isNot)
    #expect(parsed.path(resource.range) == (testCase.isNot ? "Statement[0].NotResource" : "Statement[0].Resource"))
    #expect(resource.entries.map(\.value) == testCase.values)
    #expect(resource.entries.map { parsed.path($0.range) } == testCase.paths)
    #expect(resource.entries.map { parsed.text($0.range) } == testCase.values.map { "\"\($0)\"" })
    let key = testCase.isNot ? #""NotResource": "# : #""Resource": "#
    #expect(parsed.text(resource.range) == String(testCase.member.dropFirst(key.count)))
    #expect(parsed.location(resource.range) == Location(line: 8, column: 6 + key.count))
  }

  @Test(arguments: [PolicyKind.repository, nil])
  func absentResourceInRepositoryPolicyIsValid(_ kind: PolicyKind?) throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull]), kind: kind)
    #expect(parsed.findings.isEmpty)
    #expect(parsed.findings(ValidationRules.missingElement).isEmpty)
    let document = try #require(parsed.result.document)
    #expect(document.kind == .repository)
    let statement = try #require(document.statements.first)
    #expect(statement.resource == nil)
    #expect(statement.defects.isEmpty)
  }
}

@Suite struct ConditionFormTests {
  static let text = """
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {"Service": "lambda.amazonaws.com"},
          "Action": "ecr:BatchGetImage",
          "Condition": {
            "StringEquals": {"aws:SourceAccount": "111111111111", "aws:PrincipalTag/team": ["a", "b"]},
            "NumericLessThan": {"aws:MultiFactorAuthAge": 10.50},
            "Bool": {"aws:SecureTransport": true},
            "ForAnyValue:StringLikeIfExists": {"aws:PrincipalOrgPaths": ["o-a/r-b/*", 3600, false, -0, 1e3]}
          }
        }
      ]
    }
    """

  /// A condition value as the test expects it: canonical text, source kind, JSON path and written text.
  struct Value: Hashable, CustomStringConvertible {
    let text: String
    let source: ConditionValue.Source
    let path: String
    let written: String
    var description: String { "\(text) (\(source)) at \(path) '\(written)'" }
  }

  @Test func conditionClausesValuesPathsAndRanges() throws {
    let parsed = Parsed(Self.text)
    #expect(parsed.findings.isEmpty)
    let statement = try #require(parsed.result.document?.statements.first)
    #expect(statement.defects.isEmpty)
    let condition = try #require(statement.condition)
    #expect(parsed.path(condition.range) == "Statement[0].Condition")
    #expect(parsed.location(condition.range) == Location(line: 8, column: 19))
    #expect(
      condition.clauses.map(\.operatorName.value) == [
        "StringEquals", "StringEquals", "NumericLessThan", "Bool", "ForAnyValue:StringLikeIfExists",
      ]
    )
    #expect(
      condition.clauses.map(\.conditionOperator) == [
        ConditionOperator(qualifier: nil, base: .stringEquals, ifExists: false),
        ConditionOperator(qualifier: nil, base: .stringEquals, ifExists: false),
        ConditionOperator(qualifier: nil, base: .numericLessThan, ifExists: false),
        ConditionOperator(qualifier: nil, base: .bool, ifExists: false),
        ConditionOperator(qualifier: .forAnyValue, base: .stringLike, ifExists: true),
      ]
    )
    #expect(
      condition.clauses.map(\.key.value) == [
        "aws:SourceAccount", "aws:PrincipalTag/team", "aws:MultiFactorAuthAge", "aws:SecureTransport",
        "aws:PrincipalOrgPaths",
      ]
    )
    #expect(
      condition.clauses.map { parsed.path($0.key.range) } == [
        "Statement[0].Condition.StringEquals.aws:SourceAccount",
        "Statement[0].Condition.StringEquals.aws:PrincipalTag/team",
        "Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge",
        "Statement[0].Condition.Bool.aws:SecureTransport",
        "Statement[0].Condition.ForAnyValue:StringLikeIfExists.aws:PrincipalOrgPaths",
      ]
    )
    #expect(
      condition.clauses.map { parsed.text($0.operatorName.range) } == [
        #""StringEquals""#, #""StringEquals""#, #""NumericLessThan""#, #""Bool""#, #""ForAnyValue:StringLikeIfExists""#,
      ]
    )
    #expect(parsed.text(condition.clauses.last?.key.range) == #""aws:PrincipalOrgPaths""#)
    try #require(condition.clauses.count == 5)
    #expect(parsed.location(condition.clauses[3].operatorName.range) == Location(line: 11, column: 8))

    let values = condition.clauses.map { clause in
      clause.values.map {
        Value(
          text: $0.text,
          source: $0.source,
          path: parsed.path($0.range) ?? "",
          written: parsed.text($0.range) ?? "<out of range>"
        )
      }
    }
    let orgPaths = "Statement[0].Condition.ForAnyValue:StringLikeIfExists.aws:PrincipalOrgPaths"
    #expect(
      values == [
        [
          Value(
            text: "111111111111",
            source: .string,
            path: "Statement[0].Condition.StringEquals.aws:SourceAccount",
            written: #""111111111111""#
          )
        ],
        [
          Value(
            text: "a",
            source: .string,
            path: "Statement[0].Condition.StringEquals.aws:PrincipalTag/team[0]",
            written: #""a""#
          ),
          Value(
            text: "b",
            source: .string,
            path: "Statement[0].Condition.StringEquals.aws:PrincipalTag/team[1]",
            written: #""b""#
          ),
        ],
        [
          Value(
            text: "10.50",
            source: .number,
            path: "Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge",
            written: "10.50"
          )
        ],
        [Value(text: "true", source: .bool, path: "Statement[0].Condition.Bool.aws:SecureTransport", written: "true")],
        [
          Value(text: "o-a/r-b/*", source: .string, path: orgPaths + "[0]", written: #""o-a/r-b/*""#),
          Value(text: "3600", source: .number, path: orgPaths + "[1]", written: "3600"),
          Value(text: "false", source: .bool, path: orgPaths + "[2]", written: "false"),
          Value(text: "-0", source: .number, path: orgPaths + "[3]", written: "-0"),
          Value(text: "1e3", source: .number, path: orgPaths + "[4]", written: "1e3"),
        ],
      ]
    )
  }

  @Test func emptyConditionIsAnEmptyBlock() throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull, #""Condition": {}"#]))
    #expect(parsed.findings.isEmpty)
    let condition = try #require(parsed.result.document?.statements.first?.condition)
    #expect(condition.clauses.isEmpty)
    #expect(parsed.text(condition.range) == "{}")
  }

  @Test func unknownOperatorKeepsTheClauseWithoutAnOperator() throws {
    let member = #""Condition": {"StringEqualz": {"aws:SourceAccount": "111111111111"}}"#
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull, member]))
    let clause = try #require(parsed.result.document?.statements.first?.condition?.clauses.first)
    #expect(clause.operatorName.value == "StringEqualz")
    #expect(clause.conditionOperator == nil)
    #expect(clause.values.map(\.text) == ["111111111111"])
  }
}
