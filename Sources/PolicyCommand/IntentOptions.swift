import PolicyAudit
import PolicyModel
import PolicyReporting
import PolicySyntax

/// Reads the audit intent from options and an optional `--config` file, and checks every value.
enum IntentOptions {
  static func intent(
    from parsed: ParsedArguments,
    context: CommandContext
  ) throws(UsageError) -> (AuditIntent, PolicyFile?) {
    var config = ConfigFile()
    var configFolder = "."
    if let path = parsed.value("config") {
      config = try ConfigFile.read(path)
      configFolder = FileSystem.folder(of: path)
      if configFolder.isEmpty { configFolder = "." }
    }
    var intent = AuditIntent()
    intent.owner = parsed.value("owner") ?? config.owner
    intent.region = parsed.value("region") ?? config.region
    intent.repository = parsed.value("repository") ?? config.repository
    intent.partition = parsed.value("partition") ?? config.partition
    let consumers = parsed.all("consumer").isEmpty ? config.consumers : parsed.all("consumer")
    if let owner = intent.owner, !ARN.isAccountID(owner) {
      throw UsageError("--owner '\(owner)' is not a 12-digit account ID")
    }
    for consumer in consumers where !ARN.isAccountID(consumer) {
      throw UsageError("--consumer '\(consumer)' is not a 12-digit account ID")
    }
    intent.consumers = Array(Set(consumers)).sorted()
    if let region = intent.region, !ARN.isRegion(region) {
      throw UsageError("--region '\(region)' is not a Region code such as us-east-1")
    }
    if let partition = intent.partition, !ARN.knownPartitions.contains(partition) {
      throw UsageError("--partition '\(partition)' is not one of aws, aws-cn, aws-us-gov")
    }
    if let repository = intent.repository, !isRepositoryName(repository) {
      throw UsageError("--repository '\(repository)' is not an ECR repository name (lower case, 2-256 characters)")
    }
    var registryFile: PolicyFile?
    var registryPath = parsed.value("registry-policy")
    if registryPath == nil, let configured = config.registryPolicy {
      registryPath = configured.hasPrefix("/") ? configured : configFolder + "/" + configured
    }
    if let registryPath {
      guard !context.inputs.isDirectory(registryPath) else {
        throw UsageError("--registry-policy '\(registryPath)' is a directory")
      }
      let (files, problems) = context.inputs.collect([registryPath])
      if let problem = problems.first { throw UsageError(problem) }
      guard let input = files.first else { throw UsageError("--registry-policy '\(registryPath)' is empty") }
      let file = PolicyFile(path: input.path, bytes: input.bytes, kind: .registry)
      guard let document = file.result.document else {
        let findings = TextReporter.render([ReportedFile(file: file, findings: file.result.findings)])
        throw UsageError("--registry-policy '\(registryPath)' is not a policy:\n" + findings)
      }
      intent.registryPolicy = document
      registryFile = file
    }
    return (intent, registryFile)
  }

  /// ECR's repository name pattern: lower-case components separated by '/', 2-256 characters.
  static func isRepositoryName(_ name: String) -> Bool {
    guard (2...256).contains(name.count) else { return false }
    return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
      guard let first = component.first, let last = component.last, first.isLetter || first.isNumber,
        last.isLetter || last.isNumber
      else { return false }
      return component.allSatisfy { ($0.isLowercase && $0.isASCII) || $0.isASCIIDigitOrSeparator }
    }
  }
}

extension Character {
  fileprivate var isASCIIDigitOrSeparator: Bool {
    ("0"..."9").contains(self) || self == "." || self == "_" || self == "-"
  }
}

/// The `--config` file: the intent as JSON, so CI keeps it next to the policy.
struct ConfigFile {
  var owner: String?
  var region: String?
  var repository: String?
  var consumers: [String] = []
  var partition: String?
  var registryPolicy: String?

  static let fields = ["owner", "region", "repository", "consumers", "partition", "registryPolicy"]

  static func read(_ path: String) throws(UsageError) -> ConfigFile {
    let bytes: [UInt8]
    switch FileSystem.readFile(path) {
    case .success(let read): bytes = read
    case .failure(let failure): throw UsageError("\(path): cannot read the config file: \(failure.reason)")
    }
    let root: JSONValue
    do {
      root = try JSONReader.parse(bytes).root
    } catch {
      let position = LineTable(bytes).position(of: error.offset)
      throw UsageError("\(path):\(position.line):\(position.column + 1): \(error.message)")
    }
    guard let members = root.members else { throw UsageError("\(path): the config must be a JSON object") }
    var config = ConfigFile()
    for member in members {
      let position = LineTable(bytes).position(of: member.keyRange.start)
      let place = "\(path):\(position.line):\(position.column + 1)"
      switch member.key {
      case "consumers":
        guard let elements = member.value.elements, elements.allSatisfy({ $0.string != nil }) else {
          throw UsageError("\(place): 'consumers' must be an array of account ID strings")
        }
        config.consumers = elements.compactMap(\.string)
      case "owner", "region", "repository", "partition", "registryPolicy":
        guard let text = member.value.string else { throw UsageError("\(place): '\(member.key)' must be a string") }
        switch member.key {
        case "owner": config.owner = text
        case "region": config.region = text
        case "repository": config.repository = text
        case "partition": config.partition = text
        default: config.registryPolicy = text
        }
      default:
        throw UsageError(
          "\(place): unknown field '\(member.key)' (expected \(fields.joined(separator: ", ")))"
        )
      }
    }
    return config
  }
}
