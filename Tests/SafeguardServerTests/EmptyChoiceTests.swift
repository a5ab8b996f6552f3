import Foundation
import SafeguardCore
@testable import SafeguardServer
import Testing
import Vapor

/// A select left on "choose…" posts an empty string. Each of these once passed validation as "not
/// given" without an error and then reached a force unwrap: one request ended the whole server.
@Suite struct EmptyChoiceTests {
    @Test func anEmptyChoiceIsAMissingChoiceNamedByItsFieldNeverACrash() async throws {
        try await TestServer.run { server in
            // setup: a case with a lawyer on its team, and the directory
            let entries = try await ReferralTests().directory(server)
            let caseID = try await server.openCase(from: try await server.createContact())
            #expect(try await server.send(.POST, "/api/cases/\(caseID)/assign", as: .supervisor,
                                          json: #"{"userID":"\#(server.users[.lawyer]!)","role":"member"}"#).status == .noContent)
            let region = try await server.app.db.sql.raw("SELECT region_id FROM organisations WHERE id = \(bind: server.organisationID)").first()!
                .decode(column: "region_id", as: UUID.self)
            let refusals: [(String, Role, String, String)] = [
                ("/api/referrals", .counsellor, #"{"caseID":"\#(caseID)","entryID":"\#(entries.psychologist)","service":"psychological_counselling","consent":"","summary":"Synthetic: see the child this week."}"#, "consent"),
                ("/api/referrals", .counsellor, #"{"caseID":"\#(caseID)","entryID":"\#(entries.psychologist)","service":"","consent":"child","summary":"Synthetic: see the child this week."}"#, "service"),
                ("/api/cases/\(caseID)/stage", .counsellor, #"{"stage":""}"#, "stage"),
                ("/api/cases/\(caseID)/closure", .supervisor, #"{"decision":""}"#, "decision"),
                ("/api/cases/\(caseID)/matters", .lawyer, #"{"type":""}"#, "type"),
                ("/api/directory", .supervisor, #"{"name":"Synthetic","profession":"","services":["shelter"],"regionID":"\#(region)","contact":"+86 10 0000 0000"}"#, "profession"),
                ("/api/mdts", .supervisor, #"{"name":"Synthetic MDT","level":"","regionID":"\#(region)","meetingSchedule":"Mondays","members":[]}"#, "level"),
            ]
            for (path, role, json, field) in refusals {
                // act
                let response = try await server.send(.POST, path, as: role, json: json)
                // assert: refused by name, and the server still answers
                #expect(response.status == .unprocessableEntity && response.body.string.contains("\"\(field)\""), "\(path): \(response.status) \(response.body.string)")
            }
            let imported = try await server.send(.POST, "/api/vetting/registry/imports?mode=", as: .registryKeeper, json: "")
            #expect(imported.status == .unprocessableEntity && imported.body.string.contains("\"mode\""), "\(imported.body.string)")
            // an empty compartment or handover is the default, as if not given
            let note = try await server.send(.POST, "/api/cases/\(caseID)/notes", as: .counsellor, json: #"{"compartment":"","body":"Synthetic note"}"#)
            #expect(note.status == .created, "\(note.body.string)")
            #expect(try await server.send(.GET, "/healthz").status == .ok)
        }
    }
}
