import PolicyReporting
import PolicySyntax
import Testing

/// Audits write their report as pieces; joined, the pieces must be exactly the report rendered as one text.
@Suite struct ReportPiecesTests {
  @Test(arguments: [0, 1, 3], [false, true])
  func jsonPiecesJoinToTheRenderedReport(fileCount: Int, registryGiven: Bool) {
    // Rendered file entries as jsonFile writes them: pretty, at the depth of the files array.
    let files = (0..<fileCount).map { #"{\#n      "path": "p\#($0).json",\#n      "findings": []\#n    }"# }
    let pieces = AuditReporters.jsonPieces(renderedFiles: files, registryGiven: registryGiven)
    let rendered = AuditReporters.json(renderedFiles: files, registryGiven: registryGiven).rendered() + "\n"
    #expect(pieces.joined() == rendered)
  }
}
