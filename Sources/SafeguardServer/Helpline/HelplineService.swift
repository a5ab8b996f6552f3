import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// What can be done with helpline contacts, whoever asks: the JSON API and the contact pages call
/// these with the same input, so each scope check, each seal and each audit entry is made in one place.
enum HelplineService {
    /// Records a contact; its id, and (when asked for and the caller may list contacts) the caller's earlier contacts.
    static func record(_ contact: ValidContact, withEarlierContacts: Bool = false, by caller: Caller) async throws -> (id: UUID, repeatCaller: RepeatCaller?) {
        let actor = caller.actor
        let caseScopes = AccessPolicy.scopes(for: actor.roles, .caseUpdate)
        let listScopes = AccessPolicy.scopes(for: actor.roles, .contactList)
        let newContact = try ContactStore.NewContact(contact, by: actor, services: caller.services)
        let id = try await caller.write { db in try await newContact.write(caseScopes: caseScopes, on: db) }
        // Earlier contacts are read after the commit, so the write lock is held only for the insert.
        guard withEarlierContacts, let hash = newContact.callerHash, !listScopes.isEmpty else { return (id, nil) }
        return (id, try await ContactStore.previousContacts(callerHash: hash, excluding: id, scopes: listScopes, actor: actor, on: caller.app.sql))
    }

    static func contacts(_ filter: ContactStore.Filter, by caller: Caller) async throws -> ContactPage {
        let scopes = try caller.scopes(.contactList)
        return try await ContactStore.list(filter, scopes: scopes, actor: caller.actor, on: caller.app.sql)
    }

    /// One contact (the read is audited).
    static func contact(_ id: UUID, by caller: Caller) async throws -> ContactDetail {
        let scopes = try caller.scopes(.contactRead)
        let (actor, services) = (caller.actor, caller.services)
        let listScopes = AccessPolicy.scopes(for: actor.roles, .contactList)
        return try await caller.auditedRead { db in
            try await ContactStore.detail(id, scopes: scopes, actor: actor, services: services, contactListScopes: listScopes, on: db)
        }
    }

    /// A caller's earlier contacts, found by their phone number or chat id (each one listed is audited).
    static func earlierContacts(identifier: String, by caller: Caller) async throws -> RepeatCaller {
        let scopes = try caller.scopes(.contactList)
        guard let hash = caller.services.blindIndex.callerIdentifier(identifier) else { throw AppError.invalid("identifier", "is empty") }
        let actor = caller.actor
        return try await caller.write { db in
            let found = try await ContactStore.previousContacts(callerHash: hash, excluding: nil, scopes: scopes, actor: actor, on: db)
            try await AuditLog.append(found.previous.map { .init(verb: .list, recordType: "contact", recordID: $0.id.uuidString, reason: "repeat caller") },
                                      by: actor, on: db)
            return found
        }
    }

    static func openCase(fromContact id: UUID, _ input: CaseInput, by caller: Caller) async throws -> (id: UUID, reference: String) {
        _ = try caller.scopes(.contactRead)
        let (actor, services) = (caller.actor, caller.services)
        let created = try await caller.write { db in try await CaseStore.openFromContact(id, input: input, actor: actor, services: services, on: db) }
        return (created.id, created.reference)
    }

    static func link(_ id: UUID, toCase caseID: UUID, by caller: Caller) async throws {
        let contactScopes = try caller.scopes(.contactRead)
        let caseScopes = try caller.scopes(.caseUpdate)
        let actor = caller.actor
        try await caller.write { db in
            try await ContactStore.link(id, toCase: caseID, actor: actor, contactScopes: contactScopes, caseScopes: caseScopes, on: db)
        }
    }

    /// Links a contact to the case with this reference, when the caller may update it.
    static func link(_ id: UUID, toCaseWithReference reference: String, by caller: Caller) async throws {
        let page = try await CaseStore.list(.init(reference: reference), scopes: try caller.scopes(.caseUpdate), actor: caller.actor, on: caller.app.sql)
        guard let target = page.items.first else { throw AppError.invalid("reference", "no case with this reference is open to you") }
        try await link(id, toCase: target.id, by: caller)
    }
}
