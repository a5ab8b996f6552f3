import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Two organisations on one server, each with its country's rules: a Mongolian centre records a
/// child by the registration number, checked against the birth date; a Chinese one keeps China's.
@Suite struct CountryPackTests {
    @Test func aMongolianCentreTakesRegistrationNumbersAndAChineseOneKeepsChinasDocuments() async throws {
        try await TestServer.run { server in
            // setup: a Mongolian centre with a social worker
            let root = try server.decode([AccountsController.RegionRow].self, try await server.send(.GET, "/api/regions", as: .administrator))[0].id
            let created = try await server.send(.POST, "/api/organisations", as: .administrator,
                                                json: #"{"name":"Synthetic Khoroo Child Protection Centre","type":"ngo","regionID":"\#(root)","countryPack":"mn"}"#)
            #expect(created.status == .created, "\(created.body.string)")
            let centre = try server.decode(IDOnly.self, created).id
            let (_, worker) = try await TestServer.addUser(server.app, username: "synthetic-mn-worker", roles: [.caseWorker], organisationID: centre)

            // act
            let recorded = try await server.send(.POST, "/api/children", token: worker, json: """
                {"name":"Synthetic Болд","birthDate":"2013-05-04","sex":"male","documentType":"mn_registration","documentNumber":"чө13250421"}
                """)

            // assert
            #expect(recorded.status == .created, "\(recorded.body.string)")
            // an estimated year is only near the true one: not held against the number
            let estimated = try await server.send(.POST, "/api/children", token: worker, json: """
                {"name":"Synthetic Сараа","birthDate":"2012","birthDateEstimated":true,"sex":"female","documentType":"mn_registration","documentNumber":"УБ13300712"}
                """)
            #expect(estimated.status == .created, "\(estimated.body.string)")
            let refusals: [(String, String)] = [
                (#"{"name":"Synthetic","birthDate":"2013-04-05","documentType":"mn_registration","documentNumber":"ЧӨ13250421"}"#, "does not match the birth date in the registration number"),
                (#"{"name":"Synthetic","documentType":"mn_registration","documentNumber":"CH13250421"}"#, "Mongolian Cyrillic alphabet"),
                (#"{"name":"Synthetic","documentType":"mn_registration","documentNumber":"ЧӨ13023012"}"#, "does not exist"),
                (#"{"name":"Synthetic","documentType":"resident_id","documentNumber":"110105201303040011"}"#, "expected one of: mn_registration"),
            ]
            for (json, message) in refusals {
                let refused = try await server.send(.POST, "/api/children", token: worker, json: json)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(json): \(refused.body.string)")
                #expect(!refused.body.string.contains("13250421") && !refused.body.string.contains("13023012"), "the number is not repeated")
            }
            // the Chinese organisation keeps China's documents
            let chinese = try await server.send(.POST, "/api/children", as: .caseWorker,
                                                json: #"{"name":"Synthetic","documentType":"mn_registration","documentNumber":"ЧӨ13250421"}"#)
            #expect(chinese.status == .unprocessableEntity && chinese.body.string.contains("expected one of: resident_id"))
            let unknown = try await server.send(.POST, "/api/organisations", as: .administrator,
                                                json: #"{"name":"Synthetic","type":"ngo","regionID":"\#(root)","countryPack":"XX"}"#)
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("CN, MN"))
            let pack = try await server.app.db.sql.raw("SELECT country_pack FROM organisations WHERE id = \(bind: server.organisationID)").first()!
                .decode(column: "country_pack", as: String.self)
            #expect(pack == "CN", "an organisation that was there before is China's")
        }
    }

    @Test func aMongolianReportReachesThePoliceThe108AndTheKhorooTeamAndHotelsAreNotItsBusiness() async throws {
        try await TestServer.run { server in
            // setup: a district and its khoroo; the centre in the khoroo; police and 108 over the district; a team at each level
            let (district, khoroo) = try await server.app.write { db in
                let root = try await db.raw("SELECT region_id FROM organisations WHERE id = \(bind: server.organisationID)").first()!.decode(column: "region_id", as: UUID.self)
                let district = try await RegionStore.create(code: "MN-UB-SYN", name: "Synthetic District", parentID: root, on: db)
                return (district, try await RegionStore.create(code: "MN-UB-SYN-01", name: "Synthetic 1st Khoroo", parentID: district, on: db))
            }
            let created = try await server.send(.POST, "/api/organisations", as: .administrator,
                                                json: #"{"name":"Synthetic Khoroo Centre","type":"ngo","regionID":"\#(khoroo)","countryPack":"MN"}"#)
            let centre = try server.decode(IDOnly.self, created).id
            let (_, worker) = try await TestServer.addUser(server.app, username: "synthetic-mn-counsellor", roles: [.counsellor, .caseWorker], organisationID: centre)
            let police = try await server.send(.POST, "/api/organisations", as: .administrator,
                                               json: #"{"name":"Synthetic District Police","type":"police","regionID":"\#(district)"}"#)
            let policeID = try server.decode(IDOnly.self, police).id
            for (name, level, region) in [("Synthetic District MDT", "city", district), ("Synthetic 1st Khoroo MDT", "village", khoroo)] {
                let team = try await server.send(.POST, "/api/mdts", as: .supervisor,
                                                 json: #"{"name":"\#(name)","level":"\#(level)","regionID":"\#(region)","meetingSchedule":"Every Tuesday, 10:00","members":[]}"#)
                #expect(team.status == .created, "\(team.body.string)")
            }
            let report = ReportingTests.report + #""}"#
            let form = try await server.send(.GET, "/reports/new", token: worker)
            #expect(form.body.string.contains("also goes to the multi-disciplinary team Synthetic 1st Khoroo MDT"), "the form says where else it goes")

            // act / assert: without the 108 the report is refused, and says what is missing
            let without108 = try await server.send(.POST, "/api/reports", token: worker, json: report)
            #expect(without108.status == .unprocessableEntity && without108.body.string.contains("no child helpline covers your region"), "\(without108.body.string)")
            let helpline = try await server.send(.POST, "/api/organisations", as: .administrator,
                                                 json: #"{"name":"Synthetic Child Helpline 108","type":"child_helpline","regionID":"\#(district)"}"#)
            let helplineID = try server.decode(IDOnly.self, helpline).id
            let onlyPolice = try await server.send(.POST, "/api/reports", token: worker, json: ReportingTests.report + #"","recipientIDs":["\#(policeID)"]}"#)
            #expect(onlyPolice.status == .unprocessableEntity && onlyPolice.body.string.contains("always goes to the child helpline"))
            let filed = try await server.send(.POST, "/api/reports", token: worker, json: report)
            #expect(filed.status == .created, "\(filed.body.string)")
            let sent = try server.decode(ReportStore.CreatedReport.self, filed)
            #expect(Set(sent.recipients.map(\.id)) == [policeID, helplineID])
            #expect(sent.team?.name == "Synthetic 1st Khoroo MDT", "the narrowest team: the khoroo's, not the district's")
            let page = try await server.send(.GET, "/reports/\(sent.id)", token: worker)
            #expect(page.body.string.contains("Synthetic 1st Khoroo MDT"))

            // a Chinese organisation's report still needs public security only, and goes to no team
            _ = try await ReportingWorld.addAuthority(server, besides: server.organisationID)
            let chinese = try await server.send(.POST, "/api/reports", as: .counsellor, json: report)
            #expect(chinese.status == .created, "\(chinese.body.string)")
            #expect(try server.decode(ReportStore.CreatedReport.self, chinese).team == nil)

            // hotel registration is China's: the Mongolian centre neither sees nor reaches it
            let stays = try await server.send(.GET, "/api/stays", token: worker)
            #expect(stays.status == .conflict && stays.body.string.contains("switched off for this organisation's country"), "\(stays.body.string)")
            let menu = try await server.send(.GET, "/", token: worker)
            #expect(!menu.body.string.contains("href=\"\(LodgingPaths.stays())\""))
            #expect(try await server.send(.GET, "/api/stays", as: .hotelClerk).status == .ok)
        }
    }

    @Test func aMongolianTeamIsNamedByItsKhorooAndAMemberTakesAReferral() async throws {
        try await TestServer.run { server in
            // setup: a Mongolian centre, a psychologist of the khoroo team in the directory
            let root = try await server.app.db.sql.raw("SELECT region_id FROM organisations WHERE id = \(bind: server.organisationID)").first()!.decode(column: "region_id", as: UUID.self)
            let created = try await server.send(.POST, "/api/organisations", as: .administrator,
                                                json: #"{"name":"Synthetic Centre","type":"ngo","regionID":"\#(root)","countryPack":"MN"}"#)
            let centre = try server.decode(IDOnly.self, created).id
            let (_, worker) = try await TestServer.addUser(server.app, username: "synthetic-mn-caseworker", roles: [.caseWorker, .counsellor, .supervisor], organisationID: centre)
            let entries = try await ReferralTests().directory(server)
            let team = try await server.send(.POST, "/api/mdts", as: .supervisor, json: """
                {"name":"Synthetic Khoroo Team","level":"village","regionID":"\(root)","meetingSchedule":"Tuesdays","members":[{"entryID":"\(entries.psychologist)","role":"Psychologist"}]}
                """)
            #expect(team.status == .created)

            // act: a child by registration number, a case, a referral to the team's psychologist
            let contact = try await server.send(.POST, "/api/contacts", token: worker, json: TestServer.typicalContact)
            #expect(contact.status == .created, "\(contact.body.string)")
            let opened = try await server.send(.POST, "/api/contacts/\(try server.decode(IDOnly.self, contact).id)/case", token: worker, json: """
                {"child":{"name":"Synthetic Болд","birthDate":"2013-05-04","sex":"male","documentType":"mn_registration","documentNumber":"ЧӨ13250421"},"confirmNewChild":true,"summary":"Synthetic case summary."}
                """)
            #expect(opened.status == .created, "\(opened.body.string)")
            let referred = try await server.send(.POST, "/api/referrals", token: worker,
                                                 json: ReferralTests().referral(try server.decode(IDOnly.self, opened).id, to: entries.psychologist, service: "psychological_counselling"))

            // assert
            #expect(referred.status == .created, "\(referred.body.string)")
            let directory = try await server.send(.GET, "/directory", token: worker)
            #expect(directory.body.string.contains("Synthetic Khoroo Team</strong> · Khoroo or bag"))
            #expect(try await server.send(.GET, "/directory", as: .supervisor).body.string.contains("Synthetic Khoroo Team</strong> · Village"))
        }
    }

    @Test func theCatalogueListsMongolianTitlesInTheAlphabetsOrder() async throws {
        try await TestServer.run { server in
            // setup: titles typed in an order that code points would keep (ө and ү after я)
            for title in ["Яруу найраг", "Өсвөр насныхан", "Үлгэрийн ном", "Охид хөвгүүд", "Улаан ном"] {
                let created = try await server.send(.POST, "/api/library/titles", as: .librarian, json: #"{"title":"\#(title) (synthetic)","format":"book","languages":["mn"]}"#)
                #expect(created.status == .created, "\(created.body.string)")
            }
            // act
            let mongolian = try server.decode(LibraryCatalogue.Found.self, try await server.send(.GET, "/api/library/titles?language=mn", headers: ["Accept-Language": "mn"]))
            let english = try server.decode(LibraryCatalogue.Found.self, try await server.send(.GET, "/api/library/titles?language=mn", headers: ["Accept-Language": "en"]))
            // assert: a reader of Mongolian gets the alphabet's order, others the order titles always came in
            let titles = { (found: LibraryCatalogue.Found) in found.items.map { $0.title.replacingOccurrences(of: " (synthetic)", with: "") } }
            #expect(titles(mongolian) == ["Охид хөвгүүд", "Өсвөр насныхан", "Улаан ном", "Үлгэрийн ном", "Яруу найраг"])
            #expect(titles(english) == ["Охид хөвгүүд", "Улаан ном", "Яруу найраг", "Үлгэрийн ном", "Өсвөр насныхан"])
        }
    }

    @Test func aChildRecordedBeforeNamesFoldedӨIsFoundAfterTheMigrationRekeysIt() async throws {
        try await TestServer.run { server in
            // setup: a child whose name key was made before ө and ү were folded
            let root = try await server.app.db.sql.raw("SELECT region_id FROM organisations WHERE id = \(bind: server.organisationID)").first()!.decode(column: "region_id", as: UUID.self)
            let centre = try server.decode(IDOnly.self, try await server.send(.POST, "/api/organisations", as: .administrator,
                json: #"{"name":"Synthetic Centre","type":"ngo","regionID":"\#(root)","countryPack":"MN"}"#)).id
            let (_, worker) = try await TestServer.addUser(server.app, username: "synthetic-mn-rekey", roles: [.caseWorker], organisationID: centre)
            let child = try server.decode(IDOnly.self, try await server.send(.POST, "/api/children", token: worker,
                json: #"{"name":"Өлзий Синтетик","birthDate":"2014-02-03","sex":"female"}"#)).id
            let other = try server.decode(IDOnly.self, try await server.send(.POST, "/api/children", token: worker,
                json: #"{"name":"Болд Синтетик","birthDate":"2014-02-03","sex":"male"}"#)).id
            let services = server.app.safeguard
            let before = services.blindIndex.hash("синтетик өлзий", domain: .personName)
            try await server.app.db.sql.raw("UPDATE children SET name_hash = \(bind: before) WHERE id = \(bind: child)").run()
            // a name without either letter is not written, whatever its key holds
            try await server.app.db.sql.raw("UPDATE children SET name_hash = 'untouched' WHERE id = \(bind: other)").run()

            // act
            try await M048RekeyMongolianNames(cipher: services.cipher, index: services.blindIndex).prepare(on: server.app.db)

            // assert: the key is the folded name's, the one a search typed with о computes
            let after = try await server.app.db.sql.raw("SELECT name_hash FROM children WHERE id = \(bind: child)").first()!.decode(column: "name_hash", as: String.self)
            #expect(after != before && after == services.blindIndex.personName("Олзий синтетик"))
            let untouched = try await server.app.db.sql.raw("SELECT name_hash FROM children WHERE id = \(bind: other)").first()!.decode(column: "name_hash", as: String.self)
            #expect(untouched == "untouched")
        }
    }

    @Test func aVisitorsLanguageGoesBackToThePageItWasChosenOnAndNowhereElse() async throws {
        try await TestServer.run { server in
            // act / assert: a path of this site, with its query, is where the browser goes back to
            let back = try await server.send(.GET, "/lang/mn?back=/library%3Fq%3D%D0%BD%D0%BE%D0%BC")
            #expect(back.status == .seeOther && back.headers.first(name: .location) == "/library?q=%D0%BD%D0%BE%D0%BC")
            // anything a browser could read as another site's goes to sign-in instead
            for hostile in ["//evil.example", "/%09/evil.example", "/%0a/evil.example", "/%5Cevil.example", "https://evil.example", "/%0d%0aSet-Cookie:x=1"] {
                let refused = try await server.send(.GET, "/lang/mn?back=\(hostile)")
                #expect(refused.headers.first(name: .location) == "/login", "\(hostile)")
            }
            // the traditional script is the public pages'; elsewhere its reader reads Chinese, marked as Chinese
            let library = try await server.send(.GET, "/library", headers: ["Cookie": "sg_lang=mn-Mong"])
            #expect(library.body.string.contains("<html lang=\"mn-Mong\">"))
            let elsewhere = try await server.send(.GET, "/no-such-page", headers: ["Cookie": "sg_lang=mn-Mong", "Accept": "text/html"])
            #expect(elsewhere.body.string.contains("<html lang=\"zh-Hans\">"), "\(elsewhere.body.string.prefix(300))")
        }
    }

    @Test func aChineseReportNeverReachesAChildHelplinePlacedOverIt() async throws {
        try await TestServer.run { server in
            // setup: police and a child helpline over the NGO's region
            let (police, _) = try await ReportingWorld.addAuthority(server, besides: server.organisationID)
            _ = try await ReportingWorld.addAuthority(server, besides: server.organisationID, type: "child_helpline", name: "Synthetic Helpline")
            // act
            let filed = try await server.send(.POST, "/api/reports", as: .counsellor, json: ReportingTests.report + #""}"#)
            // assert
            #expect(try server.decode(ReportStore.CreatedReport.self, filed).recipients.map(\.id) == [police])
        }
    }
}
