import PolicySyntax
import Testing

@Suite struct JSONReaderAcceptanceTests {
  struct ScalarCase: Sendable, CustomTestStringConvertible {
    let document: String
    let typeDescription: String
    var testDescription: String { document }
  }

  @Test(
    arguments: [
      ScalarCase(document: "{}", typeDescription: "an object"),
      ScalarCase(document: "[]", typeDescription: "an array"),
      ScalarCase(document: #""text""#, typeDescription: "a string"),
      ScalarCase(document: "42", typeDescription: "a number"),
      ScalarCase(document: "true", typeDescription: "a boolean"),
      ScalarCase(document: "false", typeDescription: "a boolean"),
      ScalarCase(document: "null", typeDescription: "null"),
    ]
  )
  func everyJSONTypeIsAcceptedAsTheRoot(_ testCase: ScalarCase) throws {
    let document = try JSONReader.parse(testCase.document)
    #expect(document.root.typeDescription == testCase.typeDescription)
    #expect(document.root.range == SourceRange(start: 0, end: testCase.document.utf8.count))
    #expect(document.hasByteOrderMark == false)
  }

  @Test func scalarKindsCarryTheirValues() throws {
    let root = try JSONReader.parse(#"["s", 7, true, false, null, {}, []]"#).root
    let elements = try #require(root.elements)
    try #require(elements.count == 7)
    guard case .string("s") = elements[0].kind else {
      Issue.record("expected the string \"s\", got \(elements[0].kind)")
      return
    }
    guard case .number("7") = elements[1].kind else {
      Issue.record("expected the number 7, got \(elements[1].kind)")
      return
    }
    guard case .bool(true) = elements[2].kind, case .bool(false) = elements[3].kind, case .null = elements[4].kind
    else {
      Issue.record("expected true, false, null, got \(elements[2...4].map(\.kind))")
      return
    }
    #expect(elements[5].members?.isEmpty == true)
    #expect(elements[6].elements?.isEmpty == true)
  }

  @Test func accessorsAreNilForOtherKinds() throws {
    let root = try JSONReader.parse(#"["s", 1, {"k": 2}, [3]]"#).root
    let elements = try #require(root.elements)
    try #require(elements.count == 4)
    #expect(elements[0].string == "s")
    #expect(elements[0].members == nil)
    #expect(elements[0].elements == nil)
    #expect(elements[1].string == nil)
    #expect(elements[2].elements == nil)
    #expect(elements[2].string == nil)
    #expect(elements[2].member("k") != nil)
    #expect(elements[3].members == nil)
    #expect(elements[3].member("k") == nil)
  }

  @Test func onlyObjectsAndArraysAreContainers() throws {
    let elements = try #require(try JSONReader.parse(#"[{}, [], "s", 1, true, null]"#).root.elements)
    #expect(elements.map(\.isContainer) == [true, true, false, false, false, false])
  }

  @Test func nestedStructuresAreReadCompletely() throws {
    let text = #"{"Statement": [{"Principal": {"AWS": ["arn:a", "arn:b"]}, "Condition": {}}], "Empty": [[], [[]]]}"#
    let root = try JSONReader.parse(text).root
    let statements = try #require(root.member("Statement")?.value.elements)
    try #require(statements.count == 1)
    let principals = try #require(statements[0].member("Principal")?.value.member("AWS")?.value.elements)
    #expect(principals.map(\.string) == ["arn:a", "arn:b"])
    #expect(statements[0].member("Condition")?.value.members?.isEmpty == true)
    let empty = try #require(root.member("Empty")?.value.elements)
    try #require(empty.count == 2)
    #expect(empty[0].elements?.isEmpty == true)
    #expect(empty[1].elements?.first?.elements?.isEmpty == true)
  }

  @Test func memberOrderIsSourceOrder() throws {
    let root = try JSONReader.parse(#"{"z": 1, "a": 2, "m": 3, "b": 4}"#).root
    let members = try #require(root.members)
    #expect(members.map(\.key) == ["z", "a", "m", "b"])
  }

  @Test func duplicateKeysAreAllKeptInOrder() throws {
    let root = try JSONReader.parse(#"{"Effect": "Allow", "Sid": "x", "Effect": "Deny"}"#).root
    let members = try #require(root.members)
    #expect(members.map(\.key) == ["Effect", "Sid", "Effect"])
    #expect(members.map(\.value.string) == ["Allow", "x", "Deny"])
    // member(_:) promises the first occurrence; the model layer relies on that to report the later ones.
    #expect(root.member("Effect")?.value.string == "Allow")
    #expect(root.member("Effect")?.keyRange == members[0].keyRange)
  }

  @Test func memberLookupIsCaseSensitive() throws {
    let root = try JSONReader.parse(#"{"effect": "Allow"}"#).root
    #expect(root.member("Effect") == nil)
    #expect(root.member("effect")?.value.string == "Allow")
  }

  @Test(
    arguments: [
      "10", "1.50", "-0", "1e5", "1E5", "1e+5", "1E-05", "-1.5e-10", "0", "0.0", "0e0", "-0.0",
      "123456789012345678901234567890", "9223372036854775808", "3.141592653589793238462643383279",
    ]
  )
  func numbersKeepTheTextAsWritten(_ text: String) throws {
    let root = try JSONReader.parse("[\(text)]").root
    let element = try #require(root.elements?.first)
    guard case .number(let written) = element.kind else {
      Issue.record("expected a number, got \(element.kind)")
      return
    }
    #expect(written == text)
    #expect(element.range == SourceRange(start: 1, end: 1 + text.utf8.count))
  }

  @Test func everySimpleEscapeIsDecoded() throws {
    let root = try JSONReader.parse(#""\"\\\/\b\f\n\r\t\u0041""#).root
    #expect(root.string == "\"\\/\u{08}\u{0C}\n\r\tA")
  }

  @Test(
    arguments: [
      (#""\u00e9""#, "é"),
      (#""\u00E9""#, "é"),
      (#""\u0000""#, "\u{0}"),
      (#""\u001f""#, "\u{1F}"),
      (#""\u65E5\u672c""#, "日本"),
      (#""\uFFFF""#, "\u{FFFF}"),
      (#""\uD83D\uDE00""#, "\u{1F600}"),
      (#""\ud83d\ude00""#, "\u{1F600}"),
      (#""\uD800\uDC00""#, "\u{10000}"),
      (#""\uDBFF\uDFFF""#, "\u{10FFFF}"),
      (#""a\uD83D\uDE00b""#, "a\u{1F600}b"),
      (#""\\u0041""#, #"\u0041"#),
    ]
  )
  func unicodeEscapesDecodeToScalars(_ literal: String, _ expected: String) throws {
    let root = try JSONReader.parse(literal).root
    #expect(root.string == expected)
    #expect(root.string.map { Array($0.utf8) } == Array(expected.utf8))
  }

  @Test func surrogatePairDecodesToOneFourByteScalar() throws {
    let root = try JSONReader.parse(#""\uD83D\uDE00""#).root
    let text = try #require(root.string)
    #expect(text.unicodeScalars.map(\.value) == [0x1F600])
    #expect(Array(text.utf8) == [0xF0, 0x9F, 0x98, 0x80])
  }

  @Test(arguments: ["é", "日本", "😀", "Zoë 日本 😀 \u{10FFFF}", "\u{7F}", "\u{FEFF}inside"])
  func rawMultibyteUTF8IsKept(_ text: String) throws {
    let literal = "\"\(text)\""
    let root = try JSONReader.parse(literal).root
    #expect(root.string == text)
    #expect(root.range == SourceRange(start: 0, end: literal.utf8.count))
    // After an escape the reader switches to its slow path, which copies raw bytes itself.
    let escaped = try JSONReader.parse("\"\\n\(text)\\t\(text)\"").root
    #expect(escaped.string == "\n\(text)\t\(text)")
  }

  @Test func crlfLineEndingsAreWhitespace() throws {
    let text = "{\r\n  \"a\": [\r\n    1,\r\n    2\r\n  ]\r\n}\r\n"
    let root = try JSONReader.parse(text).root
    #expect(root.member("a")?.value.elements?.count == 2)
    #expect(root.range == SourceRange(start: 0, end: text.utf8.count - 2))
  }

  @Test func byteOrderMarkIsSkippedAndReported() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)
    let document = try JSONReader.parse(bytes)
    #expect(document.hasByteOrderMark)
    // Ranges stay offsets into the file as given, BOM included, so reporters need no adjustment.
    #expect(document.root.range == SourceRange(start: 3, end: bytes.count))
    #expect(document.root.members?.first?.keyRange == SourceRange(start: 4, end: 7))
  }

  @Test func byteOrderMarkFromAStringIsReported() throws {
    let document = try JSONReader.parse("\u{FEFF} [true]")
    #expect(document.hasByteOrderMark)
    #expect(document.root.range == SourceRange(start: 4, end: 10))
  }

  /// Small objects are checked pairwise and large ones by hashing: both must notice a repeated key wherever it is.
  @Test(arguments: [2, 15, 16, 17, 40, 1000])
  func repeatedKeysAreNotedInObjectsOfAnySize(count: Int) throws {
    func object(_ keys: [String]) -> String { "{" + keys.map { "\"\($0)\": 1" }.joined(separator: ", ") + "}" }
    let keys = (0..<count).map { "k\($0)" }
    #expect(try JSONReader.parse(object(keys)).hasDuplicateKeys == false)
    for repeated in Set([0, count / 2, count - 1]) {
      #expect(try JSONReader.parse(object(keys + [keys[repeated]])).hasDuplicateKeys, "key \(repeated) of \(count)")
      // Nested one level down, after a clean object of the same size.
      let nested = "[" + object(keys) + ", {\"x\": " + object(keys + [keys[repeated]]) + "}]"
      #expect(try JSONReader.parse(nested).hasDuplicateKeys, "nested key \(repeated) of \(count)")
    }
  }

  @Test func noByteOrderMarkIsReportedAsAbsent() throws {
    #expect(try JSONReader.parse("[]").hasByteOrderMark == false)
  }

  @Test func whitespaceAroundTheRootIsIgnored() throws {
    let text = " \t\r\n[1] \n\t\r "
    let document = try JSONReader.parse(text)
    #expect(document.root.range == SourceRange(start: 4, end: 7))
    #expect(document.root.elements?.count == 1)
  }

  @Test func whitespaceInsideContainersIsIgnored() throws {
    let root = try JSONReader.parse("{ \"a\"\t:\n[ 1 ,\r\n2 ] , \"b\" : { } }").root
    #expect(root.members?.map(\.key) == ["a", "b"])
    #expect(root.member("a")?.value.elements?.count == 2)
  }

  @Test func bytesAndStringOverloadsAgree() throws {
    let text = #"{"k": ["v", 1.5, null]}"#
    let fromString = try JSONReader.parse(text)
    let fromBytes = try JSONReader.parse(Array(text.utf8))
    #expect(fromString.root.range == fromBytes.root.range)
    #expect(fromString.root.member("k")?.value.range == fromBytes.root.member("k")?.value.range)
  }

  @Test func syntaxErrorDescriptionIsItsMessage() {
    let error = JSONSyntaxError(offset: 3, message: "expected something")
    #expect(error.description == "expected something")
    #expect(error == JSONSyntaxError(offset: 3, message: "expected something"))
    #expect(error != JSONSyntaxError(offset: 4, message: "expected something"))
  }
}
