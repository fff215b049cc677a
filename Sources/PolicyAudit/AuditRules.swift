public import PolicyDiagnostics
import PolicyModel

/// The audit's rules. IDs are a public contract: never rename one.
public enum AuditRules {
  public static let publicAccess = RuleDescriptor(
    id: "public-access",
    defaultSeverity: .error,
    summary: "Any AWS account, or anonymous callers, can perform an action on the repository",
    rationale: "A statement whose principal is '*' (or {\"AWS\": \"*\"}, or an Allow with NotPrincipal) is public "
      + "unless a condition pins the caller to fixed values of keys the caller cannot choose: aws:PrincipalOrgID, "
      + "aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn with a fixed account, aws:SourceVpc(e), "
      + "aws:SourceIp no broader than /8, aws:PrincipalArn with a fixed account (AWS's definition of public). "
      + "IfExists, ForAllValues and negated operators do not pin anything: they hold when the key is absent. The "
      + "finding carries a request the evaluator allowed.",
    example: #"{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": "#
      + #"{"StringEqualsIfExists": {"aws:SourceAccount": "123456789012"}}}"#,
    fix: "Name the accounts in Principal, or pin the caller with StringEquals on aws:PrincipalOrgID or "
      + "aws:PrincipalAccount (without IfExists)."
  )
  public static let lambdaWithoutSource = RuleDescriptor(
    id: "lambda-without-source",
    defaultSeverity: .warning,
    summary: "lambda.amazonaws.com may pull for functions of any account",
    rationale: "Lambda pulls as the service principal. Without aws:SourceArn or aws:SourceAccount, the only thing "
      + "that stops a function in another account from using the image is the deploy-time check on its "
      + "creator: the confused-deputy pattern AWS tells you to close. CDK's grantPull, SAM and many Terraform "
      + "modules emit this shape; so does Lambda itself when it repairs a policy.",
    example: #"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "#
      + #"["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}"#,
    fix: "Add \"Condition\": {\"StringLike\": {\"aws:SourceArn\": \"arn:aws:lambda:REGION:ACCOUNT:function:*\"}} "
      + "listing each account whose functions use the image."
  )
  public static let broadSourceArn = RuleDescriptor(
    id: "broad-source-arn",
    defaultSeverity: .warning,
    summary: "An aws:SourceArn value wildcards the partition, service or account, or names another Region",
    rationale: "aws:SourceArn is the confused-deputy guard; a wildcard in its account field admits every "
      + "account, and in the service field every service. A Region other than the repository's can never "
      + "match a pull.",
    example: #"{"StringLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:*:function:*"}}"#,
    fix: "Spell out the account (and the Region) in every aws:SourceArn value."
  )
  public static let lambdaSourceArnMismatch = RuleDescriptor(
    id: "lambda-source-arn-mismatch",
    defaultSeverity: .warning,
    summary: "A Lambda statement's aws:SourceArn or aws:SourceAccount can never describe a function pulling here",
    rationale: "When Lambda pulls, aws:SourceArn is the function's ARN. A role ARN (often the function's "
      + "execution role), an ECS task or CodeBuild project ARN, a resource other than 'function:', another "
      + "Region or partition, or an aws:SourceAccount that is not a 12-digit account never matches, so the "
      + "statement grants nothing and functions fail once Lambda re-fetches their image.",
    example: #"{"StringLike": {"aws:SourceArn": "arn:aws:iam::123456789012:role/my-fn-role"}}"#,
    fix: "Use the function pattern the message suggests, e.g. arn:aws:lambda:REGION:ACCOUNT:function:*."
  )
  public static let executionRoleGrant = RuleDescriptor(
    id: "execution-role-grant",
    defaultSeverity: .warning,
    summary: "Pull actions go to an IAM role while no Lambda statement covers its account",
    rationale: "Granting the pull actions to a function's execution role does not let Lambda pull: Lambda pulls "
      + "as lambda.amazonaws.com, which needs its own statement (with aws:SourceArn for the role's account).",
    example: #"{"Principal": {"AWS": "arn:aws:iam::123456789012:role/my-fn-role"}, "Action": "ecr:BatchGetImage"}"#,
    fix: "Add a lambda.amazonaws.com statement with aws:SourceArn arn:aws:lambda:REGION:ACCOUNT:function:*."
  )
  public static let lambdaManagedStatement = RuleDescriptor(
    id: "lambda-managed-statement",
    defaultSeverity: .note,
    summary: "This is the statement Lambda adds to the policy itself",
    rationale: "When a function is created from an image and its creator holds ecr:GetRepositoryPolicy and "
      + "ecr:SetRepositoryPolicy, Lambda writes LambdaECRImageRetrievalPolicy into the repository policy. "
      + "Infrastructure code that rewrites the policy wipes it, and functions fail days later with 'Lambda does "
      + "not have permission to access the ECR image'. Keep it in your code.",
    example: #"{"Sid": "LambdaECRImageRetrievalPolicy", "Principal": {"Service": "lambda.amazonaws.com"}, ...}"#,
    fix: "Copy the statement into the policy your infrastructure code manages, scoped with aws:SourceArn."
  )
  public static let unexpectedAccount = RuleDescriptor(
    id: "unexpected-account",
    defaultSeverity: .warning,
    summary: "An account other than the owner and the declared consumers has access",
    rationale: "With --owner or --consumer the auditor knows who should have access; any other named account "
      + "that the evaluator lets act on the repository is reported, with the request that proves it.",
    example: "--consumer 123456789012 on a policy that also names 999999999999",
    fix: "Remove the account, or declare it with --consumer."
  )
  public static let missingAccountPull = RuleDescriptor(
    id: "missing-account-pull",
    defaultSeverity: .error,
    summary: "A consumer account cannot pull (the CrossAccountPermission half is missing)",
    rationale: "A function in another account can only be created or updated from the image when that account "
      + "may perform ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repository (and its own identity "
      + "policy allows them too). An error for declared consumers, a warning for inferred ones.",
    example: "a policy with only the lambda.amazonaws.com statement for account 123456789012",
    fix: "Add {\"Principal\": {\"AWS\": \"arn:aws:iam::ACCOUNT:root\"}, \"Action\": [\"ecr:BatchGetImage\", "
      + "\"ecr:GetDownloadUrlForLayer\"]} (ecr-policy grant writes it)."
  )
  public static let missingLambdaPull = RuleDescriptor(
    id: "missing-lambda-pull",
    defaultSeverity: .error,
    summary: "Lambda cannot pull for a consumer's functions (the LambdaECRImageCrossAccountRetrievalPolicy half)",
    rationale: "Functions deploy, then fail once they go Inactive and Lambda re-fetches the image to "
      + "re-optimize it: 'Failed to restore the function ... does not have permission to access the specified "
      + "image'. Lambda re-adds its own statement only when the deployer holds ecr:GetRepositoryPolicy and "
      + "ecr:SetRepositoryPolicy. Deny statements written for people (StringNotEquals aws:PrincipalOrgID without a "
      + "BoolIfExists aws:PrincipalIsAWSService guard) and Principal '*' restricted by aws:PrincipalOrgID both "
      + "leave the Lambda service out. An error for declared consumers, a warning for inferred ones.",
    example: "CrossAccountPermission alone, without the lambda.amazonaws.com statement",
    fix: "Add the lambda.amazonaws.com statement with StringLike aws:SourceArn "
      + "arn:aws:lambda:REGION:ACCOUNT:function:* (ecr-policy grant writes it)."
  )
  public static let excessActions = RuleDescriptor(
    id: "excess-actions",
    defaultSeverity: .warning,
    summary: "More actions than needed: beyond the two pull actions for Lambda, or push, delete or policy "
      + "administration for other accounts or the public",
    rationale: "Lambda needs only ecr:BatchGetImage and ecr:GetDownloadUrlForLayer. Push, delete and "
      + "SetRepositoryPolicy-style actions in the hands of another account let it replace images or take the "
      + "repository over. Wildcards are expanded against the table of ECR actions, so 'ecr:*Get*' is known to "
      + "include PutImageTagMutability.",
    example: #"{"Principal": {"Service": "lambda.amazonaws.com"}, "Action": "ecr:*"}"#,
    fix: "List only the actions each principal needs."
  )
  public static let allowWithNotPrincipal = RuleDescriptor(
    id: "allow-with-not-principal",
    defaultSeverity: .error,
    summary: "An Allow statement uses NotPrincipal",
    rationale: "Allow with NotPrincipal grants every principal not listed, anonymous callers included. AWS "
      + "recommends Principal '*' with aws:PrincipalArn conditions instead.",
    example: #"{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, ...}"#,
    fix: "Name the principals in Principal."
  )
  public static let notPrincipalWithoutAccount = RuleDescriptor(
    id: "not-principal-without-account",
    defaultSeverity: .warning,
    summary: "A Deny with NotPrincipal exempts a user, role or session without its account",
    rationale: "AWS warns that for Deny with NotPrincipal it may check the account first, then the role, then the "
      + "session: exempting only a role (or a session without its role and account) can deny that very "
      + "principal, and with it the whole account.",
    example: #"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/deployer"}, ...}"#,
    fix: "List the account's root ARN (and, for a session, its role ARN) next to the exempted principal."
  )
  public static let wildcardWithoutLike = RuleDescriptor(
    id: "wildcard-without-like",
    defaultSeverity: .warning,
    summary: "A '*' or '?' in a value of a String operator that does not match wildcards",
    rationale: "StringEquals compares exactly, so 'arn:aws:lambda:us-east-1:123456789012:function:*' matches only "
      + "an ARN that really ends in '*': the condition never holds.",
    example: #"{"StringEquals": {"aws:SourceArn": "arn:aws:lambda:us-east-1:123456789012:function:*"}}"#,
    fix: "Use StringLike (or ArnLike)."
  )
  public static let ineffectiveCondition = RuleDescriptor(
    id: "ineffective-condition",
    defaultSeverity: .warning,
    summary: "A condition that cannot restrict, or can never hold for the statement's principals",
    rationale: "ForAllValues on a single-valued key holds when the key is absent, so it restricts nothing. Keys "
      + "about the calling identity (aws:PrincipalOrgID, aws:PrincipalArn, ...) are absent for service "
      + "principals, and keys about a calling service (aws:SourceArn, aws:SourceAccount) are absent for IAM "
      + "callers: a positive condition on them makes the statement grant nothing.",
    example: #"{"Principal": {"Service": "lambda.amazonaws.com"}, "Condition": {"StringEquals": "#
      + #"{"aws:PrincipalOrgID": "o-abc123def4"}}}"#,
    fix: "Use ForAnyValue or a plain operator on single-valued keys; key service principals on aws:SourceArn."
  )
  public static let resourceElement = RuleDescriptor(
    id: "resource-element",
    defaultSeverity: .warning,
    summary: "A repository policy statement has a Resource element",
    rationale: "ECR has rejected repository policies with Resource ('Invalid repository policy provided'), and "
      + "the policy applies to its repository anyway. Not reported for registry policies, which need it.",
    example: #"{"Resource": "*", ...}"#,
    fix: "Remove the Resource element."
  )
  public static let unknownAction = RuleDescriptor(
    id: "unknown-action",
    defaultSeverity: .error,
    summary: "An ecr: action that does not exist",
    rationale: "A misspelt action grants nothing, and a wildcard that matches no ECR action is a typo. Checked "
      + "against the table of 60 ECR actions.",
    example: #"{"Action": "ecr:BatchGetImages"}"#,
    fix: "Use the action the message suggests."
  )

  public static let accessNotAnalysed = RuleDescriptor(
    id: "access-not-analysed",
    defaultSeverity: .warning,
    summary: "The file is too large for its access to be analysed: access verdicts are indeterminate",
    rationale: "The audit asks the evaluator about every account a policy names, and each question reads the whole "
      + "policy, so the work grows with accounts × size. A policy ECR accepts (10,240 characters) is always "
      + "analysed. A file far beyond that limit that names many accounts, generated or hostile, would take minutes: "
      + "it is validated and checked statement by statement, but who can pull, whether it is public and whose "
      + "functions fail are reported as unknown, never as absent. It always comes with policy-too-large.",
    example: "A 1 MB policy whose Principal lists 2,000 accounts",
    fix: "Bring the policy under ECR's limit, which it must meet to be set at all (for example by removing accounts "
      + "that no longer pull, or by splitting consumers across repositories), and audit it again."
  )

  public static let audit: [RuleDescriptor] = [
    accessNotAnalysed, publicAccess, lambdaWithoutSource, broadSourceArn, lambdaSourceArnMismatch, executionRoleGrant,
    lambdaManagedStatement, unexpectedAccount, missingAccountPull, missingLambdaPull, excessActions,
    allowWithNotPrincipal, notPrincipalWithoutAccount, wildcardWithoutLike, ineffectiveCondition, resourceElement,
    unknownAction,
  ]

  /// Every rule `audit` can report: its own and every validation rule.
  public static let all: [RuleDescriptor] = (audit + ValidationRules.all).sorted { $0.id < $1.id }

  /// The descriptor of `id`.
  public static func descriptor(_ id: RuleID) -> RuleDescriptor? { all.first { $0.id == id } }
}
