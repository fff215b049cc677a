import Foundation
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
}
