import PolicyModel
import PolicySyntax

/// Who makes a request.
public enum RequestPrincipal: Sendable, Hashable, CustomStringConvertible {
  /// An unsigned request.
  case anonymous
  /// The root user of an account.
  case accountRoot(partition: String, account: String)
  /// An IAM user.
  case user(partition: String, account: String, path: String, name: String)
  /// A session of an IAM role; `rolePath` is `/` unless known.
  case roleSession(partition: String, account: String, rolePath: String, role: String, session: String)
  /// An STS federated user.
  case federatedUser(partition: String, account: String, name: String)
  /// An AWS service acting itself, such as `lambda.amazonaws.com`.
  case service(String)

  /// Parses what `eval --principal` accepts: `anonymous`, a service principal name, a 12-digit account ID (its
  /// root), or an IAM user, IAM role (a representative session of it), root or STS ARN.
  public init?(parsing text: String) {
    if text == "anonymous" {
      self = .anonymous
      return
    }
    if text.hasSuffix(".amazonaws.com") || text.hasSuffix(".amazonaws.com.cn") {
      self = .service(text)
      return
    }
    switch AWSPrincipal(text) {
    case .account(let partition, let account):
      self = .accountRoot(partition: partition ?? "aws", account: account)
    case .user(let partition, let account, let path, let name):
      self = .user(partition: partition, account: account, path: path, name: name)
    case .role(let partition, let account, let path, let name):
      self = .roleSession(partition: partition, account: account, rolePath: path, role: name, session: "session")
    case .assumedRole(let partition, let account, let role, let session):
      self = .roleSession(partition: partition, account: account, rolePath: "/", role: role, session: session)
    case .federatedUser(let partition, let account, let name):
      self = .federatedUser(partition: partition, account: account, name: name)
    default:
      return nil
    }
  }

  /// The account of an IAM identity; nil for services and anonymous callers, which have none.
  public var account: String? {
    switch self {
    case .accountRoot(_, let account), .user(_, let account, _, _), .roleSession(_, let account, _, _, _),
      .federatedUser(_, let account, _):
      account
    case .anonymous, .service: nil
    }
  }

  public var partition: String? {
    switch self {
    case .accountRoot(let partition, _), .user(let partition, _, _, _), .roleSession(let partition, _, _, _, _),
      .federatedUser(let partition, _, _):
      partition
    case .anonymous, .service: nil
    }
  }

  /// The value of `aws:PrincipalArn`: the role ARN (not the session ARN) for a role session.
  public var principalARN: String? {
    switch self {
    case .accountRoot(let partition, let account):
      // Joined in two steps rather than interpolated, which grows its buffer: every witness of an account names it.
      String(concatenating: String(concatenating: "arn:", partition, ":iam::"), account, ":root")
    case .user(let partition, let account, let path, let name): "arn:\(partition):iam::\(account):user\(path)\(name)"
    case .roleSession(let partition, let account, let rolePath, let role, _):
      "arn:\(partition):iam::\(account):role\(rolePath)\(role)"
    case .federatedUser(let partition, let account, let name):
      "arn:\(partition):sts::\(account):federated-user/\(name)"
    case .anonymous, .service: nil
    }
  }

  /// The ARN the caller is known by: the session ARN for a role session.
  public var callerARN: String? {
    if case .roleSession(let partition, let account, _, let role, let session) = self {
      return "arn:\(partition):sts::\(account):assumed-role/\(role)/\(session)"
    }
    return principalARN
  }

  /// The value of `aws:PrincipalType`.
  public var principalType: String? {
    switch self {
    case .accountRoot: "Account"
    case .user: "User"
    case .roleSession: "AssumedRole"
    case .federatedUser: "FederatedUser"
    case .anonymous: "Anonymous"
    case .service: nil
    }
  }

  public var description: String {
    switch self {
    case .anonymous: "anonymous"
    case .service(let name): name
    default: callerARN ?? "?"
    }
  }
}
