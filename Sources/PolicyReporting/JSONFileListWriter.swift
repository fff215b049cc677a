public import PolicySyntax

/// A pretty JSON report of the shape `{HEAD…, "files": [ENTRY, …]}` written file by file: the head before the first
/// entry, a separator before each later one, and the closing after the last, so that a report over many files leaves
/// as it is produced and is never gathered into one string. Entries come rendered at the depth they take in the
/// report (`JSONWriter(indent: 4)`), on the cores that produced them.
public struct JSONFileListWriter {
  /// Writes the members that precede `files` into the report's open top-level object.
  private let head: (inout JSONWriter) -> Void
  private var started = false

  public init(head: @escaping (inout JSONWriter) -> Void) {
    self.head = head
  }

  /// Writes a file entry, after what must precede it.
  public mutating func add(_ entry: [UInt8], to write: ([UInt8]) -> Void) {
    if started {
      write(Self.separator)
    } else {
      started = true
      var writer = openReport()
      // The writer leaves the array open; what follows is what it would write before an element of its own.
      writer.beginArray()
      write(writer.takeBytes() + Array("\n    ".utf8))
    }
    write(entry)
  }

  /// What separates an entry from the one before it, made once: an array made for each file cost an allocation.
  private static let separator: [UInt8] = Array(",\n    ".utf8)

  /// Writes what follows the last entry: the closings, or the whole report when there was no entry.
  public func finish(to write: ([UInt8]) -> Void) {
    guard started else {
      var writer = openReport()
      writer.beginArray()
      writer.endArray()
      writer.endObject()
      return write(writer.takeBytes() + [UInt8(ascii: "\n")])
    }
    write(Array("\n  ]\n}\n".utf8))
  }

  /// The report up to the `files` key.
  private func openReport() -> JSONWriter {
    var writer = JSONWriter()
    writer.beginObject()
    head(&writer)
    writer.key("files")
    return writer
  }
}
