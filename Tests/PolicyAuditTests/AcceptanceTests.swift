import Foundation
import PolicyAudit
import PolicyDiagnostics
import PolicyModel
import TestSupport
import Testing

/// The acceptance scenarios of the audit, on the bundled example policies.
@Suite struct AcceptanceTests {
  private func audit(_ name: String, _ intent: AuditIntent = AuditIntent()) throws -> AuditReport {
    let url = Fixtures.policiesDirectory.appendingPathComponent(name)
    return Auditor.audit(PolicyFile(path: name, bytes: try Fixtures.bytes(url)), intent: intent)
  }

  @Test func `the seed's cross-account policy: both pulls, no findings`() throws {
    let report = try audit("cross-account-lambda.json", AuditIntent(region: "us-east-1", consumers: ["123456789012"]))
    #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    #expect(report.consumers.map(\.account) == ["123456789012"])
    #expect(report.consumers.first?.accountCanPull == true)
    #expect(report.consumers.first?.lambdaCanPull == true)
    #expect(report.isPublic == false)
  }

  @Test func `without its Lambda statement: an error for a declared consumer, a warning for an inferred one`() throws {
    let declared = try audit(
      "missing-lambda-statement.json",
      AuditIntent(region: "us-east-1", consumers: ["123456789012"])
    )
    #expect(declared.findings.map(\.rule.rawValue) == ["missing-lambda-pull"])
    #expect(declared.findings.first?.severity == .error)
    #expect(declared.consumers.first?.lambdaCanPull == false)
    #expect(declared.findings.first?.witness?.principal == "lambda.amazonaws.com")
    let inferred = try audit("missing-lambda-statement.json")
    #expect(inferred.findings.map(\.rule.rawValue) == ["missing-lambda-pull"])
    #expect(inferred.findings.first?.severity == .warning)
    #expect(inferred.findings.first?.message.contains("inferred") == true)
    #expect(inferred.consumers.map(\.account) == ["123456789012"])
    #expect(inferred.consumers.first?.inferred == true)
  }

  @Test func `Principal '*' with StringEqualsIfExists on aws:SourceAccount is public`() throws {
    let report = try audit("public-source-account-ifexists.json")
    let finding = try #require(report.findings.first { $0.rule.rawValue == "public-access" })
    #expect(finding.severity == .error)
    #expect(report.isPublic == true)
    #expect(finding.witness?.decision == "allow")
  }

  @Test func `an unconditioned Lambda statement names a foreign account in its witness`() throws {
    let report = try audit("unscoped-lambda.json", AuditIntent(region: "us-east-1"))
    let finding = try #require(report.findings.first { $0.rule.rawValue == "lambda-without-source" })
    let witness = try #require(finding.witness)
    #expect(witness.principal == "lambda.amazonaws.com")
    let sourceAccount = witness.context.first { $0.key == "aws:SourceAccount" }?.values.first
    #expect(sourceAccount != nil)
    #expect(sourceAccount != "111111111111" && sourceAccount != "123456789012")
    #expect(witness.decision == "allow")
  }

  @Test func `an execution role ARN in aws:SourceArn is a mismatch`() throws {
    let report = try audit(
      "execution-role-in-source-arn.json",
      AuditIntent(region: "us-east-1", consumers: ["123456789012"])
    )
    let finding = try #require(report.findings.first { $0.rule.rawValue == "lambda-source-arn-mismatch" })
    #expect(finding.message.contains("arn:aws:lambda:us-east-1:123456789012:function:*"))
    #expect(finding.severity == .error)
  }

  @Test func `a registry policy that grants the Lambda pull makes it true`() throws {
    let registryURL = Fixtures.policiesDirectory.appendingPathComponent("registry-policy-output.json")
    let registry = PolicyFile(path: "registry", bytes: try Fixtures.bytes(registryURL))
    #expect(registry.result.document?.kind == .registry)
    let intent = AuditIntent(
      region: "us-east-1",
      consumers: ["123456789012"],
      registryPolicy: registry.result.document
    )
    let report = try audit("missing-lambda-statement.json", intent)
    #expect(report.consumers.first?.lambdaCanPull == true)
    #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
  }

  @Test func `a Deny on aws:PrincipalOrgID without a service guard blocks Lambda, and the message says so`() throws {
    let report = try audit("org-deny-blocks-lambda.json", AuditIntent(region: "us-east-1", consumers: ["123456789012"]))
    let finding = try #require(report.findings.first { $0.rule.rawValue == "missing-lambda-pull" })
    #expect(finding.message.contains("DenyOutsideOrganization"))
    #expect(finding.message.contains("aws:PrincipalIsAWSService"))
    #expect(finding.path.dotted == "Statement[2]")
  }
}
