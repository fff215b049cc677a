import PolicyEvaluation
import Testing

@Suite struct PolicyNumberTests {
  private static let huge = "123456789012345678901234567890123456789012345678901234567890"

  @Test(
    "equal values written differently are equal",
    arguments: [
      ("10", "10.0"),
      ("10", "10.00"),
      ("-0", "0"),
      ("-0.000", "0"),
      ("000", "0"),
      ("007", "7"),
      ("0.50", "0.5"),
      ("-12.340", "-12.34"),
      ("1748779200", "1748779200.0"),
      (huge, huge + ".000"),
      ("0." + huge + "000", "0." + huge),
    ]
  )
  func equal(first: String, second: String) throws {
    let lhs = try #require(PolicyNumber(first))
    let rhs = try #require(PolicyNumber(second))
    #expect(lhs == rhs)
    #expect(!(lhs < rhs) && !(rhs < lhs))
  }

  @Test(
    "order is exact",
    arguments: [
      ("1", "2"),
      ("9", "10"),
      ("0.9", "1"),
      ("1.09", "1.1"),
      ("1.1", "1.10001"),
      ("0", "0.0001"),
      ("-0.0001", "0"),
      ("-1", "0"),
      ("-2", "-1"),
      ("-1.1", "-1.09"),
      ("-10", "9"),
      ("-10", "-9.999"),
      ("1748779199.999", "1748779200"),
      (String(repeating: "9", count: 50), "1" + String(repeating: "0", count: 50)),
      (huge + ".1234567890123", huge + ".1234567890124"),
      ("-" + huge, "-" + String(huge.dropLast())),
      // Beyond Double's 53-bit mantissa.
      ("9007199254740993", "9007199254740994"),
    ]
  )
  func ordered(smaller: String, larger: String) throws {
    let lhs = try #require(PolicyNumber(smaller))
    let rhs = try #require(PolicyNumber(larger))
    #expect(lhs < rhs)
    #expect(!(rhs < lhs))
    #expect(lhs != rhs)
  }

  @Test(
    "only -?digits(.digits)? is accepted",
    arguments: [
      "", "-", ".", "+1", "1e3", "1E3", "1.5e2", " 1", "1 ", ".5", "-.5", "5.", "1.2.3", "--1", "0x10", "1,000",
      "1_000", "NaN", "Infinity", "-Infinity", "١٢", "１", "1-", "- 1", "1.-5", "true",
    ]
  )
  func malformed(text: String) {
    #expect(PolicyNumber(text) == nil)
  }

  @Test("normalized parts")
  func parts() throws {
    let number = try #require(PolicyNumber("-007.500"))
    #expect(number.isNegative)
    #expect(number.integerDigits == "7")
    #expect(number.fractionDigits == "5")
    let zero = try #require(PolicyNumber("-0.0"))
    #expect(!zero.isNegative)
    #expect(zero.integerDigits == "0")
    #expect(zero.fractionDigits == "")
  }

  @Test("parses substrings")
  func substring() {
    let text = "x=42.50;"
    #expect(PolicyNumber(text.dropFirst(2).dropLast()) == PolicyNumber("42.5"))
  }
}
