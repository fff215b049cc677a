import PolicyCommand
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

// The executable only connects the command layer to the process: arguments in, text and exit code out. It uses the
// C library alone: loading Foundation would take longer than auditing a file.

/// Writes all of `bytes`, retrying interrupted and partial writes and waiting on a full non-blocking descriptor.
/// Returns 0, or the errno of the write that failed.
func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32 {
  guard var next = bytes.baseAddress else { return 0 }
  var remaining = bytes.count
  while remaining > 0 {
    let written = write(descriptor, next, remaining)
    if written < 0 {
      let failure = errno
      if failure == EINTR { continue }
      if failure == EAGAIN || failure == EWOULDBLOCK {
        var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        _ = poll(&ready, 1, -1)
        continue
      }
      return failure
    }
    guard written > 0 else { return EIO }
    next += written
    remaining -= written
  }
  return 0
}

/// Writes all of `text` in place (a report can run to megabytes).
func writeAll(_ text: String, to descriptor: Int32) -> Int32 {
  var text = text
  return text.withUTF8 { writeAll($0, to: descriptor) }
}

/// Standard output as the command produces it: pieces gathered into writes of about 64 KiB (a report over thousands
/// of files comes as a piece per file). After a write fails, the rest is dropped and the failure kept for the exit.
final class ReportWriter: Sendable {
  private struct State {
    var pending: [UInt8] = []
    /// 0, or the errno of the write that failed.
    var failure: Int32 = 0
  }

  private static let room = 1 << 16
  private let descriptor: Int32
  private let state = Mutex(State())

  init(descriptor: Int32) {
    self.descriptor = descriptor
    state.withLock { $0.pending.reserveCapacity(ReportWriter.room) }
  }

  func write(_ piece: [UInt8]) {
    state.withLock { state in
      guard state.failure == 0 else { return }
      if state.pending.count + piece.count > ReportWriter.room {
        flush(&state)
        guard state.failure == 0 else { return }
      }
      if piece.count >= ReportWriter.room {
        state.failure = piece.withUnsafeBufferPointer { writeAll($0, to: descriptor) }
      } else {
        state.pending.append(contentsOf: piece)
      }
    }
  }

  /// Writes what is still gathered; returns 0, or the errno of the first write that failed.
  func finish() -> Int32 {
    state.withLock { state in
      if state.failure == 0 { flush(&state) }
      return state.failure
    }
  }

  private func flush(_ state: inout State) {
    state.failure = state.pending.withUnsafeBufferPointer { writeAll($0, to: descriptor) }
    state.pending.removeAll(keepingCapacity: true)
  }
}

/// Lets each malloc arena grow its heap in 16 MiB steps. Every worker thread's arena otherwise grows a few pages at
/// a time, one mprotect call each: a run over 10,000 policies made three thousand of them. The steps reserve address
/// space, not memory: a page is backed only once it is touched. mallopt is looked up at run time because Glibc's
/// module does not include <malloc.h>; without it (another C library) nothing changes.
func growHeapsInLargeSteps() {
  #if canImport(Glibc)
    typealias MalloptFunction = @convention(c) (Int32, Int32) -> Int32
    let topPad: Int32 = -2  // M_TOP_PAD in <malloc.h>
    guard let symbol = dlsym(nil, "mallopt") else { return }
    _ = unsafeBitCast(symbol, to: MalloptFunction.self)(topPad, 16 << 20)
  #endif
}

growHeapsInLargeSteps()
let report = ReportWriter(descriptor: STDOUT_FILENO)
// The arguments as bytes: `CommandLine.arguments` repairs any that are not UTF-8, and a repaired path can name
// another file.
// (A process may even be started with no arguments at all, not even its name.)
let argumentBytes = (1..<max(1, Int(CommandLine.argc))).map { index -> [UInt8] in
  guard let argument = CommandLine.unsafeArgv[index] else { return [] }
  return Array(UnsafeRawBufferPointer(start: argument, count: strlen(argument)))
}
let result = CommandLineTool.run(
  argumentBytes: argumentBytes,
  context: CommandContext.process.writingStandardOutput { report.write($0) }
)
for piece in result.stdoutPieces { report.write(piece) }
let outputFailure = report.finish()
let errorFailure = writeAll(result.stderr, to: STDERR_FILENO)
// A report that did not reach its reader must not pass as a clean run: exit 2, as for any I/O error.
if outputFailure != 0 {
  _ = writeAll("error: cannot write the report: \(String(cString: strerror(outputFailure)))\n", to: STDERR_FILENO)
  exit(2)
}
exit(errorFailure != 0 ? 2 : result.exitCode)
