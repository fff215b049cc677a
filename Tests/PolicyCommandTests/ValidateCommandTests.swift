import Foundation
import PolicyCommand
import PolicySyntax
import TestSupport
import Testing

@Suite struct ValidateCommandTests {
  @Test func `a valid policy exits 0 and prints nothing on stdout`() throws {
    let result = runTool(["validate", "-"], stdin: Array(validLambdaPolicy.utf8))
    #expect(result.exitCode == 0)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("1 file checked: 0 errors, 0 warnings, 0 notes"))
  }

  @Test func `an error exits 1 with a compiler-style line, the source line and a caret`() {
    let policy =
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"allow\", "
      + "\"Principal\": \"*\", \"Action\": \"ecr:BatchGetImage\"}\n}\n"
    let result = runTool(["validate", "-"], stdin: Array(policy.utf8))
    #expect(result.exitCode == 1)
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedHeader =
      "<stdin>:3:27: error: Effect must be 'Allow' or 'Deny' (case-sensitive), found 'allow'; did you mean "
      + "'Allow'? [invalid-value]"
    #expect(lines.first.map(String.init) == expectedHeader)
    #expect(lines.count > 3)
    #expect(lines[1].hasPrefix(" 3 |   \"Statement\": {\"Effect\": \"allow\""))
    #expect(lines[2] == " " + " " + " | " + String(repeating: " ", count: 26) + "^~~~~~~")
    #expect(lines[3] == "  help: use 'Allow'")
  }

  /// A one-line policy (minified JSON) with a finding every 100-odd bytes: each snippet shows a window of the line
  /// with the caret under its own span, and stays short however far along the line the span is.
  @Test(arguments: ["", "é€😀"])
  func `snippets of a long line show a window around each span`(filler: String) {
    let statements = (0..<300).map { index in
      #"{"Sid": "\#(filler)S\#(index)", "Effect": "allow", "Principal": "*", "Action": "ecr:BatchGetImage"}"#
    }
    let policy = #"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ", ") + "]}"
    let result = runTool(["validate", "-"], stdin: Array(policy.utf8))
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var checked = 0
    for (index, line) in lines.enumerated() where line.hasSuffix("[invalid-value]") && index + 2 < lines.count {
      let source = lines[index + 1]
      let caret = lines[index + 2]
      #expect(source.hasPrefix(" 1 | ") && caret.hasPrefix("   | "), "\(source)\n\(caret)")
      let shown = Array(source.unicodeScalars.dropFirst(5))
      let marks = Array(caret.unicodeScalars.dropFirst(5))
      // At most the window and an ellipsis at each end.
      #expect(shown.count <= 202)
      guard let column = marks.firstIndex(of: "^") else {
        Issue.record("no caret: \(caret)")
        continue
      }
      let underCaret = String(String.UnicodeScalarView(shown[column...]))
      #expect(underCaret.hasPrefix(#""allow""#), "\(source)\n\(caret)")
      #expect(marks[column...].count == #""allow""#.count)
      checked += 1
    }
    #expect(checked == 300)
    // Every snippet of this policy is short: the output grows with the findings, not with findings × line length.
    #expect(result.stdout.utf8.count < 300 * 1_200)
  }

  @Test(arguments: [
    ("error", Int32(1)), ("warning", 1), ("note", 1), ("none", 0),
  ])
  func `--fail-on sets the threshold`(level: String, expected: Int32) {
    let policy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": 1}]}"#
    let result = runTool(["validate", "--fail-on", level, "-"], stdin: Array(policy.utf8))
    #expect(result.exitCode == expected)
  }

  @Test func `a warning alone passes the default threshold but fails --fail-on warning`() {
    let policy = #"{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ecr:*"}]}"#
    #expect(runTool(["validate", "-"], stdin: Array(policy.utf8)).exitCode == 0)
    #expect(runTool(["validate", "--fail-on=warning", "-"], stdin: Array(policy.utf8)).exitCode == 1)
  }

  @Test func `a missing file exits 2 and names the path`() {
    let result = runTool(["validate", "/nonexistent/policy.json"])
    #expect(result.exitCode == 2)
    #expect(result.stderr.contains("/nonexistent/policy.json: no such file or directory"))
  }

  /// Files are rendered on the cores that read them and their pieces written as they are: the report must be UTF-8
  /// (snippets show a file's bytes that are not UTF-8 repaired), and the files come in path order.
  @Test func `text reports of several files come in order, with bytes that are not UTF-8 repaired`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let invalid: [UInt8] = Array("{\"Statement\": [{\"Sid\": \"a".utf8) + [0xFF] + Array("b\"}]}\n".utf8)
    for index in 0..<40 {
      let bytes = index % 2 == 0 ? invalid : Array("{\"Statement\": [}".utf8)
      try Data(bytes).write(to: directory.appendingPathComponent(String(format: "p%02d.json", index)))
    }
    let result = runTool(["validate", directory.path])
    #expect(result.exitCode == 1)
    #expect(String(validating: Array(result.stdoutPieces.joined()), as: UTF8.self) != nil)
    let headers = result.stdout.split(separator: "\n").filter { $0.hasPrefix(directory.path) }
    #expect(headers.count == 40)
    #expect(
      headers.map { String($0.split(separator: ":")[0]) }
        == (0..<40).map {
          directory.appendingPathComponent(String(format: "p%02d.json", $0)).path
        }
    )
    #expect(result.stdout.contains("\"Sid\": \"a\u{FFFD}b\""))
    #expect(result.stderr.contains("40 files checked: 40 errors, 0 warnings, 0 notes in 40 files"))
  }

  @Test func `a missing file among readable ones still reports the readable ones and exits 2`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let broken = directory.appendingPathComponent("broken.json")
    try write("{\"Statement\": [}", to: broken)
    let result = runTool(["validate", broken.path, directory.appendingPathComponent("absent.json").path])
    #expect(result.exitCode == 2)
    #expect(result.stdout.contains("[invalid-json]"))
    #expect(result.stderr.contains("absent.json: no such file or directory"))
  }

  @Test(arguments: [
    ["validate"],
    ["validate", "--format", "xml", "-"],
    ["validate", "--fail-on", "fatal", "-"],
    ["validate", "--kind", "bucket", "-"],
    ["validate", "--bogus", "-"],
    ["validate", "--format"],
    ["frobnicate"],
    [],
  ])
  func `usage errors exit 2 with a message on stderr`(arguments: [String]) {
    let result = runTool(arguments)
    #expect(result.exitCode == 2)
    #expect(!result.stderr.isEmpty)
    #expect(result.stdout.isEmpty)
  }

  @Test func `help and version exit 0`() {
    for arguments in [["--help"], ["validate", "--help"], ["--version"]] {
      let result = runTool(arguments)
      #expect(result.exitCode == 0, "\(arguments)")
      #expect(!result.stdout.isEmpty)
    }
    #expect(runTool(["validate", "--help"]).stdout.contains("--fail-on"))
    #expect(runTool(["--version"]).stdout.hasPrefix("ecr-policy "))
  }

  @Test func `json output uses Access Analyzer locations`() throws {
    let policy =
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Principal\": "
      + "{\"AWS\": 123456789012}, \"Action\": \"ecr:BatchGetImage\"}\n  ]\n}\n"
    let result = runTool(["validate", "--format", "json", "-"], stdin: Array(policy.utf8))
    #expect(result.exitCode == 1)
    let report = try JSONReport(result.stdout)
    #expect(report.root.at("version")?.integer == 1)
    #expect(report.files.count == 1)
    #expect(report.files[0].at("path")?.string == "<stdin>")
    let findings = report.findings(ofFile: 0)
    #expect(findings.count == 1)
    let finding = try #require(findings.first)
    #expect(finding.at("rule")?.string == "invalid-value")
    #expect(finding.at("severity")?.string == "error")
    let path = try #require(finding.at("location", "path")?.elements)
    #expect(path.count == 4)
    #expect(path[0].at("value")?.string == "Statement")
    #expect(path[1].at("index")?.integer == 0)
    #expect(path[2].at("value")?.string == "Principal")
    #expect(path[3].at("value")?.string == "AWS")
    let expectedOffset = try #require(policy.range(of: "123456789012")).lowerBound.utf16Offset(in: policy)
    #expect(finding.at("location", "span", "start", "line")?.integer == 4)
    #expect(finding.at("location", "span", "start", "column")?.integer == 45)
    #expect(finding.at("location", "span", "start", "offset")?.integer == expectedOffset)
    #expect(finding.at("location", "span", "end", "offset")?.integer == expectedOffset + 12)
    #expect(finding.at("fix", "applicability")?.string == "safe")
    #expect(finding.at("fix", "edits", 0, "replacement")?.string == "\"123456789012\"")
  }

  @Test func `findings inside a get-repository-policy wrapper point into the escaped policyText`() throws {
    let wrapper = """
      {
          "registryId": "111111111111",
          "repositoryName": "team/app",
          "policyText": "{\\n  \\"Version\\" : \\"2012-10-17\\",\\n  \\"Statement\\" : [ {\\n    \\"Effect\\" : \
      \\"allow\\",\\n    \\"Principal\\" : \\"*\\",\\n    \\"Action\\" : \\"ecr:BatchGetImage\\"\\n  } ]\\n}"
      }
      """
    let result = runTool(["validate", "--format", "json", "-"], stdin: Array(wrapper.utf8))
    #expect(result.exitCode == 1)
    let finding = try #require(try JSONReport(result.stdout).findings(ofFile: 0).first)
    #expect(finding.at("rule")?.string == "invalid-value")
    #expect(finding.at("location", "path", 0, "value")?.string == "policyText")
    #expect(finding.at("location", "path", 1, "value")?.string == "Statement")
    let offset = try #require(finding.at("location", "span", "start", "offset")?.integer)
    let bytes = Array(wrapper.utf8)
    // The span starts at the escaped quote before allow: `\"allow\"` in the file.
    #expect(String(decoding: bytes[offset..<offset + 9], as: UTF8.self) == "\\\"allow\\\"")
    #expect(finding.at("location", "span", "start", "line")?.integer == 4)
  }

  @Test func `a million nested brackets give a clean invalid-json error`() throws {
    let input = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
    let result = runTool(["validate", "--format", "json", "-"], stdin: input)
    #expect(result.exitCode == 1)
    let finding = try #require(try JSONReport(result.stdout).findings(ofFile: 0).first)
    #expect(finding.at("rule")?.string == "invalid-json")
    #expect(finding.at("message")?.string?.contains("nesting") == true)
    #expect(finding.at("location", "span", "start", "line")?.integer == 1)
  }

  @Test func `directories are walked recursively, sorted, skipping hidden folders and other files`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try write(validLambdaPolicy, to: directory.appendingPathComponent("b.json"))
    try write("{", to: directory.appendingPathComponent("a/z.json"))
    try write("{", to: directory.appendingPathComponent("a/notes.txt"))
    try write("{", to: directory.appendingPathComponent(".hidden/x.json"))
    try write(validLambdaPolicy, to: directory.appendingPathComponent("a/c.json"))
    // A symbolic link back to the root must not make the walk loop.
    try FileManager.default.createSymbolicLink(
      at: directory.appendingPathComponent("a/loop"),
      withDestinationURL: directory
    )
    let result = runTool(["validate", "--format", "json", directory.path])
    #expect(result.exitCode == 1)
    let paths = try JSONReport(result.stdout).files.compactMap { $0.at("path")?.string }
    let relative = paths.map { String($0.dropFirst(directory.path.count + 1)) }
    #expect(relative == ["a/c.json", "a/z.json", "b.json"])
  }

  @Test func `a folder reached twice through links is walked once, and a deep tree to its bottom`() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let deep = (0..<200).map { _ in "d" }.joined(separator: "/")
    try write(validLambdaPolicy, to: directory.appendingPathComponent("\(deep)/x.json"))
    try write(validLambdaPolicy, to: directory.appendingPathComponent("shared/p.json"))
    // Two links to one folder, and one into the middle of the deep tree: each folder is walked once, under the
    // first path that reaches it in byte order.
    for name in ["link1", "link2"] {
      try FileManager.default.createSymbolicLink(
        at: directory.appendingPathComponent(name),
        withDestinationURL: directory.appendingPathComponent("shared")
      )
    }
    try FileManager.default.createSymbolicLink(
      at: directory.appendingPathComponent("0-into-deep"),
      withDestinationURL: directory.appendingPathComponent((0..<100).map { _ in "d" }.joined(separator: "/"))
    )
    let result = runTool(["validate", "--format", "json", directory.path])
    #expect(result.exitCode == 0)
    let paths = try JSONReport(result.stdout).files.compactMap { $0.at("path")?.string }
    let relative = paths.map { String($0.dropFirst(directory.path.count + 1)) }
    let rest = (0..<100).map { _ in "d" }.joined(separator: "/")
    #expect(relative == ["0-into-deep/\(rest)/x.json", "link1/p.json"])
  }

  @Test func `validate Policies reports exactly the deliberately broken examples`() throws {
    let result = runTool(["validate", "--format", "json", Fixtures.policiesDirectory.path])
    let report = try JSONReport(result.stdout)
    let reported = report.files.filter { !($0.at("findings")?.elements?.isEmpty ?? true) }
      .compactMap { $0.at("path")?.string }
      .map { URL(fileURLWithPath: $0).lastPathComponent }
    let expected = try Fixtures.policyNames().filter { $0.hasPrefix("invalid-") }
    #expect(reported == expected)
    #expect(!expected.isEmpty)
  }

  @Test func `golden text and json output over Policies`() throws {
    let root = Fixtures.packageRoot.path
    let text = runTool(["validate", Fixtures.policiesDirectory.path])
    try expectGolden(text.stdout.replacingOccurrences(of: root + "/", with: ""), "validate/Policies.txt")
    let json = runTool(["validate", "--format", "json", Fixtures.policiesDirectory.path])
    try expectGolden(json.stdout.replacingOccurrences(of: root + "/", with: ""), "validate/Policies.json")
  }
}
