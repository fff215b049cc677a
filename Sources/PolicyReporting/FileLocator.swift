public import PolicyModel
public import PolicySyntax

/// Turns ranges of a policy into line and column of the file the user has open.
public struct FileLocator: Sendable {
  public let file: PolicyFile
  public let lineTable: LineTable

  public init(file: PolicyFile) {
    self.file = file
    self.lineTable = LineTable(file.bytes)
  }

  /// Start and end positions in the file of a range of the policy text.
  public func span(of range: SourceRange) -> (start: SourcePosition, end: SourcePosition) {
    let fileRange = file.fileRange(range)
    return (lineTable.position(of: fileRange.start), lineTable.position(of: fileRange.end))
  }

  /// The byte range of line `line` (1-based) in the file, without its line break.
  public func lineRange(_ line: Int) -> SourceRange {
    lineTable.rangeOfLine(line, in: file.bytes)
  }

  /// The text of line `line` (1-based), without its line break.
  public func lineText(_ line: Int) -> String {
    let range = lineRange(line)
    return String(decoding: file.bytes[range.start..<range.end], as: UTF8.self)
  }
}
