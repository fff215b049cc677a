import Foundation
import PolicySyntax
import Testing

@testable import PolicyCommand

/// The C-library calls that replaced Foundation in the commands, checked against what Foundation answers.
@Suite struct FileSystemTests {
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
    #expect(FileSystem.kind(of: folder.path) == .directory)
    #expect(FileSystem.kind(of: file.path) == .regularFile)
    #expect(FileSystem.kind(of: link.path) == .directory)
    #expect(FileSystem.kind(of: folder.appendingPathComponent("absent").path) == nil)
    #expect(FileSystem.identity(of: link.path) == FileSystem.identity(of: folder.path))
    #expect(FileSystem.identity(of: file.path) != FileSystem.identity(of: folder.path))
    #expect(FileSystem.identity(of: folder.appendingPathComponent("absent").path) == nil)
    #expect(FileSystem.readFile(file.path) == Array("{}".utf8))
    #expect(FileSystem.readFile(folder.path) == nil)
  }

  @Test func readsAFileLargerThanOneBuffer() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try Data(bytes).write(to: file)
    #expect(FileSystem.readFile(file.path) == bytes)
  }

  /// A file found by listing its directory is read through the directory, held open, by its name: whole whether it
  /// fits the room of a single read or not (the edges of that room included), and without disturbing what the
  /// lent scratch sink held before.
  @Test(arguments: [0, 1, 700, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 200_000])
  func listedFileIsReadWholeThroughItsDirectory(size: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    try Data(bytes).write(to: folder.appendingPathComponent("p.json"))
    let directory = try #require(FileSystem.OpenDirectory(folder.path))
    var scratch = ByteSink(capacity: 16)
    scratch.append("kept")
    #expect(FileSystem.readListedFile("p.json", in: directory, using: &scratch) == bytes)
    #expect(scratch.bytes == Array("kept".utf8))
    #expect(FileSystem.readListedFile("absent.json", in: directory, using: &scratch) == nil)
    #expect(scratch.bytes == Array("kept".utf8))
  }

  /// What a listing called a file may be something else by the time it is read: a directory or a FIFO is refused,
  /// and the FIFO is not waited on.
  @Test func listedNameThatIsNoLongerAFileIsRefused() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("d.json"),
      withIntermediateDirectories: true
    )
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(mkfifo(folder.appendingPathComponent("f.json").path, 0o600) == 0)
    let directory = try #require(FileSystem.OpenDirectory(folder.path))
    var scratch = ByteSink()
    #expect(FileSystem.readListedFile("d.json", in: directory, using: &scratch) == nil)
    #expect(FileSystem.readListedFile("f.json", in: directory, using: &scratch) == nil)
    #expect(scratch.count == 0)
  }

  /// Open directories are limited in number, so a walk far ahead of the reads cannot use up the process's
  /// descriptors; releasing one makes room for another. (Other tests may hold a few at the same time, so this
  /// only asserts the bound, and that the room comes back.)
  @Test func openDirectoriesAreBoundedAndReleased() throws {
    var held: [FileSystem.OpenDirectory] = []
    var refused = false
    while !refused && held.count <= 4096 {
      if let directory = FileSystem.OpenDirectory(FileManager.default.temporaryDirectory.path) {
        held.append(directory)
      } else {
        refused = true
      }
    }
    #expect(refused)
    #expect(held.count <= 1024)
    held.removeAll()
    #expect(FileSystem.OpenDirectory(FileManager.default.temporaryDirectory.path) != nil)
    #expect(FileSystem.OpenDirectory("/nonexistent-\(UUID().uuidString)") == nil)
  }

  /// A walk hands over the regular files it lists as names in the directory it holds open, and anything else (a
  /// symbolic link here) by its path; either way, reading gives the file's bytes under its whole path.
  @Test func walkedFilesAreReadThroughTheirDirectoryOrByPath() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("walk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("{\"a\":1}".utf8).write(to: folder.appendingPathComponent("a.json"))
    try FileManager.default.createSymbolicLink(
      at: folder.appendingPathComponent("b.json"),
      withDestinationURL: folder.appendingPathComponent("a.json")
    )
    var sources: [InputSource] = []
    let problems = InputCollector(readStandardInput: { nil }).sources([folder.path + "/"]) { sources.append($0) }
    #expect(problems.isEmpty)
    try #require(sources.count == 2)
    guard case .listedFile(let path, _, let nameStart) = sources[0] else {
      Issue.record("a regular file is handed over as a name in its open directory: \(sources[0])")
      return
    }
    #expect(path == folder.path + "/a.json")
    #expect(String(path.utf8.dropFirst(nameStart)) == "a.json")
    guard case .file(let linkPath) = sources[1] else {
      Issue.record("a symbolic link is handed over by its path: \(sources[1])")
      return
    }
    #expect(linkPath == folder.path + "/b.json")
    var scratch = ByteSink()
    for source in sources {
      let input = try source.read(using: &scratch).get()
      #expect(input.path == source.path)
      #expect(input.bytes == Array("{\"a\":1}".utf8))
    }
  }
}
