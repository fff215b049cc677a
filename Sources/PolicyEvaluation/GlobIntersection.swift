extension Glob {
  /// Whether some text matches both patterns (`*` any sequence, `?` one character, exact elsewhere).
  ///
  /// The auditor asks "can this aws:SourceArn pattern ever describe a Lambda function of this Region?" — an
  /// intersection of two regular languages. Breadth-first search over pairs of pattern positions: O(|a|·|b|).
  package static func intersects(_ first: some StringProtocol, _ second: some StringProtocol) -> Bool {
    let a = Array(first.unicodeScalars)
    let b = Array(second.unicodeScalars)
    let width = b.count + 1
    var visited = [Bool](repeating: false, count: (a.count + 1) * width)
    var stack = [(0, 0)]
    visited[0] = true
    while let (i, j) = stack.popLast() {
      if i == a.count && j == b.count { return true }
      var next: [(Int, Int)] = []
      let aStar = i < a.count && a[i] == "*"
      let bStar = j < b.count && b[j] == "*"
      // A star may match the empty string.
      if aStar { next.append((i + 1, j)) }
      if bStar { next.append((i, j + 1)) }
      // Both sides consume one character of the common text.
      if i < a.count, j < b.count {
        let aChar = a[i]
        let bChar = b[j]
        switch (aStar, bStar) {
        case (true, true):
          next.append((i, j + 1))
          next.append((i + 1, j))
        case (true, false):
          next.append((i, j + 1))
        case (false, true):
          next.append((i + 1, j))
        case (false, false):
          if aChar == "?" || bChar == "?" || aChar == bChar { next.append((i + 1, j + 1)) }
        }
      }
      for (ni, nj) in next where !visited[ni * width + nj] {
        visited[ni * width + nj] = true
        stack.append((ni, nj))
      }
    }
    return false
  }
}
