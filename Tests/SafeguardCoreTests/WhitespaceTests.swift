import Foundation
import Testing
@testable import SafeguardCore

@Suite struct WhitespaceTests {
    @Test func trimsWhatFoundationTrims() {
        // setup
        let samples = ["", " ", "\t\n\r ", "  name  ", "\u{3000}全角\u{3000}", "\u{00A0}x\u{2029}", "a b", "\u{200B}zero width\u{200B}",
                       "\u{0085}next line\u{000B}", "张 三", "\u{2003}em\u{202F}", "e\u{301}\n"]

        // act
        let ours = samples.map(\.trimmedWhitespace)

        // assert
        #expect(ours == samples.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
    }
}
