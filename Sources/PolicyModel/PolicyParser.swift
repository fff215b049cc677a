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
    let tape = json.tape
    var builder = ModelBuilder(
      kind: kind ?? inferredKind(of: tape),
      tape: tape,
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
    if json.hasDuplicateKeys { builder.reportDuplicateKeys(in: tape.root) }
    let document = builder.buildDocument()
    builder.checkSize(bytes)
    // Most policies have at most one structural finding, which sorting would only copy into a new array.
    let findings = builder.findings.count > 1 ? builder.findings.sorted(by: Finding.readingOrder) : builder.findings
    return PolicyParseResult(document: document, findings: findings)
  }

  /// A document whose statements all lack a principal and all name a resource is an identity policy.
  static func inferredKind(of tape: JSONTape) -> PolicyKind {
    guard let statementValue = tape.firstMember("Statement", in: tape.root)?.value else { return .repository }
    func isIdentityStatement(_ statement: Int) -> Bool {
      guard tape.kind(of: statement) == .object else { return false }
      var namesResource = false
      for member in tape.members(of: statement) {
        switch StatementElement(member, in: tape) {
        case .principal, .notPrincipal: return false
        case .resource, .notResource: namesResource = true
        // A misspelt element ("Principals") may be the missing principal: read such a policy as a repository policy.
        case nil: return false
        default: break
        }
      }
      return namesResource
    }
    guard tape.kind(of: statementValue) == .array else {
      return isIdentityStatement(statementValue) ? .identity : .repository
    }
    return !tape.isEmpty(statementValue) && tape.elements(of: statementValue).allSatisfy(isIdentityStatement)
      ? .identity : .repository
  }
}

private struct ModelBuilder {
  typealias Member = JSONTape.Member

  let kind: PolicyKind
  /// The document's JSON, read through node handles: findings at a value look their path up in it too.
  let tape: JSONTape
  /// Whether some object of the document repeats a key, as the reader found: when none does, no object is searched
  /// for repeats again.
  let hasDuplicateKeys: Bool
  var findings: [Finding] = []
  var version: PolicyVersion?

  init(kind: PolicyKind, tape: JSONTape, hasDuplicateKeys: Bool) {
    self.kind = kind
    self.tape = tape
    self.hasDuplicateKeys = hasDuplicateKeys
  }

  func range(_ node: Int) -> SourceRange { tape.range(of: node) }

  func describe(_ node: Int) -> String { tape.typeDescription(of: node) }

  func name(_ member: Member) -> String { tape.key(member) }

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
    tape.path(to: range) ?? []
  }

  // MARK: - Generic JSON checks

  /// Walks the whole tree once.
  mutating func reportDuplicateKeys(in node: Int) {
    switch tape.kind(of: node) {
    case .object:
      if hasRepeatedKey(node) {
        var seen: [String: SourceRange] = [:]
        for member in tape.members(of: node) {
          let key = name(member)
          let keyRange = range(member.key)
          if let first = seen[key] {
            var finding = Finding(
              rule: ValidationRules.duplicateKey.id,
              severity: .error,
              message: "duplicate key '\(key)'; IAM rejects repeated keys, and this tool reads the last copy",
              path: path(of: keyRange),
              range: keyRange
            )
            finding.notes.append(Note(message: "'\(key)' first appears here", range: first))
            findings.append(finding)
          } else {
            seen[key] = keyRange
          }
        }
      }
      for member in tape.members(of: node) where tape.isContainer(member.value) {
        reportDuplicateKeys(in: member.value)
      }
    case .array:
      for element in tape.elements(of: node) where tape.isContainer(element) { reportDuplicateKeys(in: element) }
    default:
      break
    }
  }

  /// The members of `object` with only the last copy of each repeated key kept, in source order: the same "last
  /// copy wins" reading as ``JSONTape/lastMember(_:in:)``, for objects whose keys are data (principal types,
  /// operators, condition keys).
  func lastCopies(_ object: Int) -> LastCopies {
    guard hasRepeatedKey(object) else { return LastCopies(members: tape.members(of: object), kept: nil) }
    var last: [String: Int] = [:]
    for member in tape.members(of: object) { last[name(member)] = member.key }
    return LastCopies(members: tape.members(of: object), kept: Set(last.values))
  }

  /// Whether two members of `object` share a key; only asked of a document where the reader found a repeated key.
  func hasRepeatedKey(_ object: Int) -> Bool {
    hasDuplicateKeys && tape.hasRepeatedKey(object)
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

  mutating func buildDocument() -> PolicyDocument? {
    let root = tape.root
    guard tape.kind(of: root) == .object else {
      report(
        ValidationRules.invalidValue,
        "a policy must be a JSON object, found \(describe(root))",
        at: range(root)
      )
      return nil
    }
    let rootRange = range(root)
    var versionValue: Located<PolicyVersion>?
    var idValue: Located<String>?
    // The last copy of each element, found in one pass over the members.
    var versionMember: Member?
    var idMember: Member?
    var statementMember: Member?
    for member in tape.members(of: root) {
      if tape.key(member, is: "Version") {
        versionMember = member
      } else if tape.key(member, is: "Statement") {
        statementMember = member
      } else if tape.key(member, is: "Id") {
        idMember = member
      } else {
        reportUnknown(member, known: ["Version", "Id", "Statement"], context: "a policy")
      }
    }
    if let member = versionMember {
      let value = member.value
      // Nearly every Version is a plain "2012-10-17", which its bytes tell without a String.
      let plain: PolicyVersion? =
        tape.withPlainText(value) { bytes in
          ASCII.bytes(bytes, spell: "2012-10-17") ? PolicyVersion.current : nil
        } ?? nil
      let text = plain == nil ? tape.string(value) : nil
      if let parsed = plain ?? text.flatMap(PolicyVersion.init(rawValue:)) {
        versionValue = Located(parsed, range: range(value))
      } else {
        let shown = text.map { "'\($0)'" } ?? describe(value)
        report(
          ValidationRules.invalidVersion,
          "Version \(shown) is not a policy language version; use '2012-10-17' (or the legacy '2008-10-17')",
          at: range(value),
          fix: Fix(
            title: "use '2012-10-17'",
            applicability: .unsafe,
            edits: [TextEdit(range: range(value), replacement: "\"2012-10-17\"")]
          )
        )
      }
    } else {
      report(
        ValidationRules.missingVersion,
        "the policy has no Version, so the legacy 2008-10-17 language applies and ${...} is literal text; "
          + "add \"Version\": \"2012-10-17\"",
        path: [],
        range: .at(rootRange.start)
      )
    }
    version = versionValue?.value
    if let member = idMember {
      if kind == .identity {
        report(
          ValidationRules.invalidValue,
          "identity policies cannot have an Id element",
          at: range(member.key)
        )
      }
      if let text = tape.string(member.value) {
        idValue = Located(text, range: range(member.value))
      } else {
        report(
          ValidationRules.invalidValue,
          "Id must be a string, found \(describe(member.value))",
          at: range(member.value)
        )
      }
    }
    var statements: [Statement] = []
    if let member = statementMember {
      statements = buildStatements(member.value)
    } else {
      report(
        ValidationRules.missingElement,
        "the policy has no Statement",
        path: [],
        range: .at(rootRange.start)
      )
    }
    checkDuplicateSids(statements)
    return PolicyDocument(
      kind: kind,
      version: versionValue,
      id: idValue,
      statements: statements,
      syntax: tape
    )
  }

  mutating func reportUnknown(_ member: Member, known: [String], context: String) {
    let key = name(member)
    let keyRange = range(member.key)
    let suggestion = Suggestion.closest(to: key, among: known)
    var message = "'\(key)' is not an element of \(context)"
    var fix: Fix?
    if let suggestion {
      message += "; did you mean '\(suggestion)'?"
      fix = Fix(
        title: "rename to '\(suggestion)'",
        applicability: .unsafe,
        edits: [TextEdit(range: keyRange, replacement: JSONOutput.quoted(suggestion))]
      )
    } else {
      message += " (expected one of: \(known.joined(separator: ", ")))"
    }
    report(
      ValidationRules.unknownElement,
      message,
      at: keyRange,
      fix: fix
    )
  }

  mutating func buildStatements(_ value: Int) -> [Statement] {
    switch tape.kind(of: value) {
    case .object:
      return buildStatement(value, index: 0).map { [$0] } ?? []
    case .array:
      if tape.isEmpty(value) {
        report(
          ValidationRules.emptyValue,
          "Statement is an empty array; the policy grants nothing",
          at: range(value),
          severity: .warning
        )
      }
      // Room for every statement up front: growing the array as it fills copies it again and again.
      var statements: [Statement] = []
      statements.reserveCapacity(tape.count(of: value))
      for (index, element) in tape.elements(of: value).enumerated() {
        if let statement = buildStatement(element, index: index) { statements.append(statement) }
      }
      return statements
    default:
      report(
        ValidationRules.invalidValue,
        "Statement must be an object or an array of objects, found \(describe(value))",
        at: range(value)
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

  /// The element names, as messages list them.
  static let statementElements = StatementElement.allCases.map { $0.name.description }

  mutating func buildStatement(_ value: Int, index: Int) -> Statement? {
    let statementRange = range(value)
    guard tape.kind(of: value) == .object else {
      report(
        ValidationRules.invalidValue,
        "a statement must be an object, found \(describe(value))",
        at: statementRange
      )
      return nil
    }
    var defects: [StatementDefect] = []
    // IAM rejects a repeated element, and parsers disagree on which copy wins.
    let repeatsElement = hasRepeatedKey(value)
    if repeatsElement { defects.append(.unreadable("a repeated element")) }
    // The last copy of each element, found in one pass over the members.
    var elements = StatementMembers()
    for member in tape.members(of: value) {
      if let element = StatementElement(member, in: tape) {
        elements[element] = member
      } else {
        reportUnknown(member, known: ModelBuilder.statementElements, context: "a statement")
        defects.append(.unknownElement(name(member)))
      }
    }

    var sid: Located<String>?
    if let member = elements[.sid] {
      sid = buildSid(member)
    }

    var effect: Located<Effect>?
    if let member = elements[.effect] {
      effect = buildEffect(member)
      // Only a statement that repeats an element can hold two Effects.
      if repeatsElement {
        let copies = tape.members(of: value).filter { tape.key($0, is: "Effect") }.map { tape.string($0.value) ?? "" }
        if copies.contains(where: { $0 != copies[0] }) {
          // "Deny" and "Allow" both written: which one IAM would read is unknown, so the effect is unknown.
          effect = nil
        }
      }
      if effect == nil { defects.append(.unreadable("Effect")) }
    } else {
      report(
        ValidationRules.missingElement,
        "the statement has no Effect; add \"Effect\": \"Allow\" or \"Deny\"",
        path: path(of: statementRange),
        range: .at(statementRange.start)
      )
      defects.append(.missing("Effect"))
    }

    var principal: PrincipalElement?
    let principalChoice = selectExclusive(
      "Principal",
      "NotPrincipal",
      positive: elements[.principal],
      negative: elements[.notPrincipal],
      statement: statementRange,
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
      positive: elements[.action],
      negative: elements[.notAction],
      statement: statementRange,
      required: true
    )
    for candidate in actionChoice.candidates {
      // Malformed entries stay: evaluated as written they match no action, which is what a literal does.
      guard let element = buildActions(candidate) else { continue }
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
      positive: elements[.resource],
      negative: elements[.notResource],
      statement: statementRange,
      required: kind != .repository
    )
    for candidate in resourceChoice.candidates {
      guard let entries = buildStringList(candidate.member, allowEmpty: false) else { continue }
      for entry in entries { checkResource(entry) }
      if resourceChoice.usable {
        resource = ResourceElement(
          isNot: candidate.isNot,
          entries: entries,
          range: range(candidate.member.value)
        )
      }
    }
    if !resourceChoice.candidates.isEmpty, resource == nil { defects.append(.unreadable("Resource")) }

    var condition: ConditionBlock?
    if let member = elements[.condition] {
      condition = buildCondition(member.value)
      if condition == nil { defects.append(.unreadable("Condition")) }
    }
    if kind != .identity, principal == nil {
      defects.append(principalChoice.candidates.isEmpty ? .missing("Principal") : .unreadable("Principal"))
    }

    return Statement(
      index: index,
      range: statementRange,
      sid: sid,
      effect: effect,
      principal: principal,
      action: action,
      resource: resource,
      condition: condition,
      defects: defects
    )
  }

  mutating func buildSid(_ member: Member) -> Located<String>? {
    let valueRange = range(member.value)
    guard let text = tape.string(member.value) else {
      report(
        ValidationRules.invalidValue,
        "Sid must be a string, found \(describe(member.value))",
        at: valueRange
      )
      return nil
    }
    if text.isEmpty {
      report(
        ValidationRules.emptyValue,
        "Sid is empty; remove it or name the statement",
        at: valueRange,
        severity: .note
      )
    } else if !ASCII.allBytes(of: text, satisfy: { ASCII.isDigit($0) || ASCII.isLetter($0) }) {
      report(
        ValidationRules.sidFormat,
        "Sid '\(text)' contains characters other than ASCII letters and digits, which IAM rejects in many "
          + "policy types",
        at: valueRange,
        // The ECR console itself writes Sids such as 'new statement', so ECR accepts them: only a note there.
        severity: kind == .identity ? .warning : .note
      )
    }
    return Located(text, range: valueRange)
  }

  mutating func buildEffect(_ member: Member) -> Located<Effect>? {
    let valueRange = range(member.value)
    // Nearly every Effect is a plain "Allow" or "Deny", which its bytes tell without a String.
    if let effect = tape.withPlainText(member.value, ModelBuilder.effect(spelled:)) ?? nil {
      return Located(effect, range: valueRange)
    }
    let text = tape.string(member.value)
    if let text, let effect = Effect(rawValue: text) {
      return Located(effect, range: valueRange)
    }
    let shown = text.map { "'\($0)'" } ?? describe(member.value)
    var message = "Effect must be 'Allow' or 'Deny' (case-sensitive), found \(shown)"
    var fix: Fix?
    if let text, let suggestion = Suggestion.closest(to: text, among: ["Allow", "Deny"]) {
      message += "; did you mean '\(suggestion)'?"
      fix = Fix(
        title: "use '\(suggestion)'",
        applicability: .unsafe,
        edits: [TextEdit(range: valueRange, replacement: JSONOutput.quoted(suggestion))]
      )
    }
    report(ValidationRules.invalidValue, message, at: valueRange, fix: fix)
    return nil
  }

  static func effect(spelled bytes: UnsafeBufferPointer<UInt8>) -> Effect? {
    if ASCII.bytes(bytes, spell: "Allow") { return .allow }
    return ASCII.bytes(bytes, spell: "Deny") ? .deny : nil
  }

  /// One of an element pair such as Principal/NotPrincipal, as found in a statement.
  struct ExclusiveCandidate {
    let member: Member
    let isNot: Bool
  }

  /// The candidates of an element pair, in order: none, one or both. Three pairs are chosen per statement, and an
  /// array for each cost more than the choice itself.
  struct ExclusiveCandidates: Sequence, IteratorProtocol {
    private var upcoming: ExclusiveCandidate?
    private var last: ExclusiveCandidate?

    init(_ first: ExclusiveCandidate? = nil, _ second: ExclusiveCandidate? = nil) {
      upcoming = first ?? second
      last = first == nil ? nil : second
    }

    var isEmpty: Bool { upcoming == nil }

    mutating func next() -> ExclusiveCandidate? {
      let candidate = upcoming
      upcoming = last
      last = nil
      return candidate
    }
  }

  /// Chooses between the last copies of `name` and `notName`, reporting both-present and neither-present. Every
  /// candidate is still validated; `usable` is false when both are present, because then the statement's meaning is
  /// unknown.
  mutating func selectExclusive(
    _ name: String,
    _ notName: String,
    positive positiveMember: Member?,
    negative negativeMember: Member?,
    statement: SourceRange,
    required: Bool
  ) -> (candidates: ExclusiveCandidates, usable: Bool) {
    let positive = positiveMember.map { ExclusiveCandidate(member: $0, isNot: false) }
    let negative = negativeMember.map { ExclusiveCandidate(member: $0, isNot: true) }
    if let positive, let negative {
      let negativeRange = range(negative.member.key)
      var finding = Finding(
        rule: ValidationRules.conflictingElements.id,
        severity: .error,
        message: "the statement has both '\(name)' and '\(notName)'; keep one",
        path: path(of: negativeRange),
        range: negativeRange
      )
      finding.notes.append(Note(message: "'\(name)' is here", range: range(positive.member.key)))
      findings.append(finding)
      return (ExclusiveCandidates(positive, negative), false)
    }
    if let found = positive ?? negative { return (ExclusiveCandidates(found), true) }
    if required {
      report(
        ValidationRules.missingElement,
        "the statement has no '\(name)' or '\(notName)'",
        path: path(of: statement),
        range: .at(statement.start)
      )
    }
    return (ExclusiveCandidates(), true)
  }

  /// A string or an array of strings; nil (with a finding) for anything else.
  mutating func buildStringList(_ member: Member, allowEmpty: Bool) -> [Located<String>]? {
    let value = member.value
    switch tape.kind(of: value) {
    case .string:
      let text = tape.text(of: value)
      if text.isEmpty, !allowEmpty {
        report(ValidationRules.emptyValue, "'\(name(member))' is an empty string", at: range(value))
      }
      return [Located(text, range: range(value))]
    case .array:
      if tape.isEmpty(value), !allowEmpty {
        report(ValidationRules.emptyValue, "'\(name(member))' is an empty array", at: range(value))
        // Read as written, an empty NotAction would match every action: the element's meaning is unknown instead.
        return nil
      }
      var entries: [Located<String>] = []
      entries.reserveCapacity(tape.count(of: value))
      var readable = true
      for element in tape.elements(of: value) {
        if let text = tape.string(element) {
          entries.append(Located(text, range: range(element)))
        } else {
          report(
            ValidationRules.invalidValue,
            "'\(name(member))' entries must be strings, found \(describe(element))",
            at: range(element)
          )
          readable = false
        }
      }
      // Dropping an entry would narrow Action or widen NotAction; an element with an unreadable entry is unknown.
      return readable ? entries : nil
    default:
      report(
        ValidationRules.invalidValue,
        "'\(name(member))' must be a string or an array of strings, found \(describe(value))",
        at: range(value)
      )
      return nil
    }
  }

  /// The Action or NotAction element of `candidate`: its entries read as ``buildStringList(_:allowEmpty:)`` reads
  /// them, with the same findings, and each entry's pattern made and checked as the entry is read. The actions
  /// policies grant most are told by their bytes, and such an entry's text and pattern are then the prepared
  /// pattern's, whose strings are literals: no String is made, and no entry is looked up twice.
  mutating func buildActions(_ candidate: ExclusiveCandidate) -> ActionElement? {
    let member = candidate.member
    let value = member.value
    var entries: [Located<String>] = []
    var patterns: [ActionPattern] = []
    switch tape.kind(of: value) {
    case .string:
      let (entry, pattern) = actionEntry(value)
      if entry.value.isEmpty {
        report(ValidationRules.emptyValue, "'\(name(member))' is an empty string", at: entry.range)
      }
      checkAction(entry, pattern)
      entries = [entry]
      patterns = [pattern]
    case .array where !tape.isEmpty(value) && tape.elements(of: value).allSatisfy({ tape.kind(of: $0) == .string }):
      let count = tape.count(of: value)
      entries.reserveCapacity(count)
      patterns.reserveCapacity(count)
      for element in tape.elements(of: value) {
        let (entry, pattern) = actionEntry(element)
        checkAction(entry, pattern)
        entries.append(entry)
        patterns.append(pattern)
      }
    default:
      // An empty list, an entry that is not a string, or neither a string nor a list: the list's findings, and an
      // element whose meaning is unknown.
      _ = buildStringList(member, allowEmpty: false)
      return nil
    }
    return ActionElement(isNot: candidate.isNot, entries: entries, patterns: patterns, range: range(value))
  }

  /// An action entry and its pattern, from a string node.
  func actionEntry(_ node: Int) -> (entry: Located<String>, pattern: ActionPattern) {
    let nodeRange = range(node)
    switch tape.withPlainText(node, ActionPattern.commonIndex(spelledBy:)) {
    case .some(.some(let index)):
      let pattern = ActionPattern.common[index]
      return (Located(pattern.text, range: nodeRange), pattern)
    case .some(.none):
      // Its bytes are its text, and they are none of the common patterns'.
      let text = tape.text(of: node)
      return (Located(text, range: nodeRange), ActionPattern(text))
    case .none:
      let text = tape.text(of: node)
      return (Located(text, range: nodeRange), ActionPattern.common(spelledAs: text) ?? ActionPattern(text))
    }
  }

  // MARK: - Principal

  mutating func buildPrincipal(_ member: Member, isNot: Bool) -> PrincipalElement? {
    let value = member.value
    let valueRange = range(value)
    switch tape.kind(of: value) {
    case .string:
      let text = tape.text(of: value)
      if text == "*" {
        let entry = PrincipalEntry(type: nil, value: "*", range: valueRange)
        return PrincipalElement(isNot: isNot, entries: [entry], range: valueRange)
      }
      if text.isEmpty {
        report(ValidationRules.emptyValue, "'\(name(member))' is an empty string", at: valueRange)
        return nil
      }
      // A bare ARN or account ID is a common mistake; read it as the AWS principal it names, and say so.
      report(
        ValidationRules.invalidValue,
        "'\(name(member))' must be \"*\" or an object such as {\"AWS\": \"\(text)\"}; read here as an AWS principal",
        at: valueRange,
        fix: Fix(
          title: "wrap the value in {\"AWS\": ...}",
          applicability: .safe,
          edits: [TextEdit(range: valueRange, replacement: "{\"AWS\": \(JSONOutput.quoted(text))}")]
        )
      )
      let entry = PrincipalEntry(type: .aws, value: text, range: valueRange)
      checkPrincipalEntry(entry)
      return PrincipalElement(isNot: isNot, entries: [entry], range: valueRange)
    case .object:
      if tape.isEmpty(value) {
        report(ValidationRules.emptyValue, "'\(name(member))' is an empty object", at: valueRange)
        return nil
      }
      var entries: [PrincipalEntry] = []
      var readable = true
      for typeMember in lastCopies(value) {
        // A plain key is matched by its bytes; any other (or an unknown type) is decoded, as the message needs.
        let plainType = tape.withPlainKey(typeMember, ModelBuilder.principalType(spelled:)) ?? nil
        guard let type = plainType ?? PrincipalType(rawValue: name(typeMember)) else {
          reportUnknown(typeMember, known: PrincipalType.allCases.map(\.rawValue), context: "a principal")
          readable = false
          continue
        }
        guard readPrincipalValues(typeMember, type: type, into: &entries) else {
          readable = false
          continue
        }
      }
      // An unreadable part leaves the principal set unknown; dropping the element keeps evaluation honest.
      guard readable else { return nil }
      return PrincipalElement(isNot: isNot, entries: entries, range: valueRange)
    default:
      report(
        ValidationRules.invalidValue,
        "'\(name(member))' must be \"*\" or an object, found \(describe(value))",
        at: valueRange
      )
      return nil
    }
  }

  /// The principal type whose name `bytes` spell; the names differ in length, so at most one is compared.
  static func principalType(spelled bytes: UnsafeBufferPointer<UInt8>) -> PrincipalType? {
    let candidate: PrincipalType
    switch bytes.count {
    case 3: candidate = .aws
    case 7: candidate = .service
    case 9: candidate = .federated
    case 13: candidate = .canonicalUser
    default: return nil
    }
    return ASCII.matches(candidate.rawValue, in: bytes, at: 0) ? candidate : nil
  }

  /// Appends the values under one principal type, a string or an array of them, to `entries` as entries of `type`,
  /// straight from the tape rather than through a list of their own; false when any of them is unreadable. Only the
  /// values of a list that is readable throughout are checked, each as it is read, rather than copied back out of
  /// `entries` afterwards: a list is readable when every value is a string.
  mutating func readPrincipalValues(
    _ member: Member,
    type: PrincipalType,
    into entries: inout [PrincipalEntry]
  ) -> Bool {
    let value = member.value
    guard tape.kind(of: value) == .array else {
      return readPrincipalValue(value, type: type, checked: true, into: &entries)
    }
    if tape.isEmpty(value) {
      report(ValidationRules.emptyValue, "'\(name(member))' is an empty array", at: range(value))
      return false
    }
    entries.reserveCapacity(entries.count + tape.count(of: value))
    let checked = tape.elements(of: value).allSatisfy { tape.kind(of: $0) == .string }
    var readable = true
    for element in tape.elements(of: value) {
      // Every value is read, so that each unreadable one gets its finding.
      readable = readPrincipalValue(element, type: type, checked: checked, into: &entries) && readable
    }
    return readable
  }

  /// Appends one principal value to `entries`, checked first when `checked` says so; false (with a finding) when it
  /// is not a string.
  mutating func readPrincipalValue(
    _ value: Int,
    type: PrincipalType,
    checked: Bool,
    into entries: inout [PrincipalEntry]
  ) -> Bool {
    let valueRange = range(value)
    switch tape.kind(of: value) {
    case .string:
      // A common service principal written plainly is its literal, a well-formed name that holds no placeholder:
      // there is nothing to check, or to search for placeholders.
      if type == .service, let service = tape.withPlainText(value, PrincipalEntry.commonService(spelledBy:)) ?? nil {
        entries.append(PrincipalEntry(commonService: service, range: valueRange))
        return true
      }
      let text = tape.text(of: value)
      if text.isEmpty {
        report(ValidationRules.emptyValue, "a principal is an empty string", at: valueRange)
      }
      let entry = PrincipalEntry(type: type, value: text, range: valueRange)
      if checked { checkPrincipalEntry(entry) }
      entries.append(entry)
      return true
    case .number:
      let text = tape.text(of: value)
      report(
        ValidationRules.invalidValue,
        "account ID \(text) is a JSON number; write it as the string \"\(text)\" (leading zeros matter)",
        at: valueRange,
        fix: Fix(
          title: "quote the account ID",
          applicability: .safe,
          edits: [TextEdit(range: valueRange, replacement: "\"\(text)\"")]
        )
      )
      return false
    case .object where soleKey(of: value).map(Display.isIntrinsic) == true:
      report(
        ValidationRules.unresolvedPlaceholder,
        "the principal is the unresolved CloudFormation intrinsic '\(soleKey(of: value) ?? "")'; verdicts that "
          + "depend on it are indeterminate",
        at: valueRange
      )
      return false
    default:
      report(
        ValidationRules.invalidValue,
        "a principal must be a string, found \(describe(value))",
        at: valueRange
      )
      return false
    }
  }

  /// The key of an object with exactly one member.
  func soleKey(of object: Int) -> String? {
    var members = tape.members(of: object)
    guard let only = members.next(), members.next() == nil else { return nil }
    return name(only)
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
      } else if ASCII.contains(text, either: UInt8(ascii: "*"), or: UInt8(ascii: "?")) {
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
    let plural = placeholders.count > 1 ? "s" : ""
    // One interpolation, with no string joined to it afterwards: templated policies report this for many values.
    report(
      ValidationRules.unresolvedPlaceholder,
      """
      \(Display.quoted(text)) holds the unresolved template placeholder\(plural) \(list); verdicts that depend on it \
      are indeterminate
      """,
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
    if ASCII.contains(pattern.service, either: UInt8(ascii: "*"), or: UInt8(ascii: "?")) {
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

  mutating func buildCondition(_ value: Int) -> ConditionBlock? {
    guard tape.kind(of: value) == .object else {
      report(
        ValidationRules.invalidValue,
        "Condition must be an object of operators, found \(describe(value))",
        at: range(value)
      )
      return nil
    }
    var clauses: [ConditionClause] = []
    var readable = true
    for operatorMember in lastCopies(value) {
      // A common operator written plainly is told by its bytes, and named by its base operator's literal: the name
      // is neither decoded nor parsed.
      let common = tape.withPlainKey(operatorMember, ConditionOperator.common(spelledBy:)) ?? nil
      let operatorKey = common?.base.rawValue ?? name(operatorMember)
      let operatorRange = range(operatorMember.key)
      let operatorName = Located(operatorKey, range: operatorRange)
      var parsedOperator: ConditionOperator?
      switch common.map(Result.success) ?? ConditionOperator.parse(operatorKey) {
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
            edits: [TextEdit(range: operatorRange, replacement: JSONOutput.quoted(suggestion))]
          )
        }
        report(ValidationRules.unknownOperator, message, at: operatorRange, fix: fix)
      }
      let keys = operatorMember.value
      guard tape.kind(of: keys) == .object else {
        report(
          ValidationRules.invalidValue,
          "operator '\(operatorKey)' must map to an object of condition keys, found " + describe(keys),
          at: range(keys)
        )
        readable = false
        continue
      }
      let hasNoKeys = tape.isEmpty(keys)
      if hasNoKeys, parsedOperator == nil {
        // Nothing to evaluate and an operator nobody knows: the condition's meaning is unknown.
        readable = false
      }
      if hasNoKeys {
        report(
          ValidationRules.emptyValue,
          "operator '\(operatorKey)' has no condition keys",
          at: range(keys),
          severity: .warning
        )
      }
      for keyMember in lastCopies(keys) {
        let common = tape.withPlainKey(keyMember, ConditionClause.commonKey(spelledBy:)) ?? nil
        let conditionKey = common?.key ?? name(keyMember)
        let conditionKeyRange = range(keyMember.key)
        if conditionKey.isEmpty {
          report(ValidationRules.emptyValue, "a condition key is empty", at: conditionKeyRange)
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
        let key = Located(conditionKey, range: conditionKeyRange)
        clauses.append(
          ConditionClause(
            operatorName: operatorName,
            conditionOperator: parsedOperator,
            key: key,
            normalizedKey: common?.normalized ?? ASCII.lowercased(conditionKey),
            values: values
          )
        )
      }
    }
    guard readable else { return nil }
    return ConditionBlock(clauses: clauses, range: range(value))
  }

  mutating func buildConditionValues(_ member: Member) -> [ConditionValue]? {
    let tape = tape
    func scalar(_ value: Int) -> ConditionValue? {
      switch tape.kind(of: value) {
      case .string: ConditionValue(text: tape.text(of: value), source: .string, range: tape.range(of: value))
      case .number: ConditionValue(text: tape.text(of: value), source: .number, range: tape.range(of: value))
      case .bool:
        ConditionValue(text: tape.bool(value) == true ? "true" : "false", source: .bool, range: tape.range(of: value))
      default: nil
      }
    }
    let list = member.value
    if tape.kind(of: list) == .array {
      if tape.isEmpty(list) {
        report(
          ValidationRules.emptyValue,
          "condition key '\(name(member))' has an empty list of values",
          at: range(list)
        )
        return nil
      }
      var values: [ConditionValue] = []
      values.reserveCapacity(tape.count(of: list))
      for element in tape.elements(of: list) {
        guard let value = scalar(element) else {
          report(
            ValidationRules.invalidValue,
            "condition values must be strings, numbers or booleans, found \(describe(element))",
            at: range(element)
          )
          return nil
        }
        values.append(value)
      }
      return values
    }
    guard let value = scalar(list) else {
      report(
        ValidationRules.invalidValue,
        "condition values must be strings, numbers or booleans, found \(describe(list))",
        at: range(list)
      )
      return nil
    }
    return [value]
  }
}

/// A member of a statement that names one of its elements.
private enum StatementElement: CaseIterable {
  case sid
  case effect
  case principal
  case notPrincipal
  case action
  case notAction
  case resource
  case notResource
  case condition

  /// The element `member`'s key names; nil for any other key. Every statement of every policy is read here, so a
  /// key is matched by its bytes: its length (and a first letter) picks the one name it can be.
  init?(_ member: JSONTape.Member, in tape: JSONTape) {
    let element = tape.withPlainKey(member, StatementElement.spelled) ?? StatementElement.named(tape.key(member))
    guard let element else { return nil }
    self = element
  }

  var name: StaticString {
    switch self {
    case .sid: "Sid"
    case .effect: "Effect"
    case .principal: "Principal"
    case .notPrincipal: "NotPrincipal"
    case .action: "Action"
    case .notAction: "NotAction"
    case .resource: "Resource"
    case .notResource: "NotResource"
    case .condition: "Condition"
    }
  }

  private static func spelled(_ bytes: UnsafeBufferPointer<UInt8>) -> StatementElement? {
    // Each name is compared as a literal of its own, which the compiler reads in a few wide comparisons, where a
    // name chosen first and compared after was read byte by byte.
    func spells(_ name: StaticString, _ element: StatementElement) -> StatementElement? {
      ASCII.bytes(bytes, spell: name) ? element : nil
    }
    switch bytes.count {
    case 3: return spells("Sid", .sid)
    case 6: return bytes[0] == UInt8(ascii: "E") ? spells("Effect", .effect) : spells("Action", .action)
    case 8: return spells("Resource", .resource)
    case 9:
      switch bytes[0] {
      case UInt8(ascii: "P"): return spells("Principal", .principal)
      case UInt8(ascii: "N"): return spells("NotAction", .notAction)
      default: return spells("Condition", .condition)
      }
    case 11: return spells("NotResource", .notResource)
    case 12: return spells("NotPrincipal", .notPrincipal)
    default: return nil
    }
  }

  private static func named(_ key: String) -> StatementElement? {
    allCases.first { key == $0.name.description }
  }
}

/// The last copy of each element of a statement.
private struct StatementMembers {
  private var sid: JSONTape.Member?
  private var effect: JSONTape.Member?
  private var principal: JSONTape.Member?
  private var notPrincipal: JSONTape.Member?
  private var action: JSONTape.Member?
  private var notAction: JSONTape.Member?
  private var resource: JSONTape.Member?
  private var notResource: JSONTape.Member?
  private var condition: JSONTape.Member?

  subscript(element: StatementElement) -> JSONTape.Member? {
    get {
      switch element {
      case .sid: sid
      case .effect: effect
      case .principal: principal
      case .notPrincipal: notPrincipal
      case .action: action
      case .notAction: notAction
      case .resource: resource
      case .notResource: notResource
      case .condition: condition
      }
    }
    set {
      switch element {
      case .sid: sid = newValue
      case .effect: effect = newValue
      case .principal: principal = newValue
      case .notPrincipal: notPrincipal = newValue
      case .action: action = newValue
      case .notAction: notAction = newValue
      case .resource: resource = newValue
      case .notResource: notResource = newValue
      case .condition: condition = newValue
      }
    }
  }
}

/// The members of an object, less the earlier copies of a repeated key (see ``ModelBuilder/lastCopies(_:)``).
private struct LastCopies: Sequence, IteratorProtocol {
  var members: JSONTape.Members
  /// The keys of the members kept; nil when every member is.
  let kept: Set<Int>?

  mutating func next() -> JSONTape.Member? {
    while let member = members.next() {
      if kept?.contains(member.key) ?? true { return member }
    }
    return nil
  }
}
