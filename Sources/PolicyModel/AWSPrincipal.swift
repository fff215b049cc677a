import PolicySyntax

/// What an `"AWS"` principal value names.
public enum AWSPrincipal: Hashable, Sendable {
  /// `"*"`: every principal.
  case everyone
  /// A 12-digit account ID or `arn:P:iam::A:root`: the whole account (every IAM identity in it).
  case account(partition: String?, account: String)
  /// `arn:P:iam::A:user/[path/]name`.
  case user(partition: String, account: String, path: String, name: String)
  /// `arn:P:iam::A:role/[path/]name`: every session of the role.
  case role(partition: String, account: String, path: String, name: String)
  /// `arn:P:sts::A:assumed-role/role/session`: exactly one session.
  case assumedRole(partition: String, account: String, role: String, session: String)
  /// `arn:P:sts::A:federated-user/name`.
  case federatedUser(partition: String, account: String, name: String)
  /// `AIDA…`, `AROA…`: what IAM leaves when the named principal is deleted.
  case uniqueID(String)
  /// A `*` or `?` inside a value, which IAM does not support in principals.
  case partialWildcard
  /// Anything else, with the reason.
  case invalid(String)

  public init(_ text: String) {
    if text == "*" {
      self = .everyone
      return
    }
    if ARN.isAccountID(text) {
      self = .account(partition: nil, account: text)
      return
    }
    if ASCII.contains(text, either: UInt8(ascii: "*"), or: UInt8(ascii: "?")) {
      self = .partialWildcard
      return
    }
    if AWSPrincipal.isUniqueID(text) {
      self = .uniqueID(text)
      return
    }
    guard let fields = ARN.fields(of: text), fields.startsWithARN else {
      self = .invalid(
        "\(Display.quoted(text)) is not an AWS principal; use a 12-digit account ID, an IAM or STS ARN, or \"*\""
      )
      return
    }
    var copy = text
    self = copy.withUTF8 { AWSPrincipal(arn: text, bytes: $0, fields: fields) }
  }

  /// Reads an ARN from its bytes, where `fields` says each field lies: a field becomes a String only where the case
  /// keeps it or a message shows it, where an ``ARN`` would make five Strings first.
  private init(arn text: String, bytes: UnsafeBufferPointer<UInt8>, fields: ARNFields) {
    func field(_ position: Int) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: bytes[fields.byteRange(of: position)])
    }
    func string(_ position: Int) -> String { String(decoding: field(position), as: UTF8.self) }
    // Nearly every principal is in the commercial partition, which a comparison tells without hashing.
    let partition = ASCII.bytes(field(1), spell: "aws") ? "aws" : string(1)
    guard partition == "aws" || ARN.knownPartitions.contains(partition) else {
      self = .invalid("'\(text)' names the unknown partition '\(partition)'")
      return
    }
    guard field(3).isEmpty else {
      self = .invalid("\(Display.quoted(text)) must have an empty Region field")
      return
    }
    let account = field(4)
    guard account.count == 12, account.allSatisfy(ASCII.isDigit) else {
      self = .invalid("\(Display.quoted(text)) must have a 12-digit account ID, not '\(string(4))'")
      return
    }
    // No other spelling of these ASCII names is equal to them as Strings, so their bytes decide.
    if ASCII.bytes(field(2), spell: "iam") {
      if ASCII.bytes(field(5), spell: "root") {
        self = .account(partition: partition, account: string(4))
      } else if let (path, name) = AWSPrincipal.pathAndName(string(5), type: "user/") {
        self = .user(partition: partition, account: string(4), path: path, name: name)
      } else if let (path, name) = AWSPrincipal.pathAndName(string(5), type: "role/") {
        self = .role(partition: partition, account: string(4), path: path, name: name)
      } else {
        self = .invalid("'\(text)' is not an IAM root, user or role ARN")
      }
    } else if ASCII.bytes(field(2), spell: "sts") {
      let parts = string(5).split(separator: "/", omittingEmptySubsequences: false)
      if parts.count == 3, parts[0] == "assumed-role", !parts[1].isEmpty, !parts[2].isEmpty {
        self = .assumedRole(
          partition: partition,
          account: string(4),
          role: String(parts[1]),
          session: String(parts[2])
        )
      } else if parts.count == 2, parts[0] == "federated-user", !parts[1].isEmpty {
        self = .federatedUser(partition: partition, account: string(4), name: String(parts[1]))
      } else {
        self = .invalid("'\(text)' is not an STS assumed-role or federated-user ARN")
      }
    } else {
      self = .invalid("'\(text)' is a '\(string(2))' ARN; AWS principals are IAM or STS ARNs")
    }
  }

  /// The account the principal belongs to, when there is exactly one.
  public var account: String? {
    switch self {
    case .account(_, let account), .user(_, let account, _, _), .role(_, let account, _, _),
      .assumedRole(_, let account, _, _), .federatedUser(_, let account, _):
      account
    default: nil
    }
  }

  /// `type/path/name` → (`/path/`, `name`).
  private static func pathAndName(_ resource: String, type: String) -> (String, String)? {
    guard resource.hasPrefix(type) else { return nil }
    let rest = resource.dropFirst(type.count)
    guard let lastSlash = rest.lastIndex(of: "/") else {
      return rest.isEmpty ? nil : ("/", String(rest))
    }
    let name = rest[rest.index(after: lastSlash)...]
    guard !name.isEmpty else { return nil }
    return ("/" + rest[..<lastSlash] + "/", String(name))
  }

  /// IAM unique IDs: a four-letter type prefix and upper-case letters and digits, 16 to 128 characters.
  private static func isUniqueID(_ text: String) -> Bool {
    let bytes = text.utf8
    guard bytes.count >= 16, bytes.count <= 128, bytes.first == UInt8(ascii: "A") else { return false }
    let prefixes = ["AIDA", "AROA", "AGPA", "ANPA", "ANVA", "AIPA", "ASIA", "AKIA"]
    guard prefixes.contains(where: { bytes.starts(with: $0.utf8) }) else { return false }
    return bytes.allSatisfy { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= 0x30 && $0 <= 0x39) }
  }
}
