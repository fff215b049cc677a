import PolicyModel
import PolicySyntax

/// Turns 0-based byte columns into the 1-based code-point columns SARIF counts, for the findings of one file.
///
/// A column is the number of Unicode scalars before it on its line. Counting them from the line's start for every
/// finding costs findings × line length on a one-line (minified) policy; on a long line the count is kept at every
/// ``stride`` bytes, once, so that each conversion reads at most that many bytes.
struct CodePointColumns {
  private let locator: FileLocator
  /// The long line the checkpoints are for (0: none yet).
  private var line = 0
  /// Scalars before byte `k × stride` of that line; empty when the line is not valid UTF-8.
  private var checkpoints: [Int] = []

  static let stride = 1024

  init(_ locator: FileLocator) { self.locator = locator }

  mutating func column(_ position: SourcePosition) -> Int {
    let range = locator.lineRange(position.line)
    guard range.end - range.start > Self.stride else { return Self.decodedColumn(position, locator) }
    if position.line != line { remember(position.line, range) }
    // A line the JSON reader could not read as UTF-8 is counted as its repaired text counts.
    guard !checkpoints.isEmpty else { return Self.decodedColumn(position, locator) }
    let column = min(position.column, range.end - range.start)
    let checkpoint = column / Self.stride
    var count = checkpoints[checkpoint]
    for byte in locator.bytes[(range.start + checkpoint * Self.stride)..<(range.start + column)]
    where !ASCII.isUTF8Continuation(byte) {
      count += 1
    }
    return count + 1
  }

  private mutating func remember(_ line: Int, _ range: SourceRange) {
    self.line = line
    checkpoints = []
    let bytes = locator.bytes[range.start..<range.end]
    guard String(validating: bytes, as: UTF8.self) != nil else { return }
    var count = 0
    for (offset, byte) in bytes.enumerated() {
      if offset % Self.stride == 0 { checkpoints.append(count) }
      if !ASCII.isUTF8Continuation(byte) { count += 1 }
    }
    checkpoints.append(count)
  }

  /// The column counted in the decoded (repaired) text of the line.
  static func decodedColumn(_ position: SourcePosition, _ locator: FileLocator) -> Int {
    let line = Array(locator.lineText(position.line).utf8)
    let prefix = line.prefix(min(position.column, line.count))
    return String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
  }
}
