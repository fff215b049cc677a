import Foundation
public import Testing

/// Compares `actual` with the golden file `name` under Tests/Golden. With `RECORD_GOLDEN=1` in the environment the
/// file is rewritten instead, and the test records an issue so that recording never passes silently.
public func expectGolden(
  _ actual: String,
  _ name: String,
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let url = Fixtures.goldenDirectory.appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(),
      withIntermediateDirectories: true
    )
    try Data(actual.utf8).write(to: url)
    Issue.record("recorded golden file \(name); run again without RECORD_GOLDEN", sourceLocation: sourceLocation)
    return
  }
  guard let data = FileManager.default.contents(atPath: url.path) else {
    Issue.record("missing golden file \(name); run with RECORD_GOLDEN=1 to create it", sourceLocation: sourceLocation)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  #expect(actual == expected, "output differs from golden file \(name)", sourceLocation: sourceLocation)
}
