/// The options a command accepts.
struct OptionSpec {
  let name: String
  let takesValue: Bool
  let repeatable: Bool

  static func flag(_ name: String) -> OptionSpec { OptionSpec(name: name, takesValue: false, repeatable: false) }
  static func value(_ name: String) -> OptionSpec { OptionSpec(name: name, takesValue: true, repeatable: false) }
  static func repeated(_ name: String) -> OptionSpec { OptionSpec(name: name, takesValue: true, repeatable: true) }
}

/// Parsed command-line arguments. Written by hand: the package takes no dependencies, and the grammar is small.
///
/// Accepts `--name value`, `--name=value`, `--` to end options, and `-` as a positional (standard input).
struct ParsedArguments {
  private(set) var values: [String: [String]] = [:]
  private(set) var flags: Set<String> = []
  private(set) var positionals: [String] = []

  init(_ arguments: [String], options: [OptionSpec]) throws(UsageError) {
    let byName = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || !argument.hasPrefix("--") || argument == "-" {
        if !optionsEnded, argument.hasPrefix("-"), argument != "-" {
          throw UsageError("unknown option '\(argument)'")
        }
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        optionsEnded = true
        continue
      }
      var name = String(argument.dropFirst(2))
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard let spec = byName[name] else {
        let suggestion = options.map(\.name).first { $0.hasPrefix(name) || name.hasPrefix($0) }
        throw UsageError(
          "unknown option '--\(name)'" + (suggestion.map { "; did you mean '--\($0)'?" } ?? "")
        )
      }
      if spec.takesValue {
        let value: String
        if let inlineValue {
          value = inlineValue
        } else {
          guard index < arguments.count else { throw UsageError("option '--\(name)' needs a value") }
          value = arguments[index]
          index += 1
        }
        if !spec.repeatable, values[name] != nil {
          throw UsageError("option '--\(name)' is given more than once")
        }
        values[name, default: []].append(value)
      } else {
        if inlineValue != nil { throw UsageError("option '--\(name)' takes no value") }
        flags.insert(name)
      }
    }
  }

  func value(_ name: String) -> String? { values[name]?.last }
  func all(_ name: String) -> [String] { values[name] ?? [] }
  func has(_ name: String) -> Bool { flags.contains(name) }

  /// The value of `name` parsed as one of `choices`.
  func choice<T: RawRepresentable>(_ name: String, default fallback: T) throws(UsageError) -> T
  where T.RawValue == String, T: CaseIterable {
    guard let text = value(name) else { return fallback }
    guard let parsed = T(rawValue: text) else {
      let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
      throw UsageError("option '--\(name)' must be one of \(allowed); got '\(text)'")
    }
    return parsed
  }
}
