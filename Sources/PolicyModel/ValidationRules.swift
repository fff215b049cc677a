public import PolicyDiagnostics

/// The rules the model builder checks. IDs are a public contract: never rename one.
public enum ValidationRules {
  public static let invalidJSON = RuleDescriptor(
    id: "invalid-json",
    defaultSeverity: .error,
    summary: "The file is not valid JSON (RFC 8259)",
    rationale: "ECR stores the policy as JSON text and rejects anything else. Comments, trailing commas, single "
      + "quotes, unquoted template holes such as ${var.x} and two documents in one file are the usual causes.",
    example: #"{"Statement": [{"Effect": "Allow",}]}"#,
    fix: "Correct the text at the reported position; render templates before checking them."
  )
  public static let byteOrderMark = RuleDescriptor(
    id: "byte-order-mark",
    defaultSeverity: .warning,
    summary: "The file starts with a UTF-8 byte order mark",
    rationale: "RFC 8259 says JSON text must not begin with a byte order mark. Parsers may ignore it, and this "
      + "tool does, but some AWS clients pass it on and the service then rejects the policy.",
    example: "\u{FEFF}{\"Version\": \"2012-10-17\", ...}",
    fix: "Save the file as UTF-8 without a byte order mark."
  )
  public static let duplicateKey = RuleDescriptor(
    id: "duplicate-key",
    defaultSeverity: .error,
    summary: "A JSON object has the same member twice",
    rationale: "IAM's grammar forbids repeating a key in one object. Parsers disagree on which copy wins, so the "
      + "policy may not mean what it seems to mean; this tool reads the last copy, as most JSON libraries do.",
    example: #"{"Effect": "Allow", "Effect": "Deny", ...}"#,
    fix: "Keep one member; merge array values when both copies were meant."
  )
  public static let unknownElement = RuleDescriptor(
    id: "unknown-element",
    defaultSeverity: .error,
    summary: "An element name IAM does not know, including a wrongly cased one",
    rationale: "Element names are case-sensitive: \"statement\" or \"Actions\" is not an element, and IAM rejects "
      + "the policy (MalformedPolicyDocument).",
    example: #"{"Version": "2012-10-17", "statement": [...]}"#,
    fix: "Use the element name the message suggests."
  )
  public static let missingElement = RuleDescriptor(
    id: "missing-element",
    defaultSeverity: .error,
    summary: "A required element is absent",
    rationale: "Every policy needs Statement; every statement needs Effect and Action or NotAction; repository and "
      + "registry policies need Principal or NotPrincipal; registry and identity policies need Resource. A "
      + "statement without a principal never matches any request.",
    example: #"{"Statement": [{"Effect": "Allow", "Action": "ecr:BatchGetImage"}]}"#,
    fix: "Add the element; for a repository policy that means naming who may act in Principal."
  )
  public static let invalidValue = RuleDescriptor(
    id: "invalid-value",
    defaultSeverity: .error,
    summary: "An element has a value of the wrong type or form",
    rationale: "Effect must be exactly \"Allow\" or \"Deny\"; principals must be \"*\", 12-digit account IDs or "
      + "IAM/STS ARNs without partial wildcards; actions must be service:name; account IDs must be strings so "
      + "leading zeros survive.",
    example: #"{"Effect": "allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/*"}, ...}"#,
    fix: "Write the value in the form the message names."
  )
  public static let conflictingElements = RuleDescriptor(
    id: "conflicting-elements",
    defaultSeverity: .error,
    summary: "A statement has both an element and its Not form",
    rationale: "Principal and NotPrincipal, Action and NotAction, Resource and NotResource are mutually exclusive; "
      + "IAM rejects a statement that has both.",
    example: #"{"Action": "ecr:*", "NotAction": "ecr:DeleteRepository", ...}"#,
    fix: "Keep one of the two elements."
  )
  public static let emptyValue = RuleDescriptor(
    id: "empty-value",
    defaultSeverity: .error,
    summary: "An element is empty",
    rationale: "An empty principal, action list or condition value list is rejected by IAM or grants nothing; an "
      + "empty Statement array grants nothing.",
    example: #"{"Principal": {"AWS": []}, ...}"#,
    fix: "Fill in the element or remove it."
  )
  public static let duplicateSid = RuleDescriptor(
    id: "duplicate-sid",
    defaultSeverity: .warning,
    summary: "Two statements share a Sid",
    rationale: "IAM requires unique statement IDs in many policy types; tools that merge or patch statements by "
      + "Sid (including Lambda when it adds its own statement) can overwrite the wrong one.",
    example: #"[{"Sid": "Pull", ...}, {"Sid": "Pull", ...}]"#,
    fix: "Give each statement its own Sid."
  )
  public static let sidFormat = RuleDescriptor(
    id: "sid-format",
    defaultSeverity: .warning,
    summary: "A Sid contains characters other than ASCII letters and digits",
    rationale: "IAM accepts only [A-Za-z0-9] in Sids of many policy types. Whether ECR enforces this is not "
      + "documented, so the policy may be rejected when copied elsewhere.",
    example: #"{"Sid": "Allow Lambda pull", ...}"#,
    fix: "Use only letters and digits, e.g. 'AllowLambdaPull'."
  )
  public static let invalidVersion = RuleDescriptor(
    id: "invalid-version",
    defaultSeverity: .error,
    summary: "Version is not one of the two policy language versions",
    rationale: "Version must be exactly \"2012-10-17\" or \"2008-10-17\". It is a fixed identifier, not a date "
      + "of your policy.",
    example: #"{"Version": "2023-01-01", ...}"#,
    fix: "Use \"2012-10-17\"."
  )
  public static let missingVersion = RuleDescriptor(
    id: "missing-version",
    defaultSeverity: .warning,
    summary: "The policy has no Version",
    rationale: "Without Version the legacy 2008-10-17 language applies, in which ${...} policy variables are "
      + "compared as literal text.",
    example: #"{"Statement": [...]}"#,
    fix: "Add \"Version\": \"2012-10-17\" as the first member."
  )
  public static let unknownOperator = RuleDescriptor(
    id: "unknown-operator",
    defaultSeverity: .error,
    summary: "A condition operator IAM does not know",
    rationale: "Operator names are case-sensitive (IAM rejects 'stringEquals'), 'IfExists' cannot follow 'Null', "
      + "and only 'ForAllValues:' and 'ForAnyValue:' qualify an operator. The tool cannot evaluate an unknown "
      + "operator, so access verdicts that depend on it are indeterminate.",
    example: #"{"Condition": {"stringLike": {"aws:SourceArn": "arn:aws:lambda:*"}}}"#,
    fix: "Use the operator the message suggests."
  )
  public static let policyTooLarge = RuleDescriptor(
    id: "policy-too-large",
    defaultSeverity: .error,
    summary: "The policy is longer than ECR's 10,240-character limit",
    rationale: "SetRepositoryPolicy accepts at most 10,240 characters of policy text; longer policies are "
      + "rejected. When only whitespace pushes the text over the limit the finding is a warning: minified, it fits.",
    example: "a policy with several hundred account principals",
    fix: "Remove redundant statements, merge principals into one statement, or minify the text."
  )
  public static let stalePrincipal = RuleDescriptor(
    id: "stale-principal",
    defaultSeverity: .warning,
    summary: "A principal is an IAM unique ID, left behind when the user or role was deleted",
    rationale: "IAM rewrites a principal to its unique ID (AIDA..., AROA...) when the principal is deleted. The ID "
      + "never matches a new principal of the same name, so the grant is dead.",
    example: #"{"Principal": {"AWS": "AROA1234567890EXAMPLE"}}"#,
    fix: "Replace the ID with the ARN of the principal that should have access, or remove it."
  )
  public static let unresolvedPlaceholder = RuleDescriptor(
    id: "unresolved-placeholder",
    defaultSeverity: .warning,
    summary: "A value holds a template placeholder such as ${var.account_id}",
    rationale: "Terraform, CloudFormation and scripts fill these in before deployment. Until then the tool cannot "
      + "know whom the statement names, so access verdicts that depend on it are indeterminate, never 'pass'.",
    example: #"{"Principal": {"AWS": "arn:aws:iam::${var.account_id}:root"}}"#,
    fix: "Check the rendered policy (terraform show -json, aws ecr get-repository-policy) instead of the template."
  )
  public static let all: [RuleDescriptor] = [
    invalidJSON, byteOrderMark, duplicateKey, unknownElement, missingElement, invalidValue, conflictingElements,
    emptyValue, duplicateSid, sidFormat, invalidVersion, missingVersion, unknownOperator, policyTooLarge,
    stalePrincipal, unresolvedPlaceholder,
  ]
}
