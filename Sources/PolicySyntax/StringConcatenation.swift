extension String {
  /// Three texts joined, in one allocation and one copy of each: `a + b + c` makes a string of `a + b` first, and
  /// the directory walk joins a folder, a separator and a name for every file it finds.
  package init(concatenating first: String, _ second: String, _ third: String) {
    var first = first
    var second = second
    var third = third
    self = first.withUTF8 { a in
      second.withUTF8 { b in
        third.withUTF8 { c in
          String(unsafeUninitializedCapacity: a.count + b.count + c.count) { buffer in
            var offset = 0
            for part in [a, b, c] where !part.isEmpty {
              _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<offset + part.count]).initialize(from: part)
              offset += part.count
            }
            return offset
          }
        }
      }
    }
  }
}
