import PolicyEvaluation
import Testing

@Suite struct ARNMatcherTests {
  private static let lambdaFunction = "arn:aws:lambda:us-east-1:123456789012:function:my-fn"
  private static let repository = "arn:aws:ecr:us-east-1:111111111111:repository/team/app"

  @Test(
    "ArnLike/ArnEquals compare six fields, each a case-sensitive glob",
    arguments: [
      ("arn:aws:lambda:us-east-1:123456789012:function:*", lambdaFunction, true),
      ("arn:aws:lambda:*:*:function:my-fn", lambdaFunction, true),
      ("arn:aws:lambda:us-east-?:123456789012:function:my-fn", lambdaFunction, true),
      ("arn:aws:lambda:us-east-1:123456789012:function:my-fn", lambdaFunction, true),
      ("arn:aws:lambda:us-east-1:210987654321:function:*", lambdaFunction, false),
      ("arn:*:*:*:*:*", lambdaFunction, true),
      // Case-sensitive in every field.
      ("arn:aws:Lambda:us-east-1:123456789012:function:*", lambdaFunction, false),
      ("ARN:aws:lambda:us-east-1:123456789012:function:*", lambdaFunction, false),
      ("arn:aws:lambda:us-east-1:123456789012:function:My-fn", lambdaFunction, false),
      // `*` cannot cross a field boundary: AWS's own StringLike-versus-ArnLike example (spec §3.8).
      (
        "arn:aws:someservice:*:111122223333:finance/*",
        "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", false
      ),
      ("arn:aws:lambda:*:function:my-fn", lambdaFunction, false),
      // The resource field keeps its colons, and `*` crosses them there.
      ("arn:aws:lambda:us-east-1:123456789012:function:my-fn:*", lambdaFunction + ":$LATEST", true),
      ("arn:aws:lambda:us-east-1:123456789012:function:*", lambdaFunction + ":$LATEST", true),
      ("arn:aws:lambda:us-east-1:123456789012:function:my-fn", lambdaFunction + ":1", false),
      // Empty fields are fields; `*` matches them, `?` does not.
      ("arn:aws:s3:::bucket", "arn:aws:s3:::bucket", true),
      ("arn:aws:s3:*:*:bucket", "arn:aws:s3:::bucket", true),
      ("arn:aws:s3:?::bucket", "arn:aws:s3:::bucket", false),
      // Fewer than six fields on either side: not an ARN, never matches (P24).
      ("*", lambdaFunction, false),
      ("arn:*", lambdaFunction, false),
      ("arn:aws:lambda:us-east-1:*", lambdaFunction, false),
      ("arn:aws:lambda:us-east-1:123456789012:function:*", "function:my-fn", false),
      ("*", "*", false),
      ("", "", false),
    ]
  )
  func condition(pattern: String, value: String, expected: Bool) {
    #expect(ARNMatcher.conditionMatches(pattern: pattern, value: value) == expected)
  }

  @Test("ArnLike tokens: substituted text is literal, and its colons separate fields")
  func conditionTokens() {
    let prefix = Glob.tokens(of: "arn:aws:lambda:us-east-1:")
    let suffix = Glob.tokens(of: ":function:*")
    let literalStar = prefix + [.literal("*")] + suffix
    #expect(!ARNMatcher.conditionMatches(pattern: literalStar, value: Self.lambdaFunction))
    #expect(ARNMatcher.conditionMatches(pattern: literalStar, value: "arn:aws:lambda:us-east-1:*:function:x"))
    // A whole ARN substituted for `${aws:SourceArn}` is split after substitution (spec §3.8 step 1).
    let substituted = Self.lambdaFunction.unicodeScalars.map(GlobToken.literal)
    #expect(ARNMatcher.conditionMatches(pattern: substituted, value: Self.lambdaFunction))
  }

  @Test(
    "resource entries: fields 1-5 ignore case, the resource field does not",
    arguments: [
      ("*", repository, true),
      ("*", "not-an-arn", true),
      ("**", repository, true),
      (repository, repository, true),
      ("arn:aws:ecr:*:*:repository/team/*", repository, true),
      ("arn:aws:ecr:*:*:repository/team/*", repository + "/nested/deeper", true),
      ("arn:aws:ecr:us-east-1:111111111111:repository/team", repository, false),
      ("arn:aws:ecr:us-east-1:111111111111:repository/*", repository, true),
      ("arn:aws:ecr:us-east-1:111111111111:*", repository, true),
      ("arn:aws:ecr:us-east-1:111111111111:repository/team/ap?", repository, true),
      ("arn:aws:ecr:us-east-1:999999999999:repository/team/app", repository, false),
      ("arn:aws:ecr:us-west-2:111111111111:repository/team/app", repository, false),
      ("ARN:AWS:ECR:US-EAST-1:111111111111:repository/team/app", repository, true),
      ("arn:aws:ecr:us-east-1:111111111111:repository/Team/app", repository, false),
      ("arn:aws:ecr:us-east-1:111111111111:Repository/team/app", repository, false),
      // `*` stays inside its field.
      ("arn:aws:*:repository/team/app", repository, false),
      // Fewer than six fields: nothing, unless a wildcard pads the missing fields with `*`.
      ("arn:aws:ecr:*", repository, true),
      ("arn:aws:ecr:us-east-?", repository, true),
      ("arn:aws:ecr", repository, false),
      ("arn:aws:ecr:us-east-1:111111111111", repository, false),
      ("arn:aws:s3:*", repository, false),
      ("arn:aws:*", repository, true),
      ("", repository, false),
      // A resource that is not an ARN is covered only by `*`.
      ("arn:aws:ecr:*", "not-an-arn", false),
      ("arn:*:*:*:*:*", "a:b:c:d:e", false),
    ]
  )
  func resource(pattern: String, resource: String, expected: Bool) {
    #expect(ARNMatcher.resourceMatches(pattern: pattern, resource: resource) == expected)
  }

  @Test("resource tokens: a literal asterisk is not `*`")
  func resourceTokens() {
    #expect(!ARNMatcher.resourceMatches(pattern: [.literal("*")], resource: Self.repository))
    #expect(ARNMatcher.resourceMatches(pattern: [.anyString, .anyString], resource: Self.repository))
    let literalName = Glob.tokens(of: "arn:aws:ecr:us-east-1:111111111111:repository/") + [.literal("*")]
    #expect(!ARNMatcher.resourceMatches(pattern: literalName, resource: Self.repository))
    #expect(
      ARNMatcher.resourceMatches(pattern: literalName, resource: "arn:aws:ecr:us-east-1:111111111111:repository/*")
    )
  }
}
