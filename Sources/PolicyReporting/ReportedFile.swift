public import PolicyDiagnostics
public import PolicyModel

/// A file and the findings to report for it, in reading order.
public struct ReportedFile: Sendable {
  public let file: PolicyFile
  public let findings: [Finding]

  public init(file: PolicyFile, findings: [Finding]) {
    self.file = file
    self.findings = findings.sorted(by: Finding.readingOrder)
  }
}

/// Counts by severity, for summaries and exit codes.
public struct FindingCounts: Sendable, Equatable {
  public var errors = 0
  public var warnings = 0
  public var notes = 0

  public init(_ files: [ReportedFile]) {
    for file in files {
      for finding in file.findings {
        switch finding.severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .note: notes += 1
        }
      }
    }
  }

  /// True when some finding is at or above `threshold`.
  public func reaches(_ threshold: Severity) -> Bool {
    switch threshold {
    case .error: errors > 0
    case .warning: errors + warnings > 0
    case .note: errors + warnings + notes > 0
    }
  }
}
