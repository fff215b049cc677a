public import PolicySyntax

/// An Amazon Resource Name split into its six colon-separated fields; the resource field keeps further colons.
public struct ARN: Hashable, Sendable, CustomStringConvertible {
  public let partition: String
  public let service: String
  public let region: String
  public let account: String
  public let resource: String

  public init(partition: String, service: String, region: String, account: String, resource: String) {
    self.partition = partition
    self.service = service
    self.region = region
    self.account = account
    self.resource = resource
  }

  /// Parses `arn:partition:service:region:account:resource`; nil for anything with fewer than six fields.
  public init?(_ text: String) {
    guard let fields = ARN.fields(of: text), fields.startsWithARN else { return nil }
    let parts = fields.arnParts()
    self.init(
      partition: parts.partition,
      service: parts.service,
      region: parts.region,
      account: parts.account,
      resource: parts.resource
    )
  }

  /// The six fields of `text` split on the first five colons, or nil when there are fewer than five colons.
  public static func fields(of text: String) -> ARNFields? {
    ARNFields(text)
  }

  public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }

  /// The partitions this tool knows; access cannot be delegated across them.
  public static let knownPartitions: Set<String> = ["aws", "aws-cn", "aws-us-gov"]

  /// The partition of a Region: `cn-*` is China, `us-gov-*` GovCloud, everything else the commercial partition.
  public static func partition(forRegion region: String) -> String {
    if region.hasPrefix("cn-") { return "aws-cn" }
    if region.hasPrefix("us-gov-") { return "aws-us-gov" }
    return "aws"
  }

  /// True for a Region code such as `us-east-1`, `cn-north-1`, `us-gov-west-1` or `us-iso-east-1`.
  public static func isRegion(_ text: String) -> Bool {
    var text = text
    return text.withUTF8(isRegion(utf8:))
  }

  /// ``isRegion(_:)`` for the UTF-8 bytes of a text.
  public static func isRegion(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    // Dash-separated parts: a two-letter first part, then lower-case words, then one digit; 3 to 5 parts in all.
    var parts = 1
    var partLength = 0
    for index in 0..<bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "-") {
        guard partLength > 0, parts > 1 || partLength == 2 else { return false }
        parts += 1
        partLength = 0
      } else if byte &- UInt8(ascii: "a") < 26 {
        partLength += 1
      } else if ASCII.isDigit(byte), partLength == 0, index == bytes.count - 1 {
        return parts >= 3 && parts <= 5
      } else {
        return false
      }
    }
    return false
  }

  /// True for exactly twelve ASCII digits.
  @inlinable public static func isAccountID(_ text: some StringProtocol) -> Bool {
    text.utf8.count == 12 && ASCII.allBytes(of: text, satisfy: ASCII.isDigit)
  }
}
