import PolicySyntax
import TestSupport
import Testing

@Suite struct EmbeddedTextTests {
  /// The shape `aws ecr get-repository-policy` prints: the policy is a string inside the response object.
  private static let response = #"{"policyText": "{\n  \"Version\" : \"2012-10-17\"}"}"#

  /// Decodes the only string literal of `literalDocument`, which is the whole document.
  private func decode(_ literalDocument: String) throws -> EmbeddedText {
    let bytes = Array(literalDocument.utf8)
    let root = try JSONReader.parse(bytes).root
    try #require(root.string != nil)
    return EmbeddedText(decodingLiteralAt: root.range, in: bytes)
  }

  private func policyText() throws -> (file: [UInt8], text: EmbeddedText) {
    let file = Array(Self.response.utf8)
    let literal = try #require(try JSONReader.parse(file).root.member("policyText")?.value)
    return (file, EmbeddedText(decodingLiteralAt: literal.range, in: file))
  }

  @Test func decodesTheEscapedPolicy() throws {
    let (_, text) = try policyText()
    #expect(text.bytes == Array("{\n  \"Version\" : \"2012-10-17\"}".utf8))
    #expect(text.outerOffsets.count == text.bytes.count + 1)
  }

  @Test func outerOffsetsPointAtTheEscapeThatProducedEachByte() throws {
    let (file, text) = try policyText()
    // The literal opens at 15, so its first content byte is 16; `\n` is at 17-18 and `\"` at 21-22.
    #expect(text.outerOffset(0) == 16)
    #expect(text.outerOffset(1) == 17)
    #expect(text.outerOffset(2) == 19)
    #expect(text.outerOffset(3) == 20)
    #expect(text.outerOffset(4) == 21)
    #expect(text.outerOffset(5) == 23)
    #expect(text.outerOffset(12) == 30)
    #expect(text.outerOffset(28) == 49)
    // One past the last decoded byte maps to the closing quote.
    #expect(text.outerOffset(29) == 50)
    #expect(file[50] == UInt8(ascii: "\""))
  }

  @Test func everyOuterOffsetIsTheByteItselfOrABackslash() throws {
    let (file, text) = try policyText()
    for (index, byte) in text.bytes.enumerated() {
      let outer = file[text.outerOffset(index)]
      #expect(outer == byte || outer == UInt8(ascii: "\\"), "decoded byte \(index)")
    }
    #expect(text.outerOffsets == text.outerOffsets.sorted())
  }

  @Test func innerPolicyParsesAndMapsBackToTheFile() throws {
    let (file, text) = try policyText()
    let inner = try JSONReader.parse(text.bytes).root
    let version = try #require(inner.member("Version"))
    #expect(version.value.string == "2012-10-17")
    // The date between the escaped quotes ends in a plain byte, so the mapped range is exact.
    let date = SourceRange(start: version.value.range.start + 1, end: version.value.range.end - 1)
    #expect(sourceText(text.outerRange(date), in: file) == "2012-10-17")
    // The whole inner object ends with a raw '}' just before the closing quote.
    #expect(text.outerRange(inner.range) == SourceRange(start: 16, end: 50))
    #expect(text.outerRange(version.keyRange).start == 21)
  }

  @Test func outerRangeOfARangeEndingInAnEscapeCoversTheWholeEscape() throws {
    let (file, text) = try policyText()
    let inner = try JSONReader.parse(text.bytes).root
    let version = try #require(inner.member("Version"))
    let lineFeed = try decode(#""a\nb""#)
    let unicode = try decode(#""\u00e9x""#)
    #expect(sourceText(text.outerRange(version.keyRange), in: file) == #"\"Version\""#)
    #expect(sourceText(text.outerRange(version.value.range), in: file) == #"\"2012-10-17\""#)
    #expect(lineFeed.outerRange(SourceRange(start: 0, end: 2)) == SourceRange(start: 1, end: 4))
    #expect(unicode.outerRange(SourceRange(start: 0, end: 2)) == SourceRange(start: 1, end: 7))
    // Half of the bytes of one escape still maps to the whole escape: a patch cannot split it.
    #expect(unicode.outerRange(SourceRange(start: 0, end: 1)) == SourceRange(start: 1, end: 7))
    let pair = try decode(#""\uD83D\uDE00!""#)
    #expect(pair.outerRange(SourceRange(start: 0, end: 4)) == SourceRange(start: 1, end: 13))
    #expect(pair.outerRange(SourceRange(start: 4, end: 5)) == SourceRange(start: 13, end: 14))
    // A range that ends with the last decoded byte ends at the closing quote.
    #expect(lineFeed.outerRange(SourceRange(start: 1, end: 3)) == SourceRange(start: 2, end: 5))
  }

  @Test func outerRangeOfPlainTextIsShiftedExactly() throws {
    let text = try decode(#""abc日本""#)
    #expect(text.outerRange(SourceRange(start: 1, end: 3)) == SourceRange(start: 2, end: 4))
    #expect(text.outerRange(SourceRange(start: 3, end: 9)) == SourceRange(start: 4, end: 10))
  }

  @Test func outerRangeOfAnEmptyRangeIsEmpty() throws {
    let text = try decode(#""a\nb""#)
    #expect(text.outerRange(SourceRange.at(2)) == SourceRange.at(4))
    #expect(text.outerRange(SourceRange.at(3)) == SourceRange.at(5))
  }

  @Test func outerOffsetClampsOutOfRangeOffsets() throws {
    let text = try decode(#""ab""#)
    #expect(text.outerOffset(-5) == 1)
    #expect(text.outerOffset(99) == 3)
  }

  @Test func emptyLiteralMapsOnlyItsClosingQuote() throws {
    let text = try decode(#""""#)
    #expect(text.bytes.isEmpty)
    #expect(text.outerOffsets == [1])
  }

  struct MappingCase: Sendable, CustomTestStringConvertible {
    let literal: String
    let bytes: [UInt8]
    let outerOffsets: [Int]
    var testDescription: String { literal }
  }

  @Test(
    arguments: [
      MappingCase(literal: #""a\nb""#, bytes: [0x61, 0x0A, 0x62], outerOffsets: [1, 2, 4, 5]),
      MappingCase(literal: #""\"\\\/""#, bytes: [0x22, 0x5C, 0x2F], outerOffsets: [1, 3, 5, 7]),
      MappingCase(
        literal: #""\b\f\n\r\t""#,
        bytes: [0x08, 0x0C, 0x0A, 0x0D, 0x09],
        outerOffsets: [1, 3, 5, 7, 9, 11]
      ),
      MappingCase(literal: #""\u00e9x""#, bytes: [0xC3, 0xA9, 0x78], outerOffsets: [1, 1, 7, 8]),
      MappingCase(literal: #""\u0041\u00C9""#, bytes: [0x41, 0xC3, 0x89], outerOffsets: [1, 7, 7, 13]),
      MappingCase(
        literal: #""\uD83D\uDE00!""#,
        bytes: [0xF0, 0x9F, 0x98, 0x80, 0x21],
        outerOffsets: [1, 1, 1, 1, 13, 14]
      ),
      MappingCase(literal: #""é""#, bytes: [0xC3, 0xA9], outerOffsets: [1, 2, 3]),
      MappingCase(literal: #""😀\t""#, bytes: [0xF0, 0x9F, 0x98, 0x80, 0x09], outerOffsets: [1, 2, 3, 4, 5, 7]),
    ]
  )
  func escapesMapToTheirStart(_ testCase: MappingCase) throws {
    let text = try decode(testCase.literal)
    #expect(text.bytes == testCase.bytes)
    #expect(text.outerOffsets == testCase.outerOffsets)
  }

  /// Random literals, each piece written plainly or as any escape JSON allows: the decoded bytes are what the reader
  /// decodes, and each offset is where the piece that produced the byte starts.
  @Test func randomLiteralsDecodeAsTheReaderDoes() throws {
    var random = SplitMix64(seed: 0xD1B5_4A32_D192_ED03)
    func next(_ bound: Int) -> Int { random.next(below: bound) }
    let scalars: [Unicode.Scalar] = [
      "a", "Z", "0", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{7F}", "é", "日", "😀",
    ]
    /// `\\u` and four hex digits, upper- or lower-case as JSON allows either.
    func unicodeEscape(_ value: UInt32, upper: Bool) -> String {
      let digits = String(value, radix: 16, uppercase: upper)
      return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
    for _ in 0..<500 {
      var literal = "\""
      var expectedBytes: [UInt8] = []
      var expectedOffsets: [Int] = []
      for _ in 0..<next(12) {
        let scalar = scalars[next(scalars.count)]
        let start = literal.utf8.count
        let piece: String
        switch (scalar, next(3)) {
        case ("\"", _): piece = "\\\""
        case ("\\", _): piece = "\\\\"
        case ("\n", _): piece = "\\n"
        case ("\t", _): piece = "\\t"
        case ("\r", _): piece = "\\r"
        case ("\u{08}", _): piece = "\\b"
        case ("\u{0C}", _): piece = "\\f"
        case ("/", 1): piece = "\\/"
        case (_, 0) where scalar.value > 0xFFFF:
          let value = scalar.value - 0x10000
          piece =
            unicodeEscape(0xD800 + (value >> 10), upper: true) + unicodeEscape(0xDC00 + (value & 0x3FF), upper: false)
        case (_, 0): piece = unicodeEscape(scalar.value, upper: false)
        default: piece = String(scalar)
        }
        literal += piece
        let produced = Array(String(scalar).utf8)
        expectedBytes += produced
        // A plain piece maps each of its bytes to itself; an escape maps every byte it makes to its backslash.
        expectedOffsets +=
          piece.hasPrefix("\\") ? Array(repeating: start, count: produced.count) : Array(start..<start + produced.count)
      }
      literal += "\""
      let text = try decode(literal)
      let read = try #require(try JSONReader.parse(Array(literal.utf8)).root.string)
      #expect(text.bytes == Array(read.utf8), "\(literal)")
      #expect(text.bytes == expectedBytes, "\(literal)")
      #expect(text.outerOffsets == expectedOffsets + [literal.utf8.count - 1], "\(literal)")
    }
  }

  @Test func offsetsAreAbsoluteInTheEnclosingFile() throws {
    let file = Array(#"{"x": 1, "s": "a\tb"}"#.utf8)
    let literal = try #require(try JSONReader.parse(file).root.member("s")?.value)
    let text = EmbeddedText(decodingLiteralAt: literal.range, in: file)
    #expect(literal.range == SourceRange(start: 14, end: 20))
    #expect(text.outerOffsets == [15, 16, 18, 19])
  }

  /// The decoder trusts that JSONReader validated the literal; both must agree on every well-formed escape.
  @Test(
    arguments: [
      #""plain""#, #""\"quoted\"""#, #""\\\/\b\f\n\r\t""#, #""\u0000\u001F\u007f""#, #""\uABCD\uabcd\uAbCd""#,
      #""\uFFFF\uFFFE""#, #""\uD800\uDC00\uDBFF\uDFFF""#, #""\ud83d\ude00 and \uD83D\uDE00""#, #""日本\u65e5😀""#,
      #""\u00e9\u00C9\u00Fe""#,
    ]
  )
  func decodedBytesMatchTheReader(_ literal: String) throws {
    let root = try JSONReader.parse(literal).root
    let string = try #require(root.string)
    #expect(try decode(literal).bytes == Array(string.utf8))
  }
}
