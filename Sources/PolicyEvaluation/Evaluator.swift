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
    // Truths first, reasons after: a trace keeps the reason of the part that rules the statement out, or else those
    // of the parts that decided its outcome, so a reason is only built once it is known to be kept.
    let tracing = options.tracing
    let (principalTruth, match) = principalTest(statement, document, request)
    if principalTruth == .no {
      let reason = tracing ? principalReason(statement, document, request, principalTruth) : ""
      return result(.no, reason, excludesPrincipal: true)
    }
    let actionTruth = actionTruth(of: statement, requested)
    if actionTruth == .no { return result(.no, tracing ? actionReason(statement, request, actionTruth) : "") }
    let resourceTruth = resourceTest(statement, document, request, options: options)
    if resourceTruth == .no {
      return result(.no, tracing ? resourceReason(statement, document, request, options, resourceTruth) : "")
    }
    var conditionTruth = Truth.yes
    var conditionReason: String?
    if let block = statement.condition {
      (conditionTruth, conditionReason) = conditions.evaluate(block, in: request.context)
      if conditionTruth == .no { return result(.no, tracing ? "Condition: " + (conditionReason ?? "holds") : "") }
    }
    // One rule for every defect (an unreadable Effect or Condition, an unknown or repeated element): a statement
    // IAM would reject, or that this tool read only in part, cannot be said to apply.
    let isDefective = !statement.defects.isEmpty
    let truth = principalTruth && actionTruth && resourceTruth && conditionTruth && (isDefective ? .unknown : .yes)
    guard tracing else { return result(truth, "", match) }
    // A statement that applies lists why each part holds; one that may apply, why each uncertain part may.
    var reasons = ""
    var separator = ""
    func add(_ part: Truth, _ reason: () -> String) {
      guard part == truth else { return }
      reasons += separator
      reasons += reason()
      separator = "; "
    }
    add(principalTruth) { principalReason(statement, document, request, principalTruth) }
    add(actionTruth) { actionReason(statement, request, actionTruth) }
    add(resourceTruth) { resourceReason(statement, document, request, options, resourceTruth) }
    if statement.condition != nil { add(conditionTruth) { "Condition: " + (conditionReason ?? "holds") } }
    if isDefective {
      add(.unknown) { "the statement is malformed: " + statement.defects.map(\.description).joined(separator: ", ") }
    }
    return result(truth, reasons, match)
  }

  /// Whether the statement's Principal or NotPrincipal element names the request's principal, and how.
  private static func principalTest(
    _ statement: Statement,
    _ document: PolicyDocument,
    _ request: Request
  ) -> (Truth, PrincipalMatchKind?) {
    if document.kind == .identity { return (.yes, .direct) }
    guard let element = statement.principal else {
      return (statement.defects.contains(.missing("Principal")) ? .no : .unknown, nil)
    }
    var truth = Truth.no
    var strongest: PrincipalMatchKind?
    for index in element.entries.indices {
      let (entryTruth, kind) = PrincipalMatcher.match(element.entries, at: index, request.principal)
      truth = truth || entryTruth
      if entryTruth == .yes, let kind { strongest = max(strongest ?? kind, kind) }
    }
    if element.isNot { return (!truth, truth == .no ? .direct : nil) }
    return (truth, truth == .yes ? strongest : nil)
  }

  /// Why ``principalTest(_:_:_:)`` came to `truth`.
  private static func principalReason(
    _ statement: Statement,
    _ document: PolicyDocument,
    _ request: Request,
    _ truth: Truth
  ) -> String {
    if document.kind == .identity { return "identity policy" }
    guard let element = statement.principal else {
      return truth == .no ? "the statement has no Principal, so it never matches" : "Principal could not be read"
    }
    if element.isNot {
      switch !truth {
      case .yes: return "NotPrincipal lists \(request.principal)"
      case .no: return "NotPrincipal does not list \(request.principal)"
      case .unknown: return "NotPrincipal may list \(request.principal) (placeholder)"
      }
    }
    switch truth {
    case .yes: return "Principal names \(request.principal)"
    case .no: return "Principal does not name \(request.principal)"
    case .unknown:
      let placeholders = element.entries.flatMap { Placeholder.find(in: $0.value) }.map { "'\($0)'" }
      let list = placeholders.joined(separator: ", ")
      return "Principal holds the placeholder \(list), which may name \(request.principal)"
    }
  }

  /// Why ``actionTruth(of:_:)`` came to `truth`.
  private static func actionReason(_ statement: Statement, _ request: Request, _ truth: Truth) -> String {
    guard let element = statement.action else {
      return truth == .no ? "the statement has no Action, so it never matches" : "Action could not be read"
    }
    if element.isNot {
      return truth == .no ? "NotAction excludes \(request.action)" : "NotAction does not exclude \(request.action)"
    }
    return truth == .no ? "Action does not include \(request.action)" : "Action includes \(request.action)"
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
  ) -> Truth {
    guard let element = statement.resource else {
      if statement.defects.contains(.unreadable("Resource")) { return .unknown }
      // A repository policy is attached to one repository: no Resource means that repository (spec §1.2).
      return document.kind == .identity ? .no : .yes
    }
    if request.resource == nil, options.unknownResourceMatches {
      // Statements are assumed to cover "the" repository; a NotResource's exclusions cannot be decided that way.
      return element.isNot ? .unknown : .yes
    }
    var truth = Truth.no
    for entry in element.entries {
      truth = truth || entryMatches(entry.value, document, request)
      if truth == .yes { break }
    }
    return element.isNot ? !truth : truth
  }

  /// Why ``resourceTest(_:_:_:options:)`` came to `truth`.
  private static func resourceReason(
    _ statement: Statement,
    _ document: PolicyDocument,
    _ request: Request,
    _ options: EvaluationOptions,
    _ truth: Truth
  ) -> String {
    guard let element = statement.resource else {
      if statement.defects.contains(.unreadable("Resource")) { return "Resource could not be read" }
      return document.kind == .identity ? "the statement has no Resource" : "no Resource element"
    }
    if request.resource == nil, options.unknownResourceMatches {
      return element.isNot
        ? "NotResource excludes ARNs, and the repository ARN is not known"
        : "Resource assumed to cover this repository"
    }
    let name = element.isNot ? "NotResource" : "Resource"
    let shown = request.resource ?? "this repository"
    switch element.isNot ? !truth : truth {
    case .yes: return "\(name) includes \(shown)"
    case .no: return "\(name) does not include \(shown)"
    case .unknown:
      return request.resource == nil
        ? "\(name) names ARNs, and the request's resource ARN is not given (use --resource)"
        : "\(name) holds a placeholder"
    }
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
