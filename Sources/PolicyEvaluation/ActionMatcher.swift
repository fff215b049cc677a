/// IAM action matching: the service prefix compared ignoring case, the name glob-matched ignoring case.
package enum ActionMatcher {
  /// Whether the policy action `pattern` covers the request action `action` (`service:Name`).
  package static func matches(pattern: String, action: String) -> Bool {
    if pattern == "*" { return true }
    guard let patternColon = pattern.firstIndex(of: ":"), let actionColon = action.firstIndex(of: ":") else {
      return false
    }
    let patternPrefix = pattern[..<patternColon]
    let actionPrefix = action[..<actionColon]
    guard patternPrefix.lowercased() == actionPrefix.lowercased() else { return false }
    let patternName = pattern[pattern.index(after: patternColon)...]
    guard !patternName.contains(":") else { return false }
    return Glob.matches(pattern: patternName, text: action[action.index(after: actionColon)...], caseSensitive: false)
  }
}
