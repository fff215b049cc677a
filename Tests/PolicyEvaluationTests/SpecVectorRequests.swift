import PolicyEvaluation

/// One difference from a §8.1 request context: `L+{k=v}` is an `add`, `L−k` a `remove`.
enum ContextChange: Sendable {
  case set(String, ContextValue)
  case remove(String)

  /// `k=v` for a single-valued key.
  static func add(_ key: String, _ value: String) -> ContextChange { .set(key, .single(value)) }

  /// `k=[v1, v2, ...]` for a multi-valued key; the list may be empty.
  static func addList(_ key: String, _ values: [String]) -> ContextChange { .set(key, .multiple(values)) }
}

/// The request contexts of spec §8.1, exactly as written there: after construction the context is replaced, so the
/// keys `Request.init` derives from the principal do not add anything the spec does not list.
extension Request {
  static let resourceARN = "arn:aws:ecr:us-east-1:111111111111:repository/team/app"

  /// Request L: the Lambda service pulling an image for a function of account 123456789012. Absent:
  /// aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceIp, aws:CalledVia,
  /// aws:MultiFactorAuthPresent.
  static func lambdaPull(_ changes: ContextChange...) -> Request {
    make(
      principal: .service("lambda.amazonaws.com"),
      context: [
        ("aws:SourceArn", .single("arn:aws:lambda:us-east-1:123456789012:function:my-fn")),
        ("aws:SourceAccount", .single("123456789012")),
        ("aws:PrincipalServiceName", .single("lambda.amazonaws.com")),
        ("aws:PrincipalServiceNamesList", .multiple(["lambda.amazonaws.com"])),
        ("aws:PrincipalIsAWSService", .single("true")),
        ("aws:ViaAWSService", .single("false")),
        ("aws:SecureTransport", .single("true")),
        ("aws:CurrentTime", .single("2025-06-01T12:00:00Z")),
        ("aws:EpochTime", .single("1748779200")),
        ("aws:RequestedRegion", .single("us-east-1")),
        ("aws:ResourceAccount", .single("111111111111")),
      ],
      changes
    )
  }

  /// Request X: session `ci` of role `deployer` in account 123456789012, cross-account. Absent: aws:SourceArn,
  /// aws:SourceAccount, aws:PrincipalServiceName, aws:CalledVia.
  static func deployer(_ changes: ContextChange...) -> Request {
    make(
      principal: .roleSession(
        partition: "aws",
        account: "123456789012",
        rolePath: "/",
        role: "deployer",
        session: "ci"
      ),
      context: [
        ("aws:PrincipalArn", .single("arn:aws:iam::123456789012:role/deployer")),
        ("aws:PrincipalAccount", .single("123456789012")),
        ("aws:PrincipalOrgID", .single("o-abc123def4")),
        ("aws:PrincipalType", .single("AssumedRole")),
        ("aws:PrincipalIsAWSService", .single("false")),
        ("aws:ViaAWSService", .single("false")),
        ("aws:SourceIp", .single("203.0.113.10")),
        ("aws:SecureTransport", .single("true")),
        ("aws:CurrentTime", .single("2025-06-01T12:00:00Z")),
        ("aws:EpochTime", .single("1748779200")),
        ("aws:PrincipalTag/team", .single("payments")),
      ],
      changes
    )
  }

  private static func make(
    principal: RequestPrincipal,
    context: [(String, ContextValue)],
    _ changes: [ContextChange]
  ) -> Request {
    var exact = RequestContext(context)
    for change in changes {
      switch change {
      case .set(let key, let value): exact[key] = value
      case .remove(let key): exact[key] = nil
      }
    }
    var request = Request(principal: principal, action: "ecr:BatchGetImage", resource: resourceARN)
    request.context = exact
    return request
  }
}
