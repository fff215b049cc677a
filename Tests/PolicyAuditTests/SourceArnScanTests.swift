import PolicyModel
import PolicySyntax
import TestSupport
import Testing

@testable import PolicyAudit

/// Texts made of the pieces a SourceArn scan tells apart: fields of Region and service names, accounts, wildcards and a
/// character of more than one byte, between a varying number of colons.
private func sourceArnTexts(seed: UInt64, count: Int) -> [String] {
  var random = SplitMix64(seed: seed)
  let pieces = [
    "arn", "aws", "lambda", "lambda", "lambd", "iam", "us-east-1", "us-east-1", "eu-west-3", "us-gov-west-1",
    "US-east-1", "*", "?", "999999999999", "999999999999", "111111111111", "99999999999", "function", "x", "é", "-",
    "1", "",
  ]
  return (0..<count).map { _ in
    var fields = (0..<random.next(below: 9)).map { _ in
      (0..<(1 + random.next(below: 2))).map { _ in random.pick(pieces) }.joined()
    }
    // Half the texts with a service field have a Lambda one, so that Regions are read often.
    if fields.count > 2, random.next(below: 2) == 0 { fields[2] = "lambda" }
    return fields.joined(separator: ":")
  }
}

/// The Region a Lambda SourceArn names is read in one pass over the bytes: it must say what reading the ARN's
/// fields says.
@Test func `the one-pass Region of a SourceArn is the one its fields name`() {
  var found = 0
  for text in sourceArnTexts(seed: 0x51, count: 20000) + ["arn:aws:lambda:us-east-1:123456789012:function:*"] {
    var expected: String? = nil
    if let fields = ARN.fields(of: text), fields[2] == "lambda", ARN.isRegion(String(fields[3])) {
      expected = String(fields[3])
    }
    if expected != nil { found += 1 }
    #expect(Auditor.lambdaRegion(ofSourceArn: text) == expected, "\(text.debugDescription)")
  }
  #expect(found > 200)
}

/// Whether a SourceArn pins another account than the stranger's is read in one pass over the bytes: it must say
/// what the wildcard test and the account field say.
@Test func `the one-pass account test of a SourceArn agrees with its fields`() {
  var others = 0
  var same = 0
  for stranger in ["999999999999", "999999999998"] {
    for text in sourceArnTexts(seed: 0x52, count: 20000) {
      let expected: Bool
      if AuditContext.hasWildcardBeforeResource(text) {
        expected = false
      } else if let fields = ARN.fields(of: text) {
        expected = fields[4] != stranger
      } else {
        expected = true
      }
      if expected { others += 1 } else { same += 1 }
      #expect(AuditContext.namesOtherAccountThan(stranger, inSourceArn: text) == expected, "\(text.debugDescription)")
    }
  }
  #expect(others > 1000 && same > 1000)
}

/// The account a SourceArn pins is read in one pass over the bytes: it must be the account field its fields give,
/// when that field is 12 digits.
@Test func `the one-pass account of a SourceArn is its twelve-digit account field`() {
  var found = 0
  for text in sourceArnTexts(seed: 0x53, count: 20000) {
    var expected: String? = nil
    if let fields = ARN.fields(of: text), fields[4].utf8.count == 12, fields[4].utf8.allSatisfy(ASCII.isDigit) {
      expected = String(fields[4])
    }
    if expected != nil { found += 1 }
    #expect(AuditContext.accountID(inSourceArn: text) == expected, "\(text.debugDescription)")
  }
  #expect(found > 200)
}
