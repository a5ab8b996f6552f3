import Crypto
import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite struct LegalAidTests {
    /// The issue's "done when", through the API.
    @Test func aReferredLawyerOpensAMatterWhoseHearingReachesTheirCalendarAndAConferenceMakesTasks() async throws {
        try await TestServer.run { server in
            // setup: a case referred with consent to the psychologist and the lawyer
            let entries = try await ReferralTests().directory(server)
            let caseID = try await server.openCase(from: try await server.createContact())
            let tests = ReferralTests()
            let toPsychologist = try server.decode(ReferralStore.Sent.self, try await server.send(.POST, "/api/referrals", as: .counsellor,
                json: tests.referral(caseID, to: entries.psychologist, service: "psychological_counselling")))
            let toLawyer = try server.decode(ReferralStore.Sent.self, try await server.send(.POST, "/api/referrals", as: .counsellor,
                json: tests.referral(caseID, to: entries.lawyer, service: "legal_representation")))
            for (role, id, events) in [(Role.psychologist, toPsychologist.id, [#"{"event":"accept"}"#, #"{"event":"complete","text":"Synthetic: done."}"#]),
                                       (Role.lawyer, toLawyer.id, [#"{"event":"accept"}"#])] {
                for event in events { #expect(try await server.send(.POST, "/api/referrals/\(id)/events", as: role, json: event).status == .noContent) }
            }
            // act: the accepted referral's page offers the lawyer the matter, and its form opens one
            var lawyer = Browser(server: server)
            _ = try await lawyer.signIn("test-lawyer")
            let referralPage = try await lawyer.request(.GET, "/referrals/\(toLawyer.id)")
            #expect(referralPage.body.string.contains("action=\"/cases/\(caseID)/matters\""), "\(referralPage.body.string)")
            let openedPage = try await lawyer.request(.POST, "/cases/\(caseID)/matters", form: [
                ("_csrf", Browser.csrf(in: referralPage) ?? ""), ("type", "victim_representation"), ("court", "Synthetic District Court")])
            #expect(openedPage.status == .seeOther)
            let matter = try #require(UUID(uuidString: String(openedPage.headers.first(name: .location)?.split(separator: "/").last ?? "")))
            #expect(try await server.send(.GET, "/api/matters/\(matter)", as: .lawyer).status == .ok)
            // The psychologist's completed referral offers no matter.
            var psychologist = Browser(server: server)
            _ = try await psychologist.signIn("test-psychologist")
            #expect(!(try await psychologist.request(.GET, "/referrals/\(toPsychologist.id)")).body.string.contains("/matters\""))
            // A hearing dated before the matter was opened is refused; a later one is kept.
            let early = try await server.send(.POST, "/api/matters/\(matter)/events", as: .lawyer,
                                              json: #"{"kind":"hearing","title":"First hearing","startsAt":"2020-01-01T09:00:00Z"}"#)
            #expect(early.problem?.errors?.map(\.field) == ["startsAt"])
            let hearingAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400))
            #expect(try await server.send(.POST, "/api/matters/\(matter)/events", as: .lawyer,
                                          json: #"{"kind":"hearing","title":"First hearing","startsAt":"\#(hearingAt)","place":"Courtroom 3"}"#).status == .created)
            #expect(try await server.send(.POST, "/api/matters/\(matter)/notes", as: .lawyer, json: #"{"body":"Synthetic privileged strategy note."}"#).status == .created)
            #expect(try await server.send(.POST, "/api/matters/\(matter)/outcome", as: .lawyer,
                                          json: #"{"outcome":"judgment","note":"Synthetic: compensation awarded.","proBonoHours":12.5}"#).status == .noContent)
            // assert: the lawyer reads it all; nobody else does
            let detail = try server.decode(LegalMatterStore.Detail.self, try await server.send(.GET, "/api/matters/\(matter)", as: .lawyer))
            #expect(detail.privilegedNotes.map(\.body) == ["Synthetic privileged strategy note."] && detail.outcome == "judgment" && detail.proBonoHours == 12.5)
            #expect(try await server.send(.GET, "/api/matters/\(matter)", as: .caseWorker).status == .forbidden)
            let (_, otherLawyer) = try await TestServer.addUser(server.app, username: "other-lawyer", roles: [.lawyer], organisationID: server.organisationID)
            #expect(try await server.send(.GET, "/api/matters/\(matter)", token: otherLawyer).status == .notFound)

            // act: an MDT conference with two action items
            let conference = try await server.send(.POST, "/api/cases/\(caseID)/conferences", as: .counsellor, json: """
                {"at":"\(hearingAt)","place":"Synthetic resource centre","participantIDs":["\(server.users[.lawyer]!)"],
                 "decisions":"Synthetic: school to be contacted; court accompaniment arranged.",
                 "actionItems":[{"title":"Call the school","dueAt":"\(hearingAt)"},{"title":"Arrange accompaniment","dueAt":"\(hearingAt)"}]}
                """)
            #expect(conference.status == .created, "\(conference.body.string)")
            #expect(try server.decode(ConferenceStore.Held.self, conference).taskIDs.count == 2)
            let caseDetail = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID)", as: .counsellor))
            #expect(caseDetail.tasks.count == 2 && caseDetail.timeline.contains { $0.kind == "case_conference" })
            #expect(caseDetail.conferences.first?.decisions.hasPrefix("Synthetic: school") == true && caseDetail.conferences.first?.participants.count == 2)

            // assert: the lawyer's calendar feed holds the hearing and the conference
            let address = try server.decode(CalendarFeed.Address.self, try await server.send(.POST, "/api/me/calendar-feed", as: .lawyer))
            let path = String(address.url.dropFirst("http://localhost:8080".count))
            let feed = try await server.send(.GET, path)
            #expect(feed.status == .ok && feed.headers.contentType?.subType == "calendar")
            #expect(feed.body.string.contains("SUMMARY:Hearing: First hearing") && feed.body.string.contains("SUMMARY:Case conference"))
            #expect(feed.body.string.contains("DESCRIPTION:Case ") && feed.body.string.contains("Representing a child victim"))
            #expect(!feed.body.string.contains("Courtroom 3"))
            // A lawyer who reads Chinese gets the feed in Chinese.
            #expect(try await server.send(.PATCH, "/api/me", as: .lawyer, json: #"{"locale":"zh-Hans"}"#).status == .noContent)
            let chinese = try await server.send(.GET, path).body.string
            #expect(chinese.contains("SUMMARY:开庭: First hearing") && chinese.contains("SUMMARY:个案会议") && !chinese.contains("victim_representation"), "\(chinese)")
            #expect(try await server.send(.GET, "/calendar/" + String(repeating: "0", count: 64) + ".ics").status == .notFound)

            // Three days before the hearing its lawyer is reminded, once.
            let reminded = try await Scheduler.run(server.app, now: Date().addingTimeInterval(5 * 86_400))
            #expect(reminded[LegalAidSchedule.remindUpcoming] == 1)
            #expect(try await Scheduler.run(server.app, now: Date().addingTimeInterval(5 * 86_400))[LegalAidSchedule.remindUpcoming] == 0)
            let lawyerNotices = try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", as: .lawyer))
            #expect(lawyerNotices.contains { $0.kind == "matter.upcoming" && $0.recordID == matter })

            // The figures count the child once, the matter by type and outcome, and both referrals.
            let figures = try server.decode(NetworkFigures.Figures.self, try await server.send(.GET, "/api/statistics/network", as: .supervisor))
            #expect(figures.childrenRepresentedByYear.count == 1 && figures.mattersByTypeAndOutcome.map(\.key) == ["victim_representation/judgment"])
            #expect(Set(figures.referralsByService.map(\.service)) == ["legal_representation", "psychological_counselling"])
            #expect(figures.referralsByService.allSatisfy { $0.accepted == "1" && $0.medianHoursToAcceptance != nil })
            // Without exact figures the counts are hidden and so are medians of fewer than five.
            let counsellorView = try server.decode(NetworkFigures.Figures.self, try await server.send(.GET, "/api/statistics/network", as: .counsellor))
            #expect(counsellorView.referralsByService.allSatisfy { $0.accepted == "<5" && $0.medianHoursToAcceptance == nil })
        }
    }
}

@Suite struct MatterDocumentTests {
    func multipart(_ bytes: Data, filename: String) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "synthetic-boundary-\(UUID().uuidString)"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += bytes + Data("\r\n--\(boundary)--\r\n".utf8)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, ByteBuffer(data: body))
    }

    func upload(_ server: TestServer, matter: UUID, _ bytes: Data, filename: String, as role: Role = .lawyer) async throws -> TestingHTTPResponse {
        var (headers, body) = multipart(bytes, filename: filename)
        headers.bearerAuthorization = .init(token: server.tokens[role]!)
        let path = "/api/matters/\(matter)/documents"
        return try await server.app.testing().sendRequest(.POST, path, headers: headers, body: body) { $0.url = URI(string: path) }
    }

    @Test func aHearingIsTypedInTheLawyersOwnTimeAndARefusedOneComesBackAsTyped() async throws {
        try await TestServer.run { server in
            // setup: a lawyer in Beijing with a matter
            let caseID = try await server.openCase(from: try await server.createContact())
            #expect(try await server.send(.POST, "/api/cases/\(caseID)/assign", as: .supervisor,
                                          json: #"{"userID":"\#(server.users[.lawyer]!)","role":"member"}"#).status == .noContent)
            let matter = try server.decode(IDOnly.self, try await server.send(.POST, "/api/cases/\(caseID)/matters", as: .lawyer, json: #"{"type":"civil_compensation"}"#)).id
            #expect(try await server.send(.PATCH, "/api/me", as: .lawyer, json: #"{"timeZone":"Asia/Shanghai"}"#).status == .noContent)
            var lawyer = Browser(server: server)
            _ = try await lawyer.signIn("test-lawyer")
            let page = try await lawyer.request(.GET, "/matters/\(matter)")
            let csrf = Browser.csrf(in: page) ?? ""

            // act: a hearing with the time typed wrong, then right (as a datetime-local input sends it)
            let refused = try await lawyer.request(.POST, "/matters/\(matter)/events", form: [
                ("_csrf", csrf), ("kind", "hearing"), ("title", "Synthetic first hearing"), ("startsAt", "20 December, half past nine"), ("place", "Court 3"),
            ])
            let added = try await lawyer.request(.POST, "/matters/\(matter)/events", form: [
                ("_csrf", csrf), ("kind", "hearing"), ("title", "Synthetic first hearing"), ("startsAt", "2030-12-20T09:30"), ("place", "Court 3"),
            ])

            // assert: the refused one is back as typed with its problem by label; the saved one is 01:30 UTC, shown 09:30 UTC+8
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("value=\"Synthetic first hearing\"") && refused.body.string.contains("value=\"20 December, half past nine\""))
            #expect(refused.body.string.contains("<a href=\"#startsAt\">"))
            #expect(added.status == .seeOther)
            let shown = try await lawyer.request(.GET, "/matters/\(matter)").body.string
            #expect(shown.contains("2030-12-20 09:30 UTC+8"), "\(shown)")
            let stored = try await server.app.db.sql.raw("SELECT starts_at FROM matter_events").first()!.decode(column: "starts_at", as: Date.self)
            #expect(stored == DateTime.parse("2030-12-20T01:30:00Z"))
        }
    }

    @Test func documentsAreCheckedVersionedEncryptedAndOnlyForTheMattersLawyers() async throws {
        try await TestServer.run { server in
            // setup: the lawyer on the case team opens a matter
            let caseID = try await server.openCase(from: try await server.createContact())
            #expect(try await server.send(.POST, "/api/cases/\(caseID)/assign", as: .supervisor,
                                          json: #"{"userID":"\#(server.users[.lawyer]!)","role":"member"}"#).status == .noContent)
            let matter = try server.decode(IDOnly.self, try await server.send(.POST, "/api/cases/\(caseID)/matters", as: .lawyer, json: #"{"type":"civil_compensation"}"#)).id
            let pdf = Data("%PDF-1.7\nSynthetic judgment text for the test.\n%%EOF".utf8)
            // act
            let first = try await upload(server, matter: matter, pdf, filename: "judgment.pdf")
            let second = try await upload(server, matter: matter, pdf + Data(" v2".utf8), filename: "judgment.pdf")
            let exe = try await upload(server, matter: matter, Data([0x4D, 0x5A, 0x90, 0x00, 0x03]), filename: "judgment.pdf")
            let huge = try await upload(server, matter: matter, Data("%PDF-".utf8) + Data(count: DocumentKind.maximumBytes + 1), filename: "big.pdf")
            let stranger = try await upload(server, matter: matter, pdf, filename: "judgment.pdf", as: .caseWorker)
            // assert
            #expect(first.status == .created && second.status == .created, "\(first.body.string)")
            #expect(try server.decode(MatterDocuments.Stored.self, second).version == 2)
            #expect(exe.status == .unprocessableEntity && exe.problem?.errors?.first?.field == "file")
            #expect(huge.status == .payloadTooLarge || huge.status == .unprocessableEntity)
            #expect(stranger.status == .forbidden)
            let stored = try server.decode(MatterDocuments.Stored.self, first)
            let download = try await server.send(.GET, "/api/matters/\(matter)/documents/\(stored.id)", as: .lawyer)
            #expect(Data(buffer: download.body) == pdf && download.headers.contentType?.subType == "pdf")
            let raw = try await server.app.db.sql.raw("SELECT content FROM matter_documents WHERE id = \(bind: stored.id)").first()!.decode(column: "content", as: Data.self)
            #expect(raw.range(of: Data("Synthetic judgment".utf8)) == nil)
            let count = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM matter_documents").first()!.decode(column: "n", as: Int.self)
            #expect(count == 2)

            // act: a new key, and every value sealed again under it
            let old = server.app.safeguard
            let key = SymmetricKey(size: .bits256)
            var keys = old.cipher.keyring.fieldKeys
            keys[Keyring.keyID(of: key)] = key
            let rotated = try Keyring(currentKeyID: Keyring.keyID(of: key), fieldKeys: keys, indexKey: old.cipher.keyring.indexKey)
            server.app.safeguard = AppServices(settings: old.settings, cipher: FieldCipher(keyring: rotated), blindIndex: old.blindIndex,
                                               isPostgres: old.isPostgres, warnings: old.warnings)
            _ = try await EncryptedColumns.reencrypt(cipher: server.app.safeguard.cipher, write: { body in try await server.app.write(body) })
            // assert: the documents moved to the new key and still open
            let resealed = try await server.app.db.sql.raw("SELECT content FROM matter_documents WHERE id = \(bind: stored.id)").first()!.decode(column: "content", as: Data.self)
            #expect(resealed.starts(with: Data("v1.\(rotated.currentKeyID).".utf8)))
            #expect(Data(buffer: try await server.send(.GET, "/api/matters/\(matter)/documents/\(stored.id)", as: .lawyer).body) == pdf)
        }
    }
}

@Suite struct LegalAidPagesTests {
    @Test func aLawyerWorksAMatterAndACounsellorRecordsAConferenceInTheBrowser() async throws {
        try await TestServer.run { server in
            // setup: the lawyer is on the case team
            let caseID = try await server.openCase(from: try await server.createContact())
            #expect(try await server.send(.POST, "/api/cases/\(caseID)/assign", as: .supervisor,
                                          json: #"{"userID":"\#(server.users[.lawyer]!)","role":"member"}"#).status == .noContent)
            var lawyer = Browser(server: server)
            _ = try await lawyer.signIn("test-lawyer")
            let casePage = try await lawyer.request(.GET, "/cases/\(caseID)")
            // A lawyer sees the child and the contact named on the case, without links to records they may not open.
            #expect(try await lawyer.deadLinks(on: casePage) == [])
            // act: open a matter, add a hearing and a privileged note
            let opened = try await lawyer.request(.POST, "/cases/\(caseID)/matters", form: [("_csrf", Browser.csrf(in: casePage) ?? ""),
                                                                                           ("type", "victim_representation"), ("court", "Synthetic Court")])
            #expect(opened.status == .seeOther, "\(opened.body.string)")
            let location = try #require(opened.headers.first(name: .location))
            let page = try await lawyer.request(.GET, location)
            let csrf = Browser.csrf(in: page) ?? ""
            let when = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3 * 86_400))
            #expect(try await lawyer.request(.POST, location + "/events", form: [("_csrf", csrf), ("kind", "hearing"), ("title", "Synthetic hearing"),
                                                                                  ("startsAt", when), ("place", "Room 1")]).status == .seeOther)
            #expect(try await lawyer.request(.POST, location + "/notes", form: [("_csrf", csrf), ("body", "Synthetic privileged note")]).status == .seeOther)
            let after = try await lawyer.request(.GET, location)
            #expect(after.body.string.contains("Synthetic hearing") && after.body.string.contains("Synthetic privileged note"))
            #expect(try await lawyer.request(.GET, "/calendar").body.string.contains("Hearing: Synthetic hearing"))
            let feed = try await lawyer.request(.POST, "/account/calendar-feed", form: [("_csrf", csrf)])
            #expect(feed.body.string.contains("/calendar/") && feed.body.string.contains(".ics"))

            // act: the counsellor records a conference with two action items
            var counsellor = Browser(server: server)
            _ = try await counsellor.signIn("test-counsellor")
            let counsellorCase = try await counsellor.request(.GET, "/cases/\(caseID)")
            let held = try await counsellor.request(.POST, "/cases/\(caseID)/conferences", form: [("_csrf", Browser.csrf(in: counsellorCase) ?? ""),
                ("at", when), ("decisions", "Synthetic decisions"), ("items", "Call the school | 2026-12-20\nVisit the family | 2026-12-21")])
            // assert
            #expect(held.status == .seeOther, "\(held.body.string)")
            let refreshed = try await counsellor.request(.GET, "/cases/\(caseID)")
            #expect(refreshed.body.string.contains("Call the school") && refreshed.body.string.contains("Visit the family"))
            #expect(refreshed.body.string.contains("Synthetic decisions"))
        }
    }
}
