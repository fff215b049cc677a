import PolicySyntax
import TestSupport
import Testing

/// `String(joining:)` promises the text of the standard interpolation of the same literal, byte for byte.
@Suite struct JoinedTextTests {
  @Test func literalsAndInterpolationsJoinAsTheStandardInterpolation() {
    let account = "123456789012"
    let empty = ""
    let accented = "e\u{301}"
    let slice = "arn:aws:iam::123456789012:root".dropFirst(13).prefix(12)
    let number = -42
    #expect(String(joining: "") == "")
    #expect(String(joining: "plain") == "plain")
    #expect(String(joining: "\(account)") == account)
    #expect(String(joining: "\(empty)\(empty)") == "")
    let joined = String(joining: "a \(account) b \(empty)\(accented) c \(slice) d \(number)\(account)")
    let standard = "a \(account) b \(empty)\(accented) c \(slice) d \(number)\(account)"
    #expect(Array(joined.utf8) == Array(standard.utf8))
  }

  @Test(arguments: [1, 2, 3])
  func randomPartsJoinAsTheStandardInterpolation(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    let alphabet: [Character] = ["a", "Z", "0", ":", "\"", "\\", "\n", "é", "日", "😀", "e\u{301}"]
    for _ in 0..<200 {
      func part() -> String {
        String((0..<Int(random.next() % 40)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
      }
      let (first, second, third) = (part(), part(), part())
      let joined = String(joining: "<\(first)|\(second)> and \(third).")
      #expect(Array(joined.utf8) == Array("<\(first)|\(second)> and \(third).".utf8))
    }
  }
}
