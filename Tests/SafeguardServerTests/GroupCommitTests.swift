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
            #expect(try await AuditLog.verify(key: server.app.safeguard.auditKey, on: sql).firstBreak == nil)
        }
    }

    /// On SQLite's writer bulk rows go in one statement each (no statement journal): a row refused
    /// at the end must still take the rows before it away, and leave the writes beside it alone.
    @Test func aBulkInsertRefusedAtItsLastRowLeavesNoneOfItsRows() async throws {
        try await TestServer.run { server in
            // setup
            try await server.app.db.sql.raw("CREATE TABLE bulk_probe (code VARCHAR(20) NOT NULL UNIQUE)").run()
            let rows = ["first", "second", "first"].map { [SQLBind($0)] }
            // act: the refused write and a good one at the same time, so that they may share a commit group
            let app = server.app
            let refused = Task { try await app.write { db in try await db.insertRowsNow(into: "bulk_probe", columns: ["code"], rows: rows) } }
            let kept = Task { try await app.write { db in try await db.insertRowsNow(into: "bulk_probe", columns: ["code"], rows: [[SQLBind("beside")]]) } }
            await #expect(throws: (any Error).self) { try await refused.value }
            try await kept.value
            // assert
            let codes = try await server.app.sql.raw("SELECT code FROM bulk_probe").all().map { try $0.decode(column: "code", as: String.self) }
            #expect(codes == ["beside"])
        }
    }
}

@Suite struct SeveralNodesTests {
    /// Two application nodes on one PostgreSQL database append to one audit chain at the same time.
    @Test(.enabled(if: TestServer.onPostgres)) func twoNodesShareOneUnbrokenAuditChain() async throws {
        try await TestServer.run { server in
            // setup: a second node with the same settings and keys
            let second = try await Application.make(.testing)
            let token = server.tokens[.counsellor]!
            do {
                try await configure(second, settings: server.settings)
                // act: both nodes take contacts at once
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    // Twenty at once: enough to interleave the nodes, few enough that a loaded CI
                    // machine does not time out waiting for the tests' small connection pools.
                    for index in 0..<20 {
                        let node = index % 2 == 0 ? server.app : second
                        group.addTask {
                            var headers = HTTPHeaders()
                            headers.bearerAuthorization = .init(token: token)
                            headers.contentType = .json
                            return try await node.testing().sendRequest(.POST, "/api/contacts", headers: headers,
                                                                        body: ByteBuffer(string: TestServer.typicalContact)).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                // assert
                #expect(statuses.allSatisfy { $0 == .created }, "\(statuses)")
                let report = try await AuditLog.verify(key: server.app.safeguard.auditKey, on: server.app.db.sql)
                #expect(report.firstBreak == nil)
                #expect(report.checked >= 20)
            } catch {
                try await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }
}
