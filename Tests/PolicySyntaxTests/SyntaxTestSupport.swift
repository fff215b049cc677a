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

/// A deterministic generator, so a failing property case can be replayed from its seed.
struct SplitMix64 {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  /// A value in `0..<bound`; the modulo bias is irrelevant for test data.
  mutating func next(below bound: Int) -> Int {
    Int(next() % UInt64(bound))
  }

  mutating func pick<Element>(_ choices: [Element]) -> Element {
    choices[next(below: choices.count)]
  }
}
