import SafeguardCore
import Vapor

/// Refuses bodies over the limit before anything reads them, whether streamed or already collected.
struct BodyLimit: AsyncMiddleware {
    let maxBytes: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let declared = request.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
        let collected = request.body.data?.readableBytes ?? 0
        // Legal documents may be larger than any form; their route collects up to its own limit.
        let limit = request.url.path.hasSuffix("/documents") ? DocumentKind.maximumBytes + 64 * 1024 : maxBytes
        if max(declared, collected) > limit {
            throw Abort(.payloadTooLarge, reason: "The request body is larger than \(limit / 1024) KiB.")
        }
        return try await next.respond(to: request)
    }
}
