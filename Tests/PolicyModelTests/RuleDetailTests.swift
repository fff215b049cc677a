import PolicyDiagnostics
import PolicyModel
import PolicySyntax
import Testing

/// A finding that must carry a one-edit fix: what the message suggests, what the edit replaces and with what.
struct FixCase: Sendable, CustomTestStringConvertible {
  let name: String
  let text: String
  let rule: RuleDescriptor
  let message: String
  /// The source text the edit replaces.
  let replaced: String
  let replacement: String
  let applicability: Applicability

  init(
    _ name: String,
    _ text: String,
    rule: RuleDescriptor,
    message: String,
    replaced: String,
    replacement: String,
    applicability: Applicability = .unsafe
  ) {
    self.name = name
    self.text = text
    self.rule = rule
    self.message = message
    self.replaced = replaced
    self.replacement = replacement
    self.applicability = applicability
  }

  var testDescription: String { "\(rule.id): \(name)" }
}

private let repositoryStatement = #"{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}"#

private func withCondition(_ condition: String) -> String {
  statementPolicy([Member.allow, Member.principal, Member.pull, #""Condition": "# + condition])
}

@Suite struct FixTests {
  static let cases: [FixCase] = [
    FixCase(
      "statement",
      "{\"Version\": \"2012-10-17\", \"statement\": \(repositoryStatement)}",
      rule: ValidationRules.unknownElement,
      message: "did you mean 'Statement'?",
      replaced: #""statement""#,
      replacement: #""Statement""#
    ),
    FixCase(
      "Statements",
      "{\"Version\": \"2012-10-17\", \"Statements\": \(repositoryStatement)}",
      rule: ValidationRules.unknownElement,
      message: "did you mean 'Statement'?",
      replaced: #""Statements""#,
      replacement: #""Statement""#
    ),
    FixCase(
      "aws principal key",
      statementPolicy([Member.allow, #""Principal": {"aws": "arn:aws:iam::123456789012:root"}"#, Member.pull]),
      rule: ValidationRules.unknownElement,
      message: "did you mean 'AWS'?",
      replaced: #""aws""#,
      replacement: #""AWS""#
    ),
    FixCase(
      "Actions",
      statementPolicy([Member.allow, Member.principal, #""Actions": "ecr:BatchGetImage""#]),
      rule: ValidationRules.unknownElement,
      message: "did you mean 'Action'?",
      replaced: #""Actions""#,
      replacement: #""Action""#
    ),
    FixCase(
      "Effect allow",
      statementPolicy([#""Effect": "allow""#, Member.principal, Member.pull]),
      rule: ValidationRules.invalidValue,
      message: "did you mean 'Allow'?",
      replaced: #""allow""#,
      replacement: #""Allow""#
    ),
    FixCase(
      "Effect DENY",
      statementPolicy([#""Effect": "DENY""#, Member.principal, Member.pull]),
      rule: ValidationRules.invalidValue,
      message: "did you mean 'Deny'?",
      replaced: #""DENY""#,
      replacement: #""Deny""#
    ),
    FixCase(
      "account ID as a number",
      statementPolicy([Member.allow, #""Principal": {"AWS": [123456789012]}"#, Member.pull]),
      rule: ValidationRules.invalidValue,
      message: "JSON number",
      replaced: "123456789012",
      replacement: #""123456789012""#,
      applicability: .safe
    ),
    FixCase(
      "bare principal ARN",
      statementPolicy([Member.allow, #""Principal": "arn:aws:iam::123456789012:root""#, Member.pull]),
      rule: ValidationRules.invalidValue,
      message: "read here as an AWS principal",
      replaced: #""arn:aws:iam::123456789012:root""#,
      replacement: #"{"AWS": "arn:aws:iam::123456789012:root"}"#,
      applicability: .safe
    ),
    FixCase(
      "Version 2012-10-18",
      statementPolicy([Member.allow, Member.principal, Member.pull], version: "2012-10-18"),
      rule: ValidationRules.invalidVersion,
      message: "'2012-10-18'",
      replaced: #""2012-10-18""#,
      replacement: #""2012-10-17""#
    ),
    FixCase(
      "stringEquals",
      withCondition(#"{"stringEquals": {"aws:SourceAccount": "111111111111"}}"#),
      rule: ValidationRules.unknownOperator,
      message: "did you mean 'StringEquals'?",
      replaced: #""stringEquals""#,
      replacement: #""StringEquals""#
    ),
    FixCase(
      "stringEqualsIfExists",
      withCondition(#"{"stringEqualsIfExists": {"aws:SourceAccount": "111111111111"}}"#),
      rule: ValidationRules.unknownOperator,
      message: "did you mean 'StringEqualsIfExists'?",
      replaced: #""stringEqualsIfExists""#,
      replacement: #""StringEqualsIfExists""#
    ),
    FixCase(
      "NullIfExists",
      withCondition(#"{"NullIfExists": {"aws:SourceArn": "false"}}"#),
      rule: ValidationRules.unknownOperator,
      message: "did you mean 'Null'?",
      replaced: #""NullIfExists""#,
      replacement: #""Null""#
    ),
    FixCase(
      "ForAnyValues:StringEquals",
      withCondition(#"{"ForAnyValues:StringEquals": {"aws:SourceAccount": "111111111111"}}"#),
      rule: ValidationRules.unknownOperator,
      message: "did you mean 'ForAnyValue:StringEquals'?",
      replaced: #""ForAnyValues:StringEquals""#,
      replacement: #""ForAnyValue:StringEquals""#
    ),
  ]

  @Test(arguments: cases)
  func fixResolvesTheFinding(_ testCase: FixCase) throws {
    let parsed = Parsed(testCase.text)
    let matching = parsed.findings(testCase.rule)
    try #require(matching.count == 1, "findings: \(parsed.findings.map(\.message))")
    let finding = matching[0]
    #expect(finding.message.contains(testCase.message), "message: \(finding.message)")
    let fix = try #require(finding.fix)
    #expect(fix.applicability == testCase.applicability)
    #expect(!fix.title.isEmpty)
    try #require(fix.edits.count == 1)
    #expect(parsed.text(fix.edits[0].range) == testCase.replaced)
    #expect(fix.edits[0].replacement == testCase.replacement)
    let fixed = try #require(parsed.applyingFix(of: finding))
    let reparsed = Parsed(bytes: fixed)
    #expect(reparsed.findings(testCase.rule).isEmpty, "after the fix: \(reparsed.findings.map(\.message))")
    #expect(reparsed.findings.allSatisfy { $0.severity < .error }, "after the fix: \(reparsed.findings.map(\.message))")
  }

  @Test func wrongCaseOperatorAfterAQualifierSuggestsTheQualifiedName() throws {
    let parsed = Parsed(withCondition(#"{"ForAllValues:stringLike": {"aws:PrincipalOrgPaths": "o-a/*"}}"#))
    let finding = try #require(parsed.findings(ValidationRules.unknownOperator).first)
    #expect(finding.message.contains("did you mean 'ForAllValues:StringLike'?"), "message: \(finding.message)")
    #expect(finding.fix?.edits.first?.replacement == #""ForAllValues:StringLike""#)
  }

  @Test func unknownElementWithoutACloseNameListsTheKnownOnes() throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull, #""Xyzzy": 1"#]))
    let finding = try #require(parsed.findings(ValidationRules.unknownElement).first)
    #expect(finding.fix == nil)
    #expect(finding.message.contains("expected one of: Sid, Effect, Principal"))
  }
}

@Suite struct NoteTests {
  @Test func duplicateKeyNotePointsAtTheFirstCopy() throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull, Member.deny]))
    let finding = try #require(parsed.findings(ValidationRules.duplicateKey).first)
    try #require(finding.notes.count == 1)
    #expect(finding.notes[0].message.contains("'Effect'"))
    #expect(parsed.text(finding.notes[0].range) == #""Effect""#)
    #expect(parsed.location(finding.notes[0].range) == Location(line: 5, column: 6))
    #expect(parsed.location(finding.range) == Location(line: 8, column: 6))
    // Two different Effects: which one IAM reads is unknown, so the model records no Effect and a defect.
    #expect(parsed.result.document?.statements.first?.effect == nil)
    #expect(parsed.result.document?.statements.first?.defects.contains(.unreadable("Effect")) == true)
  }

  @Test func duplicateKeyIsReportedOncePerExtraCopy() {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull, Member.deny, Member.allow]))
    let findings = parsed.findings(ValidationRules.duplicateKey)
    #expect(findings.map { parsed.location($0.range) } == [Location(line: 8, column: 6), Location(line: 9, column: 6)])
    #expect(
      findings.map { parsed.location($0.notes.first?.range) }
        == Array(repeating: Location(line: 5, column: 6), count: 2)
    )
  }

  /// Condition blocks with many keys are hashed, not compared pairwise: the last copy of a repeated key must still be
  /// the one read, and every extra copy reported.
  @Test(arguments: [3, 16, 17, 50])
  func repeatedConditionKeysReadTheLastCopyAtAnySize(count: Int) throws {
    let keys = (0..<count).map { "aws:k\($0)" }
    let repeated = keys[count / 2]
    let entries = keys.map { "\"\($0)\": \"first\"" } + ["\"\(repeated)\": \"last\""]
    let condition = #""Condition": {"StringEquals": {"# + entries.joined(separator: ", ") + "}}"
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull, condition]))
    #expect(parsed.findings(ValidationRules.duplicateKey).count == 1)
    let clauses = try #require(parsed.result.document?.statements.first?.condition?.clauses)
    #expect(clauses.count == count)
    #expect(clauses.first { $0.key.value == repeated }?.values.map(\.text) == ["last"])
    #expect(clauses.filter { $0.key.value != repeated }.allSatisfy { $0.values.map(\.text) == ["first"] })
  }

  @Test func conflictingElementsNotePointsAtThePositiveElement() throws {
    let parsed = Parsed(
      statementPolicy([Member.allow, Member.principal, Member.pull, #""NotAction": "ecr:DeleteRepository""#])
    )
    let finding = try #require(parsed.findings(ValidationRules.conflictingElements).first)
    try #require(finding.notes.count == 1)
    #expect(parsed.text(finding.notes[0].range) == #""Action""#)
    #expect(parsed.location(finding.notes[0].range) == Location(line: 7, column: 6))
  }

  @Test func duplicateSidNotePointsAtTheFirstUse() throws {
    let text = """
      {
        "Version": "2012-10-17",
        "Statement": [
          {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
          {"Sid": "Push", "Effect": "Allow", "Principal": "*", "Action": "ecr:PutImage"},
          {"Sid": "Pull", "Effect": "Deny", "Principal": "*", "Action": "ecr:DeleteRepository"}
        ]
      }
      """
    let parsed = Parsed(text)
    let finding = try #require(parsed.findings(ValidationRules.duplicateSid).first)
    #expect(finding.message.contains("#0"))
    #expect(parsed.location(finding.range) == Location(line: 6, column: 12))
    try #require(finding.notes.count == 1)
    #expect(parsed.text(finding.notes[0].range) == #""Pull""#)
    #expect(parsed.location(finding.notes[0].range) == Location(line: 4, column: 12))
  }

  /// Short statement lists are scanned and long ones hashed: both must name, for every repeated Sid, the statement
  /// that used it first.
  @Test(arguments: [3, 16, 17, 60])
  func duplicateSidsNameTheFirstUseAtAnyLength(count: Int) throws {
    let sids = (0..<count).map { index in ["A", "B", "", "C\(index)", "B", "A"][index % 6] }
    let statements = sids.map {
      #"{"Sid": "\#($0)", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}"#
    }
    let parsed = Parsed(#"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ",") + "]}")
    let statementsByIndex = try #require(parsed.result.document?.statements)
    var expected: [String] = []
    for (index, sid) in sids.enumerated() where !sid.isEmpty {
      if let first = sids[..<index].firstIndex(of: sid) {
        expected.append("Sid '\(sid)' is also used by statement #\(first)")
        let finding = parsed.findings(ValidationRules.duplicateSid).first {
          $0.range == statementsByIndex[index].sid?.range
        }
        #expect(finding?.notes.first?.range == statementsByIndex[first].sid?.range)
      }
    }
    #expect(parsed.findings(ValidationRules.duplicateSid).map(\.message).sorted() == expected.sorted())
  }
}

@Suite struct PolicySizeTests {
  /// A one-line policy with exactly `significant` non-whitespace characters, followed by `whitespace` blanks.
  static func sizedPolicy(significant: Int, whitespace: String) -> String? {
    let head = #"{"Version":"2012-10-17","Statement":{"Sid":""#
    let tail = #"","Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}}"#
    let padding = significant - head.count - tail.count
    guard padding >= 0 else { return nil }
    return head + String(repeating: "A", count: padding) + tail + whitespace
  }

  struct SizeCase: Sendable, CustomTestStringConvertible {
    let significant: Int
    let whitespace: Int
    let severity: Severity?
    var testDescription: String { "\(significant) + \(whitespace) white space" }
  }

  @Test(arguments: [
    SizeCase(significant: 200, whitespace: 0, severity: nil),
    SizeCase(significant: 10_240, whitespace: 0, severity: nil),
    SizeCase(significant: 10_239, whitespace: 1, severity: nil),
    SizeCase(significant: 9_000, whitespace: 1_240, severity: nil),
    SizeCase(significant: 10_241, whitespace: 0, severity: .error),
    SizeCase(significant: 12_000, whitespace: 40, severity: .error),
    SizeCase(significant: 10_240, whitespace: 1, severity: .warning),
    SizeCase(significant: 9_000, whitespace: 2_000, severity: .warning),
  ])
  func sizeLimit(_ testCase: SizeCase) throws {
    // Spaces, tabs and line feeds, so all three count as white space.
    let blanks = " \n\t".cycled(count: testCase.whitespace)
    let text = try #require(Self.sizedPolicy(significant: testCase.significant, whitespace: blanks))
    let parsed = Parsed(text)
    let findings = parsed.findings(ValidationRules.policyTooLarge)
    guard let severity = testCase.severity else {
      #expect(findings.isEmpty)
      return
    }
    try #require(findings.count == 1)
    #expect(findings[0].severity == severity)
    #expect(findings[0].range == SourceRange(start: 0, end: parsed.bytes.count))
    #expect(parsed.location(findings[0].range) == Location(line: 1, column: 0))
    #expect(findings[0].path.isEmpty)
    #expect(findings[0].message.contains("\(testCase.significant + testCase.whitespace)"))
    #expect(parsed.result.document != nil)
  }

  /// ECR counts characters of the policy text; a CR LF pair is two of them, and so is a letter with a combining
  /// accent, though Swift's `String.count` counts each as one grapheme cluster.
  @Test func sizeCountsEveryCharacterNotGraphemeClusters() throws {
    // The control: 60 line feeds after 10,200 significant characters push the text over the limit.
    let lf = try #require(Self.sizedPolicy(significant: 10_200, whitespace: String(repeating: "\n", count: 60)))
    #expect(Parsed(lf).findings(ValidationRules.policyTooLarge).map(\.severity) == [.warning])
    let crlf = try #require(Self.sizedPolicy(significant: 10_200, whitespace: String(repeating: "\r\n", count: 30)))
    let crlfFindings = Parsed(crlf).findings(ValidationRules.policyTooLarge)
    let accented = try #require(Self.sizedPolicy(significant: 10_200, whitespace: ""))
      .replacingOccurrences(of: "A", with: "e\u{301}", maxCount: 100)
    #expect(accented.count == 10_200)
    #expect(accented.unicodeScalars.count == 10_300)
    let accentedFindings = Parsed(accented).findings(ValidationRules.policyTooLarge)
    #expect(crlfFindings.map(\.severity) == [.warning])
    #expect(accentedFindings.map(\.severity) == [.error])
  }
}

@Suite struct PolicyKindTests {
  struct KindCase: Sendable, CustomTestStringConvertible {
    let name: String
    let statements: String
    let kind: PolicyKind
    var testDescription: String { name }
  }

  @Test(arguments: [
    KindCase(
      name: "Resource, no Principal",
      statements: #"[{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]"#,
      kind: .identity
    ),
    KindCase(
      name: "NotResource, no Principal",
      statements:
        #"{"Effect": "Allow", "Action": "ecr:*", "NotResource": "arn:aws:ecr:us-east-1:111111111111:repository/x"}"#,
      kind: .identity
    ),
    KindCase(name: "neither", statements: #"[{"Effect": "Allow", "Action": "ecr:*"}]"#, kind: .repository),
    KindCase(
      name: "one statement with a Principal",
      statements: #"[{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}, "#
        + #"{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": "*"}]"#,
      kind: .repository
    ),
    KindCase(
      name: "NotPrincipal",
      statements: #"[{"Effect": "Deny", "NotPrincipal": {"AWS": "111111111111"}, "Action": "ecr:*", "Resource": "*"}]"#,
      kind: .repository
    ),
    KindCase(name: "empty Statement", statements: "[]", kind: .repository),
    KindCase(
      name: "a statement that is not an object",
      statements: #"[{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}, 1]"#,
      kind: .repository
    ),
  ])
  func inferredKind(_ testCase: KindCase) throws {
    let parsed = Parsed("{\"Version\": \"2012-10-17\", \"Statement\": \(testCase.statements)}")
    let document = try #require(parsed.result.document)
    #expect(document.kind == testCase.kind)
    // The inferred kind is part of the result, not a finding.
    #expect(!parsed.findings.contains { $0.range == .at(0) && $0.severity == .note })
  }

  @Test(arguments: PolicyKind.allCases)
  func explicitKindIsKept(_ kind: PolicyKind) throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.pull, Member.anyResource]), kind: kind)
    #expect(try #require(parsed.result.document).kind == kind)
  }

  @Test func identityShapedPolicyIsCleanWhenInferred() throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.pull, Member.anyResource]))
    #expect(try #require(parsed.result.document).kind == .identity)
    #expect(parsed.findings.isEmpty)
  }

  @Test func identityPolicyMustNotNameAPrincipal() throws {
    let parsed = Parsed(
      statementPolicy([Member.allow, Member.principal, Member.pull, Member.anyResource]),
      kind: .identity
    )
    let finding = try #require(parsed.findings(ValidationRules.invalidValue).first)
    #expect(finding.path.dotted == "Statement[0].Principal")
    #expect(parsed.location(finding.range) == Location(line: 6, column: 19))
  }
}

extension String {
  /// This string's characters repeated until there are `count` of them.
  fileprivate func cycled(count: Int) -> String {
    guard !isEmpty else { return "" }
    var out = ""
    while out.count < count { out.append(self[index(startIndex, offsetBy: out.count % self.count)]) }
    return out
  }

  /// Replaces the first `maxCount` occurrences of `target`.
  fileprivate func replacingOccurrences(of target: String, with replacement: String, maxCount: Int) -> String {
    var out = ""
    var rest = Substring(self)
    var replaced = 0
    while replaced < maxCount, let range = rest.firstRange(of: target) {
      out += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
      replaced += 1
    }
    return out + rest
  }
}

/// `duplicate-key` says the tool reads the last copy; the model must do so for keys that are data too.
@Suite struct DuplicateKeyModelTests {
  @Test func duplicatePrincipalTypeKeepsOnlyTheLastCopy() throws {
    let member = #""Principal": {"AWS": "111111111111", "AWS": "999999999999"}"#
    let parsed = Parsed(statementPolicy([Member.allow, member, Member.pull]))
    let finding = try #require(parsed.findings(ValidationRules.duplicateKey).first)
    #expect(finding.message.contains("reads the last copy"))
    let principal = try #require(parsed.result.document?.statements.first?.principal)
    #expect(principal.entries.map(\.value) == ["999999999999"])
  }

  @Test(arguments: [
    #"{"StringEquals": {"aws:SourceAccount": "1"}, "StringEquals": {"aws:SourceAccount": "2"}}"#,
    #"{"StringEquals": {"aws:SourceAccount": "1", "aws:SourceAccount": "2"}}"#,
  ])
  func duplicateConditionMemberKeepsOnlyTheLastCopy(_ condition: String) throws {
    let parsed = Parsed(statementPolicy([Member.allow, Member.principal, Member.pull, #""Condition": "# + condition]))
    let finding = try #require(parsed.findings(ValidationRules.duplicateKey).first)
    #expect(finding.message.contains("reads the last copy"))
    let clauses = try #require(parsed.result.document?.statements.first?.condition?.clauses)
    #expect(clauses.map { $0.values.map(\.text) } == [["2"]])
  }
}

/// Spec §1.1 and §1.5: `Id` is allowed in resource-based policies, not in identity policies.
@Suite struct IdentityPolicyIdTests {
  @Test func idInAnIdentityPolicyIsReported() throws {
    let text =
      #"{"Version": "2012-10-17", "Id": "x", "Statement": {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}}"#
    let parsed = Parsed(text, kind: .identity)
    let finding = try #require(parsed.findings.first { $0.path.dotted == "Id" })
    #expect(finding.rule == ValidationRules.invalidValue.id)
    #expect(finding.severity == .error)
    #expect(parsed.text(finding.range) == #""Id""#)
    #expect(parsed.location(finding.range) == Location(line: 1, column: 26))
  }

  @Test(arguments: [PolicyKind.repository, .registry])
  func idInAResourcePolicyIsAccepted(_ kind: PolicyKind) {
    let text =
      #"{"Version": "2012-10-17", "Id": "x", "Statement": "#
      + #"{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": "*"}}"#
    #expect(Parsed(text, kind: kind).findings.isEmpty)
  }
}

@Suite struct WitnessSummaryTests {
  @Test(arguments: [
    Witness(
      principal: "lambda.amazonaws.com",
      action: "ecr:BatchGetImage",
      resource: nil,
      context: [],
      decision: "allow"
    ),
    Witness(
      principal: "arn:aws:iam::123456789012:root",
      action: "ecr:GetDownloadUrlForLayer",
      resource: "arn:aws:ecr:us-east-1:111122223333:repository/app",
      context: [
        Witness.ContextEntry(key: "aws:SourceArn", values: ["arn:aws:lambda:us-east-1:123456789012:function:f"]),
        Witness.ContextEntry(key: "aws:CalledVia", values: ["a.amazonaws.com", "b.amazonaws.com"]),
        Witness.ContextEntry(key: "aws:Empty", values: []),
      ],
      decision: "implicit-deny"
    ),
  ])
  func `the summary names the principal, the action, the resource and each key with its values`(witness: Witness) {
    var expected = "\(witness.principal) \(witness.action)"
    if let resource = witness.resource { expected += " on \(resource)" }
    if !witness.context.isEmpty {
      expected +=
        " with " + witness.context.map { "\($0.key)=\($0.values.joined(separator: ","))" }.joined(separator: " ")
    }
    expected += " → \(witness.decision)"
    #expect(witness.summary == expected)
  }
}
