import SafeguardCore
import SQLKit
import Vapor

/// Who asks, and the application that answers: what an area's service needs, the same whether a
/// JSON request or a form post asks.
struct Caller: Sendable {
    let actor: Actor
    let app: Application

    var services: AppServices { app.safeguard }

    /// One transaction, as `Request.write`.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await app.write(as: actor, body)
    }
}

extension Request {
    /// The signed-in user as a service's caller.
    func caller() throws -> Caller { Caller(actor: try actor(), app: application) }
}

extension Caller {
    /// A read of personal data, and the record of who read it.
    func auditedRead<T: Sendable>(_ read: (any SQLDatabase) async throws -> Audited<T>) async throws -> T {
        let result = try await read(app.sql)
        let actor = self.actor
        try await write { db in try await AuditLog.append(result.entries, by: actor, on: db) }
        return result.value
    }
}

extension Caller {
    /// Where the caller may do `action`; refused (403) when nowhere, as `Request.authorize`.
    func scopes(_ action: Action) throws -> Set<Scope> {
        let scopes = AccessPolicy.scopes(for: actor.roles, action)
        guard !scopes.isEmpty else { throw AppError.forbidden(action) }
        return scopes
    }
}
