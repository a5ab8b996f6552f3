import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Break-glass: a worker who must see a case outside their own (a child in crisis on the line at
/// night, the case worker away) opens it for a few hours by giving a reason. The access reads
/// only (never privileged notes), is audited, shows in the case's timeline, and is listed to the
/// organisation's supervisors.
enum BreakGlass {
    static let lifetime: TimeInterval = 4 * 3600
    static let contextTable = "break_glass"

    struct Input: Content { var reason: String }
    struct Granted: Content { var id: UUID; var expiresAt: Date }

    struct Grant: Content {
        var id: UUID
        var caseID: UUID
        var caseReference: String
        var userID: UUID
        var userName: String
        var reason: String
        var createdAt: Date
        var expiresAt: Date
    }

    /// The SQL condition "the actor holds a live break-glass grant on case `k`".
    static func condition(_ actor: Actor, now: Date = Date()) -> SQLQueryString {
        "k.id IN (SELECT case_id FROM break_glass WHERE user_id = \(bind: actor.userID) AND expires_at > \(bind: now))"
    }

    static func open(_ caseID: UUID, reason: String, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Granted {
        guard let reason = reason.trimmed, reason.count >= 10, reason.count <= 1_000 else {
            throw AppError.invalid("reason", "say in 10 to 1000 characters why this case must be opened now")
        }
        let scopes = AccessPolicy.scopes(for: actor.roles, .caseBreakGlass)
        guard try await CaseStore.isVisible(caseID, scopes: scopes, actor: actor, on: db) else { throw AppError.notFound("case") }
        if try await CaseStore.isVisible(caseID, scopes: AccessPolicy.scopes(for: actor.roles, .caseRead), actor: actor, on: db) {
            throw AppError.conflict("You can already open this case.")
        }
        let id = UUID.timeOrdered(), now = Date(), expires = now.addingTimeInterval(lifetime)
        try await db.insert(into: "break_glass")
            .columns("id", "user_id", "case_id", "organisation_id", "reason", "created_at", "expires_at")
            .values(SQLBind(id), SQLBind(actor.userID), SQLBind(caseID), SQLBind(actor.organisationID),
                    SQLBind(try services.cipher.seal(reason, context: "\(contextTable)/\(id.uuidString)/reason")), SQLBind(now), SQLBind(expires))
            .run()
        try await CaseStore.addEvent(caseID, kind: "break_glass", detail: id.uuidString, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .breakGlass, recordType: "case", recordID: caseID.uuidString, reason: "grant \(id.uuidString)")],
                                  by: actor, on: db)
        return Granted(id: id, expiresAt: expires)
    }

    /// Break-glass grants in the supervisor's organisation, newest first; the reasons are read, so audited.
    static func recent(_ actor: Actor, services: AppServices, days: Int = 30, on db: any SQLDatabase) async throws -> Audited<[Grant]> {
        let since = Date().addingTimeInterval(-Double(days) * 86_400)
        let grants = try await db.raw("""
            SELECT b.id, b.case_id, k.reference, b.user_id, u.display_name, b.reason, b.created_at, b.expires_at
            FROM break_glass b JOIN cases k ON k.id = b.case_id JOIN users u ON u.id = b.user_id
            WHERE b.organisation_id = \(bind: actor.organisationID) AND b.created_at >= \(bind: since)
            ORDER BY b.created_at DESC LIMIT 200
            """).all().map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return Grant(id: id, caseID: try row.decode(column: "case_id", as: UUID.self),
                         caseReference: try row.decode(column: "reference", as: String.self),
                         userID: try row.decode(column: "user_id", as: UUID.self),
                         userName: try row.decode(column: "display_name", as: String.self),
                         reason: try services.cipher.open(try row.decode(column: "reason", as: String.self), context: "\(contextTable)/\(id.uuidString)/reason"),
                         createdAt: try row.decode(column: "created_at", as: Date.self),
                         expiresAt: try row.decode(column: "expires_at", as: Date.self))
        }
        return Audited(grants, grants.map { .init(verb: .read, recordType: "break_glass", recordID: $0.id.uuidString) })
    }

    @Sendable static func openCase(req: Request) async throws -> Response {
        let id = try req.uuid("caseID")
        let granted = try await CaseService.breakGlass(id, try req.content.decode(Input.self), by: try req.caller())
        return try await granted.created(for: req, location: CasesPaths.API.case(id))
    }

    @Sendable static func list(req: Request) async throws -> [Grant] {
        let actor = try req.actor()
        let services = req.safeguard
        return try await req.auditedRead { db in try await recent(actor, services: services, on: db) }
    }
}
