import PolicySyntax

#if canImport(Glibc)
  import Glibc
#endif

/// One input to analyse: its display path and bytes.
struct InputFile: Sendable {
  let path: String
  let bytes: [UInt8]
}

/// An input found on the command line, not read yet: reading happens on all cores, next to parsing.
enum InputSource: Sendable {
  case file(String)
  /// A file that the listing of a directory, held open, reported as a regular file; its name is the end of `path`,
  /// from the byte offset `nameStart`.
  case listedFile(path: String, directory: FileSystem.OpenDirectory, nameStart: Int)
  case standardInput([UInt8])

  var path: String {
    switch self {
    case .file(let path), .listedFile(let path, _, _): path
    case .standardInput: "<stdin>"
    }
  }

  /// The bytes, or a message naming the path; `scratch` lends room to read into and is left as it was.
  func read(using scratch: inout ByteSink) -> Result<InputFile, InputProblem> {
    let bytes: [UInt8]?
    switch self {
    case .standardInput(let bytes):
      return .success(InputFile(path: "<stdin>", bytes: bytes))
    case .file(let path):
      bytes = FileSystem.readFile(path)
    case .listedFile(let path, let directory, let nameStart):
      // A native string keeps a terminating NUL after its bytes: the C string is the string's own storage.
      bytes = path.withCString { FileSystem.readListedFile($0 + nameStart, in: directory, using: &scratch) }
    }
    guard let bytes else {
      return .failure(
        InputProblem(message: "\(path): cannot read the file (permission denied or not a regular file)")
      )
    }
    return .success(InputFile(path: path, bytes: bytes))
  }
}

/// A problem reading an input; commands report it and exit 2.
struct InputProblem: Error, Sendable {
  let message: String
}

/// Expands the paths on the command line into inputs: `-` is standard input; a directory contributes every `*.json`
/// below it, sorted, skipping hidden folders and never following a symbolic link into a folder already visited.
struct InputCollector {
  /// Nil when standard input cannot be read.
  let readStandardInput: @Sendable () -> [UInt8]?

  /// True when `path` names a directory.
  func isDirectory(_ path: String) -> Bool {
    path != "-" && FileSystem.kind(of: path) == .directory
  }

  /// Reads every input named by `paths` and applies `transform` to it, both on all cores and starting while the
  /// directories are still being walked, and hands the outputs to `body` on this thread, in input order, each as soon
  /// as it and those before it are ready. Returns the problems (each names its path): first those of finding the
  /// inputs, then those of reading them.
  func forEachInput<Output: Sendable>(
    _ paths: [String],
    transform: @escaping @Sendable (InputFile) -> Output,
    _ body: (Output) -> Void
  ) -> [String] {
    forEachInput(paths, transform: { input, _ in transform(input) }, body)
  }

  /// ``forEachInput(_:transform:_:)`` with a scratch sink lent to `transform`, one for several inputs: what it
  /// writes there and takes out leaves the sink's room for the next input.
  func forEachInput<Output: Sendable>(
    _ paths: [String],
    transform: @escaping @Sendable (InputFile, inout ByteSink) -> Output,
    _ body: (Output) -> Void
  ) -> [String] {
    var readProblems: [String] = []
    let findProblems = withoutActuallyEscaping(body) { body in
      let stream = ParallelStream<InputSource, Result<Output, InputProblem>>({ source, scratch in
        source.read(using: &scratch).map { transform($0, &scratch) }
      }) {
        switch $0 {
        case .success(let output): body(output)
        case .failure(let problem): readProblems.append(problem.message)
        }
      }
      let problems = sources(paths) { stream.add($0) }
      stream.finish()
      return problems
    }
    return findProblems + readProblems
  }

  /// Every file read (in order), and every problem (each names its path).
  func collect(_ paths: [String]) -> (files: [InputFile], problems: [String]) {
    var files: [InputFile] = []
    let problems = forEachInput(paths, transform: { $0 }, { files.append($0) })
    return (files, problems)
  }

  /// Hands the inputs named by `paths` to `found`, in order, without reading files, and returns the problems found on
  /// the way.
  func sources(_ paths: [String], _ found: (InputSource) -> Void) -> [String] {
    var problems: [String] = []
    var visited: Set<FileSystem.Identity> = []
    var readStdin = false
    for path in paths {
      if path == "-" {
        guard !readStdin else {
          problems.append("standard input ('-') is given more than once")
          continue
        }
        readStdin = true
        guard let bytes = readStandardInput() else {
          problems.append("<stdin>: cannot read standard input")
          continue
        }
        found(.standardInput(bytes))
        continue
      }
      guard let kind = FileSystem.kind(of: path) else {
        problems.append("\(path): no such file or directory")
        continue
      }
      if kind == .directory {
        walk(directory: path, into: found, problems: &problems, visited: &visited)
      } else {
        found(.file(path))
      }
    }
    return problems
  }

  private func walk(
    directory: String,
    into found: (InputSource) -> Void,
    problems: inout [String],
    visited: inout Set<FileSystem.Identity>
  ) {
    // A folder reached again (through a symbolic link) is not walked twice; one that cannot be identified is
    // walked, and listing it says what is wrong.
    if let identity = FileSystem.identity(of: directory) {
      guard visited.insert(identity).inserted else { return }
    }
    guard let entries = InputCollector.list(directory) else {
      problems.append("\(directory): cannot list the directory")
      return
    }
    // Byte order, not locale order: the same tree gives the same report everywhere.
    let separator = directory.hasSuffix("/") ? "" : "/"
    let nameStart = directory.utf8.count + separator.utf8.count
    // Opened at the first regular file to read; nil when none is, or when it cannot be opened (the files are then
    // read by their paths).
    var openDirectory: FileSystem.OpenDirectory?
    var openDirectoryTried = false
    for entry in InputCollector.sortedBytewise(entries) {
      let (name, kind) = (entry.name, entry.kind)
      guard name.utf8.first != UInt8(ascii: ".") else { continue }
      let child = String(concatenating: directory, separator, name)
      var isDirectory = kind == .directory
      if kind == .other {
        // A symbolic link or a file system that does not say: ask, following links.
        guard let childKind = FileSystem.kind(of: child) else { continue }
        isDirectory = childKind == .directory
      }
      if isDirectory {
        walk(directory: child, into: found, problems: &problems, visited: &visited)
      } else if ASCII.hasSuffix(name, ".json") {
        if kind == .file && !openDirectoryTried {
          openDirectoryTried = true
          openDirectory = FileSystem.OpenDirectory(directory)
        }
        if kind == .file, let openDirectory {
          found(.listedFile(path: child, directory: openDirectory, nameStart: nameStart))
        } else {
          found(.file(child))
        }
      }
    }
  }

  private enum EntryKind {
    case directory
    case file
    case other
  }

  /// A name read from a directory, with its first 16 bytes as two big-endian words: sorting a large folder then
  /// compares integers, and compares text only where two names share those bytes. A struct, not a tuple: arrays of
  /// tuples are copied and destroyed through the runtime's generic code.
  private struct DirectoryEntry {
    let name: String
    let kind: EntryKind
    let prefix: (UInt64, UInt64)
  }

  /// The entries of a directory with the type readdir reports, so a large tree needs no stat per file.
  private static func list(_ directory: String) -> [DirectoryEntry]? {
    guard let handle = opendir(directory) else { return nil }
    defer { closedir(handle) }
    var entries: [DirectoryEntry] = []
    while let entry = readdir(handle) {
      // The name is read in place: copying the whole fixed-size d_name field first costs more than the name.
      let name = withUnsafePointer(to: &entry.pointee.d_name) { field in
        field.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: field.pointee)) {
          String(cString: $0)
        }
      }
      // The key comes from the name as decoded (invalid UTF-8 repaired), which is what is compared on a tie.
      let prefix = InputCollector.sortPrefix(name)
      guard name != ".", name != ".." else { continue }
      let kind: EntryKind
      switch Int32(entry.pointee.d_type) {
      case Int32(DT_DIR): kind = .directory
      case Int32(DT_REG): kind = .file
      default: kind = .other
      }
      entries.append(DirectoryEntry(name: name, kind: kind, prefix: prefix))
    }
    return entries
  }

  /// The first 16 bytes of a name as two big-endian words, zero-filled after the name (a name holds no NUL, so a
  /// shorter name sorts first, as it does bytewise).
  private static func sortPrefix(_ name: String) -> (UInt64, UInt64) {
    var name = name
    // From the contiguous bytes: going through the UTF-8 view's indices cost several times the rest of listing.
    return name.withUTF8 { bytes in
      var words: (UInt64, UInt64) = (0, 0)
      for index in 0..<min(bytes.count, 16) {
        let byte = UInt64(bytes[index])
        if index < 8 {
          words.0 |= byte << (8 * (7 - UInt64(index)))
        } else {
          words.1 |= byte << (8 * (15 - UInt64(index)))
        }
      }
      return words
    }
  }

  /// The entries in byte order of their names. Plain integer keys are sorted, not the entries themselves: comparing
  /// entries would copy (retain and release) their names at every step.
  private static func sortedBytewise(_ entries: [DirectoryEntry]) -> [DirectoryEntry] {
    let order = entries.indices.map { (entries[$0].prefix.0, entries[$0].prefix.1, $0) }.sorted { lhs, rhs in
      if lhs.0 != rhs.0 { return lhs.0 < rhs.0 }
      if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
      return ASCII.bytewisePrecedes(entries[lhs.2].name, entries[rhs.2].name)
    }
    return order.map { entries[$0.2] }
  }
}
