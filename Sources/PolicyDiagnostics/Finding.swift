public import PolicySyntax

/// A secondary message attached to a finding, optionally pointing somewhere else in the file.
public struct Note: Hashable, Sendable {
  public var message: String
  public var range: SourceRange?

  public init(message: String, range: SourceRange? = nil) {
    self.message = message
    self.range = range
  }
}

/// One thing a rule found: a value, never printed by the library itself.
public struct Finding: Hashable, Sendable {
  public var rule: RuleID
  public var severity: Severity
  /// Lower-case start, no final period, policy text in single quotes.
  public var message: String
  /// Where in the JSON structure, Access Analyzer style.
  public var path: [PathElement]
  /// The primary span, in offsets of the policy text.
  public var range: SourceRange
  public var notes: [Note]
  public var fix: Fix?
  /// For access findings: a request the evaluator decided that shows the problem.
  public var witness: Witness?

  public init(
    rule: RuleID,
    severity: Severity,
    message: String,
    path: [PathElement],
    range: SourceRange,
    notes: [Note] = [],
    fix: Fix? = nil,
    witness: Witness? = nil
  ) {
    self.rule = rule
    self.severity = severity
    self.message = message
    self.path = path
    self.range = range
    self.notes = notes
    self.fix = fix
    self.witness = witness
  }

  /// A finding of `rule`, at the rule's default severity unless `severity` says otherwise.
  public init(
    _ rule: RuleDescriptor,
    _ message: String,
    path: [PathElement],
    range: SourceRange,
    severity: Severity? = nil,
    notes: [Note] = [],
    fix: Fix? = nil,
    witness: Witness? = nil
  ) {
    self.init(
      rule: rule.id,
      severity: severity ?? rule.defaultSeverity,
      message: message,
      path: path,
      range: range,
      notes: notes,
      fix: fix,
      witness: witness
    )
  }

  /// Findings in reading order: by position, then rule, then message, so output is deterministic.
  public static func readingOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
    if lhs.range.start != rhs.range.start { return lhs.range.start < rhs.range.start }
    if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
    return lhs.message < rhs.message
  }
}
