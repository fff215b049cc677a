public import PolicyModel

/// What the user says the repository is for. Every field is optional: without consumers, the auditor infers them.
public struct AuditIntent: Sendable {
  /// The account that owns the repository.
  public var owner: String?
  /// The repository's Region.
  public var region: String?
  /// The repository's name, such as `team/app`.
  public var repository: String?
  /// Accounts whose Lambda functions must pull (the owner may be one, for same-account functions).
  public var consumers: [String]
  /// `aws`, `aws-cn` or `aws-us-gov`; by default from the Region.
  public var partition: String?
  /// The registry's policy, evaluated together with the repository policy.
  public var registryPolicy: PolicyDocument?

  public init(
    owner: String? = nil,
    region: String? = nil,
    repository: String? = nil,
    consumers: [String] = [],
    partition: String? = nil,
    registryPolicy: PolicyDocument? = nil
  ) {
    self.owner = owner
    self.region = region
    self.repository = repository
    self.consumers = consumers
    self.partition = partition
    self.registryPolicy = registryPolicy
  }

  /// The partition given, or the one the Region implies, or the commercial partition.
  public var effectivePartition: String {
    partition ?? region.map(ARN.partition(forRegion:)) ?? "aws"
  }

  /// `arn:P:ecr:R:OWNER:repository/NAME`, when owner, Region and repository are all known.
  public var repositoryARN: String? {
    guard let owner, let region, let repository else { return nil }
    return "arn:\(effectivePartition):ecr:\(region):\(owner):repository/\(repository)"
  }

  /// True when the user said who may have access (owner or consumers), which `unexpected-account` needs.
  public var namesAccounts: Bool { owner != nil || !consumers.isEmpty }
}
