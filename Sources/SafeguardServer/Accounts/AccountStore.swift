import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Users, their roles and sign-in, with throttling and lock-out after repeated failures.
enum AccountStore {
    enum SignInResult { case success(UUID), failure, locked }

    static func normaliseUsername(_ raw: String) -> String { raw.trimmedWhitespace.lowercased() }

    /// A bcrypt hash to compare against when the user does not exist, so that timing does not
    /// tell which usernames exist.
    static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhu9Ox0ZqjoEwCXbxxM0GfOHZMP9BVYdxS"

    static func signIn(username: String, password: String, req: Request) async throws -> SignInResult {
        let settings = req.safeguard.settings
        let row = try await req.sql.raw("""
            SELECT id, password_hash, failed_logins, locked_until, active FROM users WHERE username = \(bind: normaliseUsername(username))
            """).first()
        guard let row, try row.decode(column: "active", as: Bool.self) else {
            _ = try? await req.password.async.verify(password, created: decoyHash)
            return .failure
        }
        let id = try row.decode(column: "id", as: UUID.self)
        if let lockedUntil = try row.decode(column: "locked_until", as: Date?.self), lockedUntil > Date() { return .locked }
        let matches = try await req.password.async.verify(password, created: try row.decode(column: "password_hash", as: String.self))
        if matches {
            try await req.write { db in
                try await db.update("users").set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null).where("id", .equal, id).run()
                try await AuditLog.append([.init(verb: .login, recordType: "user", recordID: id.uuidString)], actorID: id.uuidString,
                                          organisationID: "", on: db)
            }
            return .success(id)
        }
        let failures = try row.decode(column: "failed_logins", as: Int.self) + 1
        let lock = failures >= settings.maxFailedLogins
        try await req.write { db in
            try await db.update("users")
                .set("failed_logins", to: lock ? 0 : failures)
                .set("locked_until", to: lock ? SQLBind(Date().addingTimeInterval(settings.lockout)) as any SQLExpression : SQLLiteral.null)
                .where("id", .equal, id).run()
        }
        return lock ? .locked : .failure
    }

    struct NewUser: Content {
        var username: String
        var displayName: String
        var organisationID: UUID?
        var roles: [String]
        var password: String?
        var locale: String?
    }

    /// Creates a user; returns the id and, when no password was given, a one-time password.
    static func create(_ input: NewUser, organisationID: UUID, mustChangePassword: Bool? = nil, app: Application,
                       on db: any SQLDatabase) async throws -> (id: UUID, oneTimePassword: String?) {
        var v = FieldValidator()
        let username = normaliseUsername(input.username)
        v.check(username.range(of: "^[a-z0-9._-]{3,40}$", options: .regularExpression) != nil, "username",
                "use 3 to 40 letters, digits, dots, dashes or underscores")
        v.check(input.displayName.trimmed != nil && input.displayName.count <= 100, "displayName", "is required, up to 100 characters")
        var roles: [Role] = []
        for raw in Set(input.roles).sorted() { if let role = v.code(raw, "roles", as: Role.self) { roles.append(role) } }
        v.check(!input.roles.isEmpty, "roles", "give at least one role")
        if let password = input.password { checkPassword(password, &v, field: "password") }
        if let locale = input.locale { v.check(Strings.supported.contains(locale), "locale", "expected one of: \(Strings.supported.joined(separator: ", "))") }
        try v.finish()
        if try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first() != nil {
            throw AppError.conflict("The username \(username) is taken.")
        }
        if try await db.raw("SELECT id FROM organisations WHERE id = \(bind: organisationID)").first() == nil {
            throw AppError.invalid("organisationID", "no such organisation")
        }
        let oneTime = input.password == nil ? SessionStore.newSecret().prefix(20).description : nil
        let hash = try await app.password.async.hash(input.password ?? oneTime!)
        let id = UUID.timeOrdered()
        try await db.insert(into: "users")
            .columns("id", "organisation_id", "username", "display_name", "password_hash", "locale", "active", "failed_logins",
                     "must_change_password", "created_at")
            .values(SQLBind(id), SQLBind(organisationID), SQLBind(username), SQLBind(input.displayName.trimmed!), SQLBind(hash),
                    SQLBind(input.locale ?? "en"), SQLBind(true), SQLBind(0), SQLBind(mustChangePassword ?? (oneTime != nil)), SQLBind(Date()))
            .run()
        let grants = db.insert(into: "role_grants").columns("user_id", "role")
        for role in roles { grants.values(SQLBind(id), SQLBind(role.rawValue)) }
        try await grants.run()
        return (id, oneTime)
    }

    static func checkPassword(_ password: String, _ v: inout FieldValidator, field: String) {
        v.check(password.count >= 12, field, "must be at least 12 characters")
        v.check(password.count <= 128, field, "must be at most 128 characters")
    }

    static func changePassword(userID: UUID, current: String, new: String, keepSession: String?, req: Request) async throws {
        var v = FieldValidator()
        checkPassword(new, &v, field: "newPassword")
        v.check(new != current, "newPassword", "must differ from the current password")
        try v.finish()
        guard let row = try await req.sql.raw("SELECT password_hash FROM users WHERE id = \(bind: userID)").first(),
              try await req.password.async.verify(current, created: try row.decode(column: "password_hash", as: String.self)) else {
            throw AppError.invalid("currentPassword", "is wrong")
        }
        let hash = try await req.password.async.hash(new)
        try await req.write { db in
            try await db.update("users").set("password_hash", to: hash).set("must_change_password", to: false).where("id", .equal, userID).run()
            // Every other session of this user ends: a stolen session does not survive a password change.
            let delete = db.delete(from: "sessions").where("user_id", .equal, userID)
            if let keepSession { delete.where("id", .notEqual, keepSession) }
            try await delete.run()
            try await AuditLog.append([.init(verb: .update, recordType: "user", recordID: userID.uuidString, reason: "password changed")],
                                      actorID: userID.uuidString, organisationID: "", on: db)
        }
        req.application.sessionCache.forget(user: userID)
    }
}
