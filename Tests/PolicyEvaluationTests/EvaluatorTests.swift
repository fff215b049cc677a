import PolicyEvaluation
import PolicyModel
import Testing

private func document(_ text: String, kind: PolicyKind = .repository) throws -> PolicyDocument {
  try #require(PolicyParser.parse(Array(text.utf8), kind: kind).document)
}

private func statementPolicy(_ statement: String, version: String = "2012-10-17") -> String {
  #"{"Version": ""# + version + #"", "Statement": ["# + statement + "]}"
}

private let repository = "arn:aws:ecr:us-east-1:111111111111:repository/team/app"

private func lambda(_ account: String = "123456789012", region: String = "us-east-1") -> Request {
  var context = RequestContext()
  context["aws:SourceArn"] = .single("arn:aws:lambda:\(region):\(account):function:my-fn")
  context["aws:SourceAccount"] = .single(account)
  return Request(
    principal: .service("lambda.amazonaws.com"),
    action: "ecr:BatchGetImage",
    resource: repository,
    context: context
  )
}

private func account(_ id: String, action: String = "ecr:BatchGetImage") -> Request {
  Request(principal: .accountRoot(partition: "aws", account: id), action: action, resource: repository)
}

@Suite struct EvaluatorTests {
  @Test func `the trace names the element that decided each statement`() throws {
    let policy = try document(
      statementPolicy(
        #"""
        {"Sid": "Accounts", "Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "ecr:BatchGetImage"},
        {"Sid": "Push", "Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "ecr:PutImage"},
        {"Sid": "Lambda", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
         "Action": "ecr:BatchGetImage",
         "Condition": {"StringLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:210987654321:function:*"}}}
        """#
      )
    )
    let evaluation = Evaluator.evaluate(policy, lambda())
    #expect(evaluation.decision == .implicitDeny)
    #expect(evaluation.statements.map(\.applies) == [.no, .no, .no])
    #expect(evaluation.statements[0].reason.contains("Principal does not name lambda.amazonaws.com"))
    #expect(evaluation.statements[1].reason.contains("Principal does not name"))
    #expect(evaluation.statements[2].reason.contains("StringLike 'aws:SourceArn'"))
    #expect(evaluation.statements[2].reason.contains("matches none of"))
    #expect(evaluation.statements.map(\.sid) == ["Accounts", "Push", "Lambda"])
    let accountEvaluation = Evaluator.evaluate(policy, account("123456789012"))
    #expect(accountEvaluation.decision == .allow)
    #expect(accountEvaluation.allowMatch == .account)
    #expect(accountEvaluation.statements[1].reason == "Action does not include ecr:BatchGetImage")
  }

  @Test func `a placeholder principal makes the decision indeterminate, never allow or deny`() throws {
    let policy = try document(
      statementPolicy(
        #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${var.account_id}:root"}, "Action": "ecr:*"}"#
      )
    )
    let evaluation = Evaluator.evaluate(policy, account("123456789012"))
    #expect(evaluation.decision == .indeterminate)
    #expect(evaluation.isGranted == nil)
    #expect(evaluation.statements[0].applies == .unknown)
  }

  @Test func `an indeterminate Deny with no possible Allow still means not granted`() throws {
    let policy = try document(
      statementPolicy(
        #"{"Effect": "Deny", "Principal": {"AWS": "${AWS::AccountId}"}, "Action": "ecr:*"}"#
      )
    )
    let evaluation = Evaluator.evaluate(policy, account("123456789012"))
    #expect(evaluation.decision == .indeterminate)
    #expect(evaluation.isGranted == false)
  }

  @Test func `an unknown operator is indeterminate when the rest of the statement applies`() throws {
    let policy = try document(
      statementPolicy(
        #"""
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "ecr:BatchGetImage",
         "Condition": {"stringLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:123456789012:function:*"}}}
        """#
      )
    )
    #expect(Evaluator.evaluate(policy, lambda()).decision == .indeterminate)
    // The principal does not match an account, so the unknown operator does not matter.
    #expect(Evaluator.evaluate(policy, account("123456789012")).decision == .implicitDeny)
  }

  @Test func `an unreadable Effect is indeterminate only when the statement would apply`() throws {
    let policy = try document(
      statementPolicy(#"{"Effect": "allow", "Principal": {"AWS": "123456789012"}, "Action": "ecr:*"}"#)
    )
    #expect(Evaluator.evaluate(policy, account("123456789012")).decision == .indeterminate)
    #expect(Evaluator.evaluate(policy, account("999999999999")).decision == .implicitDeny)
  }

  @Test func `a statement without Principal never matches`() throws {
    let policy = try document(statementPolicy(#"{"Effect": "Allow", "Action": "ecr:*"}"#))
    #expect(Evaluator.evaluate(policy, lambda()).decision == .implicitDeny)
    #expect(Evaluator.evaluate(policy, account("123456789012")).decision == .implicitDeny)
  }

  @Test func `an unreadable NotAction is unknown, not "excludes nothing"`() throws {
    let policy = try document(
      statementPolicy(#"{"Effect": "Deny", "Principal": "*", "NotAction": [42]}"#)
    )
    #expect(Evaluator.evaluate(policy, account("123456789012")).decision == .indeterminate)
  }

  @Test func `a Resource naming ARNs needs the request's resource to decide`() throws {
    let policy = try document(
      statementPolicy(
        #"""
        {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "ecr:*",
         "Resource": "arn:aws:ecr:us-east-1:111111111111:repository/team/*"}
        """#
      )
    )
    var request = account("123456789012")
    #expect(Evaluator.evaluate(policy, request).decision == .allow)
    request.resource = nil
    #expect(Evaluator.evaluate(policy, request).decision == .indeterminate)
    request.resource = "arn:aws:ecr:us-east-1:111111111111:repository/other"
    #expect(Evaluator.evaluate(policy, request).decision == .implicitDeny)
  }

  @Test func `NotPrincipal with Deny catches everyone not listed, service principals included`() throws {
    let policy = try document(
      statementPolicy(
        #"""
        {"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
        {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "ecr:*"}
        """#
      )
    )
    #expect(Evaluator.evaluate(policy, account("123456789012")).decision == .allow)
    #expect(Evaluator.evaluate(policy, account("999999999999")).decision == .explicitDeny)
    #expect(Evaluator.evaluate(policy, lambda()).decision == .explicitDeny)
  }

  @Test func `a role principal matches that role's sessions directly, an account principal by delegation`() throws {
    let policy = try document(
      statementPolicy(
        #"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/path/Deployer"}, "Action": "*"}"#
      )
    )
    let session = RequestPrincipal.roleSession(
      partition: "aws",
      account: "123456789012",
      rolePath: "/",
      role: "deployer",
      session: "ci"
    )
    let evaluation = Evaluator.evaluate(policy, Request(principal: session, action: "ecr:BatchGetImage", resource: nil))
    #expect(evaluation.decision == .allow)
    #expect(evaluation.allowMatch == .direct)
    #expect(Evaluator.evaluate(policy, account("123456789012")).decision == .implicitDeny)
  }

  @Test func `variables are literal text in 2008-10-17 policies`() throws {
    let statement = #"""
      {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "ecr:*",
       "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:root"}}}
      """#
    let current = try document(statementPolicy(statement))
    let legacy = try document(statementPolicy(statement, version: "2008-10-17"))
    #expect(Evaluator.evaluate(current, account("123456789012")).decision == .allow)
    #expect(Evaluator.evaluate(legacy, account("123456789012")).decision == .implicitDeny)
  }

  @Test func `a key of unknown presence makes a condition on it indeterminate`() throws {
    let policy = try document(
      statementPolicy(
        #"""
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "ecr:BatchGetImage",
         "Condition": {"StringEquals": {"aws:SourceOrgID": "o-abc123def4"}}}
        """#
      )
    )
    var request = lambda()
    #expect(Evaluator.evaluate(policy, request).decision == .implicitDeny)
    request.context["aws:SourceOrgID"] = .unknown
    #expect(Evaluator.evaluate(policy, request).decision == .indeterminate)
  }
}

@Suite struct RequestTests {
  @Test(arguments: [
    ("anonymous", RequestPrincipal.anonymous),
    ("lambda.amazonaws.com", .service("lambda.amazonaws.com")),
    ("123456789012", .accountRoot(partition: "aws", account: "123456789012")),
    ("arn:aws-cn:iam::123456789012:root", .accountRoot(partition: "aws-cn", account: "123456789012")),
    (
      "arn:aws:iam::123456789012:user/dev/alice",
      .user(partition: "aws", account: "123456789012", path: "/dev/", name: "alice")
    ),
    (
      "arn:aws:iam::123456789012:role/deployer",
      .roleSession(partition: "aws", account: "123456789012", rolePath: "/", role: "deployer", session: "session")
    ),
    (
      "arn:aws:sts::123456789012:assumed-role/deployer/ci",
      .roleSession(partition: "aws", account: "123456789012", rolePath: "/", role: "deployer", session: "ci")
    ),
    (
      "arn:aws:sts::123456789012:federated-user/bob",
      .federatedUser(partition: "aws", account: "123456789012", name: "bob")
    ),
  ])
  func `principals parse from what eval accepts`(text: String, expected: RequestPrincipal) {
    #expect(RequestPrincipal(parsing: text) == expected)
  }

  @Test(arguments: ["bob", "12345", "arn:aws:s3:::bucket", "arn:aws:iam::*:root", ""])
  func `other text is not a principal`(text: String) {
    #expect(RequestPrincipal(parsing: text) == nil)
  }

  @Test func `keys implied by the principal are added, and the request's own keys win`() {
    let role = RequestPrincipal.roleSession(
      partition: "aws",
      account: "123456789012",
      rolePath: "/ci/",
      role: "deployer",
      session: "s"
    )
    var context = RequestContext()
    context["AWS:PrincipalType"] = .single("Custom")
    let request = Request(principal: role, action: "ecr:BatchGetImage", resource: nil, context: context)
    #expect(request.context["aws:principalarn"] == .single("arn:aws:iam::123456789012:role/ci/deployer"))
    #expect(request.context["aws:PrincipalAccount"] == .single("123456789012"))
    #expect(request.context["aws:PrincipalType"] == .single("Custom"))
    #expect(request.context["aws:PrincipalIsAWSService"] == .single("false"))
    #expect(request.context["aws:PrincipalOrgID"] == nil)
    let service = Request(principal: .service("lambda.amazonaws.com"), action: "ecr:BatchGetImage", resource: nil)
    #expect(service.context["aws:PrincipalServiceName"] == .single("lambda.amazonaws.com"))
    #expect(service.context["aws:PrincipalServiceNamesList"] == .multiple(["lambda.amazonaws.com"]))
    #expect(service.context["aws:PrincipalAccount"] == nil)
    #expect(service.context["aws:PrincipalArn"] == nil)
  }

  @Test(arguments: [
    RequestPrincipal.anonymous,
    .accountRoot(partition: "aws", account: "123456789012"),
    .user(partition: "aws-cn", account: "123456789012", path: "/", name: "bob"),
    .roleSession(partition: "aws", account: "123456789012", rolePath: "/ci/", role: "deployer", session: "s"),
    .federatedUser(partition: "aws", account: "123456789012", name: "fed"),
    .service("lambda.amazonaws.com"),
  ])
  func `the implied keys listed without values are the keys implied sets`(principal: RequestPrincipal) {
    let set = RequestContext.implied(by: principal).sortedKeys.map(RequestContext.normalized)
    #expect(set.sorted() == RequestContext.impliedKeys(by: principal).sorted())
  }

  @Test(arguments: ["aws", "aws-cn", "aws-us-gov", "", "pärtition", "a:b"])
  func `an account root's ARN is the interpolated spelling in every partition`(partition: String) {
    for account in ["123456789012", "000000000000", "", "acct-ü", "1234567890123456789"] {
      let principal = RequestPrincipal.accountRoot(partition: partition, account: account)
      #expect(principal.principalARN == "arn:\(partition):iam::\(account):root")
      #expect(principal.callerARN == principal.principalARN)
    }
  }

  @Test func `a prepared request action is the pattern its text makes`() {
    let spellings =
      ECRActions.qualifiedNames + ECRActions.qualifiedNames.map { $0.uppercased() } + [
        "ecr:NoSuchAction", "s3:GetObject", "*", "ecr:*", "ecr:Get*", "ECR:batchgetimage", "ecr:", ":x", "a:b:c", "",
        "ecr:BatchGetİmage", "ecr:{{action}}",
      ]
    for action in spellings {
      #expect(ECRActions.requestPattern(action).pattern == ActionPattern(action), "\(action)")
    }
    #expect(ECRActions.lambdaPullPatterns == ECRActions.lambdaPull.map(ActionPattern.init))
  }

  @Test func `repeating a key makes it multi-valued`() {
    var context = RequestContext()
    context.append("a", for: "aws:CalledVia")
    #expect(context["aws:calledvia"] == .single("a"))
    context.append("b", for: "AWS:CalledVia")
    #expect(context["aws:CalledVia"] == .multiple(["a", "b"]))
  }

  @Test func `appending keeps every value in order and the last spelling of the key`() {
    var context = RequestContext()
    let spellings = ["aws:CalledVia", "AWS:CALLEDVIA", "aws:calledvia"]
    for index in 0..<300 { context.append("v\(index)", for: spellings[index % spellings.count]) }
    #expect(context["aws:CalledVia"] == .multiple((0..<300).map { "v\($0)" }))
    #expect(context.sortedKeys == [spellings[299 % spellings.count]])
    context.append("other", for: "aws:SourceVpc")
    #expect(context["aws:sourcevpc"] == .single("other"))
  }

  @Test func `keys that are canonically equivalent are the same key`() {
    // Composed and decomposed é differ in bytes and length, and are one key, as Swift string equality says.
    var context = RequestContext()
    context["aws:PrincipalTag/caf\u{E9}"] = .single("x")
    #expect(context["aws:PrincipalTag/cafe\u{301}"] == .single("x"))
  }
}

@Suite struct ActionTests {
  @Test(arguments: [
    ("ecr:Get*", 10), ("ecr:Batch*", 5), ("ecr:*Get*", 13), ("ecr:Describe*", 8), ("ecr:List*", 3), ("ecr:Put*", 9),
    ("ecr:*Layer*", 5), ("ecr:*Policy*", 11), ("ecr:*", 60), ("*", 60), ("ECR:batchgetimage", 1), ("s3:*", 0),
  ])
  func `wildcards expand against the table of 60 ECR actions`(pattern: String, count: Int) {
    #expect(ECRActions.expand(pattern).count == count)
  }

  @Test func `a trailing wildcard expands to every action with that prefix, in any case`() {
    let names = ECRActions.expand("ecr:*").map { String($0.dropFirst("ecr:".count)) }
    #expect(names.count == 60)
    for name in names {
      for length in 0...name.count {
        let prefix = String(name.prefix(length))
        let expected = names.filter { $0.lowercased().hasPrefix(prefix.lowercased()) }.map { "ecr:" + $0 }
        #expect(ECRActions.expand("ecr:\(prefix)*") == expected, "ecr:\(prefix)*")
        #expect(ECRActions.expand("ECR:\(prefix.uppercased())*") == expected, "ECR:\(prefix.uppercased())*")
        // The same prefix written with a '?' for its last letter goes through the general glob matcher.
        if length > 0 {
          let globbed = "ecr:\(prefix.dropLast())?*"
          let expectedGlob = names.filter { candidate in
            candidate.count >= length && candidate.lowercased().hasPrefix(String(prefix.dropLast()).lowercased())
          }.map { "ecr:" + $0 }
          #expect(ECRActions.expand(globbed) == expectedGlob, "\(globbed)")
        }
      }
    }
  }

  @Test func `a character that combines with the trailing wildcard is not a prefix`() {
    // U+0600 prepends to the '*' that follows it: the pattern is not `ecr:BatchGet` followed by a wildcard.
    #expect(ECRActions.expand("ecr:BatchGet\u{0600}*").isEmpty)
    #expect(ECRActions.expand("ECR:\u{0600}*").isEmpty)
  }

  @Test func `ecr:*Get* includes PutImageTagMutability because matching ignores case`() {
    #expect(ECRActions.expand("ecr:*Get*").contains("ecr:PutImageTagMutability"))
    #expect(!ECRActions.expand("ecr:Get*").contains("ecr:BatchGetImage"))
  }

  @Test(arguments: [
    ("ecr:BatchGetImage", "ecr:BatchGetImage", true), ("ECR:batchgetimage", "ecr:BatchGetImage", true),
    ("ecr:BatchGet*", "ecr:BatchGetImage", true), ("ecr:Get*", "ecr:BatchGetImage", false),
    ("ecr:?atchGetImage", "ecr:BatchGetImage", true), ("ecr:BatchGetImag", "ecr:BatchGetImage", false),
    ("ecr-public:BatchGetImage", "ecr:BatchGetImage", false), ("*", "s3:GetObject", true),
    ("ecr", "ecr:BatchGetImage", false), ("ecr:Batch:GetImage", "ecr:BatchGetImage", false),
  ])
  func `action matching`(pattern: String, action: String, expected: Bool) {
    #expect(ActionMatcher.matches(pattern: pattern, action: action) == expected)
  }

  @Test func `categories single out what Lambda needs and what it must not get`() {
    #expect(ECRActions.category(of: "ecr:BatchGetImage") == .pull)
    #expect(ECRActions.category(of: "ecr:getdownloadurlforlayer") == .pull)
    #expect(ECRActions.category(of: "ecr:SetRepositoryPolicy") == .policyAdmin)
    #expect(ECRActions.category(of: "ecr:PutImage") == .push)
    #expect(ECRActions.category(of: "ecr:BatchDeleteImage") == .delete)
    #expect(ECRActions.category(of: "ecr:GetAuthorizationToken") == .registry)
    #expect(ECRActions.category(of: "ecr:MadeUpAction") == nil)
    #expect(Set(ECRActions.all.map(\.name)).count == 60)
  }

  /// The set operations the audit asks statements with agree with the same questions asked of the action names.
  @Test func `action sets answer as their names do`() {
    let patterns = ["*", "ecr:*", "ecr:Get*", "ecr:BatchGetImage", "ecr:*Image*", "ecr:Put*", "ecr:?atch*", "s3:*"]
    let pullNames = Set(ECRActions.lambdaPull)
    #expect(ECRActions.names(ECRActions.lambdaPullSet) == ECRActions.qualifiedNames.filter(pullNames.contains))
    for first in patterns {
      for second in patterns {
        let a = ECRActions.positions(matching: first)
        let b = ECRActions.positions(matching: second)
        let namesA = ECRActions.names(a)
        let namesB = Set(ECRActions.names(b))
        #expect(ECRActions.names(a.intersection(b)) == namesA.filter(namesB.contains), "\(first) ∩ \(second)")
        #expect(ECRActions.names(a.subtracting(b)) == namesA.filter { !namesB.contains($0) }, "\(first) − \(second)")
      }
      let set = ECRActions.positions(matching: first)
      #expect(set.isEmpty == ECRActions.names(set).isEmpty, "\(first)")
      #expect(ECRActions.firstName(set) == ECRActions.names(set).first, "\(first)")
    }
    let pushOrDelete = ECRActions.positions { $0 == .push || $0 == .delete }
    #expect(
      ECRActions.names(pushOrDelete)
        == ECRActions.qualifiedNames.filter { [.push, .delete].contains(ECRActions.category(of: $0)) }
    )
    #expect(!pushOrDelete.isEmpty)
  }
}
