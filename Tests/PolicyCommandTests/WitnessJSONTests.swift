import PolicyDiagnostics
import PolicySyntax
import Testing

@testable import PolicyReporting

/// JSON reports write witnesses straight into their text, SARIF builds them as a tree: both must give the same JSON.
@Suite struct WitnessJSONTests {
  static let witnesses: [Witness] = [
    Witness(
      principal: "lambda.amazonaws.com",
      action: "ecr:BatchGetImage",
      resource: nil,
      context: [
        Witness.ContextEntry(key: "aws:SourceAccount", values: ["123456789012"]),
        Witness.ContextEntry(key: "aws:SourceArn", values: ["arn:aws:lambda:us-east-1:123456789012:function:f"]),
      ],
      decision: "implicit-deny"
    ),
    Witness(
      principal: "arn:aws:iam::999999999999:root",
      action: "ecr:GetDownloadUrlForLayer",
      resource: "arn:aws:ecr:us-east-1:111122223333:repository/repo",
      context: [
        Witness.ContextEntry(key: "aws:PrincipalOrgPaths", values: ["o-1/r-1/", "o-1/r-2/"]),
        Witness.ContextEntry(key: "aws:TagKeys", values: []),
        Witness.ContextEntry(key: "a\"quoted\\key\n", values: ["é\u{1}"]),
      ],
      decision: "allow"
    ),
    Witness(principal: "*", action: "ecr:*", resource: nil, context: [], decision: "explicit-deny"),
  ]

  @Test(arguments: witnesses, [false, true])
  func `a witness written into a report is the witness built as a tree`(witness: Witness, pretty: Bool) {
    for indent in [0, 4, 8] {
      var writer = JSONWriter(pretty: pretty, indent: indent)
      AuditReporters.write(witness, into: &writer)
      #expect(writer.text == AuditReporters.witness(witness).rendered(pretty: pretty, indent: indent))
    }
  }
}
