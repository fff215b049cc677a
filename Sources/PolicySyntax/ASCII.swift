#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Case folding and searching over UTF-8 bytes. Policy text is ASCII in practice, and `String`'s Unicode-aware
/// operations (`lowercased()`, substring `contains`) cost far more than the byte loops a policy needs; each helper
/// falls back to the Unicode operation when the text is not ASCII, so answers never change.
public enum ASCII {
  /// `text` lower-cased: ASCII letters folded in one pass, with no copy of a `String` when there is nothing to
  /// fold; full Unicode lower-casing when the text is not ASCII.
  @inlinable public static func lowercased(_ text: some StringProtocol) -> String {
    let folded: Folded?? = text.utf8.withContiguousStorageIfAvailable(fold)
    switch folded {
    case .some(.some(.unchanged)): return String(text)
    case .some(.some(.folded(let result))): return result
    default: return text.lowercased()
    }
  }

  /// UTF-8 bytes as a lower-cased string (ASCII folded in place; full Unicode lower-casing otherwise).
  public static func lowercased(bytes: UnsafeBufferPointer<UInt8>) -> String {
    switch fold(bytes) {
    case .unchanged?: String(decoding: bytes, as: UTF8.self)
    case .folded(let result)?: result
    case nil: String(decoding: bytes, as: UTF8.self).lowercased()
    }
  }

  /// The outcome of folding bytes: nil (from ``fold(_:)``) when they are not all ASCII.
  @usableFromInline enum Folded {
    case unchanged
    case folded(String)
  }

  @usableFromInline static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> Folded? {
    var hasUpper = false
    for byte in bytes {
      if byte >= 0x80 { return nil }
      if isUppercase(byte) { hasUpper = true }
    }
    guard hasUpper else { return .unchanged }
    return .folded(
      String(unsafeUninitializedCapacity: bytes.count) { buffer in
        for index in 0..<bytes.count { buffer[index] = lowercased(byte: bytes[index]) }
        return bytes.count
      }
    )
  }

  /// Whether `byte` is an ASCII capital letter.
  @inlinable public static func isUppercase(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }

  /// Whether `byte` is an ASCII letter of either case.
  @inlinable public static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }

  /// Whether `byte` is an ASCII digit.
  @inlinable public static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  /// Whether `byte` continues a UTF-8 sequence (10xxxxxx): every other byte starts a scalar, so in valid UTF-8 the
  /// bytes that are not continuations count the scalars, and a cut before one falls between two scalars.
  @inlinable public static func isUTF8Continuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

  /// `byte` with an ASCII capital folded to lower case; every other byte as it is.
  @inlinable public static func lowercased(byte: UInt8) -> UInt8 { isUppercase(byte) ? byte | 0x20 : byte }

  /// Whether the UTF-8 bytes of `text` end with those of `suffix`: `String.hasSuffix` compares Unicode canonical
  /// equivalents, which file-name suffixes such as `.json` never need.
  @inlinable public static func hasSuffix(_ text: String, _ suffix: StaticString) -> Bool {
    suffix.withUTF8Buffer { tail in
      let utf8 = text.utf8
      guard utf8.count >= tail.count else { return false }
      // The contiguous bytes of a native string compare in place; the UTF-8 view would go element by element.
      if let answer = utf8.withContiguousStorageIfAvailable({ bytes in
        UnsafeBufferPointer(rebasing: bytes[(bytes.count - tail.count)...]).elementsEqual(tail)
      }) {
        return answer
      }
      return utf8.suffix(tail.count).elementsEqual(tail)
    }
  }

  /// Whether every UTF-8 byte of `text` satisfies `predicate`. Walking `String.utf8` element by element costs tens of
  /// instructions a byte; the contiguous bytes of a native string cost a few.
  @inlinable public static func allBytes(of text: some StringProtocol, satisfy predicate: (UInt8) -> Bool) -> Bool {
    if let answer = text.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(predicate) }) { return answer }
    return text.utf8.allSatisfy(predicate)
  }

  /// Whether `bytes` are the UTF-8 bytes of `name`.
  @inlinable public static func bytes(_ bytes: UnsafeBufferPointer<UInt8>, spell name: StaticString) -> Bool {
    let count = name.utf8CodeUnitCount
    guard bytes.count == count else { return false }
    // A literal's bytes are read in place: `withUTF8Buffer` first checks for a literal of one scalar.
    guard name.hasPointerRepresentation else { return name.description.utf8.elementsEqual(bytes) }
    let spelled = name.utf8Start
    for offset in 0..<count where bytes[offset] != spelled[offset] { return false }
    return true
  }

  /// Whether `lhs` and `rhs` are equal, answered at once when their UTF-8 lengths differ, as most strings a policy
  /// compares do: `==` on two different strings of more than 15 bytes calls into the runtime's general comparison.
  /// Strings of the same length are compared by `==`. IAM compares names, keys and ARNs exactly, so canonically
  /// equivalent spellings of different lengths, which `==` alone would call equal, are different here as to IAM.
  @inlinable public static func exactlyEqual(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.count == rhs.utf8.count && lhs == rhs
  }

  /// Whether `bytes` hold the UTF-8 bytes of `literal` from `offset` on. Compares in place: the UTF-8 view, element
  /// by element, costs tens of instructions a byte.
  public static func matches(_ literal: String, in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
    let count = literal.utf8.count
    guard offset >= 0, bytes.count - offset >= count else { return false }
    guard count > 0, let start = bytes.baseAddress else { return true }
    if let answer = literal.utf8.withContiguousStorageIfAvailable({ literalBytes in
      guard let literalStart = literalBytes.baseAddress else { return true }
      return memcmp(start + offset, literalStart, count) == 0
    }) {
      return answer
    }
    return literal.utf8.elementsEqual(UnsafeBufferPointer(rebasing: bytes[offset..<(offset + count)]))
  }

  /// Whether the UTF-8 bytes of `lhs` sort before those of `rhs`: byte order, the same on every machine and locale.
  public static func bytewisePrecedes(_ lhs: String, _ rhs: String) -> Bool {
    var lhs = lhs
    var rhs = rhs
    return lhs.withUTF8 { left in
      rhs.withUTF8 { right in
        for index in 0..<min(left.count, right.count) where left[index] != right[index] {
          return left[index] < right[index]
        }
        return left.count < right.count
      }
    }
  }

  /// Whether `text` contains `needle` as a run of UTF-8 bytes (exact, case-sensitive): the same answer as
  /// `String.contains(_:)` for the ASCII needles policies are searched for, such as `"*"` or `"${"`.
  @inlinable public static func contains(_ text: some StringProtocol, _ needle: StaticString) -> Bool {
    needle.withUTF8Buffer { needleBytes in
      if let found = text.utf8.withContiguousStorageIfAvailable({ search($0, for: needleBytes) }) { return found }
      return Array(text.utf8).withUnsafeBufferPointer { search($0, for: needleBytes) }
    }
  }

  /// Whether `haystack` contains `needle` as a run of bytes.
  public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    haystack.withUnsafeBufferPointer { bytes in needle.withUnsafeBufferPointer { search(bytes, for: $0) } }
  }

  @usableFromInline static func search(
    _ bytes: UnsafeBufferPointer<UInt8>,
    for needle: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    guard !needle.isEmpty else { return true }
    guard bytes.count >= needle.count, let haystackStart = bytes.baseAddress, let needleStart = needle.baseAddress
    else { return false }
    // The C library's memchr is vectorised: it skips to each candidate first byte, and memcmp checks the rest.
    let first = Int32(needle[0])
    let lastStart = bytes.count - needle.count
    var offset = 0
    while offset <= lastStart {
      let searched = UnsafeRawPointer(haystackStart + offset)
      guard let found = memchr(searched, first, lastStart - offset + 1) else { return false }
      let position = offset + (UnsafeRawPointer(found) - searched)
      if memcmp(haystackStart + position, needleStart, needle.count) == 0 { return true }
      offset = position + 1
    }
    return false
  }

  /// Whether `bytes` hold `first` or `second`, read eight at a time: every policy string is searched for the two
  /// bytes a placeholder can start with, and almost none holds either. Exact: a word is passed over only when neither
  /// byte repeated across it matches one of its bytes (the "has a zero byte" test on the word XOR the repeat).
  public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, either first: UInt8, or second: UInt8) -> Bool {
    guard let base = UnsafeRawPointer(bytes.baseAddress) else { return false }
    var offset = 0
    while offset + 8 <= bytes.count {
      let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      if ByteWord.contains(first, in: word) || ByteWord.contains(second, in: word) { return true }
      offset += 8
    }
    while offset < bytes.count {
      if bytes[offset] == first || bytes[offset] == second { return true }
      offset += 1
    }
    return false
  }

  /// ``contains(_:either:or:)`` over the UTF-8 bytes of `text`: one pass where two searches for a needle of one
  /// byte each cost a call into the C library and back.
  @inlinable public static func contains(_ text: some StringProtocol, either first: UInt8, or second: UInt8) -> Bool {
    if let found = text.utf8.withContiguousStorageIfAvailable({ contains($0, either: first, or: second) }) {
      return found
    }
    return Array(text.utf8).withUnsafeBufferPointer { contains($0, either: first, or: second) }
  }

  /// The first offset from `start` that is not in a run of plain string bytes, read eight at a time: ASCII other
  /// than control characters, `"` and `\`. Policy strings are long ARNs and names made of nothing else. The first
  /// special byte (a quote, an escape, a control or non-ASCII byte) in a whole word is found exactly, so the JSON
  /// reader reads bytes one at a time only there and in the last few bytes of the document.
  package static func endOfPlainStringRun(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    guard let base = UnsafeRawPointer(bytes.baseAddress) else { return start }
    var offset = start
    while offset + 8 <= bytes.count {
      let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      let special =
        ByteWord.nonASCIIBytes(in: word) | ByteWord.bytes(below: 0x20, in: word)
        | ByteWord.bytes(equalTo: UInt8(ascii: "\""), in: word) | ByteWord.bytes(equalTo: UInt8(ascii: "\\"), in: word)
      if special != 0 { return offset + ByteWord.firstMarked(special) }
      offset += 8
    }
    return offset
  }

  /// The first offset from `start` that is not a space, read eight at a time until the last few bytes: the
  /// indentation of pretty-printed JSON.
  package static func endOfSpaceRun(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    guard let base = UnsafeRawPointer(bytes.baseAddress) else { return start }
    var offset = start
    while offset + 8 <= bytes.count {
      let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      let other = ByteWord.bytes(notEqualTo: UInt8(ascii: " "), in: word)
      if other != 0 { return offset + ByteWord.firstMarked(other) }
      offset += 8
    }
    while offset < bytes.count, bytes[offset] == UInt8(ascii: " ") { offset += 1 }
    return offset
  }
}
