import Foundation
import Testing
@testable import SafeguardCore

@Suite struct JSONTextTests {
    @Test func stringsReadBackAsWritten() throws {
        // setup
        let samples = ["", "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}", "slash / path",
                       "张三 and an emoji 🧒🏽", "e\u{301}", "\u{2028}\u{2029}"]

        // act
        let json = JSONText.array(samples.map(JSONText.quoted))

        // assert
        #expect(try JSONDecoder().decode([String].self, from: Data(json.utf8)) == samples)
    }

    @Test func objectsKeepTheirMembersAndOrder() throws {
        // setup
        struct Answer: Decodable, Equatable { var id: String; var flags: [[String: String]]; var empty: [Int] }

        // act
        let json = JSONText.object(["id": JSONText.quoted("A\"1"), "flags": JSONText.array([JSONText.object(["code": JSONText.quoted("x")])]),
                                    "empty": JSONText.array([])])

        // assert
        #expect(json == #"{"id":"A\"1","flags":[{"code":"x"}],"empty":[]}"#)
        #expect(try JSONDecoder().decode(Answer.self, from: Data(json.utf8)) == Answer(id: "A\"1", flags: [["code": "x"]], empty: []))
    }
}
