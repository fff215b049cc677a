public import PolicySyntax

/// A model value with where it came from: its byte range. Its JSON path is ``PolicyDocument/path(of:)`` of that
/// range.
public struct Located<Value: Sendable>: Sendable {
  public let value: Value
  public let range: SourceRange

  public init(_ value: Value, range: SourceRange) {
    self.value = value
    self.range = range
  }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
