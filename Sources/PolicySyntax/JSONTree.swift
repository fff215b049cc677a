extension JSONTape {
  /// The value at `node` as a tree of ``JSONValue``s, every key and string decoded: for readers off the audit's path
  /// (merging, intents, tests), which walk a document as a tree.
  public func tree(at node: Int) -> JSONValue {
    let kind: JSONValue.Kind
    switch self.kind(of: node) {
    case .object:
      kind = .object(
        members(of: node).map { member in
          JSONMember(key: key(member), keyRange: range(of: member.key), value: tree(at: member.value))
        }
      )
    case .array:
      kind = .array(elements(of: node).map { tree(at: $0) })
    case .key, .string:
      kind = .string(text(of: node))
    case .number:
      kind = .number(text(of: node))
    case .bool:
      kind = .bool(bool(node) ?? false)
    case .null:
      kind = .null
    }
    return JSONValue(kind: kind, range: range(of: node))
  }
}
