/// One step of a JSON path, in IAM Access Analyzer's convention: object members as `{"value": name}`, array
/// positions as `{"index": n}`.
public enum PathElement: Hashable, Sendable, CustomStringConvertible {
  case member(String)
  case index(Int)

  /// `Statement[0].Condition.StringLike` style, for text output and tests.
  public var description: String {
    switch self {
    case .member(let name): name
    case .index(let index): "[\(index)]"
    }
  }
}

extension Array where Element == PathElement {
  /// `Statement[0].Principal.AWS[1]`.
  public var dotted: String {
    var out = ""
    for element in self {
      switch element {
      case .member(let name): out += out.isEmpty ? name : "." + name
      case .index(let index): out += "[\(index)]"
      }
    }
    return out
  }
}
