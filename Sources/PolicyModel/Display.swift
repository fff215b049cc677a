import PolicySyntax

/// How policy text appears inside messages.
enum Display {
  /// `'value'`, with line breaks and control characters escaped and long values shortened, so one finding stays
  /// one line of output.
  static func quoted(_ text: String, limit: Int = 100) -> String {
    // Printable ASCII, as nearly every value is, appears as it is, cut after `limit` characters. Its bytes are
    // tested in place and the quoted text made in one allocation: messages quote every value they name.
    if ASCII.allBytes(of: text, satisfy: { $0 >= 0x20 && $0 < 0x80 }) {
      guard text.utf8.count <= limit else { return "'" + text.prefix(limit) + "…'" }
      var quoted = "'"
      quoted.reserveCapacity(text.utf8.count + 2)
      quoted += text
      quoted += "'"
      return quoted
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

  /// CloudFormation intrinsic functions left in a policy that was not rendered.
  static func isIntrinsic(_ key: String) -> Bool {
    key == "Ref" || key.hasPrefix("Fn::") || key == "Condition"
  }
}
