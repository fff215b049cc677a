extension Glob {
  /// Whether some text matches both patterns (`*` any sequence, `?` one character, exact elsewhere).
  ///
  /// The auditor asks "can this aws:SourceArn pattern ever describe a Lambda function of this Region?" — an
  /// intersection of two regular languages. Breadth-first search over pairs of pattern positions: O(|a|·|b|).
  package static func intersects(_ first: String, _ second: String) -> Bool {
    intersection(first[...], second[...])
  }

  package static func intersects(_ first: Substring, _ second: Substring) -> Bool {
    intersection(first, second)
  }

  // Concrete entry points above, generic body here: callers in other modules would run a generic one unspecialized.
  private static func intersection(_ first: some StringProtocol, _ second: some StringProtocol) -> Bool {
    let a = Array(first.unicodeScalars)
    let b = Array(second.unicodeScalars)
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
      let aStar = i < a.count && a[i] == "*"
      let bStar = j < b.count && b[j] == "*"
      // A star may match the empty string, or consume one character the other side produces.
      if aStar { push(i + 1, j) }
      if bStar { push(i, j + 1) }
      guard i < a.count, j < b.count else { continue }
      if aStar && !bStar {
        push(i, j + 1)
      } else if bStar && !aStar {
        push(i + 1, j)
      } else if !aStar && !bStar, a[i] == "?" || b[j] == "?" || a[i] == b[j] {
        push(i + 1, j + 1)
      }
    }
    return false
  }
}
