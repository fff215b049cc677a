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
    self.init(
      operatorName: operatorName,
      conditionOperator: conditionOperator,
      key: key,
      normalizedKey: ASCII.lowercased(key.value),
      values: values
    )
  }

  /// A clause whose key is already lower-cased in `normalizedKey`, as ``commonKey(spelledBy:)`` gives it.
  init(
    operatorName: Located<String>,
    conditionOperator: ConditionOperator?,
    key: Located<String>,
    normalizedKey: String,
    values: [ConditionValue]
  ) {
    self.operatorName = operatorName
    self.conditionOperator = conditionOperator
    self.key = key
    self.normalizedKey = normalizedKey
    self.values = values
  }

  /// The condition keys repository policies name most, as AWS documents them (and, for `aws:SourceArn`, as Lambda
  /// writes it), with their lower-cased forms: keys over 15 bytes such as `aws:PrincipalOrgID` cost a heap String
  /// for the key and another for its lower-cased form, and a shorter key, stored inline, still costs decoding and
  /// lower-casing, where literals cost neither.
  static let commonKeys: [(key: String, normalized: String)] = [
    ("aws:SourceAccount", "aws:sourceaccount"), ("aws:PrincipalOrgID", "aws:principalorgid"),
    ("aws:PrincipalArn", "aws:principalarn"), ("aws:PrincipalAccount", "aws:principalaccount"),
    ("aws:PrincipalOrgPaths", "aws:principalorgpaths"), ("aws:PrincipalIsAWSService", "aws:principalisawsservice"),
    ("aws:PrincipalServiceName", "aws:principalservicename"), ("aws:ResourceAccount", "aws:resourceaccount"),
    ("aws:SecureTransport", "aws:securetransport"), ("kms:CallerAccount", "kms:calleraccount"),
    ("aws:SourceArn", "aws:sourcearn"), ("aws:sourceArn", "aws:sourcearn"), ("aws:sourceARN", "aws:sourcearn"),
    ("aws:SourceIp", "aws:sourceip"),
  ]

  /// The key that `bytes` spell, exactly, and its lower-cased form, when it is one of ``commonKeys``; nil for any
  /// other.
  static func commonKey(spelledBy bytes: UnsafeBufferPointer<UInt8>) -> (key: String, normalized: String)? {
    let lengths = commonKeyLengths
    for index in lengths.indices where lengths[index] == bytes.count {
      if ASCII.matches(commonKeys[index].key, in: bytes, at: 0) { return commonKeys[index] }
    }
    return nil
  }

  /// The UTF-8 lengths of the keys of ``commonKeys``, which rule out nearly every candidate at once.
  private static let commonKeyLengths = commonKeys.map(\.key.utf8.count)
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
