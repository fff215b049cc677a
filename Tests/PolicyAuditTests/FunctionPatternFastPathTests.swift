import PolicyModel
import TestSupport
import Testing

@testable import PolicyAudit

/// `lambda-source-arn-mismatch` skips the pattern intersection for values shaped like a function pattern. The skip
/// must never hide a mismatch: wherever it applies, the general test must find that a pull can match.
@Test(arguments: [11, 12, 13, 14] as [UInt64])
func functionPatternShortcutImpliesThePullCanMatch(seed: UInt64) {
  var random = SplitMix64(seed: seed)
  func pick<T>(_ choices: [T]) -> T { random.pick(choices) }
  // Every operator the rule asks about: it skips negated ones.
  let operators = BaseOperator.allCases.filter { !$0.isNegated }
  var shortcuts = 0
  for _ in 0..<10_000 {
    // Each field is usually what a function pattern has, so that many values take the shortcut and the others
    // differ from one in a field or two.
    func field(_ usual: [String], _ others: [String]) -> String { pick(usual + usual + usual + usual + others) }
    let value = [
      field(["arn"], ["ARN", "*", "ar?"]),
      field(["aws", "aws-cn"], ["AWS", "*", "aw?", ""]),
      field(["lambda"], ["iam", "Lambda", "*", "lamb?a"]),
      field(["us-east-1", "eu-west-1"], ["", "*", "us-east-?", "us-east-1:x"]),
      field(["123456789012"], ["12345678901", "1234567890123", "12345678901a", "*", "1234567890?2"]),
      field(["function:*", "function:my-fn", "function:a:b", "function:*:prod"], ["function", "role/x", "*", "fun*"]),
    ].joined(separator: ":")
    let partition = pick(["aws", "aws-cn"])
    let region = pick([nil, "us-east-1"] as [String?])
    let op = pick(operators)
    guard AuditContext.namesFunctionPattern(value, partition: partition, region: region) else { continue }
    shortcuts += 1
    #expect(
      AuditContext.canDescribePull(value, under: op, partition: partition, region: region),
      "\(value) under \(op.rawValue), partition \(partition), Region \(region ?? "any")"
    )
  }
  // The shortcut is taken often enough to be tested.
  #expect(shortcuts > 100)
}

@Test func `the shortcut takes the usual values and leaves the rest to the general test`() {
  let usual = "arn:aws:lambda:us-east-1:123456789012:function:*"
  #expect(AuditContext.namesFunctionPattern(usual, partition: "aws", region: "us-east-1"))
  #expect(AuditContext.namesFunctionPattern(usual, partition: "aws", region: nil))
  #expect(!AuditContext.namesFunctionPattern(usual, partition: "aws", region: "eu-west-1"))
  #expect(!AuditContext.namesFunctionPattern(usual, partition: "aws-cn", region: nil))
  for other in [
    "arn:aws:lambda:*:123456789012:function:*", "arn:aws:lambda:us-east-1:*:function:*",
    "arn:aws:iam::123456789012:role/fn", "arn:aws:lambda:us-east-1:123456789012:layer:x",
    "arn:aws:lambda:us-east-1:12345678901:function:*", "arn:aws:lambda:us-east-1:123456789012",
  ] {
    #expect(!AuditContext.namesFunctionPattern(other, partition: "aws", region: nil), "\(other)")
  }
}

/// `broad-source-arn` skips reading the fields of a value without a wildcard before its resource. The test it skips
/// with must say exactly that: a wildcard in the partition, service, Region or account field, or anywhere in a text
/// that is no ARN.
@Test func `the broad-source shortcut sees every wildcard outside the resource`() {
  let alphabet = Array("::::::ab*?é1")
  var random = SplitMix64(seed: 0x1234_5678_9ABC_DEF1)
  func next() -> Int { random.next(below: 1 << 31) }
  var withWildcard = 0
  for _ in 0..<5000 {
    let text = String((0..<(next() % 20)).map { _ in alphabet[next() % alphabet.count] })
    func wild(_ field: Substring) -> Bool { field.contains("*") || field.contains("?") }
    let expected =
      ARN.fields(of: text).map { fields in (0..<5).contains { wild(fields[$0]) } } ?? wild(text[...])
    if expected { withWildcard += 1 }
    #expect(AuditContext.hasWildcardBeforeResource(text) == expected, "\(text.debugDescription)")
  }
  #expect(withWildcard > 500)
  #expect(!AuditContext.hasWildcardBeforeResource("arn:aws:lambda:us-east-1:123456789012:function:*"))
  #expect(AuditContext.hasWildcardBeforeResource("arn:aws:lambda:us-east-1:*:function:*"))
}

/// Filling wildcards reads ASCII patterns byte by byte and other text character by character: both must give what
/// replacing each `*` and `?` character gives, and a `*` that carries a combining mark is not a wildcard.
@Test func `filling wildcards replaces each wildcard character and nothing else`() {
  func expected(_ pattern: String, star: String, question: String) -> String {
    pattern.map { $0 == "*" ? star : $0 == "?" ? question : String($0) }.joined()
  }
  var random = SplitMix64(seed: 7)
  let alphabet = Array("ab:*?/-1".utf8)
  var patterns = [
    "", "*", "?", "**", "function:*", "arn:aws:lambda:*:?", "no-wildcard", "é*", "*\u{301}x?", "?\u{301}",
  ]
  for _ in 0..<500 {
    let length = random.next(below: 12)
    patterns.append(
      String(decoding: (0..<length).map { _ in random.pick(alphabet) }, as: UTF8.self)
    )
  }
  for pattern in patterns {
    for (star, question) in [("", "x"), ("probe", "x"), ("x", "x")] {
      let filled = AuditContext.fillWildcards(Substring(pattern), star: star, question: question)
      #expect(filled == expected(pattern, star: star, question: question), "\(pattern)")
    }
  }
  #expect(AuditContext.fillWildcards("*\u{301}", star: "", question: "x") == "*\u{301}")
}

/// `lambda-source-arn-mismatch` tests the resource field's prefixes on a String, whose `hasPrefix` compares bytes,
/// instead of on the field's Substring, which compares characters. Both must answer alike, also where a combining
/// mark joins the prefix's last character.
@Test func `resource prefixes read as a String answer as the field's characters do`() throws {
  let resources = [
    "role/fn", "role/\u{301}fn", "role/", "role", "rolé/fn", "ro\u{301}le/fn", "function:fn", "function:\u{301}",
    "function\u{301}:fn", "*", "*\u{301}", "*fn", "Function:fn", "", "\u{301}role/fn",
  ]
  for resource in resources {
    let fields = try #require(ARN.fields(of: "arn:aws:iam::123456789012:" + resource))
    for prefix in ["role/", "function:", "*"] {
      #expect(String(fields[5]).hasPrefix(prefix) == fields[5].hasPrefix(prefix), "\(resource.debugDescription)")
    }
  }
}

/// A Lambda pull's function patterns take the usual value, every function of an account, without matching its
/// fields: wherever that applies, the general path must give the same resource, and elsewhere the same nil or text.
@Test(arguments: [21, 22, 23] as [UInt64])
func functionResourceMatchesTheGeneralPath(seed: UInt64) {
  var random = SplitMix64(seed: seed)
  func pick<T>(_ choices: [T]) -> T { random.pick(choices) }
  var usual = 0
  for _ in 0..<10_000 {
    func field(_ usual: [String], _ others: [String]) -> String { pick(usual + usual + usual + usual + others) }
    let value = [
      field(["arn"], ["ARN", "*", ""]),
      field(["aws", "aws-cn"], ["AWS", "*", "aw?", "", "awś"]),
      field(["lambda"], ["iam", "Lambda", "*", "lamb?a", "lambdá"]),
      field(["us-east-1", "eu-west-1"], ["", "*", "us-east-?", "us-east-1:x", "us-eäst-1"]),
      field(["123456789012", "210987654321"], ["12345678901", "*", "1234567890?2", "12345678901é"]),
      field(
        ["function:*"],
        ["function:my-fn", "function:*:prod", "function:", "function", "role/x", "fun*", "function:é*"]
      ),
    ].joined(separator: ":")
    let account = pick(["123456789012", "210987654321"])
    let partition = pick(["aws", "aws-cn"])
    let region = pick(["us-east-1", "eu-west-1"])
    let resource = AuditContext.functionResource(
      ofPattern: value,
      account: account,
      partition: partition,
      region: region
    )
    let general = ARN.fields(of: value).flatMap {
      AuditContext.generalFunctionResource(of: $0, account: account, partition: partition, region: region)
    }
    if resource == "function:probe" { usual += 1 }
    #expect(resource == general, "\(value) for \(account) in \(partition), \(region)")
  }
  #expect(usual > 100)
}
