import Foundation
import PolicyCommand
import PolicySyntax
import TestSupport
import Testing

// MARK: - Helpers

private let ownerAccount = "111111111111"
private let consumerAccount = "123456789012"
private let secondConsumer = "210987654321"

/// The intent the goldens use: `--owner 111111111111 --region us-east-1 --consumer 123456789012`.
private let intentArguments = ["--owner", ownerAccount, "--region", "us-east-1", "--consumer", consumerAccount]

/// The rules that answer "who can do what": each finding of theirs carries the request the evaluator decided.
private let accessRules: Set<String> = [
  "public-access", "lambda-without-source", "missing-account-pull", "missing-lambda-pull", "unexpected-account",
]

/// The audit's own rule IDs (a public contract).
private let auditRuleIDs = [
  "access-not-analysed", "public-access", "lambda-without-source", "broad-source-arn", "lambda-source-arn-mismatch",
  "execution-role-grant", "lambda-managed-statement", "unexpected-account", "missing-account-pull",
  "missing-lambda-pull", "excess-actions", "allow-with-not-principal", "not-principal-without-account",
  "wildcard-without-like",
  "ineffective-condition", "resource-element", "unknown-action",
]

/// The validation rule IDs `audit` can also report.
private let validationRuleIDs = [
  "invalid-json", "byte-order-mark", "duplicate-key", "unknown-element", "missing-element", "invalid-value",
  "conflicting-elements", "empty-value", "duplicate-sid", "sid-format", "invalid-version", "missing-version",
  "unknown-operator", "policy-too-large", "stale-principal", "unresolved-placeholder",
]

/// The path of an example policy in `Policies/`.
private func policyPath(_ name: String) -> String {
  Fixtures.policiesDirectory.appendingPathComponent(name).path
}

private let policiesPath = Fixtures.policiesDirectory.path

/// `ecr-policy audit ARGUMENTS`.
private func audit(_ arguments: [String], stdin: [UInt8] = []) -> CommandResult {
  runTool(["audit"] + arguments, stdin: stdin)
}

/// `ecr-policy audit --format json ARGUMENTS`, with the report parsed.
private func auditJSON(_ arguments: [String], stdin: [UInt8] = []) throws -> (result: CommandResult, report: JSONReport)
{
  let result = audit(["--format", "json"] + arguments, stdin: stdin)
  return (result, try JSONReport(result.stdout))
}

/// `path` percent-encoded as the SARIF reporter writes URIs.
private func uriEncoded(_ path: String) -> String {
  var out = ""
  for byte in path.utf8 {
    let scalar = Unicode.Scalar(byte)
    if ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
      || "-._~/".unicodeScalars.contains(scalar)
    {
      out.unicodeScalars.append(scalar)
    } else {
      out += String(format: "%%%02X", byte)
    }
  }
  return out
}

/// `text` escaped as a GitHub workflow-command property.
private func githubProperty(_ text: String) -> String {
  text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
    .replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: ":", with: "%3A")
    .replacingOccurrences(of: ",", with: "%2C")
}

/// Output with the package root removed from every path, in each of the spellings the formats use, so goldens hold
/// paths relative to the package.
private func relativized(_ text: String) -> String {
  let root = Fixtures.packageRoot.path + "/"
  return text.replacingOccurrences(of: "file://" + uriEncoded(root), with: "")
    .replacingOccurrences(of: githubProperty(root), with: "")
    .replacingOccurrences(of: root, with: "")
}

/// The file object of `report` whose path ends with `/name`.
private func file(_ report: JSONReport, named name: String) -> JSONValue? {
  report.files.first { $0.at("path")?.string?.hasSuffix("/" + name) == true }
}

private func findings(of file: JSONValue?) -> [JSONValue] {
  file?.at("findings")?.elements ?? []
}

private func rules(of file: JSONValue?) -> [String] {
  findings(of: file).compactMap { $0.at("rule")?.string }
}

extension JSONValue {
  fileprivate var boolean: Bool? {
    if case .bool(let flag) = kind { return flag }
    return nil
  }

  fileprivate var isNull: Bool {
    if case .null = kind { return true }
    return false
  }
}

/// `(account, inferred, accountCanPull, lambdaCanPull)` of every consumer of a file; nil marks JSON null.
private struct Consumer: Equatable, CustomStringConvertible {
  let account: String
  let inferred: Bool?
  let accountCanPull: Bool?
  let lambdaCanPull: Bool?

  var description: String {
    "\(account) inferred=\(String(describing: inferred)) "
      + "account=\(String(describing: accountCanPull)) lambda=\(String(describing: lambdaCanPull))"
  }
}

private func consumers(of file: JSONValue?) -> [Consumer] {
  (file?.at("consumers")?.elements ?? []).map { consumer in
    Consumer(
      account: consumer.at("account")?.string ?? "?",
      inferred: consumer.at("inferred")?.boolean,
      accountCanPull: consumer.at("accountCanPull")?.boolean,
      lambdaCanPull: consumer.at("lambdaCanPull")?.boolean
    )
  }
}

/// The value of condition key `key` in a witness's context.
private func contextValue(_ witness: JSONValue?, _ key: String) -> String? {
  witness?.at("context", key)?.string
}

/// Lines of `text`, split on LF scalars only, so a stray CR (or a CR LF pair) is never taken for a line break.
private func scalarLines(_ text: String) -> [String] {
  text.unicodeScalars.split(separator: "\n").map { String(String.UnicodeScalarView($0)) }
}

/// The lines of the access tables in text output: every line from a `  public:` line to the next blank line.
private func accessTableLines(_ text: String) -> [String] {
  var lines: [String] = []
  var inTable = false
  for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
    if line.hasPrefix("  public: ") { inTable = true }
    if line.isEmpty { inTable = false }
    if inTable { lines.append(line) }
  }
  return lines
}

/// A policy whose Lambda statement admits only `orders-*` functions of 123456789012.
private let namedFunctionsPolicy = """
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Sid": "CrossAccountPermission",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      },
      {
        "Sid": "LambdaPull",
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        "Condition": {"StringLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:123456789012:function:orders-*"}}
      }
    ]
  }
  """

/// An unscoped Lambda statement whose Sid is `sid` (escaped as JSON by the caller).
private func unscopedLambdaPolicy(sid: String) -> String {
  """
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Sid": "\(sid)",
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      }
    ]
  }
  """
}

// MARK: - SARIF schema validation support

private let sarifSchema = Fixtures.sharedRoot.appendingPathComponent("schemas/sarif-schema-2.1.0.json")

/// Runs `python3 ARGUMENTS` with stdout and stderr merged; nil when python3 cannot be started.
private func runPython(_ arguments: [String]) -> (status: Int32, output: String)? {
  guard FileManager.default.isExecutableFile(atPath: "/usr/bin/env") else { return nil }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3"] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  do {
    try process.run()
  } catch {
    return nil
  }
  // Read before waiting: a long error message must not fill the pipe and block the child.
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// True when the schema is present and python3 can import jsonschema.
private let canValidateSARIF: Bool =
  Fixtures.exists(sarifSchema) && runPython(["-c", "import json, jsonschema"])?.status == 0

// MARK: - Goldens

@Suite struct AuditCommandTests {
  @Test(arguments: [("text", "txt"), ("json", "json"), ("sarif", "sarif"), ("github", "github.txt")])
  func `golden output over Policies for every format, with and without intent`(format: String, ext: String) throws {
    for (intent, suffix) in [([String](), ""), (intentArguments, "-intent")] {
      let result = audit(["--format", format] + intent + [policiesPath])
      #expect(result.exitCode == 1, "\(format)\(suffix): Policies holds errors")
      let output = relativized(result.stdout)
      #expect(!output.contains(Fixtures.packageRoot.path), "\(format)\(suffix): an absolute path is left")
      #expect(!output.isEmpty)
      try expectGolden(output, "audit/Policies\(suffix).\(ext)")
    }
  }

  @Test func `text output prints one summary for the whole directory on stderr`() throws {
    let count = try Fixtures.policyNames().count
    let result = audit([policiesPath])
    #expect(result.exitCode == 1)
    let summaries = result.stderr.split(separator: "\n").filter { $0.contains("files checked") }
    #expect(summaries == ["\(count) files checked: 6 errors, 7 warnings, 2 notes in 12 files"])
    #expect(result.stderr.contains("note: verdicts cover this policy only"))
    #expect(!result.stdout.contains("files checked"))
  }

  // MARK: - Text

  @Test func `text prints validation findings exactly as validate does`() {
    for name in [
      "invalid-trailing-comma.json", "invalid-effect-and-operator-case.json", "invalid-duplicate-action.json",
    ] {
      let audited = audit([policyPath(name)])
      let validated = runTool(["validate", policyPath(name)])
      #expect(audited.exitCode == 1, "\(name)")
      #expect(!audited.stdout.isEmpty, "\(name)")
      #expect(audited.stdout == validated.stdout, "\(name)")
    }
  }

  @Test func `text prints a witness under each access finding`() {
    let result = audit([policyPath("public-source-account-ifexists.json")])
    let lines = result.stdout.split(separator: "\n").map(String.init)
    let header = lines.firstIndex { $0.hasSuffix("[public-access]") }
    #expect(header.map { lines[$0].contains("public-source-account-ifexists.json:7:20: error: ") } == true)
    let witness = lines.first { $0.hasPrefix("  witness: ") }
    #expect(
      witness?.hasSuffix("ecr:BatchGetImage with aws:SecureTransport=true aws:ViaAWSService=false → allow") == true
    )
  }

  @Test func `text access table for a declared consumer with both halves`() {
    let path = policyPath("cross-account-lambda.json")
    let result = audit(["--consumer", consumerAccount, "--region", "us-east-1", path])
    #expect(result.exitCode == 0)
    let expected = """

      \(path)
        public: no
        consumer        account pull  lambda pull (us-east-1)
        123456789012    yes           yes

      """
    #expect(result.stdout == expected)
  }

  @Test func `text access table marks inferred consumers, an assumed Region and a public policy`() {
    let result = audit([policyPath("missing-lambda-statement.json"), policyPath("public-source-account-ifexists.json")])
    let tables = accessTableLines(result.stdout)
    #expect(
      tables == [
        "  public: no",
        "  consumer        account pull  lambda pull (us-east-1, assumed)",
        "  123456789012    yes           no            inferred",
        "  public: yes",
      ]
    )
  }

  @Test(arguments: [[String](), intentArguments])
  func `text access table lines fit in 80 columns over Policies`(intent: [String]) {
    let result = audit(intent + [policiesPath])
    let lines = accessTableLines(result.stdout)
    #expect(lines.count > 10)
    for line in lines {
      #expect(line.count <= 80, "\(line.count) columns: \(line)")
    }
  }

  @Test func `text access table lines fit in 80 columns when Lambda is limited to named functions`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let policy = directory.appendingPathComponent("named-functions.json")
    try write(namedFunctionsPolicy, to: policy)
    // The JSON report says what the table should convey: a pull limited to the policy's patterns.
    let (_, report) = try auditJSON([policy.path])
    #expect(
      consumers(of: report.files.first) == [
        Consumer(account: consumerAccount, inferred: true, accountCanPull: true, lambdaCanPull: true)
      ]
    )
    let limited = report.files.first?.at("consumers", 0, "lambdaLimitedTo")?.elements?.compactMap(\.string)
    #expect(limited == ["arn:aws:lambda:us-east-1:123456789012:function:orders-*"])
    for intent in [[], ["--consumer", consumerAccount]] {
      let lines = accessTableLines(audit(intent + [policy.path]).stdout)
      #expect(lines.contains { $0.contains("named functions only") })
      for line in lines {
        #expect(line.count <= 80, "\(line.count) columns: \(line)")
      }
    }
  }

  // MARK: - JSON

  @Test(arguments: [[String](), intentArguments])
  func `json gives every file public, consumers and grants, and every access finding a witness`(
    intent: [String]
  ) throws {
    let (_, report) = try auditJSON(intent + [policiesPath])
    #expect(report.root.at("version")?.integer == 1)
    #expect(report.root.at("assumptions", 0)?.string?.isEmpty == false)
    #expect(report.files.count == (try Fixtures.policyNames().count))
    var witnesses = 0
    for file in report.files {
      let path = file.at("path")?.string ?? "?"
      let isPublic = file.at("public")
      #expect(isPublic?.boolean != nil || isPublic?.isNull == true, "\(path): public must be true, false or null")
      #expect(file.at("consumers")?.elements != nil, "\(path)")
      #expect(file.at("grants")?.elements != nil, "\(path)")
      for consumer in file.at("consumers")?.elements ?? [] {
        #expect(consumer.at("account")?.string?.count == 12, "\(path)")
        #expect(consumer.at("inferred")?.boolean == intent.isEmpty, "\(path)")
        for key in ["accountCanPull", "lambdaCanPull"] {
          #expect(consumer.at(key)?.boolean != nil || consumer.at(key)?.isNull == true, "\(path) \(key)")
        }
      }
      for finding in findings(of: file) {
        let rule = finding.at("rule")?.string ?? "?"
        let witness = finding.at("witness")
        guard accessRules.contains(rule) else { continue }
        witnesses += 1
        #expect(witness?.at("principal")?.string?.isEmpty == false, "\(path) \(rule)")
        #expect(witness?.at("action")?.string?.hasPrefix("ecr:") == true, "\(path) \(rule)")
        #expect(witness?.at("context")?.members != nil, "\(path) \(rule)")
        let decision = witness?.at("decision")?.string
        #expect(["allow", "explicit-deny", "implicit-deny"].contains(decision), "\(path) \(rule)")
        // A missing pull is proved by a refused request, an over-broad grant by an allowed one.
        #expect((decision == "allow") == !rule.hasPrefix("missing-"), "\(path) \(rule): \(decision ?? "nil")")
      }
    }
    #expect(witnesses >= 5)
  }

  @Test func `json public is null without a model and grants summarize each statement`() throws {
    let (_, report) = try auditJSON([
      policyPath("invalid-trailing-comma.json"), policyPath("cross-account-lambda.json"),
    ])
    let broken = file(report, named: "invalid-trailing-comma.json")
    #expect(broken?.at("public")?.isNull == true)
    #expect(broken?.at("consumers")?.elements?.isEmpty == true)
    #expect(broken?.at("grants")?.elements?.isEmpty == true)
    let pair = file(report, named: "cross-account-lambda.json")
    #expect(pair?.at("public")?.boolean == false)
    let grants = pair?.at("grants")?.elements ?? []
    #expect(grants.count == 2)
    #expect(
      grants.compactMap { $0.at("sid")?.string } == [
        "CrossAccountPermission", "LambdaECRImageCrossAccountRetrievalPolicy",
      ]
    )
    #expect(grants.allSatisfy { $0.at("effect")?.string == "Allow" })
    #expect(grants.first?.at("principals", 0)?.string?.contains("arn:aws:iam::123456789012:root") == true)
    #expect(grants.last?.at("principals", 0)?.string?.contains("lambda.amazonaws.com") == true)
    for grant in grants {
      let actions = grant.at("actions")?.elements?.compactMap(\.string)
      #expect(actions == ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
    }
    let condition = grants.last?.at("conditions", 0)?.string
    #expect(condition?.contains("arn:aws:lambda:us-east-1:123456789012:function:*") == true)
  }

  @Test func `acceptance: the cross-account pair passes for its declared consumer`() throws {
    let arguments = ["--consumer", consumerAccount, "--region", "us-east-1", policyPath("cross-account-lambda.json")]
    let (result, report) = try auditJSON(arguments)
    #expect(result.exitCode == 0)
    #expect(findings(of: report.files.first).isEmpty)
    #expect(report.files.first?.at("public")?.boolean == false)
    #expect(
      consumers(of: report.files.first) == [
        Consumer(account: consumerAccount, inferred: false, accountCanPull: true, lambdaCanPull: true)
      ]
    )
    #expect(audit(["--fail-on", "note"] + arguments).exitCode == 0)
  }

  @Test
  func `acceptance: a missing Lambda statement is an error for a declared consumer, a warning for an inferred one`()
    throws
  {
    let path = policyPath("missing-lambda-statement.json")
    let (declared, declaredReport) = try auditJSON(["--consumer", consumerAccount, path])
    #expect(declared.exitCode == 1)
    let declaredFindings = findings(of: declaredReport.files.first)
    #expect(declaredFindings.compactMap { $0.at("rule")?.string } == ["missing-lambda-pull"])
    #expect(declaredFindings.first?.at("severity")?.string == "error")
    #expect(
      consumers(of: declaredReport.files.first) == [
        Consumer(account: consumerAccount, inferred: false, accountCanPull: true, lambdaCanPull: false)
      ]
    )

    let (inferred, inferredReport) = try auditJSON([path])
    #expect(inferred.exitCode == 1)
    let inferredFindings = findings(of: inferredReport.files.first)
    #expect(inferredFindings.compactMap { $0.at("rule")?.string } == ["missing-lambda-pull"])
    #expect(inferredFindings.first?.at("severity")?.string == "warning")
    #expect(inferredFindings.first?.at("message")?.string?.contains("inferred consumer 123456789012") == true)
    #expect(
      consumers(of: inferredReport.files.first) == [
        Consumer(account: consumerAccount, inferred: true, accountCanPull: true, lambdaCanPull: false)
      ]
    )
    #expect(audit(["--fail-on", "error", path]).exitCode == 0)

    let witness = inferredFindings.first?.at("witness")
    #expect(witness?.at("principal")?.string == "lambda.amazonaws.com")
    #expect(witness?.at("action")?.string == "ecr:BatchGetImage")
    #expect(witness?.at("decision")?.string == "implicit-deny")
    #expect(contextValue(witness, "aws:SourceAccount") == consumerAccount)
    #expect(
      contextValue(witness, "aws:SourceArn")?.hasPrefix("arn:aws:lambda:us-east-1:123456789012:function:") == true
    )
  }

  @Test func `acceptance: Principal star with StringEqualsIfExists is public`() throws {
    let (result, report) = try auditJSON([policyPath("public-source-account-ifexists.json")])
    #expect(result.exitCode == 1)
    let file = report.files.first
    #expect(file?.at("public")?.boolean == true)
    let finding = findings(of: file).first { $0.at("rule")?.string == "public-access" }
    #expect(finding?.at("severity")?.string == "error")
    #expect(finding?.at("location", "span", "start", "line")?.integer == 7)
    let witness = finding?.at("witness")
    #expect(witness?.at("decision")?.string == "allow")
    let principal = witness?.at("principal")?.string ?? ""
    #expect(!principal.contains(consumerAccount) && !principal.contains(ownerAccount), "\(principal)")
    #expect(contextValue(witness, "aws:SourceAccount") == nil)
  }

  @Test func `acceptance: an unscoped Lambda statement lets a stranger's functions pull`() throws {
    let (result, report) = try auditJSON([policyPath("unscoped-lambda.json")])
    #expect(result.exitCode == 1)
    let finding = findings(of: report.files.first).first { $0.at("rule")?.string == "lambda-without-source" }
    #expect(finding?.at("severity")?.string == "warning")
    let witness = finding?.at("witness")
    #expect(witness?.at("principal")?.string == "lambda.amazonaws.com")
    #expect(witness?.at("decision")?.string == "allow")
    let stranger = try #require(contextValue(witness, "aws:SourceAccount"))
    #expect(stranger.count == 12 && stranger.allSatisfy(\.isNumber))
    #expect(stranger != ownerAccount && stranger != consumerAccount)
    #expect(contextValue(witness, "aws:SourceArn")?.contains(":\(stranger):function:") == true)
    #expect(finding?.at("message")?.string?.contains(stranger) == true)
  }

  @Test func `acceptance: an execution role ARN in aws:SourceArn is reported`() throws {
    let (result, report) = try auditJSON([policyPath("execution-role-in-source-arn.json")])
    #expect(result.exitCode == 1)
    let all = findings(of: report.files.first)
    let mismatch = all.first { $0.at("rule")?.string == "lambda-source-arn-mismatch" }
    #expect(mismatch?.at("location", "span", "start", "line")?.integer == 27)
    #expect(mismatch?.at("location", "span", "start", "column")?.integer == 27)
    #expect(mismatch?.at("message")?.string?.contains("arn:aws:iam::123456789012:role/my-fn-role") == true)
    #expect(rules(of: report.files.first).contains("missing-lambda-pull"))
    let text = audit([policyPath("execution-role-in-source-arn.json")]).stdout
    #expect(text.contains("execution-role-in-source-arn.json:27:28: warning: "))
  }

  @Test func `acceptance: a registry policy supplies the missing Lambda pull`() throws {
    let arguments = [
      "--registry-policy", policyPath("registry-policy-output.json"), "--consumer", consumerAccount, "--region",
      "us-east-1", policyPath("missing-lambda-statement.json"),
    ]
    let (result, report) = try auditJSON(arguments)
    #expect(result.exitCode == 0)
    #expect(findings(of: report.files.first).isEmpty)
    #expect(
      consumers(of: report.files.first) == [
        Consumer(account: consumerAccount, inferred: false, accountCanPull: true, lambdaCanPull: true)
      ]
    )
    #expect(report.root.at("assumptions", 0)?.string?.contains("registry") == true)
    // Without the registry policy the same audit fails.
    let (alone, _) = try auditJSON(Array(arguments.dropFirst(2)))
    #expect(alone.exitCode == 1)
  }

  @Test func `json reads standard input as <stdin>`() throws {
    let (result, report) = try auditJSON(["-"], stdin: Array(validLambdaPolicy.utf8))
    // Only the Lambda half is there: the account the condition pins is inferred, and its own pull is missing.
    #expect(result.exitCode == 1)
    #expect(report.files.first?.at("path")?.string == "<stdin>")
    #expect(rules(of: report.files.first) == ["missing-account-pull"])
    #expect(
      consumers(of: report.files.first) == [
        Consumer(account: consumerAccount, inferred: true, accountCanPull: false, lambdaCanPull: true)
      ]
    )
  }

  // MARK: - SARIF

  @Test(.enabled(if: canValidateSARIF, "the SARIF schema or python3 with jsonschema is unavailable"))
  func `sarif validates against the SARIF 2.1.0 schema`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let odd = directory.appendingPathComponent("dir with spaces, commas & ü/policy %1.json")
    try write(unscopedLambdaPolicy(sid: "Pull für alle"), to: odd)
    let runs: [(String, [String], [UInt8])] = [
      ("plain", [policiesPath], []),
      ("intent", intentArguments + [policiesPath], []),
      ("registry", ["--registry-policy", policyPath("registry-policy-output.json"), policiesPath], []),
      ("odd path and stdin", [odd.path, "-"], Array(validLambdaPolicy.utf8)),
    ]
    for (label, arguments, stdin) in runs {
      let result = audit(["--format", "sarif"] + arguments, stdin: stdin)
      let output = directory.appendingPathComponent("\(label).sarif")
      try write(result.stdout, to: output)
      let script =
        "import json,jsonschema,sys; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))"
      let validation = try #require(runPython(["-c", script, output.path, sarifSchema.path]))
      #expect(validation.status == 0, "\(label): \(validation.output.prefix(2000))")
    }
  }

  @Test(arguments: [[String](), intentArguments])
  func `sarif results point at rules with 1-based regions`(intent: [String]) throws {
    let result = audit(["--format", "sarif"] + intent + [policiesPath])
    let root = try JSONReader.parse(result.stdout).root
    #expect(root.at("version")?.string == "2.1.0")
    let run = try #require(root.at("runs", 0))
    #expect(run.at("tool", "driver", "name")?.string == "ecr-policy")
    let rules = try #require(run.at("tool", "driver", "rules")?.elements)
    let ids = rules.compactMap { $0.at("id")?.string }
    #expect(ids.count == rules.count)
    #expect(Set(ids).count == ids.count)
    for rule in rules {
      let id = rule.at("id")?.string ?? "?"
      for key in ["shortDescription", "fullDescription", "help"] {
        #expect(rule.at(key, "text")?.string?.isEmpty == false, "\(id) \(key)")
      }
    }
    let results = try #require(run.at("results")?.elements)
    #expect(!results.isEmpty)
    for result in results {
      let ruleID = try #require(result.at("ruleId")?.string)
      #expect(ids.contains(ruleID), "\(ruleID) is not in tool.driver.rules")
      let index = try #require(result.at("ruleIndex")?.integer, "\(ruleID) has no ruleIndex")
      #expect(ids.indices.contains(index) && ids[index] == ruleID, "\(ruleID) ruleIndex \(index)")
      #expect(["error", "warning", "note"].contains(result.at("level")?.string))
      #expect(result.at("message", "text")?.string?.isEmpty == false)
      let location = result.at("locations", 0, "physicalLocation")
      #expect(location?.at("artifactLocation", "uri")?.string?.hasSuffix(".json") == true)
      let region = location?.at("region")
      let startLine = try #require(region?.at("startLine")?.integer)
      let startColumn = try #require(region?.at("startColumn")?.integer)
      #expect(startLine >= 1 && startColumn >= 1, "\(ruleID) \(startLine):\(startColumn)")
      let endLine = try #require(region?.at("endLine")?.integer)
      let endColumn = try #require(region?.at("endColumn")?.integer)
      #expect(endLine > startLine || (endLine == startLine && endColumn >= startColumn), "\(ruleID)")
      if accessRules.contains(ruleID) {
        #expect(result.at("properties", "witness", "decision")?.string != nil, "\(ruleID) has no witness")
      }
    }
  }

  @Test func `sarif lists every rule and agrees with the json findings`() throws {
    let sarif = try JSONReader.parse(audit(["--format", "sarif", policiesPath]).stdout).root
    let ruleIDs = sarif.at("runs", 0, "tool", "driver", "rules")?.elements?.compactMap { $0.at("id")?.string }
    let listed = runTool(["rules"]).stdout.split(separator: "\n").compactMap {
      $0.split(separator: " ").first.map(String.init)
    }
    #expect(ruleIDs == listed)
    let results = sarif.at("runs", 0, "results")?.elements ?? []
    let (_, report) = try auditJSON([policiesPath])
    let jsonFindings = report.files.flatMap { findings(of: $0) }
    #expect(results.count == jsonFindings.count)
    // Policies are ASCII: the 1-based code-point column is the 0-based byte column plus one.
    for (result, finding) in zip(results, jsonFindings) {
      #expect(result.at("ruleId")?.string == finding.at("rule")?.string)
      #expect(result.at("level")?.string == finding.at("severity")?.string)
      let region = result.at("locations", 0, "physicalLocation", "region")
      #expect(region?.at("startLine")?.integer == finding.at("location", "span", "start", "line")?.integer)
      #expect(
        region?.at("startColumn")?.integer
          == (finding.at("location", "span", "start", "column")?.integer).map { $0 + 1 }
      )
    }
  }

  @Test func `sarif columns count code points, not bytes`() throws {
    let policy =
      #"{"Statement": [{"Sid": "Zugriff für Lambda", "Effect": "allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}"#
    let sarif = try JSONReader.parse(audit(["--format", "sarif", "-"], stdin: Array(policy.utf8)).stdout).root
    let result = sarif.at("runs", 0, "results")?.elements?.first { $0.at("ruleId")?.string == "invalid-value" }
    let expected = try #require(policy.range(of: "\"allow\"")).lowerBound
    let codePoints = policy.unicodeScalars[..<expected].count
    #expect(result?.at("locations", 0, "physicalLocation", "region", "startColumn")?.integer == codePoints + 1)
    #expect(sarif.at("runs", 0, "columnKind")?.string == "unicodeCodePoints")
    #expect(result?.at("locations", 0, "physicalLocation", "artifactLocation", "uri")?.string == "%3Cstdin%3E")
  }

  // MARK: - GitHub

  @Test(arguments: [[String](), intentArguments])
  func `github prints one well-formed annotation per finding`(intent: [String]) throws {
    let output = audit(["--format", "github"] + intent + [policiesPath]).stdout
    let pattern = try Regex(
      #"::(error|warning|notice) file=[^,:\r\n]+,line=[1-9][0-9]*,col=[1-9][0-9]*(,[A-Za-z]+=[^,:\r\n]*)*::[^\r\n]+"#
    )
    let lines = scalarLines(output)
    let (_, report) = try auditJSON(intent + [policiesPath])
    let jsonFindings = report.files.flatMap { findings(of: $0) }
    #expect(lines.count == jsonFindings.count)
    #expect(output.hasSuffix("\n"))
    for (line, finding) in zip(lines, jsonFindings) {
      #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
      let severity = finding.at("severity")?.string ?? "?"
      let command = severity == "note" ? "notice" : severity
      let line1 = finding.at("location", "span", "start", "line")?.integer ?? 0
      let column = (finding.at("location", "span", "start", "column")?.integer ?? 0) + 1
      #expect(line.hasPrefix("::\(command) file="), "\(line)")
      #expect(line.contains(",line=\(line1),col=\(column),"), "\(line)")
      #expect(line.contains(",title=\(finding.at("rule")?.string ?? "?")::"), "\(line)")
    }
  }

  @Test func `github escapes percent and line breaks in messages and also colon and comma in properties`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let policy = directory.appendingPathComponent("a:b,c%d/policy.json")
    try write(unscopedLambdaPolicy(sid: #"100%\nready\rset"#), to: policy)
    let output = audit(["--format", "github", policy.path]).stdout
    let lines = scalarLines(output)
    #expect(lines.count == 2)
    #expect(!output.unicodeScalars.contains("\r"))
    for line in lines {
      #expect(line.contains(" file=" + githubProperty(policy.path) + ",line="), "\(line)")
      #expect(line.contains("a%3Ab%2Cc%25d/policy.json"), "\(line)")
      let message = line.split(separator: "::", maxSplits: 2).last.map(String.init) ?? ""
      #expect(message.contains("100%25%0Aready%0Dset"), "\(message)")
      #expect(!message.contains("100%\n"))
    }
  }

  @Test func `github escapes a CR LF pair in a message`() throws {
    let output = audit(["--format", "github", "-"], stdin: Array(unscopedLambdaPolicy(sid: #"crlf\r\nsid"#).utf8))
      .stdout
    #expect(!output.unicodeScalars.contains("\r"))
    #expect(scalarLines(output).count == 2)
    #expect(output.contains("crlf%0D%0Asid"))
  }

  // MARK: - Exit codes

  @Test(arguments: [
    ("unscoped-lambda.json", [String](), Int32(1)),
    ("unscoped-lambda.json", ["--fail-on", "warning"], 1),
    ("unscoped-lambda.json", ["--fail-on", "note"], 1),
    ("unscoped-lambda.json", ["--fail-on", "error"], 0),
    ("unscoped-lambda.json", ["--fail-on", "none"], 0),
    ("get-repository-policy-output.json", [], 0),
    ("get-repository-policy-output.json", ["--fail-on", "note"], 1),
    ("public-source-account-ifexists.json", ["--fail-on", "error"], 1),
    ("public-source-account-ifexists.json", ["--fail-on", "none"], 0),
    ("cross-account-lambda.json", ["--fail-on", "note"], 0),
  ])
  func `--fail-on sets the exit threshold`(name: String, options: [String], expected: Int32) {
    for format in ["text", "json", "sarif", "github"] {
      let result = audit(["--format", format] + options + [policyPath(name)])
      #expect(result.exitCode == expected, "\(format) \(options) \(name)")
    }
  }

  @Test func `--fail-on none exits 0 over the whole Policies directory`() {
    #expect(audit(["--fail-on", "none", policiesPath]).exitCode == 0)
    #expect(audit(["--fail-on", "none"] + intentArguments + [policiesPath]).exitCode == 0)
  }

  @Test func `a missing path exits 2, names it, and still reports the readable files`() {
    let absent = "/nonexistent/ecr-policy/absent.json"
    for failOn in ["warning", "none"] {
      let result = audit(["--fail-on", failOn, policyPath("unscoped-lambda.json"), absent])
      #expect(result.exitCode == 2)
      #expect(result.stderr.contains("\(absent): no such file or directory"))
      #expect(result.stdout.contains("[lambda-without-source]"))
    }
  }

  @Test(arguments: [
    (["--owner", "12345", policyPath("cross-account-lambda.json")], "--owner '12345'"),
    (["--owner", "11111111111a", policyPath("cross-account-lambda.json")], "--owner '11111111111a'"),
    (["--consumer", "abc", policyPath("cross-account-lambda.json")], "--consumer 'abc'"),
    (["--consumer", consumerAccount, "--consumer", "1234", policyPath("cross-account-lambda.json")], "'1234'"),
    (["--region", "useast1", policyPath("cross-account-lambda.json")], "--region 'useast1'"),
    (["--partition", "aws-mars", policyPath("cross-account-lambda.json")], "--partition 'aws-mars'"),
    (["--repository", "Team/App", policyPath("cross-account-lambda.json")], "--repository 'Team/App'"),
    (["--format", "xml", policyPath("cross-account-lambda.json")], "'xml'"),
    (["--fail-on", "fatal", policyPath("cross-account-lambda.json")], "'fatal'"),
    (["--kind", "bucket", policyPath("cross-account-lambda.json")], "'bucket'"),
    (["--bogus", policyPath("cross-account-lambda.json")], "--bogus"),
    (["--owner", ownerAccount, "--owner", ownerAccount, policyPath("cross-account-lambda.json")], "more than once"),
    (["--owner"], "needs a value"),
    ([], "PATH"),
    (["--owner", ownerAccount, "--region", "us-east-1"], "PATH"),
    (
      ["--registry-policy", "/nonexistent/registry.json", policyPath("cross-account-lambda.json")],
      "/nonexistent/registry.json"
    ),
    (["--registry-policy", policiesPath, policyPath("cross-account-lambda.json")], "is a directory"),
    (["--config", "/nonexistent/config.json", policyPath("cross-account-lambda.json")], "/nonexistent/config.json"),
  ])
  func `usage errors exit 2 with a message naming the problem`(arguments: [String], fragment: String) {
    let result = audit(arguments)
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("error: "), "\(result.stderr)")
    #expect(result.stderr.contains(fragment), "\(result.stderr)")
  }

  @Test(.enabled(if: getuid() != 0, "root reads files whatever their mode"))
  func `an unreadable registry policy exits 2 and names it`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let registry = directory.appendingPathComponent("registry.json")
    try write(validLambdaPolicy, to: registry)
    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: registry.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: registry.path) }
    let result = audit(["--registry-policy", registry.path, policyPath("cross-account-lambda.json")])
    #expect(result.exitCode == 2)
    #expect(result.stderr.contains(registry.path))
  }

  @Test func `a registry policy that is not JSON exits 2 naming the file, line and column`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let registry = directory.appendingPathComponent("registry.json")
    try write("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}\n", to: registry)
    let result = audit(["--registry-policy", registry.path, policyPath("cross-account-lambda.json")])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("\(registry.path):3:17: error: "), "\(result.stderr)")
    #expect(result.stderr.contains("[invalid-json]"))
  }

  @Test(arguments: [
    ("{\n  \"owner\": \"111111111111\",\n  \"bogus\": 1\n}\n", ":3:3: unknown field 'bogus'"),
    ("{\n  \"owner\": 111111111111\n}\n", ":2:3: 'owner' must be a string"),
    ("{\n  \"region\": \"us-east-1\",\n  \"consumers\": \"123456789012\"\n}\n", ":3:3: 'consumers' must be an array"),
    ("{\n  \"consumers\": [123456789012]\n}\n", ":2:3: 'consumers' must be an array"),
    ("{\n  \"owner\": \n}\n", ":3:1: "),
    ("owner = 111111111111\n", ":1:1: "),
    ("[\"111111111111\"]\n", ": the config must be a JSON object"),
  ])
  func `a bad config exits 2 naming the file, line and column`(config: String, fragment: String) throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("ecr-policy.json")
    try write(config, to: url)
    let result = audit(["--config", url.path, policyPath("cross-account-lambda.json")])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("error: \(url.path)\(fragment)"), "\(result.stderr)")
  }

  // MARK: - --config

  /// A temporary folder holding a copy of the registry policy at `registry/registry-policy.json`.
  private func folderWithRegistryPolicy() throws -> (directory: URL, registry: URL) {
    let directory = try makeTemporaryDirectory()
    let registry = directory.appendingPathComponent("registry/registry-policy.json")
    let text = String(
      decoding: try Fixtures.bytes(Fixtures.policiesDirectory.appendingPathComponent("registry-policy-output.json")),
      as: UTF8.self
    )
    try write(text, to: registry)
    return (directory, registry)
  }

  @Test func `a config file gives the same report as the equivalent flags`() throws {
    let (directory, registry) = try folderWithRegistryPolicy()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("ecr-policy.json")
    try write(
      """
      {
        "owner": "111111111111",
        "region": "us-east-1",
        "consumers": ["123456789012", "123456789012"],
        "registryPolicy": "registry/registry-policy.json"
      }
      """,
      to: config
    )
    let flags = intentArguments + ["--registry-policy", registry.path]
    for target in [policyPath("missing-lambda-statement.json"), policiesPath] {
      let (fromConfig, configReport) = try auditJSON(["--config", config.path, target])
      let (fromFlags, _) = try auditJSON(flags + [target])
      #expect(fromConfig.exitCode == fromFlags.exitCode)
      #expect(fromConfig.stderr == fromFlags.stderr)
      #expect(fromConfig.stdout == fromFlags.stdout)
      // The registry policy, found beside the config, grants the Lambda half; the duplicate consumer counts once.
      let missing = file(configReport, named: "missing-lambda-statement.json")
      #expect(
        consumers(of: missing) == [
          Consumer(account: consumerAccount, inferred: false, accountCanPull: true, lambdaCanPull: true)
        ]
      )
    }
  }

  @Test func `flags override config values field by field`() throws {
    let (directory, registry) = try folderWithRegistryPolicy()
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("ecr-policy.json")
    try write(
      """
      {
        "owner": "222222222222",
        "region": "eu-west-1",
        "repository": "config/repo",
        "consumers": ["210987654321"],
        "registryPolicy": "absent/registry.json"
      }
      """,
      to: config
    )
    let flags = [
      "--owner", ownerAccount, "--region", "us-east-1", "--repository", "team/app", "--consumer", consumerAccount,
      "--registry-policy", registry.path,
    ]
    let (overridden, report) = try auditJSON(["--config", config.path] + flags + [policiesPath])
    let (flagsOnly, _) = try auditJSON(flags + [policiesPath])
    #expect(overridden.exitCode == flagsOnly.exitCode)
    #expect(overridden.stdout == flagsOnly.stdout)
    let witnessResources = report.files.flatMap { findings(of: $0) }.compactMap { $0.at("witness", "resource")?.string }
    #expect(!witnessResources.isEmpty)
    #expect(witnessResources.allSatisfy { $0 == "arn:aws:ecr:us-east-1:111111111111:repository/team/app" })

    // A flag replaces only its own field: the consumers still come from the config.
    let (partial, partialReport) = try auditJSON(
      [
        "--config", config.path, "--region", "us-east-1", "--registry-policy", registry.path,
        policyPath("cross-account-multi.json"),
      ]
    )
    #expect(partialReport.files.first?.at("region")?.string == "us-east-1")
    #expect(consumers(of: partialReport.files.first).map(\.account) == [secondConsumer])
    // 123456789012 is not among the config's consumers, so the policy's grant to it is unexpected.
    #expect(partial.exitCode == 1)
    let unexpected = findings(of: partialReport.files.first).filter { $0.at("rule")?.string == "unexpected-account" }
    #expect(unexpected.count == 1)
    #expect(unexpected.first?.at("message")?.string?.contains("account \(consumerAccount) is neither") == true)
  }

  @Test func `repeated consumers are deduplicated and sorted`() throws {
    let arguments = [
      "--consumer", secondConsumer, "--consumer", consumerAccount, "--consumer", secondConsumer, "--region",
      "us-east-1",
      policyPath("cross-account-multi.json"),
    ]
    let (result, report) = try auditJSON(arguments)
    #expect(result.exitCode == 0)
    #expect(
      consumers(of: report.files.first) == [
        Consumer(account: consumerAccount, inferred: false, accountCanPull: true, lambdaCanPull: true),
        Consumer(account: secondConsumer, inferred: false, accountCanPull: true, lambdaCanPull: true),
      ]
    )
  }

  // MARK: - rules, explain, help

  @Test func `rules lists every rule once per line with its severity`() {
    let result = runTool(["rules"])
    #expect(result.exitCode == 0)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    let parsed = lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    let ids = parsed.compactMap(\.first)
    #expect(ids.count == lines.count)
    #expect(Set(ids).count == ids.count)
    #expect(ids == ids.sorted())
    for id in auditRuleIDs + validationRuleIDs {
      #expect(ids.contains(id), "\(id) is missing from 'ecr-policy rules'")
    }
    #expect(ids.count == auditRuleIDs.count + validationRuleIDs.count)
    for fields in parsed {
      #expect(fields.count > 2 && ["error", "warning", "note"].contains(fields[1]), "\(fields.joined(separator: " "))")
    }
    #expect(lines.contains { $0.hasPrefix("public-access ") && $0.contains(" error ") })
    #expect(lines.contains { $0.hasPrefix("lambda-managed-statement ") && $0.contains(" note ") })
    #expect(runTool(["rules", "extra"]).exitCode == 2)
  }

  @Test func `explain public-access prints the rationale, an example and the fix`() {
    let result = runTool(["explain", "public-access"])
    #expect(result.exitCode == 0)
    #expect(result.stdout.hasPrefix("public-access (error)\n"))
    #expect(result.stdout.contains("Why: A statement whose principal is '*'"))
    #expect(result.stdout.contains("Example:\n  {\"Effect\": \"Allow\", \"Principal\": \"*\""))
    #expect(result.stdout.contains("StringEqualsIfExists"))
    #expect(result.stdout.contains("Fix: Name the accounts in Principal"))
  }

  @Test func `explain works for every listed rule`() {
    let ids = runTool(["rules"]).stdout.split(separator: "\n").compactMap {
      $0.split(separator: " ").first.map(String.init)
    }
    #expect(!ids.isEmpty)
    for id in ids {
      let result = runTool(["explain", id])
      #expect(result.exitCode == 0, "\(id)")
      for heading in ["Why: ", "Example:\n", "Fix: "] {
        #expect(result.stdout.contains(heading), "\(id): no \(heading)")
      }
    }
  }

  @Test func `explain of an unknown rule exits 2 with a did-you-mean when close`() {
    let close = runTool(["explain", "public-acess"])
    #expect(close.exitCode == 2)
    #expect(close.stdout.isEmpty)
    #expect(close.stderr.contains("unknown rule 'public-acess'; did you mean 'public-access'?"))
    let far = runTool(["explain", "zzzz"])
    #expect(far.exitCode == 2)
    #expect(far.stderr.contains("unknown rule 'zzzz'"))
    #expect(!far.stderr.contains("did you mean"))
    #expect(runTool(["explain"]).exitCode == 2)
    #expect(runTool(["explain", "public-access", "excess-actions"]).exitCode == 2)
  }

  @Test func `explain suggests the closest rule, not the first with the same prefix`() {
    let result = runTool(["explain", "missing-lamda-pull"])
    #expect(result.exitCode == 2)
    #expect(result.stderr.contains("did you mean 'missing-lambda-pull'?"), "\(result.stderr)")
  }

  @Test func `audit --help mentions every flag`() {
    let result = audit(["--help"])
    #expect(result.exitCode == 0)
    let flags = [
      "--owner", "--region", "--repository", "--consumer", "--partition", "--registry-policy", "--config", "--format",
      "--fail-on", "--kind",
    ]
    for flag in flags {
      #expect(result.stdout.contains(flag), "\(flag)")
    }
    for format in ["text", "json", "sarif", "github"] {
      #expect(result.stdout.contains("--format \(format)"), "\(format)")
    }
    #expect(result.stdout.contains("error|warning|note|none"))
    #expect(runTool(["--help"]).stdout.contains("audit"))
  }

  // MARK: - Determinism

  @Test(arguments: ["text", "json", "sarif", "github"])
  func `auditing Policies twice gives byte-identical output`(format: String) {
    let first = audit(["--format", format] + intentArguments + [policiesPath])
    let second = audit(["--format", format] + intentArguments + [policiesPath])
    #expect(first == second)
    let plainFirst = audit(["--format", format, policiesPath])
    let plainSecond = audit(["--format", format, policiesPath])
    #expect(plainFirst == plainSecond)
  }

  @Test func `files are reported in sorted order`() throws {
    let (_, report) = try auditJSON([policiesPath])
    let names = report.files.compactMap { $0.at("path")?.string }.map { URL(fileURLWithPath: $0).lastPathComponent }
    #expect(names == (try Fixtures.policyNames()))

    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in ["b.json", "a/c.json", "B.json", "a.json", "_.json"] {
      try write(validLambdaPolicy, to: directory.appendingPathComponent(name))
    }
    let (_, nested) = try auditJSON([directory.path])
    let relative = nested.files.compactMap { $0.at("path")?.string }.map {
      String($0.dropFirst(directory.path.count + 1))
    }
    #expect(relative == ["B.json", "_.json", "a/c.json", "a.json", "b.json"])
  }

  @Test func `names sharing a long prefix are sorted byte by byte`() throws {
    // The directory walk sorts on the first 16 bytes as integers and compares whole names only on a tie.
    let names = [
      "policy-for-account-2.json", "policy-for-account-10.json", "policy-for-account-1.json", "policy-for-acc.json",
      "policy-for-accoun.json", "policy-for-account.json", "\u{E9}.json", "e\u{301}.json", "z.json", "Z.json",
      "0123456789abcdef.json", "0123456789abcdef",
      // Names first told apart by the last byte of either word, with later bytes ordered the other way.
      "abcdefgZ0.json", "abcdefgA9.json", "0123456789abcdeZ0.json", "0123456789abcdeA9.json",
    ]
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in names where name.hasSuffix(".json") {
      try write(validLambdaPolicy, to: directory.appendingPathComponent(name))
    }
    let (_, report) = try auditJSON([directory.path])
    let reported = report.files.compactMap { $0.at("path")?.string }.map {
      String($0.dropFirst(directory.path.count + 1))
    }
    let expected = names.filter { $0.hasSuffix(".json") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    #expect(reported == expected)
    #expect(reported.count == 15)
  }

  @Test func `names that are not UTF-8 are errors that spell out their bytes, in sorted order`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // 0xC0 and 0xC1 can never start a UTF-8 character. Repaired, both would read as U+FFFD (and "a" come first);
    // spelled out, the bytes tell the names apart and order them.
    for (lead, rest) in [(UInt8(0xC0), "b.json"), (UInt8(0xC1), "a.json")] {
      let path = Array(directory.path.utf8) + [UInt8(ascii: "/"), lead] + Array(rest.utf8)
      let made = path.withUnsafeBufferPointer { bytes in
        bytes.withMemoryRebound(to: CChar.self) { characters in
          (Array(characters) + [0]).withUnsafeBufferPointer { fopen($0.baseAddress!, "w") }
        }
      }
      let file = try #require(made)
      fputs(validLambdaPolicy, file)
      fclose(file)
    }
    // Such a name cannot be opened by any spelling of it: each file is an error naming its bytes, in sorted order.
    let result = audit([directory.path])
    #expect(result.exitCode == 2)
    let named = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }.map {
      String($0.dropFirst("error: ".count + directory.path.count + 1))
    }
    let reason = ": the name is not valid UTF-8, so it cannot be read; rename it"
    #expect(named == [#"\xC0b.json"# + reason, #"\xC1a.json"# + reason])
  }
}
