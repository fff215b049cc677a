import Foundation
import PolicyAudit
import PolicyModel
import PolicyReporting
import PolicySyntax
import Testing

/// Audits write their report as pieces; joined, the pieces must be exactly the report rendered as one text.
@Suite struct ReportPiecesTests {
  @Test(arguments: [0, 1, 3], [false, true])
  func jsonWrittenFileByFileIsTheRenderedReport(fileCount: Int, registryGiven: Bool) {
    // Rendered file entries as jsonFile writes them: pretty, at the depth of the files array.
    let files = (0..<fileCount).map { Array(#"{\#n      "path": "p\#($0).json",\#n      "findings": []\#n    }"#.utf8) }
    var written: [UInt8] = []
    var report = AuditReporters.jsonReportWriter(registryGiven: registryGiven)
    for file in files { report.add(file) { written += $0 } }
    report.finish { written += $0 }
    let tree = JSONOutput.object([
      ("version", .integer(JSONReporter.formatVersion)),
      ("assumptions", .array([.string(AuditReporters.caveat(registryGiven: registryGiven))])),
      ("files", .array(files.map { .raw(String(decoding: $0, as: UTF8.self)) })),
    ])
    #expect(String(decoding: written, as: UTF8.self) == tree.rendered() + "\n")
  }

  @Test(arguments: [0, 1, 3])
  func validateJSONWrittenFileByFileIsTheReportTree(fileCount: Int) {
    let files = (0..<fileCount).map { Array(#"{\#n      "path": "p\#($0).json",\#n      "findings": []\#n    }"#.utf8) }
    var written: [UInt8] = []
    var report = JSONReporter.reportWriter()
    for file in files { report.add(file) { written += $0 } }
    report.finish { written += $0 }
    let tree = JSONOutput.object([
      ("version", .integer(JSONReporter.formatVersion)),
      ("files", .array(files.map { .raw(String(decoding: $0, as: UTF8.self)) })),
    ])
    #expect(String(decoding: written, as: UTF8.self) == tree.rendered() + "\n")
  }

  /// The text report written file by file: every file's findings in order, then every access table in order.
  @Test func textWrittenFileByFileHasFindingsFirstThenTables() throws {
    let reports = try Self.exampleReports()
    let parts = reports.map(AuditReporters.textParts)
    #expect(parts.contains { !$0.table.isEmpty } && parts.contains { !$0.findings.isEmpty })
    var written: [UInt8] = []
    var report = AuditReporters.TextReportWriter()
    for part in parts { report.add(part) { written += $0 } }
    report.finish { written += $0 }
    let expected = parts.flatMap(\.findings) + parts.flatMap(\.table)
    #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
  }

  /// Reports of the bundled examples, which hold findings of most rules.
  static func exampleReports() throws -> [AuditReport] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Policies")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
      .sorted()
    let auditor = Auditor(intent: AuditIntent(region: "us-east-1", consumers: ["123456789012"]))
    return try names.map { name in
      let bytes = try Array(Data(contentsOf: folder.appendingPathComponent(name)))
      return auditor.audit(PolicyFile(path: name, bytes: bytes))
    }
  }

  @Test func wholeRunRenderingsJoinTheFileRenderings() throws {
    let reports = try Self.exampleReports()
    #expect(reports.contains { $0.findings.count > 1 })
    #expect(GitHubReporter.render(reports) == reports.map { GitHubReporter.render($0) }.joined())
    let rules = AuditRules.all
    let whole = SARIFReporter.render(reports, rules: rules, toolVersion: "1").rendered()
    let index = SARIFReporter.index(of: rules)
    let perFile = SARIFReporter.render(
      renderedResults: reports.compactMap { SARIFReporter.results(of: $0, ruleIndex: index) },
      rules: rules,
      toolVersion: "1"
    ).rendered()
    #expect(whole == perFile)
    // Each result is one element of the log's results array, whichever way the log was put together.
    let log = try JSONReader.parse(Array(whole.utf8)).root
    let results = log.member("runs")?.value.elements?.first?.member("results")?.value.elements
    #expect(results?.count == reports.reduce(0) { $0 + $1.findings.count })
  }
}
