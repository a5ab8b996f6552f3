import Foundation
import Testing
@testable import SafeguardCore

@Suite struct JSONValueTests {
    @Test func readsEveryKindOfValue() throws {
        // act
        let value = try JSONValue.parse(Array(#" { "a" : [1, -2.5, 3e2, 0, true, false, null], "b": {"c": "d"}, "e": [] , "f": {}} "#.utf8))

        // assert
        #expect(value == .object(["a": .array([.number(1), .number(-2.5), .number(300), .number(0), .bool(true), .bool(false), .null]),
                                  "b": .object(["c": .string("d")]), "e": .array([]), "f": .object([:])]))
    }

    @Test func stringsReadAsJSONDecoderReadsThem() throws {
        // setup
        let document = #"["plain", "quote \" backslash \\ slash \/", "\b\f\n\r\t", "\u00e9\u4e2d\ud83e\uddd2", "张三 🧒🏽", ""]"#

        // act
        let ours = try JSONValue.parse(Array(document.utf8))

        // assert
        let foundation = try JSONDecoder().decode([String].self, from: Data(document.utf8))
        #expect(ours == .array(foundation.map(JSONValue.string)))
    }

    @Test func aRepeatedNameTakesItsFirstValueAsJSONDecoderDoes() throws {
        // setup
        let document = #"{"room": "101", "guests": 1, "room": "202"}"#
        struct Stay: Decodable { var room: String }

        // act
        let ours = try JSONObject(try JSONValue.parse(Array(document.utf8)))

        // assert
        let foundation = try JSONDecoder().decode(Stay.self, from: Data(document.utf8))
        #expect(try ours.string("room") == foundation.room)
        #expect(try ours.string("room") == "101")
        #expect(try ours.int("guests") == 1)
        #expect(try ours.string("missing") == nil)
    }

    @Test func refusesWhatIsNotJSON() {
        let bad = ["", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "tru", "\"open", "\"tab\there\"", "\"\\x\"", "\"\\ud83e\"",
                   "{} {}", "[1] x", "nul", "{a:1}", String(repeating: "[", count: 100) + String(repeating: "]", count: 100)]
        for text in bad {
            #expect(throws: DecodingError.self, "\(text.prefix(20)) should be refused") { try JSONValue.parse(Array(text.utf8)) }
        }
        #expect(throws: DecodingError.self) { try JSONValue.parse([UInt8(ascii: "\""), 0xFF, 0xFE, UInt8(ascii: "\"")]) }
    }

    @Test func objectsReportWrongTypesAtTheirPath() throws {
        // setup
        let body = try JSONObject(try JSONValue.parse(Array(#"{"a": 1, "b": {"c": [true, null]}, "d": null, "e": 1.5}"#.utf8)))

        // act and assert
        #expect(try body.string("d") == nil && body.string("missing") == nil)
        #expect(try body.int("a") == 1)
        #expect(throws: DecodingError.self) { try body.string("a") }
        #expect(throws: DecodingError.self) { try body.int("e") }
        do {
            _ = try body.object("b")?.strings("c")
            Issue.record("a boolean in an array of strings was accepted")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["b", "c", "Index 0"])
        }
    }
}
