import Dispatch

/// Maps `transform` over `items` on all cores, keeping the order. Policies are independent and small, so
/// analysing a directory is embarrassingly parallel.
func parallelMap<Input: Sendable, Output: Sendable>(
  _ items: [Input],
  _ transform: @Sendable (Input) -> Output
) -> [Output] {
  guard items.count > 1 else { return items.map(transform) }
  let results = ResultSlots<Output>(count: items.count)
  // Chunks keep scheduling overhead negligible next to the work of one small policy.
  let chunkSize = max(1, items.count / 64)
  let chunkCount = (items.count + chunkSize - 1) / chunkSize
  items.withUnsafeBufferPointer { buffer in
    let input = UnsafeSendableBuffer(buffer: buffer)
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
      let start = chunk * chunkSize
      for index in start..<min(start + chunkSize, input.buffer.count) {
        results.store(transform(input.buffer[index]), at: index)
      }
    }
  }
  return results.collected()
}

/// Write-once slots, one per item. Safe to share across threads because every index is written by exactly one
/// iteration of `concurrentPerform`, and all writes finish before `collected()` reads.
private final class ResultSlots<Output>: @unchecked Sendable {
  private var slots: [Output?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ value: Output, at index: Int) {
    slots.withUnsafeMutableBufferPointer { $0[index] = value }
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
