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
    var bytes: [UInt8] = []
    writeSummary(into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``summary`` to `bytes`: text reports write it straight into their buffer, since appending piece by
  /// piece to a String cost several times the copy of its bytes.
  public func writeSummary(into bytes: inout [UInt8]) {
    func write(_ text: String) {
      var text = text
      text.withUTF8 { bytes.append(contentsOf: $0) }
    }
    write(principal)
    bytes.append(UInt8(ascii: " "))
    write(action)
    if let resource {
      write(" on ")
      write(resource)
    }
    for (index, entry) in context.enumerated() {
      write(index == 0 ? " with " : " ")
      write(entry.key)
      bytes.append(UInt8(ascii: "="))
      for (position, value) in entry.values.enumerated() {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        write(value)
      }
    }
    write(" → ")
    write(decision)
  }
}
