import Foundation
import PolicyCommand
import Synchronization
import Testing

/// The executable hands reports to its writer while the command runs; what reaches standard output must be exactly
/// what the command gives when it keeps its output (tests, in-process callers): same bytes, same order, same
/// messages and exit code, for every command and format that streams, and with unreadable inputs among the files.
@Suite struct StreamedOutputTests {
  static let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Policies").path

  static let commands: [[String]] = [
    ["audit"], ["audit", "--format", "json"], ["audit", "--format", "sarif"], ["audit", "--format", "github"],
    ["audit", "--owner", "111111111111", "--consumer", "123456789012", "--region", "us-east-1"],
    ["validate"], ["validate", "--format", "json"],
  ]

  @Test(arguments: commands)
  func streamedOutputIsTheKeptOutput(_ command: [String]) {
    let arguments = command + [Self.policies, "/nonexistent/policy.json", Self.policies + "/README.md"]
    let kept = runTool(arguments)
    let streamed = Mutex<[[UInt8]]>([])
    let context = CommandContext(readStandardInput: { [] }).writingStandardOutput { piece in
      streamed.withLock { $0.append(piece) }
    }
    let result = CommandLineTool.run(arguments, context: context)
    let pieces = streamed.withLock { $0 }
    let whole = pieces.flatMap { $0 } + result.stdoutPieces.flatMap { $0 }
    #expect(String(decoding: whole, as: UTF8.self) == kept.stdout)
    #expect(result.stderr == kept.stderr)
    #expect(result.exitCode == kept.exitCode)
    #expect(kept.exitCode == 2)
    #expect(!kept.stdout.isEmpty)
  }

  /// Reports over files are written as they are produced, a piece at a time, not kept for the end.
  @Test(arguments: [
    ["audit"], ["audit", "--format", "json"], ["audit", "--format", "github"], ["validate"],
    ["validate", "--format", "json"],
  ])
  func fileByFileReportsAreWrittenWhileTheCommandRuns(_ command: [String]) {
    let streamed = Mutex(0)
    let context = CommandContext(readStandardInput: { [] }).writingStandardOutput { _ in
      streamed.withLock { $0 += 1 }
    }
    let result = CommandLineTool.run(command + [Self.policies], context: context)
    #expect(streamed.withLock { $0 } > 1)
    #expect(result.stdout.isEmpty)
  }
}
