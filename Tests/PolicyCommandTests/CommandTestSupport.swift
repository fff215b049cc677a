import Foundation
import PolicyCommand
import PolicySyntax
import Testing

/// Runs the tool in-process with `stdin` as standard input.
func runTool(_ arguments: [String], stdin: [UInt8] = []) -> CommandResult {
  CommandLineTool.run(arguments, context: CommandContext(readStandardInput: { stdin }))
}

/// A fresh temporary folder, removed by the caller with `removeTemporary`.
func makeTemporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("ecr-policy-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

func write(_ text: String, to url: URL) throws {
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try Data(text.utf8).write(to: url)
}

/// The JSON report printed by `--format json`, parsed with our own reader.
struct JSONReport {
  let root: JSONValue

  init(_ text: String) throws {
    root = try JSONReader.parse(text).root
  }

  var files: [JSONValue] { root.member("files")?.value.elements ?? [] }

  func findings(ofFile index: Int) -> [JSONValue] {
    files[index].member("findings")?.value.elements ?? []
  }
}

extension JSONValue {
  /// Follows members and indexes: `value["location", "span", "start", "line"]`.
  func at(_ steps: Any...) -> JSONValue? {
    var current: JSONValue? = self
    for step in steps {
      if let key = step as? String {
        current = current?.member(key)?.value
      } else if let index = step as? Int, let elements = current?.elements, index < elements.count {
        current = elements[index]
      } else {
        return nil
      }
    }
    return current
  }

  var integer: Int? {
    if case .number(let text) = kind { return Int(text) }
    return nil
  }
}

let validLambdaPolicy = """
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        "Condition": {"StringLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:123456789012:function:*"}}
      }
    ]
  }
  """
