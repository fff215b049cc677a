/// A seeded, deterministic generator (Steele, Lea and Flood's SplitMix64), so property tests replay identically on
/// every run and platform; the system generator would make failures unreproducible.
public struct SplitMix64: Sendable {
  private var state: UInt64

  public init(seed: UInt64) {
    state = seed
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }

  /// A value in `0..<bound`; the modulo bias is irrelevant for test data.
  public mutating func next(below bound: Int) -> Int {
    Int(next() % UInt64(bound))
  }

  public mutating func pick<Element>(_ choices: [Element]) -> Element {
    choices[next(below: choices.count)]
  }

  /// A string of `0...maxLength` scalars drawn from `alphabet`.
  public mutating func string(from alphabet: [Unicode.Scalar], maxLength: Int) -> String {
    let length = next(below: maxLength + 1)
    var scalars = String.UnicodeScalarView()
    for _ in 0..<length { scalars.append(alphabet[next(below: alphabet.count)]) }
    return String(scalars)
  }
}
