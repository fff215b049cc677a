/// A read JSON document as one flat array of nodes in document order, over the bytes it was read from.
///
/// A tree of ``JSONValue``s costs a `String` per key and per value and an array per object and array, all created
/// while reading and released one by one when the document goes away, while a policy's model reads a few keys once
/// and keeps only some of the values. A node holds byte offsets only: a key is compared with a literal as bytes, and
/// a value becomes a `String` when someone asks for it. Nodes are addressed by their position in the tape, an `Int`;
/// the root is node 0.
///
/// An object's children are its members, each a key node followed by the nodes of its value; an array's children
/// are its elements. Every node starts at its own byte, so the nodes' start offsets increase with their position.
public struct JSONTape: Sendable {
  public enum Kind: UInt8, Sendable {
    case object
    case array
    /// An object member's key: a string literal, ranged like a string value.
    case key
    case string
    case number
    case bool
    case null
  }

  /// One `"key": value` pair of an object, by the position of its key; its value's nodes follow the key.
  public struct Member: Sendable, Equatable {
    public let key: Int

    @inlinable public init(key: Int) {
      self.key = key
    }

    @inlinable public var value: Int { key + 1 }
  }

  /// 24 bytes: offsets fit 32 bits because a document is far below 2 GiB (``JSONReader`` checks it).
  @usableFromInline struct Node: Sendable {
    @usableFromInline var kind: Kind
    @usableFromInline var flags: UInt8
    /// The value's (or key literal's) first byte.
    @usableFromInline var start: Int32
    /// One past the value's last byte.
    @usableFromInline var end: Int32
    /// The node after this one's subtree: its next sibling, or the end of its parent's children. A key's subtree is
    /// its member, the key and its value.
    @usableFromInline var next: Int32
    /// -1 for the root.
    @usableFromInline var parent: Int32
    /// Among the parent's members (for keys and member values) or elements.
    @usableFromInline var position: Int32

    /// A string or key literal with a backslash escape: its text must be decoded.
    @usableFromInline static let escaped: UInt8 = 1
    /// A string or key literal with a byte outside ASCII.
    @usableFromInline static let nonASCII: UInt8 = 2
    /// A `true` literal.
    @usableFromInline static let isTrue: UInt8 = 4
  }

  /// The bytes the document was read from; every node's range is an offset into them.
  public let bytes: [UInt8]
  @usableFromInline let nodes: [Node]

  init(bytes: [UInt8], nodes: [Node]) {
    self.bytes = bytes
    self.nodes = nodes
  }

  /// The outermost value.
  @inlinable public var root: Int { 0 }

  @inlinable public func kind(of node: Int) -> Kind { nodes[node].kind }

  /// The value's bytes, or a key's literal with its quotes.
  @inlinable public func range(of node: Int) -> SourceRange {
    let entry = nodes[node]
    return SourceRange(start: Int(entry.start), end: Int(entry.end))
  }

  /// The object or array that holds `node`; nil for the root.
  @inlinable public func parent(of node: Int) -> Int? {
    let parent = nodes[node].parent
    return parent < 0 ? nil : Int(parent)
  }

  /// Which member (for a key or a member's value) or element of its parent `node` is, from 0.
  @inlinable public func position(of node: Int) -> Int { Int(nodes[node].position) }

  /// The node after `node` and all the nodes inside it (for a key, after its value).
  @inlinable public func end(of node: Int) -> Int { Int(nodes[node].next) }

  @inlinable public func isContainer(_ node: Int) -> Bool {
    let kind = nodes[node].kind
    return kind == .object || kind == .array
  }

  /// How many members an object has, or elements an array: for reserving room before reading them.
  public func count(of container: Int) -> Int {
    nodes.withUnsafeBufferPointer { JSONTape.childCount(of: container, nodes: $0) }
  }

  /// Whether an object has no members or an array no elements.
  @inlinable public func isEmpty(_ container: Int) -> Bool { Int(nodes[container].next) == container + 1 }

  /// The members of an object, in source order (repeated keys included).
  @inlinable public func members(of object: Int) -> Members {
    Members(children: Elements(nodes: nodes, next: object + 1, end: Int(nodes[object].next)))
  }

  /// The elements of an array, in source order.
  @inlinable public func elements(of array: Int) -> Elements {
    Elements(nodes: nodes, next: array + 1, end: Int(nodes[array].next))
  }

  /// The children of a container, one after the other (an object's are its keys, whose subtrees are their members).
  public struct Elements: Sequence, IteratorProtocol {
    @usableFromInline let nodes: [Node]
    @usableFromInline var upcoming: Int
    @usableFromInline let end: Int

    @inlinable init(nodes: [Node], next: Int, end: Int) {
      self.nodes = nodes
      upcoming = next
      self.end = end
    }

    @inlinable public mutating func next() -> Int? {
      guard upcoming < end else { return nil }
      let child = upcoming
      upcoming = Int(nodes[child].next)
      return child
    }
  }

  /// The members of an object, one after the other.
  public struct Members: Sequence, IteratorProtocol {
    @usableFromInline var children: Elements

    @inlinable init(children: Elements) {
      self.children = children
    }

    @inlinable public mutating func next() -> Member? { children.next().map(Member.init(key:)) }
  }

  /// The text of a string value; nil for any other kind.
  @inlinable public func string(_ node: Int) -> String? {
    nodes[node].kind == .string ? text(of: node) : nil
  }

  /// A member's key, decoded.
  @inlinable public func key(_ member: Member) -> String { text(of: member.key) }

  /// The text of a string value or a key, decoded; of a number, as written (`1.50` stays `1.50`); of any other
  /// value, its bytes.
  public func text(of node: Int) -> String {
    bytes.withUnsafeBufferPointer { JSONTape.literalText(nodes[node], in: $0) }
  }

  /// The value of a `true` or `false`; nil for any other kind.
  @inlinable public func bool(_ node: Int) -> Bool? {
    let entry = nodes[node]
    return entry.kind == .bool ? entry.flags & Node.isTrue != 0 : nil
  }

  /// Calls `body` with the bytes of a member's key when they are its text (no escape, only ASCII), so that the key
  /// can be matched against names byte by byte; nil, without calling `body`, for any other key. Such a key may spell
  /// an ASCII name another way (`\u0041`, or a canonical equivalent): `String`'s `==` on ``key(_:)`` decides.
  @inlinable public func withPlainKey<Result>(
    _ member: Member,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result? {
    withPlainText(member.key, body)
  }

  /// ``withPlainKey(_:_:)`` for a string value or a key; nil, without calling `body`, for any other kind of node too.
  @inlinable public func withPlainText<Result>(
    _ node: Int,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result? {
    let entry = nodes[node]
    guard entry.kind == .string || entry.kind == .key, entry.flags & (Node.escaped | Node.nonASCII) == 0 else {
      return nil
    }
    return bytes.withUnsafeBufferPointer { text in
      body(UnsafeBufferPointer(rebasing: text[Int(entry.start) + 1..<Int(entry.end) - 1]))
    }
  }

  /// Whether a member's key is `name`, compared as bytes when it can be (see ``withPlainKey(_:_:)``).
  @inlinable public func key(_ member: Member, is name: StaticString) -> Bool {
    withPlainKey(member) { ASCII.bytes($0, spell: name) } ?? (key(member) == name.description)
  }

  /// The first member named `name`; nil when there is none, or when `object` is not an object.
  @inlinable public func firstMember(_ name: StaticString, in object: Int) -> Member? {
    guard nodes[object].kind == .object else { return nil }
    for member in members(of: object) where key(member, is: name) { return member }
    return nil
  }

  /// The last member named `name`: with repeated keys, the copy most JSON libraries keep. Nil as for
  /// ``firstMember(_:in:)``.
  @inlinable public func lastMember(_ name: StaticString, in object: Int) -> Member? {
    guard nodes[object].kind == .object else { return nil }
    var found: Member?
    for member in members(of: object) where key(member, is: name) { found = member }
    return found
  }

  /// Whether two members of an object share a key.
  public func hasRepeatedKey(_ object: Int) -> Bool {
    nodes.withUnsafeBufferPointer { nodes in
      bytes.withUnsafeBufferPointer { JSONTape.hasRepeatedKey(object, nodes: nodes, bytes: $0) }
    }
  }

  /// A short noun for messages: "an object", "a string", ...
  public func typeDescription(of node: Int) -> String {
    switch nodes[node].kind {
    case .object: "an object"
    case .array: "an array"
    case .key, .string: "a string"
    case .number: "a number"
    case .bool: "a boolean"
    case .null: "null"
    }
  }

  /// The node that starts at byte `offset`, if any.
  public func node(startingAt offset: Int) -> Int? {
    var low = 0
    var high = nodes.count
    while low < high {
      let middle = (low + high) / 2
      if Int(nodes[middle].start) < offset { low = middle + 1 } else { high = middle }
    }
    return low < nodes.count && Int(nodes[low].start) == offset ? low : nil
  }
}

extension JSONTape {
  /// The text of a node (see ``text(of:)``): straight from its bytes unless it is a literal with an escape, which
  /// ``EmbeddedText`` decodes, so that one decoder serves both.
  static func literalText(_ node: Node, in bytes: UnsafeBufferPointer<UInt8>) -> String {
    let start = Int(node.start)
    let end = Int(node.end)
    guard node.kind == .key || node.kind == .string else {
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
    guard node.flags & Node.escaped != 0 else {
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start + 1..<end - 1]), as: UTF8.self)
    }
    return EmbeddedText.decodedText(ofLiteralAt: SourceRange(start: start, end: end), in: bytes)
  }

  /// How many children (members or elements) `container` has.
  static func childCount(of container: Int, nodes: UnsafeBufferPointer<Node>) -> Int {
    var count = 0
    var child = container + 1
    let end = Int(nodes[container].next)
    while child < end {
      count += 1
      child = Int(nodes[child].next)
    }
    return count
  }

  /// Whether two key literals spell the same key, as `String`'s `==` would say of their texts.
  static func sameKey(_ lhs: Node, _ rhs: Node, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let careful = Node.escaped | Node.nonASCII
    guard (lhs.flags | rhs.flags) & careful == 0 else {
      return literalText(lhs, in: bytes) == literalText(rhs, in: bytes)
    }
    let length = Int(lhs.end - lhs.start)
    guard Int(rhs.end - rhs.start) == length else { return false }
    let left = Int(lhs.start)
    let right = Int(rhs.start)
    for offset in 1..<length - 1 where bytes[left + offset] != bytes[right + offset] { return false }
    return true
  }

  /// Whether two members of `object` share a key. Objects hold a handful of members: comparing each key with the
  /// earlier ones beats hashing. A large object (hostile input, thousands of keys) is hashed, so that the check
  /// stays linear.
  static func hasRepeatedKey(
    _ object: Int,
    nodes: UnsafeBufferPointer<Node>,
    bytes: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    let first = object + 1
    let end = Int(nodes[object].next)
    let count = childCount(of: object, nodes: nodes)
    guard count > 1 else { return false }
    guard count <= 16 else {
      var seen: Set<String> = []
      var key = first
      while key < end {
        if !seen.insert(literalText(nodes[key], in: bytes)).inserted { return true }
        key = Int(nodes[key].next)
      }
      return false
    }
    var later = Int(nodes[first].next)
    while later < end {
      var earlier = first
      while earlier < later {
        if sameKey(nodes[earlier], nodes[later], in: bytes) { return true }
        earlier = Int(nodes[earlier].next)
      }
      later = Int(nodes[later].next)
    }
    return false
  }
}
