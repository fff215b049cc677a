public import PolicyDiagnostics
public import PolicySyntax

/// One input file, read as a policy: the policy text itself, or the JSON printed by
/// `aws ecr get-repository-policy` / `get-registry-policy`, whose `policyText` member holds the policy as a string.
public struct PolicyFile: Sendable {
  /// The path as the user gave it (or `<stdin>`), for reports.
  public let path: String
  /// The bytes of the file.
  public let bytes: [UInt8]
  /// Set when the policy is the `policyText` string of a CLI wrapper; positions map back through it.
  public let embedding: EmbeddedText?
  /// The model and every finding; finding ranges are offsets into ``policyBytes``.
  public let result: PolicyParseResult
  /// `registryId` of a CLI wrapper: the account that owns the repository.
  public let wrapperRegistryID: String?
  /// `repositoryName` of a CLI wrapper.
  public let wrapperRepositoryName: String?

  /// Reads `bytes` as a policy of `kind` (inferred when nil).
  public init(path: String, bytes: [UInt8], kind: PolicyKind? = nil) {
    self.path = path
    self.bytes = bytes
    let outer: JSONDocument
    do {
      outer = try JSONReader.parse(bytes)
    } catch {
      embedding = nil
      wrapperRegistryID = nil
      wrapperRepositoryName = nil
      result = PolicyParseResult(
        document: nil,
        findings: [
          Finding(
            rule: ValidationRules.invalidJSON.id,
            severity: .error,
            message: error.message,
            path: [],
            range: .at(error.offset)
          )
        ]
      )
      return
    }
    let tape = outer.tape
    if let wrapped = PolicyFile.policyTextLiteral(in: tape) {
      let embedded = EmbeddedText(decodingLiteralAt: tape.range(of: wrapped), in: bytes)
      embedding = embedded
      wrapperRegistryID = tape.firstMember("registryId", in: tape.root).flatMap { tape.string($0.value) }
      wrapperRepositoryName = tape.firstMember("repositoryName", in: tape.root).flatMap { tape.string($0.value) }
      // `get-registry-policy` prints registryId and policyText but no repositoryName: a registry policy.
      let impliedKind: PolicyKind? = wrapperRepositoryName == nil && wrapperRegistryID != nil ? .registry : nil
      result = PolicyParser.parse(embedded.bytes, kind: kind ?? impliedKind)
    } else {
      embedding = nil
      wrapperRegistryID = nil
      wrapperRepositoryName = nil
      result = PolicyParser.parse(outer, bytes: bytes, kind: kind)
    }
  }

  /// The text the policy was parsed from.
  public var policyBytes: [UInt8] { embedding?.bytes ?? bytes }

  /// Steps to prepend to a finding's JSON path so it is a path in the file, not just in the policy.
  public var pathPrefix: [PathElement] { embedding == nil ? [] : [.member("policyText")] }

  /// A range of the policy text as a range of the file.
  public func fileRange(_ range: SourceRange) -> SourceRange {
    embedding?.outerRange(range) ?? range
  }

  /// The `policyText` string of a CLI wrapper: an object with a string `policyText` and no `Statement`.
  private static func policyTextLiteral(in tape: JSONTape) -> Int? {
    let root = tape.root
    guard tape.kind(of: root) == .object, tape.firstMember("Statement", in: root) == nil,
      let text = tape.firstMember("policyText", in: root)?.value, tape.kind(of: text) == .string
    else { return nil }
    return text
  }
}
