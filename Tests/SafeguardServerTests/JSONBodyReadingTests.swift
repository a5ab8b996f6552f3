import Foundation
@testable import SafeguardCore
@testable import SafeguardServer
import Testing

/// The bodies of a contact and a check-in are read without JSONDecoder (see `JSONValue`): they
/// must read the same values and refuse the same bodies with the same answer.
@Suite struct JSONBodyReadingTests {
    /// Where JSONDecoder loses the field's path ("body: not valid JSON" for valid JSON), ours names it.
    static let sharper = [
        #"{"child":{"age":13.5}}"#: "child.age: Parsed JSON number <13.5> does not fit in Int.",
        #"{"startedAt":"yesterday"}"#: "startedAt: Expected date string to be ISO8601-formatted.",
        #"{"guestCount":2.5}"#: "guestCount: Parsed JSON number <2.5> does not fit in Int.",
    ]

    static let refused = [#"[1,2]"#, #"not json"#, #"{"a":}"#, #""#]

    func expectSameReading<T: Codable>(_ bodies: [String], _ read: (JSONValue) throws -> T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        for body in bodies + Self.refused {
            // act
            let ours = Result { try read(try JSONValue.parse(Array(body.utf8))) }
            let foundation = Result { try JSONBody.decoder.decode(T.self, from: Data(body.utf8)) }

            // assert
            switch (ours, foundation) {
            case (.success(let ours), .success(let theirs)):
                #expect(try encoder.encode(ours) == encoder.encode(theirs), "\(body)")
            case (.failure(let ours as DecodingError), .failure(let theirs as DecodingError)):
                if let sharper = Self.sharper[body] {
                    #expect(ProblemMiddleware.describe(ours) == sharper && ProblemMiddleware.describe(theirs) == "body: not valid JSON")
                } else {
                    #expect(ProblemMiddleware.describe(ours) == ProblemMiddleware.describe(theirs), "\(body)")
                }
            default:
                Issue.record("read differently: \(body) -> ours \(ours), JSONDecoder \(foundation)")
            }
        }
    }

    @Test func contactsReadAsJSONDecoderReadsThem() throws {
        try expectSameReading([
            #"{"channel":"voice","contactType":"child_self","caller":{"type":"child","identifier":"+86 138 0000 0001","anonymous":false,"name":"Synthetic"},"#
                + #""child":{"age":13,"ageBand":"13-15","gender":"female","location":"Synthetic District","language":"zh","school":"S","livingSituation":"parents"},"#
                + #""categories":["violence.bullying"],"urgency":"high","summary":"Line one\nline \"two\" \u00e9","actions":["counselling"],"#
                + #""referralTargets":"school","callbackRequested":true,"callbackConsent":false,"startedAt":"2026-11-26T10:00:00Z","#
                + #""endedAt":"2026-11-26T10:20:00Z","caseID":"7F1B3C2A-0000-4000-8000-000000000001","unknown":{"ignored":[1,2]}}"#,
            #"{}"#, #"{"caller":null,"child":null,"categories":null}"#, #"{"channel":7}"#, #"{"caller":"child"}"#, #"{"caller":{"anonymous":"yes"}}"#,
            #"{"child":{"age":13.5}}"#, #"{"child":{"age":"13"}}"#, #"{"categories":"violence"}"#, #"{"categories":["a",null]}"#,
            #"{"categories":["a",1]}"#, #"{"startedAt":"yesterday"}"#, #"{"caseID":"not-an-id"}"#,
        ], ContactInput.init(json:))
    }

    @Test func checkInsReadAsJSONDecoderReadsThem() throws {
        try expectSameReading([
            #"{"room":"301","checkedInAt":"2026-11-26T22:00:00Z","guestCount":2,"#
                + #""minors":[{"name":"Synthetic Minor","documentType":"resident_id","documentNumber":"110105201203150014","identityCheck":"document_inspected","sex":"female","birthDate":"2012-03-15"}],"#
                + #""guardian":{"name":"Synthetic Guardian","phone":"+86 139 0000 0001","relationship":"parent","reached":true},"#
                + #""coOccupants":[{"name":"Synthetic Adult","documentType":"passport","documentNumber":"E1234567","relationship":"unrelated"}],"#
                + #""observations":["no_luggage","cash_only"]}"#,
            #"{}"#, #"{"minors":null,"guardian":null}"#, #"{"room":301}"#, #"{"guestCount":2.5}"#, #"{"guestCount":"2"}"#, #"{"minors":{}}"#,
            #"{"minors":[null]}"#, #"{"minors":["Synthetic"]}"#, #"{"minors":[{"name":false}]}"#, #"{"guardian":{"reached":"yes"}}"#,
            #"{"coOccupants":[{},{"relationship":1}]}"#, #"{"observations":[true]}"#,
        ], StayInput.init(json:))
    }
}
