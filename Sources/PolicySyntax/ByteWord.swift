/// Questions asked of eight bytes at once, read as one 64-bit word: the scans of JSON strings, placeholders and
/// report text pass over plain runs a word at a time. Each answer is exact about whether some byte of the word
/// qualifies (the "has a zero byte" and "has a byte less than n" tests); the marks also tell where the first one is.
enum ByteWord {
  @inline(__always) private static var ones: UInt64 { 0x0101_0101_0101_0101 }
  @inline(__always) private static var highs: UInt64 { 0x8080_8080_8080_8080 }

  /// Whether some byte of `word` is `byte`.
  @inline(__always) static func contains(_ byte: UInt8, in word: UInt64) -> Bool {
    bytes(equalTo: byte, in: word) != 0
  }

  /// Whether some byte of `word` is less than `limit`, which is at most 0x80.
  @inline(__always) static func containsByte(below limit: UInt8, in word: UInt64) -> Bool {
    bytes(below: limit, in: word) != 0
  }

  /// Whether some byte of `word` is outside ASCII.
  @inline(__always) static func containsNonASCII(_ word: UInt64) -> Bool { nonASCIIBytes(in: word) != 0 }

  // The marks below set the high bit of each byte found. A byte above a found one may be marked too, through the
  // borrow of the subtraction, but never one below: on a little-endian machine the first marked byte in memory is a
  // found one, and elsewhere it is no later than the first found one.

  /// Marks the bytes of `word` that are `byte`.
  @inline(__always) static func bytes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
    zeroBytes(bytes(notEqualTo: byte, in: word))
  }

  /// Marks the bytes of `word` less than `limit`, which is at most 0x80.
  @inline(__always) static func bytes(below limit: UInt8, in word: UInt64) -> UInt64 {
    (word &- ones &* UInt64(limit)) & ~word & highs
  }

  /// Marks the bytes of `word` outside ASCII.
  @inline(__always) static func nonASCIIBytes(in word: UInt64) -> UInt64 { word & highs }

  /// The bytes of `word` that are not `byte`: nonzero there and only there.
  @inline(__always) static func bytes(notEqualTo byte: UInt8, in word: UInt64) -> UInt64 {
    word ^ (ones &* UInt64(byte))
  }

  /// The position, from 0, of the first byte in memory where `marks` (made from a word loaded as it lies in memory)
  /// is not zero; 8 when there is none.
  @inline(__always) static func firstMarked(_ marks: UInt64) -> Int {
    UInt64(littleEndian: marks).trailingZeroBitCount / 8
  }

  @inline(__always) private static func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }
}
