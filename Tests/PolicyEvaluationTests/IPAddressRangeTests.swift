import PolicyEvaluation
import Testing

@Suite struct IPAddressRangeTests {
  @Test(
    "spellings of the same address are equal",
    arguments: [
      ("2001:DB8:1234:5678::1", "2001:db8:1234:5678:0:0:0:1"),
      ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
      ("::", "0:0:0:0:0:0:0:0"),
      ("::1", "0:0:0:0:0:0:0:1"),
      ("1::", "1:0:0:0:0:0:0:0"),
      ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
      ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
      ("1:2::7:8", "1:2:0:0:0:0:7:8"),
      ("::ffff:1.2.3.4", "::ffff:102:304"),
      ("::FFFF:203.0.113.255", "0:0:0:0:0:ffff:cb00:71ff"),
      ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
      ("0.0.0.0", "0.0.0.0"),
      ("255.255.255.255", "255.255.255.255"),
    ]
  )
  func equalSpellings(first: String, second: String) throws {
    let lhs = try #require(IPAddress(first))
    let rhs = try #require(IPAddress(second))
    #expect(lhs == rhs)
  }

  @Test("families", arguments: [("1.2.3.4", IPAddress.Family.ipv4), ("::1", .ipv6), ("::ffff:1.2.3.4", .ipv6)])
  func family(text: String, family: IPAddress.Family) {
    #expect(IPAddress(text)?.family == family)
  }

  @Test("an IPv4 address and its IPv4-mapped IPv6 form are different addresses")
  func noCrossFamilyEquality() {
    #expect(IPAddress("1.2.3.4") != IPAddress("::ffff:1.2.3.4"))
    #expect(IPAddress("0.0.0.1") != IPAddress("::1"))
  }

  @Test(
    "malformed addresses and ranges are rejected",
    arguments: [
      "", " ", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "a.b.c.d", "1.2.3.-4", "1.2.3.+4",
      " 1.2.3.4", "1.2.3.4 ", "01.2.3.4", "1.2.3.004", "1.2.3.1000", "1.2.3.4/33", "1.2.3.4/", "/24", "1.2.3.4/024",
      "1.2.3.4/-1", "1.2.3.4/+8", "1.2.3.4/8/8", "1.2.3.4/ 8", "1.2.3.4/8 ", "1.2.3.4/1000", "::/129", "::1/ 64",
      ":", ":::", "1::2::3", "::1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
      "12345::", "g::", "::g", ":1::", "1::2:", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "::1.2.3", "::1.2.3.4:5",
      "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", "::256.0.0.1", "::01.2.3.4", "fe80::1%eth0", "[::1]", "::1 ",
      "１.２.３.４", "0x1.2.3.4",
    ]
  )
  func malformed(text: String) {
    #expect(IPAddressRange(text) == nil)
  }

  @Test(
    "bare addresses are ranges of one address",
    arguments: [("203.0.113.11", 32), ("2001:db8::1", 128), ("::", 128)]
  )
  func bareAddress(text: String, prefixLength: Int) throws {
    let range = try #require(IPAddressRange(text))
    #expect(range.isBareAddress)
    #expect(range.prefixLength == prefixLength)
    #expect(!range.hasHostBits)
  }

  @Test(
    "membership",
    arguments: [
      ("203.0.113.0/24", "203.0.113.11", true),
      ("203.0.113.0/24", "203.0.113.0", true),
      ("203.0.113.0/24", "203.0.113.255", true),
      ("203.0.113.0/24", "203.0.114.1", false),
      ("203.0.113.0/24", "203.0.112.255", false),
      // A bare IPv4 address is /32 (V105).
      ("203.0.113.11", "203.0.113.11", true),
      ("203.0.113.11", "203.0.113.12", false),
      ("0.0.0.0/0", "1.2.3.4", true),
      ("0.0.0.0/0", "255.255.255.255", true),
      ("1.2.3.4/31", "1.2.3.5", true),
      ("1.2.3.4/31", "1.2.3.6", false),
      ("1.2.3.4/32", "1.2.3.4", true),
      ("128.0.0.0/1", "200.1.1.1", true),
      ("128.0.0.0/1", "127.255.255.255", false),
      // Host bits in the policy CIDR are ignored.
      ("10.1.2.3/8", "10.200.0.1", true),
      ("10.1.2.3/8", "11.0.0.1", false),
      // IPv6, hex case-insensitive (V106).
      ("2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", true),
      ("2001:DB8:1234:5678::/64", "2001:db8:1234:5678:ffff:ffff:ffff:ffff", true),
      ("2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", false),
      ("2001:db8::1", "2001:db8::1", true),
      ("2001:db8::1", "2001:db8::2", false),
      ("::/0", "::1", true),
      ("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true),
      ("2001:db8:0:2::/63", "2001:db8:0:3::1", true),
      ("2001:db8:0:2::/63", "2001:db8:0:4::1", false),
      ("2001:db8::/65", "2001:db8::7fff:ffff:ffff:ffff", true),
      ("2001:db8::/65", "2001:db8::8000:0:0:0", false),
      ("2001:db8::/127", "2001:db8::1", true),
      ("2001:db8::/127", "2001:db8::2", false),
      ("8000::/1", "ffff::", true),
      ("8000::/1", "7fff::", false),
      // Families never mix (V107), IPv4-mapped addresses included.
      ("203.0.113.0/24", "2001:db8::1", false),
      ("0.0.0.0/0", "::1", false),
      ("::/0", "1.2.3.4", false),
      ("::ffff:203.0.113.0/120", "203.0.113.5", false),
      ("::ffff:203.0.113.0/120", "::ffff:203.0.113.5", true),
    ]
  )
  func membership(range: String, address: String, expected: Bool) throws {
    let range = try #require(IPAddressRange(range))
    let address = try #require(IPAddress(address))
    #expect(range.contains(address) == expected)
  }

  @Test("prefix and host bits are reported as written")
  func properties() throws {
    let range = try #require(IPAddressRange("10.1.2.3/8"))
    #expect(range.prefixLength == 8)
    #expect(!range.isBareAddress)
    #expect(range.hasHostBits)
    #expect(range.address == IPAddress("10.1.2.3"))
    #expect(IPAddressRange("10.0.0.0/8")?.hasHostBits == false)
    #expect(IPAddressRange("2001:db8::1/64")?.hasHostBits == true)
    #expect(IPAddressRange("2001:db8::/64")?.hasHostBits == false)
    #expect(IPAddressRange("0.0.0.0/0")?.prefixLength == 0)
    #expect(IPAddressRange("::/128")?.isBareAddress == false)
  }

  @Test("a CIDR is not a request address")
  func addressRejectsPrefix() {
    #expect(IPAddress("1.2.3.4/32") == nil)
    #expect(IPAddress("::1/128") == nil)
  }
}
