import PolicyDiagnostics
import PolicyEvaluation
import PolicyModel
import PolicySyntax

/// What the rules share while auditing one file: the model, the intent, the probe, and the findings so far. The file
/// itself stays with the auditor, which hands it to the report: a copy here retained and released its every part.
struct AuditContext {
  let document: PolicyDocument
  let intent: FileIntent
  let probe: AccessProbe
  var findings: [Finding] = []
  /// The ECR actions of each statement with its index, in statement order: computed once, asked for by several
  /// rules (found by ``position(of:in:_:)``). Kept as sets: most rules only ask which kinds of action a statement
  /// has, and names are spelled out for the findings and reports that show them.
  let actionsByStatement: [StatementActions]
  /// Statements that name lambda.amazonaws.com in a Principal (not NotPrincipal) element.
  let lambdaStatements: [Statement]
  /// Answers already computed: several rules ask about the same account.
  let cache = ProbeCache()
  /// True when every statement (of the registry policy too) treats the two pull actions alike, so that a request
  /// for one has the same decision as the same request for the other, which then need not be evaluated.
  let pullActionsAlike: Bool

  init(document: PolicyDocument, intent: FileIntent, probe: AccessProbe) {
    self.document = document
    self.intent = intent
    self.probe = probe
    actionsByStatement = document.statements.map { statement in
      var anyEntryMatchesNothing = false
      let set = AuditContext.ecrActionSet(of: statement.action, anyEntryMatchesNothing: &anyEntryMatchesNothing)
      return StatementActions(index: statement.index, set: set, anyEntryMatchesNothing: anyEntryMatchesNothing)
    }
    assert(
      zip(actionsByStatement, actionsByStatement.dropFirst()).allSatisfy { $0.index < $1.index },
      "statements come in the order of their indices, which the lookups by binary search rely on"
    )
    lambdaStatements = document.statements.filter { statement in
      guard let principal = statement.principal, !principal.isNot else { return false }
      return principal.entries.contains { $0.type == .service && AuditContext.isLambda($0.value) }
    }
    // The repository policy's statements are read off the action sets just made; the registry policy's sets are
    // made here.
    pullActionsAlike =
      zip(document.statements, actionsByStatement).allSatisfy {
        AuditContext.treatsPullActionsAlike($0, actions: $1.set)
      }
      && (probe.registryPolicy?.statements.allSatisfy {
        AuditContext.treatsPullActionsAlike($0, actions: AuditContext.ecrActionSet(of: $0.action))
      } ?? true)
  }

  /// Whether `statement`, whose ECR actions are `actions` (``ecrActionSet(of:)``), gives the two pull actions the same
  /// action test. Without a placeholder the set answers: an Action element covers an ECR action exactly when its set
  /// holds it (the set is expanded with the evaluator's matcher), and a NotAction element's complement keeps "both or
  /// neither". A placeholder makes the evaluator's test unknown for some actions, which only it can say.
  static func treatsPullActionsAlike(_ statement: Statement, actions: ActionSet) -> Bool {
    // Without an Action element, the test does not depend on the action.
    guard let element = statement.action else { return true }
    guard !element.patterns.contains(where: \.hasPlaceholder) else {
      let pullActions = ECRActions.lambdaPullPatterns
      return Evaluator.actionTruth(of: statement, pullActions[0])
        == Evaluator.actionTruth(of: statement, pullActions[1])
    }
    let pulls = actions.intersection(ECRActions.lambdaPullSet)
    return pulls.isEmpty || pulls == ECRActions.lambdaPullSet
  }

  /// The ECR actions `statement` covers, in table order.
  func actions(of statement: Statement) -> [String] {
    ECRActions.names(actionSet(of: statement))
  }

  /// The ECR actions `statement` covers, as table positions.
  func actionSet(of statement: Statement) -> ActionSet {
    AuditContext.position(of: statement.index, in: actionsByStatement) { $0.index }.map {
      actionsByStatement[$0].set
    } ?? ActionSet()
  }

  /// The statement with index `index` (as outcomes and findings name statements).
  func statement(withIndex index: Int) -> Statement? {
    AuditContext.position(of: index, in: document.statements) { $0.index }.map { document.statements[$0] }
  }

  /// Whether `statement` names lambda.amazonaws.com in a Principal element.
  func isLambdaStatement(_ statement: Statement) -> Bool {
    AuditContext.position(of: statement.index, in: lambdaStatements) { $0.index } != nil
  }

  /// Where the element with statement index `index` is in `elements`, which must be in statement order (strictly
  /// increasing indices, as the parser numbers statements). A binary search: rules ask once per statement, and a scan
  /// each time made files of thousands of statements quadratic.
  @inline(__always)
  static func position<Element>(of index: Int, in elements: [Element], _ key: (Element) -> Int) -> Int? {
    var low = 0
    var high = elements.count
    while low < high {
      let middle = (low + high) / 2
      if key(elements[middle]) < index { low = middle + 1 } else { high = middle }
    }
    return low < elements.count && key(elements[low]) == index ? low : nil
  }

  /// The action a probe of `statement` should use: a pull action when it grants one (the first in table order).
  func probeAction(for statement: Statement) -> String? {
    let set = actionSet(of: statement)
    return ECRActions.firstName(set.intersection(ECRActions.lambdaPullSet)) ?? ECRActions.firstName(set)
  }

  /// Reports a finding at a value (or condition key) of the document, with that value's JSON path. The message, notes
  /// and witness are handed over to the finding: each is made for it, and a copy would retain all its strings.
  mutating func report(
    _ rule: RuleDescriptor,
    _ message: consuming String,
    at range: SourceRange,
    severity: Severity? = nil,
    notes: consuming [Note] = [],
    witness: consuming Witness? = nil
  ) {
    let path = document.path(of: range)
    findings.append(
      Finding(rule, message, path: path, range: range, severity: severity, notes: notes, witness: witness)
    )
  }

  /// The findings in reading order, for the report. Sorted in place and handed over: a sorted copy would retain every
  /// finding's strings, and the context's own array would release them all again when it goes.
  mutating func sortedFindings() -> [Finding] {
    // Most files have no finding or one: sorting those still made the array unique, a new buffer for the empty one.
    if findings.count > 1 { findings.sort(by: Finding.readingOrder) }
    return findings
  }

  /// A witness for a request the evaluator decided; only keys the request really sets are listed.
  func witness(_ request: Request, _ verdict: AccessVerdict) -> Witness {
    let implied = RequestContext.impliedKeys(by: request.principal)
    var entries: [Witness.ContextEntry] = []
    entries.reserveCapacity(request.context.count)
    request.context.forEachSortedEntry(excluding: implied) { name, value in
      switch value {
      case .single(let value): entries.append(Witness.ContextEntry(key: name, values: [value]))
      case .multiple(let values): entries.append(Witness.ContextEntry(key: name, values: values))
      case .unknown: break
      }
    }
    return Witness(
      principal: request.principal.description,
      action: request.action,
      resource: request.resource,
      context: entries,
      decision: verdict.decision.rawValue
    )
  }

  static func isLambda(_ service: String) -> Bool {
    service == "lambda.amazonaws.com" || service == "lambda.amazonaws.com.cn"
  }

  /// The ECR actions an Action/NotAction element covers.
  static func ecrActionSet(of element: ActionElement?) -> ActionSet {
    var anyEntryMatchesNothing = false
    return ecrActionSet(of: element, anyEntryMatchesNothing: &anyEntryMatchesNothing)
  }

  /// The ECR actions an Action/NotAction element covers, noting whether one of its entries matches no ECR action.
  static func ecrActionSet(of element: ActionElement?, anyEntryMatchesNothing: inout Bool) -> ActionSet {
    guard let element else { return ActionSet() }
    var listed = ActionSet()
    for entry in element.entries {
      let matched = ECRActions.positions(matching: entry.value)
      if matched.isEmpty { anyEntryMatchesNothing = true }
      listed = listed.union(matched)
    }
    return element.isNot ? listed.complement : listed
  }
}

/// What the rules read of the intent for one file, whose wrapper may name the owner: not the whole ``AuditIntent``,
/// which every file's context copied, registry policy included, retaining and releasing its every part.
struct FileIntent {
  let owner: String?
  /// The Region the user gave, not one read off the policy.
  let region: String?
  /// The declared consumers.
  let consumers: [String]

  init(_ intent: borrowing AuditIntent) {
    owner = intent.owner
    region = intent.region
    consumers = intent.consumers
  }

  /// As ``AuditIntent/namesAccounts``.
  var namesAccounts: Bool { owner != nil || !consumers.isEmpty }
}

// Named structs rather than tuples: arrays of tuples are copied and destroyed through the runtime's generic tuple
// code, element by element, where a struct has code of its own.

/// The ECR actions one statement covers.
struct StatementActions {
  let index: Int
  let set: ActionSet
  /// Whether an entry of the statement's Action/NotAction element matches no ECR action: only then can
  /// `unknown-action` have something to report.
  let anyEntryMatchesNothing: Bool
}

/// A request the audit asked about and the evaluator's verdict on it.
struct Probe {
  let request: Request
  let verdict: AccessVerdict
}

/// Whether both pull actions are granted (false if either is denied, nil if either is unknown), with the probe that
/// was denied, when one was: the explanation and witness of a missing pull show it. Probes that were granted are not
/// kept: no rule shows them, and keeping them cost a copy of each request and an array per result. When the policies
/// treat both actions alike, only the first action is asked: its probe stands for both.
struct PullResult {
  let granted: Bool?
  /// Set exactly when `granted` is false.
  let denied: Probe?
}

/// ``PullResult`` for Lambda, with the aws:SourceArn patterns a grant is limited to, when it is.
struct LambdaPullResult {
  let granted: Bool?
  let limitedTo: [String]
  /// The denied probe of a function of any name; set exactly when `granted` is false.
  let denied: Probe?
}

/// An aws:SourceArn pattern of a Lambda statement, and a function ARN made from it.
struct FunctionPattern {
  let pattern: String
  let functionARN: String
}
