public import PolicyModel

/// The outcome of evaluating one request against one resource policy (spec §5.1).
public enum Decision: String, Sendable, Hashable {
  case allow
  case explicitDeny = "explicit-deny"
  case implicitDeny = "implicit-deny"
  /// The outcome depends on something the tool cannot know: a template placeholder, an unknown operator, a key of
  /// undocumented presence, a statement it could not read.
  case indeterminate
}

/// Whether and why one statement applies to the request.
public struct StatementOutcome: Sendable, Hashable {
  public let index: Int
  public let sid: String?
  public let effect: Effect?
  public let applies: Truth
  /// For a statement that does not apply (or may not), the element that decided it; for one that applies, a
  /// summary of how it matched.
  public let reason: String
  /// How the principal matched, when it did.
  public let principalMatch: PrincipalMatchKind?
  /// True when the Principal or NotPrincipal element alone rules the statement out: it does not name the principal,
  /// or the statement has none.
  public let excludesPrincipal: Bool
}

/// A decision with the per-statement trace that explains it.
public struct Evaluation: Sendable, Hashable {
  public let decision: Decision
  public let statements: [StatementOutcome]

  /// Whether the request is granted by this policy: nil only when the answer itself is unknown. An indeterminate
  /// decision where no Allow can apply is still "not granted".
  public var isGranted: Bool? {
    switch decision {
    case .allow: true
    case .explicitDeny, .implicitDeny: false
    case .indeterminate:
      statements.contains { $0.effect != .deny && $0.applies != .no } ? nil : false
    }
  }

  /// The strongest principal match among the Allow statements that apply.
  public var allowMatch: PrincipalMatchKind? {
    statements.filter { $0.effect == .allow && $0.applies == .yes }.compactMap(\.principalMatch).max()
  }
}

/// Choices an analysis makes about what it cannot know.
public struct EvaluationOptions: Sendable, Hashable {
  /// When the request names no resource, treat every `Resource` element as matching it. An audit of a registry
  /// policy without a repository ARN uses this: registry statements then apply to "the" repository.
  public var unknownResourceMatches: Bool
  /// When false, statement reasons are left empty, which makes evaluation several times cheaper; audits turn
  /// tracing on only for the requests whose explanation they print.
  public var tracing: Bool

  public init(unknownResourceMatches: Bool = false, tracing: Bool = true) {
    self.unknownResourceMatches = unknownResourceMatches
    self.tracing = tracing
  }
}

/// Exact IAM evaluation of a request against a resource-based policy.
public enum Evaluator {
  public static func evaluate(
    _ document: PolicyDocument,
    _ request: Request,
    options: EvaluationOptions = EvaluationOptions()
  ) -> Evaluation {
    let conditions = conditionEvaluator(document, options)
    // The requested action is split and lower-cased once, not once per statement.
    let requested = ECRActions.requestPattern(request.action)
    let outcomes = document.statements.map {
      outcome(of: $0, in: document, request, requested.pattern, conditions: conditions, options: options)
    }
    return Evaluation(decision: decide(outcomes), statements: outcomes)
  }

  private static func conditionEvaluator(_ document: PolicyDocument, _ options: EvaluationOptions) -> ConditionEvaluator
  {
    ConditionEvaluator(interpretsVariables: document.interpretsVariables, tracing: options.tracing)
  }

  /// The outcome of one statement of `document`, as ``evaluate(_:_:options:)`` gives it: an explanation of a request
  /// evaluated without tracing traces the statement it names, instead of the whole policy again.
  package static func outcome(
    of statement: Statement,
    in document: PolicyDocument,
    _ request: Request,
    options: EvaluationOptions
  ) -> StatementOutcome {
    outcome(
      of: statement,
      in: document,
      request,
      ECRActions.requestPattern(request.action).pattern,
      conditions: conditionEvaluator(document, options),
      options: options
    )
  }

  /// Explicit deny over allow over implicit deny; an unknown Deny or Allow that could change that makes the
  /// decision indeterminate.
  static func decide(_ outcomes: [StatementOutcome]) -> Decision {
    // A statement whose Effect could not be read counts both as a possible Deny and as a possible Allow.
    var denies = false
    var mayDeny = false
    var allows = false
    var mayAllow = false
    for outcome in outcomes where outcome.applies != .no {
      if outcome.effect != .allow {
        mayDeny = true
        if outcome.effect == .deny && outcome.applies == .yes { denies = true }
      }
      if outcome.effect != .deny {
        mayAllow = true
        if outcome.effect == .allow && outcome.applies == .yes { allows = true }
      }
    }
    if denies { return .explicitDeny }
    if mayDeny { return .indeterminate }
    if allows { return .allow }
    if mayAllow { return .indeterminate }
    return .implicitDeny
  }

  static func outcome(
    of statement: Statement,
    in document: PolicyDocument,
    _ request: Request,
    _ requested: ActionPattern,
    conditions: ConditionEvaluator,
    options: EvaluationOptions
  ) -> StatementOutcome {
    func result(
      _ applies: Truth,
      _ reason: String,
      _ match: PrincipalMatchKind? = nil,
      excludesPrincipal: Bool = false
    ) -> StatementOutcome {
      StatementOutcome(
        index: statement.index,
        sid: statement.sid?.value,
        effect: statement.effect?.value,
        applies: applies,
        reason: reason,
        principalMatch: match,
        excludesPrincipal: excludesPrincipal
      )
    }
    var parts = StatementParts(tracing: options.tracing)
    let (principalTruth, principalReason, match) = principalTest(statement, document, request, options.tracing)
    if parts.add(principalTruth, principalReason) { return result(.no, principalReason, excludesPrincipal: true) }
    let (actionTruth, actionReason) = actionTest(statement, request, requested, options.tracing)
    if parts.add(actionTruth, actionReason) { return result(.no, actionReason) }
    let (resourceTruth, resourceReason) = resourceTest(statement, document, request, options: options)
    if parts.add(resourceTruth, resourceReason) { return result(.no, resourceReason) }
    if let block = statement.condition {
      let (conditionTruth, conditionReason) = conditions.evaluate(block, in: request.context)
      let reason = options.tracing ? "Condition: " + (conditionReason ?? "holds") : ""
      if parts.add(conditionTruth, reason) { return result(.no, reason) }
    }
    // One rule for every defect (an unreadable Effect or Condition, an unknown or repeated element): a statement
    // IAM would reject, or that this tool read only in part, cannot be said to apply.
    if !statement.defects.isEmpty {
      _ = parts.add(
        .unknown,
        "the statement is malformed: " + statement.defects.map(\.description).joined(separator: ", ")
      )
    }
    if parts.truth == .unknown {
      return result(.unknown, options.tracing ? parts.unknownReasons.joined(separator: "; ") : "", match)
    }
    return result(.yes, options.tracing ? parts.matchReasons.joined(separator: "; ") : "", match)
  }

  /// The tests of one statement so far: their conjunction and, when tracing, why each part held or may hold. Reasons
  /// are autoclosures, so an untraced evaluation never builds one (the malformed-statement list included).
  private struct StatementParts {
    let tracing: Bool
    var truth = Truth.yes
    var unknownReasons: [String] = []
    var matchReasons: [String] = []

    init(tracing: Bool) { self.tracing = tracing }

    /// Adds one part; true when it settles that the statement does not apply.
    mutating func add(_ part: Truth, _ reason: @autoclosure () -> String) -> Bool {
      truth = truth && part
      // Reasons are only kept for a trace: collecting empty ones would cost an allocation per probe.
      if tracing, part == .unknown { unknownReasons.append(reason()) }
      if tracing, part == .yes { matchReasons.append(reason()) }
      return part == .no
    }
  }

  private static func principalTest(
    _ statement: Statement,
    _ document: PolicyDocument,
    _ request: Request,
    _ tracing: Bool
  ) -> (Truth, String, PrincipalMatchKind?) {
    func text(_ make: @autoclosure () -> String) -> String { tracing ? make() : "" }
    if document.kind == .identity { return (.yes, text("identity policy"), .direct) }
    guard let element = statement.principal else {
      if statement.defects.contains(.missing("Principal")) {
        return (.no, text("the statement has no Principal, so it never matches"), nil)
      }
      return (.unknown, text("Principal could not be read"), nil)
    }
    var truth = Truth.no
    var strongest: PrincipalMatchKind?
    for entry in element.entries {
      let (entryTruth, kind) = PrincipalMatcher.match(entry, request.principal)
      truth = truth || entryTruth
      if entryTruth == .yes, let kind { strongest = max(strongest ?? kind, kind) }
    }
    let name = element.isNot ? "NotPrincipal" : "Principal"
    if element.isNot {
      let listed = truth
      let reason: String
      switch listed {
      case .yes: reason = text("NotPrincipal lists \(request.principal)")
      case .no: reason = text("NotPrincipal does not list \(request.principal)")
      case .unknown: reason = text("NotPrincipal may list \(request.principal) (placeholder)")
      }
      return (!listed, reason, listed == .no ? .direct : nil)
    }
    switch truth {
    case .yes: return (.yes, text("\(name) names \(request.principal)"), strongest)
    case .no: return (.no, text("\(name) does not name \(request.principal)"), nil)
    case .unknown:
      let placeholders = element.entries.flatMap { Placeholder.find(in: $0.value) }.map { "'\($0)'" }
      let list = placeholders.joined(separator: ", ")
      return (.unknown, text("\(name) holds the placeholder \(list), which may name \(request.principal)"), nil)
    }
  }

  private static func actionTest(
    _ statement: Statement,
    _ request: Request,
    _ requested: ActionPattern,
    _ tracing: Bool
  ) -> (Truth, String) {
    func text(_ make: @autoclosure () -> String) -> String { tracing ? make() : "" }
    let truth = actionTruth(of: statement, requested)
    guard let element = statement.action else {
      return (
        truth,
        truth == .no ? text("the statement has no Action, so it never matches") : text("Action could not be read")
      )
    }
    if element.isNot {
      let reason = text(
        truth == .no ? "NotAction excludes \(request.action)" : "NotAction does not exclude \(request.action)"
      )
      return (truth, reason)
    }
    let reason = text(truth == .no ? "Action does not include \(request.action)" : "Action includes \(request.action)")
    return (truth, reason)
  }

  /// Whether `statement`'s Action or NotAction element covers the requested action: the only part of a statement's
  /// outcome that depends on the action. Two actions with the same truth in every statement get the same decision.
  package static func actionTruth(of statement: Statement, _ requested: ActionPattern) -> Truth {
    guard let element = statement.action else {
      return statement.defects.contains(.missing("Action")) ? .no : .unknown
    }
    var listed = Truth.no
    for pattern in element.patterns {
      if pattern.hasPlaceholder {
        listed = listed || .unknown
      } else if pattern.covers(requested) {
        listed = .yes
      }
    }
    return element.isNot ? !listed : listed
  }

  private static func resourceTest(
    _ statement: Statement,
    _ document: PolicyDocument,
    _ request: Request,
    options: EvaluationOptions
  ) -> (Truth, String) {
    func text(_ make: @autoclosure () -> String) -> String { options.tracing ? make() : "" }
    guard let element = statement.resource else {
      if statement.defects.contains(.unreadable("Resource")) { return (.unknown, text("Resource could not be read")) }
      // A repository policy is attached to one repository: no Resource means that repository (spec §1.2).
      return document.kind == .identity ? (.no, "the statement has no Resource") : (.yes, "no Resource element")
    }
    if request.resource == nil, options.unknownResourceMatches {
      // Statements are assumed to cover "the" repository; a NotResource's exclusions cannot be decided that way.
      return element.isNot
        ? (.unknown, text("NotResource excludes ARNs, and the repository ARN is not known"))
        : (.yes, text("Resource assumed to cover this repository"))
    }
    var truth = Truth.no
    for entry in element.entries {
      truth = truth || entryMatches(entry.value, document, request)
      if truth == .yes { break }
    }
    let name = element.isNot ? "NotResource" : "Resource"
    let shown = request.resource ?? "this repository"
    let reason: String
    switch truth {
    case .yes: reason = text("\(name) includes \(shown)")
    case .no: reason = text("\(name) does not include \(shown)")
    case .unknown:
      reason = text(
        request.resource == nil
          ? "\(name) names ARNs, and the request's resource ARN is not given (use --resource)"
          : "\(name) holds a placeholder"
      )
    }
    return (element.isNot ? !truth : truth, reason)
  }

  private static func entryMatches(_ pattern: String, _ document: PolicyDocument, _ request: Request) -> Truth {
    if pattern == "*" { return .yes }
    if Placeholder.contains(in: pattern) { return .unknown }
    guard let resource = request.resource else { return .unknown }
    let tokens = TokenizedPolicyValue.resource(pattern, interpretsVariables: document.interpretsVariables)
    if tokens.variableNames.contains(where: { request.context[$0] == .unknown }) { return .unknown }
    // An unresolved variable in a Resource matches no resource (spec §4).
    guard
      let glob = tokens.globTokens(
        wildcards: true,
        resolving: { name in
          if case .single(let value) = request.context[name] { return value }
          return nil
        }
      )
    else { return .no }
    return Truth(ARNMatcher.resourceMatches(pattern: glob, resource: resource))
  }
}
