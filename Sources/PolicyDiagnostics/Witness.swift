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

  /// `lambda.amazonaws.com ecr:BatchGetImage with aws:SourceArn=arn:…` for text output.
  public var summary: String {
    // Appended piece by piece into one buffer sized up front: interpolating and joining made a string per piece.
    var out = ""
    out.reserveCapacity(
      principal.utf8.count + action.utf8.count + (resource?.utf8.count ?? 0) + decision.utf8.count + 24
        + context.reduce(0) { $0 + $1.key.utf8.count + 2 + $1.values.reduce(0) { $0 + $1.utf8.count + 1 } }
    )
    out += principal
    out += " "
    out += action
    if let resource {
      out += " on "
      out += resource
    }
    for (index, entry) in context.enumerated() {
      out += index == 0 ? " with " : " "
      out += entry.key
      out += "="
      for (position, value) in entry.values.enumerated() {
        if position > 0 { out += "," }
        out += value
      }
    }
    out += " → "
    out += decision
    return out
  }
}
