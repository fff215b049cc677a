import Foundation
import PolicyDiagnostics
import PolicyEvaluation
import PolicyModel
import TestSupport
import Testing

/// The 250 evaluation vectors of ../shared/peer-vectors, from the test suite of an independent evaluator
/// (cloud-copilot/iam-simulate), with the project's documented overrides. Read at test time, never copied here.
struct PeerVector: Sendable, CustomTestStringConvertible {
  let name: String
  let policy: String
  let principal: String
  let action: String
  let resource: String
  let context: [(String, ContextValue)]
  let expected: String
  /// `spec-differs`, `disputed`, `invalid-policy`, or nil when the peer's answer stands.
  let overrideStatus: String?
  let overrideDecision: String?

  var testDescription: String { name }

  static let directory = Fixtures.sharedRoot.appendingPathComponent("peer-vectors")

  static var available: Bool { Fixtures.exists(directory.appendingPathComponent("iam-simulate.json")) }

  static func all() throws -> [PeerVector] {
    guard available else { return [] }
    let vectorData = try Data(contentsOf: directory.appendingPathComponent("iam-simulate.json"))
    let overrideData = try Data(contentsOf: directory.appendingPathComponent("overrides.json"))
    let vectors = try JSONSerialization.jsonObject(with: vectorData) as? [[String: Any]] ?? []
    let overrides = try JSONSerialization.jsonObject(with: overrideData) as? [String: [String: Any]] ?? [:]
    return try vectors.map { vector in
      let name = vector["name"] as? String ?? "?"
      let policyData = try JSONSerialization.data(withJSONObject: vector["policy"] ?? [:], options: [.sortedKeys])
      var context: [(String, ContextValue)] = []
      for (key, value) in (vector["context"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
        if let list = value as? [String] {
          context.append((key, .multiple(list)))
        } else {
          context.append((key, .single("\(value)")))
        }
      }
      return PeerVector(
        name: name,
        policy: String(decoding: policyData, as: UTF8.self),
        principal: vector["principal"] as? String ?? "",
        action: vector["action"] as? String ?? "",
        resource: vector["resource"] as? String ?? "",
        context: context,
        expected: vector["expected"] as? String ?? "",
        overrideStatus: overrides[name]?["status"] as? String,
        overrideDecision: overrides[name]?["ours"] as? String
      )
    }
  }
}

@Suite struct PeerVectorTests {
  @Test(.enabled(if: PeerVector.available, "../shared/peer-vectors is absent"), arguments: try PeerVector.all())
  func `agrees with the independent evaluator`(vector: PeerVector) throws {
    let parsed = PolicyParser.parse(Array(vector.policy.utf8), kind: .repository)
    let principal = try #require(RequestPrincipal(parsing: vector.principal), "principal \(vector.principal)")
    var context = RequestContext()
    for (key, value) in vector.context { context[key] = value }
    guard let document = parsed.document else {
      // Refusing an invalid policy is allowed only where the vector is marked as one.
      #expect(vector.overrideStatus == "invalid-policy", "no model: \(parsed.findings.map(\.message))")
      return
    }
    let request = Request(principal: principal, action: vector.action, resource: vector.resource, context: context)
    let evaluation = Evaluator.evaluate(document, request)
    let decision = evaluation.decision.rawValue
    let trace = evaluation.statements.map { "#\($0.index) \($0.applies): \($0.reason)" }.joined(separator: " | ")
    switch vector.overrideStatus {
    case "disputed":
      #expect(["allow", "implicit-deny", "explicit-deny"].contains(decision), "\(trace)")
    case "spec-differs":
      #expect(decision == vector.overrideDecision, "\(trace)")
    case "invalid-policy":
      #expect(decision == vector.expected || decision == "indeterminate", "\(trace)")
    default:
      #expect(decision == vector.expected, "\(trace)")
    }
  }

  @Test(.enabled(if: PeerVector.available, "../shared/peer-vectors is absent"))
  func `all 250 vectors are read`() throws {
    #expect(try PeerVector.all().count == 250)
  }
}
