import Foundation
import PolicyAudit
import PolicyDiagnostics
import PolicyModel
import PolicySyntax
import TestSupport
import Testing

/// One `*.json` row of the corpus MANIFEST.tsv (columns: file, source_repo, source_path, commit_or_unknown, kind,
/// notes).
struct AuditCorpusEntry: Sendable, CustomTestStringConvertible {
  let file: String
  let kind: String
  let notes: String

  var testDescription: String { file }

  /// `ecr-registry` rows are registry policies; every other kind is left to inference.
  var policyKind: PolicyKind? { kind == "ecr-registry" ? .registry : nil }
  var isMalformed: Bool { notes.contains("not valid JSON") }
  var isUnconditionedPublic: Bool { notes.contains("public: Principal * with no condition") }
}

enum AuditCorpus {
  static var manifest: URL { Fixtures.corpusDirectory.appendingPathComponent("MANIFEST.tsv") }

  static var isAvailable: Bool { Fixtures.exists(manifest) }

  /// The `*.json` rows of the MANIFEST; empty when the corpus is absent.
  static let entries: [AuditCorpusEntry] = {
    guard let data = FileManager.default.contents(atPath: manifest.path) else { return [] }
    let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).dropFirst()
    return lines.compactMap { line in
      let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard columns.count == 6, columns[0].hasSuffix(".json") else { return nil }
      return AuditCorpusEntry(file: columns[0], kind: columns[4], notes: columns[5])
    }
  }()

  static func audit(_ entry: AuditCorpusEntry) throws -> (PolicyFile, AuditReport) {
    let bytes = try Fixtures.bytes(Fixtures.corpusDirectory.appendingPathComponent(entry.file))
    let file = PolicyFile(path: entry.file, bytes: bytes, kind: entry.policyKind)
    return (file, Auditor.audit(file, intent: AuditIntent()))
  }

  /// Rules whose findings are about who can access: each must carry the request that shows it.
  /// Files whose notes say "public: Principal * with no condition" but which an ECR audit rightly finds not public:
  /// the notes come from an automatic pass that ignored Deny statements and non-ECR actions.
  static let notPublicDespiteNotes: [String: String] = [
    "193-ecr-cloud-custodian-config-selectresourceconfig-1.json":
      "a Deny of every action with StringNotEquals aws:PrincipalAccount shuts out all accounts but one",
    "231-s3-tdr-terraform-environments-s3-org-only-access-plus-starpo.json":
      "an S3 policy: its unconditioned statement grants only s3:GetObject, no ecr: action",
  ]

  static let accessRules: Set<String> = [
    "public-access", "lambda-without-source", "missing-account-pull", "missing-lambda-pull", "unexpected-account",
  ]
}

/// The audit over real-world policies. Skipped when the shared corpus is not next to the package.
@Suite(.enabled(if: AuditCorpus.isAvailable, "the corpus at ../shared/corpus/real is not present"))
struct CorpusAuditTests {
  @Test func `the manifest lists the corpus`() {
    #expect(AuditCorpus.entries.count > 200)
    #expect(AuditCorpus.entries.filter(\.isMalformed).count == 6)
    #expect(AuditCorpus.entries.contains { $0.policyKind == .registry })
    #expect(AuditCorpus.entries.filter(\.isUnconditionedPublic).count >= 20)
  }

  @Test func `every file gets a report`() throws {
    var reports = 0
    for entry in AuditCorpus.entries {
      let (_, report) = try AuditCorpus.audit(entry)
      #expect(report.file.path == entry.file)
      reports += 1
    }
    #expect(reports == AuditCorpus.entries.count)
  }

  @Test(arguments: AuditCorpus.entries)
  func `the audit of a corpus file`(_ entry: AuditCorpusEntry) throws {
    let (file, report) = try AuditCorpus.audit(entry)
    #expect(report.file.path == entry.file)
    for finding in report.findings {
      #expect(finding.range.start >= 0 && finding.range.start <= finding.range.end, "\(finding.message)")
      #expect(finding.range.end <= file.policyBytes.count, "\(finding.message)")
      #expect(!finding.message.isEmpty)
    }
    if entry.isMalformed {
      #expect(report.findings.map(\.rule.rawValue) == ["invalid-json"])
      #expect(report.consumers.isEmpty)
      #expect(report.isPublic == nil)
      return
    }
    #expect(file.result.document != nil)
    if entry.policyKind == .registry {
      #expect(file.result.document?.kind == .registry)
      #expect(!report.findings.contains { $0.rule.rawValue == "resource-element" })
    }
    if let reason = AuditCorpus.notPublicDespiteNotes[entry.file] {
      #expect(entry.isUnconditionedPublic)
      #expect(report.isPublic == false, "\(reason)")
      #expect(!report.findings.contains { $0.rule.rawValue == "public-access" }, "\(reason)")
    } else if entry.isUnconditionedPublic {
      #expect(report.isPublic != false, "notes say public; findings: \(report.findings.map(\.message))")
    }
    for finding in report.findings where AuditCorpus.accessRules.contains(finding.rule.rawValue) {
      let witness = try #require(finding.witness, "\(finding.rule) without a witness: \(finding.message)")
      switch finding.rule.rawValue {
      case "public-access", "lambda-without-source", "unexpected-account":
        #expect(witness.decision == "allow", "\(finding.rule): \(witness.summary)")
      default:
        #expect(witness.decision != "allow", "\(finding.rule): \(witness.summary)")
      }
    }
    // An empty intent names no accounts, so nothing can be unexpected.
    #expect(!report.findings.contains { $0.rule.rawValue == "unexpected-account" })
    #expect(report.consumers.allSatisfy { $0.inferred })
  }
}
