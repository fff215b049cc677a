public import PolicySyntax

public enum Effect: String, Sendable, Hashable {
  case allow = "Allow"
  case deny = "Deny"
}

/// One statement. An element is nil when it is absent; `defects` lists what could not be understood, so that an
/// evaluator never treats a statement it misread as if it were well formed.
public final class Statement: Sendable {
  /// Position in the `Statement` array (0 when `Statement` is a single object).
  public let index: Int
  public let range: SourceRange
  public let sid: Located<String>?
  public let effect: Located<Effect>?
  public let principal: PrincipalElement?
  public let action: ActionElement?
  public let resource: ResourceElement?
  public let condition: ConditionBlock?
  /// Structural problems that leave the statement's meaning unknown (an invalid Effect, an unreadable element).
  public let defects: [StatementDefect]

  public init(
    index: Int,
    range: SourceRange,
    sid: Located<String>?,
    effect: Located<Effect>?,
    principal: PrincipalElement?,
    action: ActionElement?,
    resource: ResourceElement?,
    condition: ConditionBlock?,
    defects: [StatementDefect]
  ) {
    self.index = index
    self.range = range
    self.sid = sid
    self.effect = effect
    self.principal = principal
    self.action = action
    self.resource = resource
    self.condition = condition
    self.defects = defects
  }

  /// `'Sid'` when the statement has one, otherwise `#index`: how messages name a statement.
  public var displayName: String {
    if let sid = sid?.value, !sid.isEmpty { return "'\(sid)'" }
    return "#\(index)"
  }
}

/// Why a statement's meaning is not fully known.
public enum StatementDefect: Sendable, Hashable, CustomStringConvertible {
  /// A required element is absent (`Principal`, `Action`, `Effect`): IAM rejects the statement, and an evaluator
  /// treats it as matching nothing.
  case missing(String)
  /// An element is present but could not be read (wrong type, both forms given, a template left in it): its
  /// meaning is unknown, so verdicts that depend on it are indeterminate.
  case unreadable(String)
  /// A member that is not a statement element.
  case unknownElement(String)

  public var description: String {
    switch self {
    case .missing(let element): "no \(element) element"
    case .unreadable(let element): "\(element) could not be read"
    case .unknownElement(let name): "unknown element '\(name)'"
    }
  }
}

/// `Principal` or `NotPrincipal`.
public struct PrincipalElement: Sendable {
  public let isNot: Bool
  public let entries: [PrincipalEntry]
  public let range: SourceRange

  public init(isNot: Bool, entries: [PrincipalEntry], range: SourceRange) {
    self.isNot = isNot
    self.entries = entries
    self.range = range
  }
}

/// The map keys of a principal object.
public enum PrincipalType: String, Sendable, Hashable, CaseIterable {
  case aws = "AWS"
  case service = "Service"
  case federated = "Federated"
  case canonicalUser = "CanonicalUser"
}

/// One principal value: `"*"` alone, or one string under a principal type.
public struct PrincipalEntry: Sendable, Hashable {
  /// Nil for the bare `"Principal": "*"`.
  public let type: PrincipalType?
  public let value: String
  public let range: SourceRange

  /// For an `AWS` entry, what it names; parsed once here because every evaluation asks.
  public let awsPrincipal: AWSPrincipal?
  /// True when the value holds a template placeholder.
  public let hasPlaceholder: Bool

  public init(type: PrincipalType?, value: String, range: SourceRange) {
    self.type = type
    self.value = value
    self.range = range
    hasPlaceholder = Placeholder.contains(in: value)
    awsPrincipal = type == .aws ? AWSPrincipal(value) : nil
  }

  /// A `Service` entry for a name that ``commonService(spelledBy:)`` gave: the name holds no placeholder.
  init(commonService name: String, range: SourceRange) {
    type = .service
    value = name
    self.range = range
    awsPrincipal = nil
    hasPlaceholder = false
  }

  /// `"*"` or `{"AWS": "*"}`: every principal.
  public var isWildcard: Bool { value == "*" && (type == nil || type == .aws) }

  /// The service principal that `bytes` spell when it is one repository policies name most, as a literal, which
  /// costs no allocation to make or to free; nil for any other.
  static func commonService(spelledBy bytes: UnsafeBufferPointer<UInt8>) -> String? {
    if ASCII.bytes(bytes, spell: "lambda.amazonaws.com") { return "lambda.amazonaws.com" }
    return ASCII.bytes(bytes, spell: "codebuild.amazonaws.com") ? "codebuild.amazonaws.com" : nil
  }
}

/// `Action` or `NotAction`.
public struct ActionElement: Sendable {
  public let isNot: Bool
  public let entries: [Located<String>]
  /// The entries prepared for matching, in the same order.
  public let patterns: [ActionPattern]
  public let range: SourceRange

  public init(isNot: Bool, entries: [Located<String>], range: SourceRange) {
    self.isNot = isNot
    self.entries = entries
    self.patterns = entries.map { ActionPattern.common(spelledAs: $0.value) ?? ActionPattern($0.value) }
    self.range = range
  }

  /// An element whose patterns were made with its entries, one for each entry and in the same order.
  init(isNot: Bool, entries: [Located<String>], patterns: [ActionPattern], range: SourceRange) {
    assert(patterns.count == entries.count, "a pattern for each entry")
    self.isNot = isNot
    self.entries = entries
    self.patterns = patterns
    self.range = range
  }
}

/// An action entry split and lower-cased once, because every evaluation matches every entry: service prefix and
/// name compare ignoring case, so both are kept lower-cased.
public struct ActionPattern: Sendable, Hashable {
  public let text: String
  /// `"*"`: every action.
  public let isAll: Bool
  public let service: String
  public let name: String
  public let hasWildcard: Bool
  public let hasPlaceholder: Bool
  /// Not `service:name` with exactly one colon: matches no action, as a literal would.
  public let isMalformed: Bool

  public init(_ text: String) {
    self.text = text
    hasPlaceholder = Placeholder.contains(in: text)
    var copy = text
    // One pass over the bytes: the colon that splits service from name, and whether there are wildcards.
    let (isAll, service, name, colons, wildcards) = copy.withUTF8 { bytes -> (Bool, String, String, Int, Bool) in
      // Only the one byte spells "*" (no other text is canonically equivalent to it): `==` would call into the
      // runtime's string comparison.
      let isAll = bytes.count == 1 && bytes[0] == UInt8(ascii: "*")
      var colons = 0
      var colon = -1
      var wildcards = false
      for index in 0..<bytes.count {
        switch bytes[index] {
        case UInt8(ascii: ":"):
          colons += 1
          if colon < 0 { colon = index }
        case UInt8(ascii: "*"), UInt8(ascii: "?"): wildcards = true
        default: break
        }
      }
      guard colons == 1 else { return (isAll, "", "", colons, wildcards) }
      let service = UnsafeBufferPointer(rebasing: bytes[..<colon])
      return (
        isAll,
        // Nearly every action of an ECR policy is in the `ecr` service, whose name is already lower case: the
        // literal costs nothing, where a new String costs more than the rest of the pattern.
        ASCII.bytes(service, spell: "ecr") ? "ecr" : ASCII.lowercased(bytes: service),
        ActionPattern.lowercasedName(UnsafeBufferPointer(rebasing: bytes[(colon + 1)...])), colons, wildcards
      )
    }
    self.isAll = isAll
    self.service = service
    self.name = name
    isMalformed = colons == 1 ? service.isEmpty || name.isEmpty : !isAll
    hasWildcard = wildcards && ASCII.contains(name, either: UInt8(ascii: "*"), or: UInt8(ascii: "?"))
  }

  /// The patterns of the actions repository policies grant most, spelled as AWS documents them, made once: nearly
  /// every entry of a policy is one of them, and its pattern is then a copy, its text and name literals that cost
  /// no allocation to make or to free.
  static let common: [ActionPattern] = [
    "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:PutImage",
    "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:DescribeRepositories",
    "ecr:GetRepositoryPolicy", "ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy", "ecr:ListImages",
    "ecr:DescribeImages", "ecr:DeleteRepository", "ecr:BatchDeleteImage", "ecr:*", "*",
  ].map(ActionPattern.init)

  /// The position in ``common`` of the pattern whose text is `bytes`; nil for any other text. The length picks the
  /// one or few texts to compare, each as a literal of its own, which the compiler reads in a few wide comparisons:
  /// nearly every entry of every policy is looked up here. (A test holds each position to its text.)
  static func commonIndex(spelledBy bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    func spells(_ text: StaticString, _ index: Int) -> Int? { ASCII.bytes(bytes, spell: text) ? index : nil }
    switch bytes.count {
    case 1: return spells("*", 16)
    case 5: return spells("ecr:*", 15)
    case 12: return spells("ecr:PutImage", 3)
    case 14: return spells("ecr:ListImages", 11)
    case 17: return spells("ecr:BatchGetImage", 0)
    case 18: return spells("ecr:DescribeImages", 12)
    case 19: return spells("ecr:UploadLayerPart", 5)
    case 20: return spells("ecr:DeleteRepository", 13) ?? spells("ecr:BatchDeleteImage", 14)
    case 23:
      return spells("ecr:InitiateLayerUpload", 4) ?? spells("ecr:CompleteLayerUpload", 6)
        ?? spells("ecr:GetRepositoryPolicy", 8) ?? spells("ecr:SetRepositoryPolicy", 9)
    case 24: return spells("ecr:DescribeRepositories", 7)
    case 26: return spells("ecr:GetDownloadUrlForLayer", 1) ?? spells("ecr:DeleteRepositoryPolicy", 10)
    case 31: return spells("ecr:BatchCheckLayerAvailability", 2)
    default: return nil
    }
  }

  /// The pattern of ``common`` whose text has the same UTF-8 bytes as `text`; nil for any other text.
  static func common(spelledAs text: String) -> ActionPattern? {
    let index = text.utf8.withContiguousStorageIfAvailable(commonIndex(spelledBy:)) ?? nil
    return index.map { common[$0] }
  }

  /// `bytes` lower-cased, as ``ASCII/lowercased(bytes:)`` does. The names of the actions repository policies grant
  /// most come back as literals: lower-casing a copy costs a new String, and a heap allocation for a name over 15
  /// bytes such as `getdownloadurlforlayer`.
  static func lowercasedName(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    // A byte outside ASCII never folds to an ASCII one here: text that lower-cases to one of these names only through
    // Unicode takes the general path.
    func spells(_ name: StaticString) -> Bool {
      guard name.utf8CodeUnitCount == bytes.count else { return false }
      let lowered = name.utf8Start
      for index in 0..<bytes.count where ASCII.lowercased(byte: bytes[index]) != lowered[index] { return false }
      return true
    }
    // The length picks the one or few names to compare.
    switch bytes.count {
    case 8 where spells("putimage"): return "putimage"
    case 10 where spells("listimages"): return "listimages"
    case 13 where spells("batchgetimage"): return "batchgetimage"
    case 14 where spells("describeimages"): return "describeimages"
    case 15 where spells("uploadlayerpart"): return "uploadlayerpart"
    case 16 where spells("deleterepository"): return "deleterepository"
    case 19 where spells("completelayerupload"): return "completelayerupload"
    case 19 where spells("getrepositorypolicy"): return "getrepositorypolicy"
    case 19 where spells("initiatelayerupload"): return "initiatelayerupload"
    case 19 where spells("setrepositorypolicy"): return "setrepositorypolicy"
    case 20 where spells("describerepositories"): return "describerepositories"
    case 22 where spells("deleterepositorypolicy"): return "deleterepositorypolicy"
    case 22 where spells("getdownloadurlforlayer"): return "getdownloadurlforlayer"
    case 27 where spells("batchchecklayeravailability"): return "batchchecklayeravailability"
    default: return ASCII.lowercased(bytes: bytes)
    }
  }
}

/// `Resource` or `NotResource`.
public struct ResourceElement: Sendable {
  public let isNot: Bool
  public let entries: [Located<String>]
  public let range: SourceRange

  public init(isNot: Bool, entries: [Located<String>], range: SourceRange) {
    self.isNot = isNot
    self.entries = entries
    self.range = range
  }
}
