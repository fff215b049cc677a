import PolicyEvaluation
import Testing

@Suite struct PolicyVariablesTests {
  /// A request context with case-insensitive key lookup, as the evaluator provides it.
  private static let context = [
    "aws:sourceaccount": "123456789012",
    "aws:principaltag/team": "pay*",
    "aws:principaltag/dept": "payments",
    "aws:username": "alice",
  ]

  private static func lookup(_ name: String) -> String? {
    context[name.lowercased()]
  }

  @Test(
    "tokenizing with variables",
    arguments: [
      ("", []),
      ("abc", [.literal("abc")]),
      ("a*b?c", [.literal("a"), .wildcardAny, .literal("b"), .wildcardOne, .literal("c")]),
      ("**", [.wildcardAny, .wildcardAny]),
      // Escapes are literal characters, merged with the text around them (V124, V126, V127).
      ("pay${*}", [.literal("pay*")]),
      ("pa${?}ments", [.literal("pa?ments")]),
      ("cost${$}", [.literal("cost$")]),
      ("${*}*", [.literal("*"), .wildcardAny]),
      ("$${*}", [.literal("$*")]),
      // References, with and without a default (V128).
      ("${aws:username}", [.variable(name: "aws:username", defaultValue: nil)]),
      (
        "home/${AWS:UserName}/*",
        [.literal("home/"), .variable(name: "AWS:UserName", defaultValue: nil), .literal("/"), .wildcardAny]
      ),
      ("${aws:PrincipalTag/dept, 'payments'}", [.variable(name: "aws:PrincipalTag/dept", defaultValue: "payments")]),
      ("${aws:x, ''}", [.variable(name: "aws:x", defaultValue: "")]),
      ("${aws:x, 'a b*${'}", [.variable(name: "aws:x", defaultValue: "a b*${")]),
      (
        "${aws:a}${aws:b}",
        [.variable(name: "aws:a", defaultValue: nil), .variable(name: "aws:b", defaultValue: nil)]
      ),
      (
        "${aws:PrincipalTag/cost-center:x@y.z=+_}",
        [.variable(name: "aws:PrincipalTag/cost-center:x@y.z=+_", defaultValue: nil)]
      ),
      // `$` without `{` is ordinary.
      ("function:f:$LATEST", [.literal("function:f:$LATEST")]),
      ("$", [.literal("$")]),
      ("a$", [.literal("a$")]),
      ("$*", [.literal("$"), .wildcardAny]),
      // Unterminated: plain text from `${` on, wildcards included.
      ("${", [.literal("${")]),
      ("x${aws:username", [.literal("x${aws:username")]),
      ("x${*", [.literal("x${"), .wildcardAny]),
      // Malformed: the `${...}` is plain text, as with variables off.
      ("${aws:x,'d'}", [.literal("${aws:x,'d'}")]),
      ("${aws:x,  'd'}", [.literal("${aws:x,  'd'}")]),
      ("${aws:x, d}", [.literal("${aws:x, d}")]),
      ("${aws:x, 'd}", [.literal("${aws:x, 'd}")]),
      ("${aws:x, 'it's'}", [.literal("${aws:x, 'it's'}")]),
      ("${aws:x, 'a}b'}", [.literal("${aws:x, 'a}b'}")]),
      ("${ aws:x}", [.literal("${ aws:x}")]),
      ("${aws:x }", [.literal("${aws:x }")]),
      ("${aws:PrincipalTag/cost center}", [.literal("${aws:PrincipalTag/cost center}")]),
      ("${}", [.literal("${}")]),
      ("${**}", [.literal("${"), .wildcardAny, .wildcardAny, .literal("}")]),
      ("${aws:*}", [.literal("${aws:"), .wildcardAny, .literal("}")]),
      ("${var.account_id}", [.literal("${var.account_id}")]),
      ("${AWS::AccountId}", [.literal("${AWS::AccountId}")]),
      (":${aws:}", [.literal(":${aws:}")]),
      ("${:x}", [.literal("${:x}")]),
      ("${foo ${aws:username}}", [.literal("${foo ${aws:username}}")]),
      ("${${*}}", [.literal("${${"), .wildcardAny, .literal("}}")]),
    ] as [(String, [ValuePiece])]
  )
  func tokenizing(text: String, pieces: [ValuePiece]) {
    #expect(TokenizedPolicyValue(text, interpretsVariables: true).pieces == pieces)
  }

  @Test(
    "without variables, `${...}` is plain text",
    arguments: [
      ("${aws:username}/*", [.literal("${aws:username}/"), .wildcardAny]),
      ("pay${*}", [.literal("pay${"), .wildcardAny, .literal("}")]),
      ("a?", [.literal("a"), .wildcardOne]),
    ] as [(String, [ValuePiece])]
  )
  func variablesOff(text: String, pieces: [ValuePiece]) {
    let value = TokenizedPolicyValue(text, interpretsVariables: false)
    #expect(value.pieces == pieces)
    #expect(value.malformedVariables.isEmpty)
  }

  @Test(
    "malformed references are listed as written",
    arguments: [
      ("a${aws:x,'d'}b${aws:ok}c", ["${aws:x,'d'}"]),
      ("${foo ${aws:username}}", ["${foo ${aws:username}"]),
      ("x${aws:username", ["${aws:username"]),
      ("${*}${?}${$}${aws:x}$", []),
    ]
  )
  func malformedList(text: String, malformed: [String]) {
    #expect(TokenizedPolicyValue(text, interpretsVariables: true).malformedVariables == malformed)
  }

  @Test("variable names in order")
  func variableNames() {
    let value = TokenizedPolicyValue("${aws:a}-${aws:b, 'x'}-${*}", interpretsVariables: true)
    #expect(value.variableNames == ["aws:a", "aws:b"])
  }

  @Test(
    "plain text for Equals operators",
    arguments: [
      ("cost${$}", "cost$"),
      ("a*b?", "a*b?"),
      ("pay${*}", "pay*"),
      ("arn:aws:iam::${aws:SourceAccount}:role/deployer", "arn:aws:iam::123456789012:role/deployer"),
      ("${aws:PrincipalTag/missing, 'payments'}", "payments"),
      ("${aws:PrincipalTag/dept, 'other'}", "payments"),
      ("${AWS:USERNAME}", "alice"),
    ]
  )
  func resolvedText(text: String, expected: String) {
    #expect(TokenizedPolicyValue(text, interpretsVariables: true).text(resolving: Self.lookup) == expected)
  }

  @Test("an absent key without a default leaves the value unresolved (V129)")
  func unresolved() {
    let value = TokenizedPolicyValue("team-${aws:PrincipalTag/missing}", interpretsVariables: true)
    #expect(value.text(resolving: Self.lookup) == nil)
    #expect(value.globTokens(wildcards: true, resolving: Self.lookup) == nil)
  }

  @Test("glob tokens: policy wildcards stay wildcards, substituted text is literal")
  func globTokens() throws {
    // `${aws:PrincipalTag/team}` is `pay*`; its asterisk is literal.
    let tagged = try #require(
      TokenizedPolicyValue("${aws:PrincipalTag/team}", interpretsVariables: true)
        .globTokens(wildcards: true, resolving: Self.lookup)
    )
    #expect(Glob.matches(tokens: tagged, text: "pay*", caseSensitive: true))
    #expect(!Glob.matches(tokens: tagged, text: "payments", caseSensitive: true))

    let withWildcard = try #require(
      TokenizedPolicyValue("${aws:username}-*", interpretsVariables: true)
        .globTokens(wildcards: true, resolving: Self.lookup)
    )
    #expect(withWildcard == Glob.tokens(of: "alice-") + [.anyString])

    let noWildcards = TokenizedPolicyValue("a*?", interpretsVariables: true).globTokens(wildcards: false) { _ in nil }
    #expect(noWildcards == [.literal("a"), .literal("*"), .literal("?")])

    let defaulted = TokenizedPolicyValue("${aws:none, '*'}", interpretsVariables: true)
      .globTokens(wildcards: true) { _ in nil }
    #expect(defaulted == [.literal("*")])
  }

  @Test("ArnLike with a variable in the account field is substituted before splitting (V74)")
  func arnLikeWithVariable() throws {
    let value = TokenizedPolicyValue(
      "arn:aws:lambda:us-east-1:${aws:SourceAccount}:function:*",
      interpretsVariables: true
    )
    let tokens = try #require(value.globTokens(wildcards: true, resolving: Self.lookup))
    #expect(ARNMatcher.conditionMatches(pattern: tokens, value: "arn:aws:lambda:us-east-1:123456789012:function:f"))
    #expect(!ARNMatcher.conditionMatches(pattern: tokens, value: "arn:aws:lambda:us-east-1:999999999999:function:f"))
  }

  @Test(
    "resource entries interpret variables only after the fifth colon",
    arguments: [
      (
        "arn:aws:ecr:us-east-1:111111111111:repository/${aws:PrincipalTag/dept}/*",
        [
          .literal("arn:aws:ecr:us-east-1:111111111111:repository/"),
          .variable(name: "aws:PrincipalTag/dept", defaultValue: nil), .literal("/"), .wildcardAny,
        ]
      ),
      (
        "arn:aws:ecr:us-east-1:${aws:SourceAccount}:repository/x",
        [.literal("arn:aws:ecr:us-east-1:${aws:SourceAccount}:repository/x")]
      ),
      ("arn:aws:ecr:*:${*}", [.literal("arn:aws:ecr:"), .wildcardAny, .literal(":${"), .wildcardAny, .literal("}")]),
      ("arn:aws:ecr:*:1:${*}", [.literal("arn:aws:ecr:"), .wildcardAny, .literal(":1:*")]),
      ("*", [.wildcardAny]),
      ("${aws:username}", [.literal("${aws:username}")]),
    ] as [(String, [ValuePiece])]
  )
  func resourcePieces(text: String, pieces: [ValuePiece]) {
    #expect(TokenizedPolicyValue.resource(text, interpretsVariables: true).pieces == pieces)
  }

  @Test("resource entries without variable support are plain text")
  func resourceVariablesOff() {
    let value = TokenizedPolicyValue.resource("arn:aws:ecr:r:a:repository/${aws:username}", interpretsVariables: false)
    #expect(value.pieces == [.literal("arn:aws:ecr:r:a:repository/${aws:username}")])
  }

  @Test("a resource with a variable matches once resolved, and nothing when unresolved (V132, V133)")
  func resourceMatching() {
    let value = TokenizedPolicyValue.resource(
      "arn:aws:ecr:us-east-1:111111111111:repository/${aws:PrincipalTag/team}/*",
      interpretsVariables: true
    )
    let resource = "arn:aws:ecr:us-east-1:111111111111:repository/team/app"
    let resolved = value.globTokens(wildcards: true) { $0.lowercased() == "aws:principaltag/team" ? "team" : nil }
    #expect(resolved.map { ARNMatcher.resourceMatches(pattern: $0, resource: resource) } == true)
    #expect(value.globTokens(wildcards: true) { _ in nil } == nil)
  }
}
