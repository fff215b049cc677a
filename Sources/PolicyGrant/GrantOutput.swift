public import PolicySyntax

/// The forms `grant` prints, each ready to paste.
public enum GrantFormat: String, Sendable, CaseIterable {
  case policy
  case awsCLI = "aws-cli"
  case cloudFormation = "cloudformation"
  case cloudFormationJSON = "cloudformation-json"
  case terraform
}

/// Renders a policy in a deployment format.
public enum GrantOutput {
  /// `policyText` is the policy JSON exactly as it will be set; `policy` is the same as a value.
  public static func render(
    _ format: GrantFormat,
    policyText: String,
    policy: JSONOutput,
    repository: String?,
    region: String
  ) -> String {
    switch format {
    case .policy:
      // Bytes, not Characters: "\r\n" is one Character and would not end with "\n".
      return policyText.utf8.last == UInt8(ascii: "\n") ? policyText : policyText + "\n"
    case .awsCLI:
      let name = repository ?? "REPOSITORY"
      return "aws ecr set-repository-policy --repository-name \(shellQuoted(name)) --region \(shellQuoted(region)) "
        + "--policy-text \(shellQuoted(policyText.trimmingTrailingNewlines()))\n"
    case .cloudFormation:
      return YAMLWriter.render(template(policy, repository: repository)) + "\n"
    case .cloudFormationJSON:
      return template(policy, repository: repository).rendered(pretty: true) + "\n"
    case .terraform:
      return TerraformWriter.render(policy: policy, repository: repository)
    }
  }

  /// A template with one `AWS::ECR::Repository` whose `RepositoryPolicyText` is the policy.
  static func template(_ policy: JSONOutput, repository: String?) -> JSONOutput {
    var properties: [(String, JSONOutput)] = []
    if let repository { properties.append(("RepositoryName", .string(repository))) }
    properties.append(("RepositoryPolicyText", policy))
    return .object([
      ("AWSTemplateFormatVersion", .string("2010-09-09")),
      ("Description", .string("ECR repository whose policy lets the consumer accounts' Lambda functions pull")),
      (
        "Resources",
        .object([
          ("Repository", .object([("Type", .string("AWS::ECR::Repository")), ("Properties", .object(properties))]))
        ])
      ),
    ])
  }

  /// POSIX shell single quoting: `'` becomes `'\''`, so any policy text survives the shell unchanged.
  public static func shellQuoted(_ text: String) -> String {
    "'" + text.replacing("'", with: "'\\''") + "'"
  }
}

extension String {
  fileprivate func trimmingTrailingNewlines() -> String {
    var scalars = unicodeScalars[...]
    while let last = scalars.last, last == "\n" || last == "\r" { scalars = scalars.dropLast() }
    return String(String.UnicodeScalarView(scalars))
  }
}

extension JSONOutput {
  /// A parsed JSON value as an output value, members in order; numbers keep their text.
  public init(_ value: JSONValue) {
    switch value.kind {
    case .object(let members): self = .object(members.map { ($0.key, JSONOutput($0.value)) })
    case .array(let elements): self = .array(elements.map(JSONOutput.init))
    case .string(let text): self = .string(text)
    case .number(let text): self = .raw(text)
    case .bool(let flag): self = .bool(flag)
    case .null: self = .null
    }
  }
}

/// Block-style YAML for CloudFormation. Strings are written as JSON strings, which YAML reads as double-quoted
/// scalars, so no value can be misread as a number, a boolean or a tag.
enum YAMLWriter {
  static func render(_ value: JSONOutput) -> String {
    var lines: [String] = []
    write(value, indent: 0, into: &lines)
    return lines.joined(separator: "\n")
  }

  private static func write(_ value: JSONOutput, indent: Int, into lines: inout [String]) {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .object(let members):
      for (key, member) in members {
        if let scalar = scalar(member) {
          lines.append(pad + self.key(key) + ": " + scalar)
        } else {
          lines.append(pad + self.key(key) + ":")
          write(member, indent: indent + 2, into: &lines)
        }
      }
    case .array(let elements):
      for element in elements {
        if let scalar = scalar(element) {
          lines.append(pad + "- " + scalar)
        } else {
          var nested: [String] = []
          write(element, indent: indent + 2, into: &nested)
          if let first = nested.first {
            lines.append(pad + "- " + first.dropFirst(indent + 2))
            lines.append(contentsOf: nested.dropFirst())
          }
        }
      }
    default:
      lines.append(pad + (scalar(value) ?? "null"))
    }
  }

  private static func scalar(_ value: JSONOutput) -> String? {
    switch value {
    case .string(let text): JSONOutput.quoted(text)
    case .integer(let number): String(number)
    case .bool(let flag): flag ? "true" : "false"
    case .null: "null"
    case .raw(let text): text
    case .object(let members): members.isEmpty ? "{}" : nil
    case .array(let elements): elements.isEmpty ? "[]" : nil
    }
  }

  private static func key(_ key: String) -> String {
    let plain =
      !key.isEmpty
      && key.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || byte == 0x5F
      }
    return plain ? key : JSONOutput.quoted(key)
  }
}

/// An `aws_ecr_repository_policy` resource with the policy as `jsonencode({...})` in HCL, laid out as
/// `terraform fmt` does: two-space indentation, and the `=` of consecutive one-line attributes aligned (an
/// attribute whose value opens a multi-line bracket is not aligned and ends the run).
enum TerraformWriter {
  static func render(policy: JSONOutput, repository: String?) -> String {
    let name = repository ?? "REPOSITORY"
    var lines = ["resource \"aws_ecr_repository_policy\" \"\(resourceLabel(name))\" {"]
    lines.append("  repository = \(JSONOutput.quoted(name))")
    let body = expression(policy)
    lines.append("  policy = jsonencode(" + body[0])
    for line in body.dropFirst().dropLast() { lines.append("  " + line) }
    lines.append("  " + (body.last ?? "") + ")")
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A Terraform-safe resource label from the repository name.
  static func resourceLabel(_ name: String) -> String {
    let mapped = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
    return mapped.first.map { $0.isLetter || $0 == "_" } == true ? mapped : "repository_" + mapped
  }

  /// The lines of an HCL expression; nested lines are indented relative to the first.
  static func expression(_ value: JSONOutput) -> [String] {
    switch value {
    case .object(let members):
      guard !members.isEmpty else { return ["{}"] }
      var lines = ["{"]
      var run: [(String, String)] = []
      func flush() {
        let width = run.map(\.0.count).max() ?? 0
        for (key, scalar) in run {
          lines.append("  " + key + String(repeating: " ", count: width - key.count) + " = " + scalar)
        }
        run.removeAll()
      }
      for (key, member) in members {
        let memberLines = expression(member)
        let name = attributeName(key)
        if memberLines.count == 1 {
          run.append((name, memberLines[0]))
        } else {
          flush()
          lines.append("  " + name + " = " + memberLines[0])
          lines.append(contentsOf: memberLines.dropFirst().map { "  " + $0 })
        }
      }
      flush()
      lines.append("}")
      return lines
    case .array(let elements):
      guard !elements.isEmpty else { return ["[]"] }
      var lines = ["["]
      for element in elements {
        let elementLines = expression(element)
        lines.append(contentsOf: elementLines.dropLast().map { "  " + $0 })
        lines.append("  " + (elementLines.last ?? "") + ",")
      }
      lines.append("]")
      return lines
    case .string(let text):
      // HCL strings are JSON strings plus two template sequences, which must be escaped to stay literal.
      return [JSONOutput.quoted(text).replacing("${", with: "$${").replacing("%{", with: "%%{")]
    case .integer(let number): return [String(number)]
    case .bool(let flag): return [flag ? "true" : "false"]
    case .null: return ["null"]
    case .raw(let text): return [text]
    }
  }

  /// An identifier when the key is one, otherwise a quoted string.
  static func attributeName(_ key: String) -> String {
    guard let first = key.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
      key.unicodeScalars.allSatisfy({
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
      })
    else { return JSONOutput.quoted(key) }
    return key
  }
}
