/// An instant from a `Date*` operator value or request value (spec §3.4), held exactly.
///
/// Whole seconds plus the decimal digits of the sub-second part, so that equal instants written differently
/// (`2025-06-01T14:00:00+02:00`, `2025-06-01T12:00:00Z`, `1748779200`, `1748779200.000`) are equal values and no
/// precision is lost to floating point. Parsing is hand-written: Foundation's `DateFormatter` is slow,
/// locale-dependent and accepts more than the W3C profile.
package struct PolicyDate: Hashable, Comparable, Sendable {
  /// Seconds since 1970-01-01T00:00:00Z, rounded down (so `-1.5` is -2 seconds plus `5` tenths).
  package let seconds: Int64
  /// The digits of the non-negative fraction of a second after `seconds`, without trailing zeros.
  package let fractionDigits: String

  /// How a date was written, for diagnostics.
  package enum Notation: Hashable, Sendable {
    /// Decimal seconds since the Unix epoch, as `aws:EpochTime` carries them.
    case epochSeconds
    /// The W3C profile of ISO 8601, with a time zone designator or without a time.
    case iso8601
    /// A W3C date-time without its required time zone designator; read as UTC (spec §3.4), worth a warning.
    case iso8601WithoutTimeZone
  }

  /// A whole-second instant, e.g. the evaluator's notion of the current time.
  package init(seconds: Int64) {
    self.init(seconds: seconds, fractionDigits: "")
  }

  private init(seconds: Int64, fractionDigits: String) {
    self.seconds = seconds
    self.fractionDigits = fractionDigits
  }

  /// Parses a date in any accepted notation; see `parse(_:)`.
  package init?(_ text: some StringProtocol) {
    guard let parsed = PolicyDate.parse(text) else { return nil }
    self = parsed.date
  }

  /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.s+]][TZD]` (TZD `Z` or `±hh:mm`) or epoch
  /// seconds `-?[0-9]+(\.[0-9]+)?`; nil for anything else or for out-of-range fields.
  ///
  /// Four bare digits are a year, not epoch seconds: a year is what a policy author means by `2025`, and epoch
  /// values of real requests have ten digits. Date-only forms mean midnight UTC at the start of the period.
  package static func parse(_ text: some StringProtocol) -> (date: PolicyDate, notation: Notation)? {
    let bytes = Array(text.utf8)
    let isBareYear = bytes.count == 4 && bytes.allSatisfy(PolicyNumber.isDigit)
    if !isBareYear, let number = PolicyNumber(text) {
      return epochDate(number).map { ($0, .epochSeconds) }
    }
    return parseCalendar(bytes)
  }

  package static func < (lhs: PolicyDate, rhs: PolicyDate) -> Bool {
    if lhs.seconds != rhs.seconds { return lhs.seconds < rhs.seconds }
    // Without trailing zeros, digit strings of fractions order exactly as their text does.
    return lhs.fractionDigits.utf8.lexicographicallyPrecedes(rhs.fractionDigits.utf8)
  }

  // MARK: - Epoch seconds

  private static func epochDate(_ number: PolicyNumber) -> PolicyDate? {
    guard let whole = Int64(number.integerDigits) else { return nil }
    guard number.isNegative else { return PolicyDate(seconds: whole, fractionDigits: number.fractionDigits) }
    if number.fractionDigits.isEmpty { return PolicyDate(seconds: -whole) }
    // -12.25 = -13 + 0.75: step one second down and take the ten's complement of the fraction.
    return PolicyDate(seconds: -whole - 1, fractionDigits: tensComplement(of: number.fractionDigits))
  }

  /// 10^n − f for the n digits of f, which end in a non-zero digit: 9 − d for each digit but the last, 10 − d for
  /// the last. The result ends in a non-zero digit too, so it needs no trimming.
  private static func tensComplement(of digits: String) -> String {
    let zero = UInt8(ascii: "0")
    var result = digits.utf8.dropLast().map { zero + 9 - ($0 - zero) }
    if let last = digits.utf8.last { result.append(zero + 10 - (last - zero)) }
    return String(decoding: result, as: UTF8.self)
  }

  // MARK: - W3C date-time

  private static func parseCalendar(_ bytes: [UInt8]) -> (date: PolicyDate, notation: Notation)? {
    var cursor = Cursor(bytes: bytes)
    guard let year = cursor.digits(4) else { return nil }
    var month = 1
    var day = 1
    var hasDay = false
    if cursor.skip("-") {
      guard let parsedMonth = cursor.digits(2), (1...12).contains(parsedMonth) else { return nil }
      month = parsedMonth
      if cursor.skip("-") {
        guard let parsedDay = cursor.digits(2), (1...daysIn(month: month, year: year)).contains(parsedDay) else {
          return nil
        }
        day = parsedDay
        hasDay = true
      }
    }
    var secondOfDay = 0
    var fractionDigits = ""
    var notation = Notation.iso8601
    if cursor.skip("T") {
      // A time needs the full date before it.
      guard hasDay, let hour = cursor.digits(2), hour <= 23, cursor.skip(":"),
        let minute = cursor.digits(2), minute <= 59
      else { return nil }
      var second = 0
      if cursor.skip(":") {
        guard let parsedSecond = cursor.digits(2), parsedSecond <= 59 else { return nil }
        second = parsedSecond
        if cursor.skip(".") {
          let fraction = cursor.digitRun()
          guard !fraction.isEmpty else { return nil }
          fractionDigits = PolicyNumber.digitsWithoutTrailingZeros(fraction)
        }
      }
      secondOfDay = hour * 3600 + minute * 60 + second
      if cursor.isAtEnd {
        notation = .iso8601WithoutTimeZone
      } else if !cursor.skip("Z") {
        guard let offset = cursor.timeZoneOffset() else { return nil }
        secondOfDay -= offset
      }
    }
    guard cursor.isAtEnd else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    return (PolicyDate(seconds: days * 86_400 + Int64(secondOfDay), fractionDigits: fractionDigits), notation)
  }

  private static func isLeapYear(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days from 1970-01-01 to the proleptic Gregorian date (H. Hinnant's days_from_civil, in 400-year eras that
  /// begin on 1 March so the leap day falls at the end of a year).
  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
    let shiftedYear = Int64(month <= 2 ? year - 1 : year)
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let monthFromMarch = Int64((month + 9) % 12)
    let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}

/// Reads ASCII fields left to right; every method consumes input only when it succeeds.
private struct Cursor {
  let bytes: [UInt8]
  var position = 0

  init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  var isAtEnd: Bool { position == bytes.count }

  mutating func skip(_ character: Unicode.Scalar) -> Bool {
    guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
    position += 1
    return true
  }

  /// Exactly `count` ASCII digits as a number.
  mutating func digits(_ count: Int) -> Int? {
    guard position + count <= bytes.count else { return nil }
    var value = 0
    for byte in bytes[position..<(position + count)] {
      guard PolicyNumber.isDigit(byte) else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    position += count
    return value
  }

  /// All ASCII digits from here on.
  mutating func digitRun() -> ArraySlice<UInt8> {
    let start = position
    while position < bytes.count && PolicyNumber.isDigit(bytes[position]) {
      position += 1
    }
    return bytes[start..<position]
  }

  /// `±hh:mm` as seconds east of UTC.
  mutating func timeZoneOffset() -> Int? {
    let start = position
    let sign: Int
    if skip("+") {
      sign = 1
    } else if skip("-") {
      sign = -1
    } else {
      return nil
    }
    guard let hours = digits(2), hours <= 23, skip(":"), let minutes = digits(2), minutes <= 59 else {
      position = start
      return nil
    }
    return sign * (hours * 3600 + minutes * 60)
  }
}
