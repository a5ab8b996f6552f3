import SafeguardCore
import Vapor

/// Refuses bodies over the limit before anything reads them, whether streamed or already collected.
struct BodyLimit: AsyncMiddleware {
    let maxBytes: Int
    static let streamedPaths: Set<String> = [VettingPaths.API.registryImports(), VettingPaths.API.roster()]
    static let maximumStreamedBytes = 4 << 30
    static let uploadFormPaths: Set<String> = [VettingPaths.registryImports(), VettingPaths.roster()]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let declared = request.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
        let collected = request.body.data?.readableBytes ?? 0
        // Legal documents may be larger than any form; their route collects up to its own limit.
        // CSV imports are read as a stream in bounded memory, a million rows or more.
        let path = request.url.path
        // Browser forms post CSV files too, collected up to 32 MiB.
        let limit = path.hasSuffix("/documents") ? DocumentKind.maximumBytes + 64 * 1024
            : Self.streamedPaths.contains(path) ? Self.maximumStreamedBytes
            : Self.uploadFormPaths.contains(path) ? 32 << 20 : maxBytes
        if max(declared, collected) > limit {
            throw Abort(.payloadTooLarge, reason: "The request body is larger than \(limit / 1024) KiB.")
        }
        return try await next.respond(to: request)
    }
}
