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
        let actor = try req.actor()
        let contact = try req.decodeJSON(ContactInput.init(json:)).validated()
        let services = req.safeguard
        let caseScopes = AccessPolicy.scopes(for: actor.roles, .caseUpdate)
        let listScopes = AccessPolicy.scopes(for: actor.roles, .contactList)
        let newContact = try ContactStore.NewContact(contact, by: actor, services: services)
        let id = try await req.write { db in try await newContact.write(caseScopes: caseScopes, on: db) }
        // Earlier contacts are read after the commit, so the write lock is held only for the insert.
        var repeatCaller: RepeatCaller? = nil
        if let hash = newContact.callerHash, !listScopes.isEmpty {
            repeatCaller = try await ContactStore.previousContacts(callerHash: hash, excluding: id, scopes: listScopes, actor: actor, on: req.sql)
        }
        return try await Created(id: id, repeatCaller: repeatCaller).response(for: req, location: HelplinePaths.API.contact(id))
    }

    @Sendable static func list(req: Request) async throws -> ContactPage {
        let scopes = try req.authorize(.contactList)
        let filter = try req.query.decode(ContactStore.Filter.self).validated()
        return try await ContactStore.list(filter, scopes: scopes, actor: try req.actor(), on: req.sql)
    }

    @Sendable static func show(req: Request) async throws -> ContactDetail {
        let scopes = try req.authorize(.contactRead)
        let actor = try req.actor()
        let id = try req.uuid("contactID")
        let services = req.safeguard
        let listScopes = AccessPolicy.scopes(for: actor.roles, .contactList)
        return try await req.auditedRead { db in
            try await ContactStore.detail(id, scopes: scopes, actor: actor, services: services, contactListScopes: listScopes, on: db)
        }
    }

    /// Looks up earlier contacts by phone number or chat id, sent in the body (never the URL).
    @Sendable static func lookupCaller(req: Request) async throws -> RepeatCaller {
        let scopes = try req.authorize(.contactList)
        let actor = try req.actor()
        let input = try req.content.decode(CallerLookup.self)
        guard let hash = req.safeguard.blindIndex.callerIdentifier(input.identifier) else {
            throw AppError.invalid("identifier", "is empty")
        }
        return try await req.write { db in
            let found = try await ContactStore.previousContacts(callerHash: hash, excluding: nil, scopes: scopes, actor: actor, on: db)
            try await AuditLog.append(found.previous.map { .init(verb: .list, recordType: "contact", recordID: $0.id.uuidString, reason: "repeat caller") },
                                      by: actor, on: db)
            return found
        }
    }

    @Sendable static func openCase(req: Request) async throws -> Response {
        let actor = try req.actor()
        try req.authorize(.contactRead)
        let id = try req.uuid("contactID")
        let input = (try? req.content.decode(CaseInput.self)) ?? CaseInput()
        let services = req.safeguard
        let created = try await req.write { db in
            try await CaseStore.openFromContact(id, input: input, actor: actor, services: services, on: db)
        }
        return try await CaseCreated(id: created.id, reference: created.reference)
            .created(for: req, location: CasesPaths.API.case(created.id))
    }

    @Sendable static func link(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let contactScopes = try req.authorize(.contactRead)
        let caseScopes = try req.authorize(.caseUpdate)
        let id = try req.uuid("contactID")
        let input = try req.content.decode(LinkInput.self)
        try await req.write { db in
            try await ContactStore.link(id, toCase: input.caseID, actor: actor, contactScopes: contactScopes, caseScopes: caseScopes, on: db)
        }
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
