import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor

@Suite struct GroupCommitTests {
    @Test func concurrentWritesCommitTogetherAndAFailedOneLeavesNoTrace() async throws {
        try await TestServer.run { server in
            // setup: 30 contacts at once, every third naming a case nobody can see
            let bad = TestServer.typicalContact.replacingOccurrences(of: "\"callbackConsent\":false", with:
                "\"callbackConsent\":false,\"caseID\":\"\(UUID().uuidString)\"")
            // act
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<30 {
                    group.addTask { try await server.send(.POST, "/api/contacts", as: .counsellor, json: index % 3 == 0 ? bad : TestServer.typicalContact).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // assert
            #expect(statuses.filter { $0 == .created }.count == 20)
            #expect(statuses.filter { $0 == .unprocessableEntity }.count == 10)
            let sql = server.app.db.sql
            let contacts = try await sql.raw("SELECT COUNT(*) AS n FROM contacts").first()!.decode(column: "n", as: Int.self)
            let categories = try await sql.raw("SELECT COUNT(*) AS n FROM contact_categories").first()!.decode(column: "n", as: Int.self)
            let created = try await sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'create' AND record_type = 'contact'").first()!
                .decode(column: "n", as: Int.self)
            #expect(contacts == 20)
            #expect(categories == 40)
            #expect(created == 20)
            #expect(try await AuditLog.verify(on: sql).firstBreak == nil)
        }
    }
}
