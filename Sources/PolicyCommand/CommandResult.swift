/// What a command produced. The command layer never writes to the terminal itself, so tests run it in-process.
public struct CommandResult: Sendable, Equatable {
  public var exitCode: Int32
  public var stdout: String
  public var stderr: String

  public init(exitCode: Int32, stdout: String = "", stderr: String = "") {
    self.exitCode = exitCode
    self.stdout = stdout
    self.stderr = stderr
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
