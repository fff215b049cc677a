import Foundation
import Testing

@testable import PolicyCommand

/// Walking directories as a process does: within few descriptors, and without losing a name that cannot be
/// spelled as a path.
@Suite struct DirectoryWalkTests {
  /// Runs `script` with `/bin/sh -c`, the built executable as `$0` and `arguments` after it.
  static func shell(_ script: String, _ arguments: [String]) throws -> ProcessIOTests.Outcome {
    try ProcessIOTests.run(arguments, shellScript: script)
  }

  /// The C string of the path of `name`, raw bytes that need not be UTF-8, in `folder`.
  static func cPath(_ folder: URL, _ name: [UInt8]) -> [CChar] {
    (Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
  }

  /// Creates the file whose name, inside `folder`, is the raw bytes `name` (which need not be UTF-8).
  static func createFile(named name: [UInt8], in folder: URL, contents: String = "{}") throws {
    let descriptor = open(Self.cPath(folder, name), O_WRONLY | O_CREAT | O_EXCL, 0o600)
    try #require(descriptor >= 0)
    let bytes = Array(contents.utf8)
    #expect(write(descriptor, bytes, bytes.count) == bytes.count)
    close(descriptor)
  }

  /// Hundreds of folders, some with a policy, some with none or only a hidden one, and symbolic-link loops, walked
  /// under descriptor limits just above and well above what the walk keeps for everything else: every policy is
  /// read, nothing fails, so the walk leaks no descriptor and holds no more than it may.
  @Test(arguments: [72, 100, 256])
  func aLargeTreeIsWalkedWithinFewDescriptors(limit: Int) throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let policy = #"{"Version":"2012-10-17","Statement":[]}"#
    for index in 0..<300 {
      let folder = root.appendingPathComponent(String(format: "%03d", index))
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      switch index % 3 {
      case 0: try Data(policy.utf8).write(to: folder.appendingPathComponent("p.json"))
      case 1: try Data(policy.utf8).write(to: folder.appendingPathComponent(".hidden.json"))
      default:
        try FileManager.default.createSymbolicLink(
          at: folder.appendingPathComponent("loop"),
          withDestinationURL: root
        )
      }
    }
    let outcome = try Self.shell(#"ulimit -n "$1" && exec "$0" validate --format json "$2""#, ["\(limit)", root.path])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(!outcome.stderr.contains("error"))
    let report = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
    let paths = (report?["files"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
    #expect(paths == (0..<100).map { root.path + String(format: "/%03d/p.json", 3 * $0) })
  }

  /// A path argument that is not UTF-8 is refused with its bytes spelled out, instead of its repaired spelling
  /// (which names another file here) being checked in its place.
  @Test func anArgumentThatIsNotUTF8IsRefused() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.createFile(named: Array("x\u{FFFD}.json".utf8), in: folder)
    try Self.createFile(named: [UInt8(ascii: "x"), 0xFF] + Array(".json".utf8), in: folder)
    let outcome = try Self.shell(#"exec "$0" validate "$1/$(printf 'x\377.json')""#, [folder.path])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains(#"argument 2, '\#(folder.path)/x\xFF.json', is not valid UTF-8"#))
    #expect(!outcome.stderr.contains("1 file checked"))

    let inProcess = CommandLineTool.run(
      argumentBytes: [Array("validate".utf8), [0xC3, 0x28]],
      context: CommandContext(readStandardInput: { [] })
    )
    #expect(inProcess.exitCode == ExitCode.usageOrIO)
    #expect(inProcess.stderr == "error: argument 2, '\\xC3(', is not valid UTF-8; arguments and paths must be UTF-8\n")
  }

  /// In a walk, a folder or a policy whose name is not UTF-8 is reported with its bytes spelled out; such a name
  /// that is hidden, or neither a folder nor a policy, is passed over like any other; and the file whose name the
  /// repaired spelling would give is read once, as itself.
  @Test func namesThatAreNotUTF8AreReportedWhenTheyMatter() throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let policy = #"{"Version":"2012-10-17","Statement":[]}"#
    try Self.createFile(named: Array("x\u{FFFD}.json".utf8), in: root, contents: policy)
    try Self.createFile(named: [UInt8(ascii: "x"), 0xFF] + Array(".json".utf8), in: root, contents: policy)
    try Self.createFile(named: [UInt8(ascii: "."), 0xFE] + Array(".json".utf8), in: root, contents: policy)
    try Self.createFile(named: [UInt8(ascii: "y"), 0xFE] + Array(".txt".utf8), in: root)
    #expect(mkdir(Self.cPath(root, [UInt8(ascii: "d"), 0xFF]), 0o700) == 0)
    var sources: [InputSource] = []
    let problems = InputCollector(readStandardInput: { nil }).sources([root.path]) { sources.append($0) }
    #expect(
      problems == [
        "\(root.path)/d\\xFF: the name is not valid UTF-8, so it cannot be read; rename it",
        "\(root.path)/x\\xFF.json: the name is not valid UTF-8, so it cannot be read; rename it",
      ]
    )
    #expect(sources.map(\.path) == ["\(root.path)/x\u{FFFD}.json"])
  }

  /// A policy that is a symbolic link leading nowhere is reported with the reason, not skipped.
  @Test func aDanglingLinkNamedLikeAPolicyIsReported() throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createSymbolicLink(
      atPath: root.appendingPathComponent("gone.json").path,
      withDestinationPath: root.appendingPathComponent("absent.json").path
    )
    let result = runTool(["validate", root.path])
    #expect(result.exitCode == ExitCode.usageOrIO)
    #expect(result.stderr.contains("\(root.path)/gone.json: cannot read the file: no such file or directory"))
  }
}
