package import PolicyModel
import PolicySyntax

/// Evaluates condition clauses against a request context, exactly as spec §3 describes, in three-valued logic.
/// The context is read where the request keeps it, not copied in: a copy would retain and release each of its arrays
/// per request evaluated.
package struct ConditionEvaluator {
  /// False for 2008-10-17 policies (and absent Version), where `${...}` is literal text.
  let interpretsVariables: Bool
  /// When false, reasons are left empty: bulk analyses ask thousands of questions and read few answers.
  let tracing: Bool

  package init(interpretsVariables: Bool, tracing: Bool = true) {
    self.interpretsVariables = interpretsVariables
    self.tracing = tracing
  }

  private func text(_ make: @autoclosure () -> String) -> String { tracing ? make() : "" }

  /// How one request value compares with one policy value.
  private enum Comparison {
    case match
    case noMatch
    /// The pair cannot be compared (not a number, not a date, ...): never a match, and not "provably different"
    /// for a negated operator either (spec §3.1 rule 7).
    case incomparable
    /// Depends on something unknown: a template placeholder, or a variable whose key is unknown.
    case unknown
  }

  /// Every clause must hold; the reason names the first clause that does not (or may not).
  package func evaluate(_ block: ConditionBlock, in context: RequestContext) -> (Truth, String?) {
    var result = Truth.yes
    var reason: String?
    // The reasons of the clauses that hold, joined as they come: no array to build and join afterwards.
    var holding: String?
    for clause in block.clauses {
      let (truth, why) = evaluate(clause, in: context)
      if truth == .no { return (.no, why) }
      if truth == .unknown, reason == nil { reason = why }
      if tracing, truth == .yes { holding = holding.map { $0 + "; " + why } ?? why }
      result = result && truth
    }
    return (result, reason ?? holding)
  }

  /// One `operator → key → values` clause.
  package func evaluate(_ clause: ConditionClause, in context: RequestContext) -> (Truth, String) {
    let operatorName = clause.operatorName.value
    let key = clause.key.value
    let label = { "\(operatorName) '\(key)'" }
    guard let op = clause.conditionOperator else {
      return (.unknown, text("\(label()): '\(operatorName)' is not an operator the tool can evaluate"))
    }
    let value = context.value(normalizedKey: clause.normalizedKey)
    if value == .unknown {
      return (.unknown, text("\(label()): whether '\(key)' is present, and its value, is not known for this request"))
    }
    if op.base == .null {
      let wantsAbsent = clause.values.map { $0.text.lowercased() }
      if wantsAbsent.contains(where: { $0 != "true" && $0 != "false" }) {
        return (.unknown, text("\(label()): 'Null' takes 'true' or 'false'"))
      }
      let isAbsent = value == nil
      let holds = (isAbsent && wantsAbsent.contains("true")) || (!isAbsent && wantsAbsent.contains("false"))
      return (Truth(holds), text("\(label()): the key is \(isAbsent ? "absent" : "present")"))
    }
    let shownValues = { clause.values.map { "'\($0.text)'" }.joined(separator: ", ") }
    func hit(_ requestValue: String) -> Truth {
      var anyMatch = Truth.no
      var noneMatch = Truth.yes
      for policyValue in clause.values {
        switch compare(requestValue, policyValue, base: op.base.positiveTwin ?? op.base, in: context) {
        case .match:
          anyMatch = .yes
          noneMatch = .no
        case .noMatch:
          break
        case .incomparable:
          noneMatch = noneMatch && .no
        case .unknown:
          anyMatch = anyMatch || .unknown
          noneMatch = noneMatch && .unknown
        }
      }
      return op.base.isNegated ? noneMatch : anyMatch
    }
    switch op.qualifier {
    case nil:
      switch value {
      case nil:
        let holds = op.ifExists || op.base.isNegated
        return (Truth(holds), text("\(label()): the key is absent, so the condition is \(holds)"))
      case .multiple:
        return (
          .no, text("\(label()): the key is multi-valued and the operator has no ForAllValues/ForAnyValue qualifier")
        )
      case .single(let requestValue):
        let truth = hit(requestValue)
        return (
          truth, text("\(label()): '\(requestValue)' \(describe(truth, negated: op.base.isNegated)) \(shownValues())")
        )
      case .unknown:
        return (.unknown, text(label()))
      }
    case .forAllValues?:
      guard let values = requestValues(value) else {
        return (.yes, text("\(label()): the key is absent, and ForAllValues holds vacuously"))
      }
      var truth = Truth.yes
      for requestValue in values { truth = truth && hit(requestValue) }
      return (truth, text("\(label()): \(values.count) request value(s), ForAllValues is \(truth)"))
    case .forAnyValue?:
      guard let values = requestValues(value) else {
        return (Truth(op.ifExists), text("\(label()): the key is absent, so ForAnyValue is \(op.ifExists)"))
      }
      var truth = Truth.no
      for requestValue in values { truth = truth || hit(requestValue) }
      return (truth, text("\(label()): \(values.count) request value(s), ForAnyValue is \(truth)"))
    }
  }

  private func requestValues(_ value: ContextValue?) -> [String]? {
    switch value {
    case .single(let text): [text]
    case .multiple(let texts): texts
    case nil, .unknown: nil
    }
  }

  private func describe(_ truth: Truth, negated: Bool) -> String {
    switch (truth, negated) {
    case (.yes, false): "matches one of"
    case (.no, false): "matches none of"
    case (.yes, true): "differs from all of"
    case (.no, true): "is not different from all of"
    case (.unknown, _): "may or may not match"
    }
  }

  /// The positive comparison `m(x, p)` of the operator family.
  private func compare(
    _ requestValue: String,
    _ value: ConditionValue,
    base: BaseOperator,
    in context: RequestContext
  ) -> Comparison {
    if value.hasPlaceholder { return .unknown }
    let policyValue = value.text
    switch base.family {
    case .string, .arn:
      // Most values hold no policy variable: compare them directly instead of tokenizing them per request.
      if !interpretsVariables || !ASCII.contains(policyValue, "$") {
        switch base {
        case .stringEquals: return policyValue == requestValue ? .match : .noMatch
        case .stringEqualsIgnoreCase: return policyValue.lowercased() == requestValue.lowercased() ? .match : .noMatch
        case .stringLike:
          return Glob.matches(pattern: policyValue, text: requestValue, caseSensitive: true) ? .match : .noMatch
        default:
          guard ARN.fields(of: requestValue) != nil, ARN.fields(of: policyValue) != nil else { return .incomparable }
          return ARNMatcher.conditionMatches(pattern: policyValue, value: requestValue) ? .match : .noMatch
        }
      }
      let tokens = TokenizedPolicyValue(policyValue, interpretsVariables: interpretsVariables)
      if tokens.variableNames.contains(where: { context[$0] == .unknown }) { return .unknown }
      let lookup: (String) -> String? = { name in
        if case .single(let value) = context[name] { return value }
        return nil
      }
      switch base {
      case .stringEquals:
        // An unresolved variable never equals anything (spec §4).
        guard let text = tokens.text(resolving: lookup) else { return .noMatch }
        return text == requestValue ? .match : .noMatch
      case .stringEqualsIgnoreCase:
        guard let text = tokens.text(resolving: lookup) else { return .noMatch }
        return text.lowercased() == requestValue.lowercased() ? .match : .noMatch
      case .stringLike:
        guard let pattern = tokens.globTokens(wildcards: true, resolving: lookup) else { return .noMatch }
        return Glob.matches(tokens: pattern, text: requestValue, caseSensitive: true) ? .match : .noMatch
      default:
        // Variables first: "${aws:SourceArn}" is an ARN only once substituted. A value that is not an ARN on either
        // side cannot be compared field by field (spec §3.8).
        guard let pattern = tokens.globTokens(wildcards: true, resolving: lookup) else { return .noMatch }
        let colons = pattern.filter { $0 == .literal(":") }.count
        guard ARN.fields(of: requestValue) != nil, colons >= 5 else { return .incomparable }
        return ARNMatcher.conditionMatches(pattern: pattern, value: requestValue) ? .match : .noMatch
      }
    case .numeric:
      guard let left = PolicyNumber(requestValue), let right = PolicyNumber(policyValue) else { return .incomparable }
      return ordered(left, right, base) ? .match : .noMatch
    case .date:
      guard let left = PolicyDate(requestValue), let right = PolicyDate(policyValue) else { return .incomparable }
      return ordered(left, right, base) ? .match : .noMatch
    case .bool:
      let left = requestValue.lowercased()
      let right = policyValue.lowercased()
      guard ["true", "false"].contains(left), ["true", "false"].contains(right) else { return .incomparable }
      return left == right ? .match : .noMatch
    case .binary:
      guard let bytes = Base64.decode(policyValue) else { return .incomparable }
      return bytes == Array(requestValue.utf8) ? .match : .noMatch
    case .ipAddress:
      guard let range = IPAddressRange(policyValue), let address = IPAddress(requestValue) else {
        return .incomparable
      }
      return range.contains(address) ? .match : .noMatch
    case .null:
      return .incomparable
    }
  }

  private func ordered<T: Comparable>(_ left: T, _ right: T, _ base: BaseOperator) -> Bool {
    switch base {
    case .numericEquals, .dateEquals: left == right
    case .numericLessThan, .dateLessThan: left < right
    case .numericLessThanEquals, .dateLessThanEquals: left <= right
    case .numericGreaterThan, .dateGreaterThan: left > right
    case .numericGreaterThanEquals, .dateGreaterThanEquals: left >= right
    default: false
    }
  }
}

extension Truth: CustomStringConvertible {
  public var description: String {
    switch self {
    case .yes: "true"
    case .no: "false"
    case .unknown: "unknown"
    }
  }
}
