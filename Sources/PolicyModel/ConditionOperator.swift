import PolicySyntax

/// The base condition operators of IAM (`IfExists` and set qualifiers are separate).
public enum BaseOperator: String, Sendable, Hashable, CaseIterable {
  case stringEquals = "StringEquals"
  case stringNotEquals = "StringNotEquals"
  case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
  case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
  case stringLike = "StringLike"
  case stringNotLike = "StringNotLike"
  case numericEquals = "NumericEquals"
  case numericNotEquals = "NumericNotEquals"
  case numericLessThan = "NumericLessThan"
  case numericLessThanEquals = "NumericLessThanEquals"
  case numericGreaterThan = "NumericGreaterThan"
  case numericGreaterThanEquals = "NumericGreaterThanEquals"
  case dateEquals = "DateEquals"
  case dateNotEquals = "DateNotEquals"
  case dateLessThan = "DateLessThan"
  case dateLessThanEquals = "DateLessThanEquals"
  case dateGreaterThan = "DateGreaterThan"
  case dateGreaterThanEquals = "DateGreaterThanEquals"
  case bool = "Bool"
  case binaryEquals = "BinaryEquals"
  case ipAddress = "IpAddress"
  case notIpAddress = "NotIpAddress"
  case arnEquals = "ArnEquals"
  case arnLike = "ArnLike"
  case arnNotEquals = "ArnNotEquals"
  case arnNotLike = "ArnNotLike"
  case null = "Null"

  /// The operator families, which decide how values compare.
  public enum Family: Sendable, Hashable {
    case string
    case numeric
    case date
    case bool
    case binary
    case ipAddress
    case arn
    case null
  }

  public var family: Family {
    switch self {
    case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike,
      .stringNotLike:
      .string
    case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
      .numericGreaterThanEquals:
      .numeric
    case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan,
      .dateGreaterThanEquals:
      .date
    case .bool: .bool
    case .binaryEquals: .binary
    case .ipAddress, .notIpAddress: .ipAddress
    case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: .arn
    case .null: .null
    }
  }

  /// Negated operators are true for a missing key and combine several values with NOR.
  public var isNegated: Bool { positiveTwin != nil }

  /// The positive operator a negated one inverts.
  public var positiveTwin: BaseOperator? {
    switch self {
    case .stringNotEquals: .stringEquals
    case .stringNotEqualsIgnoreCase: .stringEqualsIgnoreCase
    case .stringNotLike: .stringLike
    case .numericNotEquals: .numericEquals
    case .dateNotEquals: .dateEquals
    case .notIpAddress: .ipAddress
    case .arnNotEquals: .arnEquals
    case .arnNotLike: .arnLike
    default: nil
    }
  }

  /// Whether `*` and `?` are wildcards in this operator's values.
  public var supportsWildcards: Bool {
    switch self {
    case .stringLike, .stringNotLike, .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: true
    default: false
    }
  }

  /// Whether `${...}` in this operator's values is a policy variable (IAM Variables page; Bool excluded).
  public var supportsVariables: Bool { family == .string || family == .arn }
}

/// `ForAllValues:` / `ForAnyValue:` — how a multi-valued key is compared.
public enum SetQualifier: String, Sendable, Hashable {
  case forAllValues = "ForAllValues"
  case forAnyValue = "ForAnyValue"
}

/// A full condition operator: `[qualifier:]Base[IfExists]`.
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
  public let qualifier: SetQualifier?
  public let base: BaseOperator
  public let ifExists: Bool

  public init(qualifier: SetQualifier?, base: BaseOperator, ifExists: Bool) {
    self.qualifier = qualifier
    self.base = base
    self.ifExists = ifExists
  }

  public var description: String {
    (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
  }

  /// Why an operator name is not valid, with the closest valid spelling when there is one.
  public struct ParseError: Error, Sendable, Equatable {
    public let message: String
    public let suggestion: String?
  }

  /// Parses an operator name exactly as IAM does: names are case-sensitive, `NullIfExists` is invalid.
  public static func parse(_ text: String) -> Result<ConditionOperator, ParseError> {
    if let common = common(spelledBy: text) { return .success(common) }
    if let known = byName[text] { return .success(known) }
    let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
    guard pieces.count <= 2 else {
      return .failure(ParseError(message: "'\(text)' has more than one ':'", suggestion: nil))
    }
    var qualifier: SetQualifier?
    var rest = Substring(text)
    if pieces.count == 2 {
      guard let known = SetQualifier(rawValue: String(pieces[0])) else {
        let suggestion = Suggestion.closest(to: String(pieces[0]), among: ["ForAllValues", "ForAnyValue"])
        return .failure(
          ParseError(
            message: "'\(pieces[0])' is not a set qualifier; use 'ForAllValues' or 'ForAnyValue'",
            suggestion: suggestion.map { $0 + ":" + pieces[1] }
          )
        )
      }
      qualifier = known
      rest = pieces[1]
    }
    var ifExists = false
    if rest.hasSuffix("IfExists") {
      ifExists = true
      rest = rest.dropLast("IfExists".count)
    }
    guard let base = BaseOperator(rawValue: String(rest)) else {
      let unqualified = pieces.count == 2 ? String(pieces[1]) : text
      let suggestion = Suggestion.closest(to: unqualified, among: ConditionOperator.allNames).map { name in
        (qualifier.map { $0.rawValue + ":" } ?? "") + name
      }
      return .failure(ParseError(message: "'\(text)' is not a condition operator", suggestion: suggestion))
    }
    if base == .null && ifExists {
      let suggestion = (qualifier.map { $0.rawValue + ":" } ?? "") + "Null"
      return .failure(ParseError(message: "'IfExists' cannot be added to 'Null'", suggestion: suggestion))
    }
    return .success(ConditionOperator(qualifier: qualifier, base: base, ifExists: ifExists))
  }

  /// The operator `text` spells when it is one of those nearly every condition uses (see ``common(spelledBy:)``).
  private static func common(spelledBy text: String) -> ConditionOperator? {
    var text = text
    return text.withUTF8(common(spelledBy:))
  }

  /// The operator `bytes` spell when it is one of those nearly every condition uses, told by its bytes: hashing the
  /// name to look it up in ``byName`` costs more. Their names are ASCII letters that no other text equals as a
  /// String, and each one's name is its base operator's raw value.
  static func common(spelledBy bytes: UnsafeBufferPointer<UInt8>) -> ConditionOperator? {
    // The length picks the one name to compare.
    let base: BaseOperator
    switch bytes.count {
    case 4: base = .bool
    case 7: base = .arnLike
    case 9: base = .arnEquals
    case 10: base = .stringLike
    case 12: base = .stringEquals
    case 15: base = .stringNotEquals
    default: return nil
    }
    guard ASCII.matches(base.rawValue, in: bytes, at: 0) else { return nil }
    return ConditionOperator(qualifier: nil, base: base, ifExists: false)
  }

  /// Every valid operator by its exact name: every policy spells a few, and a lookup beats taking the name apart.
  private static let byName: [String: ConditionOperator] = {
    var operators: [String: ConditionOperator] = [:]
    for qualifier in [nil, SetQualifier.forAllValues, .forAnyValue] {
      for base in BaseOperator.allCases {
        for ifExists in base == .null ? [false] : [false, true] {
          let parsed = ConditionOperator(qualifier: qualifier, base: base, ifExists: ifExists)
          operators[parsed.description] = parsed
        }
      }
    }
    return operators
  }()

  /// Every valid operator name without a set qualifier, for suggestions.
  public static let allNames: [String] = BaseOperator.allCases.flatMap { base in
    base == .null ? [base.rawValue] : [base.rawValue, base.rawValue + "IfExists"]
  }
}
