import PolicyDiagnostics
import PolicyGrant
import PolicyModel
import PolicyReporting
import PolicySyntax

/// `ecr-policy grant --consumer ACCOUNT... --region REGION [options]`.
struct GrantCommand {
  static let help = """
    USAGE: ecr-policy grant --consumer ACCOUNT... --region REGION [--partition P] [--function NAME]...
                            [--into POLICY] [--owner ACCOUNT] [--repository NAME]
                            [--output policy|aws-cli|cloudformation|cloudformation-json|terraform]

    Writes the statements that let other accounts' Lambda functions pull from a repository: CrossAccountPermission
    for the accounts, and LambdaECRImageCrossAccountRetrievalPolicy for lambda.amazonaws.com limited by
    aws:sourceARN to those accounts' functions. The result is verified with the evaluator and the audit before it
    is printed.

    OPTIONS:
      --consumer ACCOUNT   An account whose functions pull (repeatable; duplicates are dropped with a note).
      --region REGION      The repository's Region; Lambda pulls only within one Region.
      --partition P        aws, aws-cn or aws-us-gov (default: from the Region).
      --function NAME      Limit the Lambda statement to these functions (repeatable): NAME and NAME:* per account.
      --into POLICY        Merge into an existing policy (a file, '-', or 'aws ecr get-repository-policy' output):
                           statements that already do the job are extended, others are added, nothing else
                           changes. Running it twice changes nothing.
      --owner ACCOUNT      The repository's account: as a consumer it needs only the Lambda statement.
      --repository NAME    The repository name (required for --output aws-cli).
      --output FORMAT      policy (default), aws-cli, cloudformation, cloudformation-json, terraform.

    EXIT CODES: 0 printed, 2 usage error, invalid --into policy, or a failed verification.
    """

  static func run(_ arguments: [String], context: CommandContext) -> CommandResult {
    do {
      let parsed = try ParsedArguments(
        arguments,
        options: [
          .repeated("consumer"), .value("region"), .value("partition"), .repeated("function"), .value("into"),
          .value("owner"), .value("repository"), .value("output"), .flag("help"),
        ]
      )
      if parsed.has("help") { return CommandResult(exitCode: ExitCode.success, stdout: help + "\n") }
      guard parsed.positionals.isEmpty else {
        throw UsageError("grant takes no positional arguments; got '\(parsed.positionals[0])'")
      }
      let format: GrantFormat = try parsed.choice("output", default: .policy)
      var stderr = ""
      var spec = try specification(parsed, notes: &stderr)
      if format == .awsCLI, parsed.value("repository") == nil {
        throw UsageError("--output aws-cli needs --repository NAME")
      }
      let original: PolicyFile?
      let text: String
      if let into = parsed.value("into") {
        if context.inputs.isDirectory(into) { throw UsageError("--into takes one policy file, not a directory") }
        let (files, problems) = context.inputs.collect([into])
        if let problem = problems.first { throw UsageError(problem) }
        guard let input = files.first else { throw UsageError("--into '\(into)' holds no policy") }
        let file = PolicyFile(path: input.path, bytes: input.bytes, kind: .repository)
        // `aws ecr get-repository-policy` output names the owning account: its functions need only the Lambda
        // statement, and the audit of the result must know it.
        if spec.owner == nil, let registryID = file.wrapperRegistryID, ARN.isAccountID(registryID) {
          spec = GrantSpec(
            consumers: spec.consumers,
            region: spec.region,
            partition: spec.partition,
            functions: spec.functions,
            owner: registryID
          )
        }
        let errors = file.result.findings.filter { $0.severity == .error }
        guard errors.isEmpty, file.result.document != nil else {
          return CommandResult(
            exitCode: ExitCode.usageOrIO,
            stderr: TextReporter.render([ReportedFile(file: file, findings: errors)])
              + "error: \(input.path) is not a valid policy; fix it before merging into it\n"
          )
        }
        guard let merged = PolicyMerger.merge(file, spec: spec) else {
          return CommandResult(exitCode: ExitCode.usageOrIO, stderr: "error: internal error: the merge failed\n")
        }
        for note in merged.notes { stderr += "note: \(note)\n" }
        if merged.edits.isEmpty { stderr += "note: the policy already grants every pull asked for\n" }
        original = file
        text = merged.text
      } else {
        original = nil
        text = GrantGenerator.policy(spec).rendered(pretty: true) + "\n"
      }

      if let owner = spec.owner, spec.consumers.contains(owner) {
        stderr +=
          "note: \(owner) owns the repository: its functions need only the Lambda statement, so it is not "
          + "in CrossAccountPermission\n"
      }
      let result = PolicyFile(path: "<generated>", bytes: Array(text.utf8), kind: .repository)
      do {
        try GrantVerifier.verify(result: result, original: original, spec: spec)
      } catch {
        return CommandResult(
          exitCode: ExitCode.usageOrIO,
          stderr: stderr + "error: \(error.message); nothing was printed\n"
        )
      }
      let value = (try? JSONReader.parse(text).root).map(JSONOutput.init) ?? .null
      let output = GrantOutput.render(
        format,
        policyText: text,
        policy: value,
        repository: parsed.value("repository"),
        region: spec.region
      )
      return CommandResult(exitCode: ExitCode.success, stdout: output, stderr: stderr)
    } catch {
      return .failure(error, command: "grant")
    }
  }

  /// The grant asked for, with every value checked.
  static func specification(_ parsed: ParsedArguments, notes: inout String) throws(UsageError) -> GrantSpec {
    let consumers = parsed.all("consumer")
    guard !consumers.isEmpty else { throw UsageError("grant needs at least one --consumer ACCOUNT") }
    for consumer in consumers where !ARN.isAccountID(consumer) {
      throw UsageError("--consumer '\(consumer)' is not a 12-digit account ID")
    }
    var seen: Set<String> = []
    for consumer in consumers where !seen.insert(consumer).inserted {
      notes += "note: --consumer \(consumer) is given more than once; it is granted once\n"
    }
    guard let region = parsed.value("region") else { throw UsageError("grant needs --region REGION") }
    guard ARN.isRegion(region) else { throw UsageError("--region '\(region)' is not a Region code such as us-east-1") }
    let partition = parsed.value("partition")
    if let partition, !ARN.knownPartitions.contains(partition) {
      throw UsageError("--partition '\(partition)' is not one of aws, aws-cn, aws-us-gov")
    }
    let owner = parsed.value("owner")
    if let owner, !ARN.isAccountID(owner) { throw UsageError("--owner '\(owner)' is not a 12-digit account ID") }
    for function in parsed.all("function") where !isFunctionName(function) {
      throw UsageError("--function '\(function)' is not a Lambda function name (1-64 of A-Z a-z 0-9 - _)")
    }
    if let repository = parsed.value("repository"), !IntentOptions.isRepositoryName(repository) {
      throw UsageError("--repository '\(repository)' is not an ECR repository name (lower case, 2-256 characters)")
    }
    return GrantSpec(
      consumers: consumers,
      region: region,
      partition: partition,
      functions: parsed.all("function"),
      owner: owner
    )
  }

  static func isFunctionName(_ name: String) -> Bool {
    (1...64).contains(name.utf8.count)
      && name.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
      }
  }
}
