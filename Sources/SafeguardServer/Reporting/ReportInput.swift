import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// A statutory report as a person files it, from the API or the page.
struct ReportInput: Content {
    var situation: Int?
    var facts: String?
    var childDescription: String?
    var caseID: UUID?
    var contactID: UUID?
    var recipientIDs: [UUID]?
    /// Submit at once instead of keeping a draft.
    var submit: Bool?

    /// Checks every field and that the case or contact it starts from is the filer's to see.
    func validated(actor: Actor, on db: any SQLDatabase) async throws -> ReportStore.Draft {
        var v = FieldValidator()
        let situation = situation.flatMap(LegalSituation.init)
        v.check(situation != nil, "situation", "choose the situation of the law, 1 to 9")
        let facts = facts?.trimmedWhitespace ?? ""
        v.check((10...10_000).contains(facts.count), "facts", "describe what was found or suspected in 10 to 10000 characters")
        let child = childDescription?.trimmedWhitespace
        if let child { v.check(child.count <= 2_000, "childDescription", "must be at most 2000 characters") }
        v.check(caseID == nil || contactID == nil, "contactID", "a report starts from a case or a contact, not both")
        try v.finish()
        if let caseID {
            let scopes = AccessPolicy.scopes(for: actor.roles, .caseRead)
            guard !scopes.isEmpty, try await CaseStore.isVisible(caseID, scopes: scopes, actor: actor, on: db) else {
                throw AppError.invalid("caseID", "no case with this id is visible to you")
            }
        }
        if let contactID {
            let scopes = AccessPolicy.scopes(for: actor.roles, .contactRead)
            guard !scopes.isEmpty, try await db.raw("""
                SELECT c.id FROM contacts c WHERE c.id = \(bind: contactID) AND \(ScopeFilter.condition(scopes, actor, ScopeFilter.contacts))
                """).first() != nil else { throw AppError.invalid("contactID", "no contact with this id is visible to you") }
        }
        let kind: ReportStore.SourceKind = caseID != nil ? .case : contactID != nil ? .contact : .manual
        return ReportStore.Draft(situation: situation!, colour: situation!.colour, facts: facts, childDescription: child?.isEmpty == true ? nil : child,
                                 caseID: caseID, sourceKind: kind, sourceID: caseID ?? contactID, recipientIDs: recipientIDs,
                                 submitNow: submit ?? false)
    }
}
