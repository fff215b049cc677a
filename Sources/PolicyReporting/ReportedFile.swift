public import PolicyDiagnostics
public import PolicyModel

/// A file and the findings to report for it, in reading order.
public struct ReportedFile: Sendable {
  public let file: PolicyFile
  public let findings: [Finding]

  public init(file: PolicyFile, findings: [Finding]) {
    self.file = file
    // Findings usually arrive sorted already; checking is cheaper than sorting again.
    let sorted = zip(findings, findings.dropFirst()).allSatisfy { !Finding.readingOrder($1, $0) }
    self.findings = sorted ? findings : findings.sorted(by: Finding.readingOrder)
  }
}

/// Counts by severity, for summaries and exit codes.
public struct FindingCounts: Sendable, Equatable {
  public var errors = 0
  public var warnings = 0
  public var notes = 0

  public init() {}

  public init(_ files: [ReportedFile]) {
    self.init(files.map { FindingCounts($0.findings) })
  }

  public init(_ findings: [Finding]) {
    for finding in findings {
      switch finding.severity {
      case .error: errors += 1
      case .warning: warnings += 1
      case .note: notes += 1
      }
    }
  }

  /// The sum of several counts.
  public init(_ counts: [FindingCounts]) {
    for count in counts { add(count) }
  }

  public mutating func add(_ counts: FindingCounts) {
    errors += counts.errors
    warnings += counts.warnings
    notes += counts.notes
  }

  public var total: Int { errors + warnings + notes }

  /// True when some finding is at or above `threshold`.
  public func reaches(_ threshold: Severity) -> Bool {
    switch threshold {
    case .error: errors > 0
    case .warning: errors + warnings > 0
    case .note: errors + warnings + notes > 0
    }
  }
}
