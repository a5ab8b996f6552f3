import Crypto
import Testing
@testable import SafeguardCore

@Suite struct AuditChainTests {
    let key = AuditSealKey(SymmetricKey(size: .bits256))

    func chain(_ count: Int, legacy: Int = 0) -> [AuditChain.Link] {
        var links: [AuditChain.Link] = []
        var previous = AuditChain.genesis
        for i in 1...count {
            let facts = AuditFacts(sequence: Int64(i), atMilliseconds: 1_700_000_000_000 + Int64(i), actorID: "u1", organisationID: "o1",
                                   action: "read", recordType: "case", recordID: "c\(i)", reason: "")
            let sealed = i > legacy
            let hash = sealed ? AuditChain.seal(facts, previous: previous, key: key) : AuditChain.legacyHash(facts, previous: previous)
            links.append(.init(facts: facts, previousHash: previous, hash: hash, keyID: sealed ? key.id : nil))
            previous = hash
        }
        return links
    }

    func verify(_ links: [AuditChain.Link], checkpoints: [AuditCheckpoint] = [], key: AuditSealKey? = nil) -> AuditChain.Break? {
        var verifier = AuditChain.Verifier(key: key ?? self.key, checkpoints: checkpoints)
        for link in links { if let problem = verifier.check(link) { return problem } }
        return verifier.finish()
    }

    func checkpoint(_ link: AuditChain.Link, sealedFrom: Int64 = 1) -> AuditCheckpoint {
        AuditCheckpoint(sequence: link.facts.sequence, hash: link.hash, atMilliseconds: 1, sealedFrom: sealedFrom, key: key)
    }

    @Test func anIntactChainVerifies() {
        #expect(verify(chain(10)) == nil)
        #expect(verify(chain(10, legacy: 4)) == nil)
    }

    @Test func anEditedEntryIsFoundWhicheverColumnChanged() {
        for edit in [{ (f: inout AuditFacts) in f.recordID = "someone-else" }, { $0.organisationID = "o2" }, { $0.actorID = "u2" },
                     { $0.atMilliseconds += 1 }, { $0.reason = "x" }, { $0.action = "create" }, { $0.recordType = "note" }] {
            var links = chain(10)
            edit(&links[4].facts)
            #expect(verify(links) == .wrongHash(sequence: 5))
        }
    }

    @Test func aDeletedEntryIsFound() {
        var links = chain(10)
        links.remove(at: 6)
        #expect(verify(links) == .missingEntry(expectedSequence: 7, found: 8))
    }

    @Test func aChainRewrittenWithoutTheKeyDoesNotVerify() {
        // setup: an attacker edits entry 3 and re-seals everything after it with a key of their own
        var links = chain(10)
        let forger = AuditSealKey(SymmetricKey(size: .bits256))
        var previous = links[1].hash
        for index in 2..<links.count {
            if index == 2 { links[index].facts.action = "update" }
            links[index].previousHash = previous
            links[index].hash = AuditChain.seal(links[index].facts, previous: previous, key: forger)
            links[index].keyID = key.id
            previous = links[index].hash
        }
        // act, assert
        #expect(verify(links) == .wrongHash(sequence: 3))
    }

    @Test func sealedEntriesTurnedIntoUnkeyedOnesAreFound() {
        // setup: the attacker rewrites the whole chain with plain hashes, which need no key
        var links = chain(6)
        var previous = AuditChain.genesis
        for index in links.indices {
            links[index].previousHash = previous
            links[index].hash = AuditChain.legacyHash(links[index].facts, previous: previous)
            links[index].keyID = nil
            previous = links[index].hash
        }
        // act, assert: the checkpoint pinned where sealing began
        #expect(verify(links, checkpoints: [checkpoint(chain(6)[1], sealedFrom: 1)]) == .notSealed(sequence: 1))
        // and an unkeyed entry after a sealed one is refused even without checkpoints
        var mixed = chain(4)
        mixed[3].keyID = nil
        mixed[3].hash = AuditChain.legacyHash(mixed[3].facts, previous: mixed[3].previousHash)
        #expect(verify(mixed) == .notSealed(sequence: 4))
    }

    @Test func aTruncatedTailIsFoundByTheCheckpoint() {
        // setup
        let links = chain(10)
        let taken = checkpoint(links[8])
        // act, assert
        #expect(verify(Array(links.prefix(7)), checkpoints: [taken]) == .truncated(lastSequence: 7, checkpointSequence: 9))
        #expect(verify(links, checkpoints: [taken]) == nil)
    }

    @Test func aForgedCheckpointLineIsNotTrusted() {
        // setup
        let genuine = checkpoint(chain(3)[2])
        var forged = genuine
        forged.sequence = 2
        // act
        let read = AuditCheckpoint.read(genuine.line + "\n" + forged.line + "\nnot json\n", key: key)
        // assert
        #expect(read.checkpoints == [genuine])
        #expect(read.badLines == [2, 3])
    }

    @Test func fieldBoundariesCannotBeShifted() {
        let a = AuditFacts(sequence: 1, atMilliseconds: 1, actorID: "ab", action: "c", recordType: "", recordID: "", reason: "")
        let b = AuditFacts(sequence: 1, atMilliseconds: 1, actorID: "a", action: "bc", recordType: "", recordID: "", reason: "")
        #expect(AuditChain.seal(a, previous: AuditChain.genesis, key: key) != AuditChain.seal(b, previous: AuditChain.genesis, key: key))
    }
}

extension AuditChainTests {
    @Test func aLineACrashCutShortIsTornNotForged() {
        let genuine = AuditCheckpoint(sequence: 3, hash: chain(3)[2].hash, atMilliseconds: 1, sealedFrom: 1, key: key)
        let read = AuditCheckpoint.read(genuine.line + "\n" + String(genuine.line.prefix(20)), key: key)
        #expect(read.checkpoints == [genuine] && read.badLines.isEmpty && read.tornTail)
    }
}
