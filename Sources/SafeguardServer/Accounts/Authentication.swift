import SafeguardCore
import Vapor

/// Finds who a request acts for: a bearer token (programs) or the session cookie (browsers).
/// A browser request that changes anything must carry the session's CSRF token, as the form
/// field `_csrf` or the `X-CSRF-Token` header.
struct Authentication: AsyncMiddleware {
    static let cookieName = "sg_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Public routes ignore credentials: a stale token must not stop a health check or a sign-in.
        if Self.isPublic(request.url.path) { return try await next.respond(to: request) }
        let settings = request.safeguard.settings
        if let bearer = request.headers.bearerAuthorization {
            request.actorIfSignedIn = try await SessionStore.actor(secret: bearer.token, kind: .api, settings: settings,
                                                                   app: request.application)
            // On the API a bad token is an error, not an anonymous request: programs must learn at
            // once. A page treats it as anonymous and sends the browser to sign in.
            if request.actorIfSignedIn == nil, !request.wantsHTML { throw AppError.unauthenticated }
        } else if let cookie = request.cookies[Self.cookieName]?.string {
            if let actor = try await SessionStore.actor(secret: cookie, kind: .browser, settings: settings,
                                                        app: request.application) {
                request.actorIfSignedIn = actor
                if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
                    try await Self.checkCSRF(request, expected: actor.csrfToken)
                }
            }
        }
        // Pages show times in the reader's zone (`Layout.date`), without passing it to every view.
        return try await Layout.$timeZone.withValue(request.actorIfSignedIn?.timeZone ?? LocalTime.utc) { try await next.respond(to: request) }
    }

    /// Routes that read no session, whatever credentials come with the request. CDS calls carry
    /// the record system's own signed JWT; a calendar feed's secret address is its key. (Public
    /// pages such as /login still read the cookie: a signed-in person's forms carry its CSRF token.)
    static func isPublic(_ path: String) -> Bool {
        publicPaths.contains(path) || path.hasPrefix(cdsServices) || path.hasPrefix("/calendar/")
    }

    private static let cdsServices = ClinicalPaths.cdsServices()

    private static let publicPaths: Set<String> = [
        ServerPaths.healthz(), ServerPaths.readyz(), ServerPaths.metrics(), ServerPaths.openapiJson(), AccountsPaths.API.tokens(),
        VettingPaths.API.subjectAccess(), VettingPaths.API.subjectAccessReviewRequests(),
    ]

    static func checkCSRF(_ request: Request, expected: String) async throws {
        if let header = request.headers.first(name: "X-CSRF-Token") {
            guard constantTimeEqual(header, expected) else { throw AppError.csrfMismatch }
            return
        }
        if request.body.data == nil {
            // as much as the route itself accepts (an upload form carries its token beside the file), but
            // never a streamed import's gigabytes in memory: those are for programs, which send the header
            let limit = min(BodyLimit.limit(for: request.url.path, otherwise: request.application.routes.defaultMaxBodySize.value), 32 << 20)
            _ = try await request.body.collect(max: limit).get()
        }
        let field = (try? request.content.get(String.self, at: "_csrf")) ?? ""
        guard constantTimeEqual(field, expected) else { throw AppError.csrfMismatch }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
