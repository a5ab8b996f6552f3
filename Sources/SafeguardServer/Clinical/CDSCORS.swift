import Vapor

/// CORS for the CDS services, as CDS Hooks asks, so that SMART apps in a browser can call them:
/// discovery may be read from anywhere; hook calls and feedback from the origins the operator
/// registered (`SAFEGUARD_CDS_ORIGINS`). Preflight requests are answered here, before routing.
struct CDSCORS: AsyncMiddleware {
    let allowedOrigins: Set<String>

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path == ClinicalPaths.cdsServices() || path.hasPrefix("/cds-services/") else { return try await next.respond(to: request) }
        let origin = request.headers.first(name: .origin)
        let allowed: String? = path == ClinicalPaths.cdsServices() ? "*" : origin.flatMap { allowedOrigins.contains($0) ? $0 : nil }
        let response: Response
        if request.method == .OPTIONS, request.headers.contains(name: .accessControlRequestMethod) {
            response = Response(status: allowed == nil ? .forbidden : .noContent)
            if allowed != nil {
                response.headers.replaceOrAdd(name: .accessControlAllowMethods, value: path == ClinicalPaths.cdsServices() ? "GET, OPTIONS" : "POST, OPTIONS")
                response.headers.replaceOrAdd(name: .accessControlAllowHeaders, value: "Authorization, Content-Type")
                response.headers.replaceOrAdd(name: .accessControlMaxAge, value: "600")
            }
        } else {
            // Errors too carry the header, or a browser app could not read why it was refused.
            do { response = try await next.respond(to: request) } catch { response = ProblemMiddleware.response(for: error, request: request) }
        }
        if let allowed {
            response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: allowed)
            if allowed != "*" { response.headers.replaceOrAdd(name: .vary, value: "Origin") }
        }
        return response
    }
}
