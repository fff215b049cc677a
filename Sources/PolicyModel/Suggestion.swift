import PolicySyntax

/// "Did you mean" for element names, operators and actions.
public enum Suggestion {
  /// Candidates lower-cased once, for a list that is searched again and again (the ECR action names, for every
  /// misspelt action of every file): lower-casing them for each search cost most of it.
  public struct Candidates: Sendable {
    let names: [String]
    let lowered: [String]

    public init(_ names: [String]) {
      self.names = names
      lowered = names.map { ASCII.lowercased($0) }
    }
  }

  /// The candidate equal to `text` ignoring case, or else the one within a small edit distance; nil when none is
  /// close enough to be a likely typo.
  public static func closest(to text: String, among candidates: [String]) -> String? {
    closest(to: text, among: Candidates(candidates))
  }

  /// ``closest(to:among:)`` over candidates lower-cased beforehand.
  public static func closest(to text: String, among prepared: Candidates) -> String? {
    // Lower-cased as `lowercased()` does, without its cost for ASCII.
    var lowered = ASCII.lowercased(text)
    let candidates = prepared.names
    let loweredCandidates = prepared.lowered
    if let exact = loweredCandidates.firstIndex(of: lowered) { return candidates[exact] }
    let limit = max(1, min(3, lowered.count / 4))
    let target = Array(lowered.unicodeScalars)
    var best: (String, Int)?
    for (candidate, var loweredCandidate) in zip(candidates, loweredCandidates) {
      // One edit changes a UTF-8 length by at most 4 bytes: a larger gap than 4 × limit is beyond the limit.
      guard abs(loweredCandidate.utf8.count - lowered.utf8.count) <= 4 * limit else { continue }
      // ASCII texts are their bytes' scalars, so their distance is taken on the bytes, without an array of
      // scalars for each candidate.
      let asciiDistance = lowered.withUTF8 { target in
        loweredCandidate.withUTF8 { candidate in
          target.allSatisfy { $0 < 0x80 } && candidate.allSatisfy { $0 < 0x80 }
            ? editDistance(target, candidate, limit: limit) : nil
        }
      }
      let distance = asciiDistance ?? editDistance(target, Array(loweredCandidate.unicodeScalars), limit: limit)
      if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best?.0
  }

  /// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
  public static func editDistance(_ lhs: String, _ rhs: String, limit: Int) -> Int {
    editDistance(Array(lhs.unicodeScalars), Array(rhs.unicodeScalars), limit: limit)
  }

  static func editDistance<Text: RandomAccessCollection>(_ a: Text, _ b: Text, limit: Int) -> Int
  where Text.Element: Equatable, Text.Index == Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    // The table's two rows live on the stack: a misspelt action is measured against dozens of action names, and two
    // arrays for each cost more than filling them.
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (b.count + 1)) { rows in
      var previous = UnsafeMutableBufferPointer(rebasing: rows[0...b.count])
      var current = UnsafeMutableBufferPointer(rebasing: rows[(b.count + 1)...])
      for j in 0...b.count {
        previous.initializeElement(at: j, to: j)
        current.initializeElement(at: j, to: 0)
      }
      for i in 1...max(a.count, 1) where !a.isEmpty {
        current[0] = i
        var rowMinimum = current[0]
        for j in 1...max(b.count, 1) where !b.isEmpty {
          let cost = a[i - 1] == b[j - 1] ? 0 : 1
          current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
          rowMinimum = min(rowMinimum, current[j])
        }
        if rowMinimum > limit { return limit + 1 }
        swap(&previous, &current)
      }
      return a.isEmpty ? b.count : previous[b.count]
    }
  }
}
