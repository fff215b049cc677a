import PolicyDiagnostics
import PolicyModel
import PolicySyntax
import Testing

/// Finding paths are looked up on the tape: the node a range names is found by its start and the path climbs from
/// it to the root, so escaped keys, deep nesting and thousands of statements must give the paths a walk of the tree
/// gives.
@Suite struct TapePathTests {
  @Test func escapedKeysAppearDecodedInPaths() throws {
    let text = #"{"St\u0061tement": [{"\u00e9": {"a\"b": [0, "x"]}}]}"#
    let document = try JSONReader.parse(text)
    let value = try #require(
      document.root.members?[0].value.elements?[0].members?[0].value.members?[0].value.elements?[1]
    )
    #expect(
      document.tape.path(to: value.range) == [
        .member("Statement"), .index(0), .member("é"), .member("a\"b"), .index(1),
      ]
    )
  }

  @Test func deepNestingClimbsEveryLevel() throws {
    let depth = 200
    let text = String(repeating: "[0, ", count: depth) + "\"leaf\"" + String(repeating: "]", count: depth)
    let tape = try JSONReader.parse(text).tape
    let leaf = SourceRange(start: 4 * depth, end: 4 * depth + 6)
    #expect(tape.path(to: leaf) == Array(repeating: .index(1), count: depth))
    #expect(
      tape.path(to: SourceRange(start: 4 * (depth - 1), end: 4 * depth + 7))
        == Array(repeating: .index(1), count: depth - 1)
    )
  }

  @Test func findingsInThousandsOfStatementsNameTheirOwnStatement() {
    let count = 3000
    let statements = (0..<count).map { index in
      #"{"Sid": "S\#(index)", "Effect": "Alow", "Principal": "*", "Action": "ecr:BatchGetImage"}"#
    }
    let text = #"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ",\n") + "]}"
    let result = PolicyParser.parse(Array(text.utf8))
    let effectPaths = result.findings.filter { $0.message.hasPrefix("Effect must be") }.map(\.path.dotted)
    #expect(effectPaths == (0..<count).map { "Statement[\($0)].Effect" })
  }
}
