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
    /// The key lower-cased.
    var key: String
    /// The key as first spelled.
    var name: String
    var value: ContextValue
  }

  // A request holds about a dozen keys, and audits build thousands of requests that differ from a shared base in
  // two or three: small arrays copy in one step and need no hashing. Order does not matter (see `==`).
  private var entries: [Entry] = []
  private var absentKeys: [String] = []
  private var absentPrefixes: [String] = []
  /// When true, keys neither set nor declared absent are `.unknown` instead of absent.
  public var isOpen = false

  public init() {}

  public init(_ values: [(String, ContextValue)]) {
    for (key, value) in values { self[key] = value }
  }

  /// Declares `key` absent in an open context (and removes any value it had).
  public mutating func markAbsent(_ key: String) {
    let normalized = RequestContext.normalized(key)
    remove(normalizedKey: normalized)
    RequestContext.insertOnce(normalized, into: &absentKeys)
  }

  /// Declares every key starting with `prefix` (such as `aws:PrincipalTag/`) absent in an open context.
  public mutating func markAbsent(prefix: String) {
    RequestContext.insertOnce(RequestContext.normalized(prefix), into: &absentPrefixes)
  }

  public subscript(key: String) -> ContextValue? {
    get { value(normalizedKey: RequestContext.normalized(key)) }
    set {
      let normalized = RequestContext.normalized(key)
      if let newValue {
        set(newValue, normalizedKey: normalized, name: key)
      } else {
        remove(normalizedKey: normalized)
      }
    }
  }

  /// The value of a key already lower-cased (condition clauses carry their key lower-cased, so the evaluator's
  /// lookups allocate nothing).
  public func value(normalizedKey key: String) -> ContextValue? {
    if let index = entries.firstIndex(where: { $0.key == key }) { return entries[index].value }
    guard isOpen, !isAbsent(normalizedKey: key) else { return nil }
    return .unknown
  }

  private func isAbsent(normalizedKey key: String) -> Bool {
    absentKeys.contains(key) || absentPrefixes.contains(where: key.hasPrefix)
  }

  private mutating func remove(normalizedKey key: String) {
    if let index = entries.firstIndex(where: { $0.key == key }) { entries.remove(at: index) }
  }

  private static func insertOnce(_ key: String, into keys: inout [String]) {
    if !keys.contains(key) { keys.append(key) }
  }

  /// Equal when the same keys hold the same values and the same keys are declared absent, in any order.
  public static func == (lhs: RequestContext, rhs: RequestContext) -> Bool {
    lhs.isOpen == rhs.isOpen && lhs.canonical == rhs.canonical
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(isOpen)
    hasher.combine(canonical.entries)
    hasher.combine(canonical.absentKeys)
    hasher.combine(canonical.absentPrefixes)
  }

  private struct Canonical: Equatable {
    var entries: [Entry]
    var absentKeys: [String]
    var absentPrefixes: [String]
  }

  private var canonical: Canonical {
    Canonical(
      entries: entries.sorted { ASCII.bytewisePrecedes($0.key, $1.key) },
      absentKeys: absentKeys.sorted(by: ASCII.bytewisePrecedes),
      absentPrefixes: absentPrefixes.sorted(by: ASCII.bytewisePrecedes)
    )
  }

  /// Keys as first spelled, sorted, for traces and witnesses.
  public var sortedKeys: [String] { entries.map(\.name).sorted() }

  /// The keys set, each with its lower-cased form and its value, sorted as ``sortedKeys`` sorts them.
  package var sortedEntries: [(name: String, normalizedKey: String, value: ContextValue)] {
    entries.sorted { $0.name < $1.name }.map { ($0.name, $0.key, $0.value) }
  }

  /// The value set for `key`, ignoring the open default.
  public func explicitValue(_ key: String) -> ContextValue? {
    let normalized = RequestContext.normalized(key)
    return entries.first { $0.key == normalized }?.value
  }

  /// True when `key` was declared absent.
  public func isDeclaredAbsent(_ key: String) -> Bool { isAbsent(normalizedKey: RequestContext.normalized(key)) }

  /// Adds `value` for `key`; a key given twice becomes multi-valued, as repeating `--context` does.
  public mutating func append(_ value: String, for key: String) {
    switch explicitValue(key) {
    case .single(let existing): self[key] = .multiple([existing, value])
    case .multiple(let existing): self[key] = .multiple(existing + [value])
    case .unknown, nil: self[key] = .single(value)
    }
  }

  /// Sets a value under a key given in both spellings; for callers that set the same keys many times.
  public mutating func set(_ value: ContextValue, normalizedKey: String, name: String) {
    let entry = Entry(key: normalizedKey, name: name, value: value)
    if let position = entries.firstIndex(where: { $0.key == normalizedKey }) {
      entries[position] = entry
    } else {
      entries.append(entry)
    }
  }

  /// Makes room for `count` more keys; with ``addNew(_:normalizedKey:name:)``, a context copied from a shared base
  /// gets its own keys in one allocation.
  package mutating func reserveNewKeys(_ count: Int) { entries.reserveCapacity(entries.count + count) }

  /// Adds a key this context does not set yet, without looking for it: for callers that built the context and know
  /// the key is new (checked in debug builds). Otherwise the same as ``set(_:normalizedKey:name:)``.
  package mutating func addNew(_ value: ContextValue, normalizedKey: String, name: String) {
    assert(!entries.contains { $0.key == normalizedKey }, "\(name) is already set")
    entries.append(Entry(key: normalizedKey, name: name, value: value))
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

  /// A request whose context already holds the keys `principal` implies (built once by `addImplied(by:)` for many
  /// requests of the same principal), so they are not looked up again per request. The caller guarantees it: a
  /// context prepared for another principal would lack or misstate those keys.
  package init(principal: RequestPrincipal, action: String, resource: String?, impliedContext: RequestContext) {
    self.principal = principal
    self.action = action
    self.resource = resource
    self.context = impliedContext
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

  /// The keys, lower-cased, that ``implied(by:)`` sets for `principal`, without building their values.
  package static func impliedKeys(by principal: RequestPrincipal) -> [String] {
    switch principal {
    case .service: ["aws:principalisawsservice", "aws:principalservicename", "aws:principalservicenameslist"]
    case .anonymous: ["aws:principalisawsservice"]
    // Every IAM identity has an ARN, an account and a type.
    case .accountRoot, .user, .roleSession, .federatedUser:
      ["aws:principalisawsservice", "aws:principalarn", "aws:principalaccount", "aws:principaltype"]
    }
  }

  /// Sets the keys `principal` implies, except those this context already sets or declares absent.
  package mutating func addImplied(by principal: RequestPrincipal) {
    // Every request goes through here: keys are spelled once in both forms so nothing is lower-cased per request.
    func set(_ name: String, _ normalized: String, _ value: ContextValue) {
      guard !entries.contains(where: { $0.key == normalized }), !isAbsent(normalizedKey: normalized) else { return }
      self.set(value, normalizedKey: normalized, name: name)
    }
    switch principal {
    case .service(let name):
      set("aws:PrincipalIsAWSService", "aws:principalisawsservice", .single("true"))
      set("aws:PrincipalServiceName", "aws:principalservicename", .single(name))
      set("aws:PrincipalServiceNamesList", "aws:principalservicenameslist", .multiple([name]))
    case .anonymous:
      set("aws:PrincipalIsAWSService", "aws:principalisawsservice", .single("false"))
    default:
      set("aws:PrincipalIsAWSService", "aws:principalisawsservice", .single("false"))
      if let arn = principal.principalARN { set("aws:PrincipalArn", "aws:principalarn", .single(arn)) }
      if let account = principal.account { set("aws:PrincipalAccount", "aws:principalaccount", .single(account)) }
      if let type = principal.principalType { set("aws:PrincipalType", "aws:principaltype", .single(type)) }
    }
  }
}
