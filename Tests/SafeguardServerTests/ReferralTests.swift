import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor

@Suite struct ReferralTests {
    init() {}
    /// Directory entries for the test psychologist and lawyer (in Safeguard) and a shelter outside it.
    func directory(_ server: TestServer) async throws -> (psychologist: UUID, lawyer: UUID, shelter: UUID) {
        let region = try await server.app.db.sql.raw("SELECT region_id FROM organisations WHERE id = \(bind: server.organisationID)").first()!
            .decode(column: "region_id", as: UUID.self)
        func add(_ json: String) async throws -> UUID {
            let response = try await server.send(.POST, "/api/directory", as: .supervisor, json: json)
            #expect(response.status == .created, "\(response.body.string)")
            return try server.decode(IDOnly.self, response).id
        }
        let psychologist = try await add(#"{"name":"Synthetic Psychologist","profession":"psychologist","services":["psychological_counselling","trauma_therapy"],"languages":["zh","en"],"regionID":"\#(region)","capacity":3,"contact":"Synthetic clinic, room 2","userID":"\#(server.users[.psychologist]!)"}"#)
        let lawyer = try await add(#"{"name":"Synthetic Lawyer","profession":"lawyer","services":["legal_representation"],"languages":["zh"],"regionID":"\#(region)","capacity":1,"contact":"Synthetic law office","userID":"\#(server.users[.lawyer]!)"}"#)
        let shelter = try await add(#"{"name":"Synthetic Shelter","profession":"social_worker","services":["shelter"],"languages":["zh"],"regionID":"\#(region)","capacity":5,"contact":"+86 10 0000 0000"}"#)
        return (psychologist, lawyer, shelter)
    }

    func referral(_ caseID: UUID, to entry: UUID, service: String, consent: String = "child", extra: String = "") -> String {
        #"{"caseID":"\#(caseID)","entryID":"\#(entry)","service":"\#(service)","consent":"\#(consent)","sharedSections":["child_identity","case_summary"],"summary":"Synthetic: the child asks for someone to talk to after an assault."\#(extra)}"#
    }

    @Test func aSupervisorKeepsTheDirectoryFromItsPagesAndARefusedEntryComesBackAsTyped() async throws {
        try await TestServer.run { server in
            // setup
            let region = try await server.app.db.sql.raw("SELECT region_id FROM organisations WHERE id = \(bind: server.organisationID)").first()!
                .decode(column: "region_id", as: UUID.self)
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-supervisor")
            let form = try await browser.request(.GET, "/directory/new")
            let csrf = Browser.csrf(in: form) ?? ""

            // act: no service ticked and the places typed as a word
            let refused = try await browser.request(.POST, "/directory", form: [
                ("_csrf", csrf), ("name", "Synthetic Night Shelter"), ("profession", "social_worker"), ("languages", "zh, en"),
                ("regionID", region.uuidString), ("capacity", "lots"), ("available", "true"), ("contact", "+86 10 0000 0001"),
            ])

            // assert: the same form, as typed, each problem named by its label; nothing saved
            let html = refused.body.string
            #expect(refused.status == .unprocessableEntity)
            #expect(html.contains("value=\"Synthetic Night Shelter\"") && html.contains("value=\"zh, en\"") && html.contains("value=\"lots\""))
            #expect(html.contains("<a href=\"#capacity\">Open places</a>") || html.contains("<a href=\"#capacity\">"))
            #expect(html.contains("<a href=\"#services\">") && !html.contains("services[0]") && !html.contains(">regionID<"))
            let none = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM directory_entries").first()!.decode(column: "n", as: Int.self)
            #expect(none == 0)

            // act: put right, then edited to take no more referrals
            let saved = try await browser.request(.POST, "/directory", form: [
                ("_csrf", csrf), ("name", "Synthetic Night Shelter"), ("profession", "social_worker"), ("services[]", "shelter"),
                ("languages", "zh, en"), ("regionID", region.uuidString), ("capacity", "6"), ("available", "true"), ("contact", "+86 10 0000 0001"),
            ])
            let id = try await server.app.db.sql.raw("SELECT id FROM directory_entries").first()!.decode(column: "id", as: UUID.self)
            let edit = try await browser.request(.GET, "/directory/\(id.uuidString)/edit")
            let edited = try await browser.request(.POST, "/directory/\(id.uuidString)", form: [
                ("_csrf", csrf), ("name", "Synthetic Night Shelter"), ("profession", "social_worker"), ("services[]", "shelter"),
                ("services[]", "family_support"), ("languages", "zh"), ("regionID", region.uuidString), ("capacity", "0"), ("contact", "+86 10 0000 0001"),
            ])

            // assert: the form showed what was stored; the directory shows the change; both audited
            #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "/directory?saved=1")
            #expect(edit.body.string.contains("id=\"service-shelter\" name=\"services[]\" value=\"shelter\" checked") && edit.body.string.contains("value=\"6\""))
            #expect(edited.status == .seeOther)
            let entry = try #require(try server.decode([DirectoryStore.Entry].self, try await server.send(.GET, "/api/directory", as: .supervisor)).first)
            #expect(entry.services.sorted() == ["family_support", "shelter"] && !entry.available && entry.languages == ["zh"])
            let audited = try await server.app.db.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'directory_entry' AND record_id = \(bind: id.uuidString)
                """).first()!.decode(column: "n", as: Int.self)
            #expect(audited == 2)
            // the API replaces an entry the same way; a counsellor may not
            let put = try await server.send(.PUT, "/api/directory/\(id.uuidString)", as: .supervisor,
                json: #"{"name":"Synthetic Night Shelter","profession":"social_worker","services":["shelter"],"regionID":"\#(region)","capacity":2,"contact":"+86 10 0000 0001"}"#)
            let forbidden = try await server.send(.PUT, "/api/directory/\(id.uuidString)", as: .counsellor, json: "{}")
            #expect(put.status == .noContent && forbidden.status == .forbidden)
        }
    }

    @Test func aCounsellorRefersWithConsentAndThePsychologistAcceptsAndCompletes() async throws {
        try await TestServer.run { server in
            // setup
            let entries = try await directory(server)
            let caseID = try await server.openCase(from: try await server.createContact(),
                json: #"{"child":{"name":"Synthetic Child Referral","birthDate":"2013","sex":"female"},"confirmNewChild":true,"summary":"Synthetic case summary."}"#)
            _ = try await server.send(.POST, "/api/cases/\(caseID)/notes", as: .counsellor, json: #"{"body":"Synthetic general note."}"#)
            // act: two referrals
            let toPsychologist = try await server.send(.POST, "/api/referrals", as: .counsellor,
                                                      json: referral(caseID, to: entries.psychologist, service: "psychological_counselling"))
            #expect(toPsychologist.status == .created, "\(toPsychologist.body.string)")
            let sent = try server.decode(ReferralStore.Sent.self, toPsychologist)
            #expect(try await server.send(.POST, "/api/referrals", as: .counsellor,
                                          json: referral(caseID, to: entries.lawyer, service: "legal_representation")).status == .created)
            // assert: the psychologist's inbox, and only the chosen sections
            let inbox = try server.decode(ReferralStore.Box.self, try await server.send(.GET, "/api/referrals?box=received", as: .psychologist))
            #expect(inbox.items.map(\.id) == [sent.id] && inbox.actionNeeded == 1)
            let seen = try server.decode(ReferralStore.Detail.self, try await server.send(.GET, "/api/referrals/\(sent.id)", as: .psychologist))
            #expect(seen.child?.name == "Synthetic Child Referral" && seen.caseSummary == "Synthetic case summary.")
            #expect(seen.generalNotes == nil && seen.concerns == nil && seen.actions == ["accept", "decline"])
            let audited = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'case' AND reason LIKE \(bind: "referral " + sent.id.uuidString + "%")").first()!
                .decode(column: "n", as: Int.self)
            #expect(audited == 1)
            // The psychologist cannot open the lawyer's referral, nor the case itself.
            let lawyers = try server.decode(ReferralStore.Box.self, try await server.send(.GET, "/api/referrals?box=received", as: .lawyer))
            #expect(try await server.send(.GET, "/api/referrals/\(lawyers.items[0].id)", as: .psychologist).status == .notFound)
            #expect(try await server.send(.GET, "/api/cases/\(caseID)", as: .psychologist).status == .notFound)

            // act: accept, then complete with an outcome
            #expect(try await server.send(.POST, "/api/referrals/\(sent.id)/events", as: .psychologist, json: #"{"event":"accept"}"#).status == .noContent)
            #expect(try await server.send(.POST, "/api/referrals/\(sent.id)/events", as: .psychologist, json: #"{"event":"complete"}"#)
                .problem?.errors?.first?.field == "outcome")
            #expect(try await server.send(.POST, "/api/referrals/\(sent.id)/events", as: .psychologist,
                                          json: #"{"event":"complete","text":"Synthetic: six sessions held."}"#).status == .noContent)
            // assert: the sender sees the outcome and was told
            let done = try server.decode(ReferralStore.Detail.self, try await server.send(.GET, "/api/referrals/\(sent.id)", as: .counsellor))
            #expect(done.summary.status == "completed" && done.answer == "Synthetic: six sessions held." && done.generalNotes?.count == 1)
            #expect(done.events.map(\.kind) == ["sent", "accept", "complete"])
            let notices = try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", as: .counsellor))
            #expect(Set(notices.map(\.kind)) == ["referral.accept", "referral.complete"])
            let sentBox = try server.decode(ReferralStore.Box.self, try await server.send(.GET, "/api/referrals?box=sent", as: .counsellor))
            #expect(sentBox.items.count == 2)
        }
    }

    @Test func referralsWithoutConsentOrToTheWrongServiceAreRefused() async throws {
        try await TestServer.run { server in
            // setup
            let entries = try await directory(server)
            let caseID = try await server.openCase(from: try await server.createContact())
            // act / assert
            let noConsent = try await server.send(.POST, "/api/referrals", as: .counsellor,
                json: referral(caseID, to: entries.psychologist, service: "psychological_counselling").replacingOccurrences(of: #""consent":"child","#, with: ""))
            #expect(noConsent.problem?.errors?.map(\.field) == ["consent"])
            let counsellorOverride = try await server.send(.POST, "/api/referrals", as: .counsellor,
                json: referral(caseID, to: entries.psychologist, service: "psychological_counselling", consent: "none"))
            #expect(counsellorOverride.problem?.errors?.map(\.field) == ["consent"])
            let noReason = try await server.send(.POST, "/api/referrals", as: .supervisor,
                json: referral(caseID, to: entries.psychologist, service: "psychological_counselling", consent: "none"))
            #expect(noReason.problem?.errors?.map(\.field) == ["overrideReason"])
            let wrongService = try await server.send(.POST, "/api/referrals", as: .counsellor, json: referral(caseID, to: entries.lawyer, service: "shelter"))
            #expect(wrongService.problem?.errors?.map(\.field) == ["service"])
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM referrals").first()!.decode(column: "n", as: Int.self) == 0)
            // A supervisor may refer without consent with a reason; the other supervisors hear of it.
            let overridden = try await server.send(.POST, "/api/referrals", as: .supervisor,
                json: referral(caseID, to: entries.psychologist, service: "psychological_counselling", consent: "none",
                               extra: #","overrideReason":"Synthetic: the child is in danger tonight and the guardian is the suspect.""#))
            #expect(try server.decode(ReferralStore.Sent.self, overridden).flaggedToSupervisors)
        }
    }

    @Test func theSenderRecordsTheAnswersOfAReceiverOutsideSafeguard() async throws {
        try await TestServer.run { server in
            // setup
            let entries = try await directory(server)
            let caseID = try await server.openCase(from: try await server.createContact())
            let sent = try server.decode(ReferralStore.Sent.self, try await server.send(.POST, "/api/referrals", as: .counsellor,
                                                                                         json: referral(caseID, to: entries.shelter, service: "shelter")))
            // act: the shelter answered by phone
            #expect(try await server.send(.POST, "/api/referrals/\(sent.id)/events", as: .counsellor, json: #"{"event":"accept"}"#).status == .noContent)
            // assert
            let detail = try server.decode(ReferralStore.Detail.self, try await server.send(.GET, "/api/referrals/\(sent.id)", as: .counsellor))
            #expect(detail.summary.status == "accepted" && detail.events.last?.recordedForOutside == true && !detail.receiverInSafeguard)
            // For a receiver inside Safeguard the sender cannot answer in their place.
            let inside = try server.decode(ReferralStore.Sent.self, try await server.send(.POST, "/api/referrals", as: .counsellor,
                json: referral(caseID, to: entries.psychologist, service: "trauma_therapy")))
            #expect(try await server.send(.POST, "/api/referrals/\(inside.id)/events", as: .counsellor, json: #"{"event":"accept"}"#).status == .conflict)
            #expect(try await server.send(.POST, "/api/referrals/\(inside.id)/events", as: .counsellor, json: #"{"event":"revoke"}"#).status == .noContent)

            // A contact with no case yet is referred straight from the call; the shelter sees the contact's summary.
            let contact = try await server.createContact()
            let fromContact = try await server.send(.POST, "/api/referrals", as: .counsellor, json: #"{"contactID":"\#(contact)","entryID":"\#(entries.psychologist)","service":"psychological_counselling","consent":"child","sharedSections":["case_summary"],"summary":"Synthetic: the caller needs counselling now."}"#)
            #expect(fromContact.status == .created, "\(fromContact.body.string)")
            let viewed = try server.decode(ReferralStore.Detail.self, try await server.send(.GET, "/api/referrals/\(try server.decode(ReferralStore.Sent.self, fromContact).id)", as: .psychologist))
            #expect(viewed.caseSummary?.hasPrefix("Synthetic narrative") == true && viewed.summary.caseReference == "contact" && viewed.child == nil)
            let both = try await server.send(.POST, "/api/referrals", as: .counsellor, json: #"{"contactID":"\#(contact)","caseID":"\#(caseID)","entryID":"\#(entries.shelter)","service":"shelter","consent":"child","summary":"Synthetic: both given."}"#)
            #expect(both.problem?.errors?.map(\.field) == ["caseID"])
        }
    }
}

@Suite struct ReferralPagesTests {
    @Test func aCaseIsReferredFromItsPageAndThePsychologistAcceptsInTheBrowser() async throws {
        try await TestServer.run { server in
            // setup
            let entries = try await ReferralTests().directory(server)
            let caseID = try await server.openCase(from: try await server.createContact())
            var counsellor = Browser(server: server)
            _ = try await counsellor.signIn("test-counsellor")
            let casePage = try await counsellor.request(.GET, "/cases/\(caseID)")
            #expect(casePage.body.string.contains("/referrals/new?caseID=\(caseID)"))
            let form = try await counsellor.request(.GET, "/referrals/new?caseID=\(caseID)")
            #expect(form.body.string.contains("Synthetic Psychologist"))
            // Consent is asked, never assumed: no choice is made until the counsellor makes it.
            #expect(form.body.string.contains("<select id=\"consent\" name=\"consent\" required><option value=\"\">"))
            // a referral without the consent answered comes back as typed, the problem named by its label
            let refused = try await counsellor.request(.POST, "/referrals", form: [("_csrf", Browser.csrf(in: form) ?? ""), ("caseID", caseID.uuidString),
                ("entryID", entries.psychologist.uuidString), ("service", "psychological_counselling"), ("consent", ""),
                ("sharedSections[]", "case_summary"), ("summary", "Synthetic: please see the child this week.")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("<a href=\"#consent\">") && refused.body.string.contains(">Synthetic: please see the child this week.</textarea>"))
            #expect(refused.body.string.contains("value=\"\(entries.psychologist.uuidString)\" selected") && refused.body.string.contains("value=\"case_summary\" checked"))
            // act
            let sent = try await counsellor.request(.POST, "/referrals", form: [("_csrf", Browser.csrf(in: form) ?? ""), ("caseID", caseID.uuidString),
                ("entryID", entries.psychologist.uuidString), ("service", "psychological_counselling"), ("consent", "guardian"),
                ("sharedSections[]", "case_summary"), ("summary", "Synthetic: please see the child this week.")])
            #expect(sent.status == .seeOther, "\(sent.body.string)")
            var psychologist = Browser(server: server)
            _ = try await psychologist.signIn("test-psychologist")
            let inbox = try await psychologist.request(.GET, "/referrals")
            #expect(inbox.body.string.contains("Referrals to me (1 to answer)"))
            let location = try #require(sent.headers.first(name: .location))
            let page = try await psychologist.request(.GET, location)
            let accepted = try await psychologist.request(.POST, location + "/events", form: [("_csrf", Browser.csrf(in: page) ?? ""), ("event", "accept")])
            // assert
            #expect(accepted.status == .seeOther)
            #expect(try await psychologist.request(.GET, location).body.string.contains("Accepted"))
            // the sender sees what was shared with the receiver
            let sentPage = try await counsellor.request(.GET, location)
            #expect(sentPage.body.string.contains("<p>Shared with the receiver: Case summary</p>"), "\(sentPage.body.string)")
        }
    }
}

@Suite struct MDTTests {
    @Test func aCountyTeamListsItsMembersAndSchedule() async throws {
        try await TestServer.run { server in
            // setup
            let entries = try await ReferralTests().directory(server)
            let region = try await server.app.db.sql.raw("SELECT region_id FROM organisations WHERE id = \(bind: server.organisationID)").first()!
                .decode(column: "region_id", as: UUID.self)
            // act
            let created = try await server.send(.POST, "/api/mdts", as: .supervisor, json: """
                {"name":"Synthetic County MDT","level":"county","regionID":"\(region)","meetingSchedule":"First Monday of the month, 14:00",
                 "members":[{"entryID":"\(entries.psychologist)","role":"Psychological support"},{"entryID":"\(entries.lawyer)","role":"Legal aid"}]}
                """)
            let unknown = try await server.send(.POST, "/api/mdts", as: .supervisor, json: """
                {"name":"Bad","level":"county","regionID":"\(region)","meetingSchedule":"Weekly","members":[{"entryID":"\(UUID())","role":"x"}]}
                """)
            // assert
            #expect(created.status == .created, "\(created.body.string)")
            #expect(unknown.problem?.errors?.first?.field == "members")
            let nowhere = try await server.send(.POST, "/api/mdts", as: .supervisor,
                json: #"{"name":"Bad","level":"village","regionID":"\#(UUID())","meetingSchedule":"Weekly"}"#)
            #expect(nowhere.status == .unprocessableEntity && nowhere.problem?.errors?.first?.field == "regionID")
            let teams = try server.decode([MDTStore.Team].self, try await server.send(.GET, "/api/mdts", as: .counsellor))
            #expect(teams.map(\.name) == ["Synthetic County MDT"] && teams.first?.members.map(\.role).sorted() == ["Legal aid", "Psychological support"])
            #expect(try await server.send(.POST, "/api/mdts", as: .counsellor, json: "{}").status == .forbidden)
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            let page = try await browser.request(.GET, "/directory")
            #expect(page.body.string.contains("Synthetic County MDT") && page.body.string.contains("First Monday of the month"))
        }
    }
}
