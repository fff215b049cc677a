// swift-tools-version: 6.2
// ecr-policy: audits AWS ECR repository policies offline. No dependencies beyond the toolchain, on purpose:
// a security tool whose own supply chain is empty.
import PackageDescription

let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .treatAllWarnings(as: .error),
]

let package = Package(
  name: "ecr-policy",
  products: [
    .executable(name: "ecr-policy", targets: ["ecr-policy"]),
    .library(
      name: "ECRPolicy",
      targets: [
        "PolicySyntax", "PolicyDiagnostics", "PolicyModel", "PolicyEvaluation", "PolicyAudit", "PolicyReporting",
      ]
    ),
  ],
  targets: [
    // JSON with byte spans: the bottom layer, knows nothing about IAM.
    .target(name: "PolicySyntax", swiftSettings: strictSettings),
    // Findings, fixes and rule descriptors: shared by every layer above the syntax.
    .target(name: "PolicyDiagnostics", dependencies: ["PolicySyntax"], swiftSettings: strictSettings),
    // The IAM policy model built from JSON, with structural validation.
    .target(name: "PolicyModel", dependencies: ["PolicySyntax", "PolicyDiagnostics"], swiftSettings: strictSettings),
    // Exact IAM evaluation of one request against a policy.
    .target(name: "PolicyEvaluation", dependencies: ["PolicySyntax", "PolicyModel"], swiftSettings: strictSettings),
    // The ECR audit: who can pull, what is public or over-broad, whose functions will fail.
    .target(
      name: "PolicyAudit",
      dependencies: ["PolicySyntax", "PolicyDiagnostics", "PolicyModel", "PolicyEvaluation"],
      swiftSettings: strictSettings
    ),
    // Generating and merging cross-account pull statements, verified with the evaluator and the audit.
    .target(
      name: "PolicyGrant",
      dependencies: ["PolicySyntax", "PolicyDiagnostics", "PolicyModel", "PolicyEvaluation", "PolicyAudit"],
      swiftSettings: strictSettings
    ),
    // Text, JSON, SARIF and GitHub renderings of findings and audits.
    .target(
      name: "PolicyReporting",
      dependencies: ["PolicySyntax", "PolicyDiagnostics", "PolicyModel", "PolicyAudit"],
      swiftSettings: strictSettings
    ),
    // Argument parsing, file I/O and exit codes: the only layer that talks to the world.
    .target(
      name: "PolicyCommand",
      dependencies: [
        "PolicySyntax", "PolicyDiagnostics", "PolicyModel", "PolicyEvaluation", "PolicyAudit", "PolicyGrant",
        "PolicyReporting",
      ],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "ecr-policy",
      dependencies: ["PolicyCommand"],
      swiftSettings: strictSettings
    ),
    // Speed targets are measured here, never in tests: `bash Benchmarks/compare-parliament.sh` (README, "Benchmark").
    .executableTarget(
      name: "ecr-policy-benchmark",
      dependencies: [
        "PolicyCommand", "PolicyEvaluation", "PolicySyntax", "PolicyModel", "PolicyAudit", "PolicyReporting",
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "TestSupport",
      dependencies: ["PolicySyntax", "PolicyDiagnostics", "PolicyModel"],
      path: "Tests/TestSupport",
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "PolicySyntaxTests",
      dependencies: ["PolicySyntax", "TestSupport"],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "PolicyModelTests",
      dependencies: ["PolicyModel", "PolicyDiagnostics", "PolicySyntax", "TestSupport"],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "PolicyEvaluationTests",
      dependencies: ["PolicyEvaluation", "PolicyModel", "TestSupport"],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "PolicyAuditTests",
      dependencies: ["PolicyAudit", "PolicyEvaluation", "PolicyModel", "PolicyDiagnostics", "TestSupport"],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "PolicyCommandTests",
      dependencies: [
        "PolicyCommand", "PolicyAudit", "PolicyDiagnostics", "PolicyModel", "PolicyReporting", "TestSupport",
        "ecr-policy",
      ],
      swiftSettings: strictSettings
    ),
  ]
)
