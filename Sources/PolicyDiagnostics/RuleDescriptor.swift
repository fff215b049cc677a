/// What a rule is for: the text behind `ecr-policy rules`, `explain` and SARIF's rule metadata.
public struct RuleDescriptor: Sendable, Hashable {
  public var id: RuleID
  public var defaultSeverity: Severity
  /// One sentence, no final period.
  public var summary: String
  /// Why it matters and what AWS does with such a policy.
  public var rationale: String
  /// A policy fragment that triggers the rule.
  public var example: String
  /// How to resolve it.
  public var fix: String

  public init(
    id: RuleID,
    defaultSeverity: Severity,
    summary: String,
    rationale: String,
    example: String,
    fix: String
  ) {
    self.id = id
    self.defaultSeverity = defaultSeverity
    self.summary = summary
    self.rationale = rationale
    self.example = example
    self.fix = fix
  }
}
