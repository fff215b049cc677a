public import PolicyEvaluation
import PolicyModel
import PolicySyntax
import Synchronization

/// The decision for one request under the repository policy and, when given, the registry policy.
public struct AccessVerdict: Sendable {
  public let repository: Evaluation
  public let registry: Evaluation?
  public let decision: Decision

  /// Whether the request is granted; nil when the answer depends on something unknown.
  public var isGranted: Bool? {
    switch decision {
    case .allow: true
    case .explicitDeny, .implicitDeny: false
    case .indeterminate:
      (repository.isGranted == false && (registry?.isGranted ?? false) == false) ? false : nil
    }
  }
}

/// Builds the requests an audit asks about and evaluates them. Keys the auditor cannot know (an account's
/// organization, the time, tags) are *unknown*, so a condition on them gives "indeterminate", never a guess.
/// A class: every copy of an ``AuditContext`` carries it, and its request contexts need not be copied with it.
final class AccessProbe {
  let document: PolicyDocument
  /// The registry policy evaluated with the repository policy, when the intent gives one.
  let registryPolicy: PolicyDocument?
  /// An account the policy does not mention: stands for "any other account".
  let stranger: String
  /// The Region probes use: the intent's, or the one the policy's Lambda patterns name.
  let region: String

  let partition: String
  private let contexts: ProbeContexts
  /// The starts of the ARNs probes make, for this partition and Region.
  private let prefixes: ARNPrefixes
  /// The intent's repository ARN, made once for all the probes.
  private let repositoryARN: String?
  /// Whether ``prefixes`` are the auditor's (the file has the intent's partition and Region).
  private let sharesPrefixes: Bool

  /// The intent is borrowed: the probe keeps only what it needs of it, and a copy retained its every part.
  init(
    document: PolicyDocument,
    intent: borrowing AuditIntent,
    stranger: String,
    region: String,
    contexts: ProbeContexts
  ) {
    self.document = document
    registryPolicy = intent.registryPolicy
    self.stranger = stranger
    self.region = region
    self.contexts = contexts
    partition = intent.effectivePartition
    sharesPrefixes = contexts.prefixes.matches(partition: partition, region: region)
    prefixes = sharesPrefixes ? contexts.prefixes : ARNPrefixes(partition: partition, region: region)
    repositoryARN = intent.repositoryARN
  }

  /// Both policies together: an explicit Deny in either denies, an Allow in either grants (README states this
  /// model as an assumption: AWS does not document how registry and repository policies combine).
  func evaluate(_ request: Request, tracing: Bool = false) -> AccessVerdict {
    let repository = Evaluator.evaluate(document, request, options: repositoryOptions(tracing: tracing))
    guard let registryDocument = registryPolicy else {
      return AccessVerdict(repository: repository, registry: nil, decision: repository.decision)
    }
    let registry = Evaluator.evaluate(
      registryDocument,
      request,
      options: EvaluationOptions(unknownResourceMatches: true, tracing: tracing)
    )
    let deny = repository.denyTruth || registry.denyTruth
    let allow = repository.allowTruth || registry.allowTruth
    let decision: Decision
    switch (deny, allow) {
    case (.yes, _): decision = .explicitDeny
    case (.no, .yes): decision = .allow
    case (.no, .no): decision = .implicitDeny
    default: decision = .indeterminate
    }
    return AccessVerdict(repository: repository, registry: registry, decision: decision)
  }

  /// How the repository policy's statement fared for `request`, with its reason.
  func tracedOutcome(of statement: Statement, for request: Request) -> StatementOutcome {
    Evaluator.outcome(of: statement, in: document, request, options: repositoryOptions(tracing: true))
  }

  /// How the repository policy's statement fares for `request`: its outcome in ``evaluate(_:tracing:)``, without
  /// evaluating the other statements.
  func outcome(of statement: Statement, for request: Request) -> StatementOutcome {
    Evaluator.outcome(of: statement, in: document, request, options: repositoryOptions(tracing: false))
  }

  /// A registry policy audited on its own applies to "the" repository when no repository ARN is known.
  private func repositoryOptions(tracing: Bool) -> EvaluationOptions {
    EvaluationOptions(unknownResourceMatches: document.kind == .registry, tracing: tracing)
  }

  /// A request by an IAM identity: the account's root by default.
  func identityRequest(_ principal: RequestPrincipal, action: String) -> Request {
    // The root ARN is joined from the prefix made once; in another partition, RequestPrincipal spells it.
    guard case .accountRoot(let rootPartition, let account) = principal, let base = contexts.accountRoot,
      let arn = rootPartition == prefixes.partition
        ? String(concatenating: prefixes.iam, account, ":root") : principal.principalARN
    else {
      return Request(principal: principal, action: action, resource: repositoryARN, context: contexts.identity)
    }
    // An account's root, the probe every consumer gets, starts from a context that already says it is not a
    // service; only the keys naming the account are set per request.
    assert(arn == principal.principalARN, "an account root's ARN is spelled as RequestPrincipal spells it")
    var context = base
    context.reserveNewKeys(3)
    context.addNew(.single(arn), normalizedKey: "aws:principalarn", name: "aws:PrincipalArn")
    context.addNew(.single(account), normalizedKey: "aws:principalaccount", name: "aws:PrincipalAccount")
    context.addNew(.single("Account"), normalizedKey: "aws:principaltype", name: "aws:PrincipalType")
    assert(
      {
        var general = contexts.identity
        general.addImplied(by: principal)
        return general == context
      }(),
      "the account-root context must hold exactly the keys the principal implies"
    )
    return Request(principal: principal, action: action, resource: repositoryARN, impliedContext: context)
  }

  /// Lambda pulling for function `function` of `account` (spec §8.1 request L, with the intent's Region).
  func lambdaRequest(functionARN: String, account: String, action: String) -> Request {
    ProbeContexts.lambdaRequest(
      from: contexts.lambda,
      functionARN: functionARN,
      account: account,
      action: action,
      resource: repositoryARN
    )
  }

  /// Lambda performing `action` for a function of the stranger: what `lambda-without-source` asks of every Lambda
  /// statement. Nearly every file has the same stranger, partition, Region and repository, and the action is nearly
  /// always the first pull action, so the request the auditor made once is used when all of them match.
  func strangerLambdaRequest(action: String) -> Request {
    func own() -> Request {
      lambdaRequest(functionARN: functionARN(account: stranger), account: stranger, action: action)
    }
    let shared = contexts.strangerLambdaPull
    guard sharesPrefixes, stranger == Auditor.firstStranger,
      action == shared.action, repositoryARN == shared.resource
    else { return own() }
    assert(shared == own(), "the shared request is the one this file would make")
    return shared
  }

  /// The function ARN a probe uses for `account`.
  func functionARN(account: String) -> String { prefixes.functionARN(account: account) }

  /// `arn:PARTITION:lambda:REGION:ACCOUNT:RESOURCE` in the probes' partition and Region.
  func functionARN(account: String, resource: String) -> String {
    prefixes.functionARN(account: account, resource: resource)
  }
}

/// The starts of the ARNs the probes of one file make. Nearly every file of a run has the same partition and Region,
/// so an ``Auditor`` makes them once and a file makes its own only when it differs. A class: each file's probe holds
/// the shared one, and a struct's copy retained and released its four strings.
final class ARNPrefixes: Sendable {
  let partition: String
  let region: String
  /// `arn:PARTITION:lambda:REGION:`, the start of every function ARN.
  let function: String
  /// `arn:PARTITION:iam::`, the start of every account-root ARN.
  let iam: String

  init(partition: String, region: String) {
    self.partition = partition
    self.region = region
    function = "arn:\(partition):lambda:\(region):"
    iam = "arn:\(partition):iam::"
  }

  /// `arn:PARTITION:lambda:REGION:ACCOUNT:RESOURCE`; by default the function every probe of an account uses.
  func functionARN(account: String, resource: String = "function:ecr-policy-probe") -> String {
    String(concatenating: function, account, ":" + resource)
  }

  func matches(partition: String, region: String) -> Bool {
    self.partition == partition && self.region == region
  }
}

/// The probe contexts of the owner the last file named (`aws ecr get-repository-policy` output says which registry
/// holds the repository), kept for the next file: a run usually audits the repositories of one registry, and making
/// an owner's contexts costs about as much as auditing a small policy. Only the last owner is kept, so a run over
/// many registries holds no more than one. Files are audited on several threads, hence the lock.
final class OwnedContextsCache: Sendable {
  private struct Entry {
    let owner: String
    let contexts: ProbeContexts
  }

  private let last = Mutex<Entry?>(nil)

  /// The contexts for `owner`: the last ones when they are that owner's, otherwise made by `make` and kept.
  func contexts(for owner: String, making make: () -> ProbeContexts) -> ProbeContexts {
    if let kept = last.withLock({ $0?.owner == owner ? $0?.contexts : nil }) { return kept }
    let made = make()
    last.withLock { $0 = Entry(owner: owner, contexts: made) }
    return made
  }
}

/// The request contexts every probe of one kind starts from. They depend only on the intent, so an ``Auditor`` builds
/// them once for all the files it audits. A class: every file's audit holds them, and sharing one reference costs
/// less than copying three contexts.
final class ProbeContexts: Sendable {
  let identity: RequestContext
  let lambda: RequestContext
  /// `identity` with the one implied key every account root shares (it is not a service); nil when `identity`
  /// already sets or rules out a key a principal implies, since those then need the general path.
  let accountRoot: RequestContext?
  /// The ARN prefixes for the intent's partition and Region (the assumed Region when it names none).
  let prefixes: ARNPrefixes
  /// ``AccessProbe/strangerLambdaRequest(action:)`` for the first pull action, the first stranger, these prefixes and
  /// the intent's repository. An owner's contexts (``owned(by:)``) have theirs too: the files of that owner share them.
  let strangerLambdaPull: Request

  init(_ intent: AuditIntent) {
    prefixes = ARNPrefixes(partition: intent.effectivePartition, region: intent.region ?? Auditor.assumedRegion)
    let identity = ProbeContexts.identityContext(intent)
    self.identity = identity
    lambda = ProbeContexts.lambdaContext(intent)
    strangerLambdaPull = ProbeContexts.strangerLambdaPull(
      from: lambda,
      prefixes: prefixes,
      resource: intent.repositoryARN
    )
    let impliedKeys = ["aws:PrincipalIsAWSService", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType"]
    if impliedKeys.allSatisfy({ identity.explicitValue($0) == nil && !identity.isDeclaredAbsent($0) }) {
      var accountRoot = identity
      accountRoot.set(.single("false"), normalizedKey: "aws:principalisawsservice", name: "aws:PrincipalIsAWSService")
      self.accountRoot = accountRoot
    } else {
      accountRoot = nil
    }
  }

  private init(
    identity: RequestContext,
    lambda: RequestContext,
    accountRoot: RequestContext?,
    prefixes: ARNPrefixes,
    resource: String?
  ) {
    self.identity = identity
    self.lambda = lambda
    self.accountRoot = accountRoot
    self.prefixes = prefixes
    strangerLambdaPull = ProbeContexts.strangerLambdaPull(from: lambda, prefixes: prefixes, resource: resource)
  }

  /// A request for a function of `account` in the partition and Region of `prefixes`, from the Lambda base context.
  static func lambdaRequest(
    from base: RequestContext,
    functionARN: String,
    account: String,
    action: String,
    resource: String?
  ) -> Request {
    var context = base
    // The Lambda base context sets neither key (ProbeContexts builds it), and already holds the keys the service
    // principal implies.
    context.reserveNewKeys(2)
    context.addNew(.single(functionARN), normalizedKey: "aws:sourcearn", name: "aws:SourceArn")
    context.addNew(.single(account), normalizedKey: "aws:sourceaccount", name: "aws:SourceAccount")
    return Request(
      principal: .service("lambda.amazonaws.com"),
      action: action,
      resource: resource,
      impliedContext: context
    )
  }

  private static func strangerLambdaPull(
    from lambda: RequestContext,
    prefixes: ARNPrefixes,
    resource: String?
  ) -> Request {
    lambdaRequest(
      from: lambda,
      functionARN: prefixes.functionARN(account: Auditor.firstStranger),
      account: Auditor.firstStranger,
      action: ECRActions.lambdaPull[0],
      resource: resource
    )
  }

  /// The same contexts for a repository of `owner` (the owner is the only part of the intent they depend on per file).
  func owned(by owner: String) -> ProbeContexts {
    var identity = identity
    var lambda = lambda
    var accountRoot = accountRoot
    identity.set(.single(owner), normalizedKey: "aws:resourceaccount", name: "aws:ResourceAccount")
    lambda.set(.single(owner), normalizedKey: "aws:resourceaccount", name: "aws:ResourceAccount")
    accountRoot?.set(.single(owner), normalizedKey: "aws:resourceaccount", name: "aws:ResourceAccount")
    return ProbeContexts(
      identity: identity,
      lambda: lambda,
      accountRoot: accountRoot,
      prefixes: prefixes,
      resource: strangerLambdaPull.resource
    )
  }

  private static func identityContext(_ intent: AuditIntent) -> RequestContext {
    var context = RequestContext()
    context.isOpen = true
    // What every IAM caller of ECR has: a signed HTTPS request, not made by a service.
    context["aws:SecureTransport"] = .single("true")
    context["aws:ViaAWSService"] = .single("false")
    for key in [
      "aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:PrincipalServiceName",
      "aws:PrincipalServiceNamesList",
    ] {
      context.markAbsent(key)
    }
    addResourceKeys(intent, to: &context)
    return context
  }

  private static func lambdaContext(_ intent: AuditIntent) -> RequestContext {
    var context = RequestContext()
    context.isOpen = true
    // ECR's API is HTTPS only. aws:ViaAWSService, aws:PrincipalAccount, aws:PrincipalType and aws:SourceIp stay
    // unknown for Lambda's pulls (spec §6 leaves them unconfirmed), so conditions on them give "indeterminate".
    context["aws:SecureTransport"] = .single("true")
    // Keys about a calling identity do not exist for a service principal (spec §6).
    for key in [
      "aws:PrincipalArn", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:CalledVia", "aws:CalledViaFirst",
      "aws:CalledViaLast", "aws:MultiFactorAuthPresent", "aws:userid", "aws:username", "aws:SourceVpc",
      "aws:SourceVpce",
    ] {
      context.markAbsent(key)
    }
    context.markAbsent(prefix: "aws:PrincipalTag/")
    addResourceKeys(intent, to: &context)
    // The keys the service principal implies, set once here rather than once per request.
    context.addImplied(by: .service("lambda.amazonaws.com"))
    return context
  }

  private static func addResourceKeys(_ intent: AuditIntent, to context: inout RequestContext) {
    if let region = intent.region { context["aws:RequestedRegion"] = .single(region) }
    if let owner = intent.owner { context["aws:ResourceAccount"] = .single(owner) }
  }
}

extension Evaluation {
  /// Whether some Deny statement applies; a statement whose Effect could not be read counts as unknown.
  var denyTruth: Truth { effectTruth(.deny) }

  /// Whether some Allow statement applies.
  var allowTruth: Truth { effectTruth(.allow) }

  private func effectTruth(_ effect: Effect) -> Truth {
    var truth = Truth.no
    for statement in statements {
      if statement.effect == effect {
        truth = truth || statement.applies
      } else if statement.effect == nil {
        truth = truth || (statement.applies && .unknown)
      }
    }
    return truth
  }
}
