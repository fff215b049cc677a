/// The six colon-separated fields of an ARN-shaped text (the last one keeps any further colons).
///
/// Only the positions of the five colons are kept, and a field is cut from the text when it is asked for: most
/// callers look at one or two fields, and cutting all six into an array cost more than the rest of their work.
public struct ARNFields: RandomAccessCollection, Sendable {
  private let text: String
  private let colons: Colons
  /// Whether the first field is `arn`, as in every ARN.
  let startsWithARN: Bool

  /// Nil when `text` has fewer than five colons.
  init?(_ text: String) {
    var copy = text
    let scanned = copy.withUTF8 { bytes -> (colons: Colons, startsWithARN: Bool)? in
      guard let colons = ARNFields.colons(in: bytes) else { return nil }
      let startsWithARN =
        colons.0 == 3 && bytes[0] == UInt8(ascii: "a") && bytes[1] == UInt8(ascii: "r") && bytes[2] == UInt8(ascii: "n")
      return (colons, startsWithARN)
    }
    guard let scanned else { return nil }
    self.text = text
    colons = scanned.colons
    startsWithARN = scanned.startsWithARN
  }

  /// UTF-8 offsets of the first five colons.
  @usableFromInline typealias Colons = (Int, Int, Int, Int, Int)

  /// The offsets of the first five colons of `bytes`; nil when it has fewer.
  @usableFromInline static func colons(in bytes: UnsafeBufferPointer<UInt8>) -> Colons? {
    var found: Colons = (0, 0, 0, 0, 0)
    var count = 0
    for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ":") {
      switch count {
      case 0: found.0 = index
      case 1: found.1 = index
      case 2: found.2 = index
      case 3: found.3 = index
      default:
        found.4 = index
        return found
      }
      count += 1
    }
    return nil
  }

  /// Calls `body` with the fields of `text` read in place, as bytes; nil, without calling it, when `text` has fewer
  /// than five colons. For callers that test a field or two of a text once: making an ``ARNFields`` keeps a copy of
  /// the text, and each field it gives is a copy or a closure of its own. Inlinable, so that callers in other modules
  /// get it specialized: as a generic call, boxing its result cost more than the fields it saves.
  @inlinable public static func withFieldBytes<Result>(of text: String, _ body: (FieldBytes) -> Result) -> Result? {
    func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Result? {
      colons(in: bytes).map { body(FieldBytes(bytes: bytes, colons: $0)) }
    }
    if let result = text.utf8.withContiguousStorageIfAvailable(read) { return result }
    var copy = text
    return copy.withUTF8(read)
  }

  /// The six fields of an ARN-shaped text as UTF-8 bytes, valid only inside ``withFieldBytes(of:_:)``.
  public struct FieldBytes {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let colons: Colons

    @usableFromInline init(bytes: UnsafeBufferPointer<UInt8>, colons: Colons) {
      self.bytes = bytes
      self.colons = colons
    }

    /// Field `position` (0 is `arn`, 4 the account, 5 the resource).
    @inlinable public subscript(position: Int) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: bytes[ARNFields.byteRange(of: position, colons: colons, count: bytes.count)])
    }
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { 6 }

  /// Field `position` (0 is `arn`, 4 the account, 5 the resource). Colons are ASCII, so the cuts fall on Unicode
  /// scalar boundaries, whatever characters stand next to them.
  public subscript(position: Int) -> Substring {
    slice(byteRange(of: position))
  }

  /// Fields 1 to 5 as strings of their own, made from their bytes in one pass (cheaper than substrings made into
  /// strings): what ``ARN`` keeps.
  func arnParts() -> (partition: String, service: String, region: String, account: String, resource: String) {
    var copy = text
    return copy.withUTF8 { utf8 in
      func string(_ position: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: utf8[byteRange(of: position)]), as: UTF8.self)
      }
      return (string(1), string(2), string(3), string(4), string(5))
    }
  }

  /// Whether field `position` passes `test`, which reads its bytes in place: for callers that test a field, which a
  /// `Substring` of it makes slower than the test.
  public func field(_ position: Int, satisfies test: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
    var copy = text
    return copy.withUTF8 { utf8 in test(UnsafeBufferPointer(rebasing: utf8[byteRange(of: position)])) }
  }

  /// Whether field `position` is exactly `literal`, byte for byte.
  public func field(_ position: Int, is literal: StaticString) -> Bool {
    field(position) { field in
      guard field.count == literal.utf8CodeUnitCount else { return false }
      let expected = literal.utf8Start
      for index in 0..<field.count where field[index] != expected[index] { return false }
      return true
    }
  }

  /// The text before the resource field: the first five fields and the colons between them.
  var beforeResource: Substring { slice(0..<colons.4) }

  /// The UTF-8 offsets of field `position`.
  func byteRange(of position: Int) -> Range<Int> {
    ARNFields.byteRange(of: position, colons: colons, count: text.utf8.count)
  }

  /// The UTF-8 offsets of field `position` of a text of `count` bytes whose first five colons are at `colons`.
  @usableFromInline static func byteRange(of position: Int, colons: Colons, count: Int) -> Range<Int> {
    precondition(position >= 0 && position < 6, "an ARN has six fields")
    switch position {
    case 0: return 0..<colons.0
    case 1: return colons.0 + 1..<colons.1
    case 2: return colons.1 + 1..<colons.2
    case 3: return colons.2 + 1..<colons.3
    case 4: return colons.3 + 1..<colons.4
    default: return colons.4 + 1..<count
    }
  }

  private func slice(_ bounds: Range<Int>) -> Substring {
    let utf8 = text.utf8
    let start = utf8.index(utf8.startIndex, offsetBy: bounds.lowerBound)
    return Substring(utf8[start..<utf8.index(start, offsetBy: bounds.count)])
  }
}
