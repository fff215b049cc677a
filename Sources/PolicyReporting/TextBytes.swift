/// Appending text to a byte buffer: text reports are assembled as UTF-8 bytes and decoded once at the end.
extension [UInt8] {
  mutating func append(_ text: String) {
    // Measured: appending the string's own buffer costs a few hundred instructions less per report than
    // `append(contentsOf: text.utf8)`, which reaches the same copy through the generic sequence path.
    var text = text
    text.withUTF8 { append(contentsOf: $0) }
  }

  mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { append(contentsOf: $0) }
  }

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
  /// wide: the columns of a table.
  mutating func pad(from start: Int, to width: Int) {
    let count = characterCount(from: start)
    append(repeating: UInt8(ascii: " "), count: count >= width ? 1 : width - count)
  }

  /// The characters written since `start`. Counted in a function of its own: a slice of the buffer still alive when
  /// the padding is appended would share the buffer and make the append copy all of it, every time.
  private func characterCount(from start: Int) -> Int {
    let written = self[start...]
    return written.allSatisfy { $0 < 0x80 && $0 != 0x0D }
      ? written.count : String(decoding: written, as: UTF8.self).count
  }

  mutating func append(repeating byte: UInt8, count: Int) {
    guard count > 0 else { return }
    // Padding runs a few dozen bytes: a loop costs less than appending a generic repeated collection.
    for _ in 0..<count { append(byte) }
  }
}
