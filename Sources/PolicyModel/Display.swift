import PolicySyntax

/// How policy text appears inside messages.
enum Display {
  /// `'value'`, with line breaks and control characters escaped and long values shortened, so one finding stays
  /// one line of output.
  static func quoted(_ text: String, limit: Int = 100) -> String {
    // Printable ASCII, as nearly every value is, appears as it is, cut after `limit` characters. Its bytes are
    // tested in place and, as messages quote every value they name, the quoted text is written in one go.
    if let quoted = text.utf8.withContiguousStorageIfAvailable({ quotedPrintableASCII($0, limit: limit) }) ?? nil {
      return quoted
    }
    return quotedWalkingScalars(text, limit: limit)
  }

  /// ``quoted(_:limit:)`` for any text, every scalar walked: what the printable-ASCII path must agree with.
  static func quotedWalkingScalars(_ text: String, limit: Int) -> String {
    if ASCII.allBytes(of: text, satisfy: { $0 >= 0x20 && $0 < 0x80 }) {
      return text.utf8.count <= limit ? "'" + text + "'" : "'" + text.prefix(limit) + "…'"
    }
    var out = ""
    var count = 0
    for scalar in text.unicodeScalars {
      if count == limit {
        out += "…"
        break
      }
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
      count += 1
    }
    return "'" + out + "'"
  }

  /// `'text'` when `bytes` are printable ASCII and no more than `limit` of them; nil otherwise.
  private static func quotedPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> String? {
    guard bytes.count <= limit, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) else { return nil }
    return String(unsafeUninitializedCapacity: bytes.count + 2) { quoted in
      quoted[0] = UInt8(ascii: "'")
      _ = UnsafeMutableBufferPointer(rebasing: quoted[1...]).initialize(from: bytes)
      quoted[bytes.count + 1] = UInt8(ascii: "'")
      return bytes.count + 2
    }
  }

  /// CloudFormation intrinsic functions left in a policy that was not rendered.
  static func isIntrinsic(_ key: String) -> Bool {
    key == "Ref" || key.hasPrefix("Fn::") || key == "Condition"
  }
}
