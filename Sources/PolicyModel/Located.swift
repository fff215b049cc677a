public import PolicyDiagnostics
public import PolicySyntax

/// A model value with where it came from: its byte range and its JSON path.
public struct Located<Value: Sendable>: Sendable {
  public let value: Value
  public let range: SourceRange
  public let path: [PathElement]

  public init(_ value: Value, range: SourceRange, path: [PathElement]) {
    self.value = value
    self.range = range
    self.path = path
  }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
