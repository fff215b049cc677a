import PolicyEvaluation
import Testing

@Suite struct Base64Tests {
  @Test(
    "decodes padded standard base64",
    arguments: [
      // V109
      ("QmluYXJ5VmFsdWVJbkJhc2U2NA==", Array("BinaryValueInBase64".utf8)),
      ("", []),
      ("TQ==", Array("M".utf8)),
      ("TWE=", Array("Ma".utf8)),
      ("TWFu", Array("Man".utf8)),
      ("+/+/", [0xFB, 0xFF, 0xBF]),
      ("AAAA", [0, 0, 0]),
      ("////", [0xFF, 0xFF, 0xFF]),
      ("AP8=", [0x00, 0xFF]),
      // Unused bits in the last group are dropped, as lenient decoders do.
      ("QR==", [0x41]),
      ("TWF=", Array("Ma".utf8)),
    ] as [(String, [UInt8])]
  )
  func decodes(text: String, bytes: [UInt8]) {
    #expect(Base64.decode(text) == bytes)
  }

  @Test(
    "rejects anything else",
    arguments: [
      "T", "TQ", "TQ=", "TQ===", "T===", "====", "=", "TW=u", "=TWF", "TWFu\n", " TWFu", "TWFu ", "TW u", "TW-u",
      "TW_u", "TWFu====", "TWFu=", "TQ==TQ==", "TW\u{E9}u", "TWFu\0",
    ]
  )
  func rejects(text: String) {
    #expect(Base64.decode(text) == nil)
  }
}
