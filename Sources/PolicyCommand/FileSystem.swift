import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The few file-system calls the commands make, straight on the C library: Foundation would add its own loading
/// (and ICU's) to every run, several times what auditing one file takes.
enum FileSystem {
  enum Kind {
    case directory
    case regularFile
    case other
  }

  /// What `path` names, following symbolic links, or why that cannot be known (nothing there, a link that leads
  /// nowhere, no permission).
  static func kind(of path: String) -> Result<Kind, ReadFailure> {
    var status = stat()
    guard stat(path, &status) == 0 else { return .failure(.system(errno)) }
    return .success(kind(of: status))
  }

  /// What the entry `name` of the open directory `descriptor` is, following symbolic links; nil when that cannot
  /// be known.
  static func kind(ofEntry name: UnsafePointer<CChar>, in descriptor: Int32) -> Kind? {
    var status = stat()
    guard fstatat(descriptor, name, &status, 0) == 0 else { return nil }
    return kind(of: status)
  }

  private static func kind(of status: stat) -> Kind {
    switch status.st_mode & S_IFMT {
    case S_IFDIR: .directory
    case S_IFREG: .regularFile
    default: .other
    }
  }

  /// What a path leads to, following symbolic links: two paths to one folder have the same identity.
  struct Identity: Hashable {
    let device: UInt64
    let inode: UInt64

    init(_ status: stat) {
      device = UInt64(status.st_dev)
      inode = UInt64(status.st_ino)
    }
  }

  /// The identity of what `path` names; nil when nothing is there. One stat: resolving the path to a canonical one
  /// instead reads every link on the way, and a walk asking for each folder of a deep tree took time cubic in its
  /// depth.
  static func identity(of path: String) -> Identity? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return Identity(status)
  }

  /// The folder part of `path`, as `dirname` would give it but empty for a bare name: `a/b.json` → `a`,
  /// `/b.json` → `/`, `b.json` → ``.
  static func folder(of path: String) -> String {
    var path = Substring(path)
    while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
    guard let slash = path.lastIndex(of: "/") else { return "" }
    if slash == path.startIndex { return "/" }
    var folder = path[..<slash]
    while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
    return String(folder)
  }

  /// Why a file could not be read.
  enum ReadFailure: Error, Equatable {
    case notARegularFile
    /// The errno of the call that failed.
    case system(Int32)

    /// In the words of a message: "permission denied", "too many open files", "not a regular file".
    var reason: String {
      switch self {
      case .notARegularFile: return "not a regular file"
      case .system(let code):
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
      }
    }
  }

  /// The whole content of a regular file: one open, one fstat, one read for the usual small file.
  static func readFile(_ path: String) -> Result<[UInt8], ReadFailure> {
    // Non-blocking, so that a FIFO named like a policy is refused below instead of waiting for a writer forever;
    // reads of a regular file ignore the flag.
    readRegularFile(openedAs: open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC))
  }

  /// ``readFile(_:)`` for the file `name` of a directory being walked: opened by its name in the directory the walk
  /// listed, so the kernel looks up one name instead of every folder of the path again, and the bytes come from the
  /// directory that named the file even if its path has been moved since.
  static func readFile(named name: UnsafePointer<CChar>, in directory: OpenDirectory) -> Result<[UInt8], ReadFailure> {
    readRegularFile(openedAs: openat(directory.descriptor, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC))
  }

  /// ``readRegularFile(_:)`` of what an open call just returned, closed afterwards; the call's error when it failed
  /// (`errno` is read before anything else can change it).
  private static func readRegularFile(openedAs descriptor: Int32) -> Result<[UInt8], ReadFailure> {
    guard descriptor >= 0 else { return .failure(.system(errno)) }
    defer { close(descriptor) }
    return readRegularFile(descriptor)
  }

  /// The content of the open `descriptor`, when it is a regular file. Its type is asked before anything is read:
  /// reading a FIFO or a device would take bytes meant for someone else.
  private static func readRegularFile(_ descriptor: Int32) -> Result<[UInt8], ReadFailure> {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return .failure(.system(errno)) }
    guard (status.st_mode & S_IFMT) == S_IFREG else { return .failure(.notARegularFile) }
    return readToEnd(descriptor, expectedSize: max(Int(status.st_size), 0))
  }

  /// A descriptor of the directory at `path`, for listing it and opening what it holds.
  static func openDirectory(_ path: String) -> Result<Int32, ReadFailure> {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    return descriptor >= 0 ? .success(descriptor) : .failure(.system(errno))
  }

  /// The identity of what the open `descriptor` refers to.
  static func identity(ofOpen descriptor: Int32) -> Identity? {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return nil }
    return Identity(status)
  }

  /// A walked directory's descriptor, kept so that the files listed in it are opened relative to it, and closed
  /// when the last input that refers to it is released. Only so many are held at once, because the walk can run far
  /// ahead of the reads: past that, files are opened by their whole path.
  final class OpenDirectory: Sendable {
    let descriptor: Int32

    private static let heldCount = Atomic<Int>(0)
    /// A quarter of the descriptors the process may open beyond 64 kept for everything else (standard streams,
    /// the threads' own, the walk's listing, the files being read), and no more than 1,024: enough for a walk
    /// hundreds of folders ahead of the reads. None under a limit of 67 or less.
    static let heldLimit: Int = {
      #if canImport(Glibc)
        let resource = Int32(RLIMIT_NOFILE.rawValue)
      #else
        let resource = RLIMIT_NOFILE
      #endif
      var limit = rlimit()
      guard getrlimit(resource, &limit) == 0 else { return 0 }
      let open = limit.rlim_cur > UInt64(Int.max) ? Int.max : Int(limit.rlim_cur)
      return max(0, min((open - 64) / 4, 1024))
    }()

    /// Takes `descriptor` over (closing it when released) while fewer than ``heldLimit`` are held; nil otherwise,
    /// the descriptor then left to the caller.
    init?(adopting descriptor: Int32) {
      // Every way out before the descriptor is stored leaves the count as it was: once it is stored, a nil return
      // would run deinit.
      guard descriptor >= 0 else { return nil }
      guard OpenDirectory.heldCount.add(1, ordering: .relaxed).newValue <= OpenDirectory.heldLimit else {
        OpenDirectory.heldCount.subtract(1, ordering: .relaxed)
        return nil
      }
      self.descriptor = descriptor
    }

    deinit {
      close(descriptor)
      OpenDirectory.heldCount.subtract(1, ordering: .relaxed)
    }
  }

  /// Everything on standard input (a pipe or a file), until its end; nil when reading fails.
  static func readStandardInput() -> [UInt8]? {
    try? readToEnd(STDIN_FILENO, expectedSize: nil).get()
  }

  /// Reads until the end. With the size fstat reported, a read that delivered at least that many bytes without
  /// filling the buffer reached the end, which saves a second read per file; otherwise (a pipe, a short read, a
  /// file that grew) the end is a read that returns nothing. On a read error nothing read is kept.
  private static func readToEnd(_ descriptor: Int32, expectedSize: Int?) -> Result<[UInt8], ReadFailure> {
    var bytes = [UInt8](repeating: 0, count: (expectedSize ?? 4095) + 1)
    var total = 0
    while true {
      // A file that grows while being read keeps being read; the usual file fits the first buffer.
      if total == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
      let count = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        return read(descriptor, base + total, buffer.count - total)
      }
      if count < 0, errno == EINTR { continue }
      guard count >= 0 else { return .failure(.system(errno)) }
      if count == 0 { break }
      total += count
      if let expectedSize, total >= expectedSize, total < bytes.count { break }
    }
    bytes.removeSubrange(total...)
    return .success(bytes)
  }
}
