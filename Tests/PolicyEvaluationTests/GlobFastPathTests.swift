import PolicyEvaluation
import TestSupport
import Testing

/// `Glob.matches(pattern:text:caseSensitive:)` answers from one of three paths: in place when both sides are ASCII,
/// on text bytes when only the text is ASCII, and on scalars otherwise. Each path must give the answer of the
/// textbook definition, so every case here is decided by a reference matcher, never by a hand-written answer alone.
@Suite struct GlobFastPathTests {
  /// The definition of IAM's glob on scalars, memoized so star-heavy patterns stay cheap. Ignoring case lower-cases
  /// both whole strings first, as the standard library does it.
  private func referenceMatches(pattern: String, text: String, caseSensitive: Bool) -> Bool {
    let pattern = Array((caseSensitive ? pattern : pattern.lowercased()).unicodeScalars)
    let text = Array((caseSensitive ? text : text.lowercased()).unicodeScalars)
    var memo: [Int: Bool] = [:]
    func matches(_ patternIndex: Int, _ textIndex: Int) -> Bool {
      let key = patternIndex * (text.count + 1) + textIndex
      if let known = memo[key] { return known }
      let result: Bool
      if patternIndex == pattern.count {
        result = textIndex == text.count
      } else if pattern[patternIndex] == "*" {
        result =
          matches(patternIndex + 1, textIndex) || (textIndex < text.count && matches(patternIndex, textIndex + 1))
      } else if textIndex == text.count {
        result = false
      } else {
        let literal = pattern[patternIndex]
        result = (literal == "?" || literal == text[textIndex]) && matches(patternIndex + 1, textIndex + 1)
      }
      memo[key] = result
      return result
    }
    return matches(0, 0)
  }

  /// The text again as a slice of longer text, so the in-place path reads a substring's own bounds. Sliced by
  /// scalars: a leading combining mark would join the `?` before it, and slicing by characters would drop it.
  private func embedded(_ text: String) -> Substring {
    let whole = "*?" + text + "?*"
    let start = whole.unicodeScalars.index(whole.startIndex, offsetBy: 2)
    let end = whole.unicodeScalars.index(whole.endIndex, offsetBy: -2)
    return whole[start..<end]
  }

  private func checkAgainstReference(pattern: String, text: String, caseSensitive: Bool) -> Bool {
    let expected = referenceMatches(pattern: pattern, text: text, caseSensitive: caseSensitive)
    let description = "pattern \(pattern.debugDescription) text \(text.debugDescription) caseSensitive \(caseSensitive)"
    #expect(Glob.matches(pattern: pattern, text: text, caseSensitive: caseSensitive) == expected, "\(description)")
    let patternSlice = embedded(pattern)
    let textSlice = embedded(text)
    #expect(Array(patternSlice.unicodeScalars) == Array(pattern.unicodeScalars), "slicing \(pattern.debugDescription)")
    #expect(Array(textSlice.unicodeScalars) == Array(text.unicodeScalars), "slicing \(text.debugDescription)")
    #expect(
      Glob.matches(pattern: patternSlice, text: textSlice, caseSensitive: caseSensitive) == expected,
      "substrings: \(description)"
    )
    return expected
  }

  // MARK: - Random ASCII pairs (the in-place path)

  @Test(arguments: [true, false])
  func randomASCIIPairsAgreeWithTheReference(caseSensitive: Bool) {
    var random = SplitMix64(seed: caseSensitive ? 0x6C0B_0001 : 0x6C0B_0002)
    let patternAlphabet: [Unicode.Scalar] = ["a", "b", "A", "B", ":", "*", "?"]
    let textAlphabet: [Unicode.Scalar] = ["a", "b", "A", "B", ":"]
    var matched = 0
    for _ in 0..<1500 {
      let pattern = random.string(from: patternAlphabet, maxLength: 12)
      let text = random.string(from: textAlphabet, maxLength: 12)
      if checkAgainstReference(pattern: pattern, text: text, caseSensitive: caseSensitive) { matched += 1 }
    }
    // Random pairs mostly fail to match; enough must match for the comparison to test both answers.
    #expect(matched > 25, "only \(matched) of 1500 pairs matched")
  }

  // MARK: - Random mixed pairs (the byte and scalar paths)

  /// Non-ASCII scalars on either side, including ones whose lower-case form is ASCII (`K` KELVIN SIGN) or two
  /// scalars long (`İ`), so the path chosen for a pair changes from one pair to the next.
  @Test(arguments: [true, false])
  func randomMixedPairsAgreeWithTheReference(caseSensitive: Bool) {
    var random = SplitMix64(seed: caseSensitive ? 0x6C0B_0003 : 0x6C0B_0004)
    let patternAlphabet: [Unicode.Scalar] = ["a", "k", "K", "\u{212A}", "é", "É", "İ", "i", "\u{307}", "*", "?"]
    let textAlphabet: [Unicode.Scalar] = ["a", "k", "K", "\u{212A}", "é", "É", "İ", "i", "\u{307}"]
    var matched = 0
    for _ in 0..<750 {
      let pattern = random.string(from: patternAlphabet, maxLength: 6)
      let text = random.string(from: textAlphabet, maxLength: 6)
      if checkAgainstReference(pattern: pattern, text: text, caseSensitive: caseSensitive) { matched += 1 }
    }
    #expect(matched > 30, "only \(matched) of 750 pairs matched")
  }

  // MARK: - One side ASCII, the other not

  @Test(
    arguments: [
      // `?` is one scalar, even a two-byte one.
      ("a?c", "a\u{E9}c", true),
      ("a??c", "a\u{E9}c", false),
      ("a*c", "a\u{E9}\u{65E5}c", true),
      ("abc", "a\u{E9}c", false),
      // Non-ASCII pattern, ASCII text: a non-ASCII literal never equals an ASCII byte.
      ("a\u{E9}c", "abc", false),
      ("a\u{E9}c", "aec", false),
      ("*\u{E9}*", "xey", false),
      ("\u{212A}", "K", false),
      ("\u{212A}", "k", false),
      ("k", "\u{212A}", false),
    ]
  )
  func mixedPairsCaseSensitive(_ pattern: String, _ text: String, _ expected: Bool) {
    #expect(checkAgainstReference(pattern: pattern, text: text, caseSensitive: true) == expected)
  }

  @Test(
    arguments: [
      ("a?c", "A\u{E9}C", true),
      ("*\u{C9}*", "x\u{E9}y", true),
      ("*\u{C9}*", "XY", false),
      ("*e*", "x\u{E9}y", false),
      // U+212A KELVIN SIGN lower-cases to ASCII `k`: the byte path must compare its lower-case form.
      ("\u{212A}", "k", true),
      ("\u{212A}", "K", true),
      ("k", "\u{212A}", true),
      ("K", "\u{212A}", true),
      ("*\u{212A}?", "xKy", true),
      ("?", "\u{212A}", true),
      // `İ` lower-cases to `i` + U+0307, two scalars, on both sides.
      ("i?", "\u{130}", true),
      ("?", "\u{130}", false),
      ("I", "\u{130}", false),
      // Bytes either side of `A`–`Z` fold to nothing: `@`/`` ` `` and `[`/`{` differ by the case bit only.
      ("@", "`", false),
      ("[", "{", false),
    ]
  )
  func mixedPairsIgnoringCase(_ pattern: String, _ text: String, _ expected: Bool) {
    #expect(checkAgainstReference(pattern: pattern, text: text, caseSensitive: false) == expected)
  }

  @Test func caseFoldingIsOnlyAppliedWhenAsked() {
    #expect(checkAgainstReference(pattern: "AB*:b", text: "ab:x:B", caseSensitive: false))
    #expect(!checkAgainstReference(pattern: "AB*:b", text: "ab:x:B", caseSensitive: true))
    #expect(checkAgainstReference(pattern: "AB*:B", text: "AB:x:B", caseSensitive: true))
  }
}
