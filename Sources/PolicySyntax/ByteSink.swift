/// A growing run of bytes whose appends cost a capacity check and a copy.
///
/// Report writers append hundreds of thousands of small pieces (a quote, a key, a separator); an
/// `Array.append(contentsOf:)` costs several times the copy itself for each of them, and even a write through an
/// array's `withUnsafeMutableBufferPointer` first asks whether the array is shared. The sink owns its memory and
/// cannot be copied, so nothing can share it: an append checks the room left and copies, nothing more.
package struct ByteSink: ~Copyable, @unchecked Sendable {
  // Sendable: the memory belongs to this one sink, and moves with it.

  /// The bytes written, then spare room; allocated and freed by the sink alone.
  private var start: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// How many bytes have been written.
  package private(set) var count = 0

  package init(capacity: Int = 256) {
    self.capacity = max(capacity, 16)
    start = .allocate(capacity: self.capacity)
  }

  deinit { start.deallocate() }

  /// The bytes written.
  package var bytes: [UInt8] { Array(written) }

  /// The bytes written, copied to an array of their own size; the sink is empty afterwards and keeps its room for
  /// what is written next.
  package mutating func takeBytes() -> [UInt8] {
    defer { count = 0 }
    return Array(written)
  }

  /// The bytes written, as text (invalid UTF-8 repaired).
  package var text: String { String(decoding: written, as: UTF8.self) }

  private var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

  /// The bytes written since offset `start`, lent to `body`.
  package func withBytes<Result>(from start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    precondition(start >= 0 && start <= count, "offset \(start) outside the \(count) bytes written")
    return body(UnsafeBufferPointer(rebasing: written[start...]))
  }

  // Every write below stays in bounds: it first makes room for all it writes.

  @inline(__always)
  package mutating func append(_ byte: UInt8) {
    if count == capacity { grow(by: 1) }
    start[count] = byte
    count += 1
  }

  @inline(__always)
  package mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
    guard let source = buffer.baseAddress else { return }
    if buffer.count > capacity - count { grow(by: buffer.count) }
    (start + count).initialize(from: source, count: buffer.count)
    count += buffer.count
  }

  package mutating func append(_ text: String) {
    // The borrowed string's own bytes: `withUTF8` needs a mutable copy, which retains and releases the string for
    // each of the many messages and paths a report writes.
    if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
      var text = text
      text.withUTF8 { append($0) }
    }
  }

  @inline(__always)
  package mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { append($0) }
  }

  /// `buffer` between `open` and `close` (a quoted word), with one check of the room left: report writers quote
  /// every key and nearly every string this way.
  @inline(__always)
  package mutating func append(_ buffer: UnsafeBufferPointer<UInt8>, between open: UInt8, and close: UInt8) {
    if buffer.count + 2 > capacity - count { grow(by: buffer.count + 2) }
    start[count] = open
    if let source = buffer.baseAddress { (start + count + 1).initialize(from: source, count: buffer.count) }
    count += buffer.count + 2
    start[count - 1] = close
  }

  /// A line feed and `indent` spaces, with one check of the room left: pretty JSON starts every value so.
  @inline(__always)
  package mutating func appendLineBreak(indent: Int) {
    let width = 1 + max(indent, 0)
    // The spaces go in eight at a time, as whole words that may run up to seven bytes past them into the spare room:
    // a call to fill the dozen or so spaces of a line cost more than writing the rest of it.
    if width + 7 > capacity - count { grow(by: width + 7) }
    start[count] = UInt8(ascii: "\n")
    let spaces = UnsafeMutableRawPointer(start + count + 1)
    var filled = 0
    while filled < width - 1 {
      spaces.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: filled, as: UInt64.self)
      filled += 8
    }
    count += width
  }

  /// `byte` repeated `times` times.
  @inline(__always)
  package mutating func append(_ byte: UInt8, times: Int) {
    guard times > 0 else { return }
    if times > capacity - count { grow(by: times) }
    (start + count).initialize(repeating: byte, count: times)
    count += times
  }

  /// At least doubles the room, and makes room for `needed` more bytes.
  private mutating func grow(by needed: Int) {
    let larger = max(2 * capacity, count + needed)
    let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
    moved.moveInitialize(from: start, count: count)
    start.deallocate()
    start = moved
    capacity = larger
  }
}
