import PolicyEvaluation
import Testing

/// `ECRActions.positions(matching:)` answers exact names from a table and `*`, `ecr:*` without matching; every
/// pattern must get the set the general matcher (``ActionMatcher``) gives it, name by name.
@Suite struct ActionTableFastPathTests {
  private func reference(_ pattern: String) -> [String] {
    ECRActions.qualifiedNames.filter { ActionMatcher.matches(pattern: pattern, action: $0) }
  }

  private var patterns: [String] {
    var patterns = [
      "*", "**", "ecr:*", "ECR:*", "eCr:*", "ecr:**", "ecr*", "ecr:", "ecr", "ec2:*", "ecs:*", "ecr-public:*", "s3:*",
      "ecr:Get*", "ecr:get*", "ecr:*Get*", "ecr:?atchGetImage", "ecr:Batch:GetImage", "", ":", "ecr:*:", "*:*",
      "ecr:BatchGetImag", "ecr:BatchGetImage ", " ecr:BatchGetImage", "ecr :BatchGetImage", "ecr:\u{0600}*",
    ]
    for name in ECRActions.qualifiedNames {
      let action = name.dropFirst("ecr:".count)
      patterns += [
        name, name.lowercased(), name.uppercased(), "ECR:" + action, "Ecr:" + action.lowercased(),
        "ecr:" + action + "*",
        "ecr:" + action.dropLast() + "?", "ecr:" + action.dropLast(), "ecr:" + action + "x", "ecr-public:" + action,
        "s3:" + action, String(action),
        // The table's length and case but not its bytes: the exact lookup compares the whole name.
        "ecr:" + action.dropLast() + (action.last == "e" ? "f" : "e"), "ecr:" + action.dropLast() + "\u{E9}",
      ]
    }
    return patterns
  }

  @Test func `positions agree with the general matcher`() {
    for pattern in patterns {
      #expect(ECRActions.names(ECRActions.positions(matching: pattern)) == reference(pattern), "\(pattern)")
    }
  }

  @Test func `indices and categories agree with the general matcher`() {
    for pattern in patterns {
      #expect(ECRActions.indices(matching: pattern).map { ECRActions.qualifiedNames[$0] } == reference(pattern))
    }
    for (name, category) in ECRActions.all {
      #expect(ECRActions.category(of: "ecr:" + name) == category)
      #expect(ECRActions.category(of: "ECR:" + name.lowercased()) == category)
    }
  }
}
