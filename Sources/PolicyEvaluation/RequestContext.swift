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
  private var entries: [String: ContextValue] = [:]
  private var names: [String: String] = [:]
  private var absentKeys: Set<String> = []
  private var absentPrefixes: [String] = []
  /// When true, keys neither set nor declared absent are `.unknown` instead of absent.
  public var isOpen = false

  public init() {}

  /// Declares `key` absent in an open context (and removes any value it had).
  public mutating func markAbsent(_ key: String) {
    self[key] = nil
    absentKeys.insert(key.lowercased())
  }

  /// Declares every key starting with `prefix` (such as `aws:PrincipalTag/`) absent in an open context.
  public mutating func markAbsent(prefix: String) {
    absentPrefixes.append(prefix.lowercased())
  }

  public init(_ values: [(String, ContextValue)]) {
    for (key, value) in values { self[key] = value }
  }

  public subscript(key: String) -> ContextValue? {
    get {
      let lowered = key.lowercased()
      if let value = entries[lowered] { return value }
      guard isOpen, !absentKeys.contains(lowered), !absentPrefixes.contains(where: lowered.hasPrefix) else {
        return nil
      }
      return .unknown
    }
    set {
      entries[key.lowercased()] = newValue
      names[key.lowercased()] = newValue == nil ? nil : key
    }
  }

  /// Keys as first spelled, sorted, for traces and witnesses.
  public var sortedKeys: [String] { names.values.sorted() }

  /// The value set for `key`, ignoring the open default.
  public func explicitValue(_ key: String) -> ContextValue? { entries[key.lowercased()] }

  /// True when `key` was declared absent.
  public func isDeclaredAbsent(_ key: String) -> Bool {
    let lowered = key.lowercased()
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
    let implied = RequestContext.implied(by: principal)
    for key in implied.sortedKeys where context.explicitValue(key) == nil && !context.isDeclaredAbsent(key) {
      full[key] = implied[key]
    }
    self.context = full
  }
}

extension RequestContext {
  /// Keys IAM sets from the principal itself. Keys that depend on the caller's organisation, session or network
  /// (aws:PrincipalOrgID, aws:userid, aws:SourceIp, aws:SecureTransport, ...) are not invented: they are absent
  /// unless the request supplies them.
  public static func implied(by principal: RequestPrincipal) -> RequestContext {
    var context = RequestContext()
    switch principal {
    case .service(let name):
      context["aws:PrincipalIsAWSService"] = .single("true")
      context["aws:PrincipalServiceName"] = .single(name)
      context["aws:PrincipalServiceNamesList"] = .multiple([name])
    case .anonymous:
      context["aws:PrincipalIsAWSService"] = .single("false")
    default:
      context["aws:PrincipalIsAWSService"] = .single("false")
      if let arn = principal.principalARN { context["aws:PrincipalArn"] = .single(arn) }
      if let account = principal.account { context["aws:PrincipalAccount"] = .single(account) }
      if let type = principal.principalType { context["aws:PrincipalType"] = .single(type) }
    }
    return context
  }
}
