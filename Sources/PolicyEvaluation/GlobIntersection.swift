extension Glob {
  /// Whether some text matches both patterns (`*` any sequence, `?` one character, exact elsewhere).
  ///
  /// The auditor asks "can this aws:SourceArn pattern ever describe a Lambda function of this Region?" — an
  /// intersection of two regular languages. Breadth-first search over pairs of pattern positions: O(|a|·|b|), after
  /// cheaper steps that settle the usual cases.
  package static func intersects(_ first: String, _ second: String) -> Bool {
    intersection(codes(first[...]), codes(second[...]))
  }

  package static func intersects(_ first: Substring, _ second: Substring) -> Bool {
    intersection(codes(first), codes(second))
  }

  private static let star = UInt32(UInt8(ascii: "*"))
  private static let question = UInt32(UInt8(ascii: "?"))
  private static let colon = UInt32(UInt8(ascii: ":"))

  /// The scalar values of `text`, read straight from its bytes when it is ASCII.
  private static func codes(_ text: Substring) -> [UInt32] {
    let ascii: [UInt32]?? = text.utf8.withContiguousStorageIfAvailable { bytes in
      var codes: [UInt32] = []
      codes.reserveCapacity(bytes.count)
      for byte in bytes {
        guard byte < 0x80 else { return nil }
        codes.append(UInt32(byte))
      }
      return codes
    }
    if let ascii, let codes = ascii { return codes }
    return text.unicodeScalars.map(\.value)
  }

  private static func intersection(_ a: [UInt32], _ b: [UInt32]) -> Bool {
    // Patterns with the same number of colons, such as two ARN patterns, pair up segment by segment: a text common
    // to each pair of segments, joined with colons, is common to the whole patterns. That settles the usual "yes"
    // cheaply; only a "no" needs the whole search, since a wildcard may also match a colon.
    let aColons = a.indices.filter { a[$0] == colon }
    let bColons = b.indices.filter { b[$0] == colon }
    if !aColons.isEmpty, aColons.count == bColons.count {
      var aStart = 0
      var bStart = 0
      var allIntersect = true
      for (aEnd, bEnd) in zip(aColons + [a.count], bColons + [b.count]) where allIntersect {
        allIntersect = intersection(a[aStart..<aEnd], b[bStart..<bEnd])
        aStart = aEnd + 1
        bStart = bEnd + 1
      }
      if allIntersect { return true }
    }
    return intersection(a[...], b[...])
  }

  private static func intersection(_ first: ArraySlice<UInt32>, _ second: ArraySlice<UInt32>) -> Bool {
    var a = first
    var b = second
    // Where both ends hold a character (not `*`), those characters pair up one to one in any common text: strip
    // them from both ends first, so that little is left for the search.
    func compatible(_ x: UInt32, _ y: UInt32) -> Bool { x == question || y == question || x == y }
    while let x = a.first, let y = b.first, x != star, y != star {
      guard compatible(x, y) else { return false }
      a = a.dropFirst()
      b = b.dropFirst()
    }
    while let x = a.last, let y = b.last, x != star, y != star {
      guard compatible(x, y) else { return false }
      a = a.dropLast()
      b = b.dropLast()
    }
    let aIsStars = a.allSatisfy { $0 == star }
    let bIsStars = b.allSatisfy { $0 == star }
    // Nothing left on one side: the other must be able to produce the empty text. Otherwise a side of stars alone
    // produces whatever the other side does (every pattern matches some text).
    if a.isEmpty || b.isEmpty { return aIsStars && bIsStars }
    if aIsStars || bIsStars { return true }
    return search(Array(a), Array(b))
  }

  /// Breadth-first search over pairs of pattern positions: O(|a|·|b|).
  private static func search(_ a: [UInt32], _ b: [UInt32]) -> Bool {
    let width = b.count + 1
    var visited = [Bool](repeating: false, count: (a.count + 1) * width)
    var stack = [(0, 0)]
    visited[0] = true
    func push(_ i: Int, _ j: Int) {
      guard !visited[i * width + j] else { return }
      visited[i * width + j] = true
      stack.append((i, j))
    }
    while let (i, j) = stack.popLast() {
      if i == a.count && j == b.count { return true }
      let aStar = i < a.count && a[i] == star
      let bStar = j < b.count && b[j] == star
      // A star may match the empty string, or consume one character the other side produces.
      if aStar { push(i + 1, j) }
      if bStar { push(i, j + 1) }
      guard i < a.count, j < b.count else { continue }
      if aStar && !bStar {
        push(i, j + 1)
      } else if bStar && !aStar {
        push(i + 1, j)
      } else if !aStar && !bStar, a[i] == question || b[j] == question || a[i] == b[j] {
        push(i + 1, j + 1)
      }
    }
    return false
  }
}
