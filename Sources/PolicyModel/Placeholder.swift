import PolicySyntax

/// Finds template placeholders that a deployment tool was meant to fill in: `${var.account_id}` (Terraform),
/// `${AWS::AccountId}` or `${RepoArn}` (CloudFormation), `{{resolve:...}}`, `<ACCOUNT_ID>`, `{ACCOUNT_ID}`.
///
/// Policy variables such as `${aws:PrincipalAccount}` or `${*}` are IAM's own and are not placeholders. A value
/// holding a placeholder says nothing definite about access, so later layers answer "indeterminate" for it.
public enum Placeholder {
  /// The placeholders in `text`, in order of appearance.
  public static func find(in text: String) -> [String] {
    var found = hasDelimiter(text) ? findDelimited(in: text) : []
    if found.isEmpty, let account = placeholderAccountField(in: text) { found.append(account) }
    return found
  }

  /// Whether `text` holds a placeholder. Every policy string is asked this once, and almost none holds one, so the
  /// common answer comes from one pass over the bytes.
  public static func contains(in text: String) -> Bool {
    if hasDelimiter(text) { return !find(in: text).isEmpty }
    return placeholderAccountField(in: text) != nil
  }

  private static func hasDelimiter(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in bytes.contains { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "<") } }
  }

  /// False unless `text` is an ARN whose fifth field may hold a word: nearly every ARN has only digits, wildcards
  /// or nothing there.
  private static func accountFieldMayHoldWord(_ text: String) -> Bool {
    var text = text
    return text.withUTF8(accountFieldMayHoldWord)
  }

  private static func accountFieldMayHoldWord(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    guard utf8.starts(with: "arn:".utf8) else { return false }
    var colons = 0
    for byte in utf8 {
      if byte == UInt8(ascii: ":") {
        colons += 1
        if colons == 5 { return false }
      } else if colons == 4, byte >= 0x80 || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) {
        return true
      }
    }
    return false
  }

  /// The account field of an ARN written as a word, as documentation examples do: `arn:aws:iam::ACCOUNT-ID:root`,
  /// `arn:aws:iam::account-id:user/name`, `arn:aws:iam::DEV_ACCOUNT_ID:role/x`. Only words that say "account" or are
  /// written in capitals count: a lower-case word such as `function` in `arn:aws:lambda:*:function:*` is a mistake
  /// in the ARN, not a blank to fill in, and must be evaluated as written.
  static func placeholderAccountField(in text: String) -> String? {
    guard accountFieldMayHoldWord(text), let fields = ARN.fields(of: text) else {
      return nil
    }
    let account = fields[4]
    guard !account.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
      account.contains(where: { $0.isLetter }),
      account.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    else { return nil }
    let lowered = account.lowercased()
    let saysAccount = lowered.contains("account") || lowered.contains("acct")
    let isCapitals = account.allSatisfy { !$0.isLetter || $0.isUppercase }
    return saysAccount || isCapitals ? String(account) : nil
  }

  private static func findDelimited(in text: String) -> [String] {
    var found: [String] = []
    let scalars = Array(text.unicodeScalars)
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "{",
        let close = firstIndex(of: "}", in: scalars, from: index + 2)
      {
        let inner = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
        if !isPolicyVariable(inner) { found.append("${" + inner + "}") }
        index = close + 1
        continue
      }
      if scalar == "{", index + 1 < scalars.count, scalars[index + 1] == "{",
        let close = firstIndex(of: "}", in: scalars, from: index + 2)
      {
        found.append(String(String.UnicodeScalarView(scalars[index...min(close + 1, scalars.count - 1)])))
        index = close + 1
        continue
      }
      if scalar == "{" || scalar == "<", index == 0 || scalars[index - 1] != "$" {
        let closer: Unicode.Scalar = scalar == "{" ? "}" : ">"
        if let close = firstIndex(of: closer, in: scalars, from: index + 1), close > index + 1 {
          let inner = scalars[(index + 1)..<close]
          if inner.allSatisfy({ isIdentifierScalar($0) }) && inner.contains(where: { $0.properties.isAlphabetic }) {
            found.append(String(String.UnicodeScalarView(scalars[index...close])))
            index = close + 1
            continue
          }
        }
      }
      index += 1
    }
    return found
  }

  /// IAM's own variable syntax: `${*}`, `${?}`, `${$}`, or `${prefix:key}` with an optional `, 'default'`.
  public static func isPolicyVariable(_ inner: String) -> Bool {
    if inner == "*" || inner == "?" || inner == "$" { return true }
    let name = inner.split(separator: ",", maxSplits: 1).first.map(String.init) ?? inner
    let parts = name.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
    return parts[0].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
      && !parts[1].contains(" ")
  }

  private static func firstIndex(of target: Unicode.Scalar, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
    var index = start
    while index < scalars.count {
      if scalars[index] == target { return index }
      if scalars[index] == "{" && target == "}" { return nil }
      index += 1
    }
    return nil
  }

  private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
      || scalar == "." || scalar == " "
  }
}
