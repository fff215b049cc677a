import PolicySyntax
import Testing

@Suite struct JSONReaderLimitTests {
  private func nestedArrays(depth: Int) -> [UInt8] {
    Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
  }

  @Test func defaultLimitsAreDocumented() {
    let limits = JSONReaderLimits()
    #expect(limits.maxDepth == 256)
    #expect(limits.maxBytes == 16 * 1024 * 1024)
  }

  @Test func millionOpenBracketsHitTheNestingLimitWithoutCrashing() throws {
    let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
    let error = try #require(syntaxError(bytes))
    // Reading stops at the first bracket past the limit, long before the recursion could exhaust the stack.
    #expect(error.offset == 256)
    #expect(error.message == "nesting is deeper than the limit of 256 levels")
  }

  @Test func deeplyNestedObjectsHitTheNestingLimit() throws {
    let bytes = Array(String(repeating: #"{"a":"#, count: 200_000).utf8)
    let error = try #require(syntaxError(bytes))
    #expect(error.offset == 256 * 5)
    #expect(error.message.contains("nesting is deeper than the limit of 256 levels"))
  }

  @Test func defaultDepthLimitIsInclusive() throws {
    #expect(syntaxError(nestedArrays(depth: 256)) == nil)
    #expect(syntaxError(nestedArrays(depth: 257))?.offset == 256)
  }

  @Test(arguments: [1, 2, 8, 64])
  func exactlyMaxDepthIsAcceptedAndOneMoreRejected(_ maxDepth: Int) throws {
    let limits = JSONReaderLimits(maxDepth: maxDepth)
    let accepted = try JSONReader.parse(nestedArrays(depth: maxDepth), limits: limits)
    #expect(accepted.root.range.length == 2 * maxDepth)
    let error = try #require(syntaxError(nestedArrays(depth: maxDepth + 1), limits: limits))
    #expect(error.offset == maxDepth)
    #expect(error.message.contains("limit of \(maxDepth) levels"))
  }

  @Test func zeroDepthAllowsOnlyScalars() throws {
    let limits = JSONReaderLimits(maxDepth: 0)
    #expect(try JSONReader.parse(#""scalar""#, limits: limits).root.string == "scalar")
    #expect(syntaxError("[]", limits: limits)?.offset == 0)
    #expect(syntaxError("{}", limits: limits)?.offset == 0)
  }

  @Test func objectsAndArraysCountTowardTheSameDepth() throws {
    let text = #"{"a":[{"b":[]}]}"#
    #expect(syntaxError(text, limits: JSONReaderLimits(maxDepth: 4)) == nil)
    let error = try #require(syntaxError(text, limits: JSONReaderLimits(maxDepth: 3)))
    #expect(error.offset == 11)
  }

  /// Depth must be released when a container closes, through both the empty and the non-empty path,
  /// or long flat documents would hit the limit.
  @Test func siblingsDoNotAccumulateDepth() throws {
    let limits = JSONReaderLimits(maxDepth: 2)
    let emptySiblings = "[" + Array(repeating: "[]", count: 1000).joined(separator: ",") + "]"
    let fullSiblings = "[" + Array(repeating: "[1]", count: 1000).joined(separator: ",") + "]"
    let objectSiblings = "{" + (0..<1000).map { #""k\#($0)": {"x": 1}, "e\#($0)": {}"# }.joined(separator: ",") + "}"
    #expect(syntaxError(emptySiblings, limits: limits) == nil)
    #expect(syntaxError(fullSiblings, limits: limits) == nil)
    #expect(syntaxError(objectSiblings, limits: limits) == nil)
  }

  @Test func documentOverMaxBytesIsRejected() throws {
    let limits = JSONReaderLimits(maxBytes: 10)
    let exactly = Array(#"["123456"]"#.utf8)
    try #require(exactly.count == 10)
    #expect(syntaxError(exactly, limits: limits) == nil)
    let error = try #require(syntaxError(Array(#"["1234567"]"#.utf8), limits: limits))
    #expect(error.offset == 10)
    #expect(error.message == "document is larger than the limit of 10 bytes")
  }

  @Test func sizeLimitCountsTheByteOrderMark() throws {
    let limits = JSONReaderLimits(maxBytes: 4)
    #expect(syntaxError([0xEF, 0xBB, 0xBF, UInt8(ascii: "1")], limits: limits) == nil)
    #expect(syntaxError([0xEF, 0xBB, 0xBF, UInt8(ascii: "1"), UInt8(ascii: "2")], limits: limits)?.offset == 4)
  }

  @Test func sizeLimitIsCheckedBeforeSyntax() throws {
    // A hostile file must be refused for its size without being read at all.
    let error = try #require(syntaxError("{{{{{{", limits: JSONReaderLimits(maxBytes: 5)))
    #expect(error.message.contains("larger than the limit"))
  }
}
