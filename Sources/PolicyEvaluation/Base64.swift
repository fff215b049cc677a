/// Standard base64 (RFC 4648 §4) decoding for `BinaryEquals` policy values (spec §3.6).
package enum Base64 {
  /// The decoded bytes of `text`; nil unless it is padded base64 in the standard alphabet: a length that is a
  /// multiple of four, `=` only as the last one or two characters, no whitespace or line breaks.
  ///
  /// Unused low bits in the last group (`QR==` instead of `QQ==`) are tolerated and dropped, as common decoders
  /// such as Java's do: the bytes are still well defined, and refusing them would make `BinaryEquals` false where
  /// AWS may well compare.
  package static func decode(_ text: some StringProtocol) -> [UInt8]? {
    let input = Array(text.utf8)
    guard input.count % 4 == 0 else { return nil }
    let padding = input.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
    guard padding <= 2 else { return nil }
    var output: [UInt8] = []
    output.reserveCapacity(input.count / 4 * 3)
    var group: UInt32 = 0
    for (index, character) in input.dropLast(padding).enumerated() {
      guard let value = sextet(character) else { return nil }
      group = group << 6 | value
      if index % 4 == 3 {
        output += [byte(group, shiftedRightBy: 16), byte(group, shiftedRightBy: 8), byte(group, shiftedRightBy: 0)]
        group = 0
      }
    }
    switch padding {
    // The last group has 3 characters (18 bits, 2 bytes) or 2 characters (12 bits, 1 byte); low bits are unused.
    case 1: output += [byte(group, shiftedRightBy: 10), byte(group, shiftedRightBy: 2)]
    case 2: output.append(byte(group, shiftedRightBy: 4))
    default: break
    }
    return output
  }

  private static func byte(_ group: UInt32, shiftedRightBy shift: UInt32) -> UInt8 {
    UInt8(truncatingIfNeeded: group >> shift)
  }

  /// The 6-bit value of one base64 character.
  private static func sextet(_ character: UInt8) -> UInt32? {
    switch character {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(character - UInt8(ascii: "A"))
    case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(character - UInt8(ascii: "a")) + 26
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(character - UInt8(ascii: "0")) + 52
    case UInt8(ascii: "+"): 62
    case UInt8(ascii: "/"): 63
    default: nil
    }
  }
}
