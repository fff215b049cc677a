import PolicyEvaluation
import PolicyModel
import TestSupport
import Testing

@testable import PolicyAudit

/// Whether a statement treats the two pull actions alike is read off its action set unless a placeholder stands in
/// its Action element. The set must give the evaluator's answer, statement by statement: an "alike" the evaluator
/// does not confirm would let one pull action's verdict stand for the other's.
@Test(arguments: [21, 22, 23] as [UInt64])
func pullActionsAlikeFromTheSetMatchesTheEvaluator(seed: UInt64) throws {
  var random = SplitMix64(seed: seed)
  let entries = [
    "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ECR:batchgetimage", "ecr:getdownloadurlforlayer", "ecr:*",
    "*", "ecr:Get*", "ecr:Batch*", "ecr:*Get*", "ecr:*Layer", "ecr:?atchGetImage", "ecr:BatchGetImag",
    "ecr:Batch:GetImage", "ecr:PutImage", "ecr:DescribeImages", "s3:GetObject", "ecr-public:BatchGetImage",
    "ecr:${Action}", "${Action}", "ecr:{{resolve:ssm:action}}", "<ACTION>", "ecr", "",
  ]
  var general = (alike: 0, different: 0)
  for _ in 0..<2000 {
    let count = random.next(below: 4)
    let list = (0..<count).map { _ in "\"" + random.pick(entries) + "\"" }.joined(separator: ", ")
    let element = random.pick(["Action", "NotAction", "Action", "NotAction", "Resource"])
    let value = count == 1 && random.next(below: 2) == 0 ? list : "[" + list + "]"
    let text = """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "\(element)": \(value)}]}
      """
    let document = try #require(PolicyParser.parse(Array(text.utf8), kind: .repository).document)
    let statement = try #require(document.statements.first)
    let expected = evaluatorTreatsPullActionsAlike(document)
    if expected { general.alike += 1 } else { general.different += 1 }
    let actions = AuditContext.ecrActionSet(of: statement.action)
    #expect(AuditContext.treatsPullActionsAlike(statement, actions: actions) == expected, "\(text)")
  }
  // Both answers come up often enough to be tested.
  #expect(general.alike > 200 && general.different > 200)
}

/// The reference: whether every statement of `policy` gives the two pull actions the same action test, asked of the
/// evaluator.
private func evaluatorTreatsPullActionsAlike(_ policy: PolicyDocument) -> Bool {
  let pullActions = ECRActions.lambdaPullPatterns
  return policy.statements.allSatisfy {
    Evaluator.actionTruth(of: $0, pullActions[0]) == Evaluator.actionTruth(of: $0, pullActions[1])
  }
}
