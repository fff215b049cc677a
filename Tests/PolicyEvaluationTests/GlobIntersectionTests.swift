import PolicyEvaluation
import TestSupport
import Testing

/// `Glob.intersects(_:_:)` answers by searching pairs of pattern positions, after several shortcuts (plain texts,
/// colon-separated segments, fixed ends). Every answer here is compared with a brute-force search over texts that
/// shares none of that code: it only asks `Glob.matches`, which has its own reference tests.
@Suite struct GlobIntersectionTests {
  // MARK: - The brute-force oracle

  /// Whether some text matches both patterns, found by trying every text that could be the shortest common one.
  ///
  /// This is exact, not a sample. In a shortest common text every scalar is consumed by a non-`*` position of at
  /// least one pattern (a scalar that both patterns absorb into a `*` could be deleted), so its length is at most
  /// the two counts of non-`*` positions added together, and at least the larger one. A scalar that no literal
  /// forces can be swapped for one symbol that neither pattern names, so the texts need no other scalars.
  private func bruteForceIntersects(_ first: String, _ second: String) -> Bool {
    let firstFixed = first.unicodeScalars.count { $0 != "*" }
    let secondFixed = second.unicodeScalars.count { $0 != "*" }
    let firstHasStar = first.unicodeScalars.contains("*")
    let secondHasStar = second.unicodeScalars.contains("*")
    let alphabet = textAlphabet(for: first, second)
    for length in max(firstFixed, secondFixed)...(firstFixed + secondFixed) {
      // A pattern without `*` matches texts of exactly its own length only.
      if !firstHasStar && length != firstFixed { continue }
      if !secondHasStar && length != secondFixed { continue }
      var digits = [Int](repeating: 0, count: length)
      while true {
        var scalars = String.UnicodeScalarView()
        for digit in digits { scalars.append(alphabet[digit]) }
        let text = String(scalars)
        if Glob.matches(pattern: first, text: text, caseSensitive: true)
          && Glob.matches(pattern: second, text: text, caseSensitive: true)
        {
          return true
        }
        guard advance(&digits, base: alphabet.count) else { break }
      }
    }
    return false
  }

  /// Every literal of both patterns, plus one symbol that neither names (for patterns drawn from `a`, `b`, `:`, `*`
  /// and `?`, this is a subset of `a`, `b`, `:`, `c`).
  private func textAlphabet(for first: String, _ second: String) -> [Unicode.Scalar] {
    var alphabet: [Unicode.Scalar] = []
    for scalar in first.unicodeScalars + second.unicodeScalars
    where scalar != "*" && scalar != "?" && !alphabet.contains(scalar) {
      alphabet.append(scalar)
    }
    let spares: [Unicode.Scalar] = ["c", "d", "x", "y", "~"]
    let spare = spares.first { !alphabet.contains($0) }
    if let spare { alphabet.append(spare) }
    return alphabet
  }

  /// The next number in base `base`, least significant digit first; false once every number has been visited.
  private func advance(_ digits: inout [Int], base: Int) -> Bool {
    for position in digits.indices {
      digits[position] += 1
      if digits[position] < base { return true }
      digits[position] = 0
    }
    return false
  }

  // MARK: - Checking every entry point

  /// Both patterns again as slices of one longer text, with wildcards just outside each slice, so an implementation
  /// that read past a substring's bounds would see a `*` or `?` and answer differently. Sliced by scalars, so a
  /// leading combining mark stays in its own pattern.
  private func embedded(_ first: String, _ second: String) -> (Substring, Substring) {
    let whole = "*?" + first + "?*" + second + "*?"
    let scalars = whole.unicodeScalars
    let firstStart = scalars.index(scalars.startIndex, offsetBy: 2)
    let firstEnd = scalars.index(firstStart, offsetBy: first.unicodeScalars.count)
    let secondStart = scalars.index(firstEnd, offsetBy: 2)
    let secondEnd = scalars.index(secondStart, offsetBy: second.unicodeScalars.count)
    return (whole[firstStart..<firstEnd], whole[secondStart..<secondEnd])
  }

  /// Expects `expected` from both overloads, in both argument orders: an intersection has no direction.
  private func expectIntersects(_ first: String, _ second: String, _ expected: Bool) {
    let pair = "\(first.debugDescription) and \(second.debugDescription)"
    #expect(Glob.intersects(first, second) == expected, "String: \(pair)")
    #expect(Glob.intersects(second, first) == expected, "String, swapped: \(pair)")
    let (firstSlice, secondSlice) = embedded(first, second)
    #expect(Array(firstSlice.unicodeScalars) == Array(first.unicodeScalars), "slicing \(first.debugDescription)")
    #expect(Array(secondSlice.unicodeScalars) == Array(second.unicodeScalars), "slicing \(second.debugDescription)")
    #expect(Glob.intersects(firstSlice, secondSlice) == expected, "Substring: \(pair)")
    #expect(Glob.intersects(secondSlice, firstSlice) == expected, "Substring, swapped: \(pair)")
  }

  /// Checks every entry point against the oracle and returns the oracle's answer.
  @discardableResult
  private func expectAgreesWithBruteForce(_ first: String, _ second: String) -> Bool {
    let expected = bruteForceIntersects(first, second)
    expectIntersects(first, second, expected)
    return expected
  }

  // MARK: - The oracle itself

  /// The oracle decides every other test, so it must be able to say both "yes" and "no" for the right reasons.
  @Test func bruteForceOracleFindsCommonTextsAndRejectsDisjointPatterns() {
    #expect(bruteForceIntersects("*a*", "*b*"))
    // The only common texts have more scalars than either pattern has non-`*` positions, so the search must go
    // past the larger count: the shortest here, `aabb`, needs the whole bound.
    #expect(bruteForceIntersects("a*", "*b"))
    #expect(bruteForceIntersects("aa*", "*bb"))
    #expect(!bruteForceIntersects("a*a", "b*"))
    #expect(!bruteForceIntersects("?", ""))
    #expect(!bruteForceIntersects("ab", "a?c"))
    #expect(textAlphabet(for: "a*?", ":b") == ["a", ":", "b", "c"])
  }

  // MARK: - Random and exhaustive pairs

  /// One pattern of up to five scalars, the other of up to four: with both up to five, a few pairs with stars on
  /// each side and no common text make the brute force enumerate 87,000 texts each and the test take seconds.
  /// Both argument orders are checked, so which side is the longer one does not matter.
  @Test func randomPatternPairsAgreeWithBruteForce() {
    var random = SplitMix64(seed: 0x1A7E_0001)
    let patternAlphabet: [Unicode.Scalar] = ["a", "b", ":", "*", "?"]
    var intersecting = 0
    let pairCount = 2000
    for _ in 0..<pairCount {
      let first = random.string(from: patternAlphabet, maxLength: 5)
      let second = random.string(from: patternAlphabet, maxLength: 4)
      if expectAgreesWithBruteForce(first, second) { intersecting += 1 }
    }
    // Both answers must be common enough for the comparison to test each of them.
    #expect(intersecting > pairCount / 10, "only \(intersecting) of \(pairCount) pairs intersect")
    #expect(intersecting < pairCount * 9 / 10, "\(intersecting) of \(pairCount) pairs intersect")
  }

  /// Every pair of short patterns, so no small shape is left to chance; `:` is in the alphabet so that the
  /// segment-by-segment shortcut runs too.
  @Test func everyPairOfShortPatternsAgreesWithBruteForce() {
    let symbols: [Unicode.Scalar] = ["a", ":", "*", "?"]
    var patterns = [""]
    var previous = [""]
    for _ in 1...3 {
      previous = previous.flatMap { prefix in symbols.map { prefix + String($0) } }
      patterns += previous
    }
    for (index, first) in patterns.enumerated() {
      for second in patterns[index...] { expectAgreesWithBruteForce(first, second) }
    }
  }

  // MARK: - Fixed cases

  @Test(
    arguments: [
      // An empty pattern matches only the empty text.
      ("", "", true),
      ("", "*", true),
      ("", "**", true),
      ("", "?", false),
      ("a*", "*b", true),
      ("a?", "?b", true),
      ("ab", "a?c", false),
      ("*a*", "*b*", true),
      ("a*a", "b*", false),
      // `*` crosses `:`, so different segment counts can still share a text.
      ("a:*", "*:b:a", true),
      ("a:*:b", "?:a", false),
      // `?` is one scalar, even a non-ASCII one; a decomposed `é` is two scalars, and matching is exact.
      ("\u{E9}*", "?x", true),
      ("\u{E9}", "e", false),
      ("\u{E9}", "e\u{301}", false),
      ("e\u{301}", "?", false),
      ("e\u{301}", "??", true),
    ]
  )
  func fixedPairsAgreeWithBruteForce(first: String, second: String, expected: Bool) {
    #expect(expectAgreesWithBruteForce(first, second) == expected)
  }

  /// A lone `*` matches every text, so it intersects every pattern. Each pattern's own text with `*` deleted and
  /// `?` replaced is a common text, checked here, since the long ARN patterns are beyond the oracle.
  @Test(
    arguments: [
      "",
      "?",
      "*",
      "a*a",
      "\u{E9}?",
      "arn:aws:lambda:us-east-1:????????????:function:*",
      "arn:aws:iam::123456789012:role/x",
    ]
  )
  func loneStarIntersectsEveryPattern(pattern: String) {
    let witnessScalars = pattern.unicodeScalars.filter { $0 != "*" }.map { $0 == "?" ? "c" : $0 }
    let witness = String(String.UnicodeScalarView(witnessScalars))
    #expect(Glob.matches(pattern: pattern, text: witness, caseSensitive: true), "witness \(witness.debugDescription)")
    expectIntersects("*", pattern, true)
  }

  /// Lambda source-ARN patterns as the auditor compares them, each pair backed by a text that both match, since
  /// patterns this long are beyond the oracle.
  @Test(
    arguments: [
      (
        "arn:aws:lambda:us-east-1:123456789012:function:*",
        "arn:aws:lambda:us-east-1:????????????:function:*",
        "arn:aws:lambda:us-east-1:123456789012:function:f"
      ),
      (
        "arn:aws:lambda:*:123456789012:function:*",
        "arn:aws:lambda:eu-west-1:????????????:function:*",
        "arn:aws:lambda:eu-west-1:123456789012:function:f"
      ),
      // `*` also matches colons, so a Region wildcard can take in a whole layer ARN: this pattern for layers
      // still meets the pattern for functions.
      (
        "arn:aws:lambda:*:123456789012:function:*",
        "arn:aws:lambda:us-east-1:????????????:layer:*",
        "arn:aws:lambda:us-east-1:123456789012:layer:x:123456789012:function:f"
      ),
    ]
  )
  func overlappingARNPatternsIntersect(first: String, second: String, commonText: String) {
    #expect(Glob.matches(pattern: first, text: commonText, caseSensitive: true))
    #expect(Glob.matches(pattern: second, text: commonText, caseSensitive: true))
    expectIntersects(first, second, true)
  }

  @Test func roleARNDoesNotIntersectFunctionPattern() {
    // Without wildcards the role ARN is one text, so the patterns intersect exactly when the other matches it.
    let role = "arn:aws:iam::123456789012:role/x"
    let functions = "arn:aws:lambda:us-east-1:????????????:function:*"
    #expect(!Glob.matches(pattern: functions, text: role, caseSensitive: true))
    expectIntersects(role, functions, false)
  }

  @Test func differentRegionsBeforeAnyWildcardDoNotIntersect() {
    // Both texts would have to start with their prefix before the first wildcard, and these prefixes differ.
    let east = "arn:aws:lambda:us-east-1:*:function:*"
    let west = "arn:aws:lambda:eu-west-1:????????????:function:*"
    #expect(east.hasPrefix("arn:aws:lambda:u") && west.hasPrefix("arn:aws:lambda:e"))
    expectIntersects(east, west, false)
  }
}
