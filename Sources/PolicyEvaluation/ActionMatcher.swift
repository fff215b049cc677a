package import PolicyModel
import PolicySyntax

/// IAM action matching: the service prefix compared ignoring case, the name glob-matched ignoring case. The one
/// implementation is ``PolicyModel/ActionPattern/covers(_:)``; evaluation and action-table expansion both use it.
package enum ActionMatcher {
  /// Whether the policy action `pattern` covers the request action `action` (`service:Name`).
  package static func matches(pattern: String, action: String) -> Bool {
    ActionPattern(pattern).covers(ActionPattern(action))
  }
}

extension ActionPattern {
  /// Whether this policy action covers the requested action. Both sides are lower-cased already, so the glob
  /// compares them exactly; a template placeholder is literal text here (evaluation treats it as unknown first).
  package func covers(_ requested: ActionPattern) -> Bool {
    if isAll { return true }
    guard !isMalformed, !requested.isMalformed, service == requested.service else { return false }
    guard hasWildcard else { return ASCII.exactlyEqual(name, requested.name) }
    return Glob.matches(pattern: name, text: requested.name, caseSensitive: true)
  }
}
