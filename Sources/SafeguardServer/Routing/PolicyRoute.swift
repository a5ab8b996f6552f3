import SafeguardCore
import Vapor

extension Route {
    /// The policy action a route is guarded by; nil for public and account-only routes.
    var policyAction: Action? { userInfo["action"] as? Action }
}

extension RoutesBuilder {
    /// Registers a handler behind the access policy: the request is refused with 403 before the
    /// handler runs (and before any body is read) unless the user's roles allow `action`.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], action: Action, body: HTTPBodyStreamStrategy = .collect,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = on(method, path, body: body) { request async throws -> Response in
            // A one-time password opens the account page and nothing else.
            if try request.actor().mustChangePassword { throw AppError.passwordChangeRequired }
            try request.authorize(action)
            return try await handler(request)
        }
        route.userInfo["action"] = action
        return route
    }

    /// Registers a handler that needs a signed-in user but no particular permission.
    @discardableResult
    func signedIn<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent],
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        on(method, path) { request async throws -> Response in
            _ = try request.actor()
            return try await handler(request)
        }
    }
}
