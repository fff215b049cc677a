import PolicySyntax
import TestSupport
import Testing

/// The byte-level helpers promise the answers of the standard library's Unicode operations; each test compares
/// with those operations directly. Strings are compared by UTF-8 bytes, because `String ==` accepts canonically
/// equivalent text that a byte-for-byte policy rewrite would not.
@Suite struct ASCIITests {
  /// ASCII letters of both cases, digits, policy punctuation, the bytes either side of `A`–`Z` and `a`–`z` (where
  /// an off-by-one fold would show), and non-ASCII scalars whose lower-casing changes length or leaves ASCII.
  private static let alphabet: [Unicode.Scalar] = [
    "a", "z", "A", "Z", "M", "q", "0", "9", ":", "*", "/", "@", "[", "`", "{", "\u{7F}",
    "Ä", "é", "İ", "\u{212A}", "ß", "Σ", "日", "😀",
  ]
  /// The needles the policy code searches for, and a few that straddle them.
  private static let needles: [StaticString] = ["", "*", ":", "::", "a:", "*:", "Az", "aZ", "${", "ecr:", "@[`{"]

  private func randomText(_ random: inout SplitMix64, asciiOnly: Bool) -> String {
    let choices = asciiOnly ? Array(Self.alphabet.prefix(16)) : Self.alphabet
    var scalars = String.UnicodeScalarView()
    for _ in 0..<random.next(below: 13) { scalars.append(random.pick(choices)) }
    return String(scalars)
  }

  /// A plain scan over scalars; for an ASCII needle it finds the same occurrences as a scan over UTF-8 bytes,
  /// since ASCII bytes never occur inside a multibyte sequence.
  private func naiveContains(_ text: some StringProtocol, _ needle: String) -> Bool {
    let haystack = Array(text.unicodeScalars)
    let target = Array(needle.unicodeScalars)
    guard !target.isEmpty else { return true }
    guard haystack.count >= target.count else { return false }
    for start in 0...(haystack.count - target.count) where Array(haystack[start..<start + target.count]) == target {
      return true
    }
    return false
  }

  /// The same text as a substring of longer text, so slicing offsets are exercised too; sliced by scalars, so
  /// the slice holds exactly the scalars of `text`.
  private func embedded(_ text: String) -> Substring {
    let whole = "Q:" + text + ":Q"
    let start = whole.unicodeScalars.index(whole.startIndex, offsetBy: 2)
    let end = whole.unicodeScalars.index(whole.endIndex, offsetBy: -2)
    return whole[start..<end]
  }

  // MARK: - lowercased

  @Test(
    arguments: [
      ("", ""),
      ("already lower: 0-9 *", "already lower: 0-9 *"),
      ("ECR:BatchGetImage", "ecr:batchgetimage"),
      ("AZaz@[`{", "azaz@[`{"),
      ("ÄB", "äb"),
      ("İ", "i\u{307}"),
      ("\u{212A}", "k"),
      ("Straße", "straße"),
      ("x日本X", "x日本x"),
    ]
  )
  func lowercasedFixedCases(_ text: String, _ expected: String) {
    #expect(Array(ASCII.lowercased(text).utf8) == Array(expected.utf8))
    #expect(Array(ASCII.lowercased(embedded(text)).utf8) == Array(expected.utf8))
    #expect(Array(text.lowercased().utf8) == Array(expected.utf8), "the expectation itself is wrong")
  }

  @Test(arguments: [true, false])
  func lowercasedAgreesWithTheStandardLibrary(asciiOnly: Bool) {
    var random = SplitMix64(seed: asciiOnly ? 0xA5C1_0001 : 0xA5C1_0002)
    for _ in 0..<2000 {
      let text = randomText(&random, asciiOnly: asciiOnly)
      let expected = Array(text.lowercased().utf8)
      #expect(Array(ASCII.lowercased(text).utf8) == expected, "\(text.debugDescription)")
      #expect(Array(ASCII.lowercased(embedded(text)).utf8) == expected, "substring \(text.debugDescription)")
    }
  }

  // MARK: - contains a single character

  /// Whether `needle` occurs in `text`. A string-literal needle could also read as another overload's argument
  /// type, so calls go through this one signature.
  private func containsNeedle(_ text: some StringProtocol, _ needle: StaticString) -> Bool {
    ASCII.contains(text, needle)
  }

  @Test func containsCharacterFixedCases() {
    #expect(!containsNeedle("", "*"))
    #expect(containsNeedle("arn:aws:ecr:*", "*"))
    #expect(!containsNeedle("arn:aws:ecr", "*"))
    #expect(containsNeedle("ÄB:", ":"))
    // Case matters: this is a byte search, not a fold.
    #expect(!containsNeedle("abc", "B"))
    // The substring holds only what is between its bounds.
    #expect(!containsNeedle("*abc*".dropFirst().dropLast(), "*"))
    #expect(containsNeedle("x*abc".dropFirst(), "*"))
  }

  @Test func containsCharacterAgreesWithAScalarScan() {
    var random = SplitMix64(seed: 0xA5C1_0003)
    let characters: [(needle: StaticString, scalar: Unicode.Scalar)] = [
      ("*", "*"), (":", ":"), ("a", "a"), ("A", "A"), ("{", "{"), ("@", "@"), ("\u{7F}", "\u{7F}"),
    ]
    for _ in 0..<2000 {
      let text = randomText(&random, asciiOnly: false)
      let (needle, scalar) = random.pick(characters)
      let expected = text.unicodeScalars.contains(scalar)
      #expect(containsNeedle(text, needle) == expected, "\(text.debugDescription) \(scalar)")
      #expect(containsNeedle(embedded(text), needle) == expected, "substring \(text.debugDescription)")
    }
  }

  // MARK: - contains a needle

  @Test func containsNeedleFixedCases() {
    #expect(containsNeedle("", ""))
    #expect(containsNeedle("abc", ""))
    #expect(!containsNeedle("", ":"))
    #expect(containsNeedle("ecr:", "ecr:"))
    #expect(!containsNeedle("ecr", "ecr:"))
    #expect(containsNeedle("arn:${aws:username}", "${"))
    // A partial match that fails must not skip the real one starting inside it.
    #expect(containsNeedle("eecr:", "ecr:"))
    #expect(containsNeedle("a::", "::"))
    #expect(!containsNeedle("ECR:", "ecr:"))
    #expect(containsNeedle("é日ecr:😀", "ecr:"))
    #expect(!containsNeedle("Qecr:Q".dropFirst().dropLast(2), "ecr:"))
    #expect(containsNeedle("Qecr:Q".dropFirst().dropLast(), "ecr:"))
  }

  @Test func containsNeedleAgreesWithANaiveSearch() {
    var random = SplitMix64(seed: 0xA5C1_0004)
    var hits = 0
    for _ in 0..<3000 {
      let text = randomText(&random, asciiOnly: random.next(below: 2) == 0)
      let needle = random.pick(Self.needles)
      let expected = naiveContains(text, needle.description)
      if expected { hits += 1 }
      #expect(containsNeedle(text, needle) == expected, "\(text.debugDescription) \(needle)")
      #expect(containsNeedle(embedded(text), needle) == expected, "substring \(text.debugDescription) \(needle)")
    }
    // Both answers must come up often, or the comparison proves little.
    #expect(hits > 300 && hits < 2700, "\(hits) hits")
  }

  // MARK: - hasSuffix, allBytes, concatenation

  @Test func hasSuffixAgreesWithTheBytes() {
    var random = SplitMix64(seed: 0xA5C1_0005)
    var hits = 0
    for _ in 0..<3000 {
      let text =
        randomText(&random, asciiOnly: random.next(below: 2) == 0) + random.pick(["", ".json", "json", ".JSON"])
      let expected = Array(text.utf8).reversed().starts(with: Array(".json".utf8).reversed())
      if expected { hits += 1 }
      #expect(ASCII.hasSuffix(text, ".json") == expected, "\(text.debugDescription)")
    }
    #expect(hits > 300 && hits < 2700, "\(hits) hits")
  }

  @Test func exactlyEqualIsEqualityOfStringsOfOneLength() {
    var random = SplitMix64(seed: 0xA5C1_0008)
    var equal = 0
    for _ in 0..<3000 {
      let left = randomText(&random, asciiOnly: random.next(below: 2) == 0)
      // Often the same text (in a storage of its own), often one differing in a byte or in length.
      let right =
        random.next(below: 2) == 0
        ? String(decoding: Array(left.utf8), as: UTF8.self) : left + random.pick(["", "a", "\u{E9}"])
      let expected = left.utf8.count == right.utf8.count && left == right
      if expected { equal += 1 }
      #expect(ASCII.exactlyEqual(left, right) == expected, "\(left.debugDescription) \(right.debugDescription)")
    }
    #expect(equal > 300 && equal < 2700, "\(equal) equal")
    // Canonically equivalent spellings of different lengths are different, as to IAM.
    #expect("caf\u{E9}" == "cafe\u{301}")
    #expect(!ASCII.exactlyEqual("caf\u{E9}", "cafe\u{301}"))
    #expect(
      ASCII.exactlyEqual(
        "ecr:GetDownloadUrlForLayer",
        String(decoding: Array("ecr:GetDownloadUrlForLayer".utf8), as: UTF8.self)
      )
    )
  }

  @Test func matchesAgreesWithTheBytesAtTheOffset() {
    var random = SplitMix64(seed: 0xA5C1_0009)
    var hits = 0
    for _ in 0..<3000 {
      let text = randomText(&random, asciiOnly: random.next(below: 2) == 0)
      let bytes = Array(text.utf8)
      let offset = random.next(below: bytes.count + 2) - 1
      // Often a literal cut from the text itself at the offset, sometimes one that runs past its end.
      let literal: String
      if offset >= 0, offset <= bytes.count, random.next(below: 3) > 0 {
        let end = min(bytes.count, offset + random.next(below: 8) + random.next(below: 2) * 20)
        literal = String(decoding: bytes[offset..<end], as: UTF8.self)
      } else {
        literal = randomText(&random, asciiOnly: true)
      }
      let wanted = Array(literal.utf8)
      let expected =
        offset >= 0 && bytes.count - offset >= wanted.count && Array(bytes[offset...].prefix(wanted.count)) == wanted
      if expected { hits += 1 }
      #expect(bytes.withUnsafeBufferPointer { ASCII.matches(literal, in: $0, at: offset) } == expected)
    }
    #expect(hits > 300 && hits < 2700, "\(hits) hits")
  }

  @Test func allBytesAgreesWithTheUTF8View() {
    var random = SplitMix64(seed: 0xA5C1_0006)
    for _ in 0..<2000 {
      let text = randomText(&random, asciiOnly: random.next(below: 2) == 0)
      #expect(ASCII.allBytes(of: text, satisfy: ASCII.isLetter) == text.utf8.allSatisfy(ASCII.isLetter))
      #expect(ASCII.allBytes(of: embedded(text), satisfy: { $0 < 0x80 }) == text.utf8.allSatisfy { $0 < 0x80 })
    }
  }

  @Test func concatenatingThreeTextsJoinsTheirBytes() {
    var random = SplitMix64(seed: 0xA5C1_0007)
    for _ in 0..<2000 {
      let parts = (0..<3).map { _ in randomText(&random, asciiOnly: random.next(below: 2) == 0) }
      let joined = String(concatenating: parts[0], parts[1], parts[2])
      #expect(Array(joined.utf8) == Array((parts[0] + parts[1] + parts[2]).utf8), "\(parts)")
    }
    #expect(String(concatenating: "", "", "").isEmpty)
  }

  /// The run the JSON reader skips eight bytes at a time ends exactly where a byte-by-byte scan finds the first
  /// quote, backslash, control character or non-ASCII byte, when that is in a whole word; otherwise at the last whole
  /// word before the end.
  @Test func plainStringRunEndsAtTheFirstSpecialByte() {
    var random = SplitMix64(seed: 0xA5C1_0008)
    let special: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x0A, 0x80, 0xC3, 0xFF]
    let plain: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x7F, 0x41, 0x3A, 0x2A, 0x01, 0x23]
    var stoppedInAWord = 0
    for _ in 0..<5000 {
      let length = random.next(below: 40)
      let bytes: [UInt8] = (0..<length).map { _ in
        random.next(below: 12) == 0
          ? special[random.next(below: special.count)] : plain[random.next(below: plain.count)]
      }
      let start = length == 0 ? 0 : random.next(below: length)
      let firstSpecial = bytes[start...].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 }
      let end = bytes.withUnsafeBufferPointer { ASCII.endOfPlainStringRun(in: $0, from: start) }
      let endOfWholeWords = start + (length - start) / 8 * 8
      if let firstSpecial, firstSpecial < endOfWholeWords {
        #expect(end == firstSpecial, "\(bytes) from \(start)")
        stoppedInAWord += 1
      } else {
        #expect(end == endOfWholeWords, "\(bytes) from \(start)")
      }
    }
    #expect(stoppedInAWord > 500)
  }

  /// Indentation is skipped a word at a time up to the first byte that is not a space, wherever it is.
  @Test func spaceRunEndsAtTheFirstOtherByte() {
    var random = SplitMix64(seed: 0x5BAC_E5)
    // Bytes next to a space and its high-bit twin, where a word-at-a-time test could misfire.
    let others: [UInt8] = [0x21, 0x1F, 0x00, 0x0A, 0x09, 0xA0, 0x60, 0x30]
    for _ in 0..<5000 {
      let length = random.next(below: 40)
      let bytes: [UInt8] = (0..<length).map { _ in
        random.next(below: 10) == 0 ? others[random.next(below: others.count)] : UInt8(ascii: " ")
      }
      let start = length == 0 ? 0 : random.next(below: length + 1)
      let expected = bytes[start...].firstIndex { $0 != UInt8(ascii: " ") } ?? length
      let end = bytes.withUnsafeBufferPointer { ASCII.endOfSpaceRun(in: $0, from: start) }
      #expect(end == expected, "\(bytes) from \(start)")
    }
  }
}
