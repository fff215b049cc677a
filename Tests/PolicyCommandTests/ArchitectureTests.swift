import Foundation
import TestSupport
import Testing

/// Library layers never talk to the world, and each imports only the layers below it.
@Suite struct ArchitectureTests {
  /// Every module's allowed imports of this package's modules: one direction of dependency.
  static let layers: [String: Set<String>] = [
    "PolicySyntax": [],
    "PolicyDiagnostics": ["PolicySyntax"],
    "PolicyModel": ["PolicySyntax", "PolicyDiagnostics"],
    "PolicyEvaluation": ["PolicySyntax", "PolicyDiagnostics", "PolicyModel"],
    "PolicyAudit": ["PolicySyntax", "PolicyDiagnostics", "PolicyModel", "PolicyEvaluation"],
    "PolicyGrant": ["PolicySyntax", "PolicyDiagnostics", "PolicyModel", "PolicyEvaluation", "PolicyAudit"],
    "PolicyReporting": ["PolicySyntax", "PolicyDiagnostics", "PolicyModel", "PolicyAudit"],
  ]

  static func sources(of module: String) throws -> [(String, String)] {
    let folder = Fixtures.packageRoot.appendingPathComponent("Sources/\(module)")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
    return try names.sorted().map { name in
      (name, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
    }
  }

  @Test(arguments: layers.keys.sorted())
  func `library code never prints, exits or reads the environment`(module: String) throws {
    for (name, text) in try Self.sources(of: module) {
      for forbidden in ["print(", "FileHandle.standard", "exit(", "ProcessInfo"] {
        #expect(!text.contains(forbidden), "\(module)/\(name) uses \(forbidden)")
      }
    }
  }

  @Test(arguments: layers.keys.sorted())
  func `modules import only the layers below them`(module: String) throws {
    let allowed = Self.layers[module] ?? []
    let ours = Set(Self.layers.keys).union(["PolicyCommand"])
    for (name, text) in try Self.sources(of: module) {
      for line in text.split(separator: "\n") {
        let words = line.split(separator: " ")
        guard let importIndex = words.firstIndex(of: "import"), importIndex + 1 < words.count else { continue }
        let imported = String(words[importIndex + 1])
        guard ours.contains(imported) else { continue }
        #expect(allowed.contains(imported), "\(module)/\(name) imports \(imported)")
      }
    }
  }
}
