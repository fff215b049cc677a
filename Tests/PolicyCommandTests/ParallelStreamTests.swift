import Synchronization
import Testing

@testable import PolicyCommand

/// The stream that lets the cores start on a directory's files while the walk goes on: every item is transformed
/// exactly once, and the outputs come back in the order the items were added, whatever order the jobs finish in.
@Suite struct ParallelStreamTests {
  @Test(arguments: [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 100, 1_000])
  func outputsKeepTheOrderItemsCameIn(_ count: Int) {
    let calls = Mutex(0)
    let stream = ParallelStream<Int, String>(chunkSize: 4) { item in
      calls.withLock { $0 += 1 }
      // Uneven work, so that later jobs can finish before earlier ones.
      var spin = 0
      for step in 0..<((item * 7919) % 2_000) { spin &+= step }
      return "\(item)-\(spin & 1)"
    }
    for item in 0..<count { stream.add(item) }
    let outputs = stream.finish()
    #expect(outputs.map { Int($0.split(separator: "-")[0]) } == Array(0..<count))
    #expect(calls.withLock { $0 } == count)
  }

  @Test func aChunkOfOneStillKeepsTheOrder() {
    let stream = ParallelStream<Int, Int>(chunkSize: 1) { $0 * 2 }
    for item in 0..<500 { stream.add(item) }
    #expect(stream.finish() == (0..<500).map { $0 * 2 })
  }
}
