/// A command's standard output while it runs: written through the context as it is produced when the context
/// streams (the executable), kept for the command's result otherwise (tests, in-process callers). A report over
/// thousands of files then leaves file by file while later files are still being audited.
struct StandardOutput {
  private let write: (@Sendable ([UInt8]) -> Void)?
  /// What was written when the context does not stream.
  private(set) var kept: [[UInt8]] = []

  init(_ context: CommandContext) {
    write = context.writeStandardOutput
  }

  mutating func write(_ piece: [UInt8]) {
    guard !piece.isEmpty else { return }
    if let write { write(piece) } else { kept.append(piece) }
  }
}
