import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A law the organisation follows: its stages (the newest by day is where it stands), its
/// submissions with the file sent (encrypted, the download audited), the recommendations it answers.
@Suite struct LawsAndPoliciesTests {
    let monitoring = UNMonitoringServerTests()

    @Test func aLawIsFollowedThroughItsStagesWithSubmissionsAndTheRecommendationsItAnswers() async throws {
        try await TestServer.run { server in
            // setup
            #expect(try await monitoring.importFile(server, UNMonitoringServerTests.indexFile).status == .created)
            let created = try await server.send(.POST, "/api/monitoring/laws", as: .monitoringOfficer, json: """
                {"title":"Synthetic Law on the Protection of Minors (amendment)","jurisdiction":"National","kind":"law","stage":"consultation","since":"2026-03-01",
                 "summary":"Synthetic: bans corporal punishment at home."}
                """)
            #expect(created.status == .created, "\(created.body.string)")
            let law = try server.decode(IDOnly.self, created).id

            // act: a later stage, then an earlier one entered late; a recommendation named; a submission with its file
            _ = try await server.send(.POST, "/api/monitoring/laws/\(law)/stages", as: .monitoringOfficer, json: #"{"stage":"adoption","changedOn":"2026-10-30"}"#)
            let late = try await server.send(.POST, "/api/monitoring/laws/\(law)/stages", as: .monitoringOfficer, json: #"{"stage":"drafting","changedOn":"2025-06-01","note":"Synthetic"}"#)
            let linked = try await server.send(.POST, "/api/monitoring/laws/\(law)/recommendations", as: .monitoringOfficer, json: #"{"reference":"CRC/C/CHN/CO/5-6#40 (b)"}"#)
            let pdf = Data("%PDF-1.4\n% synthetic submission\n%%EOF\n".utf8)
            var (headers, body) = TrainingTests().multipart([("submittedOn", "2026-04-15"), ("recipient", "Synthetic Legislative Affairs Commission"),
                                                             ("summary", "Synthetic: asked for an explicit ban in the family chapter.")], file: ("comments.pdf", pdf))
            headers.bearerAuthorization = .init(token: server.tokens[.monitoringOfficer]!)
            let submitted = try await server.app.testing().sendRequest(.POST, "/api/monitoring/laws/\(law)/documents", headers: headers, body: body)

            // assert: adoption stands, whatever the order entered; the recommendation and the submission are there
            #expect(late.status == .ok && linked.status == .ok && submitted.status == .created, "\(linked.body.string) \(submitted.body.string)")
            let got = try server.decode(LawsAndPolicies.Law.self, try await server.send(.GET, "/api/monitoring/laws/\(law)", as: .analyst))
            #expect(got.stage == "adoption" && got.stages.map(\.stage) == ["adoption", "consultation", "drafting"])
            #expect(got.recommendations.map(\.paragraph) == ["40(b)"] && got.submissions.first?.filename == "comments.pdf")
            let stored = try await server.app.db.sql.raw("SELECT content FROM un_law_submissions").first()!.decode(column: "content", as: Data.self)
            #expect(stored.range(of: Data("synthetic submission".utf8)) == nil, "the file is encrypted at rest")
            let submission = try #require(got.submissions.first?.id)
            let download = try await server.send(.GET, "/api/monitoring/laws/\(law)/documents/\(submission)", as: .analyst)
            #expect(download.status == .ok && Data(buffer: download.body) == pdf && download.headers.contentType?.subType == "pdf")
            let audited = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'un_law_submission' AND action = 'read'").first()!
                .decode(column: "n", as: Int.self)
            #expect(audited == 1)
            // the recommendation's page names the law
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-monitoring_officer")
            let recommendation = try await browser.request(.GET, "/monitoring/recommendations/\(got.recommendations[0].id)")
            #expect(recommendation.body.string.contains("Synthetic Law on the Protection of Minors (amendment)"))

            // bad input: each named, nothing written
            let refusals: [(String, String, String)] = [
                ("laws", #"{"title":"x","jurisdiction":"National","kind":"decree","stage":"drafting","since":"2026-01-01"}"#, "law, regulation, policy"),
                ("laws", #"{"title":"x","jurisdiction":"National","kind":"law","stage":"drafting","since":"2999-01-01"}"#, "is in the future"),
                ("laws", #"{"title":"","jurisdiction":"","kind":"law","stage":"drafting","since":"2026-01-01"}"#, "name the law or policy"),
                ("laws/\(law)/stages", #"{"stage":"repealed","changedOn":"2026-01-01"}"#, "drafting, consultation"),
                ("laws/\(law)/recommendations", #"{"reference":"CRC/C/CHN/CO/9#1"}"#, "no recommendation held"),
                ("laws/\(law)/recommendations", #"{"reference":"paragraph 40"}"#, "symbol and paragraph"),
                ("laws/\(law)/documents", #"{"recipient":"x"}"#, "multipart"),
            ]
            for (path, json, message) in refusals {
                let refused = try await server.send(.POST, "/api/monitoring/\(path)", as: .monitoringOfficer, json: json)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(path): \(refused.body.string)")
            }
            var (badHeaders, badBody) = TrainingTests().multipart([("submittedOn", "2026-04-15"), ("recipient", "x"), ("summary", "x")], file: ("a.exe", Data("MZ\u{0}".utf8)))
            badHeaders.bearerAuthorization = .init(token: server.tokens[.monitoringOfficer]!)
            let executable = try await server.app.testing().sendRequest(.POST, "/api/monitoring/laws/\(law)/documents", headers: badHeaders, body: badBody)
            #expect(executable.status == .unprocessableEntity && executable.body.string.contains("only PDF"))
            let (laws, submissions) = (try await monitoring.count(server, "un_laws"), try await monitoring.count(server, "un_law_submissions"))
            #expect(laws == 1 && submissions == 1)
            #expect(try await server.send(.POST, "/api/monitoring/laws/\(law)/stages", as: .analyst, json: #"{"stage":"in_force","changedOn":"2026-11-01"}"#).status == .forbidden)

            // the pages: a stage typed wrong comes back named beside its field
            let page = try await browser.request(.GET, "/monitoring/laws/\(law)")
            let typo = try await browser.request(.POST, "/monitoring/laws/\(law)/stages", form: [("_csrf", Browser.csrf(in: page) ?? ""), ("stage", "in_force"), ("changedOn", "someday")])
            #expect(typo.status == .unprocessableEntity && typo.body.string.contains("href=\"#g-day\""))
            #expect(try await browser.deadLinks(on: page).isEmpty)
        }
    }
}
