import Foundation
import Testing
@testable import SafeguardCore

@Suite struct UUIDTextTests {
    @Test func readsBackWhatItWritesAndWhatFoundationWrites() {
        // setup
        let ids = (0..<1_000).map { _ in UUID() }

        // act
        let fromOwnText = ids.map { UUID(text: $0.uppercaseText) }
        let fromLowercase = ids.map { UUID(text: $0.uuidString.lowercased()) }

        // assert
        #expect(fromOwnText == ids)
        #expect(fromLowercase == ids)
        #expect(ids.allSatisfy { $0.uppercaseText == $0.uuidString })
    }

    @Test func refusesTextThatIsNotAUUID() {
        // setup
        let text = "0195F3A2-7C4B-7D10-8E2A-3B4C5D6E7F80"

        // act, assert
        #expect(UUID(text: text) == UUID(uuidString: text))
        for bad in ["", String(text.dropLast()), text + "0", text.replacingOccurrences(of: "-", with: "_"),
                    "0195F3A2-7C4B-7D10-8E2A-3B4C5D6E7F8G", "0195F3A27C4B-7D10-8E2A-3B4C5D6E7F80-", "０195F3A2-7C4B-7D10-8E2A-3B4C5D6E7F8"] {
            #expect(UUID(text: bad) == nil, "\(bad)")
        }
    }
}
