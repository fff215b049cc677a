import PolicySyntax
import TestSupport
import Testing

@testable import PolicyModel

/// The model builder answers common cases from bytes (plain tape literals, words read eight bytes at a time); each
/// test compares such an answer with the general one, over random ASCII and non-ASCII inputs.
@Suite struct ModelFastPathTests {
  /// Bytes either side of the searched ones and their high-bit twins, where a word-at-a-time test could misfire.
  private static let searchAlphabet: [UInt8] = [
    UInt8(ascii: "{"), UInt8(ascii: "<"), UInt8(ascii: "z"), UInt8(ascii: "|"), UInt8(ascii: ";"), UInt8(ascii: "="),
    UInt8(ascii: "a"), 0x00, 0x01, 0x7F, 0x80, 0xFB, 0xBC, 0xFF,
  ]

  @Test func searchForEitherByteMatchesAScan() {
    var random = SplitMix64(seed: 0x5EA7C4)
    for _ in 0..<20_000 {
      let count = random.next(below: 40)
      // Mostly bytes that are neither, so that a match is often in one word and often in the tail, or absent.
      let bytes = (0..<count + 8).map { _ in
        random.next(below: 8) == 0 ? random.pick(Self.searchAlphabet) : UInt8(ascii: "a") + UInt8(random.next(below: 3))
      }
      let offset = random.next(below: 8)
      let window = bytes[offset..<offset + count]
      let expected = window.contains { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "<") }
      let found = bytes.withUnsafeBufferPointer { buffer in
        ASCII.contains(
          UnsafeBufferPointer(rebasing: buffer[offset..<offset + count]),
          either: UInt8(ascii: "{"),
          or: UInt8(ascii: "<")
        )
      }
      #expect(found == expected, "\(Array(window))")
    }
  }

  /// The words Effect and principal types are matched against, near misses, and spellings that are not plain
  /// (non-ASCII, canonically equivalent to ASCII, or escaped by `jsonLiteral`).
  private static let words = [
    "Allow", "Deny", "allow", "DENY", "Allo", "Allowe", "Denyy", "Deni", "AWS", "Service", "Federated", "CanonicalUser",
    "aws", "AWs", "Servic", "Services", "federated", "CanonicalUsers", "CanonicalUseR", "", "A", "Allöw", "AW\u{212A}",
    "\u{212A}", "Deny\u{301}", "Servicé", "Service\u{301}",
  ]

  @Test func effectAndPrincipalTypeMatchTheirDecodedText() throws {
    var random = SplitMix64(seed: 0xEFFEC7)
    for _ in 0..<2_000 {
      let effect = random.pick(Self.words)
      let type = random.pick(Self.words)
      let text = """
        {"Version": "2012-10-17", "Statement": {"Effect": \(random.jsonLiteral(effect)), \
        "Principal": {\(random.jsonLiteral(type)): "123456789012"}, "Action": "ecr:*"}}
        """
      let statement = try #require(Parsed(text).result.document?.statements.first)
      #expect(statement.effect?.value == Effect(rawValue: effect), "\(text)")
      #expect(statement.principal?.entries.first?.type == PrincipalType(rawValue: type), "\(text)")
    }
  }

  /// Pieces of action entries: the `ecr` service in several cases and spellings, colons, wildcards, and characters
  /// whose lower-casing is not ASCII's.
  private static let actionPieces = [
    "ecr", "ECR", "Ecr", "ecR", "ec", "ecrr", "ecr\u{301}", "\u{212A}ms", ":", ":", "*", "?", "Get", "image", "İ", "ß",
    "{", "<", "arn", "é", "",
  ]

  @Test func actionPatternMatchesSplittingAndLowerCasingTheText() {
    var random = SplitMix64(seed: 0xAC7104)
    for _ in 0..<5_000 {
      let text = (0..<random.next(below: 5)).map { _ in random.pick(Self.actionPieces) }.joined()
      let pattern = ActionPattern(text)
      let parts = text.split(separator: ":", omittingEmptySubsequences: false)
      let service = parts.count == 2 ? parts[0].lowercased() : ""
      let name = parts.count == 2 ? parts[1].lowercased() : ""
      #expect(pattern.isAll == (text == "*"), "\(text)")
      #expect(Array(pattern.service.utf8) == Array(service.utf8), "\(text)")
      #expect(Array(pattern.name.utf8) == Array(name.utf8), "\(text)")
      #expect(pattern.isMalformed == (parts.count == 2 ? service.isEmpty || name.isEmpty : text != "*"), "\(text)")
      #expect(pattern.hasWildcard == (name.contains("*") || name.contains("?")), "\(text)")
      #expect(pattern.hasPlaceholder == !Placeholder.find(in: text).isEmpty, "\(text)")
    }
  }

  /// Near misses of an action name: one byte dropped, added or replaced by a wildcard or a letter outside ASCII (the
  /// Kelvin sign lower-cases to an ASCII 'k').
  private static let nameEdits = ["", "s", "k", "*", "?", "é", "\u{212A}", "İ", "\u{301}"]

  /// The names ``ActionPattern`` hands back as literals, and others of the same lengths.
  private static let actionNames = [
    "putimage", "listimages", "batchgetimage", "describeimages", "uploadlayerpart", "deleterepository",
    "completelayerupload", "getrepositorypolicy", "initiatelayerupload", "setrepositorypolicy",
    "describerepositories", "deleterepositorypolicy", "getdownloadurlforlayer", "batchchecklayeravailability",
    "tagimage", "getimages", "batchgetimages", "createrepository", "getlifecyclepolicypreview", "getregistrypolicy",
  ]

  @Test func wellKnownActionNamesMatchLowerCasingTheText() {
    var random = SplitMix64(seed: 0xC0_4A4E)
    for known in Self.actionNames {
      for _ in 0..<60 {
        // Each letter in either case, then sometimes one edit at a random place.
        var name = String(known.map { random.next(below: 2) == 0 ? $0 : Character($0.uppercased()) })
        if random.next(below: 2) == 0 {
          let position = name.index(name.startIndex, offsetBy: random.next(below: name.count))
          let replaced = random.next(below: 2) == 0 ? position..<name.index(after: position) : position..<position
          name.replaceSubrange(replaced, with: random.pick(Self.nameEdits))
        }
        let pattern = ActionPattern("ecr:" + name)
        #expect(Array(pattern.name.utf8) == Array(name.lowercased().utf8), "\(name)")
      }
    }
  }

  /// The texts the model hands back as literals with their prepared patterns or as they are, and near misses of
  /// each: one byte dropped, added or changed in case, or a letter outside ASCII.
  private static func commonTextVariants(_ texts: [String], _ random: inout SplitMix64) -> [String] {
    var variants: [String] = []
    for text in texts {
      variants.append(text)
      for _ in 0..<40 {
        var variant = text
        let position = variant.index(variant.startIndex, offsetBy: random.next(below: variant.count + 1))
        let after = position == variant.endIndex ? position : variant.index(after: position)
        switch random.next(below: 4) {
        case 0: variant.replaceSubrange(position..<after, with: "")
        case 1: variant.insert(contentsOf: random.pick(Self.nameEdits), at: position)
        case 2: variant.replaceSubrange(position..<after, with: variant[position..<after].uppercased())
        default: variant.replaceSubrange(position..<after, with: variant[position..<after].lowercased())
        }
        variants.append(variant)
      }
    }
    return variants
  }

  @Test func commonActionPatternsMatchPreparingTheText() {
    var random = SplitMix64(seed: 0xC0_33_0A)
    let texts =
      ActionPattern.common.map(\.text) + ["ecr:PutImages", "ecr:GetImage", "ecr:", "ecr:**", "", "ecr:putImage"]
    var found = 0
    for text in Self.commonTextVariants(texts, &random) {
      let common = ActionPattern.common(spelledAs: text)
      if let common {
        found += 1
        #expect(Array(common.text.utf8) == Array(text.utf8), "\(text)")
      }
      // Every field, the text's bytes included, is the one preparing the text gives.
      let pattern = common ?? ActionPattern(text)
      let prepared = ActionPattern(text)
      #expect(pattern == prepared && Array(pattern.text.utf8) == Array(prepared.text.utf8), "\(text)")
      #expect(Array(pattern.name.utf8) == Array(prepared.name.utf8), "\(text)")
    }
    #expect(found >= ActionPattern.common.count)
  }

  @Test func commonServicePrincipalsAreTheirBytes() {
    var random = SplitMix64(seed: 0x5E_4B1C)
    let texts = ["lambda.amazonaws.com", "codebuild.amazonaws.com", "lambda.amazonaws.com.cn", "ecs.amazonaws.com"]
    var found = 0
    for text in Self.commonTextVariants(texts, &random) {
      let common = Array(text.utf8).withUnsafeBufferPointer(PrincipalEntry.commonService(spelledBy:))
      if let common {
        found += 1
        #expect(Array(common.utf8) == Array(text.utf8), "\(text)")
      }
      #expect(common == nil || ["lambda.amazonaws.com", "codebuild.amazonaws.com"].contains(text), "\(text)")
    }
    #expect(found >= 2)
  }

  @Test func commonConditionKeysMatchReadingTheText() {
    var random = SplitMix64(seed: 0xC0_4D_17)
    let texts =
      ConditionClause.commonKeys.map(\.key) + ["aws:SourceArn", "aws:sourceAccount", "aws:PrincipalOrgIDs", "aws:"]
    var found = 0
    for text in Self.commonTextVariants(texts, &random) {
      let common = Array(text.utf8).withUnsafeBufferPointer(ConditionClause.commonKey(spelledBy:))
      if let common {
        found += 1
        #expect(Array(common.key.utf8) == Array(text.utf8), "\(text)")
        #expect(common.normalized == ASCII.lowercased(text), "\(text)")
      }
    }
    #expect(found >= ConditionClause.commonKeys.count)
  }

  /// A condition key written as a common one reads the same key, and the same lower-cased key, plainly and escaped.
  @Test func commonConditionKeysReadTheSameWrittenEitherWay() throws {
    func policy(_ key: String) -> String {
      #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "#
        + #""Condition": {"StringEquals": {"\#(key)": "o-abc"}}}]}"#
    }
    for key in ConditionClause.commonKeys.map(\.key) + ["aws:SourceAccounts"] {
      let plain = try #require(PolicyParser.parse(Array(policy(key).utf8)).document)
      let escaped = try #require(
        PolicyParser.parse(Array(policy(key.split(separator: ":").joined(separator: #"\u003a"#)).utf8)).document
      )
      for document in [plain, escaped] {
        let clause = try #require(document.statements.first?.condition?.clauses.first)
        #expect(clause.key.value == key)
        #expect(clause.normalizedKey == ASCII.lowercased(key))
      }
    }
  }

  /// A policy whose actions and service principal are the common ones, written plainly and escaped, reads the
  /// same texts either way.
  @Test func commonTextsReadTheSameWrittenEitherWay() throws {
    func policy(_ action: String, _ service: String) -> String {
      #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "\#(service)"}, "#
        + #""Action": ["\#(action)", "ecr:GetDownloadUrlForLayer"]}]}"#
    }
    let plain = try #require(
      PolicyParser.parse(Array(policy("ecr:BatchGetImage", "lambda.amazonaws.com").utf8)).document
    )
    let escaped = try #require(
      PolicyParser.parse(Array(policy(#"ecr:BatchGetImage"#, #"lambda.amazonaws.com"#).utf8)).document
    )
    for document in [plain, escaped] {
      let statement = try #require(document.statements.first)
      #expect(statement.action?.entries.map(\.value) == ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
      #expect(
        statement.action?.patterns == ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"].map(ActionPattern.init)
      )
      #expect(statement.principal?.entries.map(\.value) == ["lambda.amazonaws.com"])
    }
  }

  @Test func asciiWordAccountMatchesTheCharacterTest() {
    var random = SplitMix64(seed: 0xACC0_0A7)
    let pieces = [
      "account", "ACCOUNT", "AcCoUnT", "acct", "ACCT", "accoun", "id", "ID", "Dev", "-", "_", "1", "0", "x", "X", " ",
      ".", "*", "?", "a", "z", "A", "Z", "@", "[", "`", "{", "\t",
    ]
    var words = 0
    for _ in 0..<20_000 {
      let text = (0..<random.next(below: 5)).map { _ in random.pick(pieces) }.joined()
      let fast = Array(text.utf8).withUnsafeBufferPointer { Placeholder.isASCIIWordAccount($0) }
      #expect(fast == Placeholder.isWordAccount(text[...]), "\(text)")
      if fast == true { words += 1 }
    }
    #expect(words > 1_000)
    for text in ["ACCOUNT\u{301}", "Accöunt", "\u{212A}"] {
      #expect(Array(text.utf8).withUnsafeBufferPointer { Placeholder.isASCIIWordAccount($0) } == nil)
    }
  }

  @Test func policyVariableTestOnBytesMatchesTheStringTest() {
    var random = SplitMix64(seed: 0x7A_21AB)
    let pieces = [
      "*", "?", "$", "aws", ":", "username", "var.account_id", ",", " ", "'x'", "-", "1", "é", "AWS::", "{",
    ]
    var variables = 0
    for _ in 0..<20_000 {
      let inner = (0..<random.next(below: 5)).map { _ in random.pick(pieces) }.joined()
      let onBytes = Array(inner.utf8).withUnsafeBufferPointer { Placeholder.isASCIIPolicyVariableOrWildcard($0) }
      #expect(onBytes == (inner.utf8.allSatisfy { $0 < 0x80 } ? Placeholder.isPolicyVariable(inner) : nil), "\(inner)")
      if onBytes == true { variables += 1 }
    }
    #expect(variables > 500)
  }

  /// ``Suggestion/closest(to:among:)`` as it was written before ASCII texts took their own path: every text
  /// lower-cased by `lowercased()` and compared as arrays of scalars.
  private static func closestByScalars(to text: String, among candidates: [String]) -> String? {
    let lowered = text.lowercased()
    let loweredCandidates = candidates.map { $0.lowercased() }
    if let exact = loweredCandidates.firstIndex(of: lowered) { return candidates[exact] }
    let limit = max(1, min(3, lowered.count / 4))
    var best: (String, Int)?
    for (candidate, loweredCandidate) in zip(candidates, loweredCandidates) {
      guard abs(loweredCandidate.utf8.count - lowered.utf8.count) <= 4 * limit else { continue }
      let distance = Suggestion.editDistance(lowered, loweredCandidate, limit: limit)
      if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best?.0
  }

  @Test func suggestionsMatchComparingScalars() {
    var random = SplitMix64(seed: 0x5_0661)
    let names = ["BatchGetImage", "GetDownloadUrlForLayer", "PutImage", "ListImages", "Allow", "Deny", "StringLike"]
    let edits = ["", "s", "X", "e", "é", "\u{212A}", "İ", "\u{301}", "ss", "ß"]
    for _ in 0..<3_000 {
      var text = random.pick(names)
      for _ in 0..<random.next(below: 4) {
        let position = text.index(text.startIndex, offsetBy: random.next(below: text.count + 1))
        let after = position == text.endIndex ? position : text.index(after: position)
        text.replaceSubrange(position..<after, with: random.pick(edits))
      }
      let candidates = names + (random.next(below: 2) == 0 ? ["Bätch", "STRASSE", "straße"] : [])
      #expect(
        Suggestion.closest(to: text, among: candidates) == Self.closestByScalars(to: text, among: candidates),
        "\(text)"
      )
    }
  }

  @Test func placeholderTestMatchesFindingThem() {
    var random = SplitMix64(seed: 0x91_AC3)
    let pieces = [
      "${", "}", "{{", "<", ">", "{", "$", "ACCOUNT_ID", "x", "aws:username", "*", "arn:aws:iam::", ":", "root", "é",
      " ", "-",
    ]
    var holding = 0
    for _ in 0..<5_000 {
      let text = (0..<random.next(below: 7)).map { _ in random.pick(pieces) }.joined()
      let contains = Placeholder.contains(in: text)
      #expect(contains == !Placeholder.find(in: text).isEmpty, "\(text)")
      if contains { holding += 1 }
    }
    #expect(holding > 100)
  }

  @Test func quotingMatchesWalkingTheScalars() {
    var random = SplitMix64(seed: 0xD15_9A7)
    let pieces = [
      "arn:aws:iam::123456789012:root", "a", "Z", "'", " ", "~", "\u{7F}", "\n", "\r\n", "\t", "\u{1}", "é", "😀",
    ]
    for _ in 0..<5_000 {
      let text = (0..<random.next(below: 8)).map { _ in random.pick(pieces) }.joined()
      let limit = random.pick([1, 10, 60, 100])
      #expect(Display.quoted(text, limit: limit) == Display.quotedWalkingScalars(text, limit: limit), "\(text)")
    }
  }

  /// The fields an AWS principal's ARN is made of, each valid one first, then wrong ones: each principal below joins
  /// one of each.
  private static let principalFields: [[String]] = [
    ["arn", "Arn", "arn\u{301}"],
    ["aws", "aws-cn", "aws-us-gov", "aws-iso", "AWS", "", "aw\u{301}s", "aws\u{301}"],
    ["iam", "sts", "IAM", "s3", "", "ia\u{301}m", "iam\u{301}", "st\u{212A}"],
    ["", "us-east-1", "\u{301}"],
    ["123456789012", "12345678901", "", "1234567890123", "12345678901\u{663}", "ACCOUNT", "12345678901\u{301}"],
    [
      "root", "ROOT", "root\u{301}", "user/alice", "user/path/to/alice", "user/", "user/\u{301}x", "role/ci",
      "role/a/b/ci", "role/a/", "assumed-role/ci/session", "assumed-role/ci/", "assumed-role//s", "federated-user/bob",
      "federated-user/", "group/x", "a:b:c", "",
    ],
  ]

  @Test func awsPrincipalMatchesReadingItsARN() {
    var random = SplitMix64(seed: 0xA3_5A12)
    for _ in 0..<5_000 {
      // Each field is the valid one half of the time, so that every resource is often read after valid fields.
      var fields = Self.principalFields.map { random.next(below: 2) == 0 ? $0[0] : random.pick($0) }
      // Sometimes a field too few, so that the text is no ARN at all.
      if random.next(below: 8) == 0 { fields.remove(at: random.next(below: fields.count)) }
      let text = fields.joined(separator: ":")
      #expect(Array("\(AWSPrincipal(text))".utf8) == Array("\(Self.principal(readingARNOf: text))".utf8), "\(text)")
    }
  }

  /// What ``AWSPrincipal`` says of a text, with an ARN read the straightforward way: the whole ``ARN`` first, then
  /// its fields compared as Strings.
  private static func principal(readingARNOf text: String) -> AWSPrincipal {
    guard let arn = ARN(text) else { return AWSPrincipal(text) }
    guard ARN.knownPartitions.contains(arn.partition) else {
      return .invalid("'\(text)' names the unknown partition '\(arn.partition)'")
    }
    guard arn.region.isEmpty else { return .invalid("\(Display.quoted(text)) must have an empty Region field") }
    guard ARN.isAccountID(arn.account) else {
      return .invalid("\(Display.quoted(text)) must have a 12-digit account ID, not '\(arn.account)'")
    }
    switch arn.service {
    case "iam":
      if arn.resource == "root" { return .account(partition: arn.partition, account: arn.account) }
      for (type, isUser) in [("user/", true), ("role/", false)] where arn.resource.hasPrefix(type) {
        let rest = arn.resource.dropFirst(type.count)
        let lastSlash = rest.lastIndex(of: "/")
        let path = lastSlash.map { "/" + rest[..<$0] + "/" } ?? "/"
        let name = String(lastSlash.map { rest[rest.index(after: $0)...] } ?? rest)
        guard !name.isEmpty else { continue }
        return isUser
          ? .user(partition: arn.partition, account: arn.account, path: path, name: name)
          : .role(partition: arn.partition, account: arn.account, path: path, name: name)
      }
      return .invalid("'\(text)' is not an IAM root, user or role ARN")
    case "sts":
      let parts = arn.resource.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      if parts.count == 3, parts[0] == "assumed-role", !parts[1].isEmpty, !parts[2].isEmpty {
        return .assumedRole(partition: arn.partition, account: arn.account, role: parts[1], session: parts[2])
      }
      if parts.count == 2, parts[0] == "federated-user", !parts[1].isEmpty {
        return .federatedUser(partition: arn.partition, account: arn.account, name: parts[1])
      }
      return .invalid("'\(text)' is not an STS assumed-role or federated-user ARN")
    default:
      return .invalid("'\(text)' is a '\(arn.service)' ARN; AWS principals are IAM or STS ARNs")
    }
  }

  /// Every valid operator name, spelled from its parts.
  private static let operatorsByName: [String: ConditionOperator] = {
    var operators: [String: ConditionOperator] = [:]
    for qualifier in [nil, SetQualifier.forAllValues, .forAnyValue] {
      for base in BaseOperator.allCases {
        for ifExists in [false, true] where !(base == .null && ifExists) {
          let name = (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
          operators[name] = ConditionOperator(qualifier: qualifier, base: base, ifExists: ifExists)
        }
      }
    }
    return operators
  }()

  @Test func conditionOperatorsMatchLookingUpTheirNames() {
    var random = SplitMix64(seed: 0x0BE2_A702)
    for name in Self.operatorsByName.keys.sorted() {
      for _ in 0..<20 {
        var text = name
        // Sometimes one edit at a random place: a letter in the other case, or a near miss.
        if random.next(below: 2) == 0 {
          let position = text.index(text.startIndex, offsetBy: random.next(below: text.count))
          let replaced = position..<text.index(after: position)
          let edit = random.next(below: 2) == 0 ? String(text[replaced]).lowercased() : random.pick(Self.nameEdits)
          text.replaceSubrange(random.next(below: 2) == 0 ? replaced : position..<position, with: edit)
        }
        let parsed = try? ConditionOperator.parse(text).get()
        #expect(parsed == Self.operatorsByName[text], "\(text)")
      }
    }
  }
}
