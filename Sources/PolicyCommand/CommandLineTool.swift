/// What a command may use from the outside world; injected so tests run commands in-process.
public struct CommandContext: Sendable {
  let inputs: InputCollector
  /// Where a report is written while the command runs; nil keeps it in the command's result.
  let writeStandardOutput: (@Sendable ([UInt8]) -> Void)?

  /// `readStandardInput` is called at most once, only when a path is `-`.
  public init(readStandardInput: @escaping @Sendable () -> [UInt8]) {
    inputs = InputCollector(readStandardInput: { readStandardInput() })
    writeStandardOutput = nil
  }

  /// As above, for a reader that can fail: nil is a read error, reported like an unreadable file (exit 2).
  public init(readingStandardInput: @escaping @Sendable () -> [UInt8]?) {
    inputs = InputCollector(readStandardInput: readingStandardInput)
    writeStandardOutput = nil
  }

  private init(inputs: InputCollector, writeStandardOutput: (@Sendable ([UInt8]) -> Void)?) {
    self.inputs = inputs
    self.writeStandardOutput = writeStandardOutput
  }

  /// This context, with reports over many files handed to `write` piece by piece, in order, as they are produced,
  /// instead of kept in the result until the command ends. Output a command produces all at once stays in its
  /// result, after everything written here. `write` is called on the thread that runs the command.
  public func writingStandardOutput(to write: @escaping @Sendable ([UInt8]) -> Void) -> CommandContext {
    CommandContext(inputs: inputs, writeStandardOutput: write)
  }

  /// The context of the running process: `-` reads the process's standard input.
  public static let process = CommandContext(readingStandardInput: FileSystem.readStandardInput)
}

/// The `ecr-policy` command line: dispatches to a subcommand and returns its output and exit code.
public enum CommandLineTool {
  public static let version = "0.1.0"

  static let help = """
    ecr-policy \(version): audits AWS ECR repository policies offline.

    USAGE: ecr-policy <command> [options]

    COMMANDS:
      audit      Who can pull, what is public or over-broad, whose Lambda functions will fail
      grant      Write the cross-account pull statements, verified, as a policy, CLI command, CloudFormation
                 or Terraform
      validate   Check policy grammar and structure, with positions (file:line:column)
      eval       Evaluate one request against a policy and explain the decision
      rules      List every rule
      explain    Explain one rule: why it matters, an example and the fix

    Run 'ecr-policy <command> --help' for a command's options.

    OPTIONS:
      --help      Show this help.
      --version   Show the version.
    """

  /// Runs the tool with the arguments as the process received them, as bytes (without the program name). An
  /// argument that is not UTF-8 is refused (exit 2): made a String, its bytes would be repaired, and the repaired
  /// path could name another file, which would then be checked in its place.
  public static func run(argumentBytes: [[UInt8]], context: CommandContext) -> CommandResult {
    var arguments: [String] = []
    for (index, bytes) in argumentBytes.enumerated() {
      if let spelling = ByteSpelling.escapedIfNotUTF8(bytes) {
        return CommandResult(
          exitCode: ExitCode.usageOrIO,
          stderr: "error: argument \(index + 1), '\(spelling)', is not valid UTF-8; arguments and paths must be UTF-8\n"
        )
      }
      arguments.append(String(decoding: bytes, as: UTF8.self))
    }
    return run(arguments, context: context)
  }

  /// Runs the tool with `arguments` (without the program name).
  public static func run(_ arguments: [String], context: CommandContext) -> CommandResult {
    guard let command = arguments.first else {
      return CommandResult(exitCode: ExitCode.usageOrIO, stderr: help + "\n")
    }
    let rest = Array(arguments.dropFirst())
    switch command {
    case "validate":
      return ValidateCommand.run(rest, context: context)
    case "eval":
      return EvalCommand.run(rest, context: context)
    case "audit":
      return AuditCommand.run(rest, context: context)
    case "grant":
      return GrantCommand.run(rest, context: context)
    case "rules":
      if rest == ["--help"] { return CommandResult(exitCode: ExitCode.success, stdout: "USAGE: ecr-policy rules\n") }
      guard rest.isEmpty else {
        return CommandResult(exitCode: ExitCode.usageOrIO, stderr: "error: 'rules' takes no arguments\n")
      }
      return RulesCommand.list()
    case "explain":
      return RulesCommand.explain(rest)
    case "--help", "-h", "help":
      return CommandResult(exitCode: ExitCode.success, stdout: help + "\n")
    case "--version":
      return CommandResult(exitCode: ExitCode.success, stdout: "ecr-policy \(version)\n")
    default:
      let known = ["audit", "grant", "validate", "eval", "rules", "explain"]
      let suggestion = known.first { $0.hasPrefix(command.prefix(3)) }
      return CommandResult(
        exitCode: ExitCode.usageOrIO,
        stderr: "error: unknown command '\(command)'"
          + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + "\nsee 'ecr-policy --help'\n"
      )
    }
  }
}
