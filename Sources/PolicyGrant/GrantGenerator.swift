public import PolicySyntax

/// Writes the cross-account pull statements the Lambda Developer Guide describes, for several accounts at once.
public enum GrantGenerator {
  /// The `CrossAccountPermission` statement, or nil when every consumer is the owner.
  public static func accountStatement(_ spec: GrantSpec, sid: String = GrantSpec.accountSid) -> JSONOutput? {
    guard !spec.accountPrincipals.isEmpty else { return nil }
    return .object([
      ("Sid", .string(sid)),
      ("Effect", .string("Allow")),
      ("Principal", .object([("AWS", list(spec.accountPrincipals))])),
      ("Action", .array(GrantSpec.pullActions.map { .string($0) })),
    ])
  }

  /// The `LambdaECRImageCrossAccountRetrievalPolicy` statement: lambda.amazonaws.com limited by aws:sourceARN.
  public static func lambdaStatement(_ spec: GrantSpec, sid: String = GrantSpec.lambdaSid) -> JSONOutput {
    .object([
      ("Sid", .string(sid)),
      ("Effect", .string("Allow")),
      ("Principal", .object([("Service", .string("lambda.amazonaws.com"))])),
      ("Action", .array(GrantSpec.pullActions.map { .string($0) })),
      ("Condition", .object([("StringLike", .object([("aws:sourceARN", list(spec.sourceArnPatterns))]))])),
    ])
  }

  /// A whole policy with both statements, Version 2012-10-17 and no Resource element (ECR has rejected it).
  public static func policy(_ spec: GrantSpec) -> JSONOutput {
    .object([
      ("Version", .string("2012-10-17")),
      ("Statement", .array([accountStatement(spec), lambdaStatement(spec)].compactMap { $0 })),
    ])
  }

  /// One value as a string, several as an array: the shape the guide and the console write.
  static func list(_ values: [String]) -> JSONOutput {
    values.count == 1 ? .string(values[0]) : .array(values.map { .string($0) })
  }
}
