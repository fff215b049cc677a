import PolicyEvaluation
import TestSupport
import Testing

/// What a context should answer, kept in plain collections: the reference the indexed context is checked against.
private struct ReferenceContext {
  var values: [String: ContextValue] = [:]
  var absentKeys: Set<String> = []
  var absentPrefixes: Set<String> = []
  var isOpen = false

  func value(_ normalizedKey: String) -> ContextValue? {
    if let value = values[normalizedKey] { return value }
    let absent = absentKeys.contains(normalizedKey) || absentPrefixes.contains { normalizedKey.hasPrefix($0) }
    return isOpen && !absent ? .unknown : nil
  }
}

/// Random operations on a context and on the reference, compared after each one. Contexts of more than a few dozen
/// keys are looked up through an index kept beside the entries; the key pool is large enough to cross that size
/// in both directions, and copies are checked to keep their own keys when the original changes. Keys added after
/// ``RequestContext/reserveNewKeys(_:)`` leave the earlier ones inherited, which later changes must take over.
@Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
func requestContextAgreesWithAReferenceAcrossSizes(seed: UInt64) {
  var random = SplitMix64(seed: seed)
  let names = (0..<120).map { "aws:Key\($0)" } + (0..<10).map { "aws:PrincipalTag/T\($0)" }
  func spelling(_ name: String) -> String {
    switch random.next(below: 3) {
    case 0: name
    case 1: name.uppercased()
    default: name.lowercased()
    }
  }
  var context = RequestContext()
  var reference = ReferenceContext()
  var snapshots: [(RequestContext, ReferenceContext)] = []
  let operationCount = 1_500
  for step in 0..<operationCount {
    let name = names[random.next(below: names.count)]
    let normalized = RequestContext.normalized(name)
    // Phases of mostly sets and of mostly removals, so that the context grows past the index threshold and
    // shrinks below it again, several times.
    let growing = (step / 250) % 2 == 0
    var choice = random.next(below: 20)
    if !growing, choice < 11 { choice = 14 + choice % 3 }
    switch choice {
    case 0..<11:
      let value = ContextValue.single("v\(step)")
      context[spelling(name)] = value
      reference.values[normalized] = value
    case 11..<13:
      let value = ContextValue.multiple(["a\(step)", "b\(step)"])
      context.set(value, normalizedKey: normalized, name: name)
      reference.values[normalized] = value
    case 13:
      if reference.values[normalized] == nil {
        // Half the time as a probe extends a base context: the keys set so far are then inherited, not copied.
        if random.next(below: 2) == 0 { context.reserveNewKeys(1) }
        context.addNew(.single("n\(step)"), normalizedKey: normalized, name: name)
        reference.values[normalized] = .single("n\(step)")
      }
    case 14..<16:
      context[spelling(name)] = nil
      reference.values[normalized] = nil
    case 16:
      context.markAbsent(spelling(name))
      reference.values[normalized] = nil
      reference.absentKeys.insert(normalized)
    case 17:
      let tag = random.next(below: 3)
      context.markAbsent(prefix: "aws:PrincipalTag/T\(tag)")
      reference.absentPrefixes.insert("aws:principaltag/t\(tag)")
    case 18:
      context.isOpen.toggle()
      reference.isOpen.toggle()
    default:
      snapshots.append((context, reference))
    }
    if random.next(below: 4) == 0 {
      for other in names {
        let key = RequestContext.normalized(other)
        #expect(context.value(normalizedKey: key) == reference.value(key), "step \(step), key \(other)")
        #expect(context.explicitValue(spelling(other)) == reference.values[key], "step \(step), key \(other)")
      }
      #expect(context.count == reference.values.count, "step \(step)")
      var listed: [String: ContextValue] = [:]
      context.forEachSortedEntry(excluding: []) { name, value in listed[RequestContext.normalized(name)] = value }
      #expect(listed == reference.values, "step \(step)")
    }
  }
  #expect(snapshots.count > 10)
  for (snapshot, expected) in snapshots {
    for other in names {
      let key = RequestContext.normalized(other)
      #expect(snapshot.value(normalizedKey: key) == expected.value(key))
    }
  }
}

/// Equality ignores the order keys were set in, for large (indexed) contexts as for small ones.
@Test(arguments: [5, 40, 200])
func requestContextEqualityIgnoresOrder(keyCount: Int) {
  var random = SplitMix64(seed: UInt64(keyCount))
  let keys = (0..<keyCount).map { "aws:Key\($0)" }
  var forward = RequestContext()
  for key in keys { forward[key] = .single(key) }
  var shuffled = keys
  for index in shuffled.indices.reversed() { shuffled.swapAt(index, random.next(below: index + 1)) }
  var backward = RequestContext()
  for key in shuffled { backward[key] = .single(key) }
  // Compared outside #expect, which would print every key of both contexts on a failure.
  var equal = forward == backward
  #expect(equal)
  #expect(forward.hashValue == backward.hashValue)
  backward[keys[keyCount / 2]] = .single("changed")
  equal = forward == backward
  #expect(!equal)
  backward[keys[keyCount / 2]] = nil
  equal = forward == backward
  #expect(!equal)
  backward[keys[keyCount / 2]] = .single(keys[keyCount / 2])
  equal = forward == backward
  #expect(equal)
}
