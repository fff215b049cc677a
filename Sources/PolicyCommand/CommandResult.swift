import PolicyReporting

/// What a command produced. The command layer never writes to the terminal itself, so tests run it in-process.
public struct CommandResult: Sendable, Equatable {
  public var exitCode: Int32
  /// Standard output as UTF-8 pieces written one after the other. A report over thousands of files keeps a piece
  /// per file: joining them would copy megabytes on one core after the work on all cores is done. Pieces are bytes
  /// because reports are rendered as bytes; making text of each would check every byte of it once more.
  public var stdoutPieces: [[UInt8]]
  public var stderr: String

  public init(exitCode: Int32, stdout: String = "", stderr: String = "") {
    self.exitCode = exitCode
    self.stdoutPieces = [Array(stdout.utf8)]
    self.stderr = stderr
  }

  /// Standard output as one text.
  public var stdout: String {
    get { String(decoding: stdoutPieces.count == 1 ? stdoutPieces[0] : Array(stdoutPieces.joined()), as: UTF8.self) }
    set { stdoutPieces = [Array(newValue.utf8)] }
  }

  /// Equal when the same text is written, however it is cut into pieces.
  public static func == (lhs: CommandResult, rhs: CommandResult) -> Bool {
    lhs.exitCode == rhs.exitCode && lhs.stdout == rhs.stdout && lhs.stderr == rhs.stderr
  }
}

extension CommandResult {
  /// The result of a command stopped by `error` before it produced anything: bad usage also points to the
  /// command's help. Exit code 2 either way.
  static func failure(_ error: any Error, command: String) -> CommandResult {
    guard let error = error as? UsageError else {
      return CommandResult(exitCode: ExitCode.usageOrIO, stderr: "error: \(error)\n")
    }
    return CommandResult(
      exitCode: ExitCode.usageOrIO,
      stderr: "error: \(error.message)\nsee 'ecr-policy \(command) --help'\n"
    )
  }

  /// Reports the problems met finding and reading the inputs, and sets the exit code of a run over files: a
  /// problem with an input outranks every finding (2); otherwise findings at or above `failOn` fail the run (1).
  mutating func conclude(inputProblems: [String], counts: FindingCounts, failOn: FailLevel) {
    for problem in inputProblems { stderr += "error: \(problem)\n" }
    if !inputProblems.isEmpty {
      exitCode = ExitCode.usageOrIO
    } else if let threshold = failOn.severity, counts.reaches(threshold) {
      exitCode = ExitCode.findings
    }
  }
}

/// The exit codes every command shares.
public enum ExitCode {
  /// Nothing at or above the --fail-on level.
  public static let success: Int32 = 0
  /// Findings at or above the --fail-on level (or, for eval, a decision other than --expect).
  public static let findings: Int32 = 1
  /// Bad usage, unreadable input, or an internal check that failed.
  public static let usageOrIO: Int32 = 2
}

/// A problem with the command line or the input files: reported on stderr with exit code 2.
struct UsageError: Error, CustomStringConvertible {
  let message: String
  init(_ message: String) { self.message = message }
  var description: String { message }
}
