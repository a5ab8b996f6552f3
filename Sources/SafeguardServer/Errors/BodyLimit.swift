import SafeguardCore
import Vapor

/// Refuses bodies over the limit before anything reads them, whether streamed or already collected.
struct BodyLimit: AsyncMiddleware {
    let maxBytes: Int
    static let streamedPaths: Set<String> = [VettingPaths.API.registryImports(), VettingPaths.API.roster()]
    static let maximumStreamedBytes = 4 << 30
    /// Browser forms that post CSV files, and MARC files by form or API.
    static let uploadFormPaths: Set<String> = [VettingPaths.registryImports(), VettingPaths.roster(), LibraryPaths.importMARC(), LibraryPaths.API.importMARC(),
                                                       UNMonitoringPaths.recommendationsImport(), UNMonitoringPaths.API.imports(),
                                                       AccountsPaths.adminRegionsImport(), AccountsPaths.API.regionImports()]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let declared = request.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
        let collected = request.body.data?.readableBytes ?? 0
        let limit = Self.limit(for: request.url.path, otherwise: maxBytes)
        if max(declared, collected) > limit {
            throw Abort(.payloadTooLarge, reason: "The request body is larger than \(limit / 1024) KiB.")
        }
        return try await next.respond(to: request)
    }

    /// The most a request to this path may send: what anything that reads the body collects at most
    /// (the route itself, or the CSRF check of a browser's form before it).
    static func limit(for path: String, otherwise maxBytes: Int) -> Int {
        // Legal documents, training materials and evidence may be larger than any form; their routes collect up to their own limit.
        if documentUpload(path) { return DocumentKind.maximumBytes + 64 * 1024 }
        // CSV imports are read as a stream in bounded memory, a million rows or more.
        if streamedPaths.contains(path) { return maximumStreamedBytes }
        // Browser forms post CSV files too, and MARC files come by form or API, collected up to 32 MiB.
        if uploadFormPaths.contains(path) { return 32 << 20 }
        return maxBytes
    }

    // Every request passes here: the paths are made once, not per request.
    private static let materials = TrainingPaths.materials(), apiMaterials = TrainingPaths.API.materials()
    private static let materialsBelow = materials + "/", apiMaterialsBelow = apiMaterials + "/"
    private static let projectsBelow = TrainingPaths.projects() + "/", apiProjectsBelow = TrainingPaths.API.projects() + "/"

    private static func documentUpload(_ path: String) -> Bool {
        path.hasSuffix("/documents") || path == materials || path == apiMaterials
            || (path.hasPrefix(materialsBelow) || path.hasPrefix(apiMaterialsBelow)) && path.hasSuffix("/versions")
            // a change project's progress report with its evidence, or evidence added later
            || path.hasPrefix(projectsBelow) && path.hasSuffix("/reports")
            || path.hasPrefix(apiProjectsBelow) && path.hasSuffix("/evidence")
    }
}
