import PolicyModel

/// What to grant: the consumer accounts whose Lambda functions pull, where, and optionally which functions.
public struct GrantSpec: Sendable {
  /// Consumer accounts, deduplicated and sorted.
  public let consumers: [String]
  public let region: String
  public let partition: String
  /// Function names; empty means every function of each consumer (`function:*`).
  public let functions: [String]
  /// The account that owns the repository, when known: it needs only the Lambda statement.
  public let owner: String?

  public init(consumers: [String], region: String, partition: String? = nil, functions: [String] = [], owner: String?) {
    self.consumers = Array(Set(consumers)).sorted()
    self.region = region
    self.partition = partition ?? ARN.partition(forRegion: region)
    self.functions = Array(Set(functions)).sorted()
    self.owner = owner
  }

  /// Accounts that need the CrossAccountPermission statement: every consumer but the owner.
  public var crossAccountConsumers: [String] { consumers.filter { $0 != owner } }

  /// `arn:P:iam::ACCOUNT:root` for each cross-account consumer.
  public var accountPrincipals: [String] { crossAccountConsumers.map { "arn:\(partition):iam::\($0):root" } }

  /// The aws:SourceArn patterns: every function of each consumer, or the named functions and their qualifiers.
  public var sourceArnPatterns: [String] {
    consumers.flatMap { account in
      let base = "arn:\(partition):lambda:\(region):\(account):function:"
      return functions.isEmpty ? [base + "*"] : functions.flatMap { [base + $0, base + $0 + ":*"] }
    }
  }

  /// The two actions Lambda needs.
  public static let pullActions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
  public static let accountSid = "CrossAccountPermission"
  public static let lambdaSid = "LambdaECRImageCrossAccountRetrievalPolicy"
}
