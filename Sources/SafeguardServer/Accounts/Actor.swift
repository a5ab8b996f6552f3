import SafeguardCore
import Vapor

/// The signed-in user a request acts for.
struct Actor: Sendable {
    enum Via: Sendable { case browserSession, apiToken }

    let userID: UUID
    let organisationID: UUID
    let regionPath: String
    let username: String
    let displayName: String
    let roles: Set<Role>
    let locale: String
    /// Where the person reads times: their own zone, else their organisation's, else UTC.
    let timeZone: TimeZone
    let sessionID: String
    let csrfToken: String
    let via: Via
    let mustChangePassword: Bool
    /// The organisation's: which identity documents its records take, and how they are checked.
    var countryPack: CountryPack = .china
}

extension Request {
    struct ActorKey: StorageKey { typealias Value = Actor }

    var actorIfSignedIn: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }

    func actor() throws -> Actor {
        guard let actor = actorIfSignedIn else { throw AppError.unauthenticated }
        return actor
    }

    /// Asks the access policy; returns the scopes to filter by, or throws 403.
    @discardableResult
    func authorize(_ action: Action) throws -> Set<Scope> {
        let actor = try actor()
        let scopes = AccessPolicy.scopes(for: actor.roles, action)
        guard !scopes.isEmpty else { throw AppError.forbidden(action) }
        return scopes
    }
}
