#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A position in a source buffer, as IAM Access Analyzer reports it: line 1-based, column and offset 0-based bytes.
public struct SourcePosition: Hashable, Sendable {
  public var line: Int
  public var column: Int
  public var offset: Int

  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }
}

/// Maps byte offsets to lines and columns. Built once per file, and only when something is reported.
public struct LineTable: Sendable {
  /// Offset of the first byte of each line.
  public let lineStarts: [Int]
  public let byteCount: Int

  /// Fewer bytes than pretty policies have on a line, on average: the table is reserved for a line every so many
  /// bytes, and only files of shorter lines make it grow.
  static let bytesPerLineEstimate = 12

  /// Lines end at LF, CRLF or a lone CR, so CRLF files report the same lines as LF files.
  public init(_ bytes: [UInt8]) {
    var starts: [Int] = []
    bytes.withUnsafeBufferPointer { buffer in
      // Without a carriage return, lines end at each LF: memchr finds them far faster than a loop over bytes. The
      // table is reserved for a line every `bytesPerLineEstimate` bytes, so that it is found in one pass and
      // allocated once: growing it line by line, or counting the lines in a pass of their own, cost more.
      if let base = buffer.baseAddress, memchr(base, 0x0D, buffer.count) == nil {
        starts.reserveCapacity(buffer.count / LineTable.bytesPerLineEstimate + 2)
        starts.append(0)
        var offset = 0
        while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
          offset = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
          starts.append(offset)
        }
        return
      }
      starts.append(0)
      var offset = 0
      while offset < buffer.count {
        let byte = buffer[offset]
        offset += 1
        if byte == 0x0A {
          starts.append(offset)
        } else if byte == 0x0D {
          if offset < buffer.count, buffer[offset] == 0x0A { offset += 1 }
          starts.append(offset)
        }
      }
    }
    lineStarts = starts
    byteCount = bytes.count
  }

  /// The position of `offset`; offsets past the end are clamped to the end.
  public func position(of offset: Int) -> SourcePosition {
    let offset = max(0, min(offset, byteCount))
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset {
        low = middle
      } else {
        high = middle - 1
      }
    }
    return SourcePosition(line: low + 1, column: offset - lineStarts[low], offset: offset)
  }

  /// The byte range of line `line` (1-based) without its line break.
  public func rangeOfLine(_ line: Int, in bytes: [UInt8]) -> SourceRange {
    let index = max(0, min(line - 1, lineStarts.count - 1))
    let start = lineStarts[index]
    var end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
    while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
      end -= 1
    }
    return SourceRange(start: start, end: end)
  }
}
