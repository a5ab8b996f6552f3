import Foundation
import Testing
@testable import SafeguardCore

@Suite struct JSONScannerTests {
    /// A stay read with the scanner: what a reader of a request body does.
    struct Stay: Equatable {
        var room: String?
        var nights: Double?
        var paid: Bool?
        var guests: [String] = []

        static func read(_ s: inout JSONScanner) throws -> Stay {
            var stay = Stay()
            guard try s.object({ s, name in
                switch name {
                case "room": stay.room = try s.string()
                case "nights": stay.nights = try s.double()
                case "paid": stay.paid = try s.bool()
                case "guests": stay.guests = try s.elements { try $0.string() } ?? []
                default: try s.skip()
                }
            }) else { throw JSONScanner.mismatch([String: Any].self) }
            return stay
        }
    }

    func read(_ document: String) throws -> Stay { try JSONScanner.read(Array(document.utf8)) { try Stay.read(&$0) } }

    @Test func readsTheMembersItKnowsAndSkipsTheRest() throws {
        // act
        let stay = try read(#" { "extra": {"a": [1, -2.5e3, true, null, {"b": "c\"}"}]}, "r\u006fom" : "101", "nights": 2, "paid": false, "guests": ["张三", "A\u00e9"], "x": null } "#)

        // assert
        #expect(stay == Stay(room: "101", nights: 2, paid: false, guests: ["张三", "Aé"]))
        #expect(try read(#"{"room": null}"#) == Stay())
    }

    @Test func aWrongTypeIsJSONDecodersErrorAtItsPath() {
        // act
        let error = #expect(throws: DecodingError.self) { try read(#"{"room": "1", "guests": ["a", 7]}"#) }

        // assert
        guard case .typeMismatch(_, let context) = error else { Issue.record("not a type mismatch: \(String(describing: error))"); return }
        #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["guests", "1"])
        #expect(throws: DecodingError.self) { try read(#"{"guests": [null]}"#) }
        #expect(throws: DecodingError.self) { try read(#"[1]"#) }
    }

    @Test func aNameGivenTwiceIsRefusedHoweverItIsSpelled() {
        for document in [#"{"room": "101", "nights": 1, "room": "202"}"#, #"{"room": "101", "r\u006fom": "202"}"#, #"{"extra": {"a": 1, "a": 1}}"#] {
            // act
            let error = #expect(throws: DecodingError.self, "\(document)") { try read(document) }

            // assert
            guard case .dataCorrupted(let context) = error else { Issue.record("\(document): \(String(describing: error))"); continue }
            #expect(context.debugDescription == JSONScanner.givenTwiceDescription)
            #expect(context.codingPath.last?.stringValue == (document.contains("extra") ? "a" : "room"))
        }
        // The same name in two objects is no repetition.
        #expect(throws: Never.self) { try read(#"{"extra": {"room": 1}, "room": "101"}"#) }
    }

    @Test func aSyntaxErrorAnywhereWinsOverAWrongTypeBeforeIt() {
        for document in [#"{"room": 5, "nights": 1,"#, #"{"room": 5, "nights": 01}"#, #"{"room": 5} x"#, #"{"room": 5, "guests": ["a" "b"]}"#] {
            // act
            let error = #expect(throws: DecodingError.self, "\(document)") { try read(document) }

            // assert
            guard case .dataCorrupted(let context) = error else { Issue.record("\(document): \(String(describing: error))"); continue }
            #expect(context.codingPath.isEmpty, "\(document)")
        }
    }

    @Test func anErrorNotedByTheReaderLeavesTheScannerAfterTheValue() throws {
        // setup
        var failures: [String] = []
        var room: String?

        // act
        try JSONScanner.read(Array(#"{"nights": {"deep": [1, {"x": true}]}, "room": "101"}"#.utf8)) { s in
            _ = try s.object { s, name in
                switch name {
                case "nights": if let failure = try s.attempt(name, { _ = try $0.double() }) { failures.append(ClinicalRecord.describe(failure)) }
                default: room = try s.string()
                }
            }
        }

        // assert
        #expect(failures == ["element .nights has the wrong type"])
        #expect(room == "101")
    }

    @Test func refusesWhatIsNotJSONAndNestingBeyondTheLimit() {
        for document in ["", "{", #"{"a" 1}"#, #"["\u12"]"#, "[1,]", "{\"a\":\"\u{01}\"}", #"["\ud800"]"#, "nul", "-", "1.", "1e"] {
            #expect(throws: DecodingError.self, "\(document)") { try JSONScanner.read(Array(document.utf8)) { try $0.skip() } }
        }
        let deep = String(repeating: "[", count: JSONScanner.maxDepth) + String(repeating: "]", count: JSONScanner.maxDepth)
        #expect(throws: DecodingError.self) { try JSONScanner.read(Array(deep.utf8)) { try $0.skip() } }
        let allowed = String(repeating: "[", count: JSONScanner.maxDepth - 1) + String(repeating: "]", count: JSONScanner.maxDepth - 1)
        #expect(throws: Never.self) { try JSONScanner.read(Array(allowed.utf8)) { try $0.skip() } }
    }

    @Test func knownStringsAreTheKeptOnesHoweverWritten() throws {
        // setup
        let known = JSONScanner.KnownStrings(["http://loinc.org", "http://snomed.info/sct"])
        func read(_ document: String) throws -> [String?] {
            try JSONScanner.read(Array(document.utf8)) { try $0.elements { try $0.string(among: known) } } ?? []
        }
        // act
        let values = try read(#"["http://loinc.org", "http:\/\/loinc.org", "http://loinc.org/", "http://snomed.info/sct", "é"]"#)
        // assert
        #expect(values == ["http://loinc.org", "http://loinc.org", "http://loinc.org/", "http://snomed.info/sct", "é"])
        #expect(known.kept("http://snomed.info/sct") == "http://snomed.info/sct")
        #expect(known.kept("http://snomed.info") == nil)
        #expect(throws: DecodingError.self) { try read(#"[7]"#) }
        #expect(throws: DecodingError.self) { try read(#"["http://loinc.org]"#) }
        #expect(try JSONScanner.read(Array("null".utf8)) { try $0.string(among: known) } == nil)
    }
}
