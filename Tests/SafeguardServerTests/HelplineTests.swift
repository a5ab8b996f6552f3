import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor

@Suite struct HelplineTests {
    @Test func anAnonymousContactIsRecordedAndReadBack() async throws {
        try await TestServer.run { server in
            // setup
            let json = """
                {"channel":"web_chat","contactType":"about_child","caller":{"type":"teacher","anonymous":true},
                 "child":{"ageBand":"10-12"},"categories":["violence.neglect"],"urgency":"medium","summary":"Synthetic: pupil often hungry."}
                """
            // act
            let id = try await server.createContact(json)
            let response = try await server.send(.GET, "/api/contacts/\(id.uuidString)", as: .counsellor)
            // assert
            #expect(response.status == .ok)
            let contact = try server.decode(ContactDetail.self, response)
            #expect(contact.caller.anonymous)
            #expect(contact.caller.name == nil)
            #expect(contact.categories == ["violence.neglect"])
            #expect(contact.child.ageBand == "10-12")
            #expect(contact.summary == "Synthetic: pupil often hungry.")
            #expect(contact.counsellorID == server.users[.counsellor])
        }
    }

    @Test func aRepeatCallerIsRecognisedWhateverTheNumberFormat() async throws {
        try await TestServer.run { server in
            // setup
            let first = try await server.createContact()
            let second = TestServer.typicalContact.replacingOccurrences(of: "+86 138 0013 8000", with: "8613800138000")
            // act
            let response = try await server.send(.POST, "/api/contacts", as: .counsellor, json: second)
            let lookup = try await server.send(.POST, "/api/callers/lookup", as: .counsellor, json: #"{"identifier":"+86-138-0013-8000"}"#)
            // assert
            let created = try server.decode(ContactsController.Created.self, response)
            #expect(created.repeatCaller?.previousCount == 1)
            #expect(created.repeatCaller?.previous.first?.id == first)
            #expect(try server.decode(RepeatCaller.self, lookup).previousCount == 2)
        }
    }

    @Test func aCaseOpensFromAContactInOneStepCarryingItsData() async throws {
        try await TestServer.run { server in
            // setup
            let contact = try await server.createContact()
            // act
            let caseID = try await server.openCase(from: contact)
            // assert
            let detail = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor))
            #expect(detail.summary.concerns == ["mental_health.emotional_distress", "violence.bullying"])
            #expect(detail.summary.risk == "orange")
            #expect(detail.summary.stage == "registration")
            #expect(detail.summaryText == "Synthetic narrative: pupil describes being hit by classmates after school.")
            #expect(detail.contacts.map(\.id) == [contact])
            #expect(detail.crcArticles.contains("19"))
            let list = try server.decode(CasePage.self, try await server.send(.GET, "/api/cases", as: .counsellor))
            #expect(list.items.map(\.id) == [caseID])
            let again = try await server.send(.POST, "/api/contacts/\(contact.uuidString)/case", as: .counsellor, json: "{}")
            #expect(again.status == .conflict)
        }
    }

    @Test func furtherContactsLinkToTheCase() async throws {
        try await TestServer.run { server in
            // setup
            let caseID = try await server.openCase(from: try await server.createContact())
            let later = try await server.createContact()
            // act
            let response = try await server.send(.POST, "/api/contacts/\(later.uuidString)/link", as: .counsellor, json: #"{"caseID":"\#(caseID.uuidString)"}"#)
            // assert
            #expect(response.status == .noContent)
            let detail = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor))
            #expect(Set(detail.contacts.map(\.id)).contains(later))
            #expect(detail.timeline.contains { $0.kind == "contact_linked" })
        }
    }

    @Test func listsFilterByChannelAndCategoryAndPaginate() async throws {
        try await TestServer.run { server in
            // setup
            _ = try await server.createContact()
            _ = try await server.createContact(TestServer.typicalContact.replacingOccurrences(of: "\"voice\"", with: "\"sms\""))
            _ = try await server.createContact(#"{"channel":"sms","contactType":"silent"}"#)
            // act
            let sms = try server.decode(ContactPage.self, try await server.send(.GET, "/api/contacts?channel=sms", as: .counsellor))
            let violence = try server.decode(ContactPage.self, try await server.send(.GET, "/api/contacts?category=violence", as: .counsellor))
            let first = try server.decode(ContactPage.self, try await server.send(.GET, "/api/contacts?perPage=2", as: .counsellor))
            let second = try server.decode(ContactPage.self, try await server.send(.GET, "/api/contacts?perPage=2&page=2", as: .counsellor))
            // assert
            #expect(sms.items.count == 2)
            #expect(violence.items.count == 2)
            #expect(first.items.count == 2 && first.hasMore)
            #expect(second.items.count == 1 && !second.hasMore)
            #expect(Set(first.items.map(\.id)).isDisjoint(with: second.items.map(\.id)))
        }
    }

    @Test func listsFilterByPeriod() async throws {
        try await TestServer.run { server in
            // setup
            _ = try await server.createContact(#"{"channel":"voice","contactType":"silent","startedAt":"2026-01-10T10:00:00Z"}"#)
            _ = try await server.createContact(#"{"channel":"voice","contactType":"silent","startedAt":"2026-03-10T10:00:00Z"}"#)
            // act
            let january = try await server.send(.GET, "/api/contacts?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z", as: .counsellor)
            let wrong = try await server.send(.GET, "/api/contacts?from=0.5", as: .counsellor)
            // assert
            #expect(try server.decode(ContactPage.self, january).items.count == 1)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.problem?.errors?.first?.field == "from")
        }
    }

    @Test func aContactOfAnotherOrganisationIsNotFound() async throws {
        try await TestServer.run { server in
            // setup
            let contact = try await server.createContact()
            let (_, otherToken) = try await server.otherOrganisation()
            // act
            let read = try await server.send(.GET, "/api/contacts/\(contact.uuidString)", token: otherToken)
            let list = try server.decode(ContactPage.self, try await server.send(.GET, "/api/contacts", token: otherToken))
            // assert
            #expect(read.status == .notFound)
            #expect(list.items.isEmpty)
        }
    }
}

@Suite struct BadInputTests {
    func contactCount(_ server: TestServer) async throws -> Int {
        try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM contacts").first()!.decode(column: "n", as: Int.self)
    }

    @Test func malformedJSONIsABadRequestProblem() async throws {
        try await TestServer.run { server in
            // act
            let response = try await server.send(.POST, "/api/contacts", as: .counsellor, json: #"{"channel": "voice",,}"#)
            // assert
            #expect(response.status == .badRequest)
            #expect(response.headers.contentType?.subType == "problem+json")
            #expect(response.problem?.status == 400)
            #expect(try await contactCount(server) == 0)
        }
    }

    @Test func aWrongTypeNamesTheField() async throws {
        try await TestServer.run { server in
            // act
            let response = try await server.send(.POST, "/api/contacts", as: .counsellor,
                                                 json: #"{"channel":"voice","contactType":"child_self","child":{"age":"thirteen"}}"#)
            // assert
            #expect(response.status == .badRequest)
            #expect(response.problem?.detail?.contains("child.age") == true)
            #expect(response.problem?.detail?.contains("thirteen") == false)
        }
    }

    @Test func unknownCodesAndMissingFieldsAreNamedAllAtOnce() async throws {
        try await TestServer.run { server in
            // act
            let response = try await server.send(.POST, "/api/contacts", as: .counsellor,
                                                 json: #"{"channel":"pigeon","categories":["violence.made_up"],"callbackRequested":true}"#)
            // assert
            #expect(response.status == .unprocessableEntity)
            let fields = Set(response.problem?.errors?.map(\.field) ?? [])
            #expect(fields.isSuperset(of: ["channel", "contactType", "categories", "callbackConsent"]))
            #expect(response.problem?.errors?.first { $0.field == "channel" }?.message.contains("web_chat") == true)
            #expect(try await contactCount(server) == 0)
        }
    }

    @Test func anOversizedBodyIsRefused() async throws {
        try await TestServer.run { server in
            // act
            let huge = String(repeating: "x", count: 1_100_000)
            let response = try await server.send(.POST, "/api/contacts", as: .counsellor,
                                                 json: #"{"channel":"voice","contactType":"child_self","summary":"\#(huge)"}"#)
            // assert
            #expect(response.status == .payloadTooLarge)
            #expect(try await contactCount(server) == 0)
        }
    }

    @Test func anEndBeforeTheStartIsRefused() async throws {
        try await TestServer.run { server in
            let response = try await server.send(.POST, "/api/contacts", as: .counsellor, json: """
                {"channel":"voice","contactType":"silent","startedAt":"2026-01-02T10:00:00Z","endedAt":"2026-01-02T09:00:00Z"}
                """)
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.errors?.map(\.field) == ["endedAt"])
        }
    }

    @Test func aBadTokenIs401WithoutDetail() async throws {
        try await TestServer.run { server in
            let response = try await server.send(.GET, "/api/contacts", token: "not-a-token")
            #expect(response.status == .unauthorized)
            #expect(response.headers.first(name: .wwwAuthenticate) == "Bearer")
        }
    }

    @Test func aMalformedIdIsABadRequest() async throws {
        try await TestServer.run { server in
            let response = try await server.send(.GET, "/api/contacts/not-a-uuid", as: .counsellor)
            #expect(response.status == .badRequest)
            #expect(response.problem?.detail?.contains("contactID") == true)
        }
    }
}
