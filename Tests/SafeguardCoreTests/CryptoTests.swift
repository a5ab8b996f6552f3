import Crypto
import Foundation
import Testing
@testable import SafeguardCore

@Suite struct FieldCipherTests {
    let cipher = FieldCipher(keyring: .generate())

    @Test func roundTripsUnicodeText() throws {
        // act
        let sealed = try cipher.seal("王小明 — called from school", context: "child/1/name")
        // assert
        #expect(!sealed.contains("王小明"))
        #expect(sealed.hasPrefix("v1.\(cipher.keyring.currentKeyID)."))
        #expect(try cipher.open(sealed, context: "child/1/name") == "王小明 — called from school")
    }

    @Test func sealingTwiceGivesDifferentCiphertexts() throws {
        #expect(try cipher.seal("same", context: "c") != cipher.seal("same", context: "c"))
    }

    @Test func noNonceRepeatsAcrossThreadsAndRefillsOfTheNonceBuffer() async throws {
        // act: 4 x 1,500 seals at once, many times the 341 nonces read from the device at a time
        let cipher = cipher
        let nonces = try await withThrowingTaskGroup(of: [Data].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try (0..<1_500).map { _ in
                        let sealed = try cipher.seal("same", context: "c")
                        return Data(base64Encoded: String(sealed.split(separator: ".")[2]))!.prefix(12)
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }

        // assert
        #expect(nonces.count == 6_000)
        #expect(Set(nonces).count == 6_000)
        #expect(!nonces.contains(Data(count: 12)))
    }

    @Test func sealsStandardAESGCMThatSwiftCryptoReadsAndReadsWhatItSealed() throws {
        // setup: the stored form is v1.<key id>.<base64 of nonce | ciphertext | tag>
        let key = cipher.keyring.fieldKeys[cipher.keyring.currentKeyID]!
        let texts = ["", "a", "王小明", String(repeating: "long narrative ", count: 200)]

        for text in texts {
            // act
            let sealed = try cipher.seal(text, context: "child/1/name")
            let box = try AES.GCM.SealedBox(combined: Data(base64Encoded: String(sealed.split(separator: ".")[2]))!)
            let bySwiftCrypto = try AES.GCM.seal(Data(text.utf8), using: key, authenticating: Data("child/1/name".utf8))
            let storedBySwiftCrypto = "v1.\(cipher.keyring.currentKeyID).\(bySwiftCrypto.combined!.base64EncodedString())"

            // assert
            #expect(try AES.GCM.open(box, using: key, authenticating: Data("child/1/name".utf8)) == Data(text.utf8))
            #expect(try cipher.open(storedBySwiftCrypto, context: "child/1/name") == text)
        }
    }

    @Test func base64AgreesWithFoundationAndRefusesMalformedText() {
        // setup
        let samples = (0..<64).map { length in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) } }

        for bytes in samples {
            // act
            let text = bytes.withUnsafeBytes { raw in
                String(unsafeUninitializedCapacity: Base64.encodedLength(raw.count)) { Base64.encode(raw, into: $0) }
            }
            var copy = text
            let decoded = copy.withUTF8 { Base64.decode($0) }

            // assert
            #expect(text == Data(bytes).base64EncodedString())
            #expect(decoded == bytes)
        }
        for bad in ["A", "AB=C", "A===", "AB$D", "ABC", "=ABC"] {
            var text = bad
            #expect(text.withUTF8 { Base64.decode($0) } == nil, "\(bad)")
        }
    }

    @Test func refusesCiphertextMovedToAnotherRecord() throws {
        // setup
        let sealed = try cipher.seal("secret", context: "child/1/name")
        // act, assert
        #expect(throws: (any Error).self) { try cipher.open(sealed, context: "child/2/name") }
    }

    @Test func refusesTamperedCiphertext() throws {
        // setup
        var sealed = Array(try cipher.seal("secret narrative", context: "c"))
        let index = sealed.count - 5
        sealed[index] = sealed[index] == "A" ? "B" : "A"
        // act, assert
        #expect(throws: (any Error).self) { try cipher.open(String(sealed), context: "c") }
    }

    @Test func readsValuesWrittenUnderAnOldKeyAfterRotation() throws {
        // setup
        let old = Keyring.generate()
        let sealed = try FieldCipher(keyring: old).seal("note", context: "c")
        let newKey = SymmetricKey(size: .bits256)
        var keys = old.fieldKeys
        keys[Keyring.keyID(of: newKey)] = newKey
        let rotated = try Keyring(currentKeyID: Keyring.keyID(of: newKey), fieldKeys: keys, indexKey: old.indexKey)
        // act
        let opened = try FieldCipher(keyring: rotated).open(sealed, context: "c")
        // assert
        #expect(opened == "note")
        #expect(FieldCipher.keyID(of: try FieldCipher(keyring: rotated).seal("x", context: "c")) == rotated.currentKeyID)
    }

    @Test func keyFileRoundTrips() throws {
        // setup
        let keyring = Keyring.generate()
        // act
        let data = try JSONEncoder().encode(keyring.file)
        let restored = try Keyring(file: JSONDecoder().decode(Keyring.File.self, from: data))
        // assert
        let sealed = try FieldCipher(keyring: keyring).seal("x", context: "c")
        #expect(try FieldCipher(keyring: restored).open(sealed, context: "c") == "x")
    }

    @Test func rejectsShortMasterKey() {
        #expect(throws: KeyringError.self) { try Keyring(masterKeyBase64: Data(count: 16).base64EncodedString()) }
    }
}

@Suite struct BlindIndexTests {
    let keyring = Keyring.generate()
    var index: BlindIndex { BlindIndex(keyring: keyring) }

    @Test func hashesAreHMACSHA256OfDomainAndValueWhateverCameBefore() {
        // setup
        func expected(_ message: String) -> Data {
            Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: keyring.indexKey))
        }
        let index = self.index

        // act
        let first = index.hash("110105196802285846", domain: .documentNumber)
        _ = index.key64("wang fang|1990", domain: .vettingBlock)
        let again = index.hash("110105196802285846", domain: .documentNumber)
        let key = index.key64("wang fang|1990", domain: .vettingBlock)

        // assert
        #expect(first == expected("document\u{1F}110105196802285846").base64EncodedString())
        #expect(again == first)
        #expect(key == expected("vetting-block\u{1F}wang fang|1990").withUnsafeBytes { $0.loadUnaligned(as: Int64.self) })
    }

    @Test func thePreparedKeyAgreesWithSwiftCryptoForEveryKeyAndMessageLength() {
        // setup: keys shorter than, as long as and longer than a SHA-256 block; messages across block ends
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for keyLength in [0, 1, 32, 64, 65, 150] {
            let key = SymmetricKey(data: bytes.prefix(keyLength))
            let prepared = PreparedHMACKey(key)
            for split in [(0, 0), (1, 0), (0, 3), (8, 47), (9, 46), (14, 50), (30, 90), (64, 64), (100, 200)] {
                let first = Array(bytes.prefix(split.0)), second = Array(bytes.suffix(split.1))
                // act
                var out = [UInt8](repeating: 0, count: 32)
                first.withUnsafeBufferPointer { a in second.withUnsafeBufferPointer { b in out.withUnsafeMutableBytes { prepared.authenticate(a, b, into: $0) } } }
                // assert
                #expect(out == Array(HMAC<SHA256>.authenticationCode(for: first + second, using: key)), "key \(keyLength), message \(split)")
            }
        }
    }

    @Test func phoneNumbersMatchWhateverTheFormatting() {
        #expect(index.callerIdentifier("+86 138-0013 8000") == index.callerIdentifier("8613800138000"))
        #expect(index.callerIdentifier("+86 138-0013 8000") != index.callerIdentifier("8613800138001"))
    }

    @Test func chatIdsIgnoreCase() {
        #expect(index.callerIdentifier("  WeChat_User42 ") == index.callerIdentifier("wechat_user42"))
        #expect(index.callerIdentifier("") == nil)
    }

    @Test func differentKeysGiveDifferentHashes() {
        #expect(BlindIndex(keyring: .generate()).callerIdentifier("123456") != index.callerIdentifier("123456"))
    }

    @Test func domainsDoNotCollide() {
        #expect(index.hash("123456", domain: .callerIdentifier) != index.hash("123456", domain: .documentNumber))
    }

    @Test func namesMatchInEitherOrderAndWithoutAccents() {
        #expect(index.personName("Wang Fang") == index.personName("fang  WANG"))
        #expect(index.personName("José Núñez") == index.personName("Jose Nunez"))
    }
}

@Suite struct KeySetTests {
    @Test func agreesWithSetThroughGrowthCollisionsAndZero() {
        // setup: random keys, keys equal in their low bits (one slot, probed onward), zero, and repeats of all
        var generator = SystemRandomNumberGenerator()
        let random = (0..<5_000).map { _ in Int64.random(in: .min ... .max, using: &generator) }
        let sameSlot = (1...40).map { Int64($0) << 40 }
        let keys = random + sameSlot + [0] + random.prefix(500) + sameSlot + [0, Int64.min, -1]
        var set = KeySet(), expected = Set<Int64>()
        // act / assert: every insert answers as Set's does
        for key in keys {
            #expect(set.insert(key) == expected.insert(key).inserted, "key \(key)")
        }
        #expect(set.count == expected.count)
        #expect(keys.allSatisfy(set.contains) && !set.contains(12345) && !set.contains(Int64(41) << 40))
    }
}

@Suite struct HexTests {
    @Test func encodesEveryByteAsTwoLowerCaseDigits() {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode(SHA256.hash(data: Data("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct DocumentCipherTests {
    @Test func documentsRoundTripAndAreBoundToTheirRecord() throws {
        // setup
        let cipher = FieldCipher(keyring: Keyring.generate())
        let bytes = Data((0..<5_000).map { UInt8($0 % 251) })
        // act
        let sealed = try cipher.sealData(bytes, context: "matter_documents/1/content")
        // assert
        #expect(try cipher.openData(sealed, context: "matter_documents/1/content") == bytes)
        #expect(throws: (any Error).self) { try cipher.openData(sealed, context: "matter_documents/2/content") }
        #expect(sealed.range(of: bytes.prefix(64)) == nil)
    }
}

@Suite struct DocumentKindTests {
    @Test func filesAreKnownByTheirBytesNotTheirNames() {
        #expect(DocumentKind.detect(Data("%PDF-1.7\n...".utf8), filename: "judgment.pdf") == .pdf)
        #expect(DocumentKind.detect(Data([0xFF, 0xD8, 0xFF, 0xE0]), filename: "photo.jpg") == .jpeg)
        #expect(DocumentKind.detect(Data("Synthetic notes".utf8), filename: "notes.txt") == .text)
        #expect(DocumentKind.detect(Data("<html><script>".utf8), filename: "statement.pdf") == nil)
        #expect(DocumentKind.detect(Data([0x4D, 0x5A, 0x90, 0x00]), filename: "tool.exe") == nil)
        #expect(DocumentKind.detect(Data([0x50, 0x4B, 0x03, 0x04, 0x00]), filename: "archive.zip") == nil)
    }
}
