import PolicyModel

/// One piece of a policy value after policy variables and wildcards are located (spec §4).
package enum ValuePiece: Hashable, Sendable {
  /// Text that always matches itself: ordinary characters and the escapes `${*}`, `${?}`, `${$}`.
  case literal(String)
  /// A `*` written in the policy: a wildcard for operators that support wildcards, an asterisk for the others.
  case wildcardAny
  /// A `?` written in the policy: a wildcard for operators that support wildcards, a question mark for the others.
  case wildcardOne
  /// `${name}` or `${name, 'default'}`; `name` is as written and is looked up case-insensitively.
  case variable(name: String, defaultValue: String?)
}

/// A policy value split into literal text, wildcards and policy-variable references, ready to resolve against a
/// request.
///
/// Syntax (spec §4): `${*}`, `${?}`, `${$}` are a literal `*`, `?`, `$`. `${key}` and `${key, 'default'}` (a comma,
/// exactly one space, a single-quoted default without `'`) reference a condition key. Anything else that starts
/// with `${` is not a variable: a malformed `${...}` up to its first `}`, or an unterminated `${` up to the end, is
/// read as ordinary policy text, exactly as if variables were off, and is listed in `malformedVariables`.
package struct TokenizedPolicyValue: Hashable, Sendable {
  package let pieces: [ValuePiece]
  /// Each `${...}` read as ordinary text because it is not valid variable syntax, as written, for diagnostics.
  package let malformedVariables: [String]

  /// Tokenizes a whole value; `interpretsVariables` is false for 2008-10-17 policies and for operators without
  /// variable support, where `${...}` is plain text.
  package init(_ text: String, interpretsVariables: Bool) {
    var builder = Builder()
    builder.append(Array(text.unicodeScalars)[...], interpretsVariables: interpretsVariables)
    self.init(builder)
  }

  /// Tokenizes a `Resource`/`NotResource` entry, where variables count only after the fifth colon of the text as
  /// written (spec §2.3/§4; the parser warns about `${` before it). An entry with fewer than six fields has no such
  /// part and is plain text.
  package static func resource(_ text: String, interpretsVariables: Bool) -> TokenizedPolicyValue {
    guard interpretsVariables, let fields = ARN.fields(of: text) else {
      return TokenizedPolicyValue(text, interpretsVariables: false)
    }
    let resourceField = fields[5]
    var builder = Builder()
    builder.append(Array(text[..<resourceField.startIndex].unicodeScalars)[...], interpretsVariables: false)
    builder.append(Array(resourceField.unicodeScalars)[...], interpretsVariables: true)
    return TokenizedPolicyValue(builder)
  }

  private init(_ builder: Builder) {
    var builder = builder
    builder.flushLiteral()
    pieces = builder.pieces
    malformedVariables = builder.malformedVariables
  }

  /// The names of the referenced variables, as written, in order of appearance.
  package var variableNames: [String] {
    pieces.compactMap { piece in
      if case .variable(let name, _) = piece { name } else { nil }
    }
  }

  /// The value as a glob pattern, for `StringLike` and the ARN operators; nil when a variable is unresolved.
  ///
  /// `lookup` receives a variable name as written and returns the request's single value for it, or nil when the
  /// key is absent or multivalued; the default, if any, then applies. Substituted text is always literal (a `*` in
  /// a tag value is not a wildcard); bare `*`/`?` of the policy text are wildcards only when `wildcards` is true.
  package func globTokens(wildcards: Bool, resolving lookup: (String) -> String?) -> [GlobToken]? {
    var tokens: [GlobToken] = []
    for piece in pieces {
      switch piece {
      case .literal(let text):
        tokens += text.unicodeScalars.map(GlobToken.literal)
      case .wildcardAny:
        tokens.append(wildcards ? .anyString : .literal("*"))
      case .wildcardOne:
        tokens.append(wildcards ? .anyCharacter : .literal("?"))
      case .variable(let name, let defaultValue):
        guard let value = lookup(name) ?? defaultValue else { return nil }
        tokens += value.unicodeScalars.map(GlobToken.literal)
      }
    }
    return tokens
  }

  /// The value as plain text, for the `Equals` operators (where `*` and `?` are ordinary characters); nil when a
  /// variable is unresolved. `lookup` behaves as for `globTokens(wildcards:resolving:)`.
  package func text(resolving lookup: (String) -> String?) -> String? {
    var text = ""
    for piece in pieces {
      switch piece {
      case .literal(let literal): text += literal
      case .wildcardAny: text += "*"
      case .wildcardOne: text += "?"
      case .variable(let name, let defaultValue):
        guard let value = lookup(name) ?? defaultValue else { return nil }
        text += value
      }
    }
    return text
  }
}

/// Accumulates pieces, merging adjacent literal text into one piece.
private struct Builder {
  var pieces: [ValuePiece] = []
  var malformedVariables: [String] = []
  var literal = String.UnicodeScalarView()

  mutating func flushLiteral() {
    guard !literal.isEmpty else { return }
    pieces.append(.literal(String(literal)))
    literal = String.UnicodeScalarView()
  }

  mutating func append(_ scalars: ArraySlice<Unicode.Scalar>, interpretsVariables: Bool) {
    guard interpretsVariables else {
      appendPlain(scalars)
      return
    }
    var index = scalars.startIndex
    while index < scalars.endIndex {
      let opensVariable = scalars[index] == "$" && index + 1 < scalars.endIndex && scalars[index + 1] == "{"
      guard opensVariable else {
        appendPlain(scalars[index...index])
        index += 1
        continue
      }
      guard let close = scalars[(index + 2)...].firstIndex(of: "}") else {
        // Unterminated: no `}` follows, so no variable can follow either; the rest is plain text.
        malformedVariables.append(String(String.UnicodeScalarView(scalars[index...])))
        appendPlain(scalars[index...])
        return
      }
      let inner = scalars[(index + 2)..<close]
      if let escaped = Builder.escapedScalar(inner) {
        literal.append(escaped)
      } else if let (name, defaultValue) = Builder.reference(String(String.UnicodeScalarView(inner))) {
        flushLiteral()
        pieces.append(.variable(name: name, defaultValue: defaultValue))
      } else {
        malformedVariables.append(String(String.UnicodeScalarView(scalars[index...close])))
        appendPlain(scalars[index...close])
      }
      index = close + 1
    }
  }

  /// Text without variables: `*` and `?` become wildcard pieces, everything else literal.
  private mutating func appendPlain(_ scalars: ArraySlice<Unicode.Scalar>) {
    for scalar in scalars {
      switch scalar {
      case "*":
        flushLiteral()
        pieces.append(.wildcardAny)
      case "?":
        flushLiteral()
        pieces.append(.wildcardOne)
      default:
        literal.append(scalar)
      }
    }
  }

  /// `*`, `?` or `$` for the escapes `${*}`, `${?}`, `${$}`.
  private static func escapedScalar(_ inner: ArraySlice<Unicode.Scalar>) -> Unicode.Scalar? {
    guard inner.count == 1, let scalar = inner.first, scalar == "*" || scalar == "?" || scalar == "$" else {
      return nil
    }
    return scalar
  }

  /// Parses `key` or `key, 'default'` (the inside of `${...}`, which cannot contain `}`).
  private static func reference(_ inner: String) -> (name: String, defaultValue: String?)? {
    guard let comma = inner.firstIndex(of: ",") else {
      return isKeyName(inner[...]) ? (inner, nil) : nil
    }
    let name = inner[..<comma]
    let rest = inner[inner.index(after: comma)...]
    guard isKeyName(name), rest.hasPrefix(" '"), rest.hasSuffix("'"), rest.count >= 3 else { return nil }
    let defaultValue = rest.dropFirst(2).dropLast()
    guard !defaultValue.contains("'") else { return nil }
    return (String(name), String(defaultValue))
  }

  /// A condition-key name: `prefix:name`, the prefix made of letters, digits and hyphens, the name starting with a
  /// letter or digit and made of the characters condition keys and tag keys use (`aws:PrincipalTag/a:b` is fine),
  /// without spaces (spacing inside `${}` is unconfirmed, spec §4). `${AWS::AccountId}` is therefore not a
  /// variable, matching how PolicyModel's `Placeholder` classifies CloudFormation references.
  private static func isKeyName(_ text: Substring) -> Bool {
    guard let colon = text.firstIndex(of: ":") else { return false }
    let prefix = text[..<colon].unicodeScalars
    let name = text[text.index(after: colon)...].unicodeScalars
    guard let nameStart = name.first, isAlphanumeric(nameStart) else { return false }
    return !prefix.isEmpty && prefix.allSatisfy { isAlphanumeric($0) || $0 == "-" }
      && name.allSatisfy { isAlphanumeric($0) || "_.:/=+-@".unicodeScalars.contains($0) }
  }

  private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
  }
}
