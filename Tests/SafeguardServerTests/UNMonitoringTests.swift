import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A monitoring officer's recommendations: imported from the Universal Human Rights Index's CSV,
/// classified and confirmed, linked across cycles, filtered, exported; a wrong file refused whole.
@Suite struct UNMonitoringServerTests {
    /// Synthetic recommendations in the Index's shape (its column names, spaces and all).
    static let indexFile = """
        Body,Document Symbol,Paragraph,Text,Publication Date,Countries,Affected Persons,SDGs,Themes,UPR Recommending States,UPR Position,Reiterates
        Committee on the Rights of the Child,CRC/C/CHN/CO/3-4,para. 45,"Prohibit corporal punishment in all settings, including the home and schools.",2013-10-04,CHN,Children,16.2,Corporal punishment,,,
        CRC,CRC/C/CHN/CO/5-6,40 (b),"Explicitly prohibit corporal punishment in all settings, including the home and schools, and strengthen the child helpline.",2026-06-01,CHN,Girls;Children,16.2 - End abuse,,,,CRC/C/CHN/CO/3-4#45
        CRC,CRC/C/CHN/CO/5-6,40 (b),明确禁止在一切场合实施体罚，包括家庭和学校，并加强儿童求助热线。,2026-06-01,CHN,,,,,,
        CRC,CRC/C/CHN/CO/5-6,12,"Ensure birth registration for all children, including left-behind children of internal migrants.",2026-06-01,CHN,,,,,,
        UPR,A/HRC/40/6,28.150,"Strengthen the protection of children with disabilities from violence and neglect.",2019-01-01,CHN,Persons with disabilities,,,Synthetic State,Supported,
        """

    func importFile(_ server: TestServer, _ csv: String, as role: Role = .monitoringOfficer) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: server.tokens[role]!)
        headers.contentType = .init(type: "text", subType: "csv")
        return try await server.app.testing().sendRequest(.POST, "/api/monitoring/recommendations/imports", headers: headers, body: ByteBuffer(string: csv))
    }

    func list(_ server: TestServer, _ query: String, as role: Role = .monitoringOfficer) async throws -> [Recommendations.Line] {
        let response = try await server.send(.GET, "/api/monitoring/recommendations?\(query)", as: role)
        #expect(response.status == .ok, "\(query): \(response.body.string)")
        return try server.decode(Recommendations.Found.self, response).items
    }

    func count(_ server: TestServer, _ table: String) async throws -> Int {
        try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
    }

    @Test func anIndexExportIsImportedClassifiedConfirmedAndLinkedAcrossCycles() async throws {
        try await TestServer.run { server in
            // act
            let response = try await importFile(server, Self.indexFile)

            // assert: four recommendations, the Chinese text added to its English one, the later cycle linked to the earlier
            #expect(response.status == .created, "\(response.body.string)")
            let report = try server.decode(RecommendationExchange.Report.self, response)
            #expect(report.imported == 4 && report.translations == 1 && report.linked == 1 && report.notes.isEmpty, "\(report)")
            let violence = try await list(server, "cluster=violence_against_children")
            #expect(Set(violence.map(\.paragraph)) == ["45", "40(b)", "28.150"])
            #expect(try await list(server, "mechanism=upr").map(\.documentSymbol) == ["A/HRC/40/6"])
            #expect(try await list(server, "year=2026&toConfirm=true").map(\.paragraph) == ["12", "40(b)"])
            #expect(try await list(server, "q=BIRTH registration").map(\.paragraph) == ["12"])
            #expect(try await list(server, "q=100%25").isEmpty)

            // act: the later recommendation's page
            let later = try #require(violence.first { $0.paragraph == "40(b)" })
            let detail = try server.decode(Recommendations.Detail.self, try await server.send(.GET, "/api/monitoring/recommendations/\(later.id)", as: .monitoringOfficer))

            // assert: both texts, the chain back, and each suggestion with the words that triggered it
            #expect(detail.texts.map(\.language) == ["en", "zh-Hans"])
            #expect(detail.earlier.map(\.paragraph) == ["45"] && detail.classification == "suggested")
            #expect(detail.suggestions.contains { $0.code == "violence_against_children" && $0.triggers.contains("corporal punishment") && $0.triggers.contains("体罚") })
            #expect(detail.groups == ["girls"] && detail.sdgTargets == ["16.2"])
            let earlier = try server.decode(Recommendations.Detail.self, try await server.send(.GET, "/api/monitoring/recommendations/\(detail.earlier[0].id)", as: .analyst))
            #expect(earlier.later.map(\.paragraph) == ["40(b)"])

            // act: the officer confirms a narrower classification
            let confirmed = try await server.send(.POST, "/api/monitoring/recommendations/\(later.id)/classification", as: .monitoringOfficer,
                                                  json: #"{"clusters":["violence_against_children"],"groups":["girls"],"articles":["19","37a"],"sdgTargets":["16.2"],"themes":["Corporal punishment"]}"#)

            // assert
            #expect(confirmed.status == .ok, "\(confirmed.body.string)")
            let after = try server.decode(Recommendations.Detail.self, confirmed)
            #expect(after.classification == "confirmed" && after.confirmedBy == "Test test-monitoring_officer")
            #expect(after.clusters == ["violence_against_children"] && after.articles == ["19", "37a"] && after.themes == ["Corporal punishment"])
            #expect(try await list(server, "year=2026&toConfirm=true").map(\.paragraph) == ["12"])

            // act: the export, read back in
            let export = try await server.send(.GET, "/api/monitoring/recommendations/export", as: .monitoringOfficer)
            let again = try await importFile(server, export.body.string)

            // assert: nothing new, each row noted as held (the Chinese text is a row of its own)
            #expect(export.status == .ok && export.body.string.hasPrefix("id,mechanism,document_symbol"))
            #expect(export.body.string.contains("CRC/C/CHN/CO/3-4#45") && export.body.string.contains("violence_against_children"))
            let second = try server.decode(RecommendationExchange.Report.self, again)
            #expect(again.status == .created && second.imported == 0 && second.notes.count == 5 && second.notes.allSatisfy { $0.message == "already held: passed over" })
            #expect(try await count(server, "un_recommendations") == 4)
        }
    }

    @Test func aWrongFileIsRefusedWholeNamingEachRow() async throws {
        try await TestServer.run { server in
            // setup: good rows around every kind of bad one
            let mojibake = String(String.UnicodeScalarView("protégé".utf8.map { Unicode.Scalar($0) }))
            let file = """
                mechanism,document_symbol,paragraph,text,year
                CRC,CRC/C/CHN/CO/5-6,10,A good synthetic recommendation.,2026
                Committee on Everything,CRC/C/CHN/CO/5-6,11,Synthetic.,2026
                CRC,CRC/C/CN/CO/5-6,12,Synthetic.,2026
                CRC,CRC/C/CHN/CO/5-6,10,The same paragraph again.,2026
                CRC,CRC/C/CHN/CO/5-6,13,\(mojibake),2026
                CRC,CRC/C/CHN/CO/5-6,14,Synthetic.,1989
                CRC,CRC/C/CHN/CO/5-6,15,too,many,fields
                """
            // act
            let refused = try await importFile(server, file)
            // assert: each row named with its problem, nothing written
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            for expected in ["rows[3].mechanism", "unknown mechanism", "rows[4].documentSymbol", "three-letter", "rows[5].paragraph", "repeats the paragraph of rows[2]",
                             "rows[6].text", "wrong encoding", "rows[7].year", "rows[8]", "has 6 fields"] {
                #expect(body.contains(expected), "\(expected): \(body)")
            }
            #expect(try await count(server, "un_recommendations") == 0)

            // a reiteration of a later year, columns the Index never has, a file of one line, not CSV at all
            let backwards = try await importFile(server, """
                mechanism,document_symbol,paragraph,text,year,reiterates
                CRC,CRC/C/CHN/CO/3-4,45,Synthetic earlier.,2026,
                CRC,CRC/C/CHN/CO/5-6,40,Synthetic later.,2013,CRC/C/CHN/CO/3-4#45
                """)
            #expect(backwards.status == .unprocessableEntity && backwards.body.string.contains("must be from an earlier year"))
            let abroad = try await importFile(server, """
                mechanism,document_symbol,paragraph,text,year,reiterates
                CRC,CRC/C/MNG/CO/3-4,45,Synthetic earlier.,2013,
                CRC,CRC/C/CHN/CO/5-6,40,Synthetic later.,2026,CRC/C/MNG/CO/3-4#45
                """)
            #expect(abroad.status == .unprocessableEntity && abroad.body.string.contains("made to another country"))
            #expect(try await importFile(server, "mechanism,document_symbol,paragraph,text,year\nCRC,CRC/C/CHN/CO/5-6#x,1,Synthetic.,2026\n").body.string.contains("letters, digits"))
            #expect(try await importFile(server, "name,born\nSynthetic Person,2010\n").body.string.contains("missing columns"))
            #expect(try await importFile(server, "mechanism,document_symbol,paragraph,text,year\n").body.string.contains("holds no recommendations"))
            #expect(try await importFile(server, "mechanism,document_symbol,paragraph,text,year\n\"CRC,unterminated").status == .unprocessableEntity)
            #expect(try await count(server, "un_recommendations") == 0)
        }
    }

    @Test func theOrganisationsRecommendationsAreItsOwnAndOnlyItsOfficersChangeThem() async throws {
        try await TestServer.run { server in
            // setup
            #expect(try await importFile(server, Self.indexFile).status == .created)
            let one = try #require(try await list(server, "mechanism=upr").first)
            let other = try await server.otherOrganisation()

            // act and assert: who may do what
            #expect(try await importFile(server, Self.indexFile, as: .counsellor).status == .forbidden)
            #expect(try await importFile(server, Self.indexFile, as: .analyst).status == .forbidden)
            #expect(try await list(server, "", as: .analyst).count == 4)
            #expect(try await server.send(.GET, "/api/monitoring/recommendations", as: .counsellor).status == .forbidden)
            #expect(try await server.send(.GET, "/api/monitoring/recommendations/\(one.id)", token: other.token).status == .forbidden)
            let officer = try await TestServer.addUser(server.app, username: "other-officer", roles: [.monitoringOfficer], organisationID: other.id)
            #expect(try await server.send(.GET, "/api/monitoring/recommendations/\(one.id)", token: officer.1).status == .notFound)
            #expect(try server.decode(Recommendations.Found.self, try await server.send(.GET, "/api/monitoring/recommendations", token: officer.1)).items.isEmpty)
            #expect(try await server.send(.POST, "/api/monitoring/recommendations/\(one.id)/classification", token: officer.1, json: "{}").status == .notFound)

            // bad filters are named
            for query in ["page=0", "cluster=violence", "year=1900", "country=China", "status=done"] {
                #expect(try await server.send(.GET, "/api/monitoring/recommendations?\(query)", as: .monitoringOfficer).status == .unprocessableEntity, "\(query)")
            }
        }
    }

    @Test func aRecommendationTypedInIsLinkedByHandToTheOneItRepeats() async throws {
        try await TestServer.run { server in
            // setup
            let earlier = try await server.send(.POST, "/api/monitoring/recommendations", as: .monitoringOfficer, json: """
                {"mechanism":"crc","documentSymbol":"CRC/C/CHN/CO/3-4","paragraph":"61","text":"Raise the minimum age of marriage for girls to 18.","year":2013}
                """)
            let later = try await server.send(.POST, "/api/monitoring/recommendations", as: .monitoringOfficer, json: """
                {"mechanism":"crc","documentSymbol":"CRC/C/CHN/CO/5-6","paragraph":"20","text":"Raise the minimum age of marriage for girls and boys to 18.","year":2026,"urgent":true}
                """)
            #expect(earlier.status == .created && later.status == .created, "\(earlier.body.string) \(later.body.string)")
            let (earlierID, laterID) = (try server.decode(IDOnly.self, earlier).id, try server.decode(IDOnly.self, later).id)

            // act: the later one's page offers the earlier one; the officer links them
            let offered = try server.decode(Recommendations.Detail.self, try await server.send(.GET, "/api/monitoring/recommendations/\(laterID)", as: .monitoringOfficer))
            let linked = try await server.send(.POST, "/api/monitoring/recommendations/\(laterID)/reiteration", as: .monitoringOfficer, json: #"{"earlierID":"\#(earlierID)"}"#)

            // assert
            #expect(offered.candidates.first?.id == earlierID && offered.candidates[0].similarity > 0.5 && offered.urgent)
            #expect(try server.decode(Recommendations.Detail.self, linked).earlier.map(\.id) == [earlierID])
            // backwards, to itself, twice the same paragraph, a reference that names nothing: each refused
            let backwards = try await server.send(.POST, "/api/monitoring/recommendations/\(earlierID)/reiteration", as: .monitoringOfficer, json: #"{"earlierID":"\#(laterID)"}"#)
            #expect(backwards.status == .unprocessableEntity && backwards.body.string.contains("earlier year"))
            #expect(try await server.send(.POST, "/api/monitoring/recommendations/\(laterID)/reiteration", as: .monitoringOfficer,
                                          json: #"{"earlierID":"\#(laterID)"}"#).body.string.contains("itself"))
            #expect(try await server.send(.POST, "/api/monitoring/recommendations/\(laterID)/reiteration", as: .monitoringOfficer,
                                          json: #"{"reference":"CRC/C/CHN/CO/1#1"}"#).body.string.contains("no recommendation held"))
            let twice = try await server.send(.POST, "/api/monitoring/recommendations", as: .monitoringOfficer, json: """
                {"mechanism":"crc","documentSymbol":"crc/c/chn/co/5-6","paragraph":"para. 20","text":"Again.","year":2026}
                """)
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("already held"))
            // unlinked again by naming none
            let unlinked = try await server.send(.POST, "/api/monitoring/recommendations/\(laterID)/reiteration", as: .monitoringOfficer, json: "{}")
            #expect(try server.decode(Recommendations.Detail.self, unlinked).earlier.isEmpty)
        }
    }

    @Test func theOfficerWorksThroughThePagesWithoutJavaScript() async throws {
        try await TestServer.run { server in
            // setup
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-monitoring_officer")
            let page = try await browser.request(.GET, "/monitoring/recommendations")
            #expect(page.status == .ok && page.body.string.contains("name=\"file\""))

            // act: a file with a wrong row, then the right one
            let refused = try await browser.upload("/monitoring/recommendations/import", file: "mechanism,document_symbol,paragraph,text,year\nCRC,CRC/C/CHN/CO/5-6,x,Synthetic.,2026\n",
                                                   fields: [("_csrf", Browser.csrf(in: page) ?? "")])
            let imported = try await browser.upload("/monitoring/recommendations/import", file: Self.indexFile, fields: [("_csrf", Browser.csrf(in: page) ?? "")])

            // assert: the problem named by the file's label, then the report
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("href=\"#import-file\"") && refused.body.string.contains("paragraph number"))
            #expect(imported.status == .ok && imported.body.string.contains("Imported 4 recommendations, added 1 texts in another language, linked 1"), "\(imported.body.string)")

            // act: the list filtered, a recommendation opened and its classification confirmed
            let filtered = try await browser.request(.GET, "/monitoring/recommendations?cluster=violence_against_children&year=20x6")
            #expect(filtered.status == .ok && filtered.body.string.contains("href=\"#f-year\""))
            let violence = try await browser.request(.GET, "/monitoring/recommendations?cluster=violence_against_children&mechanism=upr")
            let link = try #require(violence.body.string.components(separatedBy: "href=\"/monitoring/recommendations/").dropFirst()
                .map { String($0.prefix { $0 != "\"" }) }.first { UUID(uuidString: $0) != nil })
            let detail = try await browser.request(.GET, "/monitoring/recommendations/\(link)")
            #expect(detail.status == .ok && detail.body.string.contains("found: disabilit*"), "\(detail.body.string)")
            let wrong = try await browser.request(.POST, "/monitoring/recommendations/\(link)/classification", form: [
                ("_csrf", Browser.csrf(in: detail) ?? ""), ("clusters[]", "violence_against_children"), ("sdgTargets", "16.2; 99.1")])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("href=\"#c-sdg\"") && wrong.body.string.contains("99.1"))
            let confirmed = try await browser.request(.POST, "/monitoring/recommendations/\(link)/classification", form: [
                ("_csrf", Browser.csrf(in: detail) ?? ""), ("clusters[]", "violence_against_children"), ("clusters[]", "disability_health_welfare"),
                ("groups[]", "children_with_disabilities"), ("sdgTargets", "16.2")])
            #expect(confirmed.status == .seeOther)
            let after = try await browser.request(.GET, "/monitoring/recommendations/\(link)")
            #expect(after.body.string.contains("Confirmed by Test test-monitoring_officer"))

            // act: one typed in, with a year that is not one
            let form = try await browser.request(.GET, "/monitoring/recommendations/new")
            let typo = try await browser.request(.POST, "/monitoring/recommendations/new", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("mechanism", "crc"), ("documentSymbol", "CRC/C/CHN/CO/5-6"), ("paragraph", "77"), ("year", "twenty"),
                ("text", "Synthetic recommendation typed in.")])
            #expect(typo.status == .unprocessableEntity && typo.body.string.contains("href=\"#n-year\"") && typo.body.string.contains("Synthetic recommendation typed in."))
            let saved = try await browser.request(.POST, "/monitoring/recommendations/new", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("mechanism", "crc"), ("documentSymbol", "CRC/C/CHN/CO/5-6"), ("paragraph", "77"), ("year", "2026"),
                ("text", "Synthetic recommendation typed in."), ("articles", "19; 34")])
            #expect(saved.status == .seeOther)
            #expect(try await browser.deadLinks(on: try await browser.request(.GET, "/monitoring/recommendations")).isEmpty)
            let export = try await browser.request(.GET, "/monitoring/recommendations/export")
            #expect(export.status == .ok && export.headers.contentType?.subType == "csv" && export.body.string.contains("\"Synthetic recommendation typed in.\"") == false)
        }
    }

    @Test func leadInstitutionsActionsAndAssessmentsMakeTheFollowUpPlan() async throws {
        try await TestServer.run { server in
            // setup
            #expect(try await importFile(server, Self.indexFile).status == .created)
            let lines = try await list(server, "year=2026")
            let birth = try #require(lines.first { $0.paragraph == "12" }), punishment = try #require(lines.first { $0.paragraph == "40(b)" })
            func post(_ path: String, _ json: String) async throws -> TestingHTTPResponse {
                try await server.send(.POST, "/api/monitoring/\(path)", as: .monitoringOfficer, json: json)
            }

            // act: who leads, who takes part, what is planned
            _ = try await post("recommendations/\(punishment.id)/institutions", #"{"name":"Synthetic Ministry of Education","role":"lead"}"#)
            _ = try await post("recommendations/\(punishment.id)/institutions", #"{"name":"Synthetic Women's Federation","role":"partner"}"#)
            _ = try await post("recommendations/\(punishment.id)/institutions", #"{"name":"Synthetic Bar Association","role":"partner"}"#)
            _ = try await post("recommendations/\(punishment.id)/institutions", #"{"name":"Ministère de l'Éducation (synthétique)","role":"partner"}"#)
            let accented = try await post("recommendations/\(punishment.id)/institutions", #"{"name":"MINISTÈRE DE L'ÉDUCATION  (SYNTHÉTIQUE)","role":"none"}"#)
            #expect(accented.status == .ok, "\(accented.body.string)")
            let removed = try await post("recommendations/\(punishment.id)/institutions", #"{"name":"synthetic bar association","role":"none"}"#)
            let action = try await post("recommendations/\(punishment.id)/actions",
                                        #"{"title":"Draft an amendment banning corporal punishment at home","institution":"Synthetic Ministry of Education","dueOn":"2027-06-30"}"#)
            _ = try await post("recommendations/\(birth.id)/institutions", #"{"name":"Synthetic Ministry of Education","role":"lead"}"#)

            // assert: the same institution is one, however it is typed
            #expect(removed.status == .ok && action.status == .created, "\(removed.body.string) \(action.body.string)")
            let detail = try server.decode(Recommendations.Detail.self, action)
            #expect(detail.followUp.institutions.map(\.name) == ["Synthetic Ministry of Education", "Synthetic Women's Federation"])
            #expect(detail.followUp.actions.map(\.status) == ["planned"] && detail.followUp.actions[0].institution == "Synthetic Ministry of Education")
            #expect(try await count(server, "un_institutions") == 4)

            // act: the action moves on; progress is assessed twice, the older entered last
            let moved = try await post("actions/\(detail.followUp.actions[0].id)/status", #"{"status":"in_progress"}"#)
            let newer = try await post("recommendations/\(punishment.id)/assessments",
                                       #"{"assessedOn":"2026-11-01","status":"partially_implemented","evidence":"Synthetic: the draft amendment was published for comment."}"#)
            let older = try await post("recommendations/\(punishment.id)/assessments",
                                       #"{"assessedOn":"2026-07-01","status":"in_progress","evidence":"Synthetic: the ministry named a working group."}"#)

            // assert: the newest assessment is the status, whatever order they came in
            #expect(try server.decode(Recommendations.Detail.self, moved).followUp.actions[0].status == "in_progress")
            #expect(newer.status == .created && older.status == .created)
            let assessed = try server.decode(Recommendations.Detail.self, older)
            #expect(assessed.status == "partially_implemented" && assessed.followUp.assessments.map(\.assessedOn) == ["2026-11-01", "2026-07-01"])
            #expect(assessed.followUp.assessments[0].judgedBy == "Test test-monitoring_officer")
            #expect(try await list(server, "status=partially_implemented").map(\.paragraph) == ["40(b)"])

            // bad input: before the recommendation, in the future, no evidence, an unknown status or role; nothing written
            let refusals: [(String, String, String)] = [
                ("recommendations/\(punishment.id)/assessments", #"{"assessedOn":"2025-12-31","status":"implemented","evidence":"x"}"#, "before the recommendation was made"),
                ("recommendations/\(punishment.id)/assessments", #"{"assessedOn":"2999-01-01","status":"implemented","evidence":"x"}"#, "is in the future"),
                ("recommendations/\(punishment.id)/assessments", #"{"assessedOn":"2026-08-01","status":"implemented","evidence":" "}"#, "evidence"),
                ("recommendations/\(punishment.id)/assessments", #"{"assessedOn":"2026-08-01","status":"done","evidence":"x"}"#, "unknown value"),
                ("recommendations/\(punishment.id)/institutions", #"{"name":"Synthetic Court","role":"chair"}"#, "unknown value"),
                ("recommendations/\(punishment.id)/actions", #"{"title":"x","dueOn":"2027-02-30"}"#, "YYYY-MM-DD"),
                ("actions/\(detail.followUp.actions[0].id)/status", #"{"status":"finished"}"#, "unknown value"),
            ]
            for (path, json, message) in refusals {
                let refused = try await post(path, json)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(path) \(json): \(refused.body.string)")
            }
            let (assessments, actions) = (try await count(server, "un_assessments"), try await count(server, "un_actions"))
            #expect(assessments == 2 && actions == 1)
            let other = try await TestServer.addUser(server.app, username: "other-officer-2", roles: [.monitoringOfficer], organisationID: try await server.otherOrganisation().id)
            #expect(try await server.send(.POST, "/api/monitoring/actions/\(detail.followUp.actions[0].id)/status", token: other.1, json: #"{"status":"done"}"#).status == .notFound)

            // act: the plan of the document, as JSON and as the printable page
            let plan = try server.decode(FollowUp.Plan.self, try await server.send(.GET, "/api/monitoring/plan?document=crc/c/chn/co/5-6", as: .analyst))
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-monitoring_officer")
            let page = try await browser.request(.GET, "/monitoring/plan?document=CRC/C/CHN/CO/5-6")

            // assert
            #expect(plan.documentSymbol == "CRC/C/CHN/CO/5-6" && plan.rows.map(\.paragraph) == ["12", "40(b)"])
            #expect(plan.rows[1].lead == ["Synthetic Ministry of Education"] && plan.rows[1].partners == ["Synthetic Women's Federation"] && plan.rows[1].actions.count == 1)
            #expect(plan.documents.first == "CRC/C/CHN/CO/5-6" && plan.documents.contains("A/HRC/40/6"))
            #expect(page.status == .ok && page.body.string.contains("Follow-up plan for CRC/C/CHN/CO/5-6") && page.body.string.contains("Partially implemented"))
            #expect(try await browser.request(.GET, "/monitoring/plan?document=%00").status == .unprocessableEntity)

            // the recommendation's page: a refused assessment comes back with what was typed
            let detailPage = try await browser.request(.GET, "/monitoring/recommendations/\(punishment.id)")
            let refusedPage = try await browser.request(.POST, "/monitoring/recommendations/\(punishment.id)/assessments", form: [
                ("_csrf", Browser.csrf(in: detailPage) ?? ""), ("assessedOn", "2025-01-01"), ("status", "implemented"), ("evidence", "Synthetic evidence typed in.")])
            #expect(refusedPage.status == .unprocessableEntity && refusedPage.body.string.contains("href=\"#s-day\"") && refusedPage.body.string.contains("Synthetic evidence typed in."))
            let statusPage = try await browser.request(.POST, "/monitoring/actions/\(detail.followUp.actions[0].id)/status", form: [
                ("_csrf", Browser.csrf(in: detailPage) ?? ""), ("status", "done")])
            #expect(statusPage.status == .seeOther)
            #expect(try await browser.deadLinks(on: detailPage).isEmpty)
        }
    }

    @Test func indicatorsAreComputedFromTheRecordsWithTheirDefinitionOrTypedInWithTheirSource() async throws {
        try await TestServer.run { server in
            // setup: twelve statutory reports submitted this year, six acknowledged; three helpline contacts
            #expect(try await importFile(server, Self.indexFile).status == .created)
            let punishment = try #require(try await list(server, "year=2026").first { $0.paragraph == "40(b)" })
            let (_, receiver) = try await ReportingWorld.addAuthority(server, besides: server.organisationID)
            var reports: [UUID] = []
            for _ in 0..<12 {
                let filed = try await server.send(.POST, "/api/reports", as: .counsellor, json: """
                    {"situation":4,"facts":"Synthetic facts: several bruises of different ages seen at the school medical room.","childDescription":"Synthetic pupil, 9","submit":true}
                    """)
                #expect(filed.status == .created, "\(filed.body.string)")
                reports.append(try server.decode(ReportStore.CreatedReport.self, filed).id)
            }
            for report in reports.prefix(6) {
                #expect(try await server.send(.POST, "/api/inbox/reports/\(report)/acknowledge", token: receiver, json: #"{"authorityReference":"PSB-1"}"#).status == .noContent)
            }
            for _ in 0..<3 { _ = try await server.createContact() }
            let year = Recommendations.currentYear

            // act: a computed indicator on the recommendation, one of contacts on its cluster, one typed in
            func define(_ json: String) async throws -> UUID {
                let response = try await server.send(.POST, "/api/monitoring/indicators", as: .monitoringOfficer, json: json)
                #expect(response.status == .created, "\(response.body.string)")
                return try server.decode(IDOnly.self, response).id
            }
            let acknowledged = try await define(#"{"title":"Statutory reports acknowledged in time","recommendationID":"\#(punishment.id)","figure":"reporting.acknowledged_in_time"}"#)
            let contacts = try await define(#"{"title":"Helpline contacts","cluster":"violence_against_children","figure":"helpline.contacts"}"#)
            let surveyed = try await define(#"{"title":"Schools with a ban in their rules","cluster":"violence_against_children","unit":"%"}"#)
            let computed = try await server.send(.POST, "/api/monitoring/indicators/\(acknowledged)/values", as: .monitoringOfficer,
                                                 json: #"{"periodStart":"\#(year)-01-01","periodEnd":"\#(year)-12-31"}"#)
            let typed = try await server.send(.POST, "/api/monitoring/indicators/\(surveyed)/values", as: .monitoringOfficer,
                                              json: #"{"periodStart":"\#(year - 1)-01-01","periodEnd":"\#(year - 1)-12-31","value":37.5,"source":"Synthetic school survey","sourceDate":"\#(year)-03-01"}"#)
            let recomputed = try server.decode(Indicators.Recomputed.self, try await server.send(.POST, "/api/monitoring/indicators/recomputation", as: .monitoringOfficer,
                                                                                                    json: #"{"year":\#(year)}"#))

            // assert: the share with its definition; the small count hidden; the typed value with its source
            #expect(computed.status == .created, "\(computed.body.string)")
            let share = try server.decode(Indicators.Indicator.self, computed).values.first
            #expect(share?.display == "50.0% (6 / 12)" && share?.definition == "reporting.acknowledged_in_time@1" && share?.computedAt != nil)
            #expect(share?.numerator == nil, "the officer may not see exact figures")
            #expect(typed.status == .created && recomputed.indicators == 2)
            let onPage = try server.decode([Indicators.Indicator].self, try await server.send(.GET, "/api/monitoring/indicators?recommendation=\(punishment.id)", as: .analyst))
            #expect(Set(onPage.map(\.id)) == [acknowledged, contacts, surveyed])
            let all = Dictionary(uniqueKeysWithValues: onPage.map { ($0.id, $0) })
            #expect(all[contacts]?.values.map(\.display) == ["<5"])
            #expect(all[surveyed]?.values.first?.display == "37.5" && all[surveyed]?.values.first?.source == "Synthetic school survey")
            // the same count the statistics page shows for the year
            let statistics = try server.decode(Statistics.self, try await server.send(.GET, "/api/statistics?from=\(year)-01-01T00:00:00Z&to=\(year + 1)-01-01T00:00:00Z", as: .supervisor))
            let counted = try await server.app.db.sql.raw("SELECT numerator FROM un_indicator_values WHERE indicator_id = \(bind: contacts)").first()!.decode(column: "numerator", as: Int.self)
            #expect(counted == statistics.contactsByMonth.reduce(0) { $0 + $1.count } && counted == 3)
            // every computation is kept: the recomputation added a value for the same period, shown once
            #expect(try await count(server, "un_indicator_values") == 4 && all[acknowledged]?.values.count == 1)

            // bad input: a figure that does not exist, a period backwards, a computed value typed, a typed one without source; nothing written
            let refusals: [(String, String, String)] = [
                ("indicators", #"{"title":"x","cluster":"general_measures","figure":"helpline.everything"}"#, "names no figure"),
                ("indicators", #"{"title":"x"}"#, "choose the recommendation or the cluster"),
                ("indicators/\(acknowledged)/values", #"{"periodStart":"\#(year)-12-31","periodEnd":"\#(year)-01-01"}"#, "ends before the period starts"),
                ("indicators/\(acknowledged)/values", #"{"periodStart":"\#(year)-01-01","periodEnd":"\#(year)-12-31","value":99}"#, "counted, not typed"),
                ("indicators/\(surveyed)/values", #"{"periodStart":"\#(year)-01-01","periodEnd":"\#(year)-12-31","value":1}"#, "source"),
                ("indicators/recomputation", #"{"year":99999999999}"#, "1990"),
                ("indicators/\(acknowledged)/values", #"{"periodStart":"\#(year)-01-01","periodEnd":"\#(year)-01-30"}"#, "calendar month, quarter or year"),
                ("indicators/\(acknowledged)/values", #"{"periodStart":"\#(year)-02-01","periodEnd":"\#(year)-04-30"}"#, "calendar month, quarter or year"),
            ]
            for (path, json, message) in refusals {
                let refused = try await server.send(.POST, "/api/monitoring/\(path)", as: .monitoringOfficer, json: json)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(path): \(refused.body.string)")
            }
            let (values, indicators) = (try await count(server, "un_indicator_values"), try await count(server, "un_indicators"))
            #expect(values == 4 && indicators == 3)

            // every figure's query runs on this database: one indicator of each, recomputed
            for figure in IndicatorFigure.allCases where ![.reportsAcknowledgedInTime, .helplineContacts].contains(figure) {
                _ = try await define(#"{"title":"Every figure: \#(figure.rawValue)","cluster":"general_measures","figure":"\#(figure.rawValue)"}"#)
            }
            let everyFigure = try await server.send(.POST, "/api/monitoring/indicators/recomputation", as: .monitoringOfficer, json: #"{"year":\#(year)}"#)
            #expect(try server.decode(Indicators.Recomputed.self, everyFigure).indicators == IndicatorFigure.allCases.count)
            let filed = try await server.app.db.sql.raw("""
                SELECT v.numerator FROM un_indicator_values v JOIN un_indicators i ON i.id = v.indicator_id WHERE i.figure = 'reporting.reports_filed'
                """).first()!.decode(column: "numerator", as: Int.self)
            #expect(filed == 12)

            // the pages: the indicators page and the recommendation's section, a refused value shown again
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-monitoring_officer")
            let page = try await browser.request(.GET, "/monitoring/indicators")
            #expect(page.status == .ok && page.body.string.contains("50.0% (6 / 12)") && page.body.string.contains("reporting.acknowledged_in_time@1"))
            let refusedPage = try await browser.request(.POST, "/monitoring/indicators/\(surveyed)/values", form: [
                ("_csrf", Browser.csrf(in: page) ?? ""), ("periodStart", "\(year)-01-01"), ("periodEnd", "\(year)-12-31"), ("value", "abc"), ("source", "Synthetic")])
            #expect(refusedPage.status == .unprocessableEntity && refusedPage.body.string.contains("href=\"#v-\(surveyed.uuidString)-value\""))
            let recommendationPage = try await browser.request(.GET, "/monitoring/recommendations/\(punishment.id)")
            #expect(recommendationPage.body.string.contains("Statutory reports acknowledged in time") && recommendationPage.body.string.contains("Schools with a ban in their rules"))
            #expect(try await browser.deadLinks(on: page).isEmpty)
        }
    }

    @Test func aCommunicationUnderTheThirdProtocolKeepsTheChildPseudonymousAndItsStepsInOrder() async throws {
        try await TestServer.run { server in
            // setup: a case the supervisor can open, and a colleague who both supervises and monitors
            let caseID = try await server.openCase(from: try await server.createContact())
            let (_, both) = try await TestServer.addUser(server.app, username: "supervising-officer", roles: [.supervisor, .monitoringOfficer], organisationID: server.organisationID)
            let body = #"{"reference":"OP3-2026-1","state":"chn","articles":["19","37A"],"remediesExhausted":true,"interimMeasures":true,"submittedOn":"2026-01-10"}"#

            // act: the officer records one, and may not link a case they cannot open; the colleague links it
            let created = try await server.send(.POST, "/api/monitoring/communications", as: .monitoringOfficer, json: body)
            let unlinkable = try await server.send(.POST, "/api/monitoring/communications", as: .monitoringOfficer,
                                                   json: body.replacingOccurrences(of: "OP3-2026-1", with: "OP3-2026-2").replacingOccurrences(of: "\"state\"", with: "\"caseID\":\"\(caseID)\",\"state\""))
            #expect(created.status == .created, "\(created.body.string)")
            #expect(unlinkable.status == .unprocessableEntity && unlinkable.body.string.contains("no case you may open"))
            let id = try server.decode(IDOnly.self, created).id
            let linked = try await server.send(.POST, "/api/monitoring/communications/\(id)", token: both,
                                               json: body.replacingOccurrences(of: "\"state\"", with: "\"caseID\":\"\(caseID)\",\"state\""))

            // assert: a pseudonym was made; the officer sees that a case is linked, not which
            #expect(linked.status == .ok, "\(linked.body.string)")
            #expect(try server.decode(Communications.Communication.self, linked).caseID == caseID)
            let seen = try server.decode(Communications.Communication.self, try await server.send(.GET, "/api/monitoring/communications/\(id)", as: .monitoringOfficer))
            #expect(seen.childPseudonym.hasPrefix("Child ") && seen.childPseudonym.count == 10 && seen.state == "CHN" && seen.articles == ["19", "37a"])
            #expect(seen.caseID == nil && seen.linkedToCase && seen.stage == "submitted")
            let reads = try await server.app.db.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_entries WHERE record_id = \(bind: id.uuidString) AND action = 'read'
                """).first()!.decode(column: "n", as: Int.self)
            // the colleague's save answered with the communication, and the officer opened it
            #expect(reads == 2)

            // act: the steps as they come; the officer's edit keeps the colleague's link
            let registeredFirst = try await server.send(.POST, "/api/monitoring/communications/\(id)", as: .monitoringOfficer,
                                                        json: body.replacingOccurrences(of: "\"submittedOn\":\"2026-01-10\"", with: "\"submittedOn\":\"2026-01-10\",\"registeredOn\":\"2025-12-01\""))
            let decided = try await server.send(.POST, "/api/monitoring/communications/\(id)", as: .monitoringOfficer, json: body.replacingOccurrences(of: "\"submittedOn\":\"2026-01-10\"", with: """
                "submittedOn":"2026-01-10","registeredOn":"2026-02-01","committeeReference":"Synthetic 1/2026","admissibilityOn":"2026-05-01","admissibility":"admissible","viewsOn":"2026-09-01","views":"violation"
                """))

            // assert
            #expect(registeredFirst.status == .unprocessableEntity && registeredFirst.body.string.contains("is before the communication was submitted"))
            let after = try server.decode(Communications.Communication.self, decided)
            #expect(after.stage == "violation" && after.stateResponseDue == "2027-02-28" && after.linkedToCase)
            let stored = try await server.app.db.sql.raw("SELECT case_id FROM un_communications WHERE id = \(bind: id)").first()!.decode(column: "case_id", as: UUID?.self)
            #expect(stored == caseID)

            // bad input: remedies not exhausted without why, Views without their date, a step in the future, a reference twice
            let refusals: [(String, String)] = [
                (body.replacingOccurrences(of: "\"remediesExhausted\":true", with: "\"remediesExhausted\":false"), "say why domestic remedies"),
                (body.replacingOccurrences(of: "\"submittedOn\":\"2026-01-10\"", with: "\"submittedOn\":\"2026-01-10\",\"views\":\"violation\""), "give the Views with their date"),
                (body.replacingOccurrences(of: "2026-01-10", with: "2999-01-10"), "is in the future"),
                (body.replacingOccurrences(of: "\"articles\":[\"19\",\"37A\"]", with: "\"articles\":[]"), "articles of the Convention"),
                (body, "another communication has this reference"),
            ]
            for (json, message) in refusals {
                let refused = try await server.send(.POST, "/api/monitoring/communications", as: .monitoringOfficer, json: json)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(message): \(refused.body.string)")
            }
            #expect(try await count(server, "un_communications") == 1)
            #expect(try await server.send(.GET, "/api/monitoring/communications/\(id)", as: .counsellor).status == .forbidden)

            // the pages
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-monitoring_officer")
            let list = try await browser.request(.GET, "/monitoring/communications")
            #expect(list.status == .ok && list.body.string.contains("OP3-2026-1") && list.body.string.contains("2027-02-28") && !list.body.string.contains("name=\"caseID\""))
            let refusedPage = try await browser.request(.POST, "/monitoring/communications", form: [
                ("_csrf", Browser.csrf(in: list) ?? ""), ("reference", "OP3-2026-3"), ("state", "CHN"), ("articles", "19"), ("submittedOn", "2026-02-01"), ("registeredOn", "2026-01-01")])
            #expect(refusedPage.status == .unprocessableEntity && refusedPage.body.string.contains("href=\"#m-registered\"") && refusedPage.body.string.contains("href=\"#m-remedies-note\""))
            let page = try await browser.request(.GET, "/monitoring/communications/\(id)")
            #expect(page.status == .ok && page.body.string.contains("Linked to a case you may not open"))
            #expect(try await browser.deadLinks(on: page).isEmpty)

            // a case linked by mistake is taken off by someone who may open it, and only by them
            let officerUnlinks = try await server.send(.POST, "/api/monitoring/communications/\(id)", as: .monitoringOfficer,
                                                       json: body.replacingOccurrences(of: "\"state\"", with: "\"unlinkCase\":true,\"state\""))
            let colleagueUnlinks = try await server.send(.POST, "/api/monitoring/communications/\(id)", token: both,
                                                         json: body.replacingOccurrences(of: "\"state\"", with: "\"unlinkCase\":true,\"state\""))
            #expect(officerUnlinks.status == .unprocessableEntity && officerUnlinks.body.string.contains("only someone who may open the case"))
            #expect(try server.decode(Communications.Communication.self, colleagueUnlinks).linkedToCase == false)
        }
    }

    @Test func childrensViewsAreRecordedWithoutIdentitiesOnlyWithConsentAndGroupedByCluster() async throws {
        try await TestServer.run { server in
            // setup: one consultation with consent, one without
            func consultation(_ consent: Bool) async throws -> UUID {
                let response = try await server.send(.POST, "/api/monitoring/children-consultations", as: .monitoringOfficer, json: """
                    {"heldOn":"2026-10-01","place":"Synthetic youth centre","method":"focus_group","ageBands":["8_12","13_15"],"children":14,"childConsent":true,"guardianConsent":\(consent)}
                    """)
                #expect(response.status == .created, "\(response.body.string)")
                return try server.decode(IDOnly.self, response).id
            }
            let consented = try await consultation(true), unconsented = try await consultation(false)

            // act
            let first = try await server.send(.POST, "/api/monitoring/children-consultations/\(consented)/views", as: .monitoringOfficer,
                                              json: #"{"cluster":"education_leisure_culture","ageBand":"13_15","view":"Synthetic: we want time to play after school.","mayQuote":true}"#)
            _ = try await server.send(.POST, "/api/monitoring/children-consultations/\(consented)/views", as: .monitoringOfficer,
                                      json: #"{"cluster":"violence_against_children","ageBand":"8_12","view":"Synthetic: teachers should not hit us.","mayQuote":false}"#)
            let refused = try await server.send(.POST, "/api/monitoring/children-consultations/\(unconsented)/views", as: .monitoringOfficer,
                                                json: #"{"cluster":"education_leisure_culture","ageBand":"13_15","view":"Synthetic."}"#)
            let wrongBand = try await server.send(.POST, "/api/monitoring/children-consultations/\(consented)/views", as: .monitoringOfficer,
                                                  json: #"{"cluster":"education_leisure_culture","ageBand":"16_17","view":"Synthetic."}"#)

            // assert: grouped in the guidelines' order (violence before education), quotable only with agreement
            #expect(first.status == .created)
            let got = try server.decode(ChildrenViews.Consultation.self, try await server.send(.GET, "/api/monitoring/children-consultations/\(consented)", as: .analyst))
            #expect(got.views.map(\.cluster) == ["violence_against_children", "education_leisure_culture"] && got.views.map(\.mayQuote) == [false, true])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("only with the consent of the children and their guardians"))
            #expect(wrongBand.status == .unprocessableEntity && wrongBand.body.string.contains("age bands"))
            for json in [#"{"heldOn":"2999-01-01","place":"x","method":"survey","ageBands":["8_12"],"children":3}"#,
                         #"{"heldOn":"2026-01-01","place":"x","method":"survey","ageBands":["teens"],"children":3}"#,
                         #"{"heldOn":"2026-01-01","place":"x","method":"survey","ageBands":["8_12"],"children":0}"#] {
                #expect(try await server.send(.POST, "/api/monitoring/children-consultations", as: .monitoringOfficer, json: json).status == .unprocessableEntity, "\(json)")
            }
            let (views, consultations) = (try await count(server, "un_child_views"), try await count(server, "un_consultations"))
            #expect(views == 2 && consultations == 2)

            // the pages
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-monitoring_officer")
            let page = try await browser.request(.GET, "/monitoring/children-consultations/\(unconsented)")
            #expect(page.status == .ok && page.body.string.contains("only when the children and their guardians have consented") && !page.body.string.contains("name=\"view\""))
            let list = try await browser.request(.GET, "/monitoring/children-consultations")
            let typo = try await browser.request(.POST, "/monitoring/children-consultations", form: [
                ("_csrf", Browser.csrf(in: list) ?? ""), ("heldOn", "2026-10-01"), ("place", "Synthetic"), ("method", "survey"), ("children", "many")])
            #expect(typo.status == .unprocessableEntity && typo.body.string.contains("href=\"#k-children\"") && typo.body.string.contains("href=\"#k-bands\""))
            #expect(try await browser.deadLinks(on: list).isEmpty)
        }
    }
}
