/// An exact decimal from a `Numeric*` operator value or request value (spec §3.3).
///
/// Kept as normalized digit strings rather than `Double` or `Decimal`: binary floating point cannot represent
/// `0.1`, and `Decimal` has a 38-digit mantissa, while policy text may hold any number of digits. Comparison is
/// exact for every accepted text.
package struct PolicyNumber: Hashable, Comparable, Sendable {
  /// False for zero, so `-0` equals `0`.
  package let isNegative: Bool
  /// The integer digits without leading zeros; `"0"` when the integer part is zero.
  package let integerDigits: String
  /// The fraction digits without trailing zeros; empty for an integer, so `10` equals `10.00`.
  package let fractionDigits: String

  /// Parses `-?[0-9]+(\.[0-9]+)?` (ASCII digits only); nil for anything else: exponents, `+`, spaces, hex,
  /// a bare `.5` or `5.`.
  package init?(_ text: some StringProtocol) {
    var bytes = Substring(text).utf8[...]
    let isNegative = bytes.first == UInt8(ascii: "-")
    if isNegative { bytes = bytes.dropFirst() }
    let integerPart = bytes.prefix(while: PolicyNumber.isDigit)
    var fractionPart = bytes[integerPart.endIndex...]
    guard !integerPart.isEmpty else { return nil }
    if !fractionPart.isEmpty {
      guard fractionPart.first == UInt8(ascii: "."), fractionPart.count > 1 else { return nil }
      fractionPart = fractionPart.dropFirst()
      guard fractionPart.allSatisfy(PolicyNumber.isDigit) else { return nil }
    }
    let integerDigits = String(decoding: integerPart.drop(while: { $0 == UInt8(ascii: "0") }), as: UTF8.self)
    let fractionDigits = PolicyNumber.digitsWithoutTrailingZeros(fractionPart)
    self.integerDigits = integerDigits.isEmpty ? "0" : integerDigits
    self.fractionDigits = fractionDigits
    self.isNegative = isNegative && (self.integerDigits != "0" || !fractionDigits.isEmpty)
  }

  package static func < (lhs: PolicyNumber, rhs: PolicyNumber) -> Bool {
    if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
    return lhs.isNegative ? magnitudeIsLess(rhs, lhs) : magnitudeIsLess(lhs, rhs)
  }

  /// Compares absolute values: more integer digits is larger; equal-length digit strings and fraction digits
  /// (without trailing zeros, so a shorter prefix is smaller) both order exactly as their text does.
  private static func magnitudeIsLess(_ lhs: PolicyNumber, _ rhs: PolicyNumber) -> Bool {
    let lhsCount = lhs.integerDigits.utf8.count
    let rhsCount = rhs.integerDigits.utf8.count
    if lhsCount != rhsCount { return lhsCount < rhsCount }
    if lhs.integerDigits != rhs.integerDigits {
      return lhs.integerDigits.utf8.lexicographicallyPrecedes(rhs.integerDigits.utf8)
    }
    return lhs.fractionDigits.utf8.lexicographicallyPrecedes(rhs.fractionDigits.utf8)
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// Fraction digits in canonical form: trailing zeros change neither the value nor, once removed, the ordering.
  static func digitsWithoutTrailingZeros<Digits: BidirectionalCollection<UInt8>>(_ digits: Digits) -> String {
    var end = digits.endIndex
    while end > digits.startIndex, digits[digits.index(before: end)] == UInt8(ascii: "0") {
      end = digits.index(before: end)
    }
    return String(decoding: digits[..<end], as: UTF8.self)
  }
}
