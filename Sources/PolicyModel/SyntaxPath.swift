public import PolicyDiagnostics
public import PolicySyntax

extension JSONTape {
  /// The JSON path of the value whose range is `target`, or of the member whose key's range is `target`; nil when
  /// no value or key of this document has exactly that range.
  ///
  /// Model values keep only their byte range, and their path is found here when a finding needs it: building a path
  /// array for every value of every policy cost more than the rest of the model, while findings are few. Every value
  /// starts at its own byte, so a range names one value (or one key) of the document.
  ///
  /// The tape's nodes start at increasing offsets, so the node is found by bisection, and its path by climbing to the
  /// root: a policy with a finding in each of many thousand statements stays linear, not quadratic.
  public func path(to target: SourceRange) -> [PathElement]? {
    guard let found = node(startingAt: target.start), range(of: found) == target else { return nil }
    // The path has a step for each container above the node: counted first, so that the steps, found from the last,
    // fill one array reserved for them and are reversed in place.
    var depth = 0
    var node = found
    while let parent = parent(of: node) {
      depth += 1
      node = parent
    }
    var path: [PathElement] = []
    path.reserveCapacity(depth)
    node = found
    while let parent = parent(of: node) {
      if kind(of: parent) == .object {
        // A member's value follows its key.
        path.append(.member(key(Member(key: kind(of: node) == .key ? node : node - 1))))
      } else {
        path.append(.index(position(of: node)))
      }
      node = parent
    }
    path.reverse()
    return path
  }
}
