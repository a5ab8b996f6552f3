import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Administration of the hospital record systems allowed to call the CDS services.
enum ClinicalClientsController {
    struct ClientView: Content {
        var id: UUID
        var organisationID: UUID
        var organisationName: String
        var issuer: String
        var keyIDs: [String]
        var active: Bool
        var updatedAt: Date
    }

    struct Input: Content {
        var organisationID: UUID?
        var issuer: String?
        var jwks: JWKSet?
    }

    struct Update: Content {
        var jwks: JWKSet?
        var active: Bool?
    }

    static func list(on db: any SQLDatabase) async throws -> [ClientView] {
        try await db.raw("""
            SELECT c.id, c.organisation_id, o.name, c.issuer, c.jwks, c.active, c.updated_at FROM cds_clients c
            JOIN organisations o ON o.id = c.organisation_id ORDER BY o.name, c.issuer
            """).all().map { row in
            let set = try? JSONDecoder().decode(JWKSet.self, from: Data(try row.decode(column: "jwks", as: String.self).utf8))
            return ClientView(id: try row.decode(column: "id", as: UUID.self), organisationID: try row.decode(column: "organisation_id", as: UUID.self),
                              organisationName: try row.decode(column: "name", as: String.self), issuer: try row.decode(column: "issuer", as: String.self),
                              keyIDs: set?.keys.compactMap(\.kid) ?? [], active: try row.decode(column: "active", as: Bool.self),
                              updatedAt: try row.decode(column: "updated_at", as: Date.self))
        }
    }

    /// Checks a key set and returns it as stored.
    static func checkedKeys(_ jwks: JWKSet?) throws -> String {
        guard let jwks else { throw AppError.invalid("jwks", "paste the record system's JSON Web Key Set ({\"keys\": [...]})") }
        do { _ = try IssuerKeys(jwks) } catch { throw AppError.invalid("jwks", error.message) }
        return String(decoding: try JSONEncoder().encode(jwks), as: UTF8.self)
    }

    static func register(_ input: Input, actor: Actor, on db: any SQLDatabase) async throws -> IDOnly {
        var v = FieldValidator()
        let issuer = input.issuer?.trimmedWhitespace ?? ""
        v.check((3...300).contains(issuer.count), "issuer", "give the issuer (iss) the record system signs with, 3 to 300 characters")
        v.check(input.organisationID != nil, "organisationID", "choose the hospital")
        try v.finish()
        let keys = try checkedKeys(input.jwks)
        guard let type = try await db.raw("SELECT type FROM organisations WHERE id = \(bind: input.organisationID!)").first()?
            .decode(column: "type", as: String.self) else { throw AppError.invalid("organisationID", "no such organisation") }
        guard type == "hospital" else { throw AppError.invalid("organisationID", "must be a hospital in the directory") }
        guard try await db.raw("SELECT id FROM cds_clients WHERE issuer = \(bind: issuer)").first() == nil else {
            throw AppError.conflict("A record system with this issuer is already registered.")
        }
        let id = UUID.timeOrdered(), now = Date()
        try await db.insert(into: "cds_clients").columns("id", "organisation_id", "issuer", "jwks", "active", "created_at", "updated_at")
            .values(SQLBind(id), SQLBind(input.organisationID!), SQLBind(issuer), SQLBind(keys), SQLBind(true), SQLBind(now), SQLBind(now)).run()
        try await AuditLog.append([.init(verb: .create, recordType: "cds_client", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    @Sendable static func index(req: Request) async throws -> [ClientView] {
        try await list(on: req.sql)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(Input.self)
        let created = try await req.write { db in try await register(input, actor: actor, on: db) }
        req.application.cdsClients.forget()
        return try await created.created(for: req)
    }

    static func change(_ id: UUID, jwks: JWKSet?, active: Bool?, actor: Actor, on db: any SQLDatabase) async throws {
        let keys = try jwks.map { try checkedKeys($0) }
        guard try await db.raw("SELECT id FROM cds_clients WHERE id = \(bind: id)").first() != nil else { throw AppError.notFound("CDS client") }
        var sets: [SQLQueryString] = ["updated_at = \(bind: Date())"]
        if let keys { sets.append("jwks = \(bind: keys)") }
        if let active { sets.append("active = \(bind: active)") }
        try await db.raw("UPDATE cds_clients SET \(sets.joined(separator: ", ")) WHERE id = \(bind: id)").run()
        let what = [keys != nil ? "keys replaced" : nil, active.map { $0 ? "activated" : "deactivated" }].compactMap { $0 }
        try await AuditLog.append([.init(verb: .update, recordType: "cds_client", recordID: id.uuidString, reason: what.joined(separator: ", "))],
                                  by: actor, on: db)
    }

    @Sendable static func update(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("clientID")
        let input = try req.content.decode(Update.self)
        try await req.write { db in try await change(id, jwks: input.jwks, active: input.active, actor: actor, on: db) }
        req.application.cdsClients.forget()
        return .noContent
    }
}
