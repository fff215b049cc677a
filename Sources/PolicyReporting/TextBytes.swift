import PolicySyntax

/// Appending text to a byte sink: text reports are assembled as UTF-8 bytes, whose appends cost a capacity check and a
/// copy, and decoded once at the end.
extension ByteSink {
  /// `value` in decimal, without allocating a string.
  mutating func append(decimal value: Int) {
    guard value >= 0 else {
      append(String(value))
      return
    }
    var divisor = 1
    while divisor <= value / 10 { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      append(UInt8(ascii: "0") + UInt8(rest / divisor))
      rest %= divisor
      divisor /= 10
    }
  }

  /// Spaces after the text written since `start`, up to `width` characters, or one space when it is already that
  /// wide: the columns of a table. Returns the column's width in characters, spaces included.
  @discardableResult
  mutating func pad(from start: Int, to width: Int) -> Int {
    let count = characterCount(from: start)
    append(UInt8(ascii: " "), times: count >= width ? 1 : width - count)
    return max(count + 1, width)
  }

  /// `word`, ASCII, and the spaces after it up to `width` characters, or one space when it is already that wide:
  /// ``pad(from:to:)`` without counting, since an ASCII word's bytes are its characters. Returns the column's width.
  mutating func append(_ word: StaticString, paddedTo width: Int) -> Int {
    precondition(word.isASCII, "a padded word is ASCII")
    append(word)
    append(UInt8(ascii: " "), times: max(1, width - word.utf8CodeUnitCount))
    return max(word.utf8CodeUnitCount + 1, width)
  }

  /// The characters written since `start`.
  private func characterCount(from start: Int) -> Int {
    withBytes(from: start) { written in
      written.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? written.count : String(decoding: written, as: UTF8.self).count
    }
  }
}
