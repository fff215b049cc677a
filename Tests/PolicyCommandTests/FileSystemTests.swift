import Foundation
import Testing

@testable import PolicyCommand

/// The C-library calls that replaced Foundation in the commands, checked against what Foundation answers.
// Serialized: one test holds every directory the process may hold, which others here need one of.
@Suite(.serialized) struct FileSystemTests {
  @Test(arguments: [
    ("config.json", ""), ("a/config.json", "a"), ("/config.json", "/"), ("/a/b/config.json", "/a/b"),
    ("a/b/", "a"), ("a//b.json", "a"), ("/", "/"), ("./c.json", "."), ("../x/c.json", "../x"),
  ])
  func folderOfAPath(_ path: String, _ expected: String) {
    #expect(FileSystem.folder(of: path) == expected)
  }

  @Test func folderAgreesWithFoundation() {
    for path in ["config.json", "a/config.json", "/config.json", "/a/b/c.json", "a/b/", "./c.json", "../x/c.json"] {
      #expect(FileSystem.folder(of: path) == (path as NSString).deletingLastPathComponent, "\(path)")
    }
  }

  @Test func kindsFollowLinksAndReportAbsence() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("p.json")
    try Data("{}".utf8).write(to: file)
    let link = folder.appendingPathComponent("link")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder)
    #expect(FileSystem.kind(of: folder.path) == .success(.directory))
    #expect(FileSystem.kind(of: file.path) == .success(.regularFile))
    #expect(FileSystem.kind(of: link.path) == .success(.directory))
    #expect(FileSystem.kind(of: folder.appendingPathComponent("absent").path) == .failure(.system(ENOENT)))
    #expect(FileSystem.identity(of: link.path) == FileSystem.identity(of: folder.path))
    #expect(FileSystem.identity(of: file.path) != FileSystem.identity(of: folder.path))
    #expect(FileSystem.identity(of: folder.appendingPathComponent("absent").path) == nil)
    #expect(FileSystem.readFile(file.path) == .success(Array("{}".utf8)))
    #expect(FileSystem.readFile(folder.path) == .failure(.notARegularFile))
    #expect(FileSystem.readFile(folder.appendingPathComponent("absent").path) == .failure(.system(ENOENT)))
    #expect(FileSystem.ReadFailure.system(ENOENT).reason == "no such file or directory")
  }

  @Test func readsAFileLargerThanOneBuffer() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try Data(bytes).write(to: file)
    #expect(FileSystem.readFile(file.path) == .success(bytes))
  }

  /// A file found by listing its directory is read through the directory, by its name, whole: empty, small, and
  /// larger than one read.
  @Test(arguments: [0, 1, 700, 4096, 200_000])
  func listedFileIsReadWholeThroughItsDirectory(size: Int) throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    try Data(bytes).write(to: folder.appendingPathComponent("p.json"))
    let directory = try Self.held(folder.path)
    #expect(FileSystem.readFile(named: "p.json", in: directory) == .success(bytes))
    #expect(FileSystem.readFile(named: "absent.json", in: directory) == .failure(.system(ENOENT)))
  }

  /// What a listing called a file may be something else by the time it is read: a directory or a FIFO is refused,
  /// whether or not a writer has put bytes in the FIFO (they are left for whoever reads it), and nothing waits.
  @Test func listedNameThatIsNoLongerAFileIsRefused() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("d.json"),
      withIntermediateDirectories: true
    )
    let fifo = folder.appendingPathComponent("f.json").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let directory = try Self.held(folder.path)
    #expect(FileSystem.readFile(named: "d.json", in: directory) == .failure(.notARegularFile))
    #expect(FileSystem.readFile(named: "f.json", in: directory) == .failure(.notARegularFile))
    // A writer (opened read-write, so that opening does not wait for a reader) with bytes waiting in the FIFO.
    let writer = open(fifo, O_RDWR | O_NONBLOCK)
    try #require(writer >= 0)
    defer { close(writer) }
    let policy = Array(#"{"Version":"2012-10-17","Statement":[]}"#.utf8)
    #expect(write(writer, policy, policy.count) == policy.count)
    #expect(FileSystem.readFile(named: "f.json", in: directory) == .failure(.notARegularFile))
    #expect(FileSystem.readFile(fifo) == .failure(.notARegularFile))
    var waiting = [UInt8](repeating: 0, count: 64)
    #expect(read(writer, &waiting, waiting.count) == policy.count)
  }

  /// Held directories are limited in number, so a walk far ahead of the reads cannot use up the process's
  /// descriptors; adoptions refused (or of no descriptor) do not loosen the limit, and releasing one makes room for
  /// another.
  @Test func heldDirectoriesAreBoundedAndReleased() throws {
    for _ in 0..<3_000 { #expect(FileSystem.OpenDirectory(adopting: -1) == nil) }
    var held: [FileSystem.OpenDirectory] = []
    var refused = 0
    while refused < 2_000 && held.count <= FileSystem.OpenDirectory.heldLimit {
      let descriptor = try FileSystem.openDirectory(FileManager.default.temporaryDirectory.path).get()
      if let directory = FileSystem.OpenDirectory(adopting: descriptor) {
        held.append(directory)
      } else {
        close(descriptor)
        refused += 1
      }
    }
    // Other suites' walks may hold a few at the same time: the bound is what counts.
    #expect(refused == 2_000)
    #expect(held.count <= FileSystem.OpenDirectory.heldLimit)
    held.removeAll()
    let descriptor = try FileSystem.openDirectory(FileManager.default.temporaryDirectory.path).get()
    #expect(FileSystem.OpenDirectory(adopting: descriptor) != nil || FileSystem.OpenDirectory.heldLimit == 0)
    #expect(FileSystem.openDirectory("/nonexistent-\(UUID().uuidString)") == .failure(.system(ENOENT)))
  }

  /// A walk hands over the regular files it lists as names in the directory it holds, and anything else (a symbolic
  /// link here) by its path; either way, reading gives the file's bytes under its whole path. Folder names that are
  /// not ASCII, with and without a final slash, locate the name within the path by bytes.
  @Test(arguments: ["plain", "déjà vu", "ポリシー"], [false, true])
  func walkedFilesAreReadThroughTheirDirectoryOrByPath(folderName: String, finalSlash: Bool) throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent(folderName)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("{\"a\":1}".utf8).write(to: folder.appendingPathComponent("a.json"))
    try FileManager.default.createSymbolicLink(
      at: folder.appendingPathComponent("b.json"),
      withDestinationURL: folder.appendingPathComponent("a.json")
    )
    var sources: [InputSource] = []
    let given = folder.path + (finalSlash ? "/" : "")
    let problems = InputCollector(readStandardInput: { nil }).sources([given]) { sources.append($0) }
    #expect(problems.isEmpty)
    try #require(sources.count == 2)
    guard case .listedFile(let path, _, let nameStart) = sources[0] else {
      Issue.record("a regular file is handed over as a name in its directory: \(sources[0])")
      return
    }
    #expect(path == folder.path + "/a.json")
    #expect(String(decoding: path.utf8.dropFirst(nameStart), as: UTF8.self) == "a.json")
    guard case .file(let linkPath) = sources[1] else {
      Issue.record("a symbolic link is handed over by its path: \(sources[1])")
      return
    }
    #expect(linkPath == folder.path + "/b.json")
    for source in sources {
      let input = try source.read().get()
      #expect(input.path == source.path)
      #expect(input.bytes == Array("{\"a\":1}".utf8))
    }
  }

  /// The directory at `path`, held: fails the test when it cannot be (another test may hold them all).
  private static func held(_ path: String) throws -> FileSystem.OpenDirectory {
    let descriptor = try FileSystem.openDirectory(path).get()
    guard let directory = FileSystem.OpenDirectory(adopting: descriptor) else {
      close(descriptor)
      throw HeldDirectoryUnavailable()
    }
    return directory
  }

  private struct HeldDirectoryUnavailable: Error {}
}
