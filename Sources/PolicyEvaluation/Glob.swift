/// One element of a glob pattern: a character that matches itself, `*` or `?`.
///
/// Patterns built from policy text with variables need this form: `${*}` yields a literal `*` that a plain string
/// pattern cannot express, because IAM's glob has no escape character.
package enum GlobToken: Hashable, Sendable {
  /// Matches exactly this scalar (after lower-casing both sides when matching ignores case).
  case literal(Unicode.Scalar)
  /// `*`: any sequence of characters, including the empty one and including `:` and `/`.
  case anyString
  /// `?`: exactly one character.
  case anyCharacter
}

/// IAM's wildcard matcher (spec §2.1): `*` and `?`, anchored at both ends, characters are Unicode scalars.
///
/// The matcher is the iterative two-pointer algorithm with a single backtrack point: O(|pattern|·|text|) in the
/// worst case, no recursion and no regular expressions built from policy text. Before the two-pointer loop runs,
/// the fixed-width head (before the first `*`) and tail (after the last `*`) are checked directly, which makes the
/// common shapes (`prefix*`, `*suffix`, `a*b`) linear and rejects most non-matches without backtracking.
package enum Glob {
  /// Whether `text` matches `pattern`, where `*` and `?` in `pattern` are wildcards and every other scalar matches
  /// itself. Ignoring case lower-cases both sides with each scalar's full Unicode lower-case mapping.
  package static func matches(pattern: some StringProtocol, text: some StringProtocol, caseSensitive: Bool) -> Bool {
    // Fast path: policy text is ASCII in practice, and then both sides are matched in place, with no compiled
    // pattern: `*` and `?` are the wildcards and ASCII case folding is applied on the fly.
    let inPlace: Bool?? = pattern.utf8.withContiguousStorageIfAvailable { patternBytes in
      text.utf8.withContiguousStorageIfAvailable { textBytes in
        matchesASCII(pattern: patternBytes, text: textBytes, caseSensitive: caseSensitive)
      } ?? nil
    }
    if let inPlace, let result = inPlace { return result }
    var codes: [UInt32] = []
    codes.reserveCapacity(pattern.utf8.count)
    for scalar in pattern.unicodeScalars {
      switch scalar {
      case "*": appendAnyString(to: &codes)
      case "?": codes.append(anyCharacterCode)
      default: appendLiteral(scalar, to: &codes, caseSensitive: caseSensitive)
      }
    }
    return matches(codes: codes, text: text, caseSensitive: caseSensitive)
  }

  // Concrete entry points: a generic function called from another module runs unspecialized, several times slower,
  // and the auditor calls these from its own module. Each forwards to the generic one, specialized here.

  package static func matches(pattern: String, text: String, caseSensitive: Bool) -> Bool {
    // Two strings, the evaluator's usual call: their bytes are read in place directly, without the generic
    // collection views the entry point above goes through.
    var pattern = pattern
    var text = text
    let inPlace = pattern.withUTF8 { patternBytes in
      text.withUTF8 { textBytes in matchesASCII(pattern: patternBytes, text: textBytes, caseSensitive: caseSensitive) }
    }
    if let inPlace { return inPlace }
    return matches(pattern: pattern[...], text: text[...], caseSensitive: caseSensitive)
  }

  package static func matches(pattern: Substring, text: String, caseSensitive: Bool) -> Bool {
    matches(pattern: pattern, text: text[...], caseSensitive: caseSensitive)
  }

  /// Whether `text` matches a pre-tokenized pattern; `.literal("*")` matches only an asterisk.
  package static func matches(
    tokens: some Collection<GlobToken>,
    text: some StringProtocol,
    caseSensitive: Bool
  ) -> Bool {
    var codes: [UInt32] = []
    codes.reserveCapacity(tokens.count)
    for token in tokens {
      switch token {
      case .anyString: appendAnyString(to: &codes)
      case .anyCharacter: codes.append(anyCharacterCode)
      case .literal(let scalar): appendLiteral(scalar, to: &codes, caseSensitive: caseSensitive)
      }
    }
    return matches(codes: codes, text: text, caseSensitive: caseSensitive)
  }

  /// The tokens of a plain pattern string: `*` and `?` are wildcards, everything else is literal.
  package static func tokens(of pattern: some StringProtocol) -> [GlobToken] {
    pattern.unicodeScalars.map { scalar in
      switch scalar {
      case "*": .anyString
      case "?": .anyCharacter
      default: .literal(scalar)
      }
    }
  }

  // MARK: - Pattern codes

  // A compiled pattern is an array of UInt32 codes: literal scalars keep their value, the two wildcards use values
  // above the Unicode range, so one integer comparison decides a literal and text never collides with a wildcard.
  private static let anyCharacterCode: UInt32 = 0x11_0000
  private static let anyStringCode: UInt32 = 0x11_0001

  /// Runs of `*` behave like one `*`; collapsing them keeps the backtracking loop short.
  private static func appendAnyString(to codes: inout [UInt32]) {
    if codes.last != anyStringCode { codes.append(anyStringCode) }
  }

  private static func appendLiteral(_ scalar: Unicode.Scalar, to codes: inout [UInt32], caseSensitive: Bool) {
    if caseSensitive {
      codes.append(scalar.value)
    } else {
      appendLowercased(scalar, to: &codes)
    }
  }

  /// Appends the full lower-case mapping of `scalar` (one or more scalars, e.g. `İ` → `i` + U+0307).
  private static func appendLowercased(_ scalar: Unicode.Scalar, to codes: inout [UInt32]) {
    if scalar.isASCII {
      codes.append(asciiLowercased(scalar.value))
    } else {
      for lower in scalar.properties.lowercaseMapping.unicodeScalars { codes.append(lower.value) }
    }
  }

  private static func asciiLowercased(_ code: UInt32) -> UInt32 {
    code &- 0x41 < 26 ? code | 0x20 : code
  }

  // MARK: - Text

  private static func matches(codes: [UInt32], text: some StringProtocol, caseSensitive: Bool) -> Bool {
    codes.withUnsafeBufferPointer { pattern in
      // Fast path: ASCII text is matched on its UTF-8 bytes, in place when case matters. A non-ASCII literal in the
      // pattern can never equal an ASCII byte, so it fails exactly as it would against scalars.
      let onBytes: Bool?? = text.utf8.withContiguousStorageIfAvailable { bytes in
        guard isASCII(bytes) else { return nil }
        return matchCodes(
          pattern,
          against: bytes,
          anyString: anyStringCode,
          anyCharacter: anyCharacterCode,
          foldingASCIICase: !caseSensitive
        )
      }
      if let onBytes, let result = onBytes { return result }

      var scalars: [UInt32] = []
      scalars.reserveCapacity(text.utf8.count)
      for scalar in text.unicodeScalars {
        if caseSensitive {
          scalars.append(scalar.value)
        } else {
          appendLowercased(scalar, to: &scalars)
        }
      }
      return scalars.withUnsafeBufferPointer {
        matchCodes(
          pattern,
          against: $0,
          anyString: anyStringCode,
          anyCharacter: anyCharacterCode,
          foldingASCIICase: false
        )
      }
    }
  }

  /// The match of two ASCII texts, read as bytes: `*` and `?` are the wildcards and ASCII case folding is applied
  /// on the fly. Nil when either is not ASCII.
  private static func matchesASCII(
    pattern: UnsafeBufferPointer<UInt8>,
    text: UnsafeBufferPointer<UInt8>,
    caseSensitive: Bool
  ) -> Bool? {
    guard isASCII(pattern), isASCII(text) else { return nil }
    return matchCodes(
      pattern,
      against: text,
      anyString: UInt8(ascii: "*"),
      anyCharacter: UInt8(ascii: "?"),
      foldingASCIICase: !caseSensitive
    )
  }

  private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var combined: UInt8 = 0
    for byte in bytes { combined |= byte }
    return combined < 0x80
  }

  /// The matcher proper, on a pattern whose `anyString` and `anyCharacter` codes are the wildcards and text in the
  /// form the pattern was written for (ASCII bytes, or scalar values lower-cased when matching ignores case). With
  /// `foldingASCIICase`, ASCII letters on both sides compare ignoring case. Buffers rather than arrays keep the inner
  /// loop free of bounds checks; every index below is kept in range by the loop conditions.
  private static func matchCodes<Code: FixedWidthInteger, Element: FixedWidthInteger>(
    _ pattern: UnsafeBufferPointer<Code>,
    against text: UnsafeBufferPointer<Element>,
    anyString anyStringCode: Code,
    anyCharacter anyCharacterCode: Code,
    foldingASCIICase: Bool
  ) -> Bool {
    let textCount = text.count
    func accepts(_ code: Code, at offset: Int) -> Bool {
      if code == anyCharacterCode { return true }
      let expected = UInt32(truncatingIfNeeded: code)
      let actual = UInt32(truncatingIfNeeded: text[offset])
      return expected == actual || (foldingASCIICase && asciiLowercased(expected) == asciiLowercased(actual))
    }

    guard let firstStar = pattern.firstIndex(of: anyStringCode),
      let lastStar = pattern.lastIndex(of: anyStringCode)
    else {
      // No `*`: every token consumes exactly one character.
      guard pattern.count == textCount else { return false }
      return pattern.indices.allSatisfy { accepts(pattern[$0], at: $0) }
    }

    // The head before the first `*` and the tail after the last `*` have fixed width, so they can only align with
    // the start and the end of the text.
    let headCount = firstStar
    let tailCount = pattern.count - lastStar - 1
    guard headCount + tailCount <= textCount else { return false }
    for offset in 0..<headCount where !accepts(pattern[offset], at: offset) { return false }
    let tailStart = textCount - tailCount
    for offset in 0..<tailCount where !accepts(pattern[lastStar + 1 + offset], at: tailStart + offset) {
      return false
    }

    // The middle, pattern[firstStar...lastStar], starts and ends with `*`. Two pointers; on a mismatch, retry from
    // the most recent `*` with it swallowing one more character. Backtracking to older stars is never needed: the
    // most recent star can absorb anything an older one could.
    var patternIndex = firstStar
    var textIndex = headCount
    var starIndex = firstStar
    var starTextIndex = headCount
    while textIndex < tailStart {
      if patternIndex <= lastStar {
        let code = pattern[patternIndex]
        if code == anyStringCode {
          // The final `*` absorbs whatever is left before the tail, which has already matched.
          if patternIndex == lastStar { return true }
          starIndex = patternIndex
          starTextIndex = textIndex
          patternIndex += 1
          continue
        }
        if accepts(code, at: textIndex) {
          patternIndex += 1
          textIndex += 1
          continue
        }
      }
      starTextIndex += 1
      textIndex = starTextIndex
      patternIndex = starIndex + 1
    }
    // Text exhausted: only `*` may remain (there is at most one in a row, and the last one is lastStar).
    while patternIndex <= lastStar && pattern[patternIndex] == anyStringCode { patternIndex += 1 }
    return patternIndex > lastStar
  }
}
