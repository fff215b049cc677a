public import PolicyDiagnostics
public import PolicySyntax

/// A policy read from text: the model when the structure allowed one, and every finding on the way.
public struct PolicyParseResult: Sendable {
  public let document: PolicyDocument?
  public let findings: [Finding]

  public init(document: PolicyDocument?, findings: [Finding]) {
    self.document = document
    self.findings = findings
  }
}

/// Builds a ``PolicyDocument`` from policy text and reports every structural problem as a finding.
///
/// The builder never stops at the first problem: a user fixing a policy wants all of them at once, and later layers
/// want a model of whatever was readable.
public enum PolicyParser {
  /// ECR's limit on `SetRepositoryPolicy.policyText`.
  public static let maximumPolicyCharacters = 10_240

  /// The characters of a policy text and those that are not white space, when there are more than
  /// ``maximumPolicyCharacters`` of the first; nil otherwise (ECR's limit cannot be at stake). Unicode scalars, not
  /// grapheme clusters: "\r\n" is two characters of policy text, as AWS counts them.
  public static func characterCounts(overLimit bytes: [UInt8]) -> (all: Int, withoutWhiteSpace: Int)? {
    // A character takes at least one byte, so short texts need no counting.
    guard bytes.count > maximumPolicyCharacters else { return nil }
    let text = String(decoding: bytes, as: UTF8.self)
    let characters = text.unicodeScalars.count
    guard characters > maximumPolicyCharacters else { return nil }
    let significant = text.unicodeScalars.filter { !" \t\r\n".unicodeScalars.contains($0) }.count
    return (characters, significant)
  }

  /// Parses `bytes` as a policy of `kind`; with no kind, an identity policy is recognised by its shape and
  /// anything else is read as a repository policy.
  public static func parse(_ bytes: [UInt8], kind: PolicyKind? = nil) -> PolicyParseResult {
    let json: JSONDocument
    do {
      json = try JSONReader.parse(bytes)
    } catch {
      let finding = Finding(
        rule: ValidationRules.invalidJSON.id,
        severity: .error,
        message: error.message,
        path: [],
        range: .at(error.offset)
      )
      return PolicyParseResult(document: nil, findings: [finding])
    }
    return parse(json, bytes: bytes, kind: kind)
  }

  /// Builds the model from an already parsed document; `bytes` is the text it was read from.
  public static func parse(_ json: JSONDocument, bytes: [UInt8], kind: PolicyKind? = nil) -> PolicyParseResult {
    var builder = ModelBuilder(
      kind: kind ?? inferredKind(of: json.root),
      root: json.root,
      hasDuplicateKeys: json.hasDuplicateKeys
    )
    if json.hasByteOrderMark {
      builder.report(
        ValidationRules.byteOrderMark,
        "the file starts with a UTF-8 byte order mark; it was ignored",
        path: [],
        range: SourceRange(start: 0, end: 3)
      )
    }
    if json.hasDuplicateKeys { builder.reportDuplicateKeys(in: json.root) }
    let document = builder.buildDocument(json.root)
    builder.checkSize(bytes)
    return PolicyParseResult(document: document, findings: builder.findings.sorted(by: Finding.readingOrder))
  }

  /// A document whose statements all lack a principal and all name a resource is an identity policy.
  static func inferredKind(of root: JSONValue) -> PolicyKind {
    guard let statementValue = root.member("Statement")?.value else { return .repository }
    // Every policy is asked, so the statements' keys are read in place, not collected.
    func isIdentityStatement(_ statement: JSONValue) -> Bool {
      guard let members = statement.members else { return false }
      var namesResource = false
      for member in members {
        switch member.key {
        case "Principal", "NotPrincipal": return false
        case "Resource", "NotResource": namesResource = true
        default:
          // A misspelt element ("Principals") may be the missing principal: read such a policy as a repository policy.
          guard ModelBuilder.isStatementElement(member.key) else { return false }
        }
      }
      return namesResource
    }
    guard let statements = statementValue.elements else {
      return isIdentityStatement(statementValue) ? .identity : .repository
    }
    return !statements.isEmpty && statements.allSatisfy(isIdentityStatement) ? .identity : .repository
  }
}

private struct ModelBuilder {
  let kind: PolicyKind
  /// The document's JSON: findings at a value look their path up in it.
  let root: JSONValue
  /// Whether some object of the document repeats a key, as the reader found: when none does, no object is searched
  /// for repeats again.
  let hasDuplicateKeys: Bool
  var findings: [Finding] = []
  var version: PolicyVersion?

  init(kind: PolicyKind, root: JSONValue, hasDuplicateKeys: Bool) {
    self.kind = kind
    self.root = root
    self.hasDuplicateKeys = hasDuplicateKeys
  }

  /// Reports a finding at a value, or at a member's key, of the document. Its JSON path is looked up only here:
  /// the builder passes no paths around, because building one per value cost more than the rest of the model.
  mutating func report(
    _ rule: RuleDescriptor,
    _ message: String,
    at range: SourceRange,
    severity: Severity? = nil,
    fix: Fix? = nil
  ) {
    report(rule, message, path: path(of: range), range: range, severity: severity, fix: fix)
  }

  /// Reports a finding whose range is not a value of the document (a position, the whole file).
  mutating func report(
    _ rule: RuleDescriptor,
    _ message: String,
    path: [PathElement],
    range: SourceRange,
    severity: Severity? = nil,
    fix: Fix? = nil
  ) {
    findings.append(Finding(rule, message, path: path, range: range, severity: severity, fix: fix))
  }

  /// The JSON path of the value (or member key) at `range`.
  func path(of range: SourceRange) -> [PathElement] {
    root.path(to: range) ?? []
  }

  // MARK: - Generic JSON checks

  /// Walks the whole tree once.
  mutating func reportDuplicateKeys(in value: JSONValue) {
    switch value.kind {
    case .object(let members):
      if hasRepeatedKey(members) {
        var seen: [String: SourceRange] = [:]
        for member in members {
          if let first = seen[member.key] {
            var finding = Finding(
              rule: ValidationRules.duplicateKey.id,
              severity: .error,
              message: "duplicate key '\(member.key)'; IAM rejects repeated keys, and this tool reads the last copy",
              path: path(of: member.keyRange),
              range: member.keyRange
            )
            finding.notes.append(Note(message: "'\(member.key)' first appears here", range: first))
            findings.append(finding)
          } else {
            seen[member.key] = member.keyRange
          }
        }
      }
      for member in members where member.value.isContainer { reportDuplicateKeys(in: member.value) }
    case .array(let elements):
      for element in elements where element.isContainer { reportDuplicateKeys(in: element) }
    default:
      break
    }
  }

  /// The members with only the last copy of each repeated key kept, in source order: the same "last copy wins"
  /// reading as ``lastMember(_:in:)``, for objects whose keys are data (principal types, operators, condition keys).
  func lastCopies(_ members: [JSONMember]) -> [JSONMember] {
    guard hasRepeatedKey(members) else { return members }
    var last: [String: Int] = [:]
    for (index, member) in members.enumerated() { last[member.key] = index }
    return members.indices.filter { last[members[$0].key] == $0 }.map { members[$0] }
  }

  /// Whether two members share a key; only asked of a document where the reader found a repeated key.
  func hasRepeatedKey(_ members: [JSONMember]) -> Bool {
    hasDuplicateKeys && members.hasRepeatedKey
  }

  /// The last member named `key`: with duplicates, the copy most JSON libraries keep.
  func lastMember(_ key: String, in members: [JSONMember]) -> JSONMember? {
    members.last { $0.key == key }
  }

  mutating func checkSize(_ bytes: [UInt8]) {
    guard let (characters, significant) = PolicyParser.characterCounts(overLimit: bytes) else { return }
    let limit = PolicyParser.maximumPolicyCharacters
    if significant > limit {
      report(
        ValidationRules.policyTooLarge,
        "the policy has \(characters) characters (\(significant) without white space); ECR accepts at most \(limit)",
        path: [],
        range: SourceRange(start: 0, end: bytes.count)
      )
    } else {
      report(
        ValidationRules.policyTooLarge,
        "the policy has \(characters) characters, more than ECR's \(limit); without white space it has "
          + "\(significant) and fits",
        path: [],
        range: SourceRange(start: 0, end: bytes.count),
        severity: .warning
      )
    }
  }

  // MARK: - Document

  mutating func buildDocument(_ root: JSONValue) -> PolicyDocument? {
    guard let members = root.members else {
      report(
        ValidationRules.invalidValue,
        "a policy must be a JSON object, found \(root.typeDescription)",
        at: root.range
      )
      return nil
    }
    var versionValue: Located<PolicyVersion>?
    var idValue: Located<String>?
    for member in members {
      switch member.key {
      case "Version", "Id", "Statement":
        break
      default:
        reportUnknown(member, known: ["Version", "Id", "Statement"], context: "a policy")
      }
    }
    if let member = lastMember("Version", in: members) {
      if let text = member.value.string, let parsed = PolicyVersion(rawValue: text) {
        versionValue = Located(parsed, range: member.value.range)
      } else {
        let shown = member.value.string.map { "'\($0)'" } ?? member.value.typeDescription
        report(
          ValidationRules.invalidVersion,
          "Version \(shown) is not a policy language version; use '2012-10-17' (or the legacy '2008-10-17')",
          at: member.value.range,
          fix: Fix(
            title: "use '2012-10-17'",
            applicability: .unsafe,
            edits: [TextEdit(range: member.value.range, replacement: "\"2012-10-17\"")]
          )
        )
      }
    } else {
      report(
        ValidationRules.missingVersion,
        "the policy has no Version, so the legacy 2008-10-17 language applies and ${...} is literal text; "
          + "add \"Version\": \"2012-10-17\"",
        path: [],
        range: .at(root.range.start)
      )
    }
    version = versionValue?.value
    if let member = lastMember("Id", in: members) {
      if kind == .identity {
        report(
          ValidationRules.invalidValue,
          "identity policies cannot have an Id element",
          at: member.keyRange
        )
      }
      if let text = member.value.string {
        idValue = Located(text, range: member.value.range)
      } else {
        report(
          ValidationRules.invalidValue,
          "Id must be a string, found \(member.value.typeDescription)",
          at: member.value.range
        )
      }
    }
    var statements: [Statement] = []
    if let member = lastMember("Statement", in: members) {
      statements = buildStatements(member.value)
    } else {
      report(
        ValidationRules.missingElement,
        "the policy has no Statement",
        path: [],
        range: .at(root.range.start)
      )
    }
    checkDuplicateSids(statements)
    return PolicyDocument(
      kind: kind,
      version: versionValue,
      id: idValue,
      statements: statements,
      syntax: root
    )
  }

  mutating func reportUnknown(_ member: JSONMember, known: [String], context: String) {
    let suggestion = Suggestion.closest(to: member.key, among: known)
    var message = "'\(member.key)' is not an element of \(context)"
    var fix: Fix?
    if let suggestion {
      message += "; did you mean '\(suggestion)'?"
      fix = Fix(
        title: "rename to '\(suggestion)'",
        applicability: .unsafe,
        edits: [TextEdit(range: member.keyRange, replacement: JSONOutput.quoted(suggestion))]
      )
    } else {
      message += " (expected one of: \(known.joined(separator: ", ")))"
    }
    report(
      ValidationRules.unknownElement,
      message,
      at: member.keyRange,
      fix: fix
    )
  }

  mutating func buildStatements(_ value: JSONValue) -> [Statement] {
    switch value.kind {
    case .object:
      return buildStatement(value, index: 0).map { [$0] } ?? []
    case .array(let elements):
      if elements.isEmpty {
        report(
          ValidationRules.emptyValue,
          "Statement is an empty array; the policy grants nothing",
          at: value.range,
          severity: .warning
        )
      }
      return elements.enumerated().compactMap { index, element in
        buildStatement(element, index: index)
      }
    default:
      report(
        ValidationRules.invalidValue,
        "Statement must be an object or an array of objects, found \(value.typeDescription)",
        at: value.range
      )
      return []
    }
  }

  mutating func checkDuplicateSids(_ statements: [Statement]) {
    guard statements.count > 1 else { return }
    // A policy holds a few statements: scanning the earlier ones beats building a dictionary, which costs more than
    // the check itself. Long statement lists are hashed, so that they stay linear.
    let hashed = statements.count > 16
    var seen: [String: Statement] = [:]
    for (position, statement) in statements.enumerated() {
      guard let sid = statement.sid, !sid.value.isEmpty else { continue }
      let earlier =
        hashed ? seen[sid.value] : statements[..<position].first { $0.sid.map { $0.value == sid.value } ?? false }
      if let first = earlier {
        var finding = Finding(
          rule: ValidationRules.duplicateSid.id,
          severity: .warning,
          message: "Sid '\(sid.value)' is also used by statement #\(first.index)",
          path: path(of: sid.range),
          range: sid.range
        )
        finding.notes.append(Note(message: "first used here", range: first.sid?.range))
        findings.append(finding)
      } else if hashed {
        seen[sid.value] = statement
      }
    }
  }

  // MARK: - Statement

  static let statementElements = [
    "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
  ]

  static func isStatementElement(_ key: String) -> Bool {
    switch key {
    case "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition":
      true
    default: false
    }
  }

  mutating func buildStatement(_ value: JSONValue, index: Int) -> Statement? {
    guard let members = value.members else {
      report(
        ValidationRules.invalidValue,
        "a statement must be an object, found \(value.typeDescription)",
        at: value.range
      )
      return nil
    }
    var defects: [StatementDefect] = []
    // IAM rejects a repeated element, and parsers disagree on which copy wins.
    if hasRepeatedKey(members) { defects.append(.unreadable("a repeated element")) }
    for member in members where !ModelBuilder.isStatementElement(member.key) {
      reportUnknown(member, known: ModelBuilder.statementElements, context: "a statement")
      defects.append(.unknownElement(member.key))
    }

    var sid: Located<String>?
    if let member = lastMember("Sid", in: members) {
      sid = buildSid(member)
    }

    var effect: Located<Effect>?
    if let member = lastMember("Effect", in: members) {
      effect = buildEffect(member)
      let copies = members.filter { $0.key == "Effect" }.map { $0.value.string ?? "" }
      if copies.contains(where: { $0 != copies[0] }) {
        // "Deny" and "Allow" both written: which one IAM would read is unknown, so the effect is unknown.
        effect = nil
      }
      if effect == nil { defects.append(.unreadable("Effect")) }
    } else {
      report(
        ValidationRules.missingElement,
        "the statement has no Effect; add \"Effect\": \"Allow\" or \"Deny\"",
        path: path(of: value.range),
        range: .at(value.range.start)
      )
      defects.append(.missing("Effect"))
    }

    var principal: PrincipalElement?
    let principalChoice = selectExclusive(
      "Principal",
      "NotPrincipal",
      members: members,
      statement: value.range,
      required: kind != .identity
    )
    for candidate in principalChoice.candidates {
      let built = buildPrincipal(candidate.member, isNot: candidate.isNot)
      if principalChoice.usable { principal = built }
    }
    if kind == .identity, let principal {
      report(
        ValidationRules.invalidValue,
        "an identity policy cannot name a principal; it applies to the identity it is attached to",
        at: principal.range
      )
    }

    var action: ActionElement?
    let actionChoice = selectExclusive(
      "Action",
      "NotAction",
      members: members,
      statement: value.range,
      required: true
    )
    for candidate in actionChoice.candidates {
      guard let entries = buildStringList(candidate.member, allowEmpty: false) else { continue }
      // Malformed entries stay: evaluated as written they match no action, which is what a literal does.
      let element = ActionElement(isNot: candidate.isNot, entries: entries, range: candidate.member.value.range)
      for (entry, pattern) in zip(entries, element.patterns) { checkAction(entry, pattern) }
      if actionChoice.usable { action = element }
    }
    if actionChoice.candidates.isEmpty {
      defects.append(.missing("Action"))
    } else if action == nil {
      defects.append(.unreadable("Action"))
    }

    var resource: ResourceElement?
    let resourceChoice = selectExclusive(
      "Resource",
      "NotResource",
      members: members,
      statement: value.range,
      required: kind != .repository
    )
    for candidate in resourceChoice.candidates {
      guard let entries = buildStringList(candidate.member, allowEmpty: false) else { continue }
      for entry in entries { checkResource(entry) }
      if resourceChoice.usable {
        resource = ResourceElement(
          isNot: candidate.isNot,
          entries: entries,
          range: candidate.member.value.range
        )
      }
    }
    if !resourceChoice.candidates.isEmpty, resource == nil { defects.append(.unreadable("Resource")) }

    var condition: ConditionBlock?
    if let member = lastMember("Condition", in: members) {
      condition = buildCondition(member.value)
      if condition == nil { defects.append(.unreadable("Condition")) }
    }
    if kind != .identity, principal == nil {
      defects.append(principalChoice.candidates.isEmpty ? .missing("Principal") : .unreadable("Principal"))
    }

    return Statement(
      index: index,
      range: value.range,
      sid: sid,
      effect: effect,
      principal: principal,
      action: action,
      resource: resource,
      condition: condition,
      defects: defects
    )
  }

  mutating func buildSid(_ member: JSONMember) -> Located<String>? {
    guard let text = member.value.string else {
      report(
        ValidationRules.invalidValue,
        "Sid must be a string, found \(member.value.typeDescription)",
        at: member.value.range
      )
      return nil
    }
    if text.isEmpty {
      report(
        ValidationRules.emptyValue,
        "Sid is empty; remove it or name the statement",
        at: member.value.range,
        severity: .note
      )
    } else if !ASCII.allBytes(of: text, satisfy: { ASCII.isDigit($0) || ASCII.isLetter($0) }) {
      report(
        ValidationRules.sidFormat,
        "Sid '\(text)' contains characters other than ASCII letters and digits, which IAM rejects in many "
          + "policy types",
        at: member.value.range,
        // The ECR console itself writes Sids such as 'new statement', so ECR accepts them: only a note there.
        severity: kind == .identity ? .warning : .note
      )
    }
    return Located(text, range: member.value.range)
  }

  mutating func buildEffect(_ member: JSONMember) -> Located<Effect>? {
    if let text = member.value.string, let effect = Effect(rawValue: text) {
      return Located(effect, range: member.value.range)
    }
    let shown = member.value.string.map { "'\($0)'" } ?? member.value.typeDescription
    var message = "Effect must be 'Allow' or 'Deny' (case-sensitive), found \(shown)"
    var fix: Fix?
    if let text = member.value.string, let suggestion = Suggestion.closest(to: text, among: ["Allow", "Deny"]) {
      message += "; did you mean '\(suggestion)'?"
      fix = Fix(
        title: "use '\(suggestion)'",
        applicability: .unsafe,
        edits: [TextEdit(range: member.value.range, replacement: JSONOutput.quoted(suggestion))]
      )
    }
    report(ValidationRules.invalidValue, message, at: member.value.range, fix: fix)
    return nil
  }

  /// One of an element pair such as Principal/NotPrincipal, as found in a statement.
  struct ExclusiveCandidate {
    let member: JSONMember
    let isNot: Bool
  }

  /// Finds `name` or `notName`, reporting both-present and neither-present. Every candidate is still validated;
  /// `usable` is false when both are present, because then the statement's meaning is unknown.
  mutating func selectExclusive(
    _ name: String,
    _ notName: String,
    members: [JSONMember],
    statement: SourceRange,
    required: Bool
  ) -> (candidates: [ExclusiveCandidate], usable: Bool) {
    let positive = lastMember(name, in: members).map { ExclusiveCandidate(member: $0, isNot: false) }
    let negative = lastMember(notName, in: members).map { ExclusiveCandidate(member: $0, isNot: true) }
    if let positive, let negative {
      var finding = Finding(
        rule: ValidationRules.conflictingElements.id,
        severity: .error,
        message: "the statement has both '\(name)' and '\(notName)'; keep one",
        path: path(of: negative.member.keyRange),
        range: negative.member.keyRange
      )
      finding.notes.append(Note(message: "'\(name)' is here", range: positive.member.keyRange))
      findings.append(finding)
      return ([positive, negative], false)
    }
    if let found = positive ?? negative { return ([found], true) }
    if required {
      report(
        ValidationRules.missingElement,
        "the statement has no '\(name)' or '\(notName)'",
        path: path(of: statement),
        range: .at(statement.start)
      )
    }
    return ([], true)
  }

  /// A string or an array of strings; nil (with a finding) for anything else.
  mutating func buildStringList(_ member: JSONMember, allowEmpty: Bool) -> [Located<String>]? {
    switch member.value.kind {
    case .string(let text):
      if text.isEmpty, !allowEmpty {
        report(ValidationRules.emptyValue, "'\(member.key)' is an empty string", at: member.value.range)
      }
      return [Located(text, range: member.value.range)]
    case .array(let elements):
      if elements.isEmpty, !allowEmpty {
        report(ValidationRules.emptyValue, "'\(member.key)' is an empty array", at: member.value.range)
        // Read as written, an empty NotAction would match every action: the element's meaning is unknown instead.
        return nil
      }
      var entries: [Located<String>] = []
      var readable = true
      for element in elements {
        if let text = element.string {
          entries.append(Located(text, range: element.range))
        } else {
          report(
            ValidationRules.invalidValue,
            "'\(member.key)' entries must be strings, found \(element.typeDescription)",
            at: element.range
          )
          readable = false
        }
      }
      // Dropping an entry would narrow Action or widen NotAction; an element with an unreadable entry is unknown.
      return readable ? entries : nil
    default:
      report(
        ValidationRules.invalidValue,
        "'\(member.key)' must be a string or an array of strings, found \(member.value.typeDescription)",
        at: member.value.range
      )
      return nil
    }
  }

  // MARK: - Principal

  mutating func buildPrincipal(_ member: JSONMember, isNot: Bool) -> PrincipalElement? {
    let value = member.value
    switch value.kind {
    case .string(let text):
      if text == "*" {
        let entry = PrincipalEntry(type: nil, value: "*", range: value.range)
        return PrincipalElement(isNot: isNot, entries: [entry], range: value.range)
      }
      if text.isEmpty {
        report(ValidationRules.emptyValue, "'\(member.key)' is an empty string", at: value.range)
        return nil
      }
      // A bare ARN or account ID is a common mistake; read it as the AWS principal it names, and say so.
      report(
        ValidationRules.invalidValue,
        "'\(member.key)' must be \"*\" or an object such as {\"AWS\": \"\(text)\"}; read here as an AWS principal",
        at: value.range,
        fix: Fix(
          title: "wrap the value in {\"AWS\": ...}",
          applicability: .safe,
          edits: [TextEdit(range: value.range, replacement: "{\"AWS\": \(JSONOutput.quoted(text))}")]
        )
      )
      let entry = PrincipalEntry(type: .aws, value: text, range: value.range)
      checkPrincipalEntry(entry)
      return PrincipalElement(isNot: isNot, entries: [entry], range: value.range)
    case .object(let members):
      if members.isEmpty {
        report(ValidationRules.emptyValue, "'\(member.key)' is an empty object", at: value.range)
        return nil
      }
      var entries: [PrincipalEntry] = []
      var readable = true
      for typeMember in lastCopies(members) {
        guard let type = PrincipalType(rawValue: typeMember.key) else {
          reportUnknown(typeMember, known: PrincipalType.allCases.map(\.rawValue), context: "a principal")
          readable = false
          continue
        }
        guard let list = buildPrincipalValues(typeMember) else {
          readable = false
          continue
        }
        for located in list {
          let entry = PrincipalEntry(type: type, value: located.value, range: located.range)
          checkPrincipalEntry(entry)
          entries.append(entry)
        }
      }
      // An unreadable part leaves the principal set unknown; dropping the element keeps evaluation honest.
      guard readable else { return nil }
      return PrincipalElement(isNot: isNot, entries: entries, range: value.range)
    default:
      report(
        ValidationRules.invalidValue,
        "'\(member.key)' must be \"*\" or an object, found \(value.typeDescription)",
        at: value.range
      )
      return nil
    }
  }

  /// The values under one principal type: a string or an array of them; nil when any of them is unreadable.
  mutating func buildPrincipalValues(_ member: JSONMember) -> [Located<String>]? {
    var result: [Located<String>] = []
    guard case .array(let elements) = member.value.kind else {
      return readPrincipalValue(member.value, into: &result) ? result : nil
    }
    if elements.isEmpty {
      report(ValidationRules.emptyValue, "'\(member.key)' is an empty array", at: member.value.range)
      return nil
    }
    var readable = true
    for element in elements {
      // Every value is read, so that each unreadable one gets its finding.
      readable = readPrincipalValue(element, into: &result) && readable
    }
    return readable ? result : nil
  }

  /// Appends one principal value to `result`; false (with a finding) when it is not a string.
  mutating func readPrincipalValue(_ value: JSONValue, into result: inout [Located<String>]) -> Bool {
    switch value.kind {
    case .string(let text):
      if text.isEmpty {
        report(ValidationRules.emptyValue, "a principal is an empty string", at: value.range)
      }
      result.append(Located(text, range: value.range))
      return true
    case .number(let text):
      report(
        ValidationRules.invalidValue,
        "account ID \(text) is a JSON number; write it as the string \"\(text)\" (leading zeros matter)",
        at: value.range,
        fix: Fix(
          title: "quote the account ID",
          applicability: .safe,
          edits: [TextEdit(range: value.range, replacement: "\"\(text)\"")]
        )
      )
      return false
    case .object(let members) where members.count == 1 && Display.isIntrinsic(members[0].key):
      report(
        ValidationRules.unresolvedPlaceholder,
        "the principal is the unresolved CloudFormation intrinsic '\(members[0].key)'; verdicts that depend on "
          + "it are indeterminate",
        at: value.range
      )
      return false
    default:
      report(
        ValidationRules.invalidValue,
        "a principal must be a string, found \(value.typeDescription)",
        at: value.range
      )
      return false
    }
  }

  mutating func checkPrincipalEntry(_ entry: PrincipalEntry) {
    let text = entry.value
    guard !text.isEmpty, let type = entry.type else { return }
    // The entry already knows whether it holds a placeholder; only one that does is searched again for the message.
    if entry.hasPlaceholder, reportPlaceholders(in: text, at: entry.range) { return }
    switch type {
    case .aws:
      switch entry.awsPrincipal ?? AWSPrincipal(text) {
      case .invalid(let reason):
        report(ValidationRules.invalidValue, reason, at: entry.range)
      case .partialWildcard:
        report(
          ValidationRules.invalidValue,
          "'\(text)' uses a wildcard inside a principal, which IAM does not support; it matches nothing. Use "
            + "\"Principal\": {\"AWS\": \"*\"} with an ArnLike condition on 'aws:PrincipalArn' instead",
          at: entry.range
        )
      case .uniqueID:
        report(
          ValidationRules.stalePrincipal,
          "'\(text)' is an IAM unique ID: the user or role it named was deleted, and the grant matches nobody",
          at: entry.range
        )
      default:
        break
      }
    case .service:
      if text == "*" {
        report(
          ValidationRules.invalidValue,
          "a 'Service' principal cannot be '*'; name the service, e.g. 'lambda.amazonaws.com'",
          at: entry.range
        )
      } else if ASCII.contains(text, "*") || ASCII.contains(text, "?") {
        report(
          ValidationRules.invalidValue,
          "service principal '\(text)' contains a wildcard, which IAM does not support; it matches nothing",
          at: entry.range
        )
      } else if !(text.hasSuffix(".amazonaws.com") || text.hasSuffix(".amazonaws.com.cn")) {
        report(
          ValidationRules.invalidValue,
          "'\(text)' is not a service principal; they look like 'lambda.amazonaws.com'",
          at: entry.range
        )
      } else if text != ASCII.lowercased(text) {
        report(
          ValidationRules.invalidValue,
          "service principal '\(text)' is not lower case; it is compared exactly, so write '\(text.lowercased())'",
          at: entry.range,
          severity: .warning
        )
      }
    case .federated, .canonicalUser:
      break
    }
  }

  /// Reports template placeholders in `text`; true when there were any.
  mutating func reportPlaceholders(in text: String, at range: SourceRange) -> Bool {
    let placeholders = Placeholder.find(in: text)
    guard !placeholders.isEmpty else { return false }
    let list = placeholders.map { Display.quoted($0, limit: 60) }.joined(separator: ", ")
    report(
      ValidationRules.unresolvedPlaceholder,
      "\(Display.quoted(text)) holds the unresolved template placeholder\(placeholders.count > 1 ? "s" : "") \(list); "
        + "verdicts that depend on it are indeterminate",
      at: range
    )
    return true
  }

  // MARK: - Action and Resource

  /// Checks one action entry, read off the pattern the evaluator matches with: it has already split the entry at its
  /// colon and looked for wildcards and placeholders.
  mutating func checkAction(_ entry: Located<String>, _ pattern: ActionPattern) {
    let text = entry.value
    if pattern.isAll { return }
    if pattern.hasPlaceholder, reportPlaceholders(in: text, at: entry.range) { return }
    // Malformed: not exactly one colon, or nothing before or after it.
    guard !pattern.isMalformed else {
      report(
        ValidationRules.invalidValue,
        "action '\(text)' must have the form 'service:ActionName', e.g. 'ecr:BatchGetImage'",
        at: entry.range
      )
      return
    }
    if ASCII.contains(pattern.service, "*") || ASCII.contains(pattern.service, "?") {
      report(
        ValidationRules.invalidValue,
        "action '\(text)' has a wildcard in the service prefix, which IAM does not support",
        at: entry.range
      )
      return
    }
  }

  mutating func checkResource(_ entry: Located<String>) {
    let text = entry.value
    if text == "*" { return }
    if reportPlaceholders(in: text, at: entry.range) { return }
    guard let fields = ARN.fields(of: text), fields.startsWithARN else {
      report(
        ValidationRules.invalidValue,
        "resource '\(text)' is not an ARN (arn:partition:service:region:account:resource) or '*'; it matches nothing",
        at: entry.range,
        severity: .warning
      )
      return
    }
    // `${` cannot straddle a colon, so searching up to the fifth colon searches the first five fields.
    if version == .current, ASCII.contains(fields.beforeResource, "${") {
      report(
        ValidationRules.invalidValue,
        "resource '\(text)' uses a policy variable before the resource part of the ARN, where IAM reads it as "
          + "literal text",
        at: entry.range,
        severity: .warning
      )
    }
  }

  // MARK: - Condition

  mutating func buildCondition(_ value: JSONValue) -> ConditionBlock? {
    guard let operators = value.members else {
      report(
        ValidationRules.invalidValue,
        "Condition must be an object of operators, found \(value.typeDescription)",
        at: value.range
      )
      return nil
    }
    var clauses: [ConditionClause] = []
    var readable = true
    for operatorMember in lastCopies(operators) {
      let operatorName = Located(operatorMember.key, range: operatorMember.keyRange)
      var parsedOperator: ConditionOperator?
      switch ConditionOperator.parse(operatorMember.key) {
      case .success(let parsed):
        parsedOperator = parsed
      case .failure(let error):
        var message = error.message
        var fix: Fix?
        if let suggestion = error.suggestion {
          message += "; did you mean '\(suggestion)'?"
          fix = Fix(
            title: "use '\(suggestion)'",
            applicability: .unsafe,
            edits: [TextEdit(range: operatorMember.keyRange, replacement: JSONOutput.quoted(suggestion))]
          )
        }
        report(ValidationRules.unknownOperator, message, at: operatorMember.keyRange, fix: fix)
      }
      guard let keys = operatorMember.value.members else {
        report(
          ValidationRules.invalidValue,
          "operator '\(operatorMember.key)' must map to an object of condition keys, found "
            + operatorMember.value.typeDescription,
          at: operatorMember.value.range
        )
        readable = false
        continue
      }
      if keys.isEmpty, parsedOperator == nil {
        // Nothing to evaluate and an operator nobody knows: the condition's meaning is unknown.
        readable = false
      }
      if keys.isEmpty {
        report(
          ValidationRules.emptyValue,
          "operator '\(operatorMember.key)' has no condition keys",
          at: operatorMember.value.range,
          severity: .warning
        )
      }
      for keyMember in lastCopies(keys) {
        if keyMember.key.isEmpty {
          report(ValidationRules.emptyValue, "a condition key is empty", at: keyMember.keyRange)
        }
        guard let values = buildConditionValues(keyMember) else {
          readable = false
          continue
        }
        if let parsedOperator, parsedOperator.base == .null {
          for value in values where !["true", "false"].contains(value.text.lowercased()) {
            report(
              ValidationRules.invalidValue,
              "'Null' takes 'true' or 'false', found '\(value.text)'",
              at: value.range
            )
          }
        }
        for value in values where value.hasPlaceholder {
          _ = reportPlaceholders(in: value.text, at: value.range)
        }
        clauses.append(
          ConditionClause(
            operatorName: operatorName,
            conditionOperator: parsedOperator,
            key: Located(keyMember.key, range: keyMember.keyRange),
            values: values
          )
        )
      }
    }
    guard readable else { return nil }
    return ConditionBlock(clauses: clauses, range: value.range)
  }

  mutating func buildConditionValues(_ member: JSONMember) -> [ConditionValue]? {
    func scalar(_ value: JSONValue) -> ConditionValue? {
      switch value.kind {
      case .string(let text): ConditionValue(text: text, source: .string, range: value.range)
      case .number(let text): ConditionValue(text: text, source: .number, range: value.range)
      case .bool(let flag): ConditionValue(text: flag ? "true" : "false", source: .bool, range: value.range)
      default: nil
      }
    }
    if case .array(let elements) = member.value.kind {
      if elements.isEmpty {
        report(
          ValidationRules.emptyValue,
          "condition key '\(member.key)' has an empty list of values",
          at: member.value.range
        )
        return nil
      }
      var values: [ConditionValue] = []
      for element in elements {
        guard let value = scalar(element) else {
          report(
            ValidationRules.invalidValue,
            "condition values must be strings, numbers or booleans, found \(element.typeDescription)",
            at: element.range
          )
          return nil
        }
        values.append(value)
      }
      return values
    }
    guard let value = scalar(member.value) else {
      report(
        ValidationRules.invalidValue,
        "condition values must be strings, numbers or booleans, found \(member.value.typeDescription)",
        at: member.value.range
      )
      return nil
    }
    return [value]
  }
}
