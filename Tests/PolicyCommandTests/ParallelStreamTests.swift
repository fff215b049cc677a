import Glibc
import PolicySyntax
import Synchronization
import Testing

@testable import PolicyCommand

/// The stream that lets the cores start on a directory's files while the walk goes on: every item is transformed
/// exactly once, and the outputs are delivered in the order the items were added, whatever order the jobs finish in,
/// on the adding thread, as soon as they and those before them are ready.
@Suite struct ParallelStreamTests {
  @Test(arguments: [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 100, 1_000])
  func outputsKeepTheOrderItemsCameIn(_ count: Int) {
    let calls = Mutex(0)
    var delivered: [String] = []
    let stream = ParallelStream<Int, String>(
      chunkSize: 4,
      largestChunkSize: 4,
      { item in
        calls.withLock { $0 += 1 }
        // Uneven work, so that later jobs can finish before earlier ones.
        var spin = 0
        for step in 0..<((item * 7919) % 2_000) { spin &+= step }
        return "\(item)-\(spin & 1)"
      },
      deliver: { delivered.append($0) }
    )
    for item in 0..<count { stream.add(item) }
    stream.finish()
    #expect(delivered.map { Int($0.split(separator: "-")[0]) } == Array(0..<count))
    #expect(calls.withLock { $0 } == count)
  }

  @Test func aChunkOfOneStillKeepsTheOrder() {
    var delivered: [Int] = []
    let stream = ParallelStream<Int, Int>(
      chunkSize: 1,
      largestChunkSize: 1,
      { $0 * 2 },
      deliver: { delivered.append($0) }
    )
    for item in 0..<500 { stream.add(item) }
    stream.finish()
    #expect(delivered == (0..<500).map { $0 * 2 })
  }

  /// Outputs leave while items are still being added: a report starts before the walk ends, and is not held whole.
  @Test func outputsAreDeliveredBeforeTheStreamFinishes() {
    var delivered: [Int] = []
    let stream = ParallelStream<Int, Int>(
      chunkSize: 1,
      largestChunkSize: 1,
      { $0 },
      deliver: { delivered.append($0) }
    )
    var item = 0
    // Each add gives the jobs a millisecond; within a second some must be done and delivered by a later add.
    while delivered.isEmpty && item < 1_000 {
      stream.add(item)
      item += 1
      usleep(1_000)
    }
    #expect(!delivered.isEmpty)
    #expect(delivered == Array(0..<delivered.count))
    stream.finish()
    #expect(delivered == Array(0..<item))
  }

  /// Jobs start small and double up to the largest size, so a large input costs few thread switches. Each job lends
  /// all its items one scratch sink, so a transform that leaves a byte there counts its place within its job.
  @Test func jobsDoubleUpToTheLargestSize() {
    var delivered: [Int] = []
    let stream = ParallelStream<Int, Int>(
      chunkSize: 4,
      largestChunkSize: 16,
      { _, scratch in
        scratch.append(0)
        return scratch.count
      },
      deliver: { delivered.append($0) }
    )
    // Jobs of 4, 8, 16 and 16 items, then three items left over when the stream finishes.
    for item in 0..<47 { stream.add(item) }
    stream.finish()
    let jobs = [4, 8, 16, 16].flatMap { Array(1...$0) }
    #expect(Array(delivered.prefix(jobs.count)) == jobs)
    #expect(delivered.count == 47)
  }
}
