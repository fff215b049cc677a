import PolicySyntax
import Testing

@testable import PolicyReporting

/// The access table pads its ASCII words without counting their characters: the same spaces, and the same width, as
/// counting them gives.
@Suite struct TablePaddingTests {
  @Test(arguments: ["yes", "no", "unknown"] as [StaticString])
  func anASCIIWordPadsAsCountingItDoes(word: StaticString) {
    for width in 0...20 {
      var counted = ByteSink()
      counted.append("  ")
      let start = counted.count
      counted.append(word)
      let countedWidth = counted.pad(from: start, to: width)
      var known = ByteSink()
      known.append("  ")
      let knownWidth = known.append(word, paddedTo: width)
      #expect(known.bytes == counted.bytes, "width \(width)")
      #expect(knownWidth == countedWidth, "width \(width)")
    }
  }
}
