import Vapor

/// Refuses bodies over the limit before anything reads them, whether streamed or already collected.
struct BodyLimit: AsyncMiddleware {
    let maxBytes: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let declared = request.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
        let collected = request.body.data?.readableBytes ?? 0
        if max(declared, collected) > maxBytes {
            throw Abort(.payloadTooLarge, reason: "The request body is larger than \(maxBytes / 1024) KiB.")
        }
        return try await next.respond(to: request)
    }
}
