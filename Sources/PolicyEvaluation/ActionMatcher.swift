/// IAM action matching: the service prefix compared ignoring case, the name glob-matched ignoring case.
package enum ActionMatcher {
  /// Whether the policy action `pattern` covers the request action `action` (`service:Name`).
  package static func matches(pattern: String, action: String) -> Bool {
    if pattern == "*" { return true }
    // Audits ask this for every action of the table and every statement: work on bytes, not Characters.
    let colon = UInt8(ascii: ":")
    let patternBytes = pattern.utf8
    let actionBytes = action.utf8
    guard let patternColon = patternBytes.firstIndex(of: colon), let actionColon = actionBytes.firstIndex(of: colon)
    else { return false }
    guard
      equalIgnoringASCIICase(
        patternBytes[patternBytes.startIndex..<patternColon],
        actionBytes[actionBytes.startIndex..<actionColon]
      )
    else { return false }
    let patternName = pattern[patternBytes.index(after: patternColon)...]
    let actionName = action[actionBytes.index(after: actionColon)...]
    var hasWildcard = false
    for byte in patternName.utf8 {
      if byte == colon { return false }
      if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") { hasWildcard = true }
    }
    guard hasWildcard else {
      return patternName.utf8.allSatisfy { $0 < 0x80 } && actionName.utf8.allSatisfy { $0 < 0x80 }
        ? equalIgnoringASCIICase(patternName.utf8, actionName.utf8)
        : patternName.lowercased() == actionName.lowercased()
    }
    return Glob.matches(pattern: patternName, text: actionName, caseSensitive: false)
  }

  private static func equalIgnoringASCIICase(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for (left, right) in zip(lhs, rhs) where lowered(left) != lowered(right) { return false }
    return true
  }

  private static func lowered(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
  }
}
