/// Why a document is not JSON, and the byte offset where reading stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public let offset: Int
  /// Lower-case, names what was expected: "expected ':' after object key".
  public let message: String

  public init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  public var description: String { message }
}
