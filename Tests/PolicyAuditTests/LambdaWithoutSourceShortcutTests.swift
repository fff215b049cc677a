import PolicyEvaluation
import PolicyModel
import TestSupport
import Testing

@testable import PolicyAudit

/// `lambda-without-source` skips the evaluator for a Lambda statement whose condition pins other accounts literally.
/// The skip must never hide a statement that applies to the stranger's function: wherever it applies, the evaluator
/// must find that the statement does not apply.
@Test(arguments: [31, 32, 33] as [UInt64])
func pinnedStatementsDoNotApplyToTheStranger(seed: UInt64) throws {
  var random = SplitMix64(seed: seed)
  func pick<T>(_ choices: [T]) -> T { random.pick(choices) }
  // `\u0039` spells 9 without the byte, so the stranger's account can appear in a value although not in the text.
  let escapedStranger = String(repeating: #"\u0039"#, count: 12)
  let values = [
    "arn:aws:lambda:us-east-1:111111111111:function:*", "arn:aws:lambda:us-east-1:\(escapedStranger):function:*",
    "arn:aws:lambda:*:111111111111:function:*", "arn:aws:lambda:us-east-1:*:function:*", "*",
    "arn:aws:lambda:us-east-1:\(escapedStranger):function:ecr-policy-probe", "arn:aws:lambda:us-east-1:111111111111",
    "arn:aws:lambda:us-east-?:111111111111:function:x", "arn:aws:lambda:us-east-1:éé:function:*", "arn:aws:lambda",
    "arn:aws:lambda:us-east-1:${aws:PrincipalAccount}:function:*", "111111111111", escapedStranger, "11111111111*",
    "${aws:PrincipalAccount}", "arn:*", "arn:aws:lambda:us-east-1:\(escapedStranger)*",
    // Policy variables that the request's own keys fill in: they name the stranger's account.
    "${aws:SourceAccount}", "arn:aws:lambda:us-east-1:${aws:SourceAccount}:function:*", "${aws:SourceArn}",
  ]
  let operators = [
    "StringEquals", "StringLike", "StringEqualsIfExists", "StringLikeIfExists", "ForAnyValue:StringLike", "ArnLike",
    "StringEqualsIgnoreCase", "StringNotLike",
  ]
  let keys = ["aws:SourceArn", "aws:sourcearn", "aws:SourceAccount", "aws:sourceaccount"]
  var shortcuts = 0
  for _ in 0..<800 {
    let clauses = (0..<(1 + random.next(below: 2))).map { _ in
      let list = (0..<(1 + random.next(below: 2))).map { _ in "\"\(pick(values))\"" }.joined(separator: ", ")
      return "\"\(pick(operators))\": {\"\(pick(keys))\": [\(list)]}"
    }
    let text = """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, \
      "Action": "ecr:BatchGetImage", "Condition": {\(clauses.joined(separator: ", "))}}]}
      """
    let file = PolicyFile(path: "policy.json", bytes: Array(text.utf8))
    guard let document = file.result.document, let statement = document.statements.first else { continue }
    let intent = AuditIntent()
    let probe = AccessProbe(
      document: document,
      intent: intent,
      stranger: Auditor.strangerAccount(avoiding: file.policyBytes),
      region: "us-east-1",
      contexts: ProbeContexts(intent)
    )
    guard AuditContext.pinsOtherAccounts(statement, stranger: probe.stranger) else { continue }
    shortcuts += 1
    let request = probe.strangerLambdaRequest(action: "ecr:BatchGetImage")
    #expect(probe.outcome(of: statement, for: request).applies != .yes, "\(text)")
  }
  #expect(shortcuts > 50)
}
