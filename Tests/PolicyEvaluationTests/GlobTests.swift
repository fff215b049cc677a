import PolicyEvaluation
import TestSupport
import Testing

@Suite struct GlobTests {
  @Test(
    "pattern strings, case-sensitive",
    arguments: [
      // Empty pattern matches only empty text (spec §3.2).
      ("", "", true),
      ("", "a", false),
      // `*` matches any sequence, including none, across `:` and `/` (spec §2.1).
      ("*", "", true),
      ("*", "arn:aws:ecr:us-east-1:111111111111:repository/a/b", true),
      ("**", "", true),
      ("a**b", "ab", true),
      ("a*", "a", true),
      ("*a", "ba", true),
      ("*a", "ab", false),
      ("a*b*c", "abc", true),
      ("a*b*c", "aXbYc", true),
      ("a*b*c", "acb", false),
      ("*b*", "abc", true),
      ("*x*", "abc", false),
      ("a*a", "a", false),
      ("a*a", "aa", true),
      ("*aa*aa", "aaaa", true),
      ("*aa*aa", "aaa", false),
      ("*ab*ab", "abab", true),
      ("*ab*ab", "abaab", true),
      ("*ab*ab", "abba", false),
      // `?` is exactly one character.
      ("?", "", false),
      ("?", "a", true),
      ("?", "ab", false),
      ("a?c", "abc", true),
      ("a?c", "ac", false),
      ("*?", "", false),
      ("*?", "x", true),
      ("?*?", "x", false),
      ("?*?", "xy", true),
      // Anchored at both ends (spec §2.1 and V06).
      ("Get*", "BatchGetImage", false),
      ("*Get*", "BatchGetImage", true),
      ("iam:*AccessKey*", "iam:GetAccessKeyId", true),
      ("abc", "abcd", false),
      ("abc", "xabc", false),
      // `*` crosses `/` (spec §2.3); without it there is no prefix match.
      ("repository/team/*", "repository/team/a/b", true),
      ("repository/team", "repository/team/app", false),
      ("arn:aws:*:finance/*", "arn:aws:s:r:999999999999:store/abc:111122223333:finance/document.txt", true),
      // Case matters when matching case-sensitively; `$` is an ordinary character.
      ("ecr:batchgetimage", "ecr:BatchGetImage", false),
      ("function:f:$LATEST", "function:f:$LATEST", true),
      // Characters are Unicode scalars.
      ("?", "é", true),
      ("?", "e\u{301}", false),
      ("??", "e\u{301}", true),
      ("日?", "日本", true),
      ("*本", "日本", true),
      ("é*", "e\u{301}", false),
      ("K", "k", false),
    ]
  )
  func caseSensitive(pattern: String, text: String, expected: Bool) {
    #expect(Glob.matches(pattern: pattern, text: text, caseSensitive: true) == expected)
  }

  @Test(
    "pattern strings, ignoring case",
    arguments: [
      ("ecr:batchgetimage", "ecr:BatchGetImage", true),
      ("ECR:Batch*", "ecr:batchgetimage", true),
      ("ecr:get*", "ecr:BatchGetImage", false),
      ("*IMAGE", "ecr:BatchGetImage", true),
      ("?", "A", true),
      ("ÉCR", "écr", true),
      ("écr", "ÉCR", true),
      ("straße", "STRASSE", false),
      // U+212A KELVIN SIGN lower-cases to ASCII `k`, so it matches ASCII text.
      ("\u{212A}", "k", true),
      ("k", "\u{212A}", true),
      // `İ` lower-cases to two scalars, `i` + U+0307, on both sides.
      ("İ", "i\u{307}", true),
      ("?", "İ", false),
      ("??", "İ", true),
      ("abc", "ABD", false),
    ]
  )
  func caseInsensitive(pattern: String, text: String, expected: Bool) {
    #expect(Glob.matches(pattern: pattern, text: text, caseSensitive: false) == expected)
  }

  @Test("substrings are matched as their own text")
  func substrings() {
    let text = "xx:ecr:BatchGetImage:yy"
    let middle = text.dropFirst(3).dropLast(3)
    #expect(Glob.matches(pattern: "ecr:*Image", text: middle, caseSensitive: true))
    #expect(!Glob.matches(pattern: "ecr:*Image", text: text, caseSensitive: true))
    #expect(Glob.matches(pattern: "ECR:*image"[...], text: middle, caseSensitive: false))
  }

  @Test(
    "tokens: a literal asterisk or question mark matches only itself",
    arguments: [
      // `pay${*}` (V124/V125)
      ("pay*", true),
      ("payments", false),
      ("pay", false),
    ]
  )
  func literalAsterisk(text: String, expected: Bool) {
    let tokens: [GlobToken] = [.literal("p"), .literal("a"), .literal("y"), .literal("*")]
    #expect(Glob.matches(tokens: tokens, text: text, caseSensitive: true) == expected)
  }

  @Test("tokens: wildcards and literals mix")
  func tokenMix() {
    // `pa${?}*`: literal question mark followed by a real wildcard.
    let tokens: [GlobToken] = [.literal("p"), .literal("a"), .literal("?"), .anyString]
    #expect(Glob.matches(tokens: tokens, text: "pa?", caseSensitive: true))
    #expect(Glob.matches(tokens: tokens, text: "pa?ments", caseSensitive: true))
    #expect(!Glob.matches(tokens: tokens, text: "payments", caseSensitive: true))
    #expect(Glob.matches(tokens: [.anyCharacter, .literal("B")], text: "ab", caseSensitive: false))
    #expect(!Glob.matches(tokens: [.anyCharacter, .literal("B")], text: "ab", caseSensitive: true))
    #expect(Glob.matches(tokens: [GlobToken](), text: "", caseSensitive: true))
    #expect(!Glob.matches(tokens: [GlobToken](), text: "a", caseSensitive: true))
    #expect(Glob.matches(tokens: [.literal("*")][...], text: "*", caseSensitive: true))
  }

  @Test("tokens(of:) reads `*` and `?` as wildcards and nothing else")
  func tokenizing() {
    #expect(Glob.tokens(of: "a*?$") == [.literal("a"), .anyString, .anyCharacter, .literal("$")])
    #expect(Glob.tokens(of: "") == [])
  }

  @Test("agrees with a recursive reference matcher on random patterns", arguments: [true, false])
  func agreesWithReference(caseSensitive: Bool) {
    var random = SplitMix64(seed: caseSensitive ? 0x5EED_0001 : 0x5EED_0002)
    let patternAlphabet: [Unicode.Scalar] = ["a", "b", "A", "*", "?", "*"]
    let textAlphabet: [Unicode.Scalar] = ["a", "b", "B"]
    for _ in 0..<2000 {
      let pattern = random.string(from: patternAlphabet, maxLength: 7)
      let text = random.string(from: textAlphabet, maxLength: 9)
      let expected = referenceMatches(pattern: pattern, text: text, caseSensitive: caseSensitive)
      let actual = Glob.matches(pattern: pattern, text: text, caseSensitive: caseSensitive)
      #expect(actual == expected, "pattern '\(pattern)' text '\(text)'")
      let viaTokens = Glob.matches(tokens: Glob.tokens(of: pattern), text: text, caseSensitive: caseSensitive)
      #expect(viaTokens == expected, "tokens of '\(pattern)' text '\(text)'")
    }
  }

  @Test("the first SplitMix64 output for seed 0 is the published value")
  func splitMixIsTheReferenceGenerator() {
    var random = SplitMix64(seed: 0)
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
  }

  @Test("pathological patterns against long text finish (speed is measured by benchmarks)")
  func pathologicalInputs() {
    let longText = String(repeating: "a", count: 100_000) + "b"
    let starA = String(repeating: "*a", count: 100)
    #expect(!Glob.matches(pattern: starA, text: longText, caseSensitive: true))
    #expect(!Glob.matches(pattern: starA, text: longText, caseSensitive: false))
    #expect(Glob.matches(pattern: starA + "*", text: longText, caseSensitive: true))
    #expect(!Glob.matches(pattern: starA + "*c*", text: longText, caseSensitive: true))
    // The O(|pattern|·|text|) shape: every start position matches 100 characters before failing.
    let window = "*" + String(repeating: "a", count: 100) + "c*"
    #expect(!Glob.matches(pattern: window, text: longText, caseSensitive: true))
    // Non-ASCII text takes the scalar path.
    let longUnicode = String(repeating: "é", count: 100_000) + "b"
    #expect(!Glob.matches(pattern: String(repeating: "*é", count: 100), text: longUnicode, caseSensitive: false))
  }

  /// The textbook recursive definition, exponential but obviously right for short inputs.
  private func referenceMatches(pattern: String, text: String, caseSensitive: Bool) -> Bool {
    let pattern = Array((caseSensitive ? pattern : pattern.lowercased()).unicodeScalars)
    let text = Array((caseSensitive ? text : text.lowercased()).unicodeScalars)
    func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
      guard let first = pattern.first else { return text.isEmpty }
      if first == "*" {
        return matches(pattern.dropFirst(), text) || (!text.isEmpty && matches(pattern, text.dropFirst()))
      }
      guard let character = text.first else { return false }
      return (first == "?" || first == character) && matches(pattern.dropFirst(), text.dropFirst())
    }
    return matches(pattern[...], text[...])
  }
}
