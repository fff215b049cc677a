/// A JSON value with the byte range it was read from.
///
/// Objects keep their members in source order and keep duplicate keys: IAM forbids duplicates, and a reader that
/// silently kept the last one would hide exactly the mistake we must report.
public struct JSONValue: Sendable {
  public enum Kind: Sendable {
    case object([JSONMember])
    case array([JSONValue])
    case string(String)
    /// The number as written (`10`, `1.50`, `-0`), so condition values compare as the author wrote them.
    case number(String)
    case bool(Bool)
    case null
  }

  public let kind: Kind
  public let range: SourceRange

  public init(kind: Kind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  /// The members, when this is an object.
  public var members: [JSONMember]? {
    if case .object(let members) = kind { return members }
    return nil
  }

  /// The elements, when this is an array.
  public var elements: [JSONValue]? {
    if case .array(let elements) = kind { return elements }
    return nil
  }

  /// The text, when this is a string.
  public var string: String? {
    if case .string(let text) = kind { return text }
    return nil
  }

  /// True for objects and arrays.
  public var isContainer: Bool {
    switch kind {
    case .object, .array: true
    default: false
    }
  }

  /// The first member named `key` (exact, case-sensitive), when this is an object.
  public func member(_ key: String) -> JSONMember? {
    members?.first { $0.key == key }
  }

  /// A short noun for messages: "an object", "a string", ...
  public var typeDescription: String {
    switch kind {
    case .object: "an object"
    case .array: "an array"
    case .string: "a string"
    case .number: "a number"
    case .bool: "a boolean"
    case .null: "null"
    }
  }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable {
  public let key: String
  /// The range of the key's string literal, quotes included.
  public let keyRange: SourceRange
  public let value: JSONValue

  public init(key: String, keyRange: SourceRange, value: JSONValue) {
    self.key = key
    self.keyRange = keyRange
    self.value = value
  }

  /// From the key's opening quote to the end of the value.
  public var range: SourceRange { SourceRange(start: keyRange.start, end: value.range.end) }
}
