import PolicyModel

/// Field-by-field ARN matching for the ARN condition operators (spec §3.8) and for `Resource` entries (spec §2.3).
///
/// Both split on the first five colons so that a `*` can never swallow a field boundary: `arn:aws:s3:::*` must not
/// match an ARN of another service just because `*` crosses `:` in a plain glob. Patterns arrive as glob tokens so
/// that text substituted for a policy variable stays literal and `${*}` stays a literal asterisk.
package enum ARNMatcher {
  /// `ArnLike`/`ArnEquals` (identical in IAM): both sides need six fields, and each field glob-matches
  /// case-sensitively. A value or pattern that is not an ARN, such as `*`, never matches.
  package static func conditionMatches(pattern: [GlobToken], value: String) -> Bool {
    guard let valueFields = ARN.fields(of: value) else { return false }
    let patternFields = fields(of: pattern)
    guard patternFields.count == 6 else { return false }
    return zip(patternFields, valueFields).allSatisfy { pattern, field in
      Glob.matches(tokens: pattern, text: field, caseSensitive: true)
    }
  }

  /// `conditionMatches(pattern:value:)` for a pattern without policy variables: `*` and `?` are wildcards.
  package static func conditionMatches(pattern: String, value: String) -> Bool {
    conditionMatches(pattern: Glob.tokens(of: pattern), value: value)
  }

  /// Whether a `Resource`/`NotResource` entry covers `resource`.
  ///
  /// `*` alone covers everything. Otherwise the first five fields glob-match ignoring case (real values are lower
  /// case; the spec follows iam-simulate) and the resource field glob-matches with case. A pattern with fewer than
  /// six fields matches nothing unless it holds a wildcard, in which case its missing trailing fields are `*`
  /// (iam-simulate's rule for resource-based policies).
  package static func resourceMatches(pattern: [GlobToken], resource: String) -> Bool {
    if !pattern.isEmpty && pattern.allSatisfy({ $0 == .anyString }) { return true }
    guard let resourceFields = ARN.fields(of: resource) else { return false }
    var patternFields = fields(of: pattern)
    if patternFields.count < 6 {
      guard pattern.contains(where: { $0 == .anyString || $0 == .anyCharacter }) else { return false }
      while patternFields.count < 6 { patternFields.append([.anyString]) }
    }
    for (index, (pattern, field)) in zip(patternFields, resourceFields).enumerated() {
      let isResourceField = index == 5
      if !Glob.matches(tokens: pattern, text: field, caseSensitive: isResourceField) { return false }
    }
    return true
  }

  /// `resourceMatches(pattern:resource:)` for a pattern without policy variables: `*` and `?` are wildcards.
  package static func resourceMatches(pattern: String, resource: String) -> Bool {
    resourceMatches(pattern: Glob.tokens(of: pattern), resource: resource)
  }

  /// The pattern split on its first five literal colons (as `ARN.fields(of:)` splits text); fewer than six
  /// elements when it has fewer colons.
  private static func fields(of pattern: [GlobToken]) -> [ArraySlice<GlobToken>] {
    var fields: [ArraySlice<GlobToken>] = []
    fields.reserveCapacity(6)
    var fieldStart = pattern.startIndex
    for index in pattern.indices where fields.count < 5 && pattern[index] == .literal(":") {
      fields.append(pattern[fieldStart..<index])
      fieldStart = index + 1
    }
    fields.append(pattern[fieldStart...])
    return fields
  }
}
