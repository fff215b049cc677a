import PolicyEvaluation
import Testing

@Suite struct PolicyDateTests {
  @Test(
    "the same instant written differently is equal",
    arguments: [
      // Offsets normalize to UTC (V102); epoch values are seconds (V101, §3.4).
      ("2025-06-01T14:00:00+02:00", "2025-06-01T12:00:00Z"),
      ("1748779200", "2025-06-01T12:00:00Z"),
      ("1748779200.000", "2025-06-01T12:00:00Z"),
      ("1767225600", "2026-01-01T00:00:00Z"),
      ("1704067200", "2024-01-01"),
      // Date-only and time-without-seconds forms start at midnight / second zero, UTC.
      ("2024-01-01", "2024-01-01T00:00:00Z"),
      ("2024", "2024-01-01T00:00:00Z"),
      ("2024-03", "2024-03-01T00:00Z"),
      ("2025-06-01T12:00Z", "2025-06-01T12:00:00.000Z"),
      // No time zone designator: UTC.
      ("2025-06-01T12:00:00", "2025-06-01T12:00:00Z"),
      ("2025-06-01T12:00", "2025-06-01T12:00:00Z"),
      ("2025-06-01T00:30-01:00", "2025-06-01T01:30:00Z"),
      ("2025-01-01T00:00:00+14:00", "2024-12-31T10:00:00Z"),
      ("1970-01-01T00:00:00-00:00", "0"),
      ("1969-12-31T23:00:00-01:00", "0"),
      ("-0", "0"),
      ("-0.000", "1970-01-01"),
      ("1969-12-31T23:59:59Z", "-1"),
      ("1969-12-31T23:59:58.5Z", "-1.5"),
      ("1969-12-31T23:59:59.99Z", "-0.01"),
      ("2025-06-01T12:00:00.500Z", "1748779200.5"),
      ("2025-06-01T12:00:00.1234567890123Z", "1748779200.1234567890123"),
      ("1748779200.0100", "1748779200.01"),
      // Calendar edges.
      ("2000-02-29T00:00:00Z", "951782400"),
      ("1600-03-01", "-11670912000"),
      ("0000-01-01T00:00:00Z", "-62167219200"),
      ("9999-12-31T23:59:59Z", "253402300799"),
      ("1900-01-01T00:00:00.25Z", "-2208988799.75"),
    ]
  )
  func equal(first: String, second: String) throws {
    let lhs = try #require(PolicyDate(first))
    let rhs = try #require(PolicyDate(second))
    #expect(lhs == rhs)
  }

  @Test(
    "instants order exactly",
    arguments: [
      ("2025-06-01T12:00:00Z", "2026-01-01T00:00:00Z"),
      ("2025-06-01T12:00:00+00:01", "2025-06-01T12:00:00Z"),
      ("1748779200", "1748779200.0000001"),
      ("1748779200", "1748779200.0000000001"),
      ("1748779200.09", "1748779200.1"),
      ("-2", "-1.5"),
      ("-1.5", "-1.25"),
      ("-1.25", "-1"),
      ("1969-12-31T23:59:59.999Z", "0"),
      ("2024", "2024-01-01T00:00:00.001Z"),
      ("0000-01-01", "9999"),
    ]
  )
  func ordered(earlier: String, later: String) throws {
    let lhs = try #require(PolicyDate(earlier))
    let rhs = try #require(PolicyDate(later))
    #expect(lhs < rhs)
    #expect(!(rhs < lhs))
    #expect(lhs != rhs)
  }

  @Test(
    "malformed or out-of-range dates are rejected",
    arguments: [
      "", " ", "2025-13-01", "2025-00-10", "2025-01-00", "2025-01-32", "2025-02-29", "2024-02-30", "1900-02-29",
      "2100-02-29", "2025-04-31", "2025-06-31", "2025-09-31", "2025-11-31", "2025-06-01T24:00:00Z",
      "2025-06-01T12:60Z", "2025-06-01T12:00:60Z", "2025-06-01T12Z", "2025-06-01T12", "2025-06-01T12:00:00.Z",
      "2025-06-01T12:00:00.", "2025-06-01T12:00:00+2:00", "2025-06-01T12:00:00+02", "2025-06-01T12:00:00+0200",
      "2025-06-01T12:00:00+24:00", "2025-06-01T12:00:00+02:60", "2025-06-01t12:00:00Z", "2025-06-01T12:00:00z",
      "2025-06-01T12:00:00ZZ", "2025-06-01T12:00:00Z ", " 2025-06-01", "2025-6-1", "2025-06-1", "25-06-01",
      "202-06-01", "12345-01-01", "+2025", "2025-", "2025-06-", "2025-06T12:00Z", "2025T12:00Z", "2025-06-01T",
      "2025-06-01 12:00:00Z", "2025/06/01", "2025-06-01T12:00:00.5.5Z", "2025-06-01T1:00Z", "+1748779200", "1e9",
      "1748779200.", ".5", "1748779200 ", "99999999999999999999", "-99999999999999999999", "２０２５", "now",
    ]
  )
  func malformed(text: String) {
    #expect(PolicyDate(text) == nil)
  }

  @Test(
    "notation is reported",
    arguments: [
      ("1748779200", PolicyDate.Notation.epochSeconds),
      ("-1.5", .epochSeconds),
      ("-123", .epochSeconds),
      ("12345", .epochSeconds),
      ("2025", .iso8601),
      ("2025-06", .iso8601),
      ("2025-06-01", .iso8601),
      ("2025-06-01T12:00Z", .iso8601),
      ("2025-06-01T12:00:00+02:00", .iso8601),
      ("2025-06-01T12:00:00", .iso8601WithoutTimeZone),
      ("2025-06-01T12:00:00.5", .iso8601WithoutTimeZone),
    ]
  )
  func notation(text: String, notation: PolicyDate.Notation) {
    #expect(PolicyDate.parse(text)?.notation == notation)
  }

  @Test("seconds round down and the fraction is the non-negative rest")
  func parts() throws {
    let negative = try #require(PolicyDate("-1.5"))
    #expect(negative.seconds == -2)
    #expect(negative.fractionDigits == "5")
    let small = try #require(PolicyDate("-0.001"))
    #expect(small.seconds == -1)
    #expect(small.fractionDigits == "999")
    let positive = try #require(PolicyDate("2025-06-01T12:00:00.250Z"))
    #expect(positive.seconds == 1_748_779_200)
    #expect(positive.fractionDigits == "25")
    #expect(PolicyDate(seconds: 1_748_779_200) == PolicyDate("2025-06-01T12:00:00Z"))
  }
}
