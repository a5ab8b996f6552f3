import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor

/// A hotel with a clerk, and a police unit over it with a receiver.
struct LodgingWorld {
    let hotel: UUID
    let clerk: String
    let clerkUsername: String
    let police: String

    static let girlID = "110105201304050028"   // synthetic: born 2013-04-05, female
    static let manID = "110105198807120038"    // synthetic: born 1988-07-12, male

    static func make(_ server: TestServer) async throws -> LodgingWorld {
        let region = try await server.app.db.sql.raw("SELECT region_id FROM organisations WHERE id = \(bind: server.organisationID)").first()!
            .decode(column: "region_id", as: UUID.self)
        let created = try await server.send(.POST, "/api/lodging-businesses", as: .administrator,
            json: #"{"name":"Synthetic Riverside Inn","regionID":"\#(region.uuidString)","licenceNumber":"SYN-LIC-0001","address":"1 Synthetic Road"}"#)
        #expect(created.status == .created, "\(created.body.string)")
        let hotel = try server.decode(IDOnly.self, created).id
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let (_, clerk) = try await TestServer.addUser(server.app, username: "clerk-\(suffix)", roles: [.hotelClerk], organisationID: hotel)
        let (_, police) = try await ReportingWorld.addAuthority(server, besides: server.organisationID)
        return LodgingWorld(hotel: hotel, clerk: clerk, clerkUsername: "clerk-\(suffix)", police: police)
    }

    static func checkIn(relationship: String = "unrelated", guardianReached: Bool = false, minorID: String = girlID, extra: String = "") -> String {
        #"{"room":"305","checkedInAt":"2026-11-26T20:00:00+08:00","guestCount":2,"#
            + #""minors":[{"name":"Synthetic Girl","documentType":"resident_id","documentNumber":"\#(minorID)","identityCheck":"document_inspected"}],"#
            + #""guardian":{"name":"Synthetic Mother","phone":"+86 139 0000 0000","relationship":"parent","reached":\#(guardianReached)},"#
            + #""coOccupants":[{"name":"Synthetic Man","documentType":"resident_id","documentNumber":"\#(manID)","relationship":"\#(relationship)"}]\#(extra)}"#
    }
}

@Suite struct LodgingTests {
    /// The issue's "done when".
    @Test func theReportFromAStayIsWrittenInTheClerksLanguageAndTime() async throws {
        try await TestServer.run { server in
            // setup: a clerk who works in Chinese, in Beijing time
            let world = try await LodgingWorld.make(server)
            #expect(try await server.send(.PATCH, "/api/me", token: world.clerk, json: #"{"locale":"zh-Hans","timeZone":"Asia/Shanghai"}"#).status == .noContent)
            let stay = try server.decode(StayStore.CheckedIn.self, try await server.send(.POST, "/api/stays", token: world.clerk, json: LodgingWorld.checkIn()))

            // act
            let report = try server.decode(ReportStore.CreatedReport.self, try await server.send(.POST, "/api/stays/\(stay.id)/report", token: world.clerk))

            // assert: every sentence from the Chinese table, the check-in time in UTC+8, no English label left
            let opened = try server.decode(ReportDetail.self, try await server.send(.GET, "/api/inbox/reports/\(report.id)", token: world.police))
            let zh = Strings(locale: "zh-Hans")
            #expect(opened.facts.contains(zh["flag.unrelated_adult"]) && opened.facts.contains(zh["guestKind.minor"]) && opened.facts.contains("UTC+8"))
            #expect(opened.facts.hasPrefix("来自旅馆入住登记的报告"), "\(opened.facts)")
            for english in ["Reported from", "Minor", "Co-occupant", "Guardian", "relationship", "Flags"] {
                #expect(!opened.facts.contains(english), "\(english) in \(opened.facts)")
            }
            #expect(opened.childDescription?.contains(zh["documentType.resident_id"]) == true)
        }
    }

    @Test func aThirteenYearOldWithAnUnrelatedAdultIsFlaggedRedReportedAndAcknowledged() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await LodgingWorld.make(server)
            // act: the clerk checks in
            let response = try await server.send(.POST, "/api/stays", token: world.clerk, json: LodgingWorld.checkIn())
            // assert
            #expect(response.status == .created, "\(response.body.string)")
            let stay = try server.decode(StayStore.CheckedIn.self, response)
            #expect(stay.flags.first?.code == "unrelated_adult" && stay.flags.first?.colour == .red)
            #expect(stay.flags.contains { $0.code == "alone_without_guardian" } == false)

            // act: one step to the police
            let filed = try await server.send(.POST, "/api/stays/\(stay.id)/report", token: world.clerk)
            #expect(filed.status == .created, "\(filed.body.string)")
            let report = try server.decode(ReportStore.CreatedReport.self, filed)
            #expect(try await server.send(.POST, "/api/stays/\(stay.id)/report", token: world.clerk).status == .conflict)
            // assert: the police receiver sees and acknowledges it
            let inbox = try server.decode(ReportsController.Page.self, try await server.send(.GET, "/api/inbox/reports", token: world.police))
            #expect(inbox.items.map(\.id) == [report.id] && inbox.items.first?.colour == "red" && inbox.items.first?.situation == 7)
            let opened = try server.decode(ReportDetail.self, try await server.send(.GET, "/api/inbox/reports/\(report.id)", token: world.police))
            #expect(opened.sourceKind == "hotel_stay" && opened.facts.contains("unrelated") && opened.childDescription?.contains(LodgingWorld.girlID) == true)
            #expect(try await server.send(.POST, "/api/inbox/reports/\(report.id)/acknowledge", token: world.police,
                                          json: #"{"authorityReference":"PSB-HOTEL-1"}"#).status == .noContent)
            // The police also see the stay, flagged first, and find it by the girl's document number.
            let list = try server.decode(LodgingController.Page.self, try await server.send(.GET, "/api/stays?current=true", token: world.police))
            #expect(list.items.first?.id == stay.id && list.items.first?.reported == true)
            let found = try server.decode([StayStore.StaySummary].self, try await server.send(.POST, "/api/stays/search", token: world.police, json: #"{"document":"\#(LodgingWorld.girlID)"}"#))
            #expect(found.map(\.id) == [stay.id])
            let statistics = try await server.send(.GET, "/api/stays/statistics", token: world.police)
            #expect(statistics.status == .ok, "\(statistics.body.string)")
            let figures = try server.decode([LodgingStatistics.Row].self, statistics)
            #expect(figures.count == 1 && figures.first?.minors == "<5" && figures.first?.month.count == 7)
            let searches = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'stay_search'").first()!.decode(column: "n", as: Int.self)
            #expect(searches == 1)
            // Another organisation's people see nothing of it.
            let (_, stranger) = try await server.otherOrganisation()
            #expect(try await server.send(.GET, "/api/stays/\(stay.id)", token: stranger).status == .forbidden)
            #expect(try await server.send(.GET, "/api/stays/\(stay.id)", as: .counsellor).status == .forbidden)
        }
    }

    @Test func badCheckInsAreRefusedByFieldAndNothingIsSaved() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await LodgingWorld.make(server)
            let badDigit = String(LodgingWorld.girlID.dropLast()) + "9"
            let cases: [(String, [String])] = [
                (LodgingWorld.checkIn(minorID: badDigit), ["minors[0].documentNumber"]),
                (LodgingWorld.checkIn().replacingOccurrences(of: #""name":"Synthetic Mother","phone":"+86 139 0000 0000","#, with: ""),
                 ["guardian.name", "guardian.phone"]),
                (LodgingWorld.checkIn().replacingOccurrences(of: #","relationship":"unrelated""#, with: ""), ["coOccupants[0].relationship"]),
                (LodgingWorld.checkIn(minorID: LodgingWorld.manID), ["minors[0].birthDate"]),
                // A guardian named and "named none" at once is a contradiction, not a choice.
                (LodgingWorld.checkIn().replacingOccurrences(of: #""reached":false}"#, with: #""reached":false,"notNamed":true}"#), ["guardian"]),
            ]
            for (body, fields) in cases {
                // act
                let response = try await server.send(.POST, "/api/stays", token: world.clerk, json: body)
                // assert
                #expect(response.status == .unprocessableEntity, "\(fields)")
                #expect(Set(response.problem?.errors?.map(\.field) ?? []) == Set(fields), "\(response.body.string)")
            }
            let count = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM stays").first()!.decode(column: "n", as: Int.self)
            #expect(count == 0)
            // Check-out before check-in.
            let stay = try server.decode(StayStore.CheckedIn.self, try await server.send(.POST, "/api/stays", token: world.clerk,
                                                                                         json: LodgingWorld.checkIn(relationship: "parent", guardianReached: true)))
            let early = try await server.send(.POST, "/api/stays/\(stay.id)/check-out", token: world.clerk, json: #"{"checkedOutAt":"2026-11-26T10:00:00+08:00"}"#)
            #expect(early.problem?.errors?.first?.field == "checkedOutAt")
            #expect(try await server.send(.POST, "/api/stays/\(stay.id)/check-out", token: world.clerk,
                                          json: #"{"checkedOutAt":"2026-11-27T10:00:00+08:00"}"#).status == .noContent)
        }
    }

    @Test func aMinorWhoNamesNoGuardianIsCheckedInAndFlaggedWithoutInventedDetails() async throws {
        try await TestServer.run { server in
            // setup: a 15-year-old who will not say who their parents are
            let world = try await LodgingWorld.make(server)
            let body = #"{"room":"7","checkedInAt":"2026-11-26T18:00:00+08:00","minors":[{"name":"Synthetic Girl","documentType":"resident_id","documentNumber":"\#(LodgingWorld.girlID)","identityCheck":"online_verification"}],"guardian":{"notNamed":true}}"#
            // act
            let response = try await server.send(.POST, "/api/stays", token: world.clerk, json: body)
            // assert: saved, flagged for the clerk and the police, with no guardian on record
            #expect(response.status == .created, "\(response.body.string)")
            let stay = try server.decode(StayStore.CheckedIn.self, response)
            #expect(stay.flags.contains { $0.code == "no_guardian_named" && $0.colour == .orange })
            let stored = try await server.app.db.sql.raw("SELECT guardian_name, guardian_phone FROM stays WHERE id = \(bind: stay.id)").first()!
            #expect(try stored.decodeNil(column: "guardian_name") && stored.decodeNil(column: "guardian_phone"))
            // The flag holds when the rules weigh the stay again.
            let called = try server.decode(LodgingController.Flags.self, try await server.send(.POST, "/api/stays/\(stay.id)/guardian-contact",
                                                                                                token: world.clerk, json: #"{"reached":false}"#))
            #expect(called.flags.contains { $0.code == "no_guardian_named" })
        }
    }

    @Test func visitorsAndTheGuardiansAnswerChangeTheFlagsAndOldStaysAreAnonymised() async throws {
        try await TestServer.run { server in
            // setup: a 13-year-old alone, guardian not yet reached
            let world = try await LodgingWorld.make(server)
            let alone = #"{"room":"12","checkedInAt":"2026-11-26T18:00:00+08:00","minors":[{"name":"Synthetic Girl","documentType":"resident_id","documentNumber":"\#(LodgingWorld.girlID)","identityCheck":"online_verification"}],"guardian":{"name":"Synthetic Father","phone":"+86 138 1111 1111","relationship":"parent","reached":false}}"#
            let stay = try server.decode(StayStore.CheckedIn.self, try await server.send(.POST, "/api/stays", token: world.clerk, json: alone))
            #expect(stay.flags.map(\.code) == ["alone_without_guardian"])
            // act: the clerk reaches the father; then a man visits at 23:30 local time
            let called = try server.decode(LodgingController.Flags.self, try await server.send(.POST, "/api/stays/\(stay.id)/guardian-contact",
                                                                                                token: world.clerk, json: #"{"reached":true}"#))
            #expect(called.flags.isEmpty)
            let visited = try await server.send(.POST, "/api/stays/\(stay.id)/visitors", token: world.clerk,
                json: #"{"name":"Synthetic Visitor","documentType":"resident_id","documentNumber":"\#(LodgingWorld.manID)","relationship":"unrelated","arrivedAt":"2026-11-26T23:30:00+08:00","guestConsent":true}"#)
            #expect(try server.decode(LodgingController.Flags.self, visited).flags.map(\.code) == ["late_visitor"])
            let noConsent = try await server.send(.POST, "/api/stays/\(stay.id)/visitors", token: world.clerk,
                json: #"{"name":"Synthetic Visitor","documentType":"passport","documentNumber":"E0000001","relationship":"unrelated","guestConsent":false}"#)
            #expect(noConsent.problem?.errors?.map(\.field) == ["guestConsent"])
            // A patrol past the room, and the businesses the police see.
            #expect(try await server.send(.POST, "/api/stays/\(stay.id)/patrols", token: world.clerk, json: #"{"note":"Synthetic: quiet"}"#).status == .noContent)
            let businesses = try server.decode([StayStore.Business].self, try await server.send(.GET, "/api/lodging-businesses", token: world.police))
            #expect(businesses.map(\.id) == [world.hotel])
            // The visitor's document finds the stay too.
            let found = try server.decode([StayStore.StaySummary].self, try await server.send(.POST, "/api/stays/search", token: world.police, json: #"{"document":"\#(LodgingWorld.manID)"}"#))
            #expect(found.count == 1)
            // act: three years and a day later
            let swept = try await Scheduler.run(server.app, now: Date().addingTimeInterval(1_096 * 86_400))
            // assert
            #expect(swept[LodgingSchedule.anonymiseOld] == 1)
            let detail = try server.decode(StayStore.StayDetail.self, try await server.send(.GET, "/api/stays/\(stay.id)", token: world.clerk))
            #expect(detail.anonymised && detail.guardianName == nil && detail.guests.allSatisfy { $0.name == nil && $0.documentNumber == nil })
            #expect(detail.flags.map(\.code) == ["late_visitor"] && detail.guests.count == 2)
            #expect(detail.patrols.count == 1 && detail.patrols.first?.note == nil)
        }
    }
}

@Suite struct LodgingPagesTests {
    @Test func theClerkChecksInReportsInOneStepAndThePoliceSeeTheStay() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await LodgingWorld.make(server)
            var clerk = Browser(server: server)
            _ = try await clerk.signIn(world.clerkUsername)
            let form = try await clerk.request(.GET, "/stays/new")
            let csrf = Browser.csrf(in: form) ?? ""
            let fields: [(String, String)] = [("_csrf", csrf), ("room", "305"), ("minorName", "Synthetic Girl"), ("minorDocumentType", "resident_id"),
                ("minorDocumentNumber", LodgingWorld.girlID), ("minorCheck", "document_inspected"), ("guardianName", "Synthetic Mother"),
                ("guardianPhone", "+86 139 0000 0000"), ("guardianRelationship", "parent"), ("adult1Name", "Synthetic Man"),
                ("adult1DocumentType", "resident_id"), ("adult1DocumentNumber", LodgingWorld.manID), ("adult1Relationship", "unrelated"),
                ("observations[]", "cash_only")]
            // act: a form with the relationship left out comes back with what was typed and the problem named
            let incomplete = try await clerk.request(.POST, "/stays", form: fields.filter { $0.0 != "adult1Relationship" })
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.body.string.contains("<a href=\"#adult1Relationship\">Co-occupant 1 · Relationship to the minor</a>")
                    && incomplete.body.string.contains("value=\"Synthetic Man\""))
            #expect(!incomplete.body.string.contains("coOccupants[0]"), "the form names its fields by their labels, not the request's names")
            // act: the whole form
            let saved = try await clerk.request(.POST, "/stays", form: fields)
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let location = try #require(saved.headers.first(name: .location))
            let page = try await clerk.request(.GET, location)
            #expect(page.body.string.contains("An adult unrelated to the minor shares the room") && page.body.string.contains("Cash only"))
            // The report to the police stands out, and a visitor's relationship is asked, not assumed.
            #expect(page.body.string.contains("<button type=\"submit\" class=\"urgent\">"))
            #expect(page.body.string.contains("<select id=\"relationship\" name=\"relationship\" required><option value=\"\">"))
            let reported = try await clerk.request(.POST, location + "/report", form: [("_csrf", Browser.csrf(in: page) ?? "")])
            #expect(reported.status == .seeOther)
            let reportedPage = try await clerk.request(.GET, location)
            #expect(reportedPage.body.string.contains("SR-"))
            #expect(try await clerk.deadLinks(on: reportedPage) == [])
            // The police officer's link to the report leads to their inbox, which they may open.
            var officer = Browser(server: server)
            let receiver = try await server.app.db.sql.raw("SELECT username FROM users WHERE username LIKE 'receiver-%'").first()!.decode(column: "username", as: String.self)
            _ = try await officer.signIn(receiver)
            let policePage = try await officer.request(.GET, location)
            #expect(policePage.status == .ok && policePage.body.string.contains("href=\"/inbox/"), "\(policePage.body.string)")
            #expect(try await officer.deadLinks(on: policePage) == [])
            // assert: the police see the stay in their list
            let policeList = try server.decode(LodgingController.Page.self, try await server.send(.GET, "/api/stays", token: world.police))
            #expect(policeList.items.first?.flagColour == "red" && policeList.items.first?.reported == true)
        }
    }
}
