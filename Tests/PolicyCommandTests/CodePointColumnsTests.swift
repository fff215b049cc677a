import PolicyModel
import PolicySyntax
import TestSupport
import Testing

@testable import PolicyReporting

/// The SARIF column of every scalar boundary of random lines, short and long, agrees with counting the decoded line
/// from its start, in any order of lines; a line that is not UTF-8 falls back to that count.
@Test(arguments: [1, 2, 3] as [UInt64])
func codePointColumnsAgreeWithDecodingTheLine(seed: UInt64) {
  var random = SplitMix64(seed: seed)
  func next(_ bound: Int) -> Int { random.next(below: bound) }
  let pieces: [[UInt8]] = ["a", "{", "\t", "é", "€", "😀"].map { Array($0.utf8) }
  var bytes: [UInt8] = []
  var boundaries: [[Int]] = []
  for lineIndex in 0..<8 {
    var columns = [0]
    var line: [UInt8] = []
    // Lengths from a few bytes to several strides.
    let length = [5, 300, 1_024, 1_025, 3_000, 9_000][next(6)]
    while line.count < length {
      line += pieces[next(pieces.count)]
      columns.append(line.count)
    }
    // A stray continuation byte: one replacement character when decoded, no scalar of its own when counted.
    if lineIndex == 5 { line.insert(0x80, at: line.count / 2) }
    bytes += line
    bytes.append(UInt8(ascii: "\n"))
    boundaries.append(columns)
  }
  let locator = FileLocator(file: PolicyFile(path: "random.json", bytes: bytes, kind: nil))
  var converter = CodePointColumns(locator)
  var queries: [SourcePosition] = []
  for (index, columns) in boundaries.enumerated() {
    for column in columns { queries.append(SourcePosition(line: index + 1, column: column, offset: 0)) }
  }
  for index in queries.indices.reversed() { queries.swapAt(index, next(index + 1)) }
  // Runs of the same line, as a file's findings come, and back and forth between lines.
  queries.sort { ($0.column / 2_000, $0.line) < ($1.column / 2_000, $1.line) }
  var mismatches = 0
  for position in queries {
    let expected = CodePointColumns.decodedColumn(position, locator)
    if converter.column(position) != expected { mismatches += 1 }
  }
  #expect(mismatches == 0)
  #expect(queries.count > 1_000)
}
