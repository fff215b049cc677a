import PolicyCommand

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

// The executable only connects the command layer to the process: arguments in, text and exit code out. It uses the
// C library alone: loading Foundation would take longer than auditing a file.

/// Writes all of `text` in place (a report can run to megabytes), retrying interrupted and partial writes.
func writeAll(_ text: String, to descriptor: Int32) {
  var text = text
  text.withUTF8 { bytes in
    guard var next = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
      let written = write(descriptor, next, remaining)
      if written < 0, errno == EINTR { continue }
      guard written > 0 else { return }
      next += written
      remaining -= written
    }
  }
}

let result = CommandLineTool.run(Array(CommandLine.arguments.dropFirst()), context: .process)
writeAll(result.stdout, to: STDOUT_FILENO)
writeAll(result.stderr, to: STDERR_FILENO)
exit(result.exitCode)
