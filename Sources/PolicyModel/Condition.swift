public import PolicySyntax

/// The `Condition` element: every clause must hold.
public struct ConditionBlock: Sendable {
  public let clauses: [ConditionClause]
  public let range: SourceRange

  public init(clauses: [ConditionClause], range: SourceRange) {
    self.clauses = clauses
    self.range = range
  }
}

/// One `operator → key → values` entry of a condition block.
public struct ConditionClause: Sendable {
  /// The operator as written.
  public let operatorName: Located<String>
  /// Nil when the operator is not one IAM knows; evaluation then cannot decide the clause.
  public let conditionOperator: ConditionOperator?
  public let key: Located<String>
  /// The key lower-cased: IAM compares condition keys ignoring case.
  public let normalizedKey: String
  public let values: [ConditionValue]

  public init(
    operatorName: Located<String>,
    conditionOperator: ConditionOperator?,
    key: Located<String>,
    values: [ConditionValue]
  ) {
    self.operatorName = operatorName
    self.conditionOperator = conditionOperator
    self.key = key
    self.normalizedKey = ASCII.lowercased(key.value)
    self.values = values
  }
}

/// A condition value in canonical text: strings as written, numbers as written, booleans as `true`/`false`.
public struct ConditionValue: Sendable, Hashable {
  public enum Source: Sendable, Hashable {
    case string
    case number
    case bool
  }

  public let text: String
  public let source: Source
  public let range: SourceRange
  /// True when the text holds a template placeholder: found once here, because every evaluation asks.
  public let hasPlaceholder: Bool

  public init(text: String, source: Source, range: SourceRange) {
    self.text = text
    self.source = source
    self.range = range
    hasPlaceholder = source == .string && Placeholder.contains(in: text)
  }
}
