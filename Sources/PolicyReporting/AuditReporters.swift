public import PolicyAudit
import PolicyDiagnostics
import PolicyModel
package import PolicySyntax

/// Renders audits: compiler-style text with an access table, and JSON extending validate's schema.
public enum AuditReporters {
  /// Text: findings as validate prints them (with witnesses), then per file an access table readable at 80 columns,
  /// from per-file parts rendered with ``textParts(_:)`` (commands render them on all cores). Written file by file:
  /// the files' findings in pieces of about the size standard output writes at once, their tables kept for the end.
  public struct TextReportWriter {
    /// Findings not written yet. A file's findings come as part of its text, and writing them as a piece of their
    /// own would take an array more for each file: they are gathered into a piece of about 64 KiB instead.
    private var findings: [UInt8] = []
    private var tables: [UInt8] = []

    private static let pieceSize = 1 << 16

    public init() {}

    public mutating func add(_ parts: TextParts, to write: ([UInt8]) -> Void) {
      findings += parts.findings
      tables += parts.table
      if findings.count >= Self.pieceSize {
        write(findings)
        findings.removeAll(keepingCapacity: true)
      }
    }

    /// Writes what is left: the findings not written yet, then the access tables.
    public func finish(to write: ([UInt8]) -> Void) {
      write(findings)
      write(tables)
    }
  }

  /// One file's share of the text report, as UTF-8: its findings, and its access table (empty when there is nothing
  /// to show), in one array: a file's text is then allocated once, not once a part.
  public struct TextParts: Sendable {
    private let text: [UInt8]
    private let tableStart: Int

    public var findings: ArraySlice<UInt8> { text[..<tableStart] }
    public var table: ArraySlice<UInt8> { text[tableStart...] }

    fileprivate init(text: [UInt8], tableStart: Int) {
      self.text = text
      self.tableStart = tableStart
    }
  }

  public static func textParts(_ report: AuditReport) -> TextParts {
    // Room for the usual findings (with their snippets and witnesses) and table up front: growing from less would
    // reallocate and copy what was written.
    var text = ByteSink(capacity: 1024 * report.findings.count + 256 + 80 * report.consumers.count)
    return textParts(report, writingIn: &text)
  }

  /// ``textParts(_:)`` written in `text`, a sink lent for several files (it is left empty, with its room): a sink
  /// of its own for each file cost an allocation more.
  package static func textParts(_ report: AuditReport, writingIn text: inout ByteSink) -> TextParts {
    let hasTable = report.file.result.document != nil && (!report.consumers.isEmpty || report.isPublic != false)
    guard !report.findings.isEmpty || hasTable else { return TextParts(text: [], tableStart: 0) }
    precondition(text.count == 0, "a lent sink starts empty")
    if !report.findings.isEmpty {
      let locator = FileLocator(file: report.file)
      for finding in report.findings {
        TextReporter.render(finding, path: report.file.path, locator: locator, into: &text)
        if let witness = finding.witness {
          text.append("  witness: ")
          witness.writeSummary(into: &text)
          text.append("\n")
        }
      }
    }
    let tableStart = text.count
    if hasTable { writeTable(of: report, into: &text) }
    return TextParts(text: text.takeBytes(), tableStart: tableStart)
  }

  /// The access table of one file: whether it is public, and what each consumer can pull.
  private static func writeTable(of report: AuditReport, into table: inout ByteSink) {
    table.append("\n")
    table.append(report.file.path)
    table.append("\n  public: ")
    table.append(word(report.isPublic))
    table.append("\n")
    guard !report.consumers.isEmpty else { return }
    table.append("  consumer        account pull  lambda pull (")
    table.append(report.region)
    table.append(report.regionAssumed ? ", assumed)\n" : ")\n")
    for consumer in report.consumers {
      // The row's width is kept in characters as it is written: the account, the policy's own text, is counted, and
      // the words after it are ASCII, whose bytes are their characters.
      table.append("  ")
      let accountStart = table.count
      table.append(consumer.account)
      var width = 2 + table.pad(from: accountStart, to: 16)
      width += table.append(word(consumer.accountCanPull), paddedTo: 14)
      let lambdaPull = word(consumer.lambdaCanPull)
      table.append(lambdaPull)
      width += lambdaPull.utf8CodeUnitCount
      // Remarks start at column 46 and stay short, so every row fits in 80 columns.
      if consumer.inferred || !consumer.lambdaLimitedTo.isEmpty {
        table.append(UInt8(ascii: " "), times: max(1, 46 - width))
        if consumer.inferred { table.append("inferred") }
        if consumer.inferred && !consumer.lambdaLimitedTo.isEmpty { table.append("; ") }
        if !consumer.lambdaLimitedTo.isEmpty { table.append("named functions only") }
      }
      table.append("\n")
    }
  }

  /// The note every audit carries once: what the repository policy alone cannot decide.
  public static func caveat(registryGiven: Bool) -> String {
    registryGiven
      ? "verdicts combine the repository and registry policies; SCPs, RCPs and the consumers' own identity "
        + "policies can still grant or block"
      : "verdicts cover this policy only: a registry policy, SCPs, RCPs and the consumers' own identity policies "
        + "can still grant or block"
  }

  /// JSON: validate's schema plus `assumptions`, `public`, `consumers`, `grants` per file and `witness` per finding
  /// (pretty, with a final newline), written file by file from entries rendered with ``jsonFile(_:)`` (commands render
  /// them on all cores).
  public static func jsonReportWriter(registryGiven: Bool) -> JSONFileListWriter {
    JSONFileListWriter { writer in
      writer.key("version")
      writer.integer(JSONReporter.formatVersion)
      writer.key("assumptions")
      writer.write(.array([.string(caveat(registryGiven: registryGiven))]))
    }
  }

  /// One file's entry, pretty-printed at the depth it takes in the report, as UTF-8.
  public static func jsonFile(_ report: AuditReport) -> [UInt8] {
    // Room for the usual entry up front (2 KiB for grants and consumers, as much again for each finding, with its
    // location and witness): growing from less would reallocate and copy what was written.
    var sink = ByteSink(capacity: 2048 * (1 + report.findings.count))
    return jsonFile(report, writingIn: &sink)
  }

  /// ``jsonFile(_:)`` written in `sink`, a sink lent for several files (it is left empty, with its room): a sink of
  /// its own for each file cost an allocation more.
  package static func jsonFile(_ report: AuditReport, writingIn sink: inout ByteSink) -> [UInt8] {
    var writer = JSONWriter(indent: 4, writingIn: sink)
    writer.beginObject()
    writer.key("path")
    writer.string(report.file.path)
    writer.key("findings")
    JSONReporter.writeFindings(report.findings, of: report.file, into: &writer) { finding, writer in
      guard let witness = finding.witness else { return }
      writer.key("witness")
      AuditReporters.write(witness, into: &writer)
    }
    writer.key("kind")
    writer.string(report.file.result.document?.kind.rawValue)
    writer.key("public")
    writer.bool(report.isPublic)
    writer.key("region")
    writer.string(report.region)
    writer.key("consumers")
    writer.beginArray()
    for consumer in report.consumers {
      writer.beginObject()
      writer.key("account")
      writer.string(consumer.account)
      writer.key("inferred")
      writer.bool(consumer.inferred)
      writer.key("accountCanPull")
      writer.bool(consumer.accountCanPull)
      writer.key("lambdaCanPull")
      writer.bool(consumer.lambdaCanPull)
      writer.key("lambdaLimitedTo")
      writer.strings(consumer.lambdaLimitedTo)
      writer.endObject()
    }
    writer.endArray()
    writer.key("grants")
    writeGrants(of: report, into: &writer)
    writer.endObject()
    let bytes = writer.takeBytes()
    sink = writer.releaseSink()
    return bytes
  }

  /// ``AuditReport/grants`` written straight from the model, as the JSON report spells them: making the summaries'
  /// strings and arrays first cost more than writing them. Its text is the summaries' (a test holds the two
  /// together).
  static func writeGrants(of report: AuditReport, into writer: inout JSONWriter) {
    let actionNames = quotedActionNames
    writer.beginArray()
    report.forEachStatement { statement, actions in
      writer.beginObject()
      writer.key("statement")
      writer.integer(statement.index)
      writer.key("sid")
      writer.string(statement.sid?.value)
      writer.key("effect")
      writer.string(GrantSummary.effect(of: statement))
      writer.key(statement.principal?.isNot == true ? "notPrincipals" : "principals")
      writer.beginArray()
      for entry in statement.principal?.entries ?? [] {
        writer.beginString()
        GrantSummary.spellPrincipal(entry) { writer.appendToString($0) }
        writer.endString()
      }
      writer.endArray()
      writer.key("actions")
      writer.beginArray()
      for position in actions { writer.raw(utf8: actionNames[position]) }
      writer.endArray()
      writer.key("conditions")
      writer.beginArray()
      for clause in statement.condition?.clauses ?? [] {
        writer.beginString()
        GrantSummary.spellCondition(clause) { writer.appendToString($0) }
        writer.endString()
      }
      writer.endArray()
      writer.endObject()
    }
    writer.endArray()
  }

  /// Each of ``AuditReport/actionNames`` as a JSON string, rendered once: grants list up to every action there is.
  private static let quotedActionNames: [[UInt8]] = AuditReport.actionNames.map { name in
    var writer = JSONWriter(pretty: false)
    writer.string(name)
    return writer.takeBytes()
  }

  /// ``witness(_:)`` written straight into a report: JSON reports give every access finding one, and building the
  /// tree first cost more than writing it. Its text is the tree's (a test holds the two together).
  static func write(_ witness: Witness, into writer: inout JSONWriter) {
    writer.beginObject()
    writer.key("principal")
    writer.string(witness.principal)
    writer.key("action")
    writer.string(witness.action)
    writer.key("resource")
    writer.string(witness.resource)
    writer.key("context")
    writer.beginObject()
    for entry in witness.context {
      writer.key(named: entry.key)
      if entry.values.count == 1 { writer.string(entry.values[0]) } else { writer.strings(entry.values) }
    }
    writer.endObject()
    writer.key("decision")
    writer.string(witness.decision)
    writer.endObject()
  }

  /// A witness as JSON, for reports built as a tree (SARIF).
  static func witness(_ witness: Witness) -> JSONOutput {
    .object([
      ("principal", .string(witness.principal)),
      ("action", .string(witness.action)),
      ("resource", .optional(witness.resource)),
      (
        "context",
        .object(
          witness.context.map { entry in
            (entry.key, entry.values.count == 1 ? .string(entry.values[0]) : .array(entry.values.map { .string($0) }))
          }
        )
      ),
      ("decision", .string(witness.decision)),
    ])
  }

  private static func word(_ value: Bool?) -> StaticString {
    switch value {
    case true?: "yes"
    case false?: "no"
    case nil: "unknown"
    }
  }
}
