import PolicySyntax
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

  /// What `path` names, following symbolic links; nil when nothing is there.
  static func kind(of path: String) -> Kind? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    switch status.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFREG: return .regularFile
    default: return .other
    }
  }

  /// What a path leads to, following symbolic links: two paths to one folder have the same identity.
  struct Identity: Hashable {
    let device: UInt64
    let inode: UInt64
  }

  /// The identity of what `path` names; nil when nothing is there. One stat: resolving the path to a canonical one
  /// instead reads every link on the way, and a walk asking for each folder of a deep tree took time cubic in its
  /// depth.
  static func identity(of path: String) -> Identity? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
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

  /// The whole content of a regular file: one open, one fstat, one read for the usual small file. Nil when the file
  /// cannot be opened or is not a regular file.
  static func readFile(_ path: String) -> [UInt8]? {
    // Non-blocking, so that a FIFO named like a policy is refused below instead of waiting for a writer forever;
    // reads of a regular file ignore the flag.
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    return readRegularFile(descriptor)
  }

  /// The whole content of the file `name` in `directory`, which listing it reported as a regular file: opened by
  /// its name alone, so the kernel looks up one name instead of every folder of the path again, and read into
  /// `scratch` (left as it was) without asking for its size first. Nil when the file cannot be opened or is not a
  /// regular file.
  static func readListedFile(
    _ name: UnsafePointer<CChar>,
    in directory: OpenDirectory,
    using scratch: inout ByteSink
  ) -> [UInt8]? {
    let descriptor = openat(directory.descriptor, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    // POSIX lets a read of a regular file return fewer bytes than asked only at its end (or when a signal
    // interrupts it, and none is handled here), so a read that leaves room read the whole file. A file that fills
    // the room, or reads as empty, or is no longer a regular file (replaced since the listing: a device can fill
    // any room, a FIFO reads as empty) is read the way a named file is, once fstat has said what it is.
    let room = 16 * 1024
    let start = scratch.count
    let count = scratch.append(upTo: room) { buffer in
      guard let base = buffer.baseAddress else { return -1 }
      var count: Int
      repeat { count = read(descriptor, base, buffer.count) } while count < 0 && errno == EINTR
      return count
    }
    let bytes = scratch.takeBytes(from: start)
    if count > 0 && count < room { return bytes }
    guard lseek(descriptor, 0, SEEK_SET) == 0 else { return nil }
    return readRegularFile(descriptor)
  }

  /// The content of the open `descriptor` from its start, when it is a regular file.
  private static func readRegularFile(_ descriptor: Int32) -> [UInt8]? {
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
    return readToEnd(descriptor, expectedSize: max(Int(status.st_size), 0))
  }

  /// A directory held open so that the files listed in it are opened relative to it; closed when the last input
  /// that refers to it is released. Only so many are open at once (the walk can run far ahead of the reads, and
  /// each holds a descriptor): past that, files are opened by their whole path.
  final class OpenDirectory: Sendable {
    let descriptor: Int32

    private static let openCount = Atomic<Int>(0)
    /// A quarter of the descriptors the process may hold, and no more than a thousand: enough for a walk that runs
    /// ahead by hundreds of folders, and room left for everything else.
    private static let openLimit: Int = {
      var limit = rlimit()
      guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 16 }
      return Int(min(limit.rlim_cur / 4, 1024))
    }()

    /// Nil when as many are open already, or when the directory cannot be opened.
    init?(_ path: String) {
      guard OpenDirectory.openCount.add(1, ordering: .relaxed).newValue <= OpenDirectory.openLimit else {
        OpenDirectory.openCount.subtract(1, ordering: .relaxed)
        return nil
      }
      descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      guard descriptor >= 0 else {
        OpenDirectory.openCount.subtract(1, ordering: .relaxed)
        return nil
      }
    }

    deinit {
      close(descriptor)
      OpenDirectory.openCount.subtract(1, ordering: .relaxed)
    }
  }

  /// Everything on standard input (a pipe or a file), until its end; nil when reading fails.
  static func readStandardInput() -> [UInt8]? {
    readToEnd(STDIN_FILENO, expectedSize: nil)
  }

  /// Reads until the end. With the size fstat reported, a read that delivered at least that many bytes without
  /// filling the buffer reached the end, which saves a second read per file; otherwise (a pipe, a short read, a
  /// file that grew) the end is a read that returns nothing. Nil on a read error: nothing read is kept.
  private static func readToEnd(_ descriptor: Int32, expectedSize: Int?) -> [UInt8]? {
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
      guard count >= 0 else { return nil }
      if count == 0 { break }
      total += count
      if let expectedSize, total >= expectedSize, total < bytes.count { break }
    }
    bytes.removeSubrange(total...)
    return bytes
  }
}
