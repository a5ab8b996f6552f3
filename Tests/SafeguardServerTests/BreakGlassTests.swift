import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor

@Suite struct BreakGlassTests {
    @Test func aWorkerOutsideTheTeamOpensACaseWithAReasonAndSupervisorsSeeIt() async throws {
        try await TestServer.run { server in
            // setup: a case of the counsellor's with a general and a legal note; a second case worker outside it
            let caseID = try await server.openCase(from: try await server.createContact())
            let path = "/api/cases/\(caseID.uuidString)"
            _ = try await server.send(.POST, path + "/notes", as: .counsellor, json: #"{"body":"Synthetic general note"}"#)
            _ = try await server.send(.POST, path + "/assign", as: .supervisor, json: #"{"userID":"\#(server.users[.lawyer]!.uuidString)","role":"member"}"#)
            _ = try await server.send(.POST, path + "/notes", as: .lawyer, json: #"{"compartment":"legal","body":"Synthetic privileged"}"#)
            let before = try await server.send(.GET, path, as: .caseWorker)
            // act
            let tooShort = try await server.send(.POST, path + "/break-glass", as: .caseWorker, json: #"{"reason":"urgent"}"#)
            let opened = try await server.send(.POST, path + "/break-glass", as: .caseWorker,
                                               json: #"{"reason":"Synthetic: child on the line at night, says she is in danger"}"#)
            let after = try await server.send(.GET, path, as: .caseWorker)
            let change = try await server.send(.POST, path + "/stage", as: .caseWorker, json: #"{"stage":"assessment"}"#)
            let seen = try await server.send(.GET, "/api/break-glass", as: .supervisor)
            // assert
            #expect(before.status == .notFound)
            #expect(tooShort.status == .unprocessableEntity)
            #expect(opened.status == .created)
            #expect(after.status == .ok)
            let detail = try server.decode(CaseDetail.self, after)
            #expect(detail.notes.map(\.compartment) == ["general"])
            #expect(detail.timeline.contains { $0.kind == "break_glass" })
            #expect(change.status == .notFound, "break-glass reads; it does not let anyone change the case")
            let grants = try server.decode([BreakGlass.Grant].self, seen)
            #expect(grants.first?.reason == "Synthetic: child on the line at night, says she is in danger")
            #expect(grants.first?.userID == server.users[.caseWorker])
            let audited = try await server.app.db.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'break_glass' AND record_id = \(bind: caseID.uuidString)
                """).first()!.decode(column: "n", as: Int.self)
            #expect(audited == 1)
        }
    }

    @Test func aCaseOfAnotherOrganisationCannotBeBrokenInto() async throws {
        try await TestServer.run { server in
            let caseID = try await server.openCase(from: try await server.createContact())
            let (_, otherToken) = try await server.otherOrganisation()
            let response = try await server.send(.POST, "/api/cases/\(caseID.uuidString)/break-glass", token: otherToken,
                                                 json: #"{"reason":"Synthetic: a reason long enough"}"#)
            #expect(response.status == .notFound)
        }
    }

    @Test func theCasePageOffersBreakGlassInsteadOfTheCase() async throws {
        try await TestServer.run { server in
            let caseID = try await server.openCase(from: try await server.createContact())
            let page = try await server.send(.GET, "/cases/\(caseID.uuidString)", as: .caseWorker)
            #expect(page.status == .forbidden)
            #expect(page.body.string.contains("action=\"/cases/\(caseID.uuidString)/break-glass\""))
            #expect(!page.body.string.contains("Synthetic narrative"))
            // act: break the glass through the page's own form
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-case_worker")
            let offered = try await browser.request(.GET, "/cases/\(caseID.uuidString)")
            let opened = try await browser.request(.POST, "/cases/\(caseID.uuidString)/break-glass", form: [
                ("_csrf", Browser.csrf(in: offered) ?? ""), ("reason", "Synthetic: the child is on the line now")])
            let casePage = try await browser.request(.GET, "/cases/\(caseID.uuidString)")
            // assert: the case reads, and offers nothing to change
            #expect(opened.status == .seeOther)
            #expect(casePage.status == .ok)
            #expect(casePage.body.string.contains("Synthetic narrative"))
            #expect(casePage.body.string.contains("break-glass"))
            #expect(!casePage.body.string.contains("action=\"/cases/\(caseID.uuidString)/notes\""))
            #expect(!casePage.body.string.contains("action=\"/cases/\(caseID.uuidString)/stage\""))
        }
    }
}
