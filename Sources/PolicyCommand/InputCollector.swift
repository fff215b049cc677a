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

  /// The bytes, or a message naming the path.
  func read() -> Result<InputFile, InputProblem> {
    let bytes: Result<[UInt8], FileSystem.ReadFailure>
    switch self {
    case .standardInput(let bytes):
      return .success(InputFile(path: "<stdin>", bytes: bytes))
    case .file(let path):
      bytes = FileSystem.readFile(path)
    case .listedFile(let path, let directory, let nameStart):
      bytes = path.withCString { FileSystem.readFile(named: $0 + nameStart, in: directory) }
    }
    return bytes.map { InputFile(path: path, bytes: $0) }.mapError {
      InputProblem(message: "\(path): cannot read the file: \($0.reason)")
    }
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
    path != "-" && (try? FileSystem.kind(of: path).get()) == .directory
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
        source.read().map { transform($0, &scratch) }
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
      let kind: FileSystem.Kind
      switch FileSystem.kind(of: path) {
      case .success(let found): kind = found
      case .failure(let failure):
        problems.append("\(path): \(failure.reason)")
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
    // Opened once: the identity, the listing and the reads of the files listed all go through this descriptor, so
    // they concern one directory even if its path is moved meanwhile. A folder reached again (through a symbolic
    // link) is not walked twice; one that cannot be identified is walked, and listing it says what is wrong.
    let opened = FileSystem.openDirectory(directory)
    let identity = (try? opened.get()).flatMap(FileSystem.identity(ofOpen:)) ?? FileSystem.identity(of: directory)
    if let identity, !visited.insert(identity).inserted {
      if case .success(let descriptor) = opened { close(descriptor) }
      return
    }
    // Listing through a second descriptor keeps this one for reading the files listed; a process that may hold no
    // directory lists through this one alone, so a walk needs no more descriptors than one folder's listing takes.
    let keepDescriptor = FileSystem.OpenDirectory.heldLimit > 0
    let kept: Int32?
    let entries: [DirectoryEntry]
    switch opened.flatMap({ InputCollector.list($0, keepingIt: keepDescriptor) }) {
    case .success(let listed):
      (kept, entries) = listed
    case .failure(let failure):
      problems.append("\(directory): cannot list the directory: \(failure.reason)")
      return
    }
    // Kept for reading the regular files listed while few enough are held; otherwise closed before the walk goes
    // deeper (a tree can be deeper than the process has descriptors), and the files are read by their paths.
    var openDirectory: FileSystem.OpenDirectory?
    if let kept {
      openDirectory = entries.contains { $0.isListedPolicy } ? FileSystem.OpenDirectory(adopting: kept) : nil
      if openDirectory == nil { close(kept) }
    }
    // Byte order, not locale order: the same tree gives the same report everywhere.
    let separator = directory.hasSuffix("/") ? "" : "/"
    let nameStart = directory.utf8.count + separator.utf8.count
    for entry in InputCollector.sortedBytewise(entries) {
      let (name, kind) = (entry.name, entry.kind)
      guard name.utf8.first != UInt8(ascii: ".") else { continue }
      let child = String(concatenating: directory, separator, name)
      guard entry.nameIsUTF8 else {
        // The path of a name that is not UTF-8 cannot be spelled, so what it names cannot be opened (and a
        // repaired spelling could name another file): a folder or a policy is reported, never skipped in silence.
        if kind == .directory || ASCII.hasSuffix(name, ".json") {
          problems.append("\(child): the name is not valid UTF-8, so it cannot be read; rename it")
        }
        continue
      }
      var isDirectory = kind == .directory
      if kind == .other {
        // A symbolic link or a file system that does not say: ask, following links. A policy that cannot be asked
        // about (a link that leads nowhere) is handed over all the same: reading it says why it cannot be read.
        isDirectory = (try? FileSystem.kind(of: child).get()) == .directory
      }
      if isDirectory {
        walk(directory: child, into: found, problems: &problems, visited: &visited)
      } else if entry.isListedPolicy, let openDirectory {
        found(.listedFile(path: child, directory: openDirectory, nameStart: nameStart))
      } else if ASCII.hasSuffix(name, ".json") {
        found(.file(child))
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
    /// False when the name read was not UTF-8: `name` then spells its bytes out (``ByteSpelling``), and cannot be
    /// opened.
    let nameIsUTF8: Bool
    /// A policy the walk reads, that the listing says is a regular file: such files are read through the directory.
    /// Told once, at listing, for the two that ask: whether to hold the directory, and how to hand the file over.
    let isListedPolicy: Bool

    init(name: String, kind: EntryKind, nameIsUTF8: Bool) {
      self.name = name
      self.kind = kind
      self.nameIsUTF8 = nameIsUTF8
      prefix = InputCollector.sortPrefix(name)
      isListedPolicy =
        kind == .file && nameIsUTF8 && name.utf8.first != UInt8(ascii: ".") && ASCII.hasSuffix(name, ".json")
    }
  }

  /// The entries of the open directory `descriptor` with the type readdir reports, so a large tree needs no stat per
  /// file; with them, the descriptor when `keepingIt` (the listing then reads through a duplicate), still open, and
  /// nil otherwise (the listing closed it). A name that is not UTF-8 is spelled with its bytes escaped, and its type
  /// is asked when readdir does not say whether it is a folder. On failure the descriptor is closed.
  private static func list(
    _ descriptor: Int32,
    keepingIt: Bool
  ) -> Result<(kept: Int32?, entries: [DirectoryEntry]), FileSystem.ReadFailure> {
    let listed = keepingIt ? dup(descriptor) : descriptor
    guard listed >= 0, let handle = fdopendir(listed) else {
      let failure = FileSystem.ReadFailure.system(errno)
      close(descriptor)
      if keepingIt && listed >= 0 { close(listed) }
      return .failure(failure)
    }
    var entries: [DirectoryEntry] = []
    var failure: FileSystem.ReadFailure?
    while true {
      // readdir answers nil both at the end and on an error; only errno tells them apart.
      errno = 0
      guard let entry = readdir(handle) else {
        if errno != 0 { failure = .system(errno) }
        break
      }
      var kind: EntryKind
      switch Int32(entry.pointee.d_type) {
      case Int32(DT_DIR): kind = .directory
      case Int32(DT_REG): kind = .file
      default: kind = .other
      }
      // The name is read in place: copying the whole fixed-size d_name field first costs more than the name.
      let (name, nameIsUTF8) = withUnsafePointer(to: &entry.pointee.d_name) { field in
        field.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: field.pointee)) { bytes in
          if let name = String(validatingCString: bytes) { return (name, true) }
          if kind == .other, let found = FileSystem.kind(ofEntry: bytes, in: dirfd(handle)) {
            kind = found == .directory ? .directory : .file
          }
          let raw = UnsafeRawBufferPointer(start: bytes, count: strlen(bytes))
          return (ByteSpelling.escapedIfNotUTF8(Array(raw)) ?? String(cString: bytes), false)
        }
      }
      guard name != ".", name != ".." else { continue }
      // The key comes from the name as spelled, which is what is compared on a tie.
      entries.append(DirectoryEntry(name: name, kind: kind, nameIsUTF8: nameIsUTF8))
    }
    closedir(handle)
    if let failure {
      if keepingIt { close(descriptor) }
      return .failure(failure)
    }
    return .success((keepingIt ? descriptor : nil, entries))
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
