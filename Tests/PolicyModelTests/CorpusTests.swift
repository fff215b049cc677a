import Foundation
import PolicyDiagnostics
import PolicyModel
import PolicySyntax
import Testing

/// One `*.json` row of the corpus MANIFEST.tsv (columns: file, source_repo, source_path, commit_or_unknown, kind,
/// notes).
struct CorpusEntry: Sendable, CustomTestStringConvertible {
  let file: String
  let kind: String
  let notes: String

  var testDescription: String { file }

  /// `ecr-registry` rows are registry policies; every other kind is left to inference.
  var policyKind: PolicyKind? { kind == "ecr-registry" ? .registry : nil }

  var isMalformed: Bool { notes.contains("not valid JSON") }

  /// Line and 1-based column of Python's `json` error in the notes: "(Expecting value: line 8 column 17 (char 152))".
  var pythonErrorLocation: (line: Int, column: Int)? {
    guard let marker = notes.firstRange(of: "not valid JSON (") else { return nil }
    let message = notes[marker.upperBound...]
    guard let match = message.firstMatch(of: /line (\d+) column (\d+)/),
      let line = Int(match.output.1),
      let column = Int(match.output.2)
    else { return nil }
    return (line, column)
  }
}

enum Corpus {
  /// `/work/shared/corpus/real`, found from this file: it is `Tests/PolicyModelTests/CorpusTests.swift` of the
  /// package, and the corpus sits beside the package's parent directory.
  static let directory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .appendingPathComponent("../../../shared/corpus/real")
    .standardizedFileURL

  static var manifest: URL { directory.appendingPathComponent("MANIFEST.tsv") }

  static var isAvailable: Bool { FileManager.default.fileExists(atPath: manifest.path) }

  /// The `*.json` rows of the MANIFEST; empty when the corpus is not there.
  static let entries: [CorpusEntry] = {
    guard let data = FileManager.default.contents(atPath: manifest.path) else { return [] }
    let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).dropFirst()
    return lines.compactMap { line in
      let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard columns.count == 6, columns[0].hasSuffix(".json") else { return nil }
      return CorpusEntry(file: columns[0], kind: columns[4], notes: columns[5])
    }
  }()

  static func bytes(of entry: CorpusEntry) -> [UInt8]? {
    FileManager.default.contents(atPath: directory.appendingPathComponent(entry.file).path).map(Array.init)
  }
}

/// The real-world policies of the shared corpus. Skipped when the corpus is not checked out next to the package,
/// as in a clone of this package alone.
@Suite(.enabled(if: Corpus.isAvailable, "the corpus at ../../../shared/corpus/real is not present"))
struct CorpusTests {
  @Test func manifestListsTheCorpus() {
    #expect(Corpus.entries.count > 200)
    #expect(Corpus.entries.filter(\.isMalformed).count == 6)
    #expect(Corpus.entries.contains { $0.policyKind == .registry })
  }

  @Test(arguments: Corpus.entries)
  func corpusFileParses(_ entry: CorpusEntry) throws {
    let bytes = try #require(Corpus.bytes(of: entry), "cannot read \(entry.file)")
    let file = PolicyFile(path: entry.file, bytes: bytes, kind: entry.policyKind)
    for finding in file.result.findings {
      #expect(finding.range.start >= 0 && finding.range.start <= finding.range.end, "\(finding.message)")
      #expect(finding.range.end <= file.policyBytes.count, "\(finding.message)")
      #expect(!finding.message.isEmpty)
    }
    guard entry.isMalformed else {
      #expect(file.result.document != nil, "findings: \(file.result.findings.map(\.message))")
      return
    }
    #expect(file.result.document == nil)
    try #require(file.result.findings.count == 1)
    let finding = file.result.findings[0]
    #expect(finding.rule == ValidationRules.invalidJSON.id)
    let expected = try #require(entry.pythonErrorLocation, "no Python error position in the notes")
    let position = LineTable(bytes).position(of: file.fileRange(finding.range).start)
    #expect(position.line == expected.line)
    #expect(position.column + 1 == expected.column)
  }
}
