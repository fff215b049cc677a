/// The six colon-separated fields of an ARN-shaped text (the last one keeps any further colons).
///
/// Only the positions of the five colons are kept, and a field is cut from the text when it is asked for: most
/// callers look at one or two fields, and cutting all six into an array cost more than the rest of their work.
public struct ARNFields: RandomAccessCollection, Sendable {
  private let text: String
  /// UTF-8 offsets of the first five colons.
  private let colons: (Int, Int, Int, Int, Int)

  /// Nil when `text` has fewer than five colons.
  init?(_ text: String) {
    var copy = text
    let colons = copy.withUTF8 { bytes -> (Int, Int, Int, Int, Int)? in
      var found: (Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0)
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
    guard let colons else { return nil }
    self.text = text
    self.colons = colons
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { 6 }

  /// Field `position` (0 is `arn`, 4 the account, 5 the resource). Colons are ASCII, so the cuts fall on Unicode
  /// scalar boundaries, whatever characters stand next to them.
  public subscript(position: Int) -> Substring {
    precondition(position >= 0 && position < 6, "an ARN has six fields")
    let lower: Int
    let upper: Int
    switch position {
    case 0: (lower, upper) = (0, colons.0)
    case 1: (lower, upper) = (colons.0 + 1, colons.1)
    case 2: (lower, upper) = (colons.1 + 1, colons.2)
    case 3: (lower, upper) = (colons.2 + 1, colons.3)
    case 4: (lower, upper) = (colons.3 + 1, colons.4)
    default: (lower, upper) = (colons.4 + 1, text.utf8.count)
    }
    let utf8 = text.utf8
    return Substring(utf8[utf8.index(utf8.startIndex, offsetBy: lower)..<utf8.index(utf8.startIndex, offsetBy: upper)])
  }
}
