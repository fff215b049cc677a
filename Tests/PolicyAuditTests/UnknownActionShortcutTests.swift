import PolicyEvaluation
import PolicyModel
import TestSupport
import Testing

@testable import PolicyAudit

/// `unknown-action` looks at a statement's entries only when its action set noted an entry that matches no ECR
/// action. Every entry the rule reports must be such an entry, or the note would hide it.
@Test func `every entry unknown-action reports is noted as matching no action`() throws {
  var random = SplitMix64(seed: 0x5EED_AC71_0000_0001)
  func pick<T>(_ choices: [T]) -> T { random.pick(choices) }
  func mutated(_ name: String) -> String {
    var characters = Array(name)
    switch random.next(below: 6) {
    case 0: if !characters.isEmpty { characters.remove(at: random.next(below: characters.count)) }
    case 1: characters.insert(pick(Array("abcXYZ*?é:")), at: random.next(below: characters.count + 1))
    case 2: characters = characters.map { random.next(below: 2) == 0 ? Character($0.uppercased()) : $0 }
    case 3: characters = Array(name.lowercased())
    default: break
    }
    return String(characters)
  }
  var reported = 0
  for _ in 0..<4000 {
    let service = pick(["ecr", "ECR", "Ecr", "s3", "ecr-public", ""])
    let name = mutated(pick(ECRActions.all.map(\.name) + ["*", "Get*", "Batch?etImage", "${aws:username}"]))
    let text = "\(service):\(name)"
    let policy = """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["\(text)"]}]}
      """
    let file = PolicyFile(path: "policy.json", bytes: Array(policy.utf8))
    let statement = try #require(file.result.document?.statements.first)
    let pattern = ActionPattern(text)
    guard pattern.service == "ecr", !pattern.hasPlaceholder, !pattern.isMalformed else { continue }
    let reports =
      pattern.hasWildcard ? ECRActions.indices(matching: text).isEmpty : ECRActions.category(of: text) == nil
    guard reports else { continue }
    reported += 1
    var anyEntryMatchesNothing = false
    _ = AuditContext.ecrActionSet(of: statement.action, anyEntryMatchesNothing: &anyEntryMatchesNothing)
    #expect(anyEntryMatchesNothing, "\(text)")
  }
  #expect(reported > 200)
}
