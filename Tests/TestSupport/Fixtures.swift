public import Foundation

/// Where the repository and the shared material are, found from this file rather than the working directory, so
/// tests run the same from `swift test`, an IDE, or CI's clone.
public enum Fixtures {
  /// The package root (the folder holding Package.swift).
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  /// `../shared` beside the package: read-only material that may be absent on a developer's machine.
  public static let sharedRoot: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

  /// The bundled example policies.
  public static let policiesDirectory: URL = packageRoot.appendingPathComponent("Policies")

  /// Golden outputs.
  public static let goldenDirectory: URL = packageRoot.appendingPathComponent("Tests/Golden")

  /// The real-world corpus, when present.
  public static let corpusDirectory: URL = sharedRoot.appendingPathComponent("corpus/real")

  /// True when `url` exists.
  public static func exists(_ url: URL) -> Bool {
    FileManager.default.fileExists(atPath: url.path)
  }

  /// The bytes of `url`.
  public static func bytes(_ url: URL) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: url))
  }

  /// The names of the `*.json` files of the Policies folder, sorted.
  public static func policyNames() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: policiesDirectory.path)
      .filter { $0.hasSuffix(".json") }
      .sorted()
  }
}
