import PolicySyntax
import Testing

@Suite struct JSONOutputTests {
  private static let nested = JSONOutput.object([
    ("a", .array([.integer(1), .object([("b", .null)])])),
    ("c", .object([])),
    ("d", .array([])),
    ("e", .array([.array([.bool(true)]), .string("x")])),
  ])

  @Test func prettyRenderingOfNestedContainers() {
    let expected = """
      {
        "a": [
          1,
          {
            "b": null
          }
        ],
        "c": {},
        "d": [],
        "e": [
          [
            true
          ],
          "x"
        ]
      }
      """
    #expect(Self.nested.rendered(pretty: true) == expected)
  }

  @Test func compactRenderingOfNestedContainers() {
    #expect(Self.nested.rendered(pretty: false) == #"{"a":[1,{"b":null}],"c":{},"d":[],"e":[[true],"x"]}"#)
  }

  @Test func prettyIsTheDefaultAndHasNoTrailingNewline() {
    let value = JSONOutput.array([.integer(1)])
    #expect(value.rendered() == "[\n  1\n]")
    #expect(value.rendered() == value.rendered(pretty: true))
  }

  @Test(
    arguments: [
      (JSONOutput.object([]), "{}"),
      (.array([]), "[]"),
      (.string("x"), #""x""#),
      (.integer(0), "0"),
      (.integer(-42), "-42"),
      (.integer(Int.max), "9223372036854775807"),
      (.integer(Int.min), "-9223372036854775808"),
      (.bool(true), "true"),
      (.bool(false), "false"),
      (.null, "null"),
    ]
  )
  func scalarsAndEmptyContainersRenderTheSameEitherWay(_ value: JSONOutput, _ expected: String) {
    #expect(value.rendered(pretty: true) == expected)
    #expect(value.rendered(pretty: false) == expected)
  }

  /// The writer spells integers digit by digit: every length, both signs, and the ends of the range read as Swift
  /// spells them.
  @Test func integersReadAsSwiftSpellsThem() {
    var values = [0, 1, -1, Int.max, Int.min, Int.max - 1, Int.min + 1]
    var power = 1
    for _ in 0..<18 {
      power *= 10
      values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
    }
    for value in values {
      #expect(JSONOutput.integer(value).rendered(pretty: false) == String(value))
    }
    #expect(
      JSONOutput.array(values.map(JSONOutput.integer)).rendered(pretty: false)
        == "[" + values.map(String.init).joined(separator: ",") + "]"
    )
  }

  @Test func memberOrderIsKeptAsGiven() {
    let value = JSONOutput.object([("z", .integer(1)), ("a", .integer(2)), ("z", .integer(3))])
    #expect(value.rendered(pretty: false) == #"{"z":1,"a":2,"z":3}"#)
  }

  @Test func keysAreQuotedLikeStrings() {
    let value = JSONOutput.object([("a\"b\n", .null)])
    #expect(value.rendered(pretty: false) == #"{"a\"b\n":null}"#)
  }

  @Test(
    arguments: [
      ("plain", #""plain""#),
      ("a\"b", #""a\"b""#),
      ("back\\slash", #""back\\slash""#),
      ("/", #""/""#),
      ("\n\r\t", #""\n\r\t""#),
      ("\u{08}\u{0C}", #""\b\f""#),
      ("\u{01}", #""\u0001""#),
      ("\u{00}", #""\u0000""#),
      ("\u{1F}", #""\u001F""#),
      ("\u{7F}", #""\u007F""#),
      ("\u{20}", #"" ""#),
      ("é 日本 😀", #""é 日本 😀""#),
      ("\u{2028}\u{FEFF}", "\"\u{2028}\u{FEFF}\""),
      ("", #""""#),
    ]
  )
  func quotedEscapesOnlyWhatJSONRequires(_ text: String, _ expected: String) {
    #expect(JSONOutput.quoted(text) == expected)
  }

  @Test func quotedTextReadsBackUnchanged() throws {
    let text = "\"\\/\u{0}\u{1}\u{8}\u{C}\n\r\t\u{1F}\u{7F} é 日本 😀"
    #expect(try JSONReader.parse(JSONOutput.quoted(text)).root.string == text)
  }

  @Test func optionalsBecomeNullWhenAbsent() {
    #expect(JSONOutput.optional(String?.none) == .null)
    #expect(JSONOutput.optional(String?.some("s")) == .string("s"))
    #expect(JSONOutput.optional(Bool?.none) == .null)
    #expect(JSONOutput.optional(Bool?.some(false)) == .bool(false))
  }

  @Test func equalityIsByRenderingAndOrderSensitive() {
    let forward = JSONOutput.object([("a", .integer(1)), ("b", .integer(2))])
    let backward = JSONOutput.object([("b", .integer(2)), ("a", .integer(1))])
    #expect(forward == JSONOutput.object([("a", .integer(1)), ("b", .integer(2))]))
    #expect(forward != backward)
    #expect(JSONOutput.string("1") != .integer(1))
    #expect(JSONOutput.array([]) != .object([]))
  }
}
