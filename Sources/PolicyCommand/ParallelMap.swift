import Dispatch
import PolicySyntax

/// Maps `transform` over `items` on all cores, keeping the order. Policies are independent and small, so
/// analysing a directory is embarrassingly parallel.
func parallelMap<Input: Sendable, Output: Sendable>(
  _ items: [Input],
  _ transform: @Sendable (Input, inout ByteSink) -> Output
) -> [Output] {
  guard items.count > 1 else {
    var scratch = ByteSink()
    return items.map { transform($0, &scratch) }
  }
  let results = ResultSlots<Output>(count: items.count)
  // Chunks keep scheduling overhead negligible next to the work of one small policy.
  let chunkSize = max(1, items.count / 64)
  let chunkCount = (items.count + chunkSize - 1) / chunkSize
  items.withUnsafeBufferPointer { buffer in
    let input = UnsafeSendableBuffer(buffer: buffer)
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
      let start = chunk * chunkSize
      var scratch = ByteSink()
      for index in start..<min(start + chunkSize, input.buffer.count) {
        results.store(transform(input.buffer[index], &scratch), at: index)
      }
    }
  }
  return results.collected()
}

/// Write-once slots, one per item. Safe to share across threads because every index is written by exactly one
/// iteration of `concurrentPerform`, and all writes finish before `collected()` reads. The slots are raw memory of
/// their own: writing through an array property of the class from several threads at once would be overlapping
/// mutations of that property, which Swift forbids even when the elements written differ.
private final class ResultSlots<Output>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Output?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  func store(_ value: Output, at index: Int) {
    precondition(index >= 0 && index < slots.count, "a slot of the map")
    slots[index] = value
  }

  func collected() -> [Output] {
    slots.map { slot in
      guard let slot else { preconditionFailure("parallelMap: every slot is written before collection") }
      return slot
    }
  }
}

/// A read-only view of the input array, alive for the duration of `withUnsafeBufferPointer`.
private struct UnsafeSendableBuffer<Element>: @unchecked Sendable {
  let buffer: UnsafeBufferPointer<Element>
}

/// Applies `transform` to items as they are added, on all cores, each job of items lending it one scratch sink to
/// write a file's report into (allocated once a job, not once a file), and hands the outputs to `deliver` in the
/// order the items came, on the thread that adds them, as soon as the job of an output and every job before it are
/// done. A directory walk hands its files over while it goes on, so the cores start on them before the walk ends (on
/// a tree of 10,000 policies the walk is a tenth of the run); and the outputs of each job leave while later files are
/// still being worked on, instead of all outputs being gathered, copied and released on one core after the last file.
final class ParallelStream<Input: Sendable, Output: Sendable> {
  private let transform: @Sendable (Input, inout ByteSink) -> Output
  private let deliver: (Output) -> Void
  /// Items in the next job. The first jobs are small, so the cores start soon and a small input is still shared
  /// out; each later job doubles, up to `largestChunkSize`, because every job costs the threads waking and sleeping
  /// around it, and a thread switch on a virtual machine costs as much as auditing a policy: with jobs of 16 files
  /// a run over 10,000 switched threads 1,800 times and took 45% longer than with jobs of 256.
  private var chunkSize: Int
  /// Few enough items that the cores still finish together: the last job is the time one core works alone.
  private let largestChunkSize: Int
  private var pending: [Input] = []
  /// The jobs queued so far; those before `firstUndelivered` have been delivered and released.
  private var jobs: [ChunkJob<Output>?] = []
  private var firstUndelivered = 0

  init(
    chunkSize: Int = 16,
    largestChunkSize: Int = 256,
    _ transform: @escaping @Sendable (Input, inout ByteSink) -> Output,
    deliver: @escaping (Output) -> Void
  ) {
    precondition(chunkSize > 0, "a chunk holds at least one item")
    self.chunkSize = chunkSize
    self.largestChunkSize = max(chunkSize, largestChunkSize)
    self.transform = transform
    self.deliver = deliver
  }

  /// A stream whose transform writes in no scratch sink.
  convenience init(
    chunkSize: Int = 16,
    largestChunkSize: Int = 256,
    _ transform: @escaping @Sendable (Input) -> Output,
    deliver: @escaping (Output) -> Void
  ) {
    self.init(
      chunkSize: chunkSize,
      largestChunkSize: largestChunkSize,
      { item, _ in transform(item) },
      deliver: deliver
    )
  }

  func add(_ item: Input) {
    pending.append(item)
    guard pending.count == chunkSize else { return }
    jobs.append(ChunkJob(pending, transform))
    pending = []
    chunkSize = min(2 * chunkSize, largestChunkSize)
    deliverReady(waiting: false)
  }

  /// Waits for every item added and delivers the outputs not delivered yet.
  func finish() {
    // The items of the last, partial chunk are shared out among the cores on this thread, next to the queued jobs.
    let rest = parallelMap(pending, transform)
    pending = []
    deliverReady(waiting: true)
    rest.forEach(deliver)
  }

  /// Delivers the jobs that are done, oldest first, stopping at the first one still running unless `waiting`.
  private func deliverReady(waiting: Bool) {
    while firstUndelivered < jobs.count, let job = jobs[firstUndelivered] {
      guard let outputs = waiting ? job.outputs() : job.outputsIfDone() else { return }
      jobs[firstUndelivered] = nil
      firstUndelivered += 1
      outputs.forEach(deliver)
    }
  }
}

/// One chunk of items, transformed by a job of its own on the global queue. Its outputs are written by that job
/// alone and read only after the job has signalled that it is done, and only once.
private final class ChunkJob<Output: Sendable>: @unchecked Sendable {
  private var values: [Output] = []
  private let done = DispatchSemaphore(value: 0)

  init<Input: Sendable>(_ items: [Input], _ transform: @escaping @Sendable (Input, inout ByteSink) -> Output) {
    DispatchQueue.global().async {
      var scratch = ByteSink()
      self.values = items.map { transform($0, &scratch) }
      self.done.signal()
    }
  }

  /// The outputs, waiting for the job to finish.
  func outputs() -> [Output] {
    done.wait()
    return takeValues()
  }

  /// The outputs if the job is done; nil, without waiting, if it is not.
  func outputsIfDone() -> [Output]? {
    done.wait(timeout: .now()) == .success ? takeValues() : nil
  }

  private func takeValues() -> [Output] {
    defer { values = [] }
    return values
  }
}
