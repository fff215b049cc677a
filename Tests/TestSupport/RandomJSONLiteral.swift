extension SplitMix64 {
  /// `text` as a JSON string literal, each scalar below U+10000 escaped as `\uXXXX` (hex digits in either case) with
  /// one chance in four: the same text spelled as the reader's fast paths see it and as they must decode it.
  public mutating func jsonLiteral(_ text: String) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
      if scalar.value < 0x10000, next(below: 4) == 0 {
        let hex = String(scalar.value, radix: 16, uppercase: next(below: 2) == 0)
        literal += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        literal.unicodeScalars.append(scalar)
      }
    }
    return literal + "\""
  }
}
