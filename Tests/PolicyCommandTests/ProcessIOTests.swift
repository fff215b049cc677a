import Foundation
import PolicyCommand
import Testing

/// The executable's own I/O, run as a process: bad inputs and outputs end with exit 2 and a message, never with a
/// hang or a report silently lost.
@Suite struct ProcessIOTests {
  /// The built `ecr-policy`, next to the test bundle (the test target depends on it).
  static func executable() throws -> String {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var candidates = [beside.appendingPathComponent("ecr-policy").path]
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    candidates.append(packageRoot.appendingPathComponent(".build/debug/ecr-policy").path)
    return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) })
  }

  struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  /// Runs the executable with the given standard streams (files or devices), failing after `timeout` seconds. With
  /// `shellScript`, `/bin/sh -c` runs the script instead, with the executable as `$0` and `arguments` after it.
  static func run(
    _ arguments: [String],
    stdin: FileHandle? = nil,
    stdout: FileHandle? = nil,
    timeout: Double = 20,
    shellScript: String? = nil
  ) throws -> Outcome {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pio-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outputFile = folder.appendingPathComponent("stdout")
    let errorFile = folder.appendingPathComponent("stderr")
    #expect(FileManager.default.createFile(atPath: outputFile.path, contents: nil))
    #expect(FileManager.default.createFile(atPath: errorFile.path, contents: nil))
    let process = Process()
    if let shellScript {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", shellScript, try executable()] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: try executable())
      process.arguments = arguments
    }
    process.standardInput = stdin ?? FileHandle.nullDevice
    process.standardOutput = try stdout ?? FileHandle(forWritingTo: outputFile)
    process.standardError = try FileHandle(forWritingTo: errorFile)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(10_000) }
    if process.isRunning {
      process.terminate()
      Issue.record("ecr-policy \(arguments) still running after \(timeout) s")
    }
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus,
      stdout: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    )
  }

  static func examplePolicy() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Policies/cross-account-lambda.json").path
  }

  @Test func aFIFONamedLikeAPolicyIsRefusedNotWaitedOn() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("a.json").path
    #expect(mkfifo(fifo, 0o600) == 0)
    try FileManager.default.copyItem(atPath: Self.examplePolicy(), toPath: folder.appendingPathComponent("b.json").path)

    let single = try Self.run(["audit", fifo])
    #expect(single.status == 2)
    #expect(single.stderr.contains("\(fifo): cannot read the file: not a regular file"))

    // Inside a directory, the FIFO is reported and the other file is still audited.
    let walked = try Self.run(["audit", "--format", "json", folder.path])
    #expect(walked.status == 2)
    #expect(walked.stderr.contains("a.json: cannot read the file: not a regular file"))
    #expect(walked.stdout.contains("b.json"))
  }

  @Test func aReportThatCannotBeWrittenFailsTheRun() throws {
    let full = FileHandle(forWritingAtPath: "/dev/full")
    let outcome = try Self.run(["audit", "--fail-on", "none", Self.examplePolicy()], stdout: full)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("cannot write the report"))
  }

  @Test func unreadableStandardInputIsAnInputError() throws {
    // Reading a directory fails with EISDIR: that is an I/O error, not an empty policy.
    let directory = FileHandle(forReadingAtPath: "/")
    let outcome = try Self.run(["audit", "--fail-on", "none", "-"], stdin: directory)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("<stdin>: cannot read standard input"))
  }

  @Test func aPipedPolicyIsAuditedAsBefore() throws {
    let outcome = try Self.run(
      ["audit", "--format", "json", "-"],
      stdin: FileHandle(forReadingAtPath: Self.examplePolicy())
    )
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("\"path\": \"<stdin>\""))
    #expect(outcome.stdout.contains("\"accountCanPull\": true"))
  }

  /// Reports come out in pieces (a piece per file) gathered into writes of 64 KiB: a report of many times that size
  /// reaches standard output whole and in order, exactly as the command produced it, in every format.
  @Test(arguments: ["text", "json", "sarif", "github"])
  func aLargeReportIsWrittenWholeAndInOrder(_ format: String) throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let policies = URL(fileURLWithPath: Self.examplePolicy()).deletingLastPathComponent()
    let names = try FileManager.default.contentsOfDirectory(atPath: policies.path).filter { $0.hasSuffix(".json") }
    for copy in 0..<40 {
      for name in names {
        try FileManager.default.copyItem(
          at: policies.appendingPathComponent(name),
          to: folder.appendingPathComponent("\(copy)-\(name)")
        )
      }
    }
    let arguments = ["audit", "--format", format, folder.path]
    let expected = runTool(arguments)
    #expect(expected.stdout.utf8.count > 4 * 65_536)
    let outcome = try Self.run(arguments)
    #expect(outcome.status == expected.exitCode)
    #expect(outcome.stdout == expected.stdout)
    #expect(outcome.stderr == expected.stderr)
  }
}
