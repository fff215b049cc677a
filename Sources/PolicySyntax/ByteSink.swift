/// A growing run of bytes whose appends cost a capacity check and a copy.
///
/// Report writers append hundreds of thousands of small pieces (a quote, a key, a separator); an
/// `Array.append(contentsOf:)` costs several times the copy itself for each of them. The sink keeps spare room in
/// its array and copies into it directly.
package struct ByteSink: Sendable {
  /// The bytes written, then spare room.
  private var storage: [UInt8]
  /// How many bytes have been written.
  package private(set) var count = 0

  package init(capacity: Int = 256) {
    storage = [UInt8](repeating: 0, count: max(capacity, 16))
  }

  /// The bytes written.
  package var bytes: [UInt8] { Array(storage[..<count]) }

  /// The bytes written, handed over without a copy when little room is spare; with more than a quarter spare they are
  /// copied to an array of their own size instead, since reports keep every file's bytes until the end. The sink is
  /// empty afterwards.
  package mutating func takeBytes() -> [UInt8] {
    defer { count = 0 }
    guard storage.count - count <= count / 4 else {
      let exact = Array(storage[..<count])
      storage = []
      return exact
    }
    var taken: [UInt8] = []
    swap(&taken, &storage)
    taken.removeSubrange(count...)
    return taken
  }

  /// The bytes written, as text (invalid UTF-8 repaired).
  package var text: String {
    storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[..<count]), as: UTF8.self) }
  }

  @inline(__always)
  package mutating func append(_ byte: UInt8) {
    if count == storage.count { grow(by: 1) }
    storage.withUnsafeMutableBufferPointer { $0[count] = byte }
    count += 1
  }

  @inline(__always)
  package mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
    guard let source = buffer.baseAddress, !buffer.isEmpty else { return }
    if count + buffer.count > storage.count { grow(by: buffer.count) }
    storage.withUnsafeMutableBufferPointer { destination in
      // In bounds: the check above made room for the whole buffer.
      (destination.baseAddress.unsafelyUnwrapped + count).update(from: source, count: buffer.count)
    }
    count += buffer.count
  }

  package mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { append($0) }
  }

  package mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { append($0) }
  }

  /// `byte` repeated `times` times.
  package mutating func append(_ byte: UInt8, times: Int) {
    guard times > 0 else { return }
    if count + times > storage.count { grow(by: times) }
    storage.withUnsafeMutableBufferPointer { destination in
      (destination.baseAddress.unsafelyUnwrapped + count).update(repeating: byte, count: times)
    }
    count += times
  }

  /// At least doubles the room, and makes room for `needed` more bytes.
  private mutating func grow(by needed: Int) {
    storage.append(contentsOf: repeatElement(0, count: max(storage.count, needed)))
  }
}
