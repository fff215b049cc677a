import Foundation
import Glibc
import PolicyCommand
import PolicySyntax
import TestSupport
import Testing

// MARK: - Shared material

private let threeConsumers = ["222222222222", "333333333333", "444444444444"]
private let pullActions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
private let accountSid = "CrossAccountPermission"
private let lambdaSid = "LambdaECRImageCrossAccountRetrievalPolicy"

/// One `grant` invocation whose output is pinned by golden files in every format.
struct GrantExample: Sendable, CustomTestStringConvertible {
  let name: String
  /// In the order given on the command line (deliberately unsorted for the three-account examples).
  let consumers: [String]
  let region: String
  let functions: [String]
  /// The partition the Region implies.
  let partition: String

  var testDescription: String { name }

  var arguments: [String] {
    consumers.flatMap { ["--consumer", $0] } + ["--region", region] + functions.flatMap { ["--function", $0] }
  }

  var principals: [String] { consumers.sorted().map { "arn:\(partition):iam::\($0):root" } }

  var patterns: [String] {
    consumers.sorted().flatMap { account in
      let base = "arn:\(partition):lambda:\(region):\(account):function:"
      return functions.isEmpty ? [base + "*"] : functions.sorted().flatMap { [base + $0, base + $0 + ":*"] }
    }
  }
}

private let grantExamples: [GrantExample] = [
  GrantExample(name: "one-consumer", consumers: ["222222222222"], region: "eu-west-1", functions: [], partition: "aws"),
  GrantExample(
    name: "three-consumers",
    consumers: ["444444444444", "222222222222", "333333333333"],
    region: "eu-west-1",
    functions: [],
    partition: "aws"
  ),
  GrantExample(
    name: "one-consumer-function",
    consumers: ["222222222222"],
    region: "eu-west-1",
    functions: ["api"],
    partition: "aws"
  ),
  GrantExample(
    name: "three-consumers-functions",
    consumers: ["333333333333", "444444444444", "222222222222"],
    region: "eu-west-1",
    functions: ["worker", "api"],
    partition: "aws"
  ),
  GrantExample(name: "china", consumers: ["222222222222"], region: "cn-north-1", functions: [], partition: "aws-cn"),
  GrantExample(
    name: "china-three-consumers",
    consumers: threeConsumers,
    region: "cn-north-1",
    functions: [],
    partition: "aws-cn"
  ),
  GrantExample(
    name: "govcloud-function",
    consumers: ["222222222222"],
    region: "us-gov-west-1",
    functions: ["api"],
    partition: "aws-us-gov"
  ),
  GrantExample(
    name: "govcloud-three-consumers",
    consumers: threeConsumers,
    region: "us-gov-west-1",
    functions: [],
    partition: "aws-us-gov"
  ),
]

/// An `--output` value and the golden file it is pinned by.
struct GrantOutputFormat: Sendable, CustomTestStringConvertible {
  let name: String
  let file: String
  var testDescription: String { name }
}

private let outputFormats = [
  GrantOutputFormat(name: "policy", file: "policy.json"),
  GrantOutputFormat(name: "aws-cli", file: "aws-cli.sh"),
  GrantOutputFormat(name: "cloudformation", file: "cloudformation.yaml"),
  GrantOutputFormat(name: "cloudformation-json", file: "cloudformation.json"),
  GrantOutputFormat(name: "terraform", file: "terraform.tf"),
]

/// `Policies/cross-account-lambda.json`: the guide's pair for 123456789012 in us-east-1.
private func crossAccountLambda() throws -> String {
  String(
    decoding: try Fixtures.bytes(Fixtures.policiesDirectory.appendingPathComponent("cross-account-lambda.json")),
    as: UTF8.self
  )
}

/// The exact text a merge of 210987654321 into `cross-account-lambda.json` must give: the two values become lists
/// laid out like the file, and every other byte is the original's.
private func crossAccountLambdaExtended(_ original: String) throws -> String {
  let principal = #""arn:aws:iam::123456789012:root""#
  let pattern = #""arn:aws:lambda:us-east-1:123456789012:function:*""#
  let principalRange = try #require(original.range(of: principal))
  let patternRange = try #require(original.range(of: pattern))
  let principals =
    "[\n          \"arn:aws:iam::123456789012:root\",\n          \"arn:aws:iam::210987654321:root\"\n        ]"
  let patterns =
    "[\n            \"arn:aws:lambda:us-east-1:123456789012:function:*\",\n"
    + "            \"arn:aws:lambda:us-east-1:210987654321:function:*\"\n          ]"
  return String(original[..<principalRange.lowerBound]) + principals
    + String(original[principalRange.upperBound..<patternRange.lowerBound]) + patterns
    + String(original[patternRange.upperBound...])
}

/// Runs `grant ARGUMENTS --into FILE` with `policy` written byte for byte to a temporary file.
private func grant(into policy: String, _ arguments: [String]) throws -> CommandResult {
  let directory = try makeTemporaryDirectory()
  defer { try? FileManager.default.removeItem(at: directory) }
  let url = directory.appendingPathComponent("policy.json")
  try write(policy, to: url)
  return runTool(["grant"] + arguments + ["--into", url.path])
}

/// A string or an array of strings as a list; nil for anything else.
private func strings(_ value: JSONValue?) -> [String]? {
  guard let value else { return nil }
  if let text = value.string { return [text] }
  guard let elements = value.elements else { return nil }
  let texts = elements.compactMap(\.string)
  return texts.count == elements.count ? texts : nil
}

/// A value as compact JSON with members in order, for comparing two documents regardless of layout.
private func canonical(_ value: JSONValue?) -> String {
  guard let value else { return "<absent>" }
  switch value.kind {
  case .object(let members):
    return "{" + members.map { JSONOutput.quoted($0.key) + ":" + canonical($0.value) }.joined(separator: ",") + "}"
  case .array(let elements): return "[" + elements.map { canonical($0) }.joined(separator: ",") + "]"
  case .string(let text): return JSONOutput.quoted(text)
  case .number(let text): return text
  case .bool(let flag): return flag ? "true" : "false"
  case .null: return "null"
  }
}

private func statements(_ text: String) throws -> [JSONValue] {
  try #require(try JSONReader.parse(text).root.member("Statement")?.value.elements)
}

private func sids(_ text: String) throws -> [String] {
  try statements(text).map { $0.member("Sid")?.value.string ?? "<none>" }
}

/// The offsets of line feeds not preceded by a carriage return.
private func bareLineFeeds(_ bytes: some Collection<UInt8>) -> Int {
  var count = 0
  var previous: UInt8 = 0
  for byte in bytes {
    if byte == 0x0A, previous != 0x0D { count += 1 }
    previous = byte
  }
  return count
}

/// The leading spaces of every non-empty line.
private func indentations(_ text: String) -> [Int] {
  let lines: [Substring] = text.split(separator: "\n" as Character)
  return lines.map { line -> Int in line.prefix(while: { $0 == " " }).count }
}

// MARK: - Processes

private struct ProcessOutput {
  var status: Int32
  var stdout: String
  var stderr: String
}

private struct ProcessTimeout: Error, CustomStringConvertible {
  let description: String
}

/// The first executable called `name` on PATH.
private func executableOnPath(_ name: String) -> String? {
  let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
  for directory in path.split(separator: ":") where !directory.isEmpty {
    let candidate = "\(directory)/\(name)"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return nil
}

/// Terminates `process` (SIGTERM, then SIGKILL after five seconds) and reaps it.
private func stop(_ process: Process) {
  guard process.isRunning else { return }
  process.terminate()
  let deadline = Date().addingTimeInterval(5)
  while process.isRunning, Date() < deadline { usleep(20_000) }
  if process.isRunning {
    kill(process.processIdentifier, SIGKILL)
  }
  process.waitUntilExit()
}

/// Runs a program to completion with standard streams in temporary files (no pipe can fill up), bounded in time.
private func runProcess(
  _ executable: String,
  _ arguments: [String],
  environment: [String: String]? = nil,
  stdin: String = "",
  timeout: Duration = .seconds(120)
) async throws -> ProcessOutput {
  let directory = try makeTemporaryDirectory()
  defer { try? FileManager.default.removeItem(at: directory) }
  let input = directory.appendingPathComponent("stdin")
  let output = directory.appendingPathComponent("stdout")
  let errors = directory.appendingPathComponent("stderr")
  try write(stdin, to: input)
  try write("", to: output)
  try write("", to: errors)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let environment { process.environment = environment }
  let inputHandle = try FileHandle(forReadingFrom: input)
  let outputHandle = try FileHandle(forWritingTo: output)
  let errorHandle = try FileHandle(forWritingTo: errors)
  defer {
    try? inputHandle.close()
    try? outputHandle.close()
    try? errorHandle.close()
  }
  process.standardInput = inputHandle
  process.standardOutput = outputHandle
  process.standardError = errorHandle
  try process.run()
  let deadline = ContinuousClock.now + timeout
  while process.isRunning, ContinuousClock.now < deadline {
    try? await Task.sleep(for: .milliseconds(20))
  }
  if process.isRunning {
    stop(process)
    throw ProcessTimeout(description: "\(executable) \(arguments) did not finish within \(timeout)")
  }
  process.waitUntilExit()
  return ProcessOutput(
    status: process.terminationStatus,
    stdout: String(decoding: try Data(contentsOf: output), as: UTF8.self),
    stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self)
  )
}

private func runShell(_ script: String, environment: [String: String]? = nil) async throws -> ProcessOutput {
  try await runProcess("/bin/sh", ["-c", script], environment: environment, timeout: .seconds(60))
}

// MARK: - Sockets, for the moto server

private func loopback(port: UInt16) -> sockaddr_in {
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = port.bigEndian
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  return address
}

/// A port on 127.0.0.1 that was free a moment ago (bound to port 0 and released).
private func freeLoopbackPort() -> UInt16? {
  let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard socketDescriptor >= 0 else { return nil }
  defer { close(socketDescriptor) }
  var address = loopback(port: 0)
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) }
  }
  guard bound == 0 else { return nil }
  let named = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
  }
  guard named == 0 else { return nil }
  return UInt16(bigEndian: address.sin_port)
}

/// True when something accepts TCP connections on 127.0.0.1:`port`.
private func acceptsConnections(port: UInt16) -> Bool {
  let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard socketDescriptor >= 0 else { return false }
  defer { close(socketDescriptor) }
  var address = loopback(port: port)
  let connected = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
  }
  return connected == 0
}

// MARK: - Tests

@Suite struct GrantCommandTests {
  // MARK: Output formats

  @Test(arguments: grantExamples, outputFormats)
  func `every output format matches its golden file`(example: GrantExample, format: GrantOutputFormat) throws {
    let result = runTool(["grant"] + example.arguments + ["--repository", "team/app", "--output", format.name])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    try expectGolden(result.stdout, "grant/\(example.name)/\(format.file)")
  }

  @Test(arguments: ["cloudformation", "terraform"])
  func `without --repository the templates match their golden files`(format: String) throws {
    let result = runTool(["grant", "--consumer", "222222222222", "--region", "eu-west-1", "--output", format])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let file = format == "terraform" ? "terraform-no-repository.tf" : "cloudformation-no-repository.yaml"
    try expectGolden(result.stdout, "grant/one-consumer/\(file)")
    if format == "cloudformation" {
      #expect(!result.stdout.contains("RepositoryName"))
    }
  }

  @Test(arguments: grantExamples)
  func `the policy has one account and one Lambda statement covering every consumer`(example: GrantExample) throws {
    let result = runTool(["grant"] + example.arguments)
    #expect(result.exitCode == 0, "\(result.stderr)")
    let root = try JSONReader.parse(result.stdout).root
    #expect(root.member("Version")?.value.string == "2012-10-17")
    let statements = try #require(root.member("Statement")?.value.elements)
    try #require(statements.count == 2)
    let account = statements[0]
    let lambda = statements[1]

    #expect(account.members?.map(\.key) == ["Sid", "Effect", "Principal", "Action"])
    #expect(account.member("Sid")?.value.string == accountSid)
    #expect(account.member("Effect")?.value.string == "Allow")
    #expect(account.at("Principal")?.members?.map(\.key) == ["AWS"])
    #expect(strings(account.at("Principal", "AWS")) == example.principals)
    #expect(strings(account.at("Action")) == pullActions)

    #expect(lambda.members?.map(\.key) == ["Sid", "Effect", "Principal", "Action", "Condition"])
    #expect(lambda.member("Sid")?.value.string == lambdaSid)
    #expect(lambda.member("Effect")?.value.string == "Allow")
    #expect(canonical(lambda.at("Principal")) == #"{"Service":"lambda.amazonaws.com"}"#)
    #expect(strings(lambda.at("Action")) == pullActions)
    #expect(lambda.at("Condition")?.members?.map(\.key) == ["StringLike"])
    #expect(lambda.at("Condition", "StringLike")?.members?.map(\.key) == ["aws:sourceARN"])
    #expect(strings(lambda.at("Condition", "StringLike", "aws:sourceARN")) == example.patterns)

    // Two-space indentation, as the guide prints it.
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.prefix(4) == ["{", #"  "Version": "2012-10-17","#, #"  "Statement": ["#, "    {"])
    #expect(indentations(result.stdout).allSatisfy { $0 % 2 == 0 })
    #expect(result.stdout.hasSuffix("}\n"))
  }

  @Test(arguments: [
    ("eu-west-1", "aws"), ("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"),
    ("us-gov-west-1", "aws-us-gov"), ("us-gov-east-1", "aws-us-gov"),
  ])
  func `the partition follows the Region`(region: String, partition: String) throws {
    let result = runTool(["grant", "--consumer", "222222222222", "--region", region])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let statements = try statements(result.stdout)
    #expect(strings(statements[0].at("Principal", "AWS")) == ["arn:\(partition):iam::222222222222:root"])
    #expect(
      strings(statements[1].at("Condition", "StringLike", "aws:sourceARN"))
        == ["arn:\(partition):lambda:\(region):222222222222:function:*"]
    )
  }

  @Test func `--partition overrides the partition the Region implies`() throws {
    let result = runTool(["grant", "--consumer", "222222222222", "--region", "us-east-1", "--partition", "aws-cn"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let statements = try statements(result.stdout)
    #expect(strings(statements[0].at("Principal", "AWS")) == ["arn:aws-cn:iam::222222222222:root"])
    #expect(
      strings(statements[1].at("Condition", "StringLike", "aws:sourceARN"))
        == ["arn:aws-cn:lambda:us-east-1:222222222222:function:*"]
    )
  }

  @Test(arguments: grantExamples)
  func `cloudformation-json holds exactly the policy as RepositoryPolicyText`(example: GrantExample) throws {
    let policy = runTool(["grant"] + example.arguments)
    let template = runTool(
      ["grant"] + example.arguments + ["--repository", "team/app", "--output", "cloudformation-json"]
    )
    #expect(template.exitCode == 0, "\(template.stderr)")
    let root = try JSONReader.parse(template.stdout).root
    #expect(root.at("AWSTemplateFormatVersion")?.string == "2010-09-09")
    #expect(root.at("Resources")?.members?.count == 1)
    #expect(root.at("Resources", "Repository", "Type")?.string == "AWS::ECR::Repository")
    #expect(root.at("Resources", "Repository", "Properties", "RepositoryName")?.string == "team/app")
    let embedded = root.at("Resources", "Repository", "Properties", "RepositoryPolicyText")
    #expect(canonical(embedded) == canonical(try JSONReader.parse(policy.stdout).root))
  }

  @Test(arguments: grantExamples)
  func `aws-cli is one command whose arguments survive the shell unchanged`(example: GrantExample) async throws {
    let policy = runTool(["grant"] + example.arguments)
    let command = runTool(["grant"] + example.arguments + ["--repository", "team/app", "--output", "aws-cli"])
    #expect(command.exitCode == 0, "\(command.stderr)")
    #expect(command.stdout.hasPrefix("aws ecr set-repository-policy --repository-name 'team/app' --region '"))
    #expect(command.stdout.hasSuffix("}'\n"))
    // A shell function stands in for aws and prints its arguments NUL-separated.
    let shell = try await runShell("aws() { printf '%s\\0' \"$@\"; }\n" + command.stdout)
    #expect(shell.status == 0, "\(shell.stderr)")
    let printed = shell.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
    #expect(printed.last == "")
    let arguments = Array(printed.dropLast())
    let expected = [
      "ecr", "set-repository-policy", "--repository-name", "team/app", "--region", example.region, "--policy-text",
      String(policy.stdout.dropLast()),
    ]
    #expect(arguments == expected)
  }

  @Test func `aws-cli without --repository is a usage error`() {
    let result = runTool(["grant", "--consumer", "222222222222", "--region", "eu-west-1", "--output", "aws-cli"])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("--output aws-cli needs --repository NAME"))
  }

  @Test func `aws-cli quotes a policy holding single quotes so the shell passes it through exactly`() async throws {
    let policy = """
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "KeepTeamOut",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "ecr:DeleteRepository",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": "o'brien's 'quoted' team"}}
          }
        ]
      }

      """
    let arguments = ["--consumer", "222222222222", "--region", "eu-west-1"]
    let merged = try grant(into: policy, arguments)
    #expect(merged.exitCode == 0, "\(merged.stderr)")
    #expect(merged.stdout.contains("o'brien's 'quoted' team"))
    let command = try grant(into: policy, arguments + ["--output", "aws-cli", "--repository", "team/app"])
    #expect(command.exitCode == 0, "\(command.stderr)")
    #expect(command.stdout.contains(#"o'\''brien'\''s '\''quoted'\'' team"#))
    // aws becomes a shell function that prints its last argument.
    let shell = try await runShell("aws() { for last; do :; done; printf '%s' \"$last\"; }\n" + command.stdout)
    #expect(shell.status == 0, "\(shell.stderr)")
    #expect(shell.stdout == String(merged.stdout.dropLast()))
  }

  @Test(.enabled(if: executableOnPath("cfn-lint") != nil, "cfn-lint is not on PATH"))
  func `both CloudFormation outputs pass cfn-lint`() async throws {
    let linter = try #require(executableOnPath("cfn-lint"))
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var files: [String] = []
    for example in grantExamples {
      for (format, suffix) in [("cloudformation", "yaml"), ("cloudformation-json", "json")] {
        for repository in [["--repository", "team/app"], []] {
          let result = runTool(["grant"] + example.arguments + repository + ["--output", format])
          #expect(result.exitCode == 0, "\(result.stderr)")
          let url = directory.appendingPathComponent("\(example.name)-\(repository.count)-\(format).\(suffix)")
          try write(result.stdout, to: url)
          files.append(url.path)
        }
      }
    }
    let lint = try await runProcess(linter, files)
    #expect(lint.status == 0, "cfn-lint: \(lint.stdout)\(lint.stderr)")

    // The harness itself sees a failure: a template with an unknown property does not pass.
    let broken = directory.appendingPathComponent("broken.yaml")
    try write(
      "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Repository:\n    Type: \"AWS::ECR::Repository\"\n"
        + "    Properties:\n      RepositoryPolicy: {}\n",
      to: broken
    )
    let control = try await runProcess(linter, [broken.path])
    #expect(control.status != 0)
  }

  @Test(.enabled(if: executableOnPath("terraform") != nil, "terraform is not on PATH"))
  func `terraform output is already formatted as terraform fmt formats it`() async throws {
    let terraform = try #require(executableOnPath("terraform"))
    var environment = ProcessInfo.processInfo.environment
    environment["CHECKPOINT_DISABLE"] = "1"
    for example in grantExamples {
      let result = runTool(["grant"] + example.arguments + ["--repository", "team/app", "--output", "terraform"])
      #expect(result.exitCode == 0, "\(result.stderr)")
      let formatted = try await runProcess(terraform, ["fmt", "-"], environment: environment, stdin: result.stdout)
      #expect(formatted.status == 0, "\(formatted.stderr)")
      #expect(formatted.stdout == result.stdout, "\(example.name)")
    }
  }

  @Test func `terraform output is one aws_ecr_repository_policy with the policy in jsonencode`() {
    let result = runTool(
      ["grant", "--consumer", "222222222222", "--region", "eu-west-1", "--repository", "team/app"]
        + ["--output", "terraform"]
    )
    #expect(result.exitCode == 0)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == #"resource "aws_ecr_repository_policy" "team_app" {"#)
    #expect(lines.dropFirst().first == #"  repository = "team/app""#)
    #expect(lines.dropFirst(2).first == "  policy = jsonencode({")
    #expect(lines.suffix(2) == ["  })", "}"])
    #expect(result.stdout.contains(#""aws:sourceARN" = "arn:aws:lambda:eu-west-1:222222222222:function:*""#))
  }

  // MARK: Acceptance

  @Test func `three consumers in eu-west-1: two statements, three principals, three patterns, and eval agrees`() throws
  {
    let result = runTool(["grant"] + threeConsumers.flatMap { ["--consumer", $0] } + ["--region", "eu-west-1"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    let statements = try statements(result.stdout)
    #expect(statements.count == 2)
    #expect(strings(statements[0].at("Principal", "AWS"))?.count == 3)
    #expect(strings(statements[1].at("Condition", "StringLike", "aws:sourceARN"))?.count == 3)

    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("granted.json")
    try write(result.stdout, to: file)

    func decision(_ principal: String, _ action: String, _ context: [String] = []) throws -> String? {
      let evaluation = runTool(
        ["eval", file.path, "--principal", principal, "--action", action, "--format", "json"]
          + context.flatMap { ["--context", $0] }
      )
      #expect(evaluation.exitCode == 0, "\(evaluation.stderr)")
      return try JSONReader.parse(evaluation.stdout).root.at("decision")?.string
    }
    func function(_ account: String, region: String = "eu-west-1") -> [String] {
      ["aws:SourceArn=arn:aws:lambda:\(region):\(account):function:image-app", "aws:SourceAccount=\(account)"]
    }
    for action in pullActions {
      for account in threeConsumers {
        #expect(try decision(account, action) == "allow", "\(account) root \(action)")
        let role = "arn:aws:sts::\(account):assumed-role/deployer/session"
        #expect(try decision(role, action) == "allow", "\(role) \(action)")
        #expect(try decision("lambda.amazonaws.com", action, function(account)) == "allow", "\(account) Lambda")
        // Lambda pulls only within the repository's Region.
        #expect(try decision("lambda.amazonaws.com", action, function(account, region: "us-east-1")) != "allow")
      }
      #expect(try decision("999999999999", action) == "implicit-deny")
      #expect(try decision("lambda.amazonaws.com", action, function("999999999999")) == "implicit-deny")
      #expect(try decision("lambda.amazonaws.com", action) == "implicit-deny")
    }
    // Nothing beyond pulling.
    #expect(try decision("222222222222", "ecr:PutImage") == "implicit-deny")
    #expect(try decision("222222222222", "ecr:DeleteRepository") == "implicit-deny")
    #expect(try decision("anonymous", "ecr:BatchGetImage") == "implicit-deny")
  }

  @Test func `--function limits Lambda to the named functions and their qualifiers`() throws {
    let result = runTool(
      ["grant", "--consumer", "222222222222", "--consumer", "333333333333", "--region", "eu-west-1"]
        + ["--function", "api", "--function", "worker"]
    )
    #expect(result.exitCode == 0, "\(result.stderr)")
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("granted.json")
    try write(result.stdout, to: file)
    func lambdaDecision(_ functionARN: String) throws -> String? {
      let evaluation = runTool([
        "eval", file.path, "--principal", "lambda.amazonaws.com", "--action", "ecr:BatchGetImage", "--format", "json",
        "--context", "aws:SourceArn=\(functionARN)",
      ])
      return try JSONReader.parse(evaluation.stdout).root.at("decision")?.string
    }
    let prefix = "arn:aws:lambda:eu-west-1:333333333333:function:"
    #expect(try lambdaDecision(prefix + "api") == "allow")
    #expect(try lambdaDecision(prefix + "api:live") == "allow")
    #expect(try lambdaDecision(prefix + "worker:7") == "allow")
    #expect(try lambdaDecision(prefix + "api-v2") == "implicit-deny")
    #expect(try lambdaDecision(prefix + "other") == "implicit-deny")
    #expect(try lambdaDecision("arn:aws:lambda:eu-west-1:999999999999:function:api") == "implicit-deny")
  }

  @Test func `--owner keeps the owner out of CrossAccountPermission but in the Lambda statement`() throws {
    let result = runTool(
      ["grant", "--consumer", "222222222222", "--consumer", "111111111111", "--region", "eu-west-1"]
        + ["--owner", "111111111111"]
    )
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stderr.contains("note: 111111111111 owns the repository"))
    let statements = try statements(result.stdout)
    #expect(strings(statements[0].at("Principal", "AWS")) == ["arn:aws:iam::222222222222:root"])
    #expect(
      strings(statements[1].at("Condition", "StringLike", "aws:sourceARN")) == [
        "arn:aws:lambda:eu-west-1:111111111111:function:*", "arn:aws:lambda:eu-west-1:222222222222:function:*",
      ]
    )
    let ownerOnly = runTool(["grant", "--consumer", "111111111111", "--region", "eu-west-1", "--owner", "111111111111"])
    #expect(ownerOnly.exitCode == 0, "\(ownerOnly.stderr)")
    #expect(try sids(ownerOnly.stdout) == [lambdaSid])
  }

  // MARK: Merging

  @Test func `merging into an empty policy adds both statements`() throws {
    let empty = #"{"Version":"2012-10-17","Statement":[]}"#
    let arguments = ["--consumer", "222222222222", "--region", "eu-west-1"]
    let result = try grant(into: empty, arguments)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stderr.contains("note: added statement 'CrossAccountPermission' for the accounts"))
    #expect(
      result.stderr.contains(
        "note: added statement 'LambdaECRImageCrossAccountRetrievalPolicy' for lambda.amazonaws.com"
      )
    )
    #expect(result.stdout.hasPrefix(#"{"Version":"2012-10-17","Statement":["#))
    let fresh = runTool(["grant"] + arguments)
    #expect(canonical(try JSONReader.parse(result.stdout).root) == canonical(try JSONReader.parse(fresh.stdout).root))
    try expectGolden(result.stdout, "grant/merge/empty.json")
    let again = try grant(into: result.stdout, arguments)
    #expect(again.exitCode == 0)
    #expect(Array(again.stdout.utf8) == Array(result.stdout.utf8))
  }

  @Test func `merging a new account into the guide's pair extends both statements and changes nothing else`() throws {
    let original = try crossAccountLambda()
    let arguments = ["--consumer", "210987654321", "--region", "us-east-1"]
    let result = try grant(into: original, arguments)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      result.stderr
        == "note: extended 'CrossAccountPermission' with 1 account\n"
        + "note: extended 'LambdaECRImageCrossAccountRetrievalPolicy' with 1 aws:SourceArn pattern\n"
    )
    // Every byte outside the two edited values is the original's, Sids included.
    #expect(Array(result.stdout.utf8) == Array(try crossAccountLambdaExtended(original).utf8))
    #expect(try sids(result.stdout) == [accountSid, lambdaSid])

    let again = try grant(into: result.stdout, arguments)
    #expect(again.exitCode == 0, "\(again.stderr)")
    #expect(Array(again.stdout.utf8) == Array(result.stdout.utf8))
    #expect(again.stderr == "note: the policy already grants every pull asked for\n")
  }

  @Test func `an account that is already granted changes nothing and says so`() throws {
    let original = try crossAccountLambda()
    for extra in [[], ["--function", "api"]] {
      let result = try grant(into: original, ["--consumer", "123456789012", "--region", "us-east-1"] + extra)
      #expect(result.exitCode == 0, "\(result.stderr)")
      #expect(Array(result.stdout.utf8) == Array(original.utf8))
      #expect(result.stderr == "note: the policy already grants every pull asked for\n")
    }
  }

  @Test func `a new account limited to one function is added to the Lambda list as NAME and NAME:*`() throws {
    let result = try grant(
      into: try crossAccountLambda(),
      ["--consumer", "210987654321", "--region", "us-east-1", "--function", "api"]
    )
    #expect(result.exitCode == 0, "\(result.stderr)")
    let statements = try statements(result.stdout)
    #expect(
      strings(statements[1].at("Condition", "StringLike", "aws:sourceARN")) == [
        "arn:aws:lambda:us-east-1:123456789012:function:*", "arn:aws:lambda:us-east-1:210987654321:function:api",
        "arn:aws:lambda:us-east-1:210987654321:function:api:*",
      ]
    )
    #expect(
      strings(statements[0].at("Principal", "AWS")) == [
        "arn:aws:iam::123456789012:root", "arn:aws:iam::210987654321:root",
      ]
    )
  }

  @Test func `unrelated Deny and push statements are kept byte for byte`() throws {
    let original = """
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "ecr:*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}
          },
          {
            "Sid": "CIPush",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111111111111:role/ci"},
            "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
          }
        ]
      }

      """
    let arguments = ["--consumer", "222222222222", "--region", "eu-west-1"]
    let result = try grant(into: original, arguments)
    #expect(result.exitCode == 0, "\(result.stderr)")
    let tail = "\n  ]\n}\n"
    let head = String(original.dropLast(tail.count))
    #expect(result.stdout.hasPrefix(head))
    #expect(result.stdout.hasSuffix(tail))
    #expect(try sids(result.stdout) == ["DenyInsecureTransport", "CIPush", accountSid, lambdaSid])
    let inserted = result.stdout.dropFirst(head.count).dropLast(tail.count)
    #expect(inserted.hasPrefix(",\n    {\n      \"Sid\": \"CrossAccountPermission\",\n"))
    try expectGolden(result.stdout, "grant/merge/deny-and-push.json")

    let again = try grant(into: result.stdout, arguments)
    #expect(Array(again.stdout.utf8) == Array(result.stdout.utf8))
  }

  @Test func `a Sid taken by an unrelated statement gets a number`() throws {
    let original = """
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "CrossAccountPermission",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111111111111:role/ci"},
            "Action": "ecr:PutImage"
          }
        ]
      }

      """
    let arguments = ["--consumer", "222222222222", "--region", "eu-west-1"]
    let result = try grant(into: original, arguments)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(try sids(result.stdout) == [accountSid, accountSid + "2", lambdaSid])
    #expect(result.stdout.hasPrefix(String(original.dropLast("\n  ]\n}\n".count))))
    let statements = try statements(result.stdout)
    #expect(strings(statements[1].at("Principal", "AWS")) == ["arn:aws:iam::222222222222:root"])
    #expect(strings(statements[0].at("Action")) == ["ecr:PutImage"])
    try expectGolden(result.stdout, "grant/merge/sid-clash.json")

    let again = try grant(into: result.stdout, arguments)
    #expect(again.exitCode == 0, "\(again.stderr)")
    #expect(Array(again.stdout.utf8) == Array(result.stdout.utf8))
  }

  @Test func `numbered Sids skip numbers already taken, for both statements`() throws {
    let original = """
      {
        "Version": "2012-10-17",
        "Statement": [
          {"Sid": "CrossAccountPermission", "Effect": "Allow", "Principal": {"AWS": \
      "arn:aws:iam::111111111111:role/ci"}, "Action": "ecr:PutImage"},
          {"Sid": "CrossAccountPermission2", "Effect": "Allow", "Principal": {"AWS": \
      "arn:aws:iam::111111111111:role/ci"}, "Action": "ecr:DescribeImages"},
          {"Sid": "LambdaECRImageCrossAccountRetrievalPolicy", "Effect": "Deny", "Principal": "*", \
      "Action": "ecr:DeleteRepository"}
        ]
      }
      """
    let result = try grant(into: original, ["--consumer", "222222222222", "--region", "eu-west-1"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      try sids(result.stdout) == [accountSid, accountSid + "2", lambdaSid, accountSid + "3", lambdaSid + "2"]
    )
  }

  @Test func `a get-repository-policy wrapper is merged and the policy text is printed`() throws {
    let policyText = String(try crossAccountLambda().dropLast())
    let wrapper = """
      {
          "registryId": "111111111111",
          "repositoryName": "team/app",
          "policyText": \(JSONOutput.quoted(policyText))
      }

      """
    let result = try grant(into: wrapper, ["--consumer", "210987654321", "--region", "us-east-1"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(!result.stdout.contains("registryId"))
    #expect(Array(result.stdout.utf8) == Array(try crossAccountLambdaExtended(try crossAccountLambda()).utf8))
  }

  @Test func `Lambda's own statement read from get-repository-policy is extended when --owner is given`() throws {
    let wrapper = Fixtures.policiesDirectory.appendingPathComponent("get-repository-policy-output.json").path
    let result = runTool(
      ["grant", "--consumer", "210987654321", "--region", "us-east-1", "--owner", "111111111111", "--into", wrapper]
    )
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("{\n  \"Version\" : \"2008-10-17\",\n  \"Statement\" : [ {\n"))
    #expect(try sids(result.stdout) == ["LambdaECRImageRetrievalPolicy", accountSid])
    let statements = try statements(result.stdout)
    #expect(
      strings(statements[0].at("Condition", "StringLike", "aws:sourceArn")) == [
        "arn:aws:lambda:us-east-1:111111111111:function:*", "arn:aws:lambda:us-east-1:210987654321:function:*",
      ]
    )
    #expect(strings(statements[1].at("Principal", "AWS")) == ["arn:aws:iam::210987654321:root"])
  }

  @Test func `Lambda's own statement read from get-repository-policy is extended without --owner`() throws {
    // The wrapper names the owner (registryId 111111111111) and its policy is the statement Lambda writes for the
    // owner's functions. Extending it for 210987654321 is the everyday case and must not need --owner.
    let wrapper = Fixtures.policiesDirectory.appendingPathComponent("get-repository-policy-output.json").path
    let result = runTool(["grant", "--consumer", "210987654321", "--region", "us-east-1", "--into", wrapper])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains("arn:aws:lambda:us-east-1:210987654321:function:*"))
  }

  @Test func `--into - reads the policy from standard input`() throws {
    let original = try crossAccountLambda()
    let result = runTool(
      ["grant", "--consumer", "210987654321", "--region", "us-east-1", "--into", "-"],
      stdin: Array(original.utf8)
    )
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(Array(result.stdout.utf8) == Array(try crossAccountLambdaExtended(original).utf8))
  }

  @Test func `a CRLF policy gets CRLF in the inserted text`() throws {
    let original = try crossAccountLambda().replacingOccurrences(of: "\n", with: "\r\n")
    #expect(bareLineFeeds(original.utf8) == 0)
    let result = try grant(into: original, ["--consumer", "210987654321", "--region", "us-east-1"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let expected = Array(
      try crossAccountLambdaExtended(try crossAccountLambda()).replacingOccurrences(of: "\n", with: "\r\n").utf8
    )
    #expect(Array(result.stdout.utf8.prefix(expected.count)) == expected)

    let appended = try grant(
      into: #"{"Version": "2012-10-17",\#r\#n "Statement": [\#r\#n  {"Sid": "Other", "Effect": "Deny", "#
        + #""Principal": "*", "Action": "ecr:DeleteRepository"}\#r\#n ]\#r\#n}\#r\#n"#,
      ["--consumer", "222222222222", "--region", "eu-west-1"]
    )
    #expect(appended.exitCode == 0, "\(appended.stderr)")
    let bytes = Array(appended.stdout.utf8)
    let body = bytes.prefix(through: try #require(bytes.lastIndex(of: UInt8(ascii: "}"))))
    #expect(bareLineFeeds(body) == 0)
    #expect(body.count { $0 == 0x0A } > 20)
    #expect(try sids(appended.stdout) == ["Other", accountSid, lambdaSid])
  }

  @Test func `a CRLF policy is printed without an extra line feed, so an unchanged policy is byte-identical`() throws {
    let original = try crossAccountLambda().replacingOccurrences(of: "\n", with: "\r\n")
    let unchanged = try grant(into: original, ["--consumer", "123456789012", "--region", "us-east-1"])
    #expect(unchanged.exitCode == 0, "\(unchanged.stderr)")
    #expect(Array(unchanged.stdout.utf8) == Array(original.utf8))
    let extended = try grant(into: original, ["--consumer", "210987654321", "--region", "us-east-1"])
    #expect(bareLineFeeds(extended.stdout.utf8) == 0)
    let command = try grant(
      into: original,
      ["--consumer", "210987654321", "--region", "us-east-1", "--output", "aws-cli", "--repository", "team/app"]
    )
    #expect(Array(command.stdout.utf8.suffix(3)) == Array("}'\n".utf8))
  }

  @Test func `a four-space policy gets four-space indentation in the inserted text`() throws {
    let extended = try grant(
      into: try crossAccountLambda().replacingOccurrences(of: "  ", with: "    "),
      ["--consumer", "210987654321", "--region", "us-east-1"]
    )
    #expect(extended.exitCode == 0, "\(extended.stderr)")
    #expect(indentations(extended.stdout).allSatisfy { $0 % 4 == 0 })
    #expect(extended.stdout.contains("\n                    \"arn:aws:iam::210987654321:root\"\n"))

    let original = """
      {
          "Version": "2012-10-17",
          "Statement": [
              {
                  "Sid": "Other",
                  "Effect": "Allow",
                  "Principal": {"AWS": "arn:aws:iam::111111111111:role/ci"},
                  "Action": "ecr:PutImage"
              }
          ]
      }

      """
    let appended = try grant(into: original, ["--consumer", "222222222222", "--region", "eu-west-1"])
    #expect(appended.exitCode == 0, "\(appended.stderr)")
    #expect(indentations(appended.stdout).allSatisfy { $0 % 4 == 0 })
    #expect(appended.stdout.contains("\n        {\n            \"Sid\": \"CrossAccountPermission\",\n"))
    #expect(appended.stdout.hasPrefix(String(original.dropLast("\n    ]\n}\n".count))))
    try expectGolden(appended.stdout, "grant/merge/four-spaces.json")
  }

  // MARK: Verification

  @Test func `a Deny in the policy that blocks the consumer fails verification with exit 2`() throws {
    let policy = """
      {"Version": "2012-10-17", "Statement": [{"Sid": "OnlyOwner", "Effect": "Deny", "Principal": "*", \
      "Action": "ecr:*", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111111111111"}}}]}
      """
    for format in ["policy", "aws-cli"] {
      let result = try grant(
        into: policy,
        ["--consumer", "222222222222", "--region", "eu-west-1", "--output", format, "--repository", "team/app"]
      )
      #expect(result.exitCode == 2)
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.contains("verification failed"))
      // The message names the check that failed.
      #expect(result.stderr.contains("arn:aws:iam::222222222222:root cannot perform ecr:BatchGetImage"))
    }
  }

  // MARK: Bad input

  @Test(arguments: [
    (["--consumer", "12345", "--region", "eu-west-1"], "--consumer '12345' is not a 12-digit account ID"),
    (["--consumer", "2222222222222", "--region", "eu-west-1"], "is not a 12-digit account ID"),
    (["--consumer", "22222222222a", "--region", "eu-west-1"], "is not a 12-digit account ID"),
    (["--consumer", "222222222222", "--region", "useast1"], "--region 'useast1' is not a Region code"),
    (
      ["--consumer", "222222222222", "--region", "eu-west-1", "--partition", "aws-xx"],
      "--partition 'aws-xx' is not one of aws, aws-cn, aws-us-gov"
    ),
    (["--region", "eu-west-1"], "grant needs at least one --consumer ACCOUNT"),
    (["--consumer", "222222222222"], "grant needs --region REGION"),
    (
      ["--consumer", "222222222222", "--region", "eu-west-1", "--output", "aws-cli"],
      "--output aws-cli needs --repository"
    ),
    (
      ["--consumer", "222222222222", "--region", "eu-west-1", "--function", "my fn"],
      "--function 'my fn' is not a Lambda function name"
    ),
    (["--consumer", "222222222222", "--region", "eu-west-1", "--output", "yaml"], "option '--output' must be one of"),
    (["--consumer", "222222222222", "--region", "eu-west-1", "--owner", "1111"], "--owner '1111' is not a 12-digit"),
    (
      ["--consumer", "222222222222", "--region", "eu-west-1", "--repository", "Team App"],
      "--repository 'Team App' is not an ECR repository name"
    ),
    (["--consumer", "222222222222", "--region", "eu-west-1", "policy.json"], "grant takes no positional arguments"),
    (
      ["--consumer", "222222222222", "--region", "eu-west-1", "--into", "/nonexistent/policy.json"],
      "/nonexistent/policy.json: no such file or directory"
    ),
  ])
  func `bad input exits 2 with a clear message`(arguments: [String], message: String) {
    let result = runTool(["grant"] + arguments)
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  @Test func `--into a directory exits 2`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try write(validLambdaPolicy, to: directory.appendingPathComponent("policy.json"))
    let result = runTool(["grant", "--consumer", "222222222222", "--region", "eu-west-1", "--into", directory.path])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("--into takes one policy file, not a directory"))
  }

  @Test func `--into a file that is not JSON prints its findings as validate does and exits 2`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("broken.json")
    try write("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}\n", to: file)
    let result = runTool(["grant", "--consumer", "222222222222", "--region", "eu-west-1", "--into", file.path])
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("\(file.path):4:23: error: "))
    #expect(result.stderr.contains("[invalid-json]"))
    #expect(result.stderr.contains("error: \(file.path) is not a valid policy"))
    let validate = runTool(["validate", file.path])
    #expect(validate.exitCode == 1)
    #expect(result.stderr.hasPrefix(validate.stdout), "validate printed:\n\(validate.stdout)")
  }

  @Test func `--into a policy with structural errors prints them and exits 2`() {
    let policy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Principal": "*", "Action": "ecr:*"}]}"#
    let result = runTool(
      ["grant", "--consumer", "222222222222", "--region", "eu-west-1", "--into", "-"],
      stdin: Array(policy.utf8)
    )
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("<stdin>:1:52: error: "))
    #expect(result.stderr.contains("[invalid-value]"))
  }

  @Test func `duplicate consumers are granted once with a note`() {
    let single = runTool(["grant", "--consumer", "222222222222", "--region", "eu-west-1"])
    let twice = runTool(
      ["grant", "--consumer", "222222222222", "--consumer", "222222222222", "--region", "eu-west-1"]
    )
    #expect(twice.exitCode == 0)
    #expect(twice.stdout == single.stdout)
    #expect(twice.stderr == "note: --consumer 222222222222 is given more than once; it is granted once\n")
  }

  @Test(arguments: [150, 600])
  func `consumers past ECR's size limit fail verification with the size, not with an unproven pull`(count: Int) {
    // 150 accounts overflow 10,240 characters even without white space; 600 also put the file beyond the audit's
    // bound, where pulls are unknown: the size is the reason in both cases.
    let consumers = (0..<count).map { String(100_000_000_000 + $0) }
    let result = runTool(["grant", "--region", "us-east-1"] + consumers.flatMap { ["--consumer", $0] })
    #expect(result.exitCode == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("the result does not fit ECR"))
    #expect(result.stderr.contains("ECR accepts at most 10240 [policy-too-large]"))
  }

  @Test func `help lists every output format`() {
    let result = runTool(["grant", "--help"])
    #expect(result.exitCode == 0)
    for format in outputFormats { #expect(result.stdout.contains(format.name)) }
  }

  // MARK: Round trip through a local ECR

  @Test(
    .enabled(
      if: executableOnPath("moto_server") != nil && executableOnPath("aws") != nil,
      "moto_server or aws is not on PATH: skipping the round trip through a local ECR"
    ),
    .timeLimit(.minutes(3))
  )
  func `the aws-cli output sets a policy on moto's ECR that audits clean`() async throws {
    let motoServer = try #require(executableOnPath("moto_server"))
    let aws = try #require(executableOnPath("aws"))
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }

    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
    environment["AWS_ACCESS_KEY_ID"] = "testing"
    environment["AWS_SECRET_ACCESS_KEY"] = "testing"
    environment["AWS_DEFAULT_REGION"] = "eu-west-1"
    environment["AWS_CONFIG_FILE"] = directory.appendingPathComponent("no-config").path
    environment["AWS_SHARED_CREDENTIALS_FILE"] = directory.appendingPathComponent("no-credentials").path
    environment["AWS_EC2_METADATA_DISABLED"] = "true"
    environment["NO_PROXY"] = "127.0.0.1"
    environment["no_proxy"] = "127.0.0.1"

    // Start moto on a free loopback port; a port taken in between makes the server exit, and we try another.
    var started: (Process, UInt16)?
    let log = directory.appendingPathComponent("moto.log")
    for _ in 0..<3 where started == nil {
      let port = try #require(freeLoopbackPort())
      let server = Process()
      server.executableURL = URL(fileURLWithPath: motoServer)
      server.arguments = ["-H", "127.0.0.1", "-p", String(port)]
      server.environment = environment
      try write("", to: log)
      let logHandle = try FileHandle(forWritingTo: log)
      server.standardOutput = logHandle
      server.standardError = logHandle
      try server.run()
      let deadline = ContinuousClock.now + .seconds(30)
      while server.isRunning, !acceptsConnections(port: port), ContinuousClock.now < deadline {
        try? await Task.sleep(for: .milliseconds(50))
      }
      if server.isRunning, acceptsConnections(port: port) {
        started = (server, port)
      } else {
        stop(server)
      }
      try? logHandle.close()
    }
    let (server, port) = try #require(
      started,
      "moto_server did not answer: \(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))"
    )
    defer { stop(server) }
    let endpoint = "http://127.0.0.1:\(port)"

    let created = try await runProcess(
      aws,
      ["--endpoint-url", endpoint, "ecr", "create-repository", "--repository-name", "team/app"],
      environment: environment,
      timeout: .seconds(60)
    )
    try #require(created.status == 0, "create-repository: \(created.stderr)")

    let consumers = threeConsumers.flatMap { ["--consumer", $0] }
    let policy = runTool(["grant"] + consumers + ["--region", "eu-west-1"])
    let command = runTool(
      ["grant"] + consumers + ["--region", "eu-west-1", "--output", "aws-cli", "--repository", "team/app"]
    )
    try #require(command.exitCode == 0, "\(command.stderr)")
    #expect(command.stdout.hasPrefix("aws ecr set-repository-policy "))
    // The generated command runs verbatim; a shell function puts --endpoint-url right after `aws`.
    var shellEnvironment = environment
    shellEnvironment["ECR_POLICY_TEST_ENDPOINT"] = endpoint
    let set = try await runShell(
      "aws() { command aws --endpoint-url \"$ECR_POLICY_TEST_ENDPOINT\" \"$@\"; }\n" + command.stdout,
      environment: shellEnvironment
    )
    try #require(set.status == 0, "set-repository-policy: \(set.stderr)")

    let fetched = try await runProcess(
      aws,
      ["--endpoint-url", endpoint, "ecr", "get-repository-policy", "--repository-name", "team/app"],
      environment: environment,
      timeout: .seconds(60)
    )
    try #require(fetched.status == 0, "get-repository-policy: \(fetched.stderr)")
    let wrapper = try JSONReader.parse(fetched.stdout).root
    #expect(wrapper.at("repositoryName")?.string == "team/app")
    #expect(wrapper.at("policyText")?.string == String(policy.stdout.dropLast()))

    let audit = runTool(
      ["audit", "-"] + consumers + ["--region", "eu-west-1", "--format", "json"],
      stdin: Array(fetched.stdout.utf8)
    )
    #expect(audit.exitCode == 0, "\(audit.stdout)")
    let report = try JSONReport(audit.stdout)
    let serious = report.findings(ofFile: 0).filter { ["error", "warning"].contains($0.at("severity")?.string) }
    #expect(serious.isEmpty, "\(audit.stdout)")
    let table = report.files.first?.at("consumers")?.elements ?? []
    #expect(table.compactMap { $0.at("account")?.string } == threeConsumers)
    for row in table {
      #expect(canonical(row.at("accountCanPull")) == "true")
      #expect(canonical(row.at("lambdaCanPull")) == "true")
    }
  }
}
