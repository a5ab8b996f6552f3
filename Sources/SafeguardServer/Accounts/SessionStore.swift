import Crypto
import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Browser sessions and API tokens: random secrets given to the client, stored only as SHA-256.
enum SessionStore {
    enum Kind: String, Sendable { case browser, api }

    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ secret: String) -> String {
        Hex.encode(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Creates a session and returns the secret to hand to the client.
    static func create(userID: UUID, kind: Kind, name: String? = nil, lifetime: TimeInterval, on db: any SQLDatabase) async throws -> String {
        let secret = newSecret()
        let now = Date()
        try await db.insert(into: "sessions")
            .columns("id", "user_id", "kind", "csrf_token", "name", "created_at", "last_seen_at", "expires_at")
            .values(SQLBind(digest(secret)), SQLBind(userID), SQLBind(kind.rawValue), SQLBind(newSecret()), SQLBind(name),
                    SQLBind(now), SQLBind(now), SQLBind(now.addingTimeInterval(lifetime)))
            .run()
        return secret
    }

    static func delete(sessionID: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "sessions").where("id", .equal, sessionID).run()
    }

    /// The actor behind a secret, or nil when it is unknown, expired or idle too long.
    static func actor(secret: String, kind: Kind, settings: Settings, app: Application) async throws -> Actor? {
        let sessionID = digest(secret)
        let now = Date()
        if let cached = app.sessionCache.get(sessionID, now: now), cached.kind == kind, cached.expiresAt > now,
           now.timeIntervalSince(cached.lastSeen) <= 60 {
            return cached.actor
        }
        let sql = app.db.sql
        // One round trip per request: the roles come along as a comma-separated list.
        let roleList: SQLQueryString = sql.dialect.name == "postgresql" ? "string_agg(g.role, ',')" : "group_concat(g.role, ',')"
        guard let row = try await sql.raw("""
            SELECT s.kind, s.csrf_token, s.last_seen_at, s.expires_at, u.id AS user_id, u.organisation_id, u.username,
                   u.display_name, u.locale, COALESCE(u.time_zone, o.time_zone) AS time_zone, u.active, u.must_change_password, r.path, o.country_pack,
                   (SELECT \(roleList) FROM role_grants g WHERE g.user_id = u.id) AS roles
            FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id
            JOIN regions r ON r.id = o.region_id
            WHERE s.id = \(bind: sessionID)
            """).first() else { return nil }
        guard try row.decode(column: "kind", as: String.self) == kind.rawValue,
              try row.decode(column: "active", as: Bool.self) else { return nil }
        var lastSeen = try row.decode(column: "last_seen_at", as: Date.self)
        let expiresAt = try row.decode(column: "expires_at", as: Date.self)
        let expired = expiresAt < now || (kind == .browser && now.timeIntervalSince(lastSeen) > settings.sessionIdleTimeout)
        if expired {
            try await app.write { db in try await delete(sessionID: sessionID, on: db) }
            app.sessionCache.forget(session: sessionID)
            return nil
        }
        if now.timeIntervalSince(lastSeen) > 60 {
            try await app.write { db in
                try await db.update("sessions").set("last_seen_at", to: now).where("id", .equal, sessionID).run()
            }
            lastSeen = now
        }
        let userID = try row.decode(column: "user_id", as: UUID.self)
        let roles = (try row.decode(column: "roles", as: String?.self) ?? "").split(separator: ",").compactMap { Role(rawValue: String($0)) }
        let actor = Actor(userID: userID,
                     organisationID: try row.decode(column: "organisation_id", as: UUID.self),
                     regionPath: try row.decode(column: "path", as: String.self),
                     username: try row.decode(column: "username", as: String.self),
                     displayName: try row.decode(column: "display_name", as: String.self),
                     roles: Set(roles),
                     locale: try row.decode(column: "locale", as: String.self),
                     timeZone: try row.decode(column: "time_zone", as: String?.self).flatMap(TimeZone.init(identifier:)) ?? LocalTime.utc,
                     sessionID: sessionID,
                     csrfToken: try row.decode(column: "csrf_token", as: String.self),
                     via: kind == .browser ? .browserSession : .apiToken,
                     mustChangePassword: try row.decode(column: "must_change_password", as: Bool.self),
                     countryPack: CountryPack(rawValue: try row.decode(column: "country_pack", as: String.self)) ?? .china)
        app.sessionCache.put(sessionID, .init(actor: actor, kind: kind, expiresAt: expiresAt, lastSeen: lastSeen, cachedAt: now))
        return actor
    }
}
