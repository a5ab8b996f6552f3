import Foundation
import NIOConcurrencyHelpers
import SafeguardCore
import SQLKit
import Vapor

/// Users, their roles and sign-in, with throttling and lock-out after repeated failures.
enum AccountStore {
    enum SignInResult { case success(UUID), failure, locked }

    static func normaliseUsername(_ raw: String) -> String { raw.trimmedWhitespace.lowercased() }

    /// A bcrypt hash at the configured cost to compare against when the user does not exist,
    /// so that timing does not tell which usernames exist.
    private static let decoyHashes = NIOLockedValueBox<[Int: String]>([:])

    static func decoyHash(cost: Int) throws -> String {
        if let hash = decoyHashes.withLockedValue({ $0[cost] }) { return hash }
        let hash = try Bcrypt.hash(SessionStore.newSecret(), cost: cost)
        decoyHashes.withLockedValue { $0[cost] = hash }
        return hash
    }

    /// Checks a password. The attempt is counted in the database before the password is
    /// checked, atomically (`UPDATE ... RETURNING`), so guesses sent in parallel each take one of
    /// the allowed failures instead of all reading the same count. An unknown or inactive
    /// username costs the same bcrypt comparison and gets the same answer as a wrong password.
    static func signIn(username: String, password: String, req: Request) async throws -> SignInResult {
        let settings = req.safeguard.settings
        let name = normaliseUsername(username)
        let attempt = try await req.write { db -> Attempt? in
            guard let row = try await db.raw("""
                UPDATE users SET failed_logins = failed_logins + 1 WHERE username = \(bind: name) AND active = \(bind: true)
                RETURNING id, password_hash, failed_logins, locked_until
                """).first() else { return nil }
            return Attempt(id: try row.decode(column: "id", as: UUID.self), hash: try row.decode(column: "password_hash", as: String.self),
                           count: try row.decode(column: "failed_logins", as: Int.self),
                           lockedUntil: try row.decode(column: "locked_until", as: Date?.self))
        }
        guard let attempt else {
            // The same bcrypt work and the same answers as for a known name, its lock-out included:
            // a "locked" unknown name answers at once, as a locked account does.
            if req.application.signInThrottle.unknownNameIsLocked(name) { return .locked }
            _ = try? await req.password.async.verify(password, created: try decoyHash(cost: settings.bcryptCost))
            return req.application.signInThrottle.unknownNameFailed(name, limit: settings.maxFailedLogins, lockout: settings.lockout)
                ? .locked : .failure
        }
        let now = Date()
        if let lockedUntil = attempt.lockedUntil, lockedUntil > now {
            // Attempts during a lock-out are not failures of their own: the lock's end starts afresh.
            try await req.write { db in
                try await db.raw("UPDATE users SET failed_logins = failed_logins - 1 WHERE id = \(bind: attempt.id) AND failed_logins > 0").run()
            }
            return .locked
        }
        if attempt.count > settings.maxFailedLogins {
            try await lock(attempt.id, until: now.addingTimeInterval(settings.lockout), req: req)
            return .locked
        }
        if try await req.password.async.verify(password, created: attempt.hash) {
            try await req.write { db in
                try await db.update("users").set("failed_logins", to: 0).where("id", .equal, attempt.id).run()
                try await AuditLog.append([.init(verb: .login, recordType: "user", recordID: attempt.id.uuidString)], actorID: attempt.id.uuidString,
                                          organisationID: "", on: db)
            }
            return .success(attempt.id)
        }
        guard attempt.count >= settings.maxFailedLogins else { return .failure }
        try await lock(attempt.id, until: now.addingTimeInterval(settings.lockout), req: req)
        return .locked
    }

    private struct Attempt: Sendable { var id: UUID; var hash: String; var count: Int; var lockedUntil: Date? }

    private static func lock(_ id: UUID, until: Date, req: Request) async throws {
        try await req.write { db in
            try await db.update("users").set("failed_logins", to: 0).set("locked_until", to: until).where("id", .equal, id).run()
            try await AuditLog.append([.init(verb: .update, recordType: "user", recordID: id.uuidString, reason: "locked after failed sign-ins")],
                                      actorID: "system", organisationID: "", on: db)
        }
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
        if let password = input.password { checkPassword(password, username: username, &v, field: "password") }
        if let locale = input.locale { v.check(Strings.supported.contains(locale), "locale", "expected one of: \(Strings.supported.joined(separator: ", "))") }
        try v.finish()
        if try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first() != nil {
            throw AppError.conflict("The username \(username) is taken.")
        }
        if try await db.raw("SELECT id FROM organisations WHERE id = \(bind: organisationID)").first() == nil {
            throw AppError.invalid("organisationID", "no such organisation")
        }
        let oneTime = input.password == nil ? OneTimePassword.make() : nil
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

    static func checkPassword(_ password: String, username: String?, _ v: inout FieldValidator, field: String) {
        for problem in PasswordPolicy.problems(password, username: username) { v.add(field, problem) }
    }

    static func changePassword(userID: UUID, current: String, new: String, keepSession: String?, req: Request) async throws {
        let row = try await req.sql.raw("SELECT password_hash, username FROM users WHERE id = \(bind: userID)").first()
        var v = FieldValidator()
        checkPassword(new, username: try row?.decode(column: "username", as: String.self), &v, field: "newPassword")
        v.check(new != current, "newPassword", "must differ from the current password")
        try v.finish()
        guard let row,
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
