import SafeguardCore
import SQLKit
import Vapor

/// Sign-in for programs (bearer tokens), the signed-in user's own account, and administration.
enum AccountsController {
    struct TokenRequest: Content { var username: String; var password: String; var name: String? }
    struct TokenResponse: Content { var token: String; var expiresAt: Date }
    struct PasswordChange: Content { var currentPassword: String; var newPassword: String }
    struct Me: Content { var id: UUID; var username: String; var displayName: String; var organisationID: UUID; var roles: [String]; var locale: String; var timeZone: String; var mustChangePassword: Bool }
    static let tokenLifetime: TimeInterval = 30 * 24 * 3600

    @Sendable static func createToken(req: Request) async throws -> Response {
        let input = try req.content.decode(TokenRequest.self)
        switch try await req.throttledSignIn({ try await AccountStore.signIn(username: input.username, password: input.password, req: req) }) {
        case .locked: throw AppError.lockedOut
        case .failure: throw AppError.unauthenticated
        case .success(let userID):
            let token = try await req.write { db in
                try await SessionStore.create(userID: userID, kind: .api, name: input.name, lifetime: tokenLifetime, on: db)
            }
            return try await TokenResponse(token: token, expiresAt: Date().addingTimeInterval(tokenLifetime)).created(for: req)
        }
    }

    @Sendable static func revokeToken(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        try await req.write { db in try await SessionStore.delete(sessionID: actor.sessionID, on: db) }
        req.application.sessionCache.forget(session: actor.sessionID)
        return .noContent
    }

    @Sendable static func me(req: Request) async throws -> Me {
        let a = try req.actor()
        return Me(id: a.userID, username: a.username, displayName: a.displayName, organisationID: a.organisationID,
                  roles: a.roles.map(\.rawValue).sorted(), locale: a.locale, timeZone: a.timeZone.identifier, mustChangePassword: a.mustChangePassword)
    }

    /// What a person changes about their own account; each is left as it is when not given.
    struct Preferences: Content { var locale: String?; var timeZone: String? }

    /// The signed-in user's own preferences: the language of pages and the zone times are shown in.
    @Sendable static func updatePreferences(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let input = try req.content.decode(Preferences.self)
        var v = FieldValidator()
        if let locale = input.locale {
            v.check(Strings.supported.contains(locale), "locale", "expected one of: \(Strings.supported.joined(separator: ", "))")
        }
        if let zone = input.timeZone {
            v.check(LocalTime.isKnownZone(zone), "timeZone", "expected a time zone such as Asia/Shanghai or UTC")
        }
        v.check(input.locale != nil || input.timeZone != nil, "locale", "give locale, timeZone or both")
        try v.finish()
        try await req.write { db in
            let update = db.update("users").where("id", .equal, actor.userID)
            if let locale = input.locale { update.set("locale", to: locale) }
            if let zone = input.timeZone { update.set("time_zone", to: zone) }
            try await update.run()
        }
        req.application.sessionCache.forget(user: actor.userID)
        return .noContent
    }

    @Sendable static func changePassword(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let input = try req.content.decode(PasswordChange.self)
        try await AccountStore.changePassword(userID: actor.userID, current: input.currentPassword, new: input.newPassword,
                                              keepSession: actor.sessionID, req: req)
        return .noContent
    }

    // MARK: administration

    struct UserRow: Content { var id: UUID; var username: String; var displayName: String; var organisationID: UUID; var roles: [String]; var active: Bool }
    struct UserCreated: Content { var id: UUID; var oneTimePassword: String? }

    @Sendable static func listUsers(req: Request) async throws -> [UserRow] {
        let rows = try await req.sql.raw("SELECT id, username, display_name, organisation_id, active FROM users ORDER BY username").all()
        let grants = try await req.sql.raw("SELECT user_id, role FROM role_grants").all()
        var roles: [UUID: [String]] = [:]
        for grant in grants { roles[try grant.decode(column: "user_id", as: UUID.self), default: []].append(try grant.decode(column: "role", as: String.self)) }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return UserRow(id: id, username: try row.decode(column: "username", as: String.self),
                           displayName: try row.decode(column: "display_name", as: String.self),
                           organisationID: try row.decode(column: "organisation_id", as: UUID.self),
                           roles: (roles[id] ?? []).sorted(), active: try row.decode(column: "active", as: Bool.self))
        }
    }

    @Sendable static func createUser(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(AccountStore.NewUser.self)
        let app = req.application
        let created = try await req.write { db in
            let created = try await AccountStore.create(input, organisationID: input.organisationID ?? actor.organisationID, app: app, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "user", recordID: created.id.uuidString)], by: actor, on: db)
            return created
        }
        return try await UserCreated(id: created.id, oneTimePassword: created.oneTimePassword).created(for: req)
    }

    struct NewOrganisation: Content { var name: String; var type: String; var regionID: UUID; var timeZone: String? }
    struct NewRegion: Content { var code: String; var name: String; var parentID: UUID? }

    enum OrganisationType: String, CaseIterable {
        case ngo, hospital, school, hotel, police, procuratorate, civilAffairs = "civil_affairs", education = "education_bureau", court, other
    }

    struct OrganisationRow: Content { var id: UUID; var name: String; var type: String; var regionID: UUID; var regionName: String; var regionPath: String }
    struct RegionRow: Content { var id: UUID; var code: String; var name: String; var parentID: UUID?; var path: String }

    @Sendable static func listOrganisations(req: Request) async throws -> [OrganisationRow] {
        try await req.sql.raw("""
            SELECT o.id, o.name, o.type, o.region_id, r.name AS region_name, r.path FROM organisations o JOIN regions r ON r.id = o.region_id
            ORDER BY r.path, o.name
            """).all().map { row in
            OrganisationRow(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                            type: try row.decode(column: "type", as: String.self), regionID: try row.decode(column: "region_id", as: UUID.self),
                            regionName: try row.decode(column: "region_name", as: String.self), regionPath: try row.decode(column: "path", as: String.self))
        }
    }

    @Sendable static func listRegions(req: Request) async throws -> [RegionRow] {
        try await req.sql.raw("SELECT id, code, name, parent_id, path FROM regions ORDER BY path").all().map { row in
            RegionRow(id: try row.decode(column: "id", as: UUID.self), code: try row.decode(column: "code", as: String.self),
                      name: try row.decode(column: "name", as: String.self), parentID: try row.decode(column: "parent_id", as: UUID?.self),
                      path: try row.decode(column: "path", as: String.self))
        }
    }

    @Sendable static func createOrganisation(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(NewOrganisation.self)
        var v = FieldValidator()
        v.check(input.name.trimmed != nil && input.name.count <= 200, "name", "is required, up to 200 characters")
        _ = v.code(input.type, "type", as: OrganisationType.self)
        if let zone = input.timeZone { v.check(LocalTime.isKnownZone(zone), "timeZone", "expected a time zone such as Asia/Shanghai or UTC") }
        try v.finish()
        let id = UUID.timeOrdered()
        try await req.write { db in
            guard try await db.raw("SELECT id FROM regions WHERE id = \(bind: input.regionID)").first() != nil else {
                throw AppError.invalid("regionID", "no such region")
            }
            try await db.insert(into: "organisations").columns("id", "name", "type", "region_id", "time_zone", "created_at")
                .values(SQLBind(id), SQLBind(input.name.trimmed!), SQLBind(input.type), SQLBind(input.regionID), SQLBind(input.timeZone),
                        SQLBind(Date())).run()
            try await AuditLog.append([.init(verb: .create, recordType: "organisation", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await IDOnly(id: id).created(for: req)
    }

    @Sendable static func createRegion(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(NewRegion.self)
        var v = FieldValidator()
        v.check(input.code.range(of: "^[A-Za-z0-9-]{1,20}$", options: .regularExpression) != nil, "code", "use 1 to 20 letters, digits or dashes")
        v.check(input.name.trimmed != nil, "name", "is required")
        try v.finish()
        let id = try await req.write { db in
            let id = try await RegionStore.create(code: input.code, name: input.name, parentID: input.parentID, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "region", recordID: id.uuidString)], by: actor, on: db)
            return id
        }
        return try await IDOnly(id: id).created(for: req)
    }
}

/// The region tree: each region stores its path from the root (`/CN/CN-11/`), so "this region and
/// everything below it" is one indexed prefix match.
enum RegionStore {
    static func create(code: String, name: String, parentID: UUID?, on db: any SQLDatabase) async throws -> UUID {
        var path = "/"
        if let parentID {
            guard let parent = try await db.raw("SELECT path FROM regions WHERE id = \(bind: parentID)").first() else {
                throw AppError.invalid("parentID", "no such region")
            }
            path = try parent.decode(column: "path", as: String.self)
        }
        if try await db.raw("SELECT id FROM regions WHERE code = \(bind: code)").first() != nil {
            throw AppError.conflict("A region with code \(code) exists.")
        }
        let id = UUID.timeOrdered()
        try await db.insert(into: "regions").columns("id", "code", "name", "parent_id", "path")
            .values(SQLBind(id), SQLBind(code), SQLBind(name), SQLBind(parentID), SQLBind(path + code + "/")).run()
        return id
    }
}
