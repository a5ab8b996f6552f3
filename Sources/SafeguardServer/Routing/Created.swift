import Vapor

extension Content {
    /// 201 Created, with the new record's address when it has one of its own.
    func created(for req: Request, location: String? = nil) async throws -> Response {
        let response = try await encodeResponse(status: .created, for: req)
        if let location { response.headers.replaceOrAdd(name: .location, value: location) }
        return response
    }
}

/// The answer to a create that has nothing more to say than the new record's id.
struct IDOnly: Content { var id: UUID }

/// The answer to opening a case: its id and the reference people use for it.
struct CaseCreated: Content { var id: UUID; var reference: String }
