public import PolicyModel
public import PolicySyntax

/// Turns ranges of a policy into line and column of the file the user has open.
///
/// A locator keeps only what locating reads, the file's bytes and where an embedded policy's text sits in them, not
/// the file: a copy of the file retained and released every part of it, model included, for each file reported.
public struct FileLocator: Sendable {
  /// The bytes of the file, which snippets show.
  public let bytes: [UInt8]
  /// Where the policy text sits in the file, when it is embedded in a CLI wrapper.
  private let embedding: EmbeddedText?
  public let lineTable: LineTable

  public init(file: PolicyFile) {
    bytes = file.bytes
    embedding = file.embedding
    lineTable = LineTable(file.bytes)
  }

  /// Start and end positions in the file of a range of the policy text.
  public func span(of range: SourceRange) -> (start: SourcePosition, end: SourcePosition) {
    // PolicyFile.fileRange(_:), from the embedding kept.
    let fileRange = embedding?.outerRange(range) ?? range
    return (lineTable.position(of: fileRange.start), lineTable.position(of: fileRange.end))
  }

  /// The byte range of line `line` (1-based) in the file, without its line break.
  public func lineRange(_ line: Int) -> SourceRange {
    lineTable.rangeOfLine(line, in: bytes)
  }

  /// The text of line `line` (1-based), without its line break.
  public func lineText(_ line: Int) -> String {
    let range = lineRange(line)
    return String(decoding: bytes[range.start..<range.end], as: UTF8.self)
  }
}
