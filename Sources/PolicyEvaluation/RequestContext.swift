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

  /// A key, or a key prefix such as `aws:PrincipalTag/`, declared absent.
  private struct AbsentKey: Sendable, Hashable {
    var key: String
    var isPrefix: Bool
  }

  // A request holds about a dozen keys, and audits build thousands of requests that differ from a shared base in
  // two or three: small arrays copy in one step and need no hashing. Order does not matter (see `==`).
  private var entries: [Entry] = []
  /// The entries of the context this one was copied from, set aside by ``reserveNewKeys(_:)`` and shared with it: a
  /// request extending a base context by two or three keys then retains one array instead of every key and value of
  /// the base, and releases only its own keys when it goes. Holds no key `entries` holds, and is never indexed.
  private var inherited: [Entry] = []
  private var absent: [AbsentKey] = []
  /// Positions of the entries by key, kept only for large contexts (see ``KeyIndex``); nil otherwise.
  private var index: KeyIndex?
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
    insertOnce(AbsentKey(key: normalized, isPrefix: false))
  }

  /// Declares every key starting with `prefix` (such as `aws:PrincipalTag/`) absent in an open context.
  public mutating func markAbsent(prefix: String) {
    insertOnce(AbsentKey(key: RequestContext.normalized(prefix), isPrefix: true))
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
    if let value = setValue(normalizedKey: key) { return value }
    guard isOpen, !isAbsent(normalizedKey: key) else { return nil }
    return .unknown
  }

  /// The value set for `key`, by this context or the one it inherits from.
  @inline(__always)
  private func setValue(normalizedKey key: String) -> ContextValue? {
    if let position = position(of: key) { return entries[position].value }
    return inheritedPosition(of: key).map { inherited[$0].value }
  }

  /// Where the entry for `key` is among the context's own entries: scanned in a small context, looked up in a large
  /// one.
  @inline(__always)
  private func position(of key: String) -> Int? {
    if let index { return index.positions[key] }
    // From the end: the keys a request adds to the base it copies (aws:SourceArn, aws:PrincipalArn, ...) are the ones
    // conditions ask about most, and a key is set at most once, so the entry found is the same either way.
    return entries.lastIndex { $0.key == key }
  }

  /// Where the entry for `key` is among the inherited entries.
  @inline(__always)
  private func inheritedPosition(of key: String) -> Int? {
    inherited.isEmpty ? nil : inherited.firstIndex { $0.key == key }
  }

  /// Whether `key` is set, by this context or the one it inherits from.
  private func isSet(normalizedKey key: String) -> Bool {
    position(of: key) != nil || inheritedPosition(of: key) != nil
  }

  /// Where the entry for `key` is among the context's own entries, for changing it: an inherited entry is first
  /// taken over, with all the others (changing a probe's inherited keys is rare: only probes that satisfy or defeat a
  /// condition do).
  private mutating func ownPosition(of key: String) -> Int? {
    if let position = position(of: key) { return position }
    guard inheritedPosition(of: key) != nil else { return nil }
    takeOverInherited()
    return position(of: key)
  }

  @inline(never)
  private mutating func takeOverInherited() {
    entries = inherited + entries
    inherited = []
    index = nil
    indexIfLarge()
  }

  /// The inherited entries followed by the context's own, for the rare readers that need them all.
  private var allEntries: [Entry] { inherited.isEmpty ? entries : inherited + entries }

  private func isAbsent(normalizedKey key: String) -> Bool {
    absent.contains { $0.isPrefix ? key.hasPrefix($0.key) : $0.key == key }
  }

  private mutating func remove(normalizedKey key: String) {
    guard let position = ownPosition(of: key) else { return }
    entries.remove(at: position)
    // Every later entry moved: index them again. Removing is rare (declaring a key absent, setting nil).
    index = nil
    indexIfLarge()
  }

  private mutating func insertOnce(_ key: AbsentKey) {
    if !absent.contains(key) { absent.append(key) }
  }

  /// Appends an entry whose key is not set yet, and indexes it when the context is large.
  @inline(__always)
  private mutating func append(_ entry: Entry) {
    entries.append(entry)
    if entries.count > KeyIndex.threshold { indexLast() }
  }

  /// Indexes the entry just appended, or all of them when the context has just grown large.
  @inline(never)
  private mutating func indexLast() {
    guard var shared = index else { return indexIfLarge() }
    // Released here, so that a context that does not share its index is the one reference left to it.
    index = nil
    if !isKnownUniquelyReferenced(&shared) { shared = KeyIndex(shared.positions) }
    shared.positions[entries[entries.count - 1].key] = entries.count - 1
    index = shared
  }

  /// Builds the index once the context holds more keys than a scan should go through.
  @inline(never)
  private mutating func indexIfLarge() {
    guard index == nil, entries.count > KeyIndex.threshold else { return }
    var positions: [String: Int] = [:]
    positions.reserveCapacity(entries.count)
    for (position, entry) in entries.enumerated() { positions[entry.key] = position }
    index = KeyIndex(positions)
  }

  /// Equal when the same keys hold the same values and the same keys are declared absent, in any order.
  public static func == (lhs: RequestContext, rhs: RequestContext) -> Bool {
    lhs.isOpen == rhs.isOpen && lhs.canonical == rhs.canonical
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(isOpen)
    let canonical = canonical
    hasher.combine(canonical.entries)
    hasher.combine(canonical.absent)
  }

  private struct Canonical: Equatable {
    var entries: [Entry]
    var absent: [AbsentKey]
  }

  private var canonical: Canonical {
    Canonical(
      entries: allEntries.sorted { ASCII.bytewisePrecedes($0.key, $1.key) },
      absent: absent.sorted { lhs, rhs in
        lhs.isPrefix != rhs.isPrefix ? !lhs.isPrefix : ASCII.bytewisePrecedes(lhs.key, rhs.key)
      }
    )
  }

  /// Keys as first spelled, sorted, for traces and witnesses.
  public var sortedKeys: [String] { allEntries.map(\.name).sorted() }

  /// How many keys are set.
  package var count: Int { inherited.count + entries.count }

  /// Calls `body` with each key set (as first spelled) and its value, in the order of ``sortedKeys``, leaving out the
  /// lower-cased keys of `excluded`. Witnesses leave out the keys a principal implies, about half of a request's:
  /// pointers to the entries are filtered, then sorted, so no entry is copied.
  package func forEachSortedEntry(excluding excluded: [String], _ body: (String, ContextValue) -> Void) {
    // Lengths first: comparing strings costs several times more, and few keys share a length with an excluded one.
    func isExcluded(_ key: String) -> Bool {
      let length = key.utf8.count
      return excluded.contains { $0.utf8.count == length && $0 == key }
    }
    // The entries are read in place, through pointers sorted on the stack: a closure over `self` retained each of
    // its arrays, an array of positions cost an allocation per witness, and reading a name through a pointer does not
    // retain it for each comparison.
    inherited.withUnsafeBufferPointer { inherited in
      entries.withUnsafeBufferPointer { own in
        withUnsafeTemporaryAllocation(of: UnsafePointer<Entry>.self, capacity: inherited.count + own.count) { storage in
          var count = 0
          func keep(_ entries: UnsafeBufferPointer<Entry>) {
            guard let start = entries.baseAddress else { return }
            for offset in entries.indices where !isExcluded(entries[offset].key) {
              storage[count] = start + offset
              count += 1
            }
          }
          keep(inherited)
          keep(own)
          var sorted = UnsafeMutableBufferPointer(rebasing: storage[..<count])
          sorted.sort { RequestContext.namePrecedes($0.pointee.name, $1.pointee.name) }
          for entry in sorted { body(entry.pointee.name, entry.pointee.value) }
        }
      }
    }
  }

  /// Whether `lhs` sorts before `rhs` as String `<` sorts them. For two ASCII names that is their byte order (`<`
  /// compares Unicode scalars after normalization, and ASCII text is already normalized), which costs a fraction of
  /// `<`; any other name is compared by `<`.
  private static func namePrecedes(_ lhs: String, _ rhs: String) -> Bool {
    let byteOrder = lhs.utf8.withContiguousStorageIfAvailable { left in
      rhs.utf8.withContiguousStorageIfAvailable { right in asciiPrecedes(left, right) } ?? nil
    }
    return (byteOrder ?? nil) ?? (lhs < rhs)
  }

  /// Whether the ASCII text `lhs` sorts before `rhs` by its bytes; nil when either is not ASCII.
  private static func asciiPrecedes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool? {
    var combined: UInt8 = 0
    for byte in lhs { combined |= byte }
    for byte in rhs { combined |= byte }
    guard combined < 0x80 else { return nil }
    for index in 0..<min(lhs.count, rhs.count) where lhs[index] != rhs[index] { return lhs[index] < rhs[index] }
    return lhs.count < rhs.count
  }

  /// The value set for `key`, ignoring the open default.
  public func explicitValue(_ key: String) -> ContextValue? {
    setValue(normalizedKey: RequestContext.normalized(key))
  }

  /// True when `key` was declared absent.
  public func isDeclaredAbsent(_ key: String) -> Bool { isAbsent(normalizedKey: RequestContext.normalized(key)) }

  /// Adds `value` for `key`; a key given twice becomes multi-valued, as repeating `--context` does.
  public mutating func append(_ value: String, for key: String) {
    let normalized = RequestContext.normalized(key)
    guard let position = ownPosition(of: normalized) else {
      set(.single(value), normalizedKey: normalized, name: key)
      return
    }
    switch entries[position].value {
    case .single(let existing): entries[position].value = .multiple([existing, value])
    case .multiple(var values):
      // Taken out of the entry first, so that the values are not copied for each one appended.
      entries[position].value = .unknown
      values.append(value)
      entries[position].value = .multiple(values)
    case .unknown: entries[position].value = .single(value)
    }
    // As setting the key would: the entry takes this spelling.
    entries[position].name = key
  }

  /// Sets a value under a key given in both spellings; for callers that set the same keys many times.
  public mutating func set(_ value: ContextValue, normalizedKey: String, name: String) {
    let entry = Entry(key: normalizedKey, name: name, value: value)
    if let position = ownPosition(of: normalizedKey) {
      entries[position] = entry
    } else {
      append(entry)
    }
  }

  /// Makes room for `count` more keys; with ``addNew(_:normalizedKey:name:)``, a context copied from a shared base
  /// gets its own keys in one allocation, and keeps the base's keys shared instead of copying them.
  package mutating func reserveNewKeys(_ count: Int) {
    if inherited.isEmpty, index == nil {
      inherited = entries
      entries = []
    }
    entries.reserveCapacity(entries.count + count)
  }

  /// Adds a key this context does not set yet, without looking for it: for callers that built the context and know
  /// the key is new (checked in debug builds). Otherwise the same as ``set(_:normalizedKey:name:)``.
  package mutating func addNew(_ value: ContextValue, normalizedKey: String, name: String) {
    assert(!isSet(normalizedKey: normalizedKey), "\(name) is already set")
    append(Entry(key: normalizedKey, name: name, value: value))
  }

  /// IAM compares key names ignoring case.
  public static func normalized(_ key: String) -> String { ASCII.lowercased(key) }
}

/// Positions of a large context's entries by key. Contexts built from a condition of thousands of keys (a hostile
/// or generated policy) would otherwise cost a scan per lookup, quadratic in all; the usual dozen keys are scanned.
/// Copy on write: a context mutates its index only when no copy shares it.
private final class KeyIndex: @unchecked Sendable {
  static let threshold = 32
  var positions: [String: Int]

  init(_ positions: [String: Int]) { self.positions = positions }
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
  /// context prepared for another principal would lack or misstate those keys. Inlinable: the audit builds a request
  /// per probe, and a call across modules copied the whole request once more.
  @inlinable package init(
    principal: RequestPrincipal,
    action: String,
    resource: String?,
    impliedContext: RequestContext
  ) {
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
      guard !isSet(normalizedKey: normalized), !isAbsent(normalizedKey: normalized) else { return }
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
