/// How a file name or argument that is not UTF-8 is shown in a message: its UTF-8 parts as they are and every byte
/// that is not UTF-8 as `\xNN`, so the name can be found and renamed. (Repairing the bytes instead would show U+FFFD,
/// which may spell another file's name.)
enum ByteSpelling {
  /// The spelling of `bytes`; nil when they are UTF-8, and need no escape.
  static func escapedIfNotUTF8(_ bytes: [UInt8]) -> String? {
    guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    var spelling = ""
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        spelling.unicodeScalars.append(Unicode.UTF8.decode(encoded))
        offset += encoded.count
      case .error(let length):
        for byte in bytes[offset..<min(offset + length, bytes.count)] {
          let digits = String(byte, radix: 16, uppercase: true)
          spelling += "\\x" + (byte < 16 ? "0" : "") + digits
        }
        offset += length
      case .emptyInput:
        return spelling
      }
    }
  }
}
