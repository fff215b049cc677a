import PolicyDiagnostics
import PolicyModel
import PolicySyntax
import Testing

/// `Statement.defects`: an evaluator must be able to tell a statement it can rely on from one it misread.
@Suite struct StatementDefectTests {
  struct DefectCase: Sendable, CustomTestStringConvertible {
    let name: String
    let members: [String]
    let kind: PolicyKind?
    let defects: [StatementDefect]
    var testDescription: String { name }

    init(_ name: String, _ members: [String], kind: PolicyKind? = nil, defects: [StatementDefect] = []) {
      self.name = name
      self.members = members
      self.kind = kind
      self.defects = defects
    }
  }

  static let defective: [DefectCase] = [
    DefectCase(
      "Effect allow",
      [#""Effect": "allow""#, Member.principal, Member.pull],
      defects: [.unreadable("Effect")]
    ),
    DefectCase(
      "Effect is a number",
      [#""Effect": 1"#, Member.principal, Member.pull],
      defects: [.unreadable("Effect")]
    ),
    DefectCase("no Effect", [Member.principal, Member.pull], defects: [.missing("Effect")]),
    DefectCase("no Action", [Member.allow, Member.principal], defects: [.missing("Action")]),
    DefectCase(
      "Action is an object",
      [Member.allow, Member.principal, #""Action": {"ecr": "BatchGetImage"}"#],
      defects: [.unreadable("Action")]
    ),
    DefectCase(
      "Action and NotAction",
      [Member.allow, Member.principal, Member.pull, #""NotAction": "ecr:DeleteRepository""#],
      defects: [.unreadable("Action")]
    ),
    DefectCase(
      "Principal and NotPrincipal",
      [Member.deny, Member.principal, #""NotPrincipal": {"AWS": "111111111111"}"#, Member.pull],
      defects: [.unreadable("Principal")]
    ),
    DefectCase(
      "Resource and NotResource",
      [
        Member.allow, Member.principal, Member.pull, Member.anyResource,
        #""NotResource": "arn:aws:ecr:us-east-1:111111111111:repository/x""#,
      ],
      defects: [.unreadable("Resource")]
    ),
    DefectCase("no Principal", [Member.allow, Member.pull], kind: .repository, defects: [.missing("Principal")]),
    DefectCase(
      "account ID as a number",
      [Member.allow, #""Principal": {"AWS": 123456789012}"#, Member.pull],
      defects: [.unreadable("Principal")]
    ),
    DefectCase(
      "lower-case principal type",
      [Member.allow, #""Principal": {"aws": "111111111111"}"#, Member.pull],
      defects: [.unreadable("Principal")]
    ),
    DefectCase(
      "Principal is an array",
      [Member.allow, #""Principal": ["111111111111"]"#, Member.pull],
      defects: [.unreadable("Principal")]
    ),
    DefectCase(
      "empty Principal object",
      [Member.allow, #""Principal": {}"#, Member.pull],
      defects: [.unreadable("Principal")]
    ),
    DefectCase(
      "unresolved CloudFormation principal",
      [Member.allow, #""Principal": {"AWS": {"Fn::If": ["C", "111111111111", "222222222222"]}}"#, Member.pull],
      defects: [.unreadable("Principal")]
    ),
    DefectCase(
      "condition value null",
      [Member.allow, Member.principal, Member.pull, #""Condition": {"StringEquals": {"aws:SourceAccount": null}}"#],
      defects: [.unreadable("Condition")]
    ),
    DefectCase(
      "Condition is a string",
      [Member.allow, Member.principal, Member.pull, #""Condition": "none""#],
      defects: [.unreadable("Condition")]
    ),
    DefectCase(
      "unknown element",
      [Member.allow, Member.principal, Member.pull, #""Actions": "ecr:PutImage""#],
      defects: [.unknownElement("Actions")]
    ),
    DefectCase(
      "Resource is a number",
      [Member.allow, Member.principal, Member.pull, #""Resource": 42"#],
      defects: [.unreadable("Resource")]
    ),
  ]

  @Test(arguments: defective)
  func statementWithUnknownMeaningHasDefects(_ testCase: DefectCase) throws {
    let parsed = Parsed(statementPolicy(testCase.members), kind: testCase.kind)
    let statement = try #require(parsed.result.document?.statements.first)
    #expect(statement.defects == testCase.defects)
    #expect(parsed.findings.contains { $0.severity >= .warning }, "a defect always comes with a finding")
  }

  @Test func everyDefectIsListed() throws {
    let parsed = Parsed(statementPolicy([#""Effect": "allow""#, #""Principal": {"aws": "1"}"#, Member.pull]))
    let statement = try #require(parsed.result.document?.statements.first)
    #expect(statement.effect == nil)
    #expect(statement.principal == nil)
    #expect(statement.defects == [.unreadable("Effect"), .unreadable("Principal")])
    #expect(statement.defects.map(\.description) == ["Effect could not be read", "Principal could not be read"])
  }

  @Test func conflictingElementsLeaveBothUnset() throws {
    let parsed = Parsed(
      statementPolicy([
        Member.deny, Member.principal, #""NotPrincipal": "*""#, Member.pull, #""NotAction": "ecr:*""#,
        Member.anyResource, #""NotResource": "*""#,
      ])
    )
    let statement = try #require(parsed.result.document?.statements.first)
    #expect(statement.principal == nil)
    #expect(statement.action == nil)
    #expect(statement.resource == nil)
    #expect(statement.defects == [.unreadable("Action"), .unreadable("Resource"), .unreadable("Principal")])
    #expect(parsed.findings(ValidationRules.conflictingElements).count == 3)
  }

  static let wellFormed: [DefectCase] = [
    DefectCase("minimal repository statement", [Member.allow, Member.principal, Member.pull]),
    DefectCase(
      "every element",
      [
        #""Sid": "Pull""#, Member.deny, #""NotPrincipal": {"AWS": "111111111111"}"#, #""NotAction": "ecr:Describe*""#,
        #""NotResource": "arn:aws:ecr:us-east-1:111111111111:repository/x""#,
        #""Condition": {"Bool": {"aws:SecureTransport": false}}"#,
      ]
    ),
    DefectCase("identity statement", [Member.allow, Member.pull, Member.anyResource], kind: .identity),
    DefectCase(
      "registry statement",
      [Member.allow, Member.principal, Member.pull, Member.anyResource],
      kind: .registry
    ),
    // Findings that do not change what the statement means leave it well formed.
    DefectCase("Sid with a space", [#""Sid": "Allow pull""#, Member.allow, Member.principal, Member.pull]),
    DefectCase(
      "partial principal wildcard",
      [Member.allow, #""Principal": {"AWS": "arn:aws:iam::1:role/*"}"#, Member.pull]
    ),
    DefectCase(
      "unknown operator",
      [Member.allow, Member.principal, Member.pull, #""Condition": {"Foo": {"a:b": "c"}}"#]
    ),
  ]

  @Test(arguments: wellFormed)
  func wellFormedStatementHasNoDefects(_ testCase: DefectCase) throws {
    let parsed = Parsed(statementPolicy(testCase.members), kind: testCase.kind)
    let statement = try #require(parsed.result.document?.statements.first)
    #expect(statement.defects.isEmpty)
  }

  @Test func malformedNotActionEntryIsKeptAsWritten() throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, #""NotAction": ["ecr", "ecr:Describe*"]"#]))
    let statement = try #require(parsed.result.document?.statements.first)
    #expect(parsed.findings(ValidationRules.invalidValue).count == 1)
    let action = try #require(statement.action)
    #expect(action.isNot)
    #expect(action.entries.map(\.value) == ["ecr", "ecr:Describe*"])
  }

  /// Dropping an unreadable entry would narrow `Action` or widen `NotAction` (an empty `NotAction` excludes
  /// nothing, so the statement would cover every action): an element with an unreadable or empty list is unknown.
  static let unreadableLists: [DefectCase] = [
    DefectCase(
      "NotAction that is empty",
      [Member.allow, Member.principal, #""NotAction": []"#],
      defects: [.unreadable("Action")]
    ),
    DefectCase(
      "NotAction with a number",
      [Member.allow, Member.principal, #""NotAction": [42]"#],
      defects: [.unreadable("Action")]
    ),
    DefectCase(
      "NotAction with a number and an action",
      [Member.allow, Member.principal, #""NotAction": ["ecr:Put*", 42]"#],
      defects: [.unreadable("Action")]
    ),
    DefectCase(
      "Action with a number and an action",
      [Member.deny, Member.principal, #""Action": ["ecr:Put*", 42]"#],
      defects: [.unreadable("Action")]
    ),
    DefectCase(
      "NotResource with a number",
      [Member.allow, Member.principal, Member.pull, #""NotResource": [42]"#],
      defects: [.unreadable("Resource")]
    ),
    DefectCase(
      "NotPrincipal with an empty AWS list",
      [Member.allow, #""NotPrincipal": {"AWS": []}"#, Member.pull],
      defects: [.unreadable("Principal")]
    ),
  ]

  @Test(arguments: unreadableLists)
  func listWithUnreadableEntriesIsDefective(_ testCase: DefectCase) throws {
    let parsed = Parsed(statementPolicy(testCase.members), kind: testCase.kind)
    let statement = try #require(parsed.result.document?.statements.first)
    #expect(parsed.findings.contains { $0.severity == .error })
    #expect(statement.defects == testCase.defects)
  }
}
