import PolicyEvaluation
import TestSupport
import Testing

/// ``RequestContext/forEachSortedEntry(excluding:_:)`` sorts ASCII names by their bytes and any other name by String
/// `<`; the order must be the one ``RequestContext/sortedKeys`` gives (String `<`), excluded keys left out, whether
/// the entries are the context's own or inherited from the base it extends.
@Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
func sortedEntriesFollowStringOrder(seed: UInt64) {
  var random = SplitMix64(seed: seed)
  // Byte order and String `<` disagree on some of these: "e" + U+0301 sorts as "é", after "f".
  let pool = [
    "aws:SourceArn", "aws:SourceAccount", "aws:PrincipalArn", "aws:principalarnx", "AWS:Zeta", "aws:Source",
    "aws:sourcearn2", "ecr:ResourceTag/Team", "ae\u{301}", "af", "\u{E9}b", "e\u{301}a", "Ωmega", "zeta", "Zeta2",
    "a", "A1", "aws:PrincipalTag/Ä", "aws:PrincipalTag/B", "aws:userid", "",
  ]
  for round in 0..<200 {
    var context = RequestContext()
    var chosen = pool.filter { _ in random.next(below: 2) == 0 }
    for index in chosen.indices.reversed() { chosen.swapAt(index, random.next(below: index + 1)) }
    let inheritedCount = random.next(below: chosen.count + 1)
    for name in chosen[..<inheritedCount] { context[name] = .single(name) }
    context.reserveNewKeys(chosen.count - inheritedCount)
    for name in chosen[inheritedCount...] {
      context.addNew(.multiple([name]), normalizedKey: RequestContext.normalized(name), name: name)
    }
    let excluded = chosen.filter { _ in random.next(below: 3) == 0 }.map(RequestContext.normalized)
    var listed: [String] = []
    context.forEachSortedEntry(excluding: excluded) { name, value in
      listed.append(name)
      #expect(value == context.explicitValue(name), "round \(round), \(name)")
    }
    let expected = context.sortedKeys.filter { !excluded.contains(RequestContext.normalized($0)) }
    #expect(listed == expected, "round \(round)")
  }
}
