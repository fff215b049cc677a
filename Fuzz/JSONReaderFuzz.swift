// libFuzzer entry point for JSONReader. Fuzz/run.sh compiles this file together with Sources/PolicySyntax into
// one module, so the reader is used without an import and with whole-module optimisation, as in release builds.

/// Reads arbitrary bytes; on success, checks the span invariants every layer above the reader relies on.
/// A broken invariant traps, which libFuzzer reports as a crash with the input saved.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
  // The reader works on bytes in place. On the fuzzer's own buffer, whose end ASan guards, a read past the end is
  // caught; an array's spare capacity would hide it. Both readings must agree (libFuzzer's inputs are far below the
  // size limit the array path checks first).
  let inPlace = try? JSONReader.parse(
    UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count),
    limits: JSONReaderLimits()
  )
  let document: JSONDocument
  do {
    document = try JSONReader.parse(bytes)
    require(inPlace.map { sameTree($0.root, document.root) } == true, "the in-place reading differs")
  } catch {
    require(inPlace == nil, "the in-place reading accepts what the array reading rejects")
    require(0 <= error.offset && error.offset <= bytes.count, "error offset \(error.offset) outside the input")
    require(!error.message.isEmpty, "empty error message")
    checkDepthLimit(bytes, acceptedDepth: nil)
    return 0
  }
  let bodyStart = document.hasByteOrderMark ? 3 : 0
  let root = document.root
  require(bodyStart <= root.range.start && root.range.end <= bytes.count, "root range \(root.range) outside")
  require(bytes[bodyStart..<root.range.start].allSatisfy(isWhitespace), "non-whitespace before the root")
  require(bytes[root.range.end...].allSatisfy(isWhitespace), "non-whitespace after the root")
  let depth = check(root, in: bytes, level: 0)
  checkTape(document.tape)
  checkDepthLimit(bytes, acceptedDepth: depth)
  let table = LineTable(bytes)
  let position = table.position(of: root.range.start)
  require(table.lineStarts[position.line - 1] + position.column == root.range.start, "line table mismatch")
  return 0
}

/// The depth limit must reject exactly the documents nested deeper than it. Testing at the document's own depth
/// catches depth that leaks from one container to the next, which a fixed small limit almost never sees.
private func checkDepthLimit(_ bytes: [UInt8], acceptedDepth: Int?) {
  func accepts(maxDepth: Int) -> Bool {
    (try? JSONReader.parse(bytes, limits: JSONReaderLimits(maxDepth: maxDepth))) != nil
  }
  guard let acceptedDepth else {
    require(!accepts(maxDepth: 3), "accepted with a tighter depth limit but rejected with the default")
    return
  }
  require(accepts(maxDepth: acceptedDepth), "depth \(acceptedDepth) rejected with a limit of \(acceptedDepth)")
  if acceptedDepth > 0 {
    require(!accepts(maxDepth: acceptedDepth - 1), "depth \(acceptedDepth) accepted with a limit one lower")
  }
}

/// Checks `value` and its children; returns the nesting depth of containers in it.
private func check(_ value: JSONValue, in bytes: [UInt8], level: Int) -> Int {
  let range = value.range
  require(0 <= range.start && range.start < range.end && range.end <= bytes.count, "bad range \(range)")
  let first = bytes[range.start]
  let last = bytes[range.end - 1]
  switch value.kind {
  case .object(let members):
    require(first == UInt8(ascii: "{") && last == UInt8(ascii: "}"), "object range \(range) not delimited")
    var previousEnd = range.start + 1
    var deepest = 0
    for member in members {
      let key = member.keyRange
      require(previousEnd <= key.start && key.end <= member.value.range.start, "member order at \(key)")
      require(member.value.range.end <= range.end - 1, "member \(key) leaves its object \(range)")
      require(member.range == SourceRange(start: key.start, end: member.value.range.end), "member range")
      checkStringLiteral(key, text: member.key, in: bytes)
      deepest = max(deepest, check(member.value, in: bytes, level: level + 1))
      previousEnd = member.value.range.end
    }
    checkStandalone(value, in: bytes, level: level)
    return deepest + 1
  case .array(let elements):
    require(first == UInt8(ascii: "[") && last == UInt8(ascii: "]"), "array range \(range) not delimited")
    var previousEnd = range.start + 1
    var deepest = 0
    for element in elements {
      require(previousEnd <= element.range.start, "element order at \(element.range)")
      require(element.range.end <= range.end - 1, "element \(element.range) leaves its array \(range)")
      deepest = max(deepest, check(element, in: bytes, level: level + 1))
      previousEnd = element.range.end
    }
    checkStandalone(value, in: bytes, level: level)
    return deepest + 1
  case .string(let text):
    checkStringLiteral(range, text: text, in: bytes)
    checkWrittenBack(text)
    return 0
  case .number(let text):
    require(Array(text.utf8) == Array(bytes[range.start..<range.end]), "number text differs from its source")
    return 0
  case .bool(let flag):
    require(Array(bytes[range.start..<range.end]) == Array((flag ? "true" : "false").utf8), "bool source")
    return 0
  case .null:
    require(Array(bytes[range.start..<range.end]) == Array("null".utf8), "null source")
    return 0
  }
}

/// The links the policy model and the path lookup follow: nodes start at increasing offsets and are found by their
/// start, every subtree lies within its parent's, positions count the siblings, and a key's value follows it.
private func checkTape(_ tape: JSONTape) {
  let count = tape.end(of: tape.root)
  require(count == tape.nodes.count, "the root's subtree is not the whole tape")
  var previousStart = -1
  var nextPosition: [Int: Int] = [:]
  for node in 0..<count {
    let start = tape.range(of: node).start
    require(start > previousStart, "node \(node) does not start after the one before it")
    previousStart = start
    require(tape.node(startingAt: start) == node, "node \(node) is not found by its start")
    require(tape.end(of: node) > node && tape.end(of: node) <= count, "node \(node) has a bad subtree end")
    guard let parent = tape.parent(of: node) else {
      require(node == tape.root, "node \(node) has no parent")
      continue
    }
    require(tape.isContainer(parent) && parent < node, "node \(node) has a bad parent")
    require(tape.end(of: node) <= tape.end(of: parent), "node \(node) leaves its parent")
    let isMemberValue = tape.kind(of: parent) == .object && tape.kind(of: node) != .key
    if isMemberValue {
      require(tape.kind(of: node - 1) == .key && tape.parent(of: node - 1) == parent, "value \(node) has no key")
      require(tape.position(of: node) == tape.position(of: node - 1), "value \(node) is not its key's member")
    } else {
      require(tape.position(of: node) == nextPosition[parent, default: 0], "node \(node) has a bad position")
      nextPosition[parent, default: 0] += 1
    }
  }
}

/// A string's range is its literal, and the embedded-text decoder must agree with the reader on it.
private func checkStringLiteral(_ range: SourceRange, text: String, in bytes: [UInt8]) {
  require(range.length >= 2, "string range \(range) too short")
  require(bytes[range.start] == UInt8(ascii: "\"") && bytes[range.end - 1] == UInt8(ascii: "\""), "quotes")
  let embedded = EmbeddedText(decodingLiteralAt: range, in: bytes)
  require(embedded.bytes == Array(text.utf8), "EmbeddedText disagrees with the reader at \(range)")
  require(embedded.outerOffsets.count == embedded.bytes.count + 1, "outer offset count")
  var previous = range.start
  for offset in embedded.outerOffsets {
    require(previous <= offset && offset < range.end, "outer offset \(offset) outside \(range)")
    previous = offset
  }
}

/// Any value's source text is a JSON document by itself; re-reading it near the top catches ranges that are
/// off by a byte without making every input cost depth times its length.
private func checkStandalone(_ value: JSONValue, in bytes: [UInt8], level: Int) {
  guard level < 2 else { return }
  let slice = Array(bytes[value.range.start..<value.range.end])
  guard let reread = try? JSONReader.parse(slice) else {
    fatalError("the source of the value at \(value.range) does not read back on its own")
  }
  require(reread.root.range == SourceRange(start: 0, end: slice.count), "re-read range differs")
  require(reread.root.typeDescription == value.typeDescription, "re-read type differs")
}

/// Whether two readings agree on every value: its kind, its text and its range.
private func sameTree(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
  guard lhs.range == rhs.range else { return false }
  switch (lhs.kind, rhs.kind) {
  case (.object(let left), .object(let right)):
    return left.count == right.count
      && zip(left, right).allSatisfy { $0.key == $1.key && $0.keyRange == $1.keyRange && sameTree($0.value, $1.value) }
  case (.array(let left), .array(let right)):
    return left.count == right.count && zip(left, right).allSatisfy { sameTree($0, $1) }
  case (.string(let left), .string(let right)), (.number(let left), .number(let right)):
    return Array(left.utf8) == Array(right.utf8)
  case (.bool(let left), .bool(let right)): return left == right
  case (.null, .null): return true
  default: return false
  }
}

private func isWhitespace(_ byte: UInt8) -> Bool {
  byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}

private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fatalError("invariant broken: \(message())") }
}

/// The writer must quote any string so that the reader gives it back unchanged (its escape test works on words of
/// eight bytes, and its buffer grows by hand).
private func checkWrittenBack(_ text: String) {
  var writer = JSONWriter(pretty: false, capacity: 1)
  writer.string(text)
  guard let reread = try? JSONReader.parse(writer.bytes), case .string(let back) = reread.root.kind else {
    require(false, "the writer's quoting of \(text.debugDescription) does not read back")
    return
  }
  require(Array(back.utf8) == Array(text.utf8), "\(text.debugDescription) reads back as \(back.debugDescription)")
}
