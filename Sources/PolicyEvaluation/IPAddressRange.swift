/// An IPv4 or IPv6 address, as `aws:SourceIp` carries it.
package struct IPAddress: Hashable, Sendable {
  package enum Family: Hashable, Sendable {
    case ipv4
    case ipv6
  }

  package let family: Family
  // The address as a 128-bit number in two halves, so masking needs no UInt128 (which has availability limits
  // on Apple platforms). An IPv4 address occupies the low 32 bits of `low`.
  let high: UInt64
  let low: UInt64

  /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (`::` compression, either hex case, a trailing dotted quad as in
  /// `::ffff:1.2.3.4`); nil for anything else, including surrounding spaces, zone ids and octets with leading zeros.
  package init?(_ text: some StringProtocol) {
    let bytes = Array(text.utf8)
    if bytes.contains(UInt8(ascii: ":")) {
      guard let (high, low) = IPAddress.parseIPv6(bytes[...]) else { return nil }
      self.init(family: .ipv6, high: high, low: low)
    } else {
      guard let value = IPAddress.parseIPv4(bytes[...]) else { return nil }
      self.init(family: .ipv4, high: 0, low: UInt64(value))
    }
  }

  init(family: Family, high: UInt64, low: UInt64) {
    self.family = family
    self.high = high
    self.low = low
  }

  /// The widest prefix length of this family: 32 or 128.
  package var bitWidth: Int { family == .ipv4 ? 32 : 128 }

  /// The address with every bit after the first `prefixLength` cleared.
  func masked(toPrefixLength prefixLength: Int) -> IPAddress {
    switch family {
    case .ipv4:
      // Swift's `<<` yields zero for a shift of the full width, so `/0` needs no special case.
      let mask = (UInt64(UInt32.max) << (32 - prefixLength)) & UInt64(UInt32.max)
      return IPAddress(family: family, high: 0, low: low & mask)
    case .ipv6:
      let highMask = prefixLength >= 64 ? UInt64.max : UInt64.max << (64 - prefixLength)
      let lowMask = prefixLength <= 64 ? 0 : UInt64.max << (128 - prefixLength)
      return IPAddress(family: family, high: high & highMask, low: low & lowMask)
    }
  }

  // MARK: - Parsing

  /// Four decimal octets 0–255. Leading zeros are refused: some parsers read `010` as octal 8, others as decimal
  /// 10, so such a value has no single meaning.
  private static func parseIPv4(_ bytes: ArraySlice<UInt8>) -> UInt32? {
    let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var value: UInt32 = 0
    for part in parts {
      guard let octet = decimal(part, maxDigits: 3), octet <= 255 else { return nil }
      value = value << 8 | UInt32(octet)
    }
    return value
  }

  /// Eight groups of 1–4 hex digits, at most one `::` standing for one or more zero groups, and optionally a
  /// dotted quad in place of the last two groups.
  private static func parseIPv6(_ bytes: ArraySlice<UInt8>) -> (UInt64, UInt64)? {
    let colon = UInt8(ascii: ":")
    var head = bytes
    var tail: ArraySlice<UInt8>?
    if let gap = bytes.indices.first(where: { $0 + 1 < bytes.endIndex && bytes[$0] == colon && bytes[$0 + 1] == colon })
    {
      head = bytes[..<gap]
      tail = bytes[(gap + 2)...]
    }
    guard let headGroups = groups(head, mayEndWithIPv4: tail == nil) else { return nil }
    var allGroups = headGroups
    if let tail {
      guard let tailGroups = groups(tail, mayEndWithIPv4: true) else { return nil }
      // `::` must replace at least one group.
      guard headGroups.count + tailGroups.count <= 7 else { return nil }
      allGroups += Array(repeating: 0, count: 8 - headGroups.count - tailGroups.count) + tailGroups
    }
    guard allGroups.count == 8 else { return nil }
    let high = allGroups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
    let low = allGroups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
    return (high, low)
  }

  /// The 16-bit groups of a colon-separated run (empty for empty text); nil when a group is empty or malformed,
  /// which also rejects a second `::` and a single leading or trailing colon.
  private static func groups(_ bytes: ArraySlice<UInt8>, mayEndWithIPv4: Bool) -> [UInt16]? {
    if bytes.isEmpty { return [] }
    let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
    var result: [UInt16] = []
    for (index, part) in parts.enumerated() {
      if index == parts.count - 1, mayEndWithIPv4, part.contains(UInt8(ascii: ".")) {
        guard let ipv4 = parseIPv4(part) else { return nil }
        result += [UInt16(ipv4 >> 16), UInt16(ipv4 & 0xFFFF)]
      } else {
        guard let group = hexGroup(part) else { return nil }
        result.append(group)
      }
    }
    return result
  }

  private static func hexGroup(_ bytes: ArraySlice<UInt8>) -> UInt16? {
    guard (1...4).contains(bytes.count) else { return nil }
    var value: UInt16 = 0
    for byte in bytes {
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value << 4 | UInt16(digit)
    }
    return value
  }

  /// A decimal number of 1–`maxDigits` ASCII digits without leading zeros (`0` itself is fine).
  fileprivate static func decimal(_ bytes: ArraySlice<UInt8>, maxDigits: Int) -> Int? {
    guard (1...maxDigits).contains(bytes.count), bytes.count == 1 || bytes.first != UInt8(ascii: "0") else {
      return nil
    }
    var value = 0
    for byte in bytes {
      guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }
}

/// A CIDR block from an `IpAddress`/`NotIpAddress` policy value (spec §3.7).
///
/// Equality compares the value as written (address, prefix length, whether a prefix was written), not the set of
/// addresses it covers; use `contains(_:)` for membership.
package struct IPAddressRange: Hashable, Sendable {
  /// The address as written, host bits included.
  package let address: IPAddress
  package let prefixLength: Int
  /// True when no `/prefix` was written: IPv4 then means `/32` (AWS) and IPv6 `/128` (spec choice; the AWS page
  /// literally says `/32`, which cannot be meant for IPv6, so the auditor should warn).
  package let isBareAddress: Bool

  /// Parses `address` or `address/prefix` with a decimal prefix of 0–32 (IPv4) or 0–128 (IPv6), written without
  /// leading zeros; nil for anything else.
  package init?(_ text: some StringProtocol) {
    let bytes = Array(text.utf8)
    if let slash = bytes.firstIndex(of: UInt8(ascii: "/")) {
      guard let address = IPAddress(String(decoding: bytes[..<slash], as: UTF8.self)),
        let prefixLength = IPAddress.decimal(bytes[(slash + 1)...], maxDigits: 3),
        prefixLength <= address.bitWidth
      else { return nil }
      self.init(address: address, prefixLength: prefixLength, isBareAddress: false)
    } else {
      guard let address = IPAddress(text) else { return nil }
      self.init(address: address, prefixLength: address.bitWidth, isBareAddress: true)
    }
  }

  private init(address: IPAddress, prefixLength: Int, isBareAddress: Bool) {
    self.address = address
    self.prefixLength = prefixLength
    self.isBareAddress = isBareAddress
  }

  /// True when the written address has bits set after the prefix (`10.0.0.1/8`); they are ignored for membership.
  package var hasHostBits: Bool { address.masked(toPrefixLength: prefixLength) != address }

  /// Whether `candidate` is in the block. Addresses of the other family are never in it, IPv4-mapped IPv6
  /// addresses included (spec §3.7: no cross-family matching).
  package func contains(_ candidate: IPAddress) -> Bool {
    candidate.family == address.family
      && candidate.masked(toPrefixLength: prefixLength) == address.masked(toPrefixLength: prefixLength)
  }
}
