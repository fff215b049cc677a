/// A half-open range of UTF-8 byte offsets into a source buffer.
///
/// Offsets, not line and column, are what every layer stores: they are cheap, exact for edits, and turned into
/// line and column only by reporters, through a ``LineTable``.
public struct SourceRange: Hashable, Sendable, Comparable {
  /// Offset of the first byte.
  public var start: Int
  /// Offset one past the last byte.
  public var end: Int

  public init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }

  /// An empty range at `offset`.
  public static func at(_ offset: Int) -> SourceRange { SourceRange(start: offset, end: offset) }

  public var length: Int { end - start }

  public static func < (lhs: SourceRange, rhs: SourceRange) -> Bool {
    (lhs.start, lhs.end) < (rhs.start, rhs.end)
  }
}
