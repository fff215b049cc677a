import PolicySyntax
import Testing

/// One malformed document, where reading must stop, and words the message must contain.
struct Rejection: Sendable, CustomTestStringConvertible {
  let name: String
  let input: [UInt8]
  let offset: Int
  let fragments: [String]

  var testDescription: String { name }

  init(_ name: String, _ text: String, at offset: Int, _ fragments: String...) {
    self.name = name
    self.input = Array(text.utf8)
    self.offset = offset
    self.fragments = fragments
  }

  init(_ name: String, bytes: [UInt8], at offset: Int, _ fragments: String...) {
    self.name = name
    self.input = bytes
    self.offset = offset
    self.fragments = fragments
  }
}

private let quote = UInt8(ascii: "\"")

private func check(_ rejection: Rejection) throws {
  let error = try #require(syntaxError(rejection.input), "the reader accepted \(rejection.name)")
  #expect(error.offset == rejection.offset, "message: \(error.message)")
  for fragment in rejection.fragments {
    #expect(error.message.contains(fragment), "message: \(error.message)")
  }
  // Messages are spliced into sentences by the reporters, so they must not start with a capital.
  #expect(error.message.first?.isLowercase == true, "message: \(error.message)")
}

@Suite struct JSONReaderRejectionTests {
  @Test(
    arguments: [
      Rejection("trailing comma in an object", #"{"a": 1,}"#, at: 7, "trailing comma before '}'"),
      Rejection("trailing comma in an object before a line break", "{\"a\": 1 ,\n}", at: 8, "trailing comma"),
      Rejection("trailing comma in an array", "[1, 2,]", at: 5, "trailing comma before ']'"),
      Rejection("[1,]", "[1,]", at: 2, "trailing comma before ']'"),
      Rejection("trailing comma in a nested array", #"{"a": [1,], "b": 2}"#, at: 8, "trailing comma"),
      Rejection("missing colon", #"{"a" 1}"#, at: 5, #"expected ':' after the object key "a""#, "found '1'"),
      Rejection("missing value", #"{"a":}"#, at: 5, "expected a value", "found '}'"),
      Rejection(
        "missing comma between members",
        #"{"a":1 "b":2}"#,
        at: 7,
        "expected ',' or '}' after an object member",
        #"found '"'"#
      ),
      Rejection("missing comma between elements", "[1 2]", at: 3, "expected ',' or ']' after an array element"),
      Rejection("number as a key", "{1: 2}", at: 1, "expected a string key in double quotes", "found '1'"),
      Rejection("unquoted key", "{Version: 1}", at: 1, "expected a string key in double quotes", "found 'V'"),
      Rejection("leading comma in an array", "[,1]", at: 1, "expected a value", "found ','"),
      Rejection("double comma", "[1,,2]", at: 3, "expected a value", "found ','"),
      Rejection("unclosed object", "{", at: 1, "expected a string key or '}'", "found the end of the document"),
      Rejection("unclosed object after a member", #"{"a":1"#, at: 6, "expected ',' or '}'", "end of the document"),
      Rejection("unclosed object after a colon", #"{"a":"#, at: 5, "expected a value", "end of the document"),
      Rejection("unclosed array", "[", at: 1, "expected a value", "found the end of the document"),
      Rejection("unclosed array after an element", "[1", at: 2, "expected ',' or ']'", "end of the document"),
      Rejection("array closed by a brace", "[1}", at: 2, "expected ',' or ']'", "found '}'"),
      Rejection("object closed by a bracket", #"{"a":1]"#, at: 6, "expected ',' or '}'", "found ']'"),
      Rejection("unclosed array with a trailing space", "[1 ", at: 3, "found the end of the document"),
      Rejection("tab after a key", "{\"a\"\t1}", at: 5, "expected ':'", "found '1'"),
    ]
  )
  func structuralMistakes(_ rejection: Rejection) throws {
    try check(rejection)
  }

  @Test(
    arguments: [
      Rejection("empty document", "", at: 0, "expected a JSON value", "the document is empty"),
      Rejection("whitespace only", " \n\t\r ", at: 5, "the document is empty"),
      Rejection("byte order mark only", bytes: [0xEF, 0xBB, 0xBF], at: 3, "the document is empty"),
      Rejection(
        "two concatenated documents",
        "{} {}",
        at: 3,
        "expected the end of the document after the JSON value",
        "found '{'",
        "exactly one JSON document"
      ),
      Rejection("two documents on separate lines", "{}\n{}", at: 3, "expected the end of the document"),
      Rejection("two scalars", "1 2", at: 2, "expected the end of the document", "found '2'"),
      Rejection("extra closing bracket", "[]]", at: 2, "found ']'"),
      Rejection("word glued to true", "truex", at: 4, "expected the end of the document", "found 'x'"),
      Rejection("null twice", "nullnull", at: 4, "expected the end of the document", "found 'n'"),
      Rejection("hexadecimal number", "0x10", at: 1, "expected the end of the document", "found 'x'"),
      Rejection("NUL after the document", bytes: [0x7B, 0x7D, 0x00], at: 2, "byte 0x00"),
      Rejection(
        "byte order mark after whitespace",
        bytes: [0x20, 0xEF, 0xBB, 0xBF, 0x7B, 0x7D],
        at: 1,
        "expected a value",
        "byte 0xEF"
      ),
    ]
  )
  func documentLevelMistakes(_ rejection: Rejection) throws {
    try check(rejection)
  }

  @Test(
    arguments: [
      Rejection("line comment before the document", "// note\n{}", at: 0, "found a comment", "does not allow comments"),
      Rejection(
        "block comment after a member",
        #"{"a": 1 /* c */}"#,
        at: 8,
        "expected ',' or '}' after an object member, found a comment"
      ),
      Rejection("line comment in an array", "[1, // c\n 2]", at: 4, "expected a value", "found a comment"),
      Rejection("block comment instead of a key", #"{/* c */ "a": 1}"#, at: 1, "string key", "found a comment"),
      Rejection("block comment after the document", "{} /* end */", at: 3, "found a comment"),
      Rejection("line comment after the document", "{}\n// end", at: 3, "found a comment"),
      Rejection("lone slash is not called a comment", "[/]", at: 1, "expected a value", "found '/'"),
      Rejection("single-quoted root string", "'a'", at: 0, "expected a value", "JSON strings use double quotes"),
      Rejection("single-quoted key", "{'a': 1}", at: 1, "expected a string key", "JSON strings use double quotes"),
      Rejection("single-quoted element", #"["a", 'b']"#, at: 6, "JSON strings use double quotes"),
      Rejection("bare word tru", "tru", at: 0, "expected a value (object, array, string, number", "found 't'"),
      Rejection("bare template variable", "$PRINCIPALS", at: 0, "expected a value", "found '$'"),
      Rejection("template variable as a value", #"{"AWS": $PRINCIPALS}"#, at: 8, "expected a value", "found '$'"),
      Rejection("capitalised True", "True", at: 0, "expected a value", "found 'T'"),
      Rejection("truncated null", "nul", at: 0, "expected a value", "found 'n'"),
      Rejection("truncated false in an array", "[true, fals]", at: 7, "expected a value", "found 'f'"),
      Rejection("NaN", "NaN", at: 0, "expected a value", "found 'N'"),
      Rejection("Infinity", "[-Infinity]", at: 2, "expected a digit in the number", "found 'I'"),
    ]
  )
  func commentsAndNonJSONHabits(_ rejection: Rejection) throws {
    try check(rejection)
  }

  @Test(
    arguments: [
      Rejection("unterminated string", #""abc"#, at: 0, "unterminated string", #"expected '"'"#),
      Rejection("unterminated value string", #"{"a": "b}"#, at: 6, "unterminated string"),
      Rejection("unterminated string after an escape", #""a\n"#, at: 0, "unterminated string"),
      Rejection("backslash at the end", #""abc\"#, at: 4, "unterminated escape sequence"),
      Rejection(
        "raw line feed in a string",
        "\"a\nb\"",
        at: 2,
        "unescaped a line break (write it as \\n)",
        "missing closing quote"
      ),
      Rejection("raw carriage return in a string", "\"a\rb\"", at: 2, "carriage return (write it as \\r)"),
      Rejection("raw tab in a string", "\"a\tb\"", at: 2, "a tab (write it as \\t)"),
      Rejection("raw line feed after an escape", "\"\\t\nb\"", at: 3, "unescaped a line break"),
      Rejection("raw U+0001 in a string", bytes: [quote, 0x61, 0x01, quote], at: 2, "control character U+0001"),
      Rejection("raw U+001F in a string", bytes: [quote, 0x1F, quote], at: 1, "control character U+001F"),
      Rejection("raw NUL in a string", bytes: [quote, 0x00, quote], at: 1, "control character U+0000"),
      Rejection("raw NUL in a key", bytes: Array(#"{"a"#.utf8) + [0x00, quote, 0x3A, 0x31, 0x7D], at: 3, "U+0000"),
      Rejection("invalid escape \\x", #""\x""#, at: 1, #"invalid escape '\x'"#, #"JSON allows \" \\ \/"#),
      Rejection("invalid escape \\a after text", #""ab\a""#, at: 3, #"invalid escape '\a'"#),
      Rejection("escaped single quote", #""\'""#, at: 1, #"invalid escape '\''"#),
      Rejection("capital \\U escape", #""\U0041""#, at: 1, "invalid escape"),
      Rejection("bad hex digit in \\u", #""\u12G4""#, at: 1, "invalid \\u escape: expected four hexadecimal digits"),
      Rejection("short \\u escape", #""\u12""#, at: 1, "four hexadecimal digits"),
      Rejection("\\u at the end", #""\u"#, at: 1, "four hexadecimal digits"),
      Rejection("bad \\u in a key", #"{"k\uXYZW": 1}"#, at: 3, "four hexadecimal digits"),
    ]
  )
  func stringMistakes(_ rejection: Rejection) throws {
    try check(rejection)
  }

  @Test(
    arguments: [
      Rejection("lone 0xC3 at the end", bytes: [quote, 0xC3], at: 1, "invalid UTF-8", "cut off"),
      Rejection(
        "0xC3 before the closing quote",
        bytes: [quote, 0xC3, quote],
        at: 1,
        "sequence starting with byte 0xC3"
      ),
      Rejection("truncated three-byte sequence", bytes: [quote, 0xE6, 0x97], at: 1, "invalid UTF-8", "cut off"),
      Rejection("0xFF", bytes: [quote, 0xFF, quote], at: 1, "invalid UTF-8: byte 0xFF cannot start a character"),
      Rejection("0xFE", bytes: [quote, 0xFE, quote], at: 1, "byte 0xFE cannot start a character"),
      Rejection("lone continuation byte", bytes: [quote, 0x80, quote], at: 1, "byte 0x80 cannot start"),
      Rejection("overlong 0xC0 0xAF", bytes: [quote, 0xC0, 0xAF, quote], at: 1, "byte 0xC0 cannot start"),
      Rejection("overlong 0xC1 0xBF", bytes: [quote, 0xC1, 0xBF, quote], at: 1, "byte 0xC1 cannot start"),
      Rejection(
        "overlong three-byte slash",
        bytes: [quote, 0xE0, 0x80, 0xAF, quote],
        at: 1,
        "invalid UTF-8 sequence starting with byte 0xE0"
      ),
      Rejection("overlong four-byte", bytes: [quote, 0xF0, 0x80, 0x80, 0xAF, quote], at: 1, "byte 0xF0"),
      Rejection("encoded high surrogate", bytes: [quote, 0xED, 0xA0, 0x80, quote], at: 1, "byte 0xED"),
      Rejection("encoded low surrogate", bytes: [quote, 0xED, 0xBF, 0xBF, quote], at: 1, "byte 0xED"),
      Rejection("above U+10FFFF", bytes: [quote, 0xF4, 0x90, 0x80, 0x80, quote], at: 1, "byte 0xF4"),
      Rejection("lead byte 0xF5", bytes: [quote, 0xF5, 0x80, 0x80, 0x80, quote], at: 1, "byte 0xF5 cannot start"),
      Rejection("bad third byte", bytes: [quote, 0xE6, 0x97, 0x41, quote], at: 1, "byte 0xE6"),
      Rejection("bad fourth byte", bytes: [quote, 0xF0, 0x9F, 0x98, 0x41, quote], at: 1, "byte 0xF0"),
      Rejection("invalid UTF-8 after an escape", bytes: [quote, 0x5C, 0x6E, 0xFF, quote], at: 3, "byte 0xFF"),
      Rejection("invalid UTF-8 after valid UTF-8", bytes: [quote, 0xC3, 0xA9, 0xFF, quote], at: 3, "byte 0xFF"),
      Rejection("invalid UTF-8 outside a string", bytes: [0xFF], at: 0, "expected a value", "found byte 0xFF"),
      Rejection("lone high surrogate", #""\uD800""#, at: 1, #"lone high surrogate \uD800"#, "low surrogate"),
      Rejection("lone high surrogate between text", #""ab\uD83Dcd""#, at: 3, #"lone high surrogate \uD83D"#),
      Rejection("lone low surrogate", #""\uDC00""#, at: 1, #"lone low surrogate \uDC00"#),
      Rejection("reversed surrogate pair", #""\uDE00\uD83D""#, at: 1, #"lone low surrogate \uDE00"#),
      Rejection("high surrogate then a letter escape", #""\uD83D\u0041""#, at: 1, #"\u0041 is not a low surrogate"#),
      Rejection("two high surrogates", #""\uD83D\uD83D""#, at: 1, #"\uD83D is not a low surrogate"#),
      Rejection("high surrogate then \\n", #""\uD83D\n""#, at: 1, #"lone high surrogate \uD83D"#),
      Rejection("high surrogate then a bad \\u", #""\uD83D\uZZZZ""#, at: 7, "four hexadecimal digits"),
    ]
  )
  func unicodeMistakes(_ rejection: Rejection) throws {
    try check(rejection)
  }

  @Test(
    arguments: [
      Rejection("leading zero", "01", at: 0, "leading zeros are not allowed", "write account IDs as strings"),
      Rejection("negative leading zero", "-01", at: 0, "leading zeros are not allowed"),
      Rejection("double zero in an array", "[00]", at: 1, "leading zeros"),
      Rejection("account ID as a number", #"{"a": 0123456789012}"#, at: 6, "leading zeros"),
      Rejection("1.", "1.", at: 2, "expected a digit after the decimal point", "found the end of the document"),
      Rejection("1. in an array", "[1.]", at: 3, "a digit after the decimal point", "found ']'"),
      Rejection("1.e5", "1.e5", at: 2, "a digit after the decimal point", "found 'e'"),
      Rejection(".5", ".5", at: 0, "expected a value", "found '.'"),
      Rejection("-.5", "-.5", at: 1, "expected a digit in the number", "found '.'"),
      Rejection("1e", "1e", at: 2, "expected a digit in the exponent", "found the end of the document"),
      Rejection("1e+", "1e+", at: 3, "expected a digit in the exponent"),
      Rejection("1E-x", "1E-x", at: 3, "expected a digit in the exponent", "found 'x'"),
      Rejection("-", "-", at: 1, "expected a digit in the number", "found the end of the document"),
      Rejection("- 1", "- 1", at: 1, "expected a digit in the number", "found a space"),
      Rejection("-<tab>1", "-\t1", at: 1, "found a tab"),
      Rejection("-<line feed>1", "-\n1", at: 1, "found a line break"),
      Rejection("-a", "-a", at: 1, "expected a digit in the number", "found 'a'"),
      Rejection("+1", "+1", at: 0, "expected a value", "found '+'"),
    ]
  )
  func numberMistakes(_ rejection: Rejection) throws {
    try check(rejection)
  }

  /// Messages are printed on one line next to a source excerpt, so they must be printable and name bytes honestly.
  @Test(
    arguments: [
      Rejection("escaped non-ASCII character", bytes: [quote, 0x5C, 0xC3, 0xA9, quote], at: 1, "invalid escape"),
      Rejection("escaped control character", bytes: [quote, 0x5C, 0x01, quote], at: 1, "invalid escape"),
      Rejection("key with an escaped line break", #"{"a\nb" 1}"#, at: 8, "expected ':'"),
    ]
  )
  func messagesQuotingInputArePrintable(_ rejection: Rejection) throws {
    try check(rejection)
    let error = try #require(syntaxError(rejection.input))
    #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 }, "message: \(error.message)")
    #expect(!error.message.contains("Ã"), "message: \(error.message)")
  }
}
