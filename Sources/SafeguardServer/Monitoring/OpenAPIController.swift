import Foundation
import Vapor

/// Serves the OpenAPI 3.1 document kept in the repository (Sources/SafeguardServer/Resources/openapi.json).
enum OpenAPIController {
    static let document: Data? = Bundle.module.url(forResource: "openapi", withExtension: "json").flatMap { try? Data(contentsOf: $0) }

    @Sendable static func document(req: Request) async throws -> Response {
        guard let document else { throw Abort(.internalServerError, reason: "the OpenAPI document is missing from the build") }
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: document))
    }
}
