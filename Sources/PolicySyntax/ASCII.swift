/// Case folding and searching over UTF-8 bytes. Policy text is ASCII in practice, and `String`'s Unicode-aware
/// operations (`lowercased()`, substring `contains`) cost far more than the byte loops a policy needs; each helper
/// falls back to the Unicode operation when the text is not ASCII, so answers never change.
public enum ASCII {
  /// `text` lower-cased: ASCII letters folded in one pass, with no copy when there is nothing to fold; full
  /// Unicode lower-casing when the text is not ASCII.
  @inlinable public static func lowercased(_ text: some StringProtocol) -> String {
    var hasUpper = false
    for byte in text.utf8 {
      if byte >= 0x80 { return text.lowercased() }
      if byte &- UInt8(ascii: "A") < 26 { hasUpper = true }
    }
    guard hasUpper else { return String(text) }
    return String(unsafeUninitializedCapacity: text.utf8.count) { buffer in
      var index = 0
      for byte in text.utf8 {
        buffer[index] = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
        index += 1
      }
      return index
    }
  }

  /// Whether the UTF-8 text of `text` contains `byte` (an ASCII character such as `*`).
  @inlinable public static func contains(_ text: some StringProtocol, _ character: Unicode.Scalar) -> Bool {
    let byte = UInt8(ascii: character)
    for candidate in text.utf8 where candidate == byte { return true }
    return false
  }

  /// Whether `text` contains `needle` as a run of UTF-8 bytes (exact, case-sensitive): the same answer as
  /// `String.contains(_:)` for the ASCII needles policies are searched for.
  @inlinable public static func contains(_ text: some StringProtocol, _ needle: StaticString) -> Bool {
    let needleCount = needle.utf8CodeUnitCount
    guard needleCount > 0 else { return true }
    return needle.withUTF8Buffer { needleBytes in
      let bytes = text.utf8
      var start = bytes.startIndex
      while start != bytes.endIndex {
        var cursor = start
        var matched = 0
        while matched < needleCount, cursor != bytes.endIndex, bytes[cursor] == needleBytes[matched] {
          matched += 1
          cursor = bytes.index(after: cursor)
        }
        if matched == needleCount { return true }
        start = bytes.index(after: start)
      }
      return false
    }
  }
}
