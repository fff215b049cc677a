public import PolicySyntax

/// How safe it is to apply a fix without a person looking at it.
public enum Applicability: String, Sendable, Hashable {
  /// Access is unchanged for every request.
  case safe
  /// Access shrinks, and someone may rely on what is removed; applied only on request.
  case unsafe
  /// Needs a value the tool does not know (shown as a placeholder); printed, never written.
  case displayOnly = "display-only"
}

/// Replace the bytes of `range` of the original text with `replacement`.
public struct TextEdit: Hashable, Sendable {
  public var range: SourceRange
  public var replacement: String

  public init(range: SourceRange, replacement: String) {
    self.range = range
    self.replacement = replacement
  }
}

/// A change to the original bytes that resolves a finding: edits sorted by position and never overlapping.
public struct Fix: Hashable, Sendable {
  /// Imperative, lower case: "remove the duplicate 'Effect' member".
  public var title: String
  public var applicability: Applicability
  public private(set) var edits: [TextEdit]

  /// Returns nil when two edits overlap, which would make the result depend on the order of application.
  public init?(title: String, applicability: Applicability, edits: [TextEdit]) {
    let sorted = edits.sorted { $0.range < $1.range }
    for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.range.end > next.range.start {
      return nil
    }
    self.title = title
    self.applicability = applicability
    self.edits = sorted
  }

  /// The text after applying the edits to `bytes`.
  public func applied(to bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var cursor = 0
    for edit in edits {
      out.append(contentsOf: bytes[cursor..<edit.range.start])
      out.append(contentsOf: Array(edit.replacement.utf8))
      cursor = edit.range.end
    }
    out.append(contentsOf: bytes[cursor...])
    return out
  }
}
