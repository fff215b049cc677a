public import PolicyDiagnostics
import PolicyEvaluation
public import PolicyModel

/// Whether a consumer account and its Lambda functions can pull. Nil means "indeterminate": the answer depends on
/// something the tool cannot know, such as a template placeholder or the caller's organization.
public struct ConsumerAccess: Sendable, Hashable {
  public let account: String
  /// True when the account was not declared with --consumer but inferred from the policy.
  public let inferred: Bool
  /// The account's root may perform both pull actions (the CrossAccountPermission half).
  public let accountCanPull: Bool?
  /// lambda.amazonaws.com may pull for a function of the account in the Region (the Lambda half).
  public let lambdaCanPull: Bool?
  /// Set when only functions matching these aws:SourceArn patterns can pull.
  public let lambdaLimitedTo: [String]
}

/// What one statement grants or denies, in terms a reader can check: for the JSON report's `grants`.
public struct GrantSummary: Sendable, Hashable {
  public let statement: Int
  public let sid: String?
  public let effect: String
  /// Principals as written; for NotPrincipal, everyone except these.
  public let principals: [String]
  public let notPrincipal: Bool
  /// The ECR actions the Action/NotAction element covers, expanded against the action table.
  public let actions: [String]
  /// `Operator key value,value` per condition clause.
  public let conditions: [String]

  /// How a summary spells a statement's Effect: its value, or `unknown` when it could not be read.
  package static func effect(of statement: Statement) -> String {
    statement.effect?.value.rawValue ?? "unknown"
  }

  /// How a summary spells a principal entry, `Type:value` (the value alone for `"Principal": "*"`), handed over part
  /// by part: the summaries join the parts, the JSON report writes them straight into its string.
  package static func spellPrincipal(_ entry: PrincipalEntry, _ part: (String) -> Void) {
    if let type = entry.type {
      part(type.rawValue)
      part(":")
    }
    part(entry.value)
  }

  /// How a summary spells a condition clause, `Operator key value,value`, handed over part by part.
  package static func spellCondition(_ clause: ConditionClause, _ part: (String) -> Void) {
    part(clause.operatorName.value)
    part(" ")
    part(clause.key.value)
    part(" ")
    for (position, value) in clause.values.enumerated() {
      if position > 0 { part(",") }
      part(value.text)
    }
  }
}

/// Everything `audit` found about one policy file.
public struct AuditReport: Sendable {
  public let file: PolicyFile
  public let findings: [Finding]
  /// True when an unbounded set of principals can act; nil when that is indeterminate; nil also without a model.
  public let isPublic: Bool?
  public let consumers: [ConsumerAccess]
  /// The Region the Lambda probes used, and whether the user gave it.
  public let region: String
  public let regionAssumed: Bool
  /// The ECR actions of each statement, in statement order, as the audit worked them out: the context's own array,
  /// handed over as it is rather than mapped to a new one per file.
  let statementActions: [StatementActions]

  /// What each statement grants or denies; worked out when a report asks (text output never does).
  public var grants: [GrantSummary] {
    guard let statements = file.result.document?.statements else { return [] }
    return zip(statements, statementActions).map { Auditor.grantSummary($0, actions: ECRActions.names($1.set)) }
  }

  /// What ``grants`` summarises, without the summaries: each statement, in order, with the positions in
  /// ``actionNames`` of the ECR actions it covers. The JSON report writes grants straight from these, since making
  /// the summaries' strings and arrays cost more than writing them.
  package func forEachStatement(_ body: (_ statement: Statement, _ actions: ActionPositions) -> Void) {
    guard let statements = file.result.document?.statements else { return }
    for (statement, actions) in zip(statements, statementActions) { body(statement, ActionPositions(actions.set)) }
  }

  /// The qualified names of the ECR actions (`ecr:BatchGetImage`), in table order, as ``GrantSummary/actions`` spells
  /// them.
  package static var actionNames: [String] { ECRActions.qualifiedNames }
}

/// Positions in ``AuditReport/actionNames`` of the actions of a statement, lowest first: the order of
/// ``GrantSummary/actions``.
package struct ActionPositions: Sequence, IteratorProtocol {
  private var rest: ActionSet

  init(_ actions: ActionSet) { rest = actions }

  package mutating func next() -> Int? {
    guard let position = rest.first else { return nil }
    rest = rest.subtracting(ActionSet(position: position))
    return position
  }
}
