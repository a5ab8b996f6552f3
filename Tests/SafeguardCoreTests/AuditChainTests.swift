import Testing
@testable import SafeguardCore

@Suite struct AuditChainTests {
    func chain(_ count: Int) -> [AuditChain.Link] {
        var links: [AuditChain.Link] = []
        var previous = AuditChain.genesis
        for i in 1...count {
            let facts = AuditFacts(sequence: Int64(i), atMilliseconds: 1_700_000_000_000 + Int64(i), actorID: "u1",
                                   action: "read", recordType: "case", recordID: "c\(i)", reason: "")
            let hash = AuditChain.hash(facts, previous: previous)
            links.append(.init(facts: facts, previousHash: previous, hash: hash))
            previous = hash
        }
        return links
    }

    func verify(_ links: [AuditChain.Link]) -> AuditChain.Break? {
        var verifier = AuditChain.Verifier()
        for link in links { if let problem = verifier.check(link) { return problem } }
        return nil
    }

    @Test func anIntactChainVerifies() {
        #expect(verify(chain(10)) == nil)
    }

    @Test func anEditedEntryIsFound() {
        // setup
        var links = chain(10)
        links[4].facts.recordID = "someone-else"
        // act, assert
        #expect(verify(links) == .wrongHash(sequence: 5))
    }

    @Test func aDeletedEntryIsFound() {
        // setup
        var links = chain(10)
        links.remove(at: 6)
        // act, assert
        #expect(verify(links) == .missingEntry(expectedSequence: 7, found: 8))
    }

    @Test func aRewrittenEntryWithFreshHashBreaksTheNextLink() {
        // setup: an attacker edits entry 3 and recomputes its own hash
        var links = chain(10)
        links[2].facts.action = "update"
        links[2].hash = AuditChain.hash(links[2].facts, previous: links[2].previousHash)
        // act, assert
        #expect(verify(links) == .wrongPreviousHash(sequence: 4))
    }

    @Test func fieldBoundariesCannotBeShifted() {
        let a = AuditFacts(sequence: 1, atMilliseconds: 1, actorID: "ab", action: "c", recordType: "", recordID: "", reason: "")
        let b = AuditFacts(sequence: 1, atMilliseconds: 1, actorID: "a", action: "bc", recordType: "", recordID: "", reason: "")
        #expect(AuditChain.hash(a, previous: AuditChain.genesis) != AuditChain.hash(b, previous: AuditChain.genesis))
    }
}
