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
    let descriptor = open(path, O_RDONLY | O_NONBLOCK)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
    return readToEnd(descriptor, expectedSize: max(Int(status.st_size), 0))
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
