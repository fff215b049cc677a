import Foundation

/// One input to analyse: its display path and bytes.
struct InputFile: Sendable {
  let path: String
  let bytes: [UInt8]
}

/// Expands the paths on the command line into files: `-` is standard input; a directory contributes every `*.json`
/// below it, sorted, skipping hidden folders and never following a symbolic link into a folder already visited.
struct InputCollector {
  let readStandardInput: @Sendable () -> [UInt8]

  /// True when `path` names a directory.
  func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  /// Files found, and the I/O problems met on the way (each names its path).
  func collect(_ paths: [String]) -> (files: [InputFile], problems: [String]) {
    var files: [InputFile] = []
    var problems: [String] = []
    var visited: Set<String> = []
    var readStdin = false
    for path in paths {
      if path == "-" {
        guard !readStdin else {
          problems.append("standard input ('-') is given more than once")
          continue
        }
        readStdin = true
        files.append(InputFile(path: "<stdin>", bytes: readStandardInput()))
        continue
      }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        problems.append("\(path): no such file or directory")
        continue
      }
      if isDirectory.boolValue {
        walk(directory: path, into: &files, problems: &problems, visited: &visited)
      } else {
        read(path, into: &files, problems: &problems)
      }
    }
    return (files, problems)
  }

  private func read(_ path: String, into files: inout [InputFile], problems: inout [String]) {
    guard let data = FileManager.default.contents(atPath: path) else {
      problems.append("\(path): cannot read the file (permission denied or not a regular file)")
      return
    }
    files.append(InputFile(path: path, bytes: [UInt8](data)))
  }

  private func walk(
    directory: String,
    into files: inout [InputFile],
    problems: inout [String],
    visited: inout Set<String>
  ) {
    let canonical = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
    guard visited.insert(canonical).inserted else { return }
    let entries: [String]
    do {
      entries = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      problems.append("\(directory): cannot list the directory")
      return
    }
    // Byte order, not locale order: the same tree gives the same report everywhere.
    for name in entries.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
      guard !name.hasPrefix(".") else { continue }
      let child = directory.hasSuffix("/") ? directory + name : directory + "/" + name
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        walk(directory: child, into: &files, problems: &problems, visited: &visited)
      } else if name.hasSuffix(".json") {
        read(child, into: &files, problems: &problems)
      }
    }
  }
}
