public import PolicyDiagnostics
public import PolicySyntax

extension JSONValue {
  /// The JSON path of the value whose range is `target`, or of the member whose key's range is `target`; nil when
  /// no value or key of this tree has exactly that range.
  ///
  /// Model values keep only their byte range, and their path is found here when a finding needs it: building a path
  /// array for every value of every policy cost more than the rest of the model, while findings are few. Every value
  /// starts at its own byte, so a range names one value (or one key) of the tree.
  ///
  /// Members and elements follow each other in the text without overlapping, so the one that can hold the target is
  /// found by bisection: a policy with a finding in each of many thousand statements stays linear, not quadratic.
  public func path(to target: SourceRange) -> [PathElement]? {
    var path: [PathElement] = []
    var node = self
    while node.range != target {
      switch node.kind {
      case .object(let members):
        guard let index = lastStart(atOrBefore: target.start, count: members.count, { members[$0].keyRange.start })
        else { return nil }
        let member = members[index]
        path.append(.member(member.key))
        if member.keyRange == target { return path }
        guard member.value.range.encloses(target) else { return nil }
        node = member.value
      case .array(let elements):
        guard let index = lastStart(atOrBefore: target.start, count: elements.count, { elements[$0].range.start }),
          elements[index].range.encloses(target)
        else { return nil }
        path.append(.index(index))
        node = elements[index]
      default:
        return nil
      }
    }
    return path
  }
}

/// The last of `count` positions whose start, increasing with the position, is at or before `offset`.
private func lastStart(atOrBefore offset: Int, count: Int, _ start: (Int) -> Int) -> Int? {
  var low = 0
  var high = count
  while low < high {
    let middle = (low + high) / 2
    if start(middle) <= offset { low = middle + 1 } else { high = middle }
  }
  return low == 0 ? nil : low - 1
}

extension SourceRange {
  /// Whether `other` lies within this range.
  fileprivate func encloses(_ other: SourceRange) -> Bool { start <= other.start && other.end <= end }
}
