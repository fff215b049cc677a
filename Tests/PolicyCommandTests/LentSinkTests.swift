import PolicyAudit
import PolicyModel
import PolicyReporting
import PolicySyntax
import Testing

/// A file's report written in a sink lent for many files must be the report written in a sink of its own: whatever
/// the files before it left in the sink, or grew it to.
@Suite struct LentSinkTests {
  @Test func textPartsInALentSinkAreTheTextPartsOfTheFile() throws {
    let reports = try ReportPiecesTests.exampleReports()
    #expect(reports.contains { !$0.findings.isEmpty })
    // Too small for any file at first, so it grows; then reused, large, in a second pass the other way round.
    var sink = ByteSink(capacity: 16)
    for report in reports + reports.reversed() {
      let lent = AuditReporters.textParts(report, writingIn: &sink)
      let own = AuditReporters.textParts(report)
      #expect(Array(lent.findings) == Array(own.findings), "\(report.file.path)")
      #expect(Array(lent.table) == Array(own.table), "\(report.file.path)")
      #expect(sink.count == 0)
    }
  }

  @Test func jsonFileInALentSinkIsTheJSONOfTheFile() throws {
    let reports = try ReportPiecesTests.exampleReports()
    var sink = ByteSink(capacity: 16)
    for report in reports + reports.reversed() {
      let lent = AuditReporters.jsonFile(report, writingIn: &sink)
      #expect(lent == AuditReporters.jsonFile(report), "\(report.file.path)")
      #expect(sink.count == 0)
    }
  }
}
