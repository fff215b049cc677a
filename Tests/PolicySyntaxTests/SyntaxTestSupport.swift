import PolicySyntax

/// The error `JSONReader` throws for `bytes`, or nil when it accepted them, so callers can `#require` a rejection.
func syntaxError(_ bytes: [UInt8], limits: JSONReaderLimits = JSONReaderLimits()) -> JSONSyntaxError? {
  do {
    _ = try JSONReader.parse(bytes, limits: limits)
    return nil
  } catch {
    return error
  }
}

func syntaxError(_ text: String, limits: JSONReaderLimits = JSONReaderLimits()) -> JSONSyntaxError? {
  syntaxError(Array(text.utf8), limits: limits)
}

/// The source text a range covers, or nil when the range is not inside `bytes` (slicing would trap instead).
func sourceText(_ range: SourceRange, in bytes: [UInt8]) -> String? {
  guard 0 <= range.start, range.start <= range.end, range.end <= bytes.count else { return nil }
  return String(decoding: bytes[range.start..<range.end], as: UTF8.self)
}

func sourceText(_ range: SourceRange, in text: String) -> String? {
  sourceText(range, in: Array(text.utf8))
}
