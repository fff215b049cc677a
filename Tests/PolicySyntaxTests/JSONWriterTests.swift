import PolicySyntax
import TestSupport
import Testing

/// The streaming writer against an independent renderer written here, and against `JSONOutput.rendered`, which
/// delegates to the writer: agreement with the tree alone would only show that `write(_:)` walks trees the way a
/// caller does, so every shape is also checked against text built without the writer.
@Suite struct JSONWriterTests {
  // MARK: - Fixed shapes

  @Test(arguments: [false, true])
  func emptyContainersAreWrittenOnOneLine(pretty: Bool) {
    var object = JSONWriter(pretty: pretty)
    object.beginObject()
    object.endObject()
    #expect(object.text == "{}")

    var array = JSONWriter(pretty: pretty, indent: 6)
    array.beginArray()
    array.endArray()
    #expect(array.text == "[]")

    var emptyMembers = JSONWriter(pretty: pretty)
    emptyMembers.beginObject()
    emptyMembers.key("o")
    emptyMembers.beginObject()
    emptyMembers.endObject()
    emptyMembers.key("a")
    emptyMembers.beginArray()
    emptyMembers.endArray()
    emptyMembers.endObject()
    #expect(emptyMembers.text == (pretty ? "{\n  \"o\": {},\n  \"a\": []\n}" : #"{"o":{},"a":[]}"#))
  }

  @Test func prettyNestedContainersIndentByTwoPerLevel() {
    var writer = JSONWriter(pretty: true)
    writer.beginArray()
    writer.beginObject()
    writer.key("a")
    writer.beginArray()
    writer.integer(1)
    writer.integer(-2)
    writer.endArray()
    writer.key("b")
    writer.bool(false)
    writer.endObject()
    writer.null()
    writer.endArray()
    let expected = """
      [
        {
          "a": [
            1,
            -2
          ],
          "b": false
        },
        null
      ]
      """
    #expect(writer.text == expected)
  }

  @Test func compactNestedContainersHaveNoWhitespace() {
    var writer = JSONWriter(pretty: false)
    writer.beginObject()
    writer.key("a")
    writer.beginObject()
    writer.key("b")
    writer.beginArray()
    writer.string("x")
    writer.beginArray()
    writer.endArray()
    writer.endArray()
    writer.endObject()
    writer.key("c")
    writer.integer(0)
    writer.endObject()
    #expect(writer.text == #"{"a":{"b":["x",[]]},"c":0}"#)
  }

  /// The text goes where the surrounding document is already `indent` deep: the first bracket carries no
  /// indentation of its own, members sit at indent + 2 and the closing bracket at indent.
  @Test func indentOffsetsEveryLineAfterTheFirst() {
    var writer = JSONWriter(pretty: true, indent: 4)
    writer.beginObject()
    writer.key("a")
    writer.beginArray()
    writer.integer(1)
    writer.endArray()
    writer.endObject()
    let expected = "{\n      \"a\": [\n        1\n      ]\n    }"
    #expect(writer.text == expected)
    let tree = JSONOutput.object([("a", .array([.integer(1)]))])
    #expect(tree.rendered(pretty: true, indent: 4) == expected)
  }

  /// The writer keeps one bit per open container in a 64-bit word and spills deeper levels: every level, on both
  /// sides of each spill, must still separate its two values with a comma and close empty or not as written.
  @Test(arguments: [1, 63, 64, 65, 128, 129, 200])
  func deeplyNestedContainersKeepTheirCommas(depth: Int) {
    var writer = JSONWriter(pretty: false)
    for _ in 0..<depth {
      writer.beginArray()
      writer.integer(0)
    }
    writer.beginObject()
    writer.endObject()
    for _ in 0..<depth { writer.endArray() }
    let expected = String(repeating: "[0,", count: depth) + "{}" + String(repeating: "]", count: depth)
    #expect(writer.text == expected)
  }

  @Test func deepIndentIsExact() {
    var writer = JSONWriter(pretty: true, indent: 63)
    writer.beginArray()
    writer.beginArray()
    writer.null()
    writer.endArray()
    writer.endArray()
    let spaces = { (count: Int) in String(repeating: " ", count: count) }
    let expected = "[\n\(spaces(65))[\n\(spaces(67))null\n\(spaces(65))]\n\(spaces(63))]"
    #expect(writer.text == expected)
  }

  @Test(arguments: [false, true])
  func keyFollowedByContainerStaysOnTheKeyLine(pretty: Bool) {
    var writer = JSONWriter(pretty: pretty)
    writer.beginObject()
    writer.key("list")
    writer.beginArray()
    writer.string("x")
    writer.endArray()
    writer.key("map")
    writer.beginObject()
    writer.key("k")
    writer.null()
    writer.endObject()
    writer.endObject()
    let expected =
      pretty
      ? "{\n  \"list\": [\n    \"x\"\n  ],\n  \"map\": {\n    \"k\": null\n  }\n}"
      : #"{"list":["x"],"map":{"k":null}}"#
    #expect(writer.text == expected)
  }

  @Test(arguments: [false, true])
  func absentOptionalsAreWrittenAsNull(pretty: Bool) {
    var writer = JSONWriter(pretty: pretty)
    writer.beginArray()
    writer.string(String?.none)
    writer.bool(Bool?.none)
    writer.string(String?.some("s"))
    writer.bool(Bool?.some(true))
    writer.bool(Bool?.some(false))
    writer.endArray()
    let expected = pretty ? "[\n  null,\n  null,\n  \"s\",\n  true,\n  false\n]" : #"[null,null,"s",true,false]"#
    #expect(writer.text == expected)
  }

  @Test(arguments: [false, true])
  func stringsWritesAnArrayOfStrings(pretty: Bool) {
    var writer = JSONWriter(pretty: pretty)
    writer.beginObject()
    writer.key("none")
    writer.strings([])
    writer.key("some")
    writer.strings(["a", "b\"c"])
    writer.endObject()
    let expected =
      pretty
      ? "{\n  \"none\": [],\n  \"some\": [\n    \"a\",\n    \"b\\\"c\"\n  ]\n}"
      : #"{"none":[],"some":["a","b\"c"]}"#
    #expect(writer.text == expected)
    #expect(
      writer.text
        == referenceRendering(
          .object([("none", .array([])), ("some", .array(["a", "b\"c"].map { .string($0) }))]),
          pretty: pretty
        )
    )
  }

  /// Raw text is inserted byte for byte, in the value's place, with only the separators the writer owns.
  @Test(arguments: [false, true])
  func rawTextIsInsertedAsIs(pretty: Bool) {
    let inner = pretty ? "{\n    \"x\": 1\n  }" : #"{"x":1}"#
    var writer = JSONWriter(pretty: pretty)
    writer.beginArray()
    writer.raw(inner)
    writer.raw("7")
    writer.endArray()
    let expected = pretty ? "[\n  {\n    \"x\": 1\n  },\n  7\n]" : #"[{"x":1},7]"#
    #expect(writer.text == expected)
    #expect(JSONOutput.array([.raw(inner), .raw("7")]).rendered(pretty: pretty) == expected)
  }

  @Test(
    arguments: [
      ("plain", #""plain""#),
      ("", #""""#),
      ("say \"hi\"", #""say \"hi\"""#),
      ("a\\b", #""a\\b""#),
      ("\n", #""\n""#),
      ("\r", #""\r""#),
      ("\t", #""\t""#),
      ("\u{08}", #""\b""#),
      ("\u{0C}", #""\f""#),
      ("\u{00}", #""\u0000""#),
      ("\u{0B}", #""\u000B""#),
      ("\u{1A}", #""\u001A""#),
      ("\u{1F}", #""\u001F""#),
      ("\u{7F}", #""\u007F""#),
      ("/", #""/""#),
      ("~ ", #""~ ""#),
      ("é", "\"é\""),
      ("日本 😀 \u{80} \u{2028}", "\"日本 😀 \u{80} \u{2028}\""),
      // An escape in the middle of otherwise plain text: the escaping path must still copy the rest.
      ("ab\u{01}é\"z", #""ab\u0001é\"z""#),
    ]
  )
  func stringsEscapeExactlyWhatIsRequired(_ text: String, _ expected: String) {
    var writer = JSONWriter(pretty: false)
    writer.string(text)
    #expect(writer.text == expected)
    #expect(writer.bytes == Array(expected.utf8))
    #expect(referenceQuoted(text) == expected)

    // Keys are quoted the same way.
    var keyed = JSONWriter(pretty: false)
    keyed.beginObject()
    keyed.key(named: text)
    keyed.integer(1)
    keyed.endObject()
    #expect(keyed.text == "{\(expected):1}")
  }

  /// Long texts with escapes spread among plain runs of every length: the writer copies the runs between escapes in
  /// one piece each, and must escape exactly what the reference escapes, wherever it falls in the word scan.
  @Test func longStringsAreQuotedRunByRun() {
    var random = SplitMix64(seed: 0x5255_4E53)
    for index in 0..<500 {
      var scalars = String.UnicodeScalarView()
      for _ in 0..<random.next(below: 300) {
        // Mostly plain, as report messages are.
        scalars.append(random.next(below: 6) == 0 ? random.pick(Self.alphabet) : "m")
      }
      let text = String(scalars)
      var writer = JSONWriter(pretty: false, capacity: random.next(below: 64))
      writer.string(text)
      #expect(writer.text == referenceQuoted(text), "text \(index)")
    }
  }

  /// A string written in parts is the joined string written whole, escapes and all.
  @Test(arguments: [false, true])
  func stringsWrittenInPartsAreTheJoinedString(pretty: Bool) {
    var random = SplitMix64(seed: 0x5041_5254)
    for index in 0..<300 {
      let parts = (0..<random.next(below: 5)).map { _ in
        // Some parts long enough for the word scan, the rest short and full of escapes.
        let plain = String(repeating: "plain text ", count: random.next(below: 4))
        return random.next(below: 3) == 0 ? plain : randomString(&random)
      }
      var writer = JSONWriter(pretty: pretty, indent: 2)
      writer.beginArray()
      writer.beginString()
      for part in parts { writer.appendToString(part) }
      writer.appendToString(":")
      writer.endString()
      writer.endArray()
      let joined = JSONOutput.array([.string(parts.joined() + ":")])
      #expect(writer.text == joined.rendered(pretty: pretty, indent: 2), "parts \(index): \(parts)")
    }
  }

  /// Text rendered once as bytes and inserted many times is inserted as the text form would be.
  @Test(arguments: [false, true])
  func rawBytesAreInsertedAsRawText(pretty: Bool) {
    var writer = JSONWriter(pretty: pretty, indent: 4)
    writer.beginArray()
    writer.raw(utf8: Array(#""ecr:BatchGetImage""#.utf8))
    writer.raw(utf8: Array("17".utf8))
    writer.endArray()
    let expected = JSONOutput.array([.raw(#""ecr:BatchGetImage""#), .raw("17")]).rendered(pretty: pretty, indent: 4)
    #expect(writer.text == expected)
  }

  @Test func everyControlByteGetsAnEscape() {
    for value in UInt8(0)..<0x20 {
      let text = String(Unicode.Scalar(value))
      var writer = JSONWriter(pretty: false)
      writer.string(text)
      #expect(writer.text == referenceQuoted(text), "byte \(value)")
      #expect(!writer.bytes.dropFirst().dropLast().contains { $0 < 0x20 }, "byte \(value) written raw")
    }
  }

  @Test(arguments: [false, true])
  func treesRenderAsTheWriterWritesThem(pretty: Bool) {
    let tree = JSONOutput.object([
      ("a", .array([.integer(1), .object([("b", .null)])])),
      ("c", .object([])),
      ("d", .array([])),
      ("e", .array([.array([.bool(true)]), .string("x\n")])),
    ])
    var writer = JSONWriter(pretty: pretty)
    writer.write(tree)
    #expect(writer.text == tree.rendered(pretty: pretty))
    #expect(writer.text == referenceRendering(tree, pretty: pretty))
  }

  // MARK: - Random trees

  /// Scalars that hit every escape, the control range, 0x7F and multibyte UTF-8.
  private static let alphabet: [Unicode.Scalar] = [
    "a", "Z", "0", " ", ":", "*", "/", "\"", "\\", "\n", "\r", "\t", "\u{00}", "\u{01}", "\u{08}", "\u{0B}",
    "\u{0C}", "\u{1F}", "\u{7F}", "\u{80}", "é", "日", "\u{2028}", "😀",
  ]
  /// Few keys, so duplicates come up often and must be kept.
  private static let keys = ["Effect", "a", "", "k\"ey", "日本"]
  /// Scalar JSON text for `.raw`: the reader gives each back as an ordinary value.
  private static let rawScalars = ["0", "-17", "true", "null", #""r\u0041w""#]

  private func randomString(_ random: inout SplitMix64) -> String {
    var scalars = String.UnicodeScalarView()
    for _ in 0..<random.next(below: 7) { scalars.append(random.pick(Self.alphabet)) }
    return String(scalars)
  }

  private func randomTree(_ random: inout SplitMix64, depth: Int) -> JSONOutput {
    switch random.next(below: depth >= 4 ? 5 : 8) {
    case 0: return .string(randomString(&random))
    case 1: return .integer(random.pick([0, -1, 42, Int.max, Int.min, Int(truncatingIfNeeded: random.next())]))
    case 2: return random.next(below: 2) == 0 ? .null : .bool(random.next(below: 2) == 0)
    case 3: return .raw(random.pick(Self.rawScalars))
    case 4: return .string(random.pick(Self.keys))
    case 5:
      // Arrays of strings only, so the walk can use `strings(_:)` for them.
      return .array((0..<random.next(below: 4)).map { _ in .string(randomString(&random)) })
    case 6:
      return .array((0..<random.next(below: 5)).map { _ in randomTree(&random, depth: depth + 1) })
    default:
      return .object(
        (0..<random.next(below: 5)).map { _ in
          let key = random.next(below: 2) == 0 ? random.pick(Self.keys) : randomString(&random)
          return (key, randomTree(&random, depth: depth + 1))
        }
      )
    }
  }

  /// Writes `tree` the way report code does, call by call, choosing among the equivalent calls at random so the
  /// convenience forms (`strings`, optional `string`/`bool`) are exercised in every position.
  private func walk(_ tree: JSONOutput, into writer: inout JSONWriter, _ random: inout SplitMix64) {
    switch tree {
    case .string(let text):
      if random.next(below: 2) == 0 { writer.string(text) } else { writer.string(String?.some(text)) }
    case .integer(let number): writer.integer(number)
    case .bool(let flag):
      if random.next(below: 2) == 0 { writer.bool(flag) } else { writer.bool(Bool?.some(flag)) }
    case .null:
      switch random.next(below: 3) {
      case 0: writer.null()
      case 1: writer.string(String?.none)
      default: writer.bool(Bool?.none)
      }
    case .raw(let text): writer.raw(text)
    case .array(let elements):
      let texts = elements.compactMap { element -> String? in
        if case .string(let text) = element { return text }
        return nil
      }
      if texts.count == elements.count, random.next(below: 2) == 0 {
        writer.strings(texts)
        return
      }
      writer.beginArray()
      for element in elements { walk(element, into: &writer, &random) }
      writer.endArray()
    case .object(let members):
      writer.beginObject()
      for (name, member) in members {
        writer.key(named: name)
        walk(member, into: &writer, &random)
      }
      writer.endObject()
    }
  }

  @Test func randomTreesWrittenCallByCallMatchTheirRendering() throws {
    var random = SplitMix64(seed: 0x4A53_4F4E)
    for index in 0..<500 {
      let tree = randomTree(&random, depth: 0)
      // 70 indents members deeper than any report does.
      let indent = random.pick([0, 2, 8, 70])
      for pretty in [true, false] {
        var writer = JSONWriter(pretty: pretty, indent: indent, capacity: random.next(below: 64))
        walk(tree, into: &writer, &random)
        let rendered = tree.rendered(pretty: pretty, indent: indent)
        #expect(writer.text == rendered, "tree \(index) pretty \(pretty) indent \(indent)")
        #expect(writer.bytes == Array(rendered.utf8), "tree \(index) pretty \(pretty) indent \(indent)")
        #expect(
          rendered == referenceRendering(tree, pretty: pretty, indent: indent),
          "tree \(index) pretty \(pretty) indent \(indent)"
        )
      }

      let compact = tree.rendered(pretty: false)
      let document: JSONDocument
      do {
        document = try JSONReader.parse(compact)
      } catch {
        Issue.record("tree \(index): \(error) in \(compact)")
        continue
      }
      let problems = try differences(document.root, tree)
      #expect(problems.isEmpty, "tree \(index): \(problems.prefix(3)) in \(compact)")
    }
  }

  /// Guards the generator: a property over trivial trees would prove nothing.
  @Test func randomTreesCoverEveryShape() {
    var random = SplitMix64(seed: 0x4A53_4F4E)
    var rendered = ""
    for _ in 0..<500 { rendered += randomTree(&random, depth: 0).rendered(pretty: true) }
    let needles = [
      "{}", "[]", "[\n", "{\n", "\": {", "\": [", "\\\"", "\\\\", "\\n", "\\u0000", "\\u007F", "\\u000B", "😀",
      "true", "false", "null", "-17", "\\u0041",
    ]
    for needle in needles { #expect(rendered.contains(needle), "no \(needle.debugDescription) in 500 trees") }
  }

  // MARK: - Reference

  /// Escapes by scalar, where the writer works on bytes: the two only agree if multibyte UTF-8 is left alone.
  private func referenceQuoted(_ text: String) -> String {
    var quoted = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": quoted += "\\\""
      case "\\": quoted += "\\\\"
      case "\n": quoted += "\\n"
      case "\r": quoted += "\\r"
      case "\t": quoted += "\\t"
      case "\u{08}": quoted += "\\b"
      case "\u{0C}": quoted += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          quoted.unicodeScalars.append(scalar)
        }
      }
    }
    return quoted + "\""
  }

  /// The documented format, written out directly: two-space indentation, `"key": value`, `{}` and `[]` when empty.
  private func referenceRendering(_ tree: JSONOutput, pretty: Bool, indent: Int = 0) -> String {
    let inner = String(repeating: " ", count: indent + 2)
    let outer = String(repeating: " ", count: indent)
    func container(_ open: String, _ items: [String], _ close: String) -> String {
      guard !items.isEmpty else { return open + close }
      guard pretty else { return open + items.joined(separator: ",") + close }
      return open + "\n" + items.map { inner + $0 }.joined(separator: ",\n") + "\n" + outer + close
    }
    switch tree {
    case .string(let text): return referenceQuoted(text)
    case .integer(let number): return String(number)
    case .bool(let flag): return flag ? "true" : "false"
    case .null: return "null"
    case .raw(let text): return text
    case .array(let elements):
      return container("[", elements.map { referenceRendering($0, pretty: pretty, indent: indent + 2) }, "]")
    case .object(let members):
      let items = members.map { name, member in
        referenceQuoted(name) + (pretty ? ": " : ":") + referenceRendering(member, pretty: pretty, indent: indent + 2)
      }
      return container("{", items, "}")
    }
  }

  /// Every structural difference between what the reader gave back and the tree that was written, with a path.
  /// Compared field by field rather than with `==`, which renders through the writer under test.
  private func differences(_ value: JSONValue, _ expected: JSONOutput, path: String = "$") throws -> [String] {
    switch (value.kind, expected) {
    case (_, .raw(let text)):
      return try differences(value, rawValue(text), path: path)
    case (.object(let members), .object(let expectedMembers)):
      guard members.count == expectedMembers.count else {
        return ["\(path): \(members.count) members, expected \(expectedMembers.count)"]
      }
      var found: [String] = []
      for (index, (member, (key, child))) in zip(members, expectedMembers).enumerated() {
        if Array(member.key.utf8) != Array(key.utf8) {
          found.append("\(path).\(index): key \(member.key.debugDescription)")
        }
        found += try differences(member.value, child, path: "\(path).\(index)")
      }
      return found
    case (.array(let elements), .array(let expectedElements)):
      guard elements.count == expectedElements.count else {
        return ["\(path): \(elements.count) elements, expected \(expectedElements.count)"]
      }
      var found: [String] = []
      for (index, (element, child)) in zip(elements, expectedElements).enumerated() {
        found += try differences(element, child, path: "\(path)[\(index)]")
      }
      return found
    case (.string(let text), .string(let expectedText)):
      // Byte comparison: `String ==` would accept a canonically equivalent but different string.
      return Array(text.utf8) == Array(expectedText.utf8) ? [] : ["\(path): string \(text.debugDescription)"]
    case (.number(let number), .integer(let integer)):
      return number == String(integer) ? [] : ["\(path): number \(number)"]
    case (.bool(let flag), .bool(let expectedFlag)):
      return flag == expectedFlag ? [] : ["\(path): bool \(flag)"]
    case (.null, .null):
      return []
    default:
      return ["\(path): read \(value.typeDescription)"]
    }
  }

  /// The value a raw scalar stands for, decided here rather than by the reader under test.
  private func rawValue(_ text: String) throws -> JSONOutput {
    switch text {
    case "true": return .bool(true)
    case "false": return .bool(false)
    case "null": return .null
    case #""r\u0041w""#: return .string("rAw")
    default: return .integer(try #require(Int(text)))
    }
  }
}

@Suite struct JSONEscapeScanTests {
  static func needsEscapeByteByByte(_ bytes: [UInt8]) -> Bool {
    bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0x7F }
  }

  /// The word-at-a-time scan against a byte-by-byte one: every byte value alone at every position of texts of
  /// every length up to three words, then random texts rich in bytes next to the escaped ones.
  @Test func wordScanAgreesWithAByteScan() {
    for length in 1...24 {
      for position in 0..<length {
        for value in 0...255 {
          var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
          bytes[position] = UInt8(value)
          let expected = Self.needsEscapeByteByByte(bytes)
          #expect(bytes.withUnsafeBufferPointer(JSONWriter.needsEscape) == expected, "\(bytes)")
        }
      }
    }
    let alphabet: [UInt8] = [
      0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0x9F, 0xA2, 0xDC, 0xFF,
    ]
    var random = SplitMix64(seed: 0x2545_F491_4F6C_DD1D)
    var escaped = 0
    for _ in 0..<5000 {
      let length = random.next(below: 64)
      var bytes: [UInt8] = []
      for _ in 0..<length {
        // Mostly harmless bytes, so that texts without an escape are common too.
        let pick = random.next(below: alphabet.count * 8)
        bytes.append(pick < alphabet.count ? alphabet[pick] : UInt8(ascii: "x"))
      }
      let expected = Self.needsEscapeByteByByte(bytes)
      if expected { escaped += 1 }
      #expect(bytes.withUnsafeBufferPointer(JSONWriter.needsEscape) == expected, "\(bytes)")
    }
    #expect(escaped > 1000 && escaped < 4000, "\(escaped) of 5000 need an escape")
  }
}
