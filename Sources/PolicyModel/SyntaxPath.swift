public import PolicyDiagnostics
public import PolicySyntax

extension JSONValue {
  /// The JSON path of the value whose range is `target`, or of the member whose key's range is `target`; nil when
  /// no value or key of this tree has exactly that range.
  ///
  /// Model values keep only their byte range, and their path is found here when a finding needs it: building a path
  /// array for every value of every policy cost more than the rest of the model, while findings are few. Every value
  /// starts at its own byte, so a range names one value (or one key) of the tree.
  public func path(to target: SourceRange) -> [PathElement]? {
    var path: [PathElement] = []
    var node = self
    while node.range != target {
      switch node.kind {
      case .object(let members):
        guard
          let member = members.first(where: { $0.keyRange == target || $0.value.range.encloses(target) })
        else { return nil }
        path.append(.member(member.key))
        if member.keyRange == target { return path }
        node = member.value
      case .array(let elements):
        guard let index = elements.firstIndex(where: { $0.range.encloses(target) }) else { return nil }
        path.append(.index(index))
        node = elements[index]
      default:
        return nil
      }
    }
    return path
  }
}

extension SourceRange {
  /// Whether `other` lies within this range.
  fileprivate func encloses(_ other: SourceRange) -> Bool { start <= other.start && other.end <= end }
}
