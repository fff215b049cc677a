import PolicySyntax
import Testing

@Suite struct JSONReaderSpanTests {
  @Test func objectWithArrayHasExactRanges() throws {
    // Offsets:  0         1
    //           012345678901234
    let text = #"{"a": [1, "x"]}"#
    let root = try JSONReader.parse(text).root
    #expect(root.range == SourceRange(start: 0, end: 15))
    let member = try #require(root.members?.first)
    #expect(member.keyRange == SourceRange(start: 1, end: 4))
    #expect(sourceText(member.keyRange, in: text) == #""a""#)
    #expect(member.value.range == SourceRange(start: 6, end: 14))
    #expect(member.range == SourceRange(start: 1, end: 14))
    let elements = try #require(member.value.elements)
    #expect(elements.map(\.range) == [SourceRange(start: 7, end: 8), SourceRange(start: 10, end: 13)])
    #expect(sourceText(elements[1].range, in: text) == #""x""#)
  }

  @Test func literalRangesCoverExactlyTheWord() throws {
    let text = #"[true,false , null]"#
    let elements = try #require(try JSONReader.parse(text).root.elements)
    #expect(
      elements.map(\.range) == [
        SourceRange(start: 1, end: 5), SourceRange(start: 6, end: 11), SourceRange(start: 14, end: 18),
      ]
    )
  }

  @Test func stringRangesCoverTheRawEscapesAndQuotes() throws {
    let text = #"["a\"b\u00e9", "日本", "😀"]"#
    let elements = try #require(try JSONReader.parse(text).root.elements)
    try #require(elements.count == 3)
    #expect(sourceText(elements[0].range, in: text) == #""a\"b\u00e9""#)
    #expect(elements[0].range == SourceRange(start: 1, end: 13))
    // Ranges count UTF-8 bytes, not characters: 日本 is six bytes.
    #expect(elements[1].range == SourceRange(start: 15, end: 23))
    #expect(elements[2].range == SourceRange(start: 25, end: 31))
  }

  @Test func numberRangesCoverSignFractionAndExponent() throws {
    let text = "[-1.25e+3,0]"
    let elements = try #require(try JSONReader.parse(text).root.elements)
    #expect(elements.map(\.range) == [SourceRange(start: 1, end: 9), SourceRange(start: 10, end: 11)])
  }

  @Test func memberRangeRunsFromKeyQuoteToValueEnd() throws {
    let text = "{\n  \"Sid\" :\t\"One\",\n  \"Deep\": {\"x\": [1]}\n}"
    let members = try #require(try JSONReader.parse(text).root.members)
    try #require(members.count == 2)
    #expect(sourceText(members[0].range, in: text) == "\"Sid\" :\t\"One\"")
    #expect(sourceText(members[1].range, in: text) == #""Deep": {"x": [1]}"#)
    #expect(sourceText(members[1].keyRange, in: text) == #""Deep""#)
    let inner = try #require(members[1].value.members?.first)
    #expect(sourceText(inner.range, in: text) == #""x": [1]"#)
  }

  @Test func emptyContainerRangesIncludeInnerWhitespace() throws {
    let text = "[{ }, [\n]]"
    let elements = try #require(try JSONReader.parse(text).root.elements)
    #expect(elements.map(\.range) == [SourceRange(start: 1, end: 4), SourceRange(start: 6, end: 9)])
  }

  @Test func duplicateKeysHaveTheirOwnRanges() throws {
    let text = #"{"k": 1, "k": 2}"#
    let members = try #require(try JSONReader.parse(text).root.members)
    #expect(members.map(\.keyRange) == [SourceRange(start: 1, end: 4), SourceRange(start: 9, end: 12)])
    #expect(members.map(\.value.range) == [SourceRange(start: 6, end: 7), SourceRange(start: 14, end: 15)])
  }

  /// Every value's source text must be the value itself: the reporting layer quotes these ranges verbatim.
  @Test func everyRangeInAPolicyDelimitsItsValue() throws {
    let text = """
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "AllowPull",
            "Effect": "Allow",
            "Principal": {"AWS": ["arn:aws:iam::123456789012:root", "*"]},
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600.5}, "Bool": {"x": true}},
            "NotResource": null
          }
        ]
      }
      """
    let bytes = Array(text.utf8)
    let root = try JSONReader.parse(bytes).root
    #expect(root.range == SourceRange(start: 0, end: bytes.count))
    var visited = 0
    checkDelimits(root, in: bytes, visited: &visited)
    #expect(visited == 19)
  }

  private func checkDelimits(_ value: JSONValue, in bytes: [UInt8], visited: inout Int) {
    visited += 1
    guard let text = sourceText(value.range, in: bytes) else {
      Issue.record("range \(value.range) is outside the document")
      return
    }
    switch value.kind {
    case .object(let members):
      #expect(text.hasPrefix("{") && text.hasSuffix("}"), "object text: \(text)")
      for member in members {
        #expect(sourceText(member.keyRange, in: bytes) == "\"\(member.key)\"")
        #expect(value.range.start < member.keyRange.start && member.range.end < value.range.end)
        checkDelimits(member.value, in: bytes, visited: &visited)
      }
    case .array(let elements):
      #expect(text.hasPrefix("[") && text.hasSuffix("]"), "array text: \(text)")
      for element in elements {
        #expect(value.range.start < element.range.start && element.range.end < value.range.end)
        checkDelimits(element, in: bytes, visited: &visited)
      }
    case .string(let string): #expect(text == "\"\(string)\"")
    case .number(let number): #expect(text == number)
    case .bool(let flag): #expect(text == (flag ? "true" : "false"))
    case .null: #expect(text == "null")
    }
  }
}
