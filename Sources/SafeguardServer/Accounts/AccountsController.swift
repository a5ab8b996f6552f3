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
        try await AccountService.updatePreferences(try req.content.decode(Preferences.self), by: try req.caller())
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
        try await AccountService.users(on: req.sql)
    }

    @Sendable static func createUser(req: Request) async throws -> Response {
        let input = try req.content.decode(AccountStore.NewUser.self)
        let created = try await AccountService.createUser(input, by: try req.caller())
        return try await UserCreated(id: created.id, oneTimePassword: created.oneTimePassword).created(for: req)
    }

    struct NewOrganisation: Content {
        var name: String; var type: String; var regionID: UUID; var timeZone: String?
        /// `CN` (the default) or `MN`.
        var countryPack: String?
    }
    struct NewRegion: Content { var code: String; var name: String; var parentID: UUID? }

    enum OrganisationType: String, CaseIterable {
        case ngo, hospital, school, hotel, police, procuratorate, civilAffairs = "civil_affairs", education = "education_bureau", court, childHelpline = "child_helpline", other
    }

    struct OrganisationRow: Content { var id: UUID; var name: String; var type: String; var regionID: UUID; var regionName: String; var regionPath: String }
    struct RegionRow: Content { var id: UUID; var code: String; var name: String; var parentID: UUID?; var path: String }

    @Sendable static func listOrganisations(req: Request) async throws -> [OrganisationRow] {
        try await AccountService.organisations(on: req.sql)
    }

    @Sendable static func listRegions(req: Request) async throws -> [RegionRow] {
        try await AccountService.regions(on: req.sql)
    }

    @Sendable static func createOrganisation(req: Request) async throws -> Response {
        let id = try await AccountService.createOrganisation(try req.content.decode(NewOrganisation.self), by: try req.caller())
        return try await IDOnly(id: id).created(for: req)
    }

    @Sendable static func importRegions(req: Request) async throws -> Response {
        guard let body = req.body.data, body.readableBytes > 0 else { throw AppError.invalid("file", "send the CSV file of regions as the body") }
        return try await AccountService.importRegions(Array(body.readableBytesView), by: try req.caller()).created(for: req)
    }

    @Sendable static func createRegion(req: Request) async throws -> Response {
        let id = try await AccountService.createRegion(try req.content.decode(NewRegion.self), by: try req.caller())
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
