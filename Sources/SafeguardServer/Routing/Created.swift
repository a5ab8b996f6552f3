import Vapor

extension Content {
    /// 201 Created, with the new record's address when it has one of its own.
    func created(for req: Request, location: String? = nil) async throws -> Response {
        let response = try await encodeResponse(status: .created, for: req)
        if let location { response.headers.replaceOrAdd(name: .location, value: location) }
        return response
    }
}
