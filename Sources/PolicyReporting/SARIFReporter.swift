public import PolicyAudit
public import PolicyDiagnostics
import PolicyModel
public import PolicySyntax

/// SARIF 2.1.0 for code-scanning dashboards: rule metadata in `tool.driver.rules`, one result per finding with a
/// physical location in 1-based lines and Unicode code-point columns (declared in `columnKind`).
public enum SARIFReporter {
  public static func render(_ reports: [AuditReport], rules: [RuleDescriptor], toolVersion: String) -> JSONOutput {
    let ruleIndex = index(of: rules)
    return render(
      renderedResults: reports.compactMap { results(of: $0, ruleIndex: ruleIndex) },
      rules: rules,
      toolVersion: toolVersion
    )
  }

  /// Each rule's position in `rules`, which results refer to.
  public static func index(of rules: [RuleDescriptor]) -> [RuleID: Int] {
    Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
  }

  /// The results of one file, pretty-printed at the depth they take in the log and separated as its results array
  /// separates them; nil when the file has no findings. Commands render files on all cores.
  public static func results(of report: AuditReport, ruleIndex: [RuleID: Int]) -> String? {
    guard !report.findings.isEmpty else { return nil }
    let locator = FileLocator(file: report.file)
    var columns = CodePointColumns(locator)
    return report.findings.map { finding in
      result(finding, path: report.file.path, locator: locator, columns: &columns, ruleIndex: ruleIndex[finding.rule])
        .rendered(indent: resultsDepth)
    }.joined(separator: ",\n" + String(repeating: " ", count: resultsDepth))
  }

  /// How deep the elements of `runs[0].results` are indented.
  private static let resultsDepth = 8

  /// The log around results rendered with ``results(of:ruleIndex:)``.
  public static func render(renderedResults: [String], rules: [RuleDescriptor], toolVersion: String) -> JSONOutput {
    .object([
      ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
      ("version", .string("2.1.0")),
      (
        "runs",
        .array([
          .object([
            (
              "tool",
              .object([
                (
                  "driver",
                  .object([
                    ("name", .string("ecr-policy")),
                    ("version", .string(toolVersion)),
                    ("informationUri", .string("https://github.com/ecr-policy/ecr-policy")),
                    ("rules", .array(rules.map(rule))),
                  ])
                )
              ])
            ),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(renderedResults.map { .raw($0) })),
          ])
        ])
      ),
    ])
  }

  static func rule(_ descriptor: RuleDescriptor) -> JSONOutput {
    .object([
      ("id", .string(descriptor.id.rawValue)),
      ("name", .string(descriptor.id.rawValue)),
      ("shortDescription", .object([("text", .string(descriptor.summary))])),
      ("fullDescription", .object([("text", .string(descriptor.rationale))])),
      ("help", .object([("text", .string("Example: \(descriptor.example)\nFix: \(descriptor.fix)"))])),
      ("defaultConfiguration", .object([("level", .string(descriptor.defaultSeverity.rawValue))])),
    ])
  }

  static func result(
    _ finding: Finding,
    path: String,
    locator: FileLocator,
    columns: inout CodePointColumns,
    ruleIndex: Int?
  ) -> JSONOutput {
    let (start, end) = locator.span(of: finding.range)
    var members: [(String, JSONOutput)] = [("ruleId", .string(finding.rule.rawValue))]
    if let ruleIndex { members.append(("ruleIndex", .integer(ruleIndex))) }
    members += [
      ("level", .string(finding.severity.rawValue)),
      ("message", .object([("text", .string(finding.message))])),
      (
        "locations",
        .array([
          .object([
            (
              "physicalLocation",
              .object([
                ("artifactLocation", .object([("uri", .string(uri(path)))])),
                (
                  "region",
                  .object([
                    ("startLine", .integer(start.line)),
                    ("startColumn", .integer(columns.column(start))),
                    ("endLine", .integer(end.line)),
                    ("endColumn", .integer(columns.column(end))),
                  ])
                ),
              ])
            )
          ])
        ])
      ),
    ]
    if let witness = finding.witness {
      members.append(("properties", .object([("witness", AuditReporters.witness(witness))])))
    }
    return .object(members)
  }

  /// A relative URI reference for a path: characters outside the unreserved set and `/` are percent-encoded.
  static func uri(_ path: String) -> String {
    var out = path.hasPrefix("/") ? "file://" : ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let digits = Array("0123456789ABCDEF")
        out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
      }
    }
    return out
  }
}
