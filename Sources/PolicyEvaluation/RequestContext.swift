import PolicySyntax

/// The value of one condition key in a request.
public enum ContextValue: Sendable, Hashable {
  /// A single-valued key.
  case single(String)
  /// A multi-valued key; may be empty.
  case multiple([String])
  /// Present or absent, value unknown: what an analysis uses for keys whose presence AWS does not document.
  case unknown
}

/// Condition keys of a request, looked up ignoring case as IAM does. A key that is not here is absent, unless the
/// context is *open*: then only keys declared absent are absent and every other key is unknown, which is how an
/// audit asks "can this principal pull?" without inventing request details it cannot know.
public struct RequestContext: Sendable, Hashable {
  private struct Entry: Sendable, Hashable {
    var name: String
    var value: ContextValue
  }

  /// Values by lower-cased key, each with the key as first spelled.
  private var entries: [String: Entry] = [:]
  private var absentKeys: Set<String> = []
  private var absentPrefixes: [String] = []
  /// When true, keys neither set nor declared absent are `.unknown` instead of absent.
  public var isOpen = false

  public init() {}

  public init(_ values: [(String, ContextValue)]) {
    for (key, value) in values { self[key] = value }
  }

  /// Declares `key` absent in an open context (and removes any value it had).
  public mutating func markAbsent(_ key: String) {
    self[key] = nil
    absentKeys.insert(RequestContext.normalized(key))
  }

  /// Declares every key starting with `prefix` (such as `aws:PrincipalTag/`) absent in an open context.
  public mutating func markAbsent(prefix: String) {
    absentPrefixes.append(RequestContext.normalized(prefix))
  }

  public subscript(key: String) -> ContextValue? {
    get { value(normalizedKey: RequestContext.normalized(key)) }
    set {
      let normalized = RequestContext.normalized(key)
      entries[normalized] = newValue.map { Entry(name: key, value: $0) }
    }
  }

  /// The value of a key already lower-cased (condition clauses carry their key lower-cased, so the evaluator's
  /// lookups allocate nothing).
  public func value(normalizedKey key: String) -> ContextValue? {
    if let entry = entries[key] { return entry.value }
    guard isOpen, !absentKeys.contains(key), !absentPrefixes.contains(where: key.hasPrefix) else { return nil }
    return .unknown
  }

  /// Keys as first spelled, sorted, for traces and witnesses.
  public var sortedKeys: [String] { entries.values.map(\.name).sorted() }

  /// The value set for `key`, ignoring the open default.
  public func explicitValue(_ key: String) -> ContextValue? { entries[RequestContext.normalized(key)]?.value }

  /// True when `key` was declared absent.
  public func isDeclaredAbsent(_ key: String) -> Bool {
    let lowered = RequestContext.normalized(key)
    return absentKeys.contains(lowered) || absentPrefixes.contains(where: lowered.hasPrefix)
  }

  /// Adds `value` for `key`; a key given twice becomes multi-valued, as repeating `--context` does.
  public mutating func append(_ value: String, for key: String) {
    switch explicitValue(key) {
    case .single(let existing): self[key] = .multiple([existing, value])
    case .multiple(let existing): self[key] = .multiple(existing + [value])
    case .unknown, nil: self[key] = .single(value)
    }
  }

  private static let impliedKeys: [String: String] = Dictionary(
    uniqueKeysWithValues: [
      "aws:PrincipalIsAWSService", "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalArn",
      "aws:PrincipalAccount", "aws:PrincipalType",
    ].map { ($0, $0.lowercased()) }
  )

  /// Sets a value under a key given in both spellings; for callers that set the same keys many times.
  public mutating func set(_ value: ContextValue, normalizedKey: String, name: String) {
    entries[normalizedKey] = Entry(name: name, value: value)
  }

  /// IAM compares key names ignoring case.
  public static func normalized(_ key: String) -> String { ASCII.lowercased(key) }
}

/// One request to evaluate.
public struct Request: Sendable, Hashable {
  public var principal: RequestPrincipal
  public var action: String
  /// The resource ARN; nil means "this repository, ARN unknown": a `Resource` element naming ARNs then makes the
  /// verdict indeterminate rather than guessed.
  public var resource: String?
  public var context: RequestContext

  /// A request whose context holds the keys the principal implies (spec §6), overridden by `context`.
  public init(principal: RequestPrincipal, action: String, resource: String?, context: RequestContext = .init()) {
    self.principal = principal
    self.action = action
    self.resource = resource
    var full = context
    full.addImplied(by: principal)
    self.context = full
  }
}

extension RequestContext {
  /// Keys IAM sets from the principal itself. Keys that depend on the caller's organisation, session or network
  /// (aws:PrincipalOrgID, aws:userid, aws:SourceIp, aws:SecureTransport, ...) are not invented: they are absent
  /// unless the request supplies them.
  public static func implied(by principal: RequestPrincipal) -> RequestContext {
    var context = RequestContext()
    context.addImplied(by: principal)
    return context
  }

  /// Sets the keys `principal` implies, except those this context already sets or declares absent.
  package mutating func addImplied(by principal: RequestPrincipal) {
    // Every request goes through here: keys are spelled once in both forms so nothing is lower-cased per request.
    func set(_ key: String, _ value: ContextValue) {
      let normalized = RequestContext.impliedKeys[key] ?? RequestContext.normalized(key)
      guard entries[normalized] == nil, !absentKeys.contains(normalized),
        !absentPrefixes.contains(where: normalized.hasPrefix)
      else { return }
      entries[normalized] = Entry(name: key, value: value)
    }
    switch principal {
    case .service(let name):
      set("aws:PrincipalIsAWSService", .single("true"))
      set("aws:PrincipalServiceName", .single(name))
      set("aws:PrincipalServiceNamesList", .multiple([name]))
    case .anonymous:
      set("aws:PrincipalIsAWSService", .single("false"))
    default:
      set("aws:PrincipalIsAWSService", .single("false"))
      if let arn = principal.principalARN { set("aws:PrincipalArn", .single(arn)) }
      if let account = principal.account { set("aws:PrincipalAccount", .single(account)) }
      if let type = principal.principalType { set("aws:PrincipalType", .single(type)) }
    }
  }
}
