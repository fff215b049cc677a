/// Three-valued (Kleene) logic: an element whose outcome depends on something the tool does not know (a template
/// placeholder, a key whose presence is undocumented, an unknown operator) is `unknown`, and unknowns propagate,
/// so the final verdict is "indeterminate" instead of a guess.
public enum Truth: Sendable, Hashable {
  case yes
  case no
  case unknown

  public init(_ value: Bool) { self = value ? .yes : .no }

  public static func && (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
    if lhs == .no { return .no }
    let right = rhs()
    if right == .no { return .no }
    return lhs == .yes && right == .yes ? .yes : .unknown
  }

  public static func || (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
    if lhs == .yes { return .yes }
    let right = rhs()
    if right == .yes { return .yes }
    return lhs == .no && right == .no ? .no : .unknown
  }

  public static prefix func ! (value: Truth) -> Truth {
    switch value {
    case .yes: .no
    case .no: .yes
    case .unknown: .unknown
    }
  }
}
