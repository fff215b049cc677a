public import PolicyDiagnostics
import PolicyEvaluation
public import PolicyModel
import PolicySyntax

/// The merged policy text and what changed.
public struct MergeResult: Sendable {
  /// The policy after the edits (the policy text itself, also for a get-repository-policy wrapper).
  public let text: String
  /// The edits over the original policy bytes; empty when the policy already grants everything asked.
  public let edits: [TextEdit]
  /// What was done, for stderr: "extended 'CrossAccountPermission' with 1 account".
  public let notes: [String]
}

/// Merges the cross-account pull statements into an existing policy by editing its bytes: statements that already
/// do the job are extended, missing ones are appended, nothing else is touched, and Sids are never overwritten.
/// Running it again on its own output changes nothing.
public enum PolicyMerger {
  public static func merge(_ file: PolicyFile, spec: GrantSpec) -> MergeResult? {
    guard let document = file.result.document else { return nil }
    let root = document.syntax.tree(at: document.syntax.root)
    let bytes = file.policyBytes
    let style = Style(bytes: bytes, root: root)
    var edits: [TextEdit] = []
    var notes: [String] = []
    var appended: [JSONOutput] = []
    let sids = Set(document.statements.compactMap(\.sid?.value))

    let accountCandidate = document.statements.first(where: isAccountStatement)
    if let statement = accountCandidate, let principal = statement.principal {
      let present = Set(principal.entries.compactMap { $0.awsPrincipal?.account })
      let missing = spec.crossAccountConsumers.filter { !present.contains($0) }
      if !missing.isEmpty,
        let value = root.value(at: document.path(of: statement.range) + [.member("Principal"), .member("AWS")])
      {
        let values = principal.entries.map(\.value) + missing.map { "arn:\(spec.partition):iam::\($0):root" }
        edits.append(TextEdit(range: value.range, replacement: style.list(values, replacing: value)))
        notes.append("extended \(statement.displayName) with \(missing.count) account\(missing.count == 1 ? "" : "s")")
      }
    } else {
      let sid = unique(GrantSpec.accountSid, among: sids)
      if let statement = GrantGenerator.accountStatement(spec, sid: sid) {
        appended.append(statement)
        notes.append("added statement '\(sid)' for the accounts")
      }
    }

    let lambdaCandidate = document.statements.first(where: isLambdaStatement)
    if let statement = lambdaCandidate, let clause = statement.condition?.clauses.first {
      let present = clause.values.map(\.text)
      let missing = spec.sourceArnPatterns.filter { pattern in
        !present.contains { Glob.matches(pattern: $0, text: pattern, caseSensitive: true) }
      }
      if !missing.isEmpty, let value = root.value(at: document.path(of: clause.key.range)) {
        edits.append(TextEdit(range: value.range, replacement: style.list(present + missing, replacing: value)))
        notes.append(
          "extended \(statement.displayName) with \(missing.count) aws:SourceArn pattern\(missing.count == 1 ? "" : "s")"
        )
      }
    } else {
      let sid = unique(GrantSpec.lambdaSid, among: sids)
      appended.append(GrantGenerator.lambdaStatement(spec, sid: sid))
      notes.append("added statement '\(sid)' for lambda.amazonaws.com")
    }

    if !appended.isEmpty, let statementValue = root.member("Statement")?.value {
      if statementValue.elements == nil {
        // A single statement object becomes an array; edits inside it are applied to its text first, because the
        // wrapping edit replaces the whole object and edits may not overlap.
        let inner = edits.filter {
          $0.range.start >= statementValue.range.start && $0.range.end <= statementValue.range.end
        }
        edits.removeAll { inner.contains($0) }
        let shifted = inner.map { edit in
          TextEdit(
            range: SourceRange(
              start: edit.range.start - statementValue.range.start,
              end: edit.range.end - statementValue.range.start
            ),
            replacement: edit.replacement
          )
        }
        let objectBytes = Array(bytes[statementValue.range.start..<statementValue.range.end])
        let objectText =
          Fix(title: "", applicability: .safe, edits: shifted).map {
            String(decoding: $0.applied(to: objectBytes), as: UTF8.self)
          }
          ?? String(decoding: objectBytes, as: UTF8.self)
        edits.append(style.append(appended, to: statementValue, objectText: objectText))
      } else {
        edits.append(style.append(appended, to: statementValue))
      }
    }
    guard let fix = Fix(title: "grant cross-account pulls", applicability: .safe, edits: edits) else { return nil }
    let text = String(decoding: fix.applied(to: bytes), as: UTF8.self)
    return MergeResult(text: text, edits: fix.edits, notes: notes)
  }

  /// An Allow of exactly the two pull actions to account principals, without conditions: CrossAccountPermission.
  static func isAccountStatement(_ statement: Statement) -> Bool {
    guard statement.effect?.value == .allow, statement.defects.isEmpty, statement.condition == nil,
      statement.resource == nil, let principal = statement.principal, !principal.isNot, !principal.entries.isEmpty,
      principal.entries.allSatisfy({ entry in
        if case .account? = entry.awsPrincipal { return true }
        return false
      })
    else { return false }
    return grantsExactlyThePullActions(statement)
  }

  /// An Allow of exactly the pull actions to lambda.amazonaws.com with one StringLike/ArnLike list on aws:SourceArn.
  static func isLambdaStatement(_ statement: Statement) -> Bool {
    guard statement.effect?.value == .allow, statement.defects.isEmpty, statement.resource == nil,
      let principal = statement.principal, !principal.isNot, !principal.entries.isEmpty,
      principal.entries.allSatisfy({ $0.type == .service && $0.value == "lambda.amazonaws.com" }),
      let clauses = statement.condition?.clauses, clauses.count == 1, let op = clauses[0].conditionOperator,
      op.qualifier == nil, !op.ifExists, op.base == .stringLike || op.base == .arnLike,
      clauses[0].normalizedKey == "aws:sourcearn"
    else { return false }
    return grantsExactlyThePullActions(statement)
  }

  private static func grantsExactlyThePullActions(_ statement: Statement) -> Bool {
    guard let action = statement.action, !action.isNot else { return false }
    let listed = Set(action.entries.map { RequestContext.normalized($0.value) })
    return listed == Set(GrantSpec.pullActions.map { RequestContext.normalized($0) })
  }

  /// `base`, or `base2`, `base3`, ... when an unrelated statement already has that Sid.
  static func unique(_ base: String, among sids: Set<String>) -> String {
    guard sids.contains(base) else { return base }
    var number = 2
    while sids.contains("\(base)\(number)") { number += 1 }
    return "\(base)\(number)"
  }
}

extension JSONValue {
  /// The value at a JSON path of members and indexes.
  func value(at path: [PathElement]) -> JSONValue? {
    var current: JSONValue? = self
    for step in path {
      switch step {
      case .member(let name): current = current?.members?.last { $0.key == name }?.value
      case .index(let index):
        guard let elements = current?.elements, index < elements.count else { return nil }
        current = elements[index]
      }
    }
    return current
  }
}
