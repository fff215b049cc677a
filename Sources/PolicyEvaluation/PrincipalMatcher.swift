package import PolicyModel

/// How a statement's principal matched (spec §2.4): naming the caller itself beats delegating to its account.
public enum PrincipalMatchKind: String, Sendable, Hashable, Comparable {
  case account
  case direct

  public static func < (lhs: PrincipalMatchKind, rhs: PrincipalMatchKind) -> Bool {
    lhs == .account && rhs == .direct
  }
}

/// Principal matching for resource-based policies.
package enum PrincipalMatcher {
  /// Whether the entry at `index` of `entries` names `principal`, and how. The entry is read where the array keeps
  /// it: taken out of the array as a value, it was copied, strings and all, and destroyed for each entry of each
  /// request.
  package static func match(
    _ entries: [PrincipalEntry],
    at index: Int,
    _ principal: RequestPrincipal
  ) -> (Truth, PrincipalMatchKind?) {
    if entries[index].isWildcard { return (.yes, .direct) }
    guard let type = entries[index].type else { return (.no, nil) }
    if entries[index].hasPlaceholder {
      // A placeholder inside an IAM ARN can only become an IAM identity, never a service or an anonymous caller;
      // a bare placeholder might become anything, "*" included.
      if type == .aws, entries[index].value.hasPrefix("arn:"), principal.account == nil { return (.no, nil) }
      return (.unknown, nil)
    }
    switch type {
    case .service:
      if case .service(let name) = principal, name == entries[index].value { return (.yes, .direct) }
      return (.no, nil)
    case .federated, .canonicalUser:
      // Federated principals only act through role trust policies, canonical users only in S3.
      return (.no, nil)
    case .aws:
      // The parsed principal is read where the entry keeps it: `??` would copy it, strings and all, per request.
      if let named = entries[index].awsPrincipal { return matchAWS(named, principal) }
      return matchAWS(AWSPrincipal(entries[index].value), principal)
    }
  }

  private static func matchAWS(_ named: AWSPrincipal, _ principal: RequestPrincipal) -> (Truth, PrincipalMatchKind?) {
    // One switch per side, not one over the pair: a tuple of the two would copy both principals for every entry.
    switch named {
    case .everyone:
      return (.yes, .direct)
    case .account(let partition, let account):
      // An account delegates to its IAM identities; service principals and anonymous callers have no account.
      guard let callerAccount = principal.account, callerAccount == account,
        partition == nil || partition == principal.partition
      else { return (.no, nil) }
      return (.yes, .account)
    case .user(let partition, let account, let path, let name):
      guard case .user(let p, let a, let callerPath, let callerName) = principal else { return (.no, nil) }
      return (Truth(partition == p && account == a && path == callerPath && name == callerName), .direct)
    case .role(let partition, let account, _, let name):
      guard case .roleSession(let p, let a, _, let role, _) = principal else { return (.no, nil) }
      // Session ARNs carry no role path, so only the name is compared; IAM role names are unique ignoring case.
      return (Truth(partition == p && account == a && name.lowercased() == role.lowercased()), .direct)
    case .assumedRole(let partition, let account, let role, let session):
      guard case .roleSession(let p, let a, _, let r, let s) = principal else { return (.no, nil) }
      return (Truth(partition == p && account == a && role == r && session == s), .direct)
    case .federatedUser(let partition, let account, let name):
      guard case .federatedUser(let p, let a, let n) = principal else { return (.no, nil) }
      return (Truth(partition == p && account == a && name == n), .direct)
    case .uniqueID, .partialWildcard, .invalid:
      return (.no, nil)
    }
  }
}
