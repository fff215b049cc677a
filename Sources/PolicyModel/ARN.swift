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
    // One pass over the bytes: the fields are cut at ASCII colons, so each slice is itself valid UTF-8, and making
    // a string of it costs far less than a substring of the text.
    var copy = text
    let fields = copy.withUTF8 { bytes -> (String, String, String, String, String)? in
      guard bytes.count >= 4, bytes[0] == UInt8(ascii: "a"), bytes[1] == UInt8(ascii: "r"),
        bytes[2] == UInt8(ascii: "n"), bytes[3] == UInt8(ascii: ":")
      else { return nil }
      var cuts: (Int, Int, Int, Int) = (0, 0, 0, 0)
      var found = 0
      var index = 4
      while found < 4, index < bytes.count {
        if bytes[index] == UInt8(ascii: ":") {
          switch found {
          case 0: cuts.0 = index
          case 1: cuts.1 = index
          case 2: cuts.2 = index
          default: cuts.3 = index
          }
          found += 1
        }
        index += 1
      }
      guard found == 4 else { return nil }
      func field(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
      }
      return (
        field(4, cuts.0), field(cuts.0 + 1, cuts.1), field(cuts.1 + 1, cuts.2), field(cuts.2 + 1, cuts.3),
        field(cuts.3 + 1, bytes.count)
      )
    }
    guard let fields else { return nil }
    self.init(partition: fields.0, service: fields.1, region: fields.2, account: fields.3, resource: fields.4)
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
    // Dash-separated parts: a two-letter first part, then lower-case words, then one digit; 3 to 5 parts in all.
    var text = text
    return text.withUTF8 { bytes in
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
  }

  /// True for exactly twelve ASCII digits.
  @inlinable public static func isAccountID(_ text: some StringProtocol) -> Bool {
    text.utf8.count == 12 && ASCII.allBytes(of: text, satisfy: ASCII.isDigit)
  }
}
