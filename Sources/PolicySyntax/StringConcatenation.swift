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
            // Three copies spelled out: a loop over `[a, b, c]` would allocate that array on every call.
            guard let base = buffer.baseAddress else { return 0 }
            if let start = a.baseAddress { base.initialize(from: start, count: a.count) }
            if let start = b.baseAddress { (base + a.count).initialize(from: start, count: b.count) }
            if let start = c.baseAddress { (base + a.count + b.count).initialize(from: start, count: c.count) }
            return a.count + b.count + c.count
          }
        }
      }
    }
  }
}
