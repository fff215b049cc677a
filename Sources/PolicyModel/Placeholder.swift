import PolicySyntax

/// Finds template placeholders that a deployment tool was meant to fill in: `${var.account_id}` (Terraform),
/// `${AWS::AccountId}` or `${RepoArn}` (CloudFormation), `{{resolve:...}}`, `<ACCOUNT_ID>`, `{ACCOUNT_ID}`.
///
/// Policy variables such as `${aws:PrincipalAccount}` or `${*}` are IAM's own and are not placeholders. A value
/// holding a placeholder says nothing definite about access, so later layers answer "indeterminate" for it.
public enum Placeholder {
  /// The placeholders in `text`, in order of appearance.
  public static func find(in text: String) -> [String] {
    let (delimiter, accountWord) = survey(text)
    var found = delimiter ? findDelimited(in: text) : []
    if found.isEmpty, accountWord, let account = wordAccountField(in: text) { found.append(account) }
    return found
  }

  /// Whether `text` holds a placeholder. Every policy string is asked, and almost none holds one, so the common
  /// answer comes from one pass over the bytes.
  public static func contains(in text: String) -> Bool {
    let (delimiter, accountWord) = survey(text)
    if delimiter, containsDelimited(in: text) { return true }
    return accountWord && wordAccountField(in: text) != nil
  }

  /// One pass over the bytes: whether `text` holds `{` or `<` (which every bracketed placeholder starts with), and
  /// whether it is an ARN whose fifth field may hold a word (nearly every ARN has only digits, wildcards or nothing
  /// there).
  private static func survey(_ text: String) -> (delimiter: Bool, accountWord: Bool) {
    var text = text
    return text.withUTF8 { bytes in
      let delimiter = ASCII.contains(bytes, either: UInt8(ascii: "{"), or: UInt8(ascii: "<"))
      let isARN =
        bytes.count >= 4 && bytes[0] == UInt8(ascii: "a") && bytes[1] == UInt8(ascii: "r")
        && bytes[2] == UInt8(ascii: "n") && bytes[3] == UInt8(ascii: ":")
      guard isARN else { return (delimiter, false) }
      var colons = 0
      for byte in bytes {
        if byte == UInt8(ascii: ":") {
          colons += 1
          // Past the fifth colon the account field is behind.
          if colons == 5 { break }
        } else if colons == 4, byte >= 0x80 || ASCII.isLetter(byte) {
          return (delimiter, true)
        }
      }
      return (delimiter, false)
    }
  }

  /// The account field of an ARN written as a word, as documentation examples do: `arn:aws:iam::ACCOUNT-ID:root`,
  /// `arn:aws:iam::account-id:user/name`, `arn:aws:iam::DEV_ACCOUNT_ID:role/x`. Only words that say "account" or are
  /// written in capitals count: a lower-case word such as `function` in `arn:aws:lambda:*:function:*` is a mistake
  /// in the ARN, not a blank to fill in, and must be evaluated as written.
  ///
  /// Asked only of text whose survey found that its account field may hold a word.
  private static func wordAccountField(in text: String) -> String? {
    guard let fields = ARN.fields(of: text) else { return nil }
    let account = fields[4]
    let isWord =
      (account.utf8.withContiguousStorageIfAvailable(isASCIIWordAccount) ?? nil) ?? isWordAccount(account)
    return isWord ? String(account) : nil
  }

  /// Whether an ARN's account field is a word that stands for an account (see ``wordAccountField(in:)``).
  static func isWordAccount(_ account: Substring) -> Bool {
    guard !account.utf8.allSatisfy(ASCII.isDigit),
      account.contains(where: { $0.isLetter }),
      account.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    else { return false }
    let lowered = account.lowercased()
    let saysAccount = lowered.contains("account") || lowered.contains("acct")
    let isCapitals = account.allSatisfy { !$0.isLetter || $0.isUppercase }
    return saysAccount || isCapitals
  }

  /// ``isWordAccount(_:)`` for an ASCII account field, on its bytes (nil when it is not ASCII), where the test on
  /// Characters costs tens of thousands of instructions: in ASCII, letters, numbers and capitals are the ASCII ones,
  /// and lower-casing folds ASCII capitals only.
  static func isASCIIWordAccount(_ account: UnsafeBufferPointer<UInt8>) -> Bool? {
    guard account.allSatisfy({ $0 < 0x80 }) else { return nil }
    guard account.contains(where: ASCII.isLetter),
      account.allSatisfy({
        ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
      })
    else { return false }
    let lowered = account.map(ASCII.lowercased(byte:))
    let saysAccount = ASCII.contains(lowered, Array("account".utf8)) || ASCII.contains(lowered, Array("acct".utf8))
    let isCapitals = !account.contains(where: { $0 &- UInt8(ascii: "a") < 26 })
    return saysAccount || isCapitals
  }

  private static func findDelimited(in text: String) -> [String] {
    var text = text
    return text.withUTF8 { bytes in
      var found: [String] = []
      forEachDelimited(in: bytes) { range in
        found.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        return true
      }
      return found
    }
  }

  /// Whether ``findDelimited(in:)`` finds a placeholder: the scan stops at the first, and makes no String of it.
  private static func containsDelimited(in text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var found = false
      forEachDelimited(in: bytes) { _ in
        found = true
        return false
      }
      return found
    }
  }

  /// Calls `visit` with the byte range of each placeholder in `bytes`, in order, until it returns false.
  ///
  /// The scan over UTF-8 bytes. Every delimiter is ASCII, and no byte of a multi-byte character is ASCII, so byte
  /// positions of delimiters are exactly the scalar positions the syntax is defined on; only the text between
  /// delimiters is decoded, and only when it must be classified.
  private static func forEachDelimited(
    in bytes: UnsafeBufferPointer<UInt8>,
    _ visit: (Range<Int>) -> Bool
  ) {
    let dollar = UInt8(ascii: "$")
    let open = UInt8(ascii: "{")
    let close = UInt8(ascii: "}")
    let less = UInt8(ascii: "<")
    func text(_ range: Range<Int>) -> String {
      String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
    var index = 0
    // The next '>' from a position, remembered: a search that found the next '>' at f (or none) from s answers
    // for every later start up to f (or every later start). Searching again from each of a thousand unclosed '<'
    // would make the scan quadratic.
    var angleSearch: (from: Int, found: Int?) = (Int.max, nil)
    func nextAngle(from start: Int) -> Int? {
      if start >= angleSearch.from, angleSearch.found.map({ $0 >= start }) ?? true { return angleSearch.found }
      let found = bytes[start...].firstIndex(of: UInt8(ascii: ">"))
      angleSearch = (start, found)
      return found
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == dollar, index + 1 < bytes.count, bytes[index + 1] == open,
        let end = firstIndex(of: close, in: bytes, from: index + 2)
      {
        // The placeholder is its bytes from `$` to `}`, when it is not a policy variable.
        let inner = UnsafeBufferPointer(rebasing: bytes[(index + 2)..<end])
        let isVariable = isASCIIPolicyVariableOrWildcard(inner) ?? isPolicyVariable(text((index + 2)..<end))
        if !isVariable, !visit(index..<(end + 1)) { return }
        index = end + 1
        continue
      }
      if byte == open, index + 1 < bytes.count, bytes[index + 1] == open,
        let end = firstIndex(of: close, in: bytes, from: index + 2)
      {
        // Up to the character after the first '}' (normally the second '}'), whole even when it is not ASCII.
        var last = bytes.count - 1
        if end + 1 < bytes.count { last = end + 1 + sequenceLength(bytes[end + 1]) - 1 }
        if !visit(index..<min(last, bytes.count - 1) + 1) { return }
        index = end + 1
        continue
      }
      if byte == open || byte == less, index == 0 || bytes[index - 1] != dollar {
        let closing = byte == open ? firstIndex(of: close, in: bytes, from: index + 1) : nextAngle(from: index + 1)
        if let end = closing, end > index + 1 {
          if isWordPlaceholder(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])) {
            if !visit(index..<(end + 1)) { return }
            index = end + 1
            continue
          }
        }
      }
      index += 1
    }
  }

  /// The length of the UTF-8 sequence a lead byte starts.
  private static func sequenceLength(_ lead: UInt8) -> Int {
    switch lead {
    case 0xF0...: 4
    case 0xE0...: 3
    case 0xC0...: 2
    default: 1
    }
  }

  /// `<ACCOUNT_ID>` or `{ACCOUNT_ID}`: identifier characters only, at least one of them a letter.
  private static func isWordPlaceholder(_ inner: UnsafeBufferPointer<UInt8>) -> Bool {
    // Stops at the first byte that cannot be in a word (a '<' of the next placeholder, say), so that the text
    // between a '<' and a far '>' is not read to its end once per '<'.
    var hasLetter = false
    for byte in inner {
      if byte >= 0x80 { return isNonASCIIWordPlaceholder(inner) }
      let isPunctuation =
        byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == 0x20
      guard ASCII.isLetter(byte) || ASCII.isDigit(byte) || isPunctuation else { return false }
      if ASCII.isLetter(byte) { hasLetter = true }
    }
    return hasLetter
  }

  /// ``isWordPlaceholder(_:)`` for text with a character beyond ASCII.
  /// Decodes as it goes, and stops at the first scalar that cannot be in a word, as the ASCII test does. Invalid
  /// UTF-8 (a replacement character when decoded) is no word either.
  private static func isNonASCIIWordPlaceholder(_ inner: UnsafeBufferPointer<UInt8>) -> Bool {
    var bytes = inner.makeIterator()
    var decoder = UTF8()
    var hasLetter = false
    while true {
      switch decoder.decode(&bytes) {
      case .scalarValue(let scalar):
        guard isIdentifierScalar(scalar) else { return false }
        if scalar.properties.isAlphabetic { hasLetter = true }
      case .emptyInput: return hasLetter
      case .error: return false
      }
    }
  }

  /// IAM's own variable syntax: `${*}`, `${?}`, `${$}`, or `${prefix:key}` with an optional `, 'default'`.
  public static func isPolicyVariable(_ inner: String) -> Bool {
    if inner == "*" || inner == "?" || inner == "$" { return true }
    var inner = inner
    if let answer = inner.withUTF8(isASCIIPolicyVariable) { return answer }
    let name = inner.split(separator: ",", maxSplits: 1).first.map(String.init) ?? inner
    let parts = name.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
    return parts[0].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
      && !parts[1].contains(" ")
  }

  /// ``isPolicyVariable(_:)`` for ASCII text, on bytes; nil when the text is not ASCII.
  static func isASCIIPolicyVariableOrWildcard(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    if bytes.count == 1, bytes[0] == UInt8(ascii: "*") || bytes[0] == UInt8(ascii: "?") || bytes[0] == UInt8(ascii: "$")
    {
      return true
    }
    return isASCIIPolicyVariable(bytes)
  }

  /// The same test for ASCII text, on bytes (nil when the text is not ASCII): letters, digits and '-' before the one
  /// colon, no space after it, and a default value after a comma ignored.
  private static func isASCIIPolicyVariable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
    // The name is the first run between commas that is not empty (leading commas are skipped, as splitting on
    // commas and taking the first piece does), or the whole text when there is none.
    let start = bytes.firstIndex { $0 != UInt8(ascii: ",") } ?? bytes.count
    var name = bytes[start...]
    if let comma = name.firstIndex(of: UInt8(ascii: ",")) { name = bytes[start..<comma] }
    if name.isEmpty { name = bytes[...] }
    guard let colon = name.firstIndex(of: UInt8(ascii: ":")) else { return false }
    let prefix = name[..<colon]
    let key = name[(colon + 1)...]
    guard !prefix.isEmpty, !key.isEmpty, !key.contains(UInt8(ascii: ":")) else { return false }
    let prefixIsWord = prefix.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "-") }
    return prefixIsWord && !key.contains(UInt8(ascii: " "))
  }

  /// The first `target` at or after `start`; a `{` before the `}` looked for ends the search (no nesting).
  private static func firstIndex(of target: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var index = start
    while index < bytes.count {
      if bytes[index] == target { return index }
      if bytes[index] == UInt8(ascii: "{") && target == UInt8(ascii: "}") { return nil }
      index += 1
    }
    return nil
  }

  private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
      || scalar == "." || scalar == " "
  }
}
