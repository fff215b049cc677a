import PolicyDiagnostics
import PolicyModel
import PolicySyntax
import Testing

/// `JSONTape.path(to:)`: model values keep only their range, so every finding's JSON path depends on finding the
/// value (or key) a range names. Checked against paths gathered by walking the tree.
@Suite struct SyntaxPathTests {
  /// Every value and every member key of `value`, with the path a walk from the root assigns it.
  static func locations(of value: JSONValue, at path: [PathElement] = []) -> [(range: SourceRange, path: [PathElement])]
  {
    var result = [(value.range, path)]
    switch value.kind {
    case .object(let members):
      for member in members {
        result.append((member.keyRange, path + [.member(member.key)]))
        result += locations(of: member.value, at: path + [.member(member.key)])
      }
    case .array(let elements):
      for (index, element) in elements.enumerated() {
        result += locations(of: element, at: path + [.index(index)])
      }
    default:
      break
    }
    return result
  }

  static func expectEveryLocationFound(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let document = try JSONReader.parse(Array(text.utf8))
    for (range, path) in locations(of: document.root) {
      #expect(
        document.tape.path(to: range) == path,
        "range \(range.start)..<\(range.end)",
        sourceLocation: sourceLocation
      )
    }
  }

  @Test func everyValueAndKeyOfNestedShapes() throws {
    try SyntaxPathTests.expectEveryLocationFound(
      #"{"a": [1, [2, {"b": {}}], [], {"c": "d", "e": [true, null, -1.5]}], "f": {"g": {"h": ["i"]}}, "j": "k"}"#
    )
    try SyntaxPathTests.expectEveryLocationFound(#"  ["x", {"y": []}, {}]  "#)
    try SyntaxPathTests.expectEveryLocationFound(#""just a string""#)
    // Wide containers, where the member or element is found by bisection.
    let wideArray = "[" + (0..<1000).map { $0 % 3 == 0 ? "[\($0)]" : "\"v\($0)\"" }.joined(separator: ", ") + "]"
    try SyntaxPathTests.expectEveryLocationFound(wideArray)
    let wideObject = "{" + (0..<500).map { "\"k\($0 % 250)\": {\"x\": [\($0)]}" }.joined(separator: ",") + "}"
    try SyntaxPathTests.expectEveryLocationFound(wideObject)
  }

  @Test func repeatedKeysAreTellApartByTheirRanges() throws {
    let text = #"{"a": 1, "a": [2, {"b": 3}], "b": {"a": "a"}}"#
    try SyntaxPathTests.expectEveryLocationFound(text)
    let document = try JSONReader.parse(Array(text.utf8))
    let members = try #require(document.root.members)
    #expect(document.tape.path(to: members[0].keyRange) == [.member("a")])
    #expect(document.tape.path(to: members[1].value.range) == [.member("a")])
  }

  @Test func aRangeThatNamesNoValueHasNoPath() throws {
    let text = #"{"a": ["bc", "d"]}"#
    let tape = try JSONReader.parse(Array(text.utf8)).tape
    // Inside a string, a position between elements, and two elements together.
    #expect(tape.path(to: SourceRange(start: 8, end: 9)) == nil)
    #expect(tape.path(to: .at(11)) == nil)
    #expect(tape.path(to: SourceRange(start: 7, end: 16)) == nil)
  }

  @Test(arguments: Corpus.entries)
  func everyValueAndKeyOfTheCorpus(_ entry: CorpusEntry) throws {
    guard let bytes = Corpus.bytes(of: entry), let json = try? JSONReader.parse(bytes) else { return }
    for (range, path) in SyntaxPathTests.locations(of: json.root) {
      #expect(json.tape.path(to: range) == path, "\(entry.file): range \(range.start)..<\(range.end)")
    }
  }
}
