extension Glob {
  /// Whether some text matches both patterns (`*` any sequence, `?` one character, exact elsewhere).
  ///
  /// The auditor asks "can this aws:SourceArn pattern ever describe a Lambda function of this Region?" — an
  /// intersection of two regular languages. Breadth-first search over pairs of pattern positions: O(|a|·|b|), after
  /// cheaper steps that settle the usual cases.
  package static func intersects(_ first: String, _ second: String) -> Bool {
    intersects(first[...], second[...])
  }

  package static func intersects(_ first: Substring, _ second: Substring) -> Bool {
    withCodes(first) { a in withCodes(second) { b in intersection(a, b) } }
  }

  private static let star = UInt32(UInt8(ascii: "*"))
  private static let question = UInt32(UInt8(ascii: "?"))
  private static let colon = UInt32(UInt8(ascii: ":"))

  /// Calls `body` with the scalar values of `text` in a temporary buffer (on the stack for the short patterns of a
  /// policy): the auditor asks this once per condition value, so it should not allocate.
  private static func withCodes<Result>(
    _ text: Substring,
    _ body: (UnsafeBufferPointer<UInt32>) -> Result
  ) -> Result {
    // A scalar takes at least one byte, so the byte count bounds the scalar count.
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(1, text.utf8.count)) { buffer in
      var count = 0
      // ASCII bytes are their scalar values; walking the scalars of a substring costs far more per character.
      let isASCII =
        text.utf8.withContiguousStorageIfAvailable { bytes in
          for byte in bytes {
            guard byte < 0x80 else { return false }
            buffer[count] = UInt32(byte)
            count += 1
          }
          return true
        } ?? false
      if !isASCII {
        count = 0
        for scalar in text.unicodeScalars {
          buffer[count] = scalar.value
          count += 1
        }
      }
      return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
    }
  }

  private static func intersection(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Bool {
    // Patterns with the same number of colons, such as two ARN patterns, pair up segment by segment: a text common
    // to each pair of segments, joined with colons, is common to the whole patterns. That settles the usual "yes"
    // cheaply; only a "no" needs the whole search, since a wildcard may also match a colon.
    let aColons = a.reduce(0) { $0 + ($1 == colon ? 1 : 0) }
    let bColons = b.reduce(0) { $0 + ($1 == colon ? 1 : 0) }
    if aColons > 0, aColons == bColons {
      var aStart = 0
      var bStart = 0
      while true {
        let aEnd = a[aStart...].firstIndex(of: colon) ?? a.count
        let bEnd = b[bStart...].firstIndex(of: colon) ?? b.count
        guard segmentIntersection(a, aStart..<aEnd, b, bStart..<bEnd) else { break }
        if aEnd == a.count { return true }
        aStart = aEnd + 1
        bStart = bEnd + 1
      }
    }
    return segmentIntersection(a, 0..<a.count, b, 0..<b.count)
  }

  /// Whether some text matches both `a[aRange]` and `b[bRange]`.
  private static func segmentIntersection(
    _ a: UnsafeBufferPointer<UInt32>,
    _ aRange: Range<Int>,
    _ b: UnsafeBufferPointer<UInt32>,
    _ bRange: Range<Int>
  ) -> Bool {
    var (aLow, aHigh) = (aRange.lowerBound, aRange.upperBound)
    var (bLow, bHigh) = (bRange.lowerBound, bRange.upperBound)
    // Where both ends hold a character (not `*`), those characters pair up one to one in any common text: strip
    // them from both ends first, so that little is left for the search.
    func compatible(_ x: UInt32, _ y: UInt32) -> Bool { x == question || y == question || x == y }
    while aLow < aHigh, bLow < bHigh, a[aLow] != star, b[bLow] != star {
      guard compatible(a[aLow], b[bLow]) else { return false }
      aLow += 1
      bLow += 1
    }
    while aLow < aHigh, bLow < bHigh, a[aHigh - 1] != star, b[bHigh - 1] != star {
      guard compatible(a[aHigh - 1], b[bHigh - 1]) else { return false }
      aHigh -= 1
      bHigh -= 1
    }
    let aIsStars = a[aLow..<aHigh].allSatisfy { $0 == star }
    let bIsStars = b[bLow..<bHigh].allSatisfy { $0 == star }
    // Nothing left on one side: the other must be able to produce the empty text. Otherwise a side of stars alone
    // produces whatever the other side does (every pattern matches some text).
    if aLow == aHigh || bLow == bHigh { return aIsStars && bIsStars }
    if aIsStars || bIsStars { return true }
    return search(
      UnsafeBufferPointer(rebasing: a[aLow..<aHigh]),
      UnsafeBufferPointer(rebasing: b[bLow..<bHigh])
    )
  }

  /// Breadth-first search over pairs of pattern positions: O(|a|·|b|).
  private static func search(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Bool {
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
