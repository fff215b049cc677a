import PolicyAudit
import PolicyModel
import PolicySyntax
import TestSupport
import Testing

@testable import PolicyReporting

/// JSON reports write grants straight from the model, `AuditReport.grants` builds them as summaries: both must give
/// the same JSON.
@Suite struct GrantsJSONTests {
  /// The summaries as the JSON report spells them, built as a tree.
  static func tree(_ grants: [GrantSummary]) -> JSONOutput {
    .array(
      grants.map { grant in
        .object([
          ("statement", .integer(grant.statement)),
          ("sid", .optional(grant.sid)),
          ("effect", .string(grant.effect)),
          (grant.notPrincipal ? "notPrincipals" : "principals", .array(grant.principals.map { .string($0) })),
          ("actions", .array(grant.actions.map { .string($0) })),
          ("conditions", .array(grant.conditions.map { .string($0) })),
        ])
      }
    )
  }

  @Test func `grants written from the model are the summaries built as a tree`() throws {
    let reports = try ReportPiecesTests.exampleReports() + Self.randomReports()
    for (index, report) in reports.enumerated() {
      for (pretty, indent) in [(true, 8), (false, 0)] {
        var writer = JSONWriter(pretty: pretty, indent: indent)
        AuditReporters.writeGrants(of: report, into: &writer)
        let written = writer.text
        #expect(written == Self.tree(report.grants).rendered(pretty: pretty, indent: indent), "report \(index)")
      }
    }
  }

  /// Guards the generator: grants of every shape the writer handles, so that agreement means something.
  @Test func `random policies give grants of every shape`() {
    let grants = Self.randomReports().flatMap(\.grants)
    #expect(grants.contains { $0.notPrincipal } && grants.contains { !$0.notPrincipal && !$0.principals.isEmpty })
    #expect(grants.contains { $0.sid == nil } && grants.contains { $0.effect == "unknown" })
    #expect(grants.contains { $0.actions.count > 40 } && grants.contains { $0.actions.isEmpty })
    #expect(grants.contains { $0.conditions.count > 1 })
    let principals = grants.flatMap(\.principals)
    for prefix in ["AWS:", "Service:", "Federated:", "CanonicalUser:"] {
      #expect(principals.contains { $0.hasPrefix(prefix) }, "no \(prefix) principal")
    }
    #expect(principals.contains("*"))
    let texts = grants.flatMap { $0.principals + $0.conditions + [$0.sid ?? ""] }
    for needle in ["\"", "\\", "\n", "é", ","] {
      #expect(texts.contains { $0.contains(needle) }, "no \(needle.debugDescription) to escape or join")
    }
  }

  /// Audits of random policies: principals of every type, Principal and NotPrincipal, actions from none to all,
  /// several condition clauses with several values, and text that needs escapes.
  static func randomReports() -> [AuditReport] {
    var random = SplitMix64(seed: 0x4752_414E_5453)
    let texts = [#"plain"#, #"with \"quotes\""#, #"back\\slash"#, #"line\nbreak"#, "é日😀", #"tab\tand\u0001"#]
    let principals = [
      #""*""#, #"{"AWS": "arn:aws:iam::123456789012:root"}"#,
      #"{"AWS": ["111122223333", "arn:aws:iam::444455556666:role/r\"x"]}"#,
      #"{"Service": "lambda.amazonaws.com"}"#, #"{"Federated": "cognito-identity.amazonaws.com"}"#,
      #"{"CanonicalUser": "79a59df900b949e55d96a1e698fbaced"}"#,
      #"{"AWS": "*", "Service": ["ecs.amazonaws.com", "codebuild.amazonaws.com"]}"#,
    ]
    let actions = [
      #""ecr:*""#, #""*""#, #""ecr:BatchGetImage""#, #"["ecr:Get*", "ecr:BatchGetImage"]"#, #""s3:GetObject""#,
      #"["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart"]"#,
    ]
    let operators = ["StringEquals", "StringLike", "ArnLike", "Bool", "StringNotEqualsIfExists"]
    let keys = ["aws:SourceAccount", "aws:sourceArn", "aws:PrincipalOrgID", #"weird\"key"#]
    let auditor = Auditor(intent: AuditIntent(region: "us-east-1", consumers: ["123456789012"]))
    return (0..<60).map { index in
      var statements: [String] = []
      for _ in 0..<(1 + random.next(below: 3)) {
        var members: [String] = []
        if random.next(below: 4) != 0 { members.append(#""Sid": "\#(random.pick(texts))""#) }
        switch random.next(below: 6) {
        case 0: break
        case 1: members.append(#""Effect": "Deny""#)
        default: members.append(#""Effect": "Allow""#)
        }
        switch random.next(below: 5) {
        case 0: break
        case 1: members.append(#""NotPrincipal": \#(random.pick(principals))"#)
        default: members.append(#""Principal": \#(random.pick(principals))"#)
        }
        let actionName = random.next(below: 5) == 0 ? "NotAction" : "Action"
        members.append(#""\#(actionName)": \#(random.pick(actions))"#)
        var clauses: [String] = []
        for _ in 0..<random.next(below: 3) {
          var entries: [String] = []
          for _ in 0..<(1 + random.next(below: 2)) {
            let values = (0..<(1 + random.next(below: 3))).map { _ in #""\#(random.pick(texts))""# }
            let value = values.count == 1 ? values[0] : "[" + values.joined(separator: ", ") + "]"
            entries.append(#""\#(random.pick(keys))": \#(value)"#)
          }
          clauses.append(#""\#(random.pick(operators))": {\#(entries.joined(separator: ", "))}"#)
        }
        if !clauses.isEmpty { members.append(#""Condition": {\#(clauses.joined(separator: ", "))}"#) }
        statements.append("{" + members.joined(separator: ", ") + "}")
      }
      let policy = #"{"Version": "2012-10-17", "Statement": [\#(statements.joined(separator: ",\n"))]}"#
      return auditor.audit(PolicyFile(path: "random-\(index).json", bytes: Array(policy.utf8)))
    }
  }
}
