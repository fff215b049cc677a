/// Text written as a string interpolation and joined in one allocation, for messages made of many parts.
///
/// The standard interpolation appends each part to a growing string, which re-checks it and often grows it again:
/// for a finding message of a dozen parts that cost several hundred instructions a part, several times the copying.
/// Here the parts are only kept while the interpolation is read, then each is copied once into a string of the exact
/// size. Write `String(joining: "… \(value) …")` where a message is made for every file.
package struct JoinedText: ExpressibleByStringInterpolation {
  fileprivate let parts: [String]

  package init(stringLiteral text: String) {
    parts = [text]
  }

  package init(stringInterpolation: Parts) {
    parts = stringInterpolation.parts
  }

  package struct Parts: StringInterpolationProtocol {
    fileprivate var parts: [String] = []

    package init(literalCapacity: Int, interpolationCount: Int) {
      parts.reserveCapacity(2 * interpolationCount + 1)
    }

    package mutating func appendLiteral(_ literal: String) {
      if !literal.isEmpty { parts.append(literal) }
    }

    package mutating func appendInterpolation(_ text: String) {
      parts.append(text)
    }

    package mutating func appendInterpolation(_ text: Substring) {
      parts.append(String(text))
    }

    package mutating func appendInterpolation(_ number: Int) {
      parts.append(String(number))
    }
  }
}

extension String {
  /// The parts of `text` joined, each copied once into a string of their total size.
  package init(joining text: JoinedText) {
    var count = 0
    for part in text.parts { count += part.utf8.count }
    self.init(unsafeUninitializedCapacity: count) { buffer in
      var offset = 0
      for part in text.parts {
        // From the borrowed part's own bytes: `withUTF8` would need a mutable copy, which retains and releases it.
        offset += UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(fromContentsOf: part.utf8)
      }
      return offset
    }
  }
}
