public import PolicyDiagnostics
public import PolicySyntax

/// The policy language version. Only 2012-10-17 interprets policy variables.
public enum PolicyVersion: String, Sendable, CaseIterable {
  case current = "2012-10-17"
  case legacy = "2008-10-17"
}

/// Which kind of policy a document is; it decides which elements are required.
public enum PolicyKind: String, Sendable, CaseIterable {
  /// Attached to one ECR repository: `Principal` required, `Resource` optional (ECR historically rejects it).
  case repository
  /// The ECR registry policy: `Principal` and `Resource` required.
  case registry
  /// Attached to an IAM identity: no `Principal`, `Resource` required.
  case identity
}

/// A parsed policy. Built even from flawed documents, as far as their structure allows: the flaws are findings,
/// and each element that could not be understood is recorded so evaluation can answer "indeterminate".
public struct PolicyDocument: Sendable {
  public let kind: PolicyKind
  public let version: Located<PolicyVersion>?
  public let id: Located<String>?
  public let statements: [Statement]
  public let range: SourceRange
  /// The JSON the document was built from, for the paths of its values; ``JSONTape/tree(at:)`` gives it as a tree.
  public let syntax: JSONTape

  public init(
    kind: PolicyKind,
    version: Located<PolicyVersion>?,
    id: Located<String>?,
    statements: [Statement],
    syntax: JSONTape
  ) {
    self.kind = kind
    self.version = version
    self.id = id
    self.statements = statements
    self.syntax = syntax
    range = syntax.range(of: syntax.root)
  }

  /// The JSON path of the model value (or condition key, or operator) at `range`: `Statement[0].Principal.AWS[1]`.
  /// Empty for a range that names no value of the document, such as a position between values.
  public func path(of range: SourceRange) -> [PathElement] {
    syntax.path(to: range) ?? []
  }

  /// True when `${...}` is a policy variable here; absent Version behaves like 2008-10-17.
  public var interpretsVariables: Bool { version?.value == .current }
}
