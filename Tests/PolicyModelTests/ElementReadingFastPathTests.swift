import PolicyDiagnostics
import PolicySyntax
import TestSupport
import Testing

@testable import PolicyModel

/// The builder reads a statement's elements straight from the tape, taking the common actions' prepared patterns and
/// the common service principals by their bytes; each must give what the general path gives.
@Suite struct ElementReadingFastPathTests {
  /// The common actions, near misses of them, and texts that are not plain or are malformed.
  private static let texts =
    ActionPattern.common.map(\.text) + [
      "ecr:batchgetimage", "ecr:BatchGetImages", "ecr:BatchGetImag", "ECR:PutImage", "ecr:*Image", "ecr:Put?mage",
      "s3:GetObject", "ecr:", ":PutImage", "ecr::PutImage", "", "*:*", "ecr:BatchGetImage\u{301}", "ecr:Pütimage",
      "ecr:${aws:username}", "ecr:{{resolve}}", "ECR:*", "ecr:DescribeImageScanFindings",
    ]

  /// An Action list's entries and their patterns are read in one pass; the element must be the one its entries give
  /// through the public initialiser.
  @Test func actionListMatchesPreparingItsEntries() throws {
    var random = SplitMix64(seed: 0xAC7_1157)
    var common = 0
    for _ in 0..<3_000 {
      let chosen = (0...random.next(below: 4)).map { _ in random.pick(Self.texts) }
      let literals = chosen.map { random.jsonLiteral($0) }
      let single = chosen.count == 1 && random.next(below: 2) == 0
      let list = single ? literals[0] : "[" + literals.joined(separator: ", ") + "]"
      let name = random.next(below: 2) == 0 ? "Action" : "NotAction"
      let text = #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "\#(name)": \#(list)}}"#
      let element = try #require(Parsed(text).result.document?.statements.first?.action, "\(text)")
      #expect(element.isNot == (name == "NotAction"))
      #expect(element.entries.map { Array($0.value.utf8) } == chosen.map { Array($0.utf8) }, "\(text)")
      let general = ActionElement(isNot: element.isNot, entries: element.entries, range: element.range)
      #expect(element.patterns.count == general.patterns.count, "\(text)")
      for (pattern, expected) in zip(element.patterns, general.patterns) {
        #expect(pattern == expected, "\(text)")
        #expect(Array(pattern.text.utf8) == Array(expected.text.utf8), "\(text)")
        #expect(Array(pattern.name.utf8) == Array(expected.name.utf8), "\(text)")
        #expect(Array(pattern.service.utf8) == Array(expected.service.utf8), "\(text)")
      }
      common += element.patterns.filter { ActionPattern.common.contains($0) }.count
    }
    #expect(common > 1_000)
  }

  /// A list with an entry that is not a string, or an empty list, gives no element, and a finding for each problem.
  @Test func unreadableListsGiveNoElement() throws {
    for list in [#"[]"#, #"["ecr:PutImage", 7]"#, #"[null, "ecr:*", {}]"#, #"{"a": 1}"#, #"12"#] {
      let parsed = Parsed(
        #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": \#(list)}}"#
      )
      let statement = try #require(parsed.result.document?.statements.first)
      #expect(statement.action == nil, "\(list)")
      #expect(statement.defects.contains(.unreadable("Action")), "\(list)")
      #expect(!parsed.findings.isEmpty, "\(list)")
    }
  }

  /// A common service principal, written plainly, becomes its literal with no search or check; it must be the entry,
  /// with the findings, that the general path gives the same name written with escapes.
  @Test func commonServicePrincipalsMatchTheGeneralPath() throws {
    func policy(_ service: String) -> String {
      #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": [\#(service)]}, "#
        + #""Action": "ecr:BatchGetImage"}}"#
    }
    for name in ["lambda.amazonaws.com", "codebuild.amazonaws.com"] {
      let general = PrincipalEntry(type: .service, value: name, range: SourceRange(start: 0, end: 1))
      let common = PrincipalEntry(commonService: name, range: SourceRange(start: 0, end: 1))
      #expect(common == general)
      #expect(common.hasPlaceholder == general.hasPlaceholder && common.awsPrincipal == general.awsPrincipal)
      let plain = Parsed(policy("\"\(name)\""))
      let escaped = Parsed(policy("\"\\u00" + String(name.utf8.first!, radix: 16) + name.dropFirst() + "\""))
      let plainEntry = try #require(plain.result.document?.statements.first?.principal?.entries.first)
      let escapedEntry = try #require(escaped.result.document?.statements.first?.principal?.entries.first)
      #expect(plainEntry.value == escapedEntry.value && plainEntry.type == escapedEntry.type)
      #expect(plainEntry.hasPlaceholder == escapedEntry.hasPlaceholder)
      #expect(plain.findings.map(\.message) == escaped.findings.map(\.message))
    }
  }

  /// Every common action's text is found at its own position, and a near miss of each at none.
  @Test func commonActionPositionsMatchTheirTexts() {
    for (index, pattern) in ActionPattern.common.enumerated() {
      var bytes = Array(pattern.text.utf8)
      #expect(bytes.withUnsafeBufferPointer(ActionPattern.commonIndex(spelledBy:)) == index, "\(pattern.text)")
      bytes[bytes.count - 1] ^= 0x20
      #expect(bytes.withUnsafeBufferPointer(ActionPattern.commonIndex(spelledBy:)) == nil, "\(pattern.text)")
    }
  }
}
