import PolicyModel
import TestSupport
import Testing

@Suite struct ARNTests {
  struct FieldsCase: Sendable, CustomTestStringConvertible {
    let text: String
    let fields: [String]?
    var testDescription: String { text }
  }

  @Test(arguments: [
    FieldsCase(
      text: "arn:aws:ecr:us-east-1:111111111111:repository/app",
      fields: ["arn", "aws", "ecr", "us-east-1", "111111111111", "repository/app"]
    ),
    FieldsCase(
      text: "arn:aws:lambda:us-east-1:111111111111:function:pull:live",
      fields: ["arn", "aws", "lambda", "us-east-1", "111111111111", "function:pull:live"]
    ),
    FieldsCase(text: "arn:aws:s3:::bucket", fields: ["arn", "aws", "s3", "", "", "bucket"]),
    FieldsCase(text: "arn:aws:iam::123456789012:root", fields: ["arn", "aws", "iam", "", "123456789012", "root"]),
    FieldsCase(text: "a:b:c:d:e:", fields: ["a", "b", "c", "d", "e", ""]),
    FieldsCase(text: "arn:aws:iam::123456789012", fields: nil),
    FieldsCase(text: "", fields: nil),
  ])
  func fields(_ testCase: FieldsCase) {
    #expect(ARN.fields(of: testCase.text)?.map(String.init) == testCase.fields)
  }

  /// Fields are cut at byte offsets; they must be the pieces of the text between its first five colons, whatever
  /// characters stand next to the colons.
  @Test func fieldsAreThePiecesBetweenTheFirstFiveColons() {
    let characters = Array("::::ab1-*é\u{301}€😀")
    var random = SplitMix64(seed: 0x853C_49E6_748F_EA9B)
    func next() -> Int { random.next(below: 1 << 31) }
    var splitCount = 0
    for _ in 0..<3000 {
      let text = String((0..<(next() % 24)).map { _ in characters[next() % characters.count] })
      var pieces: [[UInt8]] = [[]]
      for byte in text.utf8 {
        if byte == UInt8(ascii: ":"), pieces.count < 6 {
          pieces.append([])
        } else {
          pieces[pieces.count - 1].append(byte)
        }
      }
      let expected = pieces.count == 6 ? pieces.map { String(decoding: $0, as: UTF8.self) } : nil
      if expected != nil { splitCount += 1 }
      #expect(ARN.fields(of: text)?.map(String.init) == expected, "\(text.debugDescription)")
    }
    #expect(splitCount > 300)
  }

  /// The byte-level reading of `init` must agree with the fields: `arn` first, then the five other fields as they are.
  @Test func initAgreesWithTheFields() {
    let alphabet = Array("::::arnARN1-*é\u{301}€😀")
    let tails = PlaceholderTests.randomTexts(over: alphabet, count: 4000, lengths: 0...19, seed: 0x2545_F491_4F6C_DD1D)
    var parsed = 0
    for (round, tail) in tails.enumerated() {
      // Half the texts start like an ARN, so that most of them have a chance to be one.
      let text = round.isMultiple(of: 2) ? "arn:" + tail : tail
      let fields = ARN.fields(of: text)
      let expected: [String]? = fields.flatMap { $0[0] == "arn" ? $0.dropFirst().map(String.init) : nil }
      let arn = ARN(text)
      if arn != nil { parsed += 1 }
      #expect(
        arn.map { [$0.partition, $0.service, $0.region, $0.account, $0.resource] } == expected,
        "\(text.debugDescription)"
      )
    }
    #expect(parsed > 300, "\(parsed) texts read as ARNs")
  }

  /// The in-place tests of a field see the same bytes as the field cut out of the text.
  @Test func fieldTestsReadTheFieldsBytes() {
    let alphabet = Array("::::lambda-1*é\u{301}€😀")
    let texts = PlaceholderTests.randomTexts(over: alphabet, count: 3000, lengths: 0...24, seed: 0x9E37_79B9_7F4A_7C15)
    var matched = 0
    let nearMisses = ["arn:aws:lambdax:r:1:f", "arn:aws:lambd:r:1:f", "arn:aws:xambda:r:1:f", "arn:aws:lambdA:r:1:f"]
    for text in texts + ["arn:aws:lambda:us-east-1:1:function:f"] + nearMisses {
      guard let fields = ARN.fields(of: text) else { continue }
      for position in 0..<6 {
        let field = Array(fields[position].utf8)
        #expect(fields.field(position) { Array($0) == field }, "\(text.debugDescription) field \(position)")
        let isLambda = fields.field(position, is: "lambda")
        #expect(isLambda == (fields[position] == "lambda"), "\(text.debugDescription) field \(position)")
        if isLambda { matched += 1 }
        #expect(
          fields.field(position, satisfies: ARN.isRegion(utf8:)) == ARN.isRegion(String(fields[position])),
          "\(text.debugDescription) field \(position)"
        )
      }
    }
    #expect(matched >= 1)
  }

  @Test func initKeepsColonsInTheResource() throws {
    let arn = try #require(ARN("arn:aws-cn:lambda:cn-north-1:111111111111:function:pull:live"))
    #expect(arn.partition == "aws-cn")
    #expect(arn.service == "lambda")
    #expect(arn.region == "cn-north-1")
    #expect(arn.account == "111111111111")
    #expect(arn.resource == "function:pull:live")
    #expect(arn.description == "arn:aws-cn:lambda:cn-north-1:111111111111:function:pull:live")
  }

  @Test(arguments: ["ARN:aws:iam::123456789012:root", "urn:aws:iam::123456789012:root", "arn:aws:iam", "123456789012"])
  func initRejectsWhatIsNotAnARN(_ text: String) {
    #expect(ARN(text) == nil)
  }

  @Test(arguments: [
    ("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"),
    ("us-gov-east-1", "aws-us-gov"), ("eu-west-1", "aws"), ("us-east-1", "aws"), ("us-iso-east-1", "aws"),
  ])
  func partitionForRegion(_ region: String, _ partition: String) {
    #expect(ARN.partition(forRegion: region) == partition)
    #expect(ARN.knownPartitions.contains(ARN.partition(forRegion: region)))
  }

  @Test(arguments: [
    ("us-east-1", true), ("eu-west-1", true), ("cn-north-1", true), ("us-gov-west-1", true),
    ("us-iso-east-1", true), ("us-isob-east-1", true), ("ap-southeast-4", true), ("il-central-1", true),
    ("us-east", false), ("us-east-1a", false), ("US-EAST-1", false), ("useast1", false), ("us-east-", false),
    ("", false), ("*", false), ("us--1", false), ("usa-east-1", false), ("us-east-1-x-y-2", false),
  ])
  func isRegion(_ text: String, _ expected: Bool) {
    #expect(ARN.isRegion(text) == expected)
  }

  @Test(arguments: [
    ("123456789012", true), ("000000000000", true), ("12345678901", false), ("1234567890123", false),
    ("12345678901a", false), ("", false), ("１２３４５６７８９０１２", false), ("-12345678901", false),
  ])
  func isAccountID(_ text: String, _ expected: Bool) {
    #expect(ARN.isAccountID(text) == expected)
    #expect(ARN.isAccountID(Substring(text)) == expected)
  }
}

@Suite struct AWSPrincipalTests {
  struct PrincipalCase: Sendable, CustomTestStringConvertible {
    let text: String
    let expected: AWSPrincipal
    var testDescription: String { text }
  }

  @Test(arguments: [
    PrincipalCase(text: "*", expected: .everyone),
    PrincipalCase(text: "123456789012", expected: .account(partition: nil, account: "123456789012")),
    PrincipalCase(
      text: "arn:aws:iam::123456789012:root",
      expected: .account(partition: "aws", account: "123456789012")
    ),
    PrincipalCase(
      text: "arn:aws-cn:iam::123456789012:root",
      expected: .account(partition: "aws-cn", account: "123456789012")
    ),
    PrincipalCase(
      text: "arn:aws:iam::123456789012:user/alice",
      expected: .user(partition: "aws", account: "123456789012", path: "/", name: "alice")
    ),
    PrincipalCase(
      text: "arn:aws:iam::123456789012:user/division/team/alice",
      expected: .user(partition: "aws", account: "123456789012", path: "/division/team/", name: "alice")
    ),
    PrincipalCase(
      text: "arn:aws-us-gov:iam::123456789012:role/puller",
      expected: .role(partition: "aws-us-gov", account: "123456789012", path: "/", name: "puller")
    ),
    PrincipalCase(
      text: "arn:aws:iam::123456789012:role/service-role/lambda-exec",
      expected: .role(partition: "aws", account: "123456789012", path: "/service-role/", name: "lambda-exec")
    ),
    PrincipalCase(
      text: "arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com",
      expected: .assumedRole(partition: "aws", account: "123456789012", role: "Admin", session: "alice@example.com")
    ),
    PrincipalCase(
      text: "arn:aws:sts::123456789012:federated-user/bob",
      expected: .federatedUser(partition: "aws", account: "123456789012", name: "bob")
    ),
    PrincipalCase(text: "AROA1234567890EXAMPLE", expected: .uniqueID("AROA1234567890EXAMPLE")),
    PrincipalCase(text: "AIDAJQABLZS4A3QDU576Q", expected: .uniqueID("AIDAJQABLZS4A3QDU576Q")),
    PrincipalCase(text: "arn:aws:iam::123456789012:role/*", expected: .partialWildcard),
    PrincipalCase(text: "arn:aws:iam::*:root", expected: .partialWildcard),
    PrincipalCase(text: "arn:aws:iam::123456789012:user/al?ce", expected: .partialWildcard),
  ])
  func classification(_ testCase: PrincipalCase) {
    #expect(AWSPrincipal(testCase.text) == testCase.expected)
  }

  @Test(arguments: [
    "alice",
    "12345678901",
    "1234567890123",
    "aroa1234567890example",
    "AROA123",
    "arn:aws:s3:::bucket",
    // AWS-managed policy ARNs have the literal account `aws`, e.g. in an `iam:PolicyARN` condition.
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    // A lower-case word in the account field is a mistake in the ARN, evaluated as written.
    "arn:aws:lambda:us-east-1:function:pull",
    "arn:aws-xx:iam::123456789012:root",
    "arn:aws:iam:us-east-1:123456789012:root",
    "arn:aws:iam::12345:root",
    "arn:aws:iam::123456789012:group/developers",
    "arn:aws:iam::123456789012:user/",
    "arn:aws:iam::123456789012:role/path/",
    "arn:aws:sts::123456789012:assumed-role/Admin",
    "arn:aws:sts::123456789012:assumed-role//session",
    "arn:aws:sts::123456789012:federated-user/",
    "arn:aws:lambda::123456789012:function:pull",
  ])
  func invalidPrincipals(_ text: String) {
    guard case .invalid(let reason) = AWSPrincipal(text) else {
      Issue.record("'\(text)' was read as \(AWSPrincipal(text))")
      return
    }
    #expect(!reason.isEmpty)
  }

  @Test func accountIsKnownOnlyForPrincipalsOfOneAccount() {
    #expect(AWSPrincipal("123456789012").account == "123456789012")
    #expect(AWSPrincipal("arn:aws:iam::123456789012:role/x").account == "123456789012")
    #expect(AWSPrincipal("arn:aws:sts::123456789012:assumed-role/x/y").account == "123456789012")
    #expect(AWSPrincipal("arn:aws:sts::123456789012:federated-user/x").account == "123456789012")
    #expect(AWSPrincipal("*").account == nil)
    #expect(AWSPrincipal("AROA1234567890EXAMPLE").account == nil)
    #expect(AWSPrincipal("arn:aws:iam::*:root").account == nil)
    #expect(AWSPrincipal("bad").account == nil)
  }
}

@Suite struct ConditionOperatorTests {
  static let allSpellings: [ConditionOperator] = BaseOperator.allCases.flatMap { base in
    [nil, SetQualifier.forAllValues, .forAnyValue].flatMap { qualifier in
      [false, true].compactMap { ifExists in
        base == .null && ifExists ? nil : ConditionOperator(qualifier: qualifier, base: base, ifExists: ifExists)
      }
    }
  }

  @Test func everyBaseOperatorIsCovered() {
    #expect(Self.allSpellings.count == (BaseOperator.allCases.count * 2 - 1) * 3)
  }

  @Test(arguments: allSpellings)
  func nameRoundTrips(_ conditionOperator: ConditionOperator) throws {
    let name = conditionOperator.description
    let expectedName =
      (conditionOperator.qualifier.map { $0.rawValue + ":" } ?? "") + conditionOperator.base.rawValue
      + (conditionOperator.ifExists ? "IfExists" : "")
    #expect(name == expectedName)
    #expect(try ConditionOperator.parse(name).get() == conditionOperator)
  }

  @Test(arguments: BaseOperator.allCases)
  func wrongCaseIsRejectedWithTheRightSpelling(_ base: BaseOperator) {
    let lower = base.rawValue.prefix(1).lowercased() + base.rawValue.dropFirst()
    guard case .failure(let error) = ConditionOperator.parse(lower) else {
      Issue.record("'\(lower)' was accepted")
      return
    }
    #expect(error.suggestion == base.rawValue)
  }

  struct FailureCase: Sendable, CustomTestStringConvertible {
    let text: String
    let suggestion: String?
    var testDescription: String { text }
  }

  @Test(arguments: [
    FailureCase(text: "NullIfExists", suggestion: "Null"),
    FailureCase(text: "ForAnyValues:StringEquals", suggestion: "ForAnyValue:StringEquals"),
    FailureCase(text: "ForAllValue:StringLike", suggestion: "ForAllValues:StringLike"),
    FailureCase(text: "forallvalues:StringLike", suggestion: "ForAllValues:StringLike"),
    FailureCase(text: "ForAnyValue:ForAllValues:StringEquals", suggestion: nil),
    FailureCase(text: "StringEqualsIgnoreCaseIfExist", suggestion: "StringEqualsIgnoreCaseIfExists"),
    FailureCase(text: "stringequals", suggestion: "StringEquals"),
    FailureCase(text: "IpAdress", suggestion: "IpAddress"),
    FailureCase(text: "IfExists", suggestion: nil),
    FailureCase(text: "Frobnicate", suggestion: nil),
    FailureCase(text: "", suggestion: nil),
  ])
  func invalidNames(_ testCase: FailureCase) {
    guard case .failure(let error) = ConditionOperator.parse(testCase.text) else {
      Issue.record("'\(testCase.text)' was accepted")
      return
    }
    #expect(error.suggestion == testCase.suggestion)
    #expect(!error.message.isEmpty)
  }

  @Test func allNamesListsEveryUnqualifiedSpelling() {
    #expect(ConditionOperator.allNames.count == BaseOperator.allCases.count * 2 - 1)
    #expect(ConditionOperator.allNames.contains("StringLikeIfExists"))
    #expect(ConditionOperator.allNames.contains("Null"))
    #expect(!ConditionOperator.allNames.contains("NullIfExists"))
  }

  @Test func negatedOperatorsHaveAPositiveTwinOfTheSameFamily() {
    for base in BaseOperator.allCases {
      if let twin = base.positiveTwin {
        #expect(base.isNegated)
        #expect(twin.family == base.family)
        #expect(!twin.isNegated)
        #expect(base.rawValue.contains("Not"))
      } else {
        #expect(!base.isNegated)
        #expect(!base.rawValue.contains("Not"))
      }
    }
  }
}

@Suite struct SuggestionTests {
  static let statementElements = [
    "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
  ]

  @Test(
    arguments: [
      ("statement", ["Version", "Id", "Statement"], "Statement"),
      ("STATEMENT", ["Version", "Id", "Statement"], "Statement"),
      ("Statements", ["Version", "Id", "Statement"], "Statement"),
      ("version", ["Version", "Id", "Statement"], "Version"),
      ("Efect", statementElements, "Effect"),
      ("Actions", statementElements, "Action"),
      ("Principle", statementElements, "Principal"),
      ("Resources", statementElements, "Resource"),
      ("Conditions", statementElements, "Condition"),
      ("notaction", statementElements, "NotAction"),
      ("aws", ["AWS", "Service", "Federated", "CanonicalUser"], "AWS"),
      ("Services", ["AWS", "Service", "Federated", "CanonicalUser"], "Service"),
    ] as [(String, [String], String)]
  )
  func closeNamesAreSuggested(_ text: String, _ candidates: [String], _ expected: String) {
    #expect(Suggestion.closest(to: text, among: candidates) == expected)
  }

  @Test(arguments: ["Xyzzy", "Permissions", "Users", "Allow"])
  func distantNamesAreNot(_ text: String) {
    #expect(Suggestion.closest(to: text, among: Self.statementElements) == nil)
  }

  @Test func ignoringCaseBeatsEditDistance() {
    #expect(Suggestion.closest(to: "actio", among: ["Action", "ACTIO"]) == "ACTIO")
  }

  @Test(
    arguments: [
      ("kitten", "sitting", 5, 3), ("", "abc", 5, 3), ("abc", "", 5, 3), ("abc", "abc", 1, 0), ("abc", "abd", 1, 1),
      ("flaw", "lawn", 3, 2), ("abcdef", "ab", 1, 2), ("abcd", "wxyz", 1, 2), ("abcd", "wxyz", 4, 4),
    ] as [(String, String, Int, Int)]
  )
  func editDistance(_ lhs: String, _ rhs: String, _ limit: Int, _ expected: Int) {
    #expect(Suggestion.editDistance(lhs, rhs, limit: limit) == expected)
    #expect(Suggestion.editDistance(rhs, lhs, limit: limit) == expected)
  }
}

@Suite struct PlaceholderTests {
  @Test(
    arguments: [
      ("arn:aws:iam::${var.account_id}:root", ["${var.account_id}"]),
      ("arn:aws:iam::${AWS::AccountId}:root", ["${AWS::AccountId}"]),
      ("${RepositoryArn}", ["${RepositoryArn}"]),
      ("${Repo.Arn}", ["${Repo.Arn}"]),
      ("arn:aws:ecr:${var.region}:${var.account}:repository/x", ["${var.region}", "${var.account}"]),
      ("arn:aws:iam::ACCOUNT-ID:root", ["ACCOUNT-ID"]),
      ("arn:aws:iam::account_id:user/alice", ["account_id"]),
      ("arn:aws:iam::DEV_ACCOUNT_ID:role/x", ["DEV_ACCOUNT_ID"]),
      ("arn:aws:iam::<account-id>:root", ["<account-id>"]),
      ("arn:aws:iam::{ACCOUNT_ID}:root", ["{ACCOUNT_ID}"]),
      ("{{resolve:ssm:x}}", ["{{resolve:ssm:x}}"]),
      ("arn:aws:iam::{{ account }}:root", ["{{ account }}"]),
    ] as [(String, [String])]
  )
  func placeholdersAreFound(_ text: String, _ expected: [String]) {
    #expect(Placeholder.find(in: text) == expected)
  }

  /// The scan works on UTF-8 bytes; the syntax is defined on characters. Text that is not ASCII, next to or inside
  /// the delimiters, must give the same placeholders as reading character by character would.
  @Test(
    arguments: [
      ("{{x}\u{E9}", ["{{x}\u{E9}"]),
      ("{{x}\u{1F600}tail", ["{{x}\u{1F600}"]),
      ("{{x}", ["{{x}"]),
      ("<\u{C4}ccount>", ["<\u{C4}ccount>"]),
      ("{\u{65E5}\u{672C}}", ["{\u{65E5}\u{672C}}"]),
      ("<\u{C4}\u{20AC}>", []),
      ("${\u{FC}n\u{EF}code}", ["${\u{FC}n\u{EF}code}"]),
      ("\u{E9}<ACCOUNT>", ["<ACCOUNT>"]),
      ("$<ACCOUNT>", []),
      ("\u{E9}${aws:username}\u{E9}{ID}", ["{ID}"]),
      ("<123>", []),
      ("<a{b}>", ["{b}"]),
    ] as [(String, [String])]
  )
  func placeholdersNextToOtherCharacters(_ text: String, _ expected: [String]) {
    #expect(Placeholder.find(in: text) == expected)
    #expect(Placeholder.contains(in: text) == !expected.isEmpty)
  }

  /// Random texts over an alphabet, and how many of them to read at which lengths.
  struct DelimiterTexts: Sendable, CustomTestStringConvertible {
    let name: String
    let alphabet: [Character]
    let count: Int
    let lengths: ClosedRange<Int>
    let seed: UInt64
    var testDescription: String { name }
  }

  static let delimiterTexts = [
    // The delimiters, identifier characters and a few characters that are not ASCII, in short texts.
    DelimiterTexts(
      name: "short texts",
      alphabet: [
        "$", "{", "}", "<", ">", "$", "{", "}", "<", ">", "a", "Z", "a", "Z", "0", "_", "-", ".", " ", ":", "*",
        "\u{E9}", "\u{20AC}", "\u{65E5}", "\u{1F600}",
      ],
      count: 4000,
      lengths: 2...17,
      seed: 0x9E37_79B9_7F4A_7C15
    ),
    // Long texts where many '<' and '{' wait for one closer: the scan remembers where the next '>' is, and stops
    // reading a would-be word at its first impossible character.
    DelimiterTexts(
      name: "runs of unclosed delimiters",
      alphabet: [
        "<", "<", "<", "<", ">", "{", "}", "$", "A", "Z", "_", "-", " ", "\u{E9}", "\u{20AC}", "\u{1F600}", "*",
      ],
      count: 1500,
      lengths: 20...120,
      seed: 0x2545_F491_4F6C_DD1D
    ),
  ]

  @Test(arguments: delimiterTexts)
  func delimitedPlaceholdersAgreeWithACharacterScan(_ texts: DelimiterTexts) {
    var found = 0
    for text in Self.randomTexts(over: texts.alphabet, count: texts.count, lengths: texts.lengths, seed: texts.seed) {
      let expected = Self.delimitedByCharacters(text)
      if !expected.isEmpty { found += 1 }
      // `find` falls back to a word in an ARN's account field only when nothing delimited is found; these texts
      // are never ARNs.
      #expect(Placeholder.find(in: text) == expected, "\(text.debugDescription)")
    }
    #expect(found > 200, "\(found) texts with placeholders")
  }

  @Test func wordAccountFieldsAgreeWithAReadingOfTheFields() {
    // ARN-like texts: the account field of some holds a word, of others digits, wildcards or a placeholder.
    let alphabet: [Character] = [
      ":", ":", ":", "a", "A", "C", "T", "c", "t", "0", "1", "-", "_", "*", "{", "}", "<", ">", "$", "\u{E9}",
      "\u{C9}", "\u{301}",
    ]
    var words = 0
    let pieces = Self.randomTexts(over: alphabet, count: 24000, lengths: 0...5, seed: 0x5851_F42D_4C95_7F2D)
    for index in stride(from: 0, to: pieces.count, by: 4) {
      // Mostly five fields, as ARNs have, with the random colons adding or splitting some.
      let text =
        "arn:aws:" + pieces[index] + ":" + pieces[index + 1] + ":" + pieces[index + 2] + ":" + pieces[index + 3]
      let delimited = Self.delimitedByCharacters(text)
      let expected = delimited.isEmpty ? Self.accountWordByFields(text).map { [$0] } ?? [] : delimited
      if delimited.isEmpty, !expected.isEmpty { words += 1 }
      #expect(Placeholder.find(in: text) == expected, "\(text.debugDescription)")
      #expect(Placeholder.contains(in: text) == !expected.isEmpty, "\(text.debugDescription)")
    }
    #expect(words > 100, "\(words) texts with a word for an account")
  }

  /// The account field read as the fifth of the colon-separated fields (colons are bytes, whatever follows them),
  /// taken for a placeholder when it is a word that says "account" or is written in capitals.
  private static func accountWordByFields(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    let colons = bytes.indices.filter { bytes[$0] == UInt8(ascii: ":") }
    guard bytes.starts(with: Array("arn:".utf8)), colons.count >= 5 else { return nil }
    let account = String(decoding: bytes[(colons[3] + 1)..<colons[4]], as: UTF8.self)
    guard account.contains(where: \.isLetter),
      account.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    else { return nil }
    let lowered = account.lowercased()
    let saysAccount = lowered.contains("account") || lowered.contains("acct")
    return saysAccount || account.allSatisfy({ !$0.isLetter || $0.isUppercase }) ? account : nil
  }

  @Test func policyVariableTestAgreesWithACharacterReading() {
    let alphabet: [Character] = [
      "a", "Z", "0", "-", ":", ":", ",", ",", " ", "'", "/", "*", "_", ".", "\u{E9}", "\u{2160}", "\u{BD}",
    ]
    var variables = 0
    for inner in Self.randomTexts(over: alphabet, count: 4000, lengths: 1...8, seed: 0x2545_F491_4F6C_DD1D) {
      let expected = Self.isPolicyVariableByCharacters(inner)
      if expected { variables += 1 }
      #expect(Placeholder.isPolicyVariable(inner) == expected, "\(inner.debugDescription)")
    }
    #expect(variables > 100, "\(variables) policy variables")
  }

  /// `count` texts drawn from `alphabet` with a fixed-seed generator (the same texts on every run).
  static func randomTexts(
    over alphabet: [Character],
    count: Int,
    lengths: ClosedRange<Int>,
    seed: UInt64
  ) -> [String] {
    var random = SplitMix64(seed: seed)
    func next() -> UInt64 { random.next() }
    return (0..<count).map { _ in
      let length = lengths.lowerBound + Int(next() % UInt64(lengths.count))
      return String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
    }
  }

  /// IAM's variable syntax as specified, on characters: `*`, `?`, `$`, or `prefix:key` (letters, digits and '-' in
  /// the prefix, no space in the key), with anything after the first comma being a default value.
  private static func isPolicyVariableByCharacters(_ inner: String) -> Bool {
    if inner == "*" || inner == "?" || inner == "$" { return true }
    let name = inner.split(separator: ",", maxSplits: 1).first.map(String.init) ?? inner
    let parts = name.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
    return parts[0].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } && !parts[1].contains(" ")
  }

  /// The placeholder syntax read one Unicode scalar at a time, as it is specified.
  private static func delimitedByCharacters(_ text: String) -> [String] {
    let scalars = Array(text.unicodeScalars)
    func string(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
    func firstIndex(of target: Unicode.Scalar, from start: Int) -> Int? {
      var index = start
      while index < scalars.count {
        if scalars[index] == target { return index }
        if scalars[index] == "{" && target == "}" { return nil }
        index += 1
      }
      return nil
    }
    func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
      scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
        || scalar == "." || scalar == " "
    }
    var found: [String] = []
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "{",
        let close = firstIndex(of: "}", from: index + 2)
      {
        let inner = string(scalars[(index + 2)..<close])
        if !Placeholder.isPolicyVariable(inner) { found.append("${" + inner + "}") }
        index = close + 1
        continue
      }
      if scalar == "{", index + 1 < scalars.count, scalars[index + 1] == "{",
        let close = firstIndex(of: "}", from: index + 2)
      {
        found.append(string(scalars[index...min(close + 1, scalars.count - 1)]))
        index = close + 1
        continue
      }
      if scalar == "{" || scalar == "<", index == 0 || scalars[index - 1] != "$" {
        let closer: Unicode.Scalar = scalar == "{" ? "}" : ">"
        if let close = firstIndex(of: closer, from: index + 1), close > index + 1 {
          let inner = scalars[(index + 1)..<close]
          if inner.allSatisfy(isIdentifier) && inner.contains(where: { $0.properties.isAlphabetic }) {
            found.append(string(scalars[index...close]))
            index = close + 1
            continue
          }
        }
      }
      index += 1
    }
    return found
  }

  @Test(arguments: [
    "${aws:PrincipalAccount}",
    "arn:aws:s3:::bucket/${aws:username}/*",
    "arn:aws:ecr:us-east-1:111111111111:repository/${*}",
    "${?}",
    "${$}",
    "${aws:username, 'nobody'}",
    "${aws:PrincipalTag/team}",
    "arn:aws:iam::123456789012:root",
    "arn:aws:iam::*:root",
    "arn:aws:s3:::bucket",
    // AWS-managed policy ARNs have the literal account `aws`, e.g. in an `iam:PolicyARN` condition.
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    // A lower-case word in the account field is a mistake in the ARN, evaluated as written.
    "arn:aws:lambda:us-east-1:function:pull",
    "lambda.amazonaws.com",
    "ecr:BatchGetImage",
    "*",
    "",
    "a { b",
    "x < y",
  ])
  func nonPlaceholdersAreNotFound(_ text: String) {
    #expect(Placeholder.find(in: text).isEmpty)
  }

  @Test(arguments: ["*", "?", "$", "aws:username", "aws:PrincipalTag/team", "s3:prefix, 'home'", "AWS:CurrentTime"])
  func policyVariables(_ inner: String) {
    #expect(Placeholder.isPolicyVariable(inner))
  }

  @Test(arguments: ["var.account_id", "AWS::AccountId", "RepoArn", ":x", "aws:", "a:b:c"])
  func notPolicyVariables(_ inner: String) {
    #expect(!Placeholder.isPolicyVariable(inner))
  }
}
