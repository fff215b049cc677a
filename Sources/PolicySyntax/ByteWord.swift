/// Questions asked of eight bytes at once, read as one 64-bit word: the scans of JSON strings, placeholders and
/// report text pass over plain runs a word at a time. Each answer is exact about whether some byte of the word
/// qualifies (the "has a zero byte" and "has a byte less than n" tests); which byte it is, the caller finds one by one.
enum ByteWord {
  @inline(__always) private static var ones: UInt64 { 0x0101_0101_0101_0101 }
  @inline(__always) private static var highs: UInt64 { 0x8080_8080_8080_8080 }

  /// Whether some byte of `word` is `byte`.
  @inline(__always) static func contains(_ byte: UInt8, in word: UInt64) -> Bool {
    hasZeroByte(word ^ (ones &* UInt64(byte)))
  }

  /// Whether some byte of `word` is less than `limit`, which is at most 0x80.
  @inline(__always) static func containsByte(below limit: UInt8, in word: UInt64) -> Bool {
    (word &- ones &* UInt64(limit)) & ~word & highs != 0
  }

  /// Whether some byte of `word` is outside ASCII.
  @inline(__always) static func containsNonASCII(_ word: UInt64) -> Bool { word & highs != 0 }

  @inline(__always) private static func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
}
