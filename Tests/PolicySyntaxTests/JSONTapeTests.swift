import PolicySyntax
import Testing

/// The tape is what the policy model reads: its nodes' kinds, ranges and links, keys compared as bytes, and texts
/// made only on request must all say what the tree said.
@Suite struct JSONTapeTests {
  static func tape(_ text: String) throws -> JSONTape { try JSONReader.parse(text).tape }

  @Test func nodesFollowTheDocumentWithKeysBeforeTheirValues() throws {
    // Offsets:  0         1         2
    //           0123456789012345678901234567
    let text = #"{"a": [1, "x"], "b": {}}"#
    let tape = try JSONTapeTests.tape(text)
    let root = tape.root
    #expect(tape.kind(of: root) == .object)
    #expect(tape.range(of: root) == SourceRange(start: 0, end: 24))
    let members = Array(tape.members(of: root))
    try #require(members.count == 2)
    #expect(tape.kind(of: members[0].key) == .key)
    #expect(tape.range(of: members[0].key) == SourceRange(start: 1, end: 4))
    #expect(tape.range(of: members[0].value) == SourceRange(start: 6, end: 14))
    #expect(tape.range(of: members[1].key) == SourceRange(start: 16, end: 19))
    let elements = Array(tape.elements(of: members[0].value))
    #expect(elements.map { tape.kind(of: $0) } == [.number, .string])
    #expect(elements.map { tape.range(of: $0) } == [SourceRange(start: 7, end: 8), SourceRange(start: 10, end: 13)])
    #expect(elements.map { tape.position(of: $0) } == [0, 1])
    #expect(elements.map { tape.parent(of: $0) } == [members[0].value, members[0].value])
    #expect(tape.parent(of: members[1].value) == root)
    #expect(tape.position(of: members[1].value) == 1)
    #expect(tape.parent(of: root) == nil)
    #expect(tape.isEmpty(members[1].value))
    #expect(!tape.isEmpty(members[0].value))
    #expect(tape.end(of: members[0].key) == members[1].key)
  }

  @Test func everyNodeIsFoundByItsStart() throws {
    let text = #"  {"k": [true, false, null, -1.5e3, {"n": [[], {}]}], "s": "t"}  "#
    let tape = try JSONTapeTests.tape(text)
    var node = tape.root
    var visited = 0
    // Nodes are numbered in document order, so walking the numbers visits each once.
    while node < tape.end(of: tape.root) {
      #expect(tape.node(startingAt: tape.range(of: node).start) == node)
      visited += 1
      node += 1
    }
    #expect(visited == 14)
    #expect(tape.node(startingAt: 0) == nil)
    #expect(tape.node(startingAt: 4) == nil)
  }

  @Test func scalarsReadAsWritten() throws {
    let tape = try JSONTapeTests.tape(#"[true, false, null, 1.50, -0, 1E+2, "x"]"#)
    let elements = Array(tape.elements(of: tape.root))
    #expect(elements.map { tape.bool($0) } == [true, false, nil, nil, nil, nil, nil])
    #expect(elements[3...5].map { tape.text(of: $0) } == ["1.50", "-0", "1E+2"])
    #expect(elements.map { tape.string($0) } == [nil, nil, nil, nil, nil, nil, "x"])
    #expect(
      elements.map { tape.typeDescription(of: $0) } == [
        "a boolean", "a boolean", "null", "a number", "a number", "a number", "a string",
      ]
    )
  }

  @Test func escapedStringsAreDecodedWhenAskedFor() throws {
    let text = #"{"k\"ey": "a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\uD83D\uDE00", "plain": "日本", "\u0053id": "x"}"#
    let tape = try JSONTapeTests.tape(text)
    let members = Array(tape.members(of: tape.root))
    try #require(members.count == 3)
    #expect(tape.key(members[0]) == "k\"ey")
    #expect(tape.string(members[0].value) == "a\"b\\c/d\u{8}\u{C}\n\r\tAé😀")
    #expect(tape.key(members[1]) == "plain")
    #expect(tape.string(members[1].value) == "日本")
    #expect(tape.key(members[2]) == "Sid")
  }

  @Test func keysMatchNamesAsStringsDo() throws {
    // An escape, and a canonical equivalent (KELVIN SIGN for K), spell ASCII names another way.
    let text = #"{"Sid": 1, "\u0053id": 2, "Si": 3, "Sidd": 4, "sid": 5, "\u212Aey": 6, "Key": 7}"#
    let tape = try JSONTapeTests.tape(text)
    for member in tape.members(of: tape.root) {
      for name: StaticString in ["Sid", "Key"] {
        #expect(tape.key(member, is: name) == (tape.key(member) == name.description), "\(tape.key(member))")
      }
    }
    #expect(tape.firstMember("Sid", in: tape.root).map { tape.text(of: $0.value) } == "1")
    #expect(tape.lastMember("Sid", in: tape.root).map { tape.text(of: $0.value) } == "2")
    #expect(tape.lastMember("Key", in: tape.root).map { tape.text(of: $0.value) } == "7")
    #expect(tape.firstMember("Version", in: tape.root) == nil)
    let members = Array(tape.members(of: tape.root))
    #expect(tape.withPlainKey(members[0]) { Array($0) } == Array("Sid".utf8))
    #expect(tape.withPlainKey(members[1]) { Array($0) } == nil)
  }

  @Test(arguments: [
    (#"{"a": 1, "b": 2}"#, false),
    (#"{"a": 1, "a": 2}"#, true),
    (#"{"a": 1, "\u0061": 2}"#, true),
    (#"{"ab": 1, "ba": 2}"#, false),
    (#"{"\u00e9": 1, "é": 2}"#, true),
    // Canonically equivalent keys are one key to String, as they were to the tree.
    (#"{"é": 1, "e\u0301": 2}"#, true),
    (#"{"x": {"a": 1}, "y": [{"b": 1, "c": 2, "b": 3}]}"#, true),
    (#"[{"a": 1}, {"a": 2}]"#, false),
  ])
  func repeatedKeysAreFoundWhileReading(_ text: String, repeats: Bool) throws {
    #expect(try JSONReader.parse(text).hasDuplicateKeys == repeats)
  }

  @Test func repeatedKeysAreFoundInOneObject() throws {
    let tape = try JSONTapeTests.tape(#"{"x": {"a": 1, "b": 2}, "y": {"b": 1, "\u0062": 2}}"#)
    let values = tape.members(of: tape.root).map(\.value)
    #expect(values.map { tape.hasRepeatedKey($0) } == [false, true])
    #expect(!tape.hasRepeatedKey(tape.root))
  }

  @Test func repeatedKeysInLargeObjectsAreFound() throws {
    let distinct = "{" + (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
    #expect(try !JSONReader.parse(distinct + "}").hasDuplicateKeys)
    #expect(try JSONReader.parse(distinct + #", "k\u0031\u0037": 0}"#).hasDuplicateKeys)
  }

  @Test func theTreeIsBuiltFromTheTape() throws {
    let text = #"{"a\u0062": [1.0, true, null, {"c": "d\n"}], "e": {}}"#
    let document = try JSONReader.parse(text)
    let root = document.root
    let members = try #require(root.members)
    #expect(members.map(\.key) == ["ab", "e"])
    #expect(members[0].keyRange == SourceRange(start: 1, end: 10))
    let elements = try #require(members[0].value.elements)
    guard case .number(let number) = elements[0].kind, case .bool(true) = elements[1].kind,
      case .null = elements[2].kind
    else {
      Issue.record("scalars read back as \(elements.map(\.typeDescription))")
      return
    }
    #expect(number == "1.0")
    #expect(elements[3].member("c")?.value.string == "d\n")
    #expect(members[1].value.members?.isEmpty == true)
  }
}
