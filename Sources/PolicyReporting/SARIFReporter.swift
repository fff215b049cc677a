public import PolicyAudit
public import PolicyDiagnostics
import PolicyModel
public import PolicySyntax

/// SARIF 2.1.0 for code-scanning dashboards: rule metadata in `tool.driver.rules`, one result per finding with a
/// physical location in 1-based lines and Unicode code-point columns (declared in `columnKind`).
public enum SARIFReporter {
  public static func render(_ reports: [AuditReport], rules: [RuleDescriptor], toolVersion: String) -> JSONOutput {
    let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
    var results: [JSONOutput] = []
    for report in reports where !report.findings.isEmpty {
      let locator = FileLocator(file: report.file)
      for finding in report.findings {
        results.append(result(finding, locator: locator, ruleIndex: ruleIndex[finding.rule]))
      }
    }
    return .object([
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
            ("results", .array(results)),
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

  static func result(_ finding: Finding, locator: FileLocator, ruleIndex: Int?) -> JSONOutput {
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
                ("artifactLocation", .object([("uri", .string(uri(locator.file.path)))])),
                (
                  "region",
                  .object([
                    ("startLine", .integer(start.line)),
                    ("startColumn", .integer(codePointColumn(start, locator))),
                    ("endLine", .integer(end.line)),
                    ("endColumn", .integer(codePointColumn(end, locator))),
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

  /// 1-based column in Unicode code points, from a 0-based byte column.
  static func codePointColumn(_ position: SourcePosition, _ locator: FileLocator) -> Int {
    let line = Array(locator.lineText(position.line).utf8)
    let prefix = line.prefix(min(position.column, line.count))
    return String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
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
