/// Memoized probe results for one file. A class so that non-mutating rule helpers can fill it; one audit runs on
/// one thread, so no locking is needed. A file names a handful of accounts, so the entries are scanned; past
/// ``MemoTable/scanLimit`` accounts (thousands of declared consumers) they are hashed instead.
final class ProbeCache {
  typealias AccountPull = PullResult
  typealias LambdaPull = LambdaPullResult

  private var accountPulls = MemoTable<AccountPull>()
  private var lambdaPulls = MemoTable<LambdaPull>()

  /// The account pull of `account`, computed by `compute` the first time it is asked for.
  func accountPull(_ account: String, _ compute: () -> AccountPull) -> AccountPull {
    accountPulls.result(for: account, computedBy: compute)
  }

  /// The Lambda pull for functions of `account`, computed by `compute` the first time it is asked for.
  func lambdaPull(_ account: String, _ compute: () -> LambdaPull) -> LambdaPull {
    lambdaPulls.result(for: account, computedBy: compute)
  }
}

/// Results by account: scanned while few, hashed once many.
struct MemoTable<Result> {
  static var scanLimit: Int { 16 }

  /// A struct, not a tuple: arrays of tuples are copied and destroyed through the runtime's generic tuple code.
  private struct Entry {
    let account: String
    let result: Result
  }

  private var entries: [Entry] = []
  private var positions: [String: Int] = [:]

  /// The result for `account`, computed by `compute` and kept the first time it is asked for.
  mutating func result(for account: String, computedBy compute: () -> Result) -> Result {
    if let known = self[account] { return known }
    let result = compute()
    add(result, for: account)
    return result
  }

  private subscript(account: String) -> Result? {
    if entries.count > Self.scanLimit { return positions[account].map { entries[$0].result } }
    // By position: `first(where:)` would copy the entry, result and probes included, to read its result.
    return entries.firstIndex { $0.account == account }.map { entries[$0].result }
  }

  private mutating func add(_ result: Result, for account: String) {
    // Room for a handful at once: an empty array would be allocated again at the second account.
    if entries.isEmpty { entries.reserveCapacity(4) }
    entries.append(Entry(account: account, result: result))
    if entries.count > Self.scanLimit {
      if positions.isEmpty {
        for (position, entry) in entries.enumerated() { positions[entry.account] = position }
      } else {
        positions[account] = entries.count - 1
      }
    }
  }
}
