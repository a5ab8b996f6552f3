import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// In-app notices: "a report was filed automatically", "the authority asked a question".
/// They carry a kind and a record id, never personal data.
enum Notifications {
    struct Notice: Content {
        var id: UUID
        var kind: String
        var recordType: String
        var recordID: UUID
        var createdAt: Date
        var read: Bool
    }

    static func notify(users: [UUID], kind: NoticeKind, recordType: String, recordID: UUID, on db: any SQLDatabase) async throws {
        let now = Date()
        let rows = Set(users).map { [SQLBind(UUID.timeOrdered()), SQLBind($0), SQLBind(kind.rawValue), SQLBind(recordType), SQLBind(recordID), SQLBind(now)] }
        try await db.insertRows(into: "notifications", columns: ["id", "user_id", "kind", "record_type", "record_id", "created_at"], rows: rows)
    }

    /// Active users of these organisations who hold one of the roles.
    static func users(in organisations: [UUID], roles: [Role], on db: any SQLDatabase) async throws -> [UUID] {
        guard !organisations.isEmpty, !roles.isEmpty else { return [] }
        return try await db.raw("""
            SELECT DISTINCT u.id FROM users u JOIN role_grants g ON g.user_id = u.id
            WHERE u.active = \(bind: true) AND u.organisation_id IN (\(binds: organisations)) AND g.role IN (\(binds: roles.map(\.rawValue)))
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    static func recent(for userID: UUID, on db: any SQLDatabase) async throws -> [Notice] {
        try await db.raw("""
            SELECT id, kind, record_type, record_id, created_at, read_at FROM notifications WHERE user_id = \(bind: userID)
            ORDER BY created_at DESC LIMIT 50
            """).all().map { row in
            Notice(id: try row.decode(column: "id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
                   recordType: try row.decode(column: "record_type", as: String.self), recordID: try row.decode(column: "record_id", as: UUID.self),
                   createdAt: try row.decode(column: "created_at", as: Date.self), read: try row.decodeNil(column: "read_at") == false)
        }
    }

    static func markRead(for userID: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE notifications SET read_at = \(bind: Date()) WHERE user_id = \(bind: userID) AND read_at IS NULL").run()
    }

    @Sendable static func list(req: Request) async throws -> [Notice] {
        try await recent(for: try req.actor().userID, on: req.sql)
    }

    @Sendable static func markAllRead(req: Request) async throws -> HTTPStatus {
        let userID = try req.actor().userID
        try await req.write { db in try await markRead(for: userID, on: db) }
        return .noContent
    }
}
