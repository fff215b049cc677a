import PolicyDiagnostics
import PolicyModel
import PolicySyntax
import Testing

/// `PolicyFile`: a policy file as given, or the JSON `aws ecr get-repository-policy` prints around it.
@Suite struct PolicyFileTests {
  /// The policy text as the CLI prints it inside `policyText`: JSON escapes, written out so that the lines below are
  /// the bytes of the file. Decoded, it is a pretty-printed policy whose Effect is `"allow"` on line 5, column 15.
  static let escapedPolicy = [
    #"{\n"#,
    #"  \"Version\" : \"2012-10-17\",\n"#,
    #"  \"Statement\" : [ {\n"#,
    #"    \"Sid\" : \"Pull\",\n"#,
    #"    \"Effect\" : \"allow\",\n"#,
    #"    \"Principal\" : {\n"#,
    #"      \"AWS\" : \"arn:aws:iam::123456789012:root\"\n"#,
    #"    },\n"#,
    #"    \"Action\" : \"ecr:BatchGetImage\"\n"#,
    #"  } ]\n"#,
    #"}"#,
  ].joined()

  /// `aws ecr get-repository-policy` output; `policyText` is on line 4 and its string starts at column 18.
  static func cliOutput(policyText: String) -> [UInt8] {
    let text = """
      {
          "registryId": "111111111111",
          "repositoryName": "app",
          "policyText": "\(policyText)"
      }

      """
    return Array(text.utf8)
  }

  @Test func findingInsidePolicyTextMapsToTheEscapedTextOfTheFile() throws {
    let bytes = Self.cliOutput(policyText: Self.escapedPolicy)
    let file = PolicyFile(path: "policy.json", bytes: bytes)
    #expect(file.embedding != nil)
    #expect(file.pathPrefix == [.member("policyText")])
    let document = try #require(file.result.document)
    #expect(document.statements.first?.sid?.value == "Pull")

    let finding = try #require(file.result.findings.first { $0.rule == ValidationRules.invalidValue.id })
    #expect(file.result.findings.count == 1)
    #expect(finding.path.dotted == "Statement[0].Effect")
    #expect((file.pathPrefix + finding.path).dotted == "policyText.Statement[0].Effect")

    // In the decoded policy text.
    #expect(sourceText(finding.range, in: file.policyBytes) == #""allow""#)
    #expect(Location(LineTable(file.policyBytes).position(of: finding.range.start)) == Location(line: 5, column: 15))

    // In the file: `\"allow\"` on line 4. Before it: 4 spaces, `"policyText": "` (15 bytes) and 101 bytes of
    // escaped text (counted in `escapedPolicy` up to the Effect value).
    let outer = file.fileRange(finding.range)
    let escaped = Self.escapedPolicy
    let escapedOffset = try #require(escaped.firstRange(of: #"\"allow\""#)).lowerBound
    let escapedColumn = escaped.utf8.distance(from: escaped.startIndex, to: escapedOffset)
    #expect(escapedColumn == 101)
    #expect(Location(LineTable(bytes).position(of: outer.start)) == Location(line: 4, column: 4 + 15 + 101))
    #expect(sourceText(SourceRange(start: outer.start, end: outer.start + 2), in: bytes) == #"\""#)
    #expect(sourceText(outer, in: bytes) == #"\"allow\""#)
  }

  @Test func fixEditsMapIntoTheFile() throws {
    let bytes = Self.cliOutput(policyText: Self.escapedPolicy)
    let file = PolicyFile(path: "policy.json", bytes: bytes)
    let finding = try #require(file.result.findings.first)
    let edit = try #require(finding.fix?.edits.first)
    #expect(sourceText(edit.range, in: file.policyBytes) == #""allow""#)
    #expect(file.fileRange(edit.range).start == file.fileRange(finding.range).start)
  }

  @Test func policyTextThatIsNotJSONIsInvalidJSONAtTheEscapedPosition() throws {
    // Decoded: `{"Version": }`; the error is at the `}` (offset 12). In the file it follows `{\"Version\": ` (14 bytes)
    // after the opening quote at column 18 of line 4.
    let bytes = Self.cliOutput(policyText: #"{\"Version\": }"#)
    let file = PolicyFile(path: "policy.json", bytes: bytes)
    #expect(file.result.document == nil)
    try #require(file.result.findings.count == 1)
    let finding = file.result.findings[0]
    #expect(finding.rule == ValidationRules.invalidJSON.id)
    #expect(finding.range.start == 12)
    let outer = file.fileRange(finding.range)
    #expect(Location(LineTable(bytes).position(of: outer.start)) == Location(line: 4, column: 19 + 14))
    #expect(bytes[outer.start] == UInt8(ascii: "}"))
  }

  @Test func invalidOuterJSONIsInvalidJSON() throws {
    let bytes = Array("{\n    \"registryId\": \"111111111111\",\n    \"policyText\": \"{}\"\n".utf8)
    let file = PolicyFile(path: "policy.json", bytes: bytes)
    #expect(file.result.document == nil)
    #expect(file.embedding == nil)
    #expect(file.pathPrefix.isEmpty)
    try #require(file.result.findings.count == 1)
    let finding = file.result.findings[0]
    #expect(finding.rule == ValidationRules.invalidJSON.id)
    #expect(finding.severity == .error)
    #expect(
      Location(LineTable(bytes).position(of: file.fileRange(finding.range).start)) == Location(line: 4, column: 0)
    )
  }

  @Test func plainPolicyIsReadAsIs() throws {
    let text = statementPolicy([#""Effect": "allow""#, Member.principal, Member.pull])
    let bytes = Array(text.utf8)
    let file = PolicyFile(path: "policy.json", bytes: bytes)
    #expect(file.embedding == nil)
    #expect(file.pathPrefix.isEmpty)
    #expect(file.policyBytes == bytes)
    let finding = try #require(file.result.findings.first)
    #expect(file.fileRange(finding.range) == finding.range)
    #expect(Location(LineTable(bytes).position(of: finding.range.start)) == Location(line: 5, column: 16))
  }

  @Test func policyWithAStatementIsNotTakenForAWrapper() {
    let text = #"{"policyText": "x", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}}"#
    let file = PolicyFile(path: "policy.json", bytes: Array(text.utf8))
    #expect(file.embedding == nil)
    #expect(file.result.findings.map(\.rule) == ["missing-version", "unknown-element"])
  }

  @Test(arguments: [PolicyKind.registry, .identity])
  func kindIsPassedToTheEmbeddedPolicy(_ kind: PolicyKind) throws {
    let file = PolicyFile(path: "policy.json", bytes: Self.cliOutput(policyText: Self.escapedPolicy), kind: kind)
    #expect(try #require(file.result.document).kind == kind)
  }

  @Test func unicodeEscapesKeepRangesInTheFile() throws {
    // `\u00fc` decodes to two bytes; both findings must still cover exactly their escaped text in the file.
    let policyText =
      #"{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"P\u00fcll\", \"Effect\": \"allow\", "#
      + #"\"Principal\": \"*\", \"Action\": \"ecr:*\"}}"#
    let bytes = Self.cliOutput(policyText: policyText)
    let file = PolicyFile(path: "policy.json", bytes: bytes)
    #expect(file.result.findings.map(\.rule) == [ValidationRules.sidFormat.id, ValidationRules.invalidValue.id])
    let outerTexts = file.result.findings.map { sourceText(file.fileRange($0.range), in: bytes) }
    #expect(outerTexts == [#"\"P\u00fcll\""#, #"\"allow\""#])
    let effect = try #require(file.result.findings.last)
    let offset = try #require(policyText.firstRange(of: #"\"allow\""#)).lowerBound
    let column = policyText.utf8.distance(from: policyText.startIndex, to: offset)
    #expect(
      Location(LineTable(bytes).position(of: file.fileRange(effect.range).start))
        == Location(line: 4, column: 19 + column)
    )
  }
}
