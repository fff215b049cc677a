package import PolicySyntax

/// A concrete request that demonstrates an access finding: who, doing what, with which condition keys.
///
/// Kept as plain text so reports need nothing from the evaluator; the auditor builds it from a request it has
/// evaluated, so every witness is one the evaluator actually decided.
public struct Witness: Hashable, Sendable {
  /// One condition key and its values (several for a multi-valued key).
  public struct ContextEntry: Hashable, Sendable {
    public var key: String
    public var values: [String]

    public init(key: String, values: [String]) {
      self.key = key
      self.values = values
    }
  }

  public var principal: String
  public var action: String
  /// The repository ARN, when the intent gives one.
  public var resource: String?
  public var context: [ContextEntry]
  /// The decision the evaluator gave this request: `allow`, `explicit-deny`, `implicit-deny`.
  public var decision: String

  public init(principal: String, action: String, resource: String?, context: [ContextEntry], decision: String) {
    self.principal = principal
    self.action = action
    self.resource = resource
    self.context = context
    self.decision = decision
  }

  /// `lambda.amazonaws.com ecr:BatchGetImage with aws:SourceArn=arn:… → allow` for text output.
  public var summary: String {
    var text = ByteSink()
    writeSummary(into: &text)
    return text.text
  }

  /// Appends ``summary`` to `bytes`.
  public func writeSummary(into bytes: inout [UInt8]) {
    var text = ByteSink()
    writeSummary(into: &text)
    text.withBytes(from: 0) { bytes.append(contentsOf: $0) }
  }

  /// Appends ``summary`` to `text`: text reports write it straight into their buffer, since appending piece by piece
  /// to a String or an array cost several times the copy of its bytes.
  package func writeSummary(into text: inout ByteSink) {
    text.append(principal)
    text.append(UInt8(ascii: " "))
    text.append(action)
    if let resource {
      text.append(" on " as StaticString)
      text.append(resource)
    }
    for (index, entry) in context.enumerated() {
      text.append(index == 0 ? " with " : " " as StaticString)
      text.append(entry.key)
      text.append(UInt8(ascii: "="))
      for (position, value) in entry.values.enumerated() {
        if position > 0 { text.append(UInt8(ascii: ",")) }
        text.append(value)
      }
    }
    text.append(" → " as StaticString)
    text.append(decision)
  }
}
