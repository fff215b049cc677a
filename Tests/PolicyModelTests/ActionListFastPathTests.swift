import PolicySyntax
import TestSupport
import Testing

@testable import PolicyModel

/// The builder reads an Action list's entries and their patterns in one pass, taking the common actions' prepared
/// patterns by their bytes; the element must be the one its entries give through the public initialiser.
@Suite struct ActionListFastPathTests {
  /// The common actions, near misses of them, and texts that are not plain or are malformed.
  private static let texts =
    ActionPattern.common.map(\.text) + [
      "ecr:batchgetimage", "ecr:BatchGetImages", "ecr:BatchGetImag", "ECR:PutImage", "ecr:*Image", "ecr:Put?mage",
      "s3:GetObject", "ecr:", ":PutImage", "ecr::PutImage", "", "*:*", "ecr:BatchGetImage\u{301}", "ecr:Pütimage",
      "ecr:${aws:username}", "ecr:{{resolve}}", "ECR:*", "ecr:DescribeImageScanFindings",
    ]

  /// `text` as a JSON string literal, each scalar escaped as `\uXXXX` with one chance in four.
  private func jsonLiteral(_ text: String, _ random: inout SplitMix64) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
      if scalar.value < 0x10000, random.next(below: 4) == 0 {
        let hex = String(scalar.value, radix: 16)
        literal += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        literal.unicodeScalars.append(scalar)
      }
    }
    return literal + "\""
  }

  @Test func actionListMatchesPreparingItsEntries() throws {
    var random = SplitMix64(seed: 0xAC7_1157)
    var common = 0
    for _ in 0..<3_000 {
      let chosen = (0...random.next(below: 4)).map { _ in random.pick(Self.texts) }
      let literals = chosen.map { jsonLiteral($0, &random) }
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
}
