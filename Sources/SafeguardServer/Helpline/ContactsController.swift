import SafeguardCore
import Vapor

/// The helpline's JSON API.
enum ContactsController {
    struct Created: Content {
        var id: UUID
        var repeatCaller: RepeatCaller?

        /// Most callers are new: their answer is written directly (see `JSONText`).
        func response(for req: Request, location: String) async throws -> Response {
            guard let repeatCaller, repeatCaller.previousCount > 0 else {
                let id = JSONText.quoted(self.id.uppercaseText)
                let json = repeatCaller == nil ? JSONText.object(["id": id])
                    : JSONText.object(["id": id, "repeatCaller": #"{"previousCount":0,"previous":[]}"#])
                return .created(json: json, location: location)
            }
            return try await created(for: req, location: location)
        }
    }

    struct CallerLookup: Content { var identifier: String }
    struct LinkInput: Content { var caseID: UUID }

    @Sendable static func create(req: Request) async throws -> Response {
        let contact = try req.decodeJSON(ContactInput.init(json:)).validated()
        let recorded = try await HelplineService.record(contact, withEarlierContacts: true, by: try req.caller())
        return try await Created(id: recorded.id, repeatCaller: recorded.repeatCaller).response(for: req, location: HelplinePaths.API.contact(recorded.id))
    }

    @Sendable static func list(req: Request) async throws -> ContactPage {
        try await HelplineService.contacts(try req.query.decode(ContactStore.Filter.self).validated(), by: try req.caller())
    }

    @Sendable static func show(req: Request) async throws -> ContactDetail {
        try await HelplineService.contact(try req.uuid("contactID"), by: try req.caller())
    }

    /// Looks up earlier contacts by phone number or chat id, sent in the body (never the URL).
    @Sendable static func lookupCaller(req: Request) async throws -> RepeatCaller {
        try await HelplineService.earlierContacts(identifier: try req.content.decode(CallerLookup.self).identifier, by: try req.caller())
    }

    @Sendable static func openCase(req: Request) async throws -> Response {
        let input = (try? req.content.decode(CaseInput.self)) ?? CaseInput()
        let created = try await HelplineService.openCase(fromContact: try req.uuid("contactID"), input, by: try req.caller())
        return try await CaseCreated(id: created.id, reference: created.reference)
            .created(for: req, location: CasesPaths.API.case(created.id))
    }

    @Sendable static func link(req: Request) async throws -> HTTPStatus {
        try await HelplineService.link(try req.uuid("contactID"), toCase: try req.content.decode(LinkInput.self).caseID, by: try req.caller())
        return .noContent
    }
}

extension Request {
    /// A UUID path parameter, or 400 naming it.
    func uuid(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw AppError.badRequest("\(name): not a valid id")
        }
        return id
    }
}
