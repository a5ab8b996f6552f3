import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The communications under the third Optional Protocol an organisation supports: the child by a
/// pseudonym, the State, the articles, domestic remedies, interim measures, and each step with its
/// date, checked in order; the State's response due six months after the Views.
enum Communications {
    enum Admissibility: String, CaseIterable, Codable, Sendable { case admissible, inadmissible }
    enum Views: String, CaseIterable, Codable, Sendable { case violation, noViolation = "no_violation", discontinued }

    struct Input: Content {
        var reference: String?
        /// How the child is named here: never their name. One is made when none is given.
        var childPseudonym: String?
        /// A case the user may open.
        var caseID: UUID?
        /// Takes the case off the communication (someone who may open it).
        var unlinkCase: Bool?
        var state: String?
        var articles: [String]?
        var remediesExhausted: Bool?, remediesNote: String?, interimMeasures: Bool?
        var committeeReference: String?
        var submittedOn: String?, registeredOn: String?, admissibilityOn: String?, admissibility: String?, viewsOn: String?, views: String?
        var followUp: String?
    }

    struct Communication: Content {
        var id: UUID, reference: String, childPseudonym: String
        /// The case, to those who may open it; `linkedToCase` tells the others one exists.
        var caseID: UUID?, linkedToCase: Bool
        var state: String, articles: [String]
        var remediesExhausted: Bool, remediesNote: String?, interimMeasures: Bool
        var committeeReference: String?
        var submittedOn: String?, registeredOn: String?, admissibilityOn: String?, admissibility: String?, viewsOn: String?, views: String?
        var followUp: String?
        /// The furthest step reached: `draft`, `submitted`, `registered`, `admissible`, `inadmissible`, or the Views.
        var stage: String
        var stateResponseDue: String?
    }

    static let pseudonymAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// Checked input, or every problem at once.
    static func read(_ input: Input, today: CivilDay) throws -> (Input, timeline: CommunicationTimeline, articles: [String]) {
        var v = FieldValidator()
        var checked = input
        checked.reference = v.text(input.reference, "reference", max: 60, required: "give the organisation's reference for the communication")
        checked.childPseudonym = v.text(input.childPseudonym, "childPseudonym", max: 40)
        checked.state = v.country(input.state, "state")
        let articles = (input.articles ?? []).map { $0.trimmedWhitespace.lowercased() }.filter { !$0.isEmpty }
        v.check(!articles.isEmpty, "articles", "name the articles of the Convention invoked")
        v.check(articles.allSatisfy(RecommendationClassification.isArticle) && articles.count <= 60, "articles",
                "each article is a number from 1 to 54, perhaps with a part, such as 19, 24.3 or 37a")
        checked.remediesNote = v.text(input.remediesNote, "remediesNote", max: 2_000, lines: true)
        v.check(input.remediesExhausted == true || checked.remediesNote != nil, "remediesNote",
                "say why domestic remedies were not exhausted (unavailable, ineffective or unreasonably prolonged)")
        checked.committeeReference = v.text(input.committeeReference, "committeeReference", max: 60)
        checked.followUp = v.text(input.followUp, "followUp", max: 5_000, lines: true)
        func day(_ text: String?, _ field: String) -> CivilDay? {
            guard let typed = text?.trimmedWhitespace, !typed.isEmpty else { return nil }
            let day = CivilDay(typed)
            v.check(day != nil, field, "give the date (YYYY-MM-DD)")
            return day
        }
        let timeline = CommunicationTimeline(submitted: day(input.submittedOn, "submittedOn"), registered: day(input.registeredOn, "registeredOn"),
                                             admissibility: day(input.admissibilityOn, "admissibilityOn"), views: day(input.viewsOn, "viewsOn"))
        for problem in timeline.problems(today: today) { v.add(problem.field, problem.message) }
        let admissibility = v.code(input.admissibility?.trimmedWhitespace, "admissibility", as: Admissibility.self)
        let views = v.code(input.views?.trimmedWhitespace, "views", as: Views.self)
        v.check((admissibility == nil) == (timeline.admissibility == nil), "admissibility", "give the admissibility decision with its date")
        v.check((views == nil) == (timeline.views == nil), "views", "give the Views with their date")
        v.check(admissibility != .inadmissible || views == nil, "views", "an inadmissible communication has no Views")
        try v.finish()
        (checked.submittedOn, checked.registeredOn) = (timeline.submitted?.description, timeline.registered?.description)
        (checked.admissibilityOn, checked.viewsOn) = (timeline.admissibility?.description, timeline.views?.description)
        (checked.admissibility, checked.views) = (admissibility?.rawValue, views?.rawValue)
        return (checked, timeline, articles)
    }

    /// The case, when the caller may open it; refused otherwise, as if it did not exist.
    static func checkCase(_ caseID: UUID?, by caller: Caller, on db: any SQLDatabase) async throws {
        guard let caseID else { return }
        let scopes = AccessPolicy.scopes(for: caller.actor.roles, .caseRead)
        guard try await db.raw("SELECT 1 AS one FROM cases k WHERE k.id = \(bind: caseID) AND \(ScopeFilter.condition(scopes, caller.actor, ScopeFilter.cases))").first() != nil
        else { throw AppError.invalid("caseID", "no case you may open has this id") }
    }

    static func create(_ input: Input, today: CivilDay = CivilDay(Date()), by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.monitoringManage)
        let (checked, _, articles) = try read(input, today: today)
        var generator = SystemRandomNumberGenerator()
        let pseudonym = checked.childPseudonym ?? "Child " + String((0..<4).map { _ in pseudonymAlphabet.randomElement(using: &generator)! })
        let actor = caller.actor
        return try await caller.write { db in
            try await checkCase(checked.caseID, by: caller, on: db)
            guard try await db.raw("SELECT id FROM un_communications WHERE organisation_id = \(bind: actor.organisationID) AND reference = \(bind: checked.reference!)").first() == nil
            else { throw AppError.invalid("reference", "another communication has this reference") }
            let id = UUID.timeOrdered(), now = Date()
            try await db.insert(into: "un_communications")
                .columns("id", "organisation_id", "reference", "child_pseudonym", "case_id", "state", "articles", "remedies_exhausted", "remedies_note", "interim_measures",
                         "committee_reference", "submitted_on", "registered_on", "admissibility_on", "admissibility", "views_on", "views", "follow_up",
                         "created_by", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(checked.reference!), SQLBind(pseudonym), SQLBind(checked.caseID), SQLBind(checked.state!),
                        SQLBind(articles.joined(separator: "; ")), SQLBind(checked.remediesExhausted == true), SQLBind(checked.remediesNote),
                        SQLBind(checked.interimMeasures == true), SQLBind(checked.committeeReference), SQLBind(checked.submittedOn), SQLBind(checked.registeredOn),
                        SQLBind(checked.admissibilityOn), SQLBind(checked.admissibility), SQLBind(checked.viewsOn), SQLBind(checked.views), SQLBind(checked.followUp),
                        SQLBind(actor.userID), SQLBind(now), SQLBind(now)).run()
            try await AuditLog.append([.init(verb: .create, recordType: "un_communication", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    /// The communication as it now stands: every field given again, checked as a new one is.
    static func update(_ id: UUID, _ input: Input, today: CivilDay = CivilDay(Date()), by caller: Caller) async throws -> Communication {
        _ = try caller.scopes(.monitoringManage)
        let (checked, _, articles) = try read(input, today: today)
        let actor = caller.actor
        try await caller.write { db in
            guard let row = try await db.raw("SELECT case_id, child_pseudonym FROM un_communications WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)").first()
            else { throw AppError.notFound("communication") }
            // a case linked by a colleague stays linked when someone who may not open it edits the rest
            let linked = try row.decode(column: "case_id", as: UUID?.self), pseudonym = try row.decode(column: "child_pseudonym", as: String.self)
            if checked.unlinkCase == true, let linked {
                guard try await !openable([linked], by: caller).isEmpty else { throw AppError.invalid("caseID", "only someone who may open the case takes it off") }
            }
            let caseID = checked.unlinkCase == true ? nil : checked.caseID ?? linked
            if checked.caseID != nil { try await checkCase(checked.caseID, by: caller, on: db) }
            guard try await db.raw("""
                SELECT id FROM un_communications WHERE organisation_id = \(bind: actor.organisationID) AND reference = \(bind: checked.reference!) AND id <> \(bind: id)
                """).first() == nil else { throw AppError.invalid("reference", "another communication has this reference") }
            try await db.update("un_communications")
                .set("reference", to: checked.reference!).set("child_pseudonym", to: checked.childPseudonym ?? pseudonym)
                .set("case_id", to: caseID).set("state", to: checked.state!).set("articles", to: articles.joined(separator: "; "))
                .set("remedies_exhausted", to: checked.remediesExhausted == true).set("remedies_note", to: checked.remediesNote)
                .set("interim_measures", to: checked.interimMeasures == true).set("committee_reference", to: checked.committeeReference)
                .set("submitted_on", to: checked.submittedOn).set("registered_on", to: checked.registeredOn).set("admissibility_on", to: checked.admissibilityOn)
                .set("admissibility", to: checked.admissibility).set("views_on", to: checked.viewsOn).set("views", to: checked.views)
                .set("follow_up", to: checked.followUp).set("updated_at", to: Date()).where("id", .equal, id).run()
            try await AuditLog.append([.init(verb: .update, recordType: "un_communication", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await get(id, by: caller)
    }

    static func communication(_ row: any SQLRow, mayOpenCase: (UUID) -> Bool) throws -> Communication {
        func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        let caseID = try row.decode(column: "case_id", as: UUID?.self)
        let timeline = CommunicationTimeline(views: try text("views_on").flatMap(CivilDay.init))
        let reached = try text("registered_on") != nil ? "registered" : (try text("submitted_on") != nil ? "submitted" : "draft")
        let stage = try text("views") ?? (try text("admissibility")) ?? reached
        return Communication(id: try row.decode(column: "id", as: UUID.self), reference: try row.decode(column: "reference", as: String.self),
                             childPseudonym: try row.decode(column: "child_pseudonym", as: String.self), caseID: caseID.flatMap { mayOpenCase($0) ? $0 : nil },
                             linkedToCase: caseID != nil, state: try row.decode(column: "state", as: String.self),
                             articles: try row.decode(column: "articles", as: String.self).split(separator: ";").map { $0.trimmedWhitespace },
                             remediesExhausted: try row.decode(column: "remedies_exhausted", as: Bool.self), remediesNote: try text("remedies_note"),
                             interimMeasures: try row.decode(column: "interim_measures", as: Bool.self), committeeReference: try text("committee_reference"),
                             submittedOn: try text("submitted_on"), registeredOn: try text("registered_on"), admissibilityOn: try text("admissibility_on"),
                             admissibility: try text("admissibility"), viewsOn: try text("views_on"), views: try text("views"), followUp: try text("follow_up"),
                             stage: stage, stateResponseDue: timeline.stateResponseDue?.description)
    }

    /// The cases among these the caller may open.
    static func openable(_ ids: [UUID], by caller: Caller) async throws -> Set<UUID> {
        let scopes = AccessPolicy.scopes(for: caller.actor.roles, .caseRead)
        guard !ids.isEmpty, !scopes.isEmpty else { return [] }
        return Set(try await caller.app.sql.raw("""
            SELECT k.id FROM cases k WHERE k.id IN \(SQLGroupExpression(ids.map { SQLBind($0) })) AND \(ScopeFilter.condition(scopes, caller.actor, ScopeFilter.cases))
            """).all().map { try $0.decode(column: "id", as: UUID.self) })
    }

    /// The organisation's communications; each one listed is audited, as it concerns a child.
    static func list(by caller: Caller) async throws -> [Communication] {
        _ = try caller.scopes(.monitoringRead)
        return try await caller.auditedRead { db in
            let rows = try await db.raw("""
                SELECT * FROM un_communications WHERE organisation_id = \(bind: caller.actor.organisationID) ORDER BY created_at DESC LIMIT 500
                """).all()
            let cases = try await openable(try rows.compactMap { try $0.decode(column: "case_id", as: UUID?.self) }, by: caller)
            let items = try rows.map { try communication($0, mayOpenCase: cases.contains) }
            return Audited(items, items.map { .init(verb: .list, recordType: "un_communication", recordID: $0.id.uuidString) })
        }
    }

    /// One communication; its reading is audited, as it concerns a child.
    static func get(_ id: UUID, by caller: Caller) async throws -> Communication {
        _ = try caller.scopes(.monitoringRead)
        return try await caller.auditedRead { db in
            guard let row = try await db.raw("SELECT * FROM un_communications WHERE id = \(bind: id) AND organisation_id = \(bind: caller.actor.organisationID)").first()
            else { throw AppError.notFound("communication") }
            let cases = try await openable(try row.decode(column: "case_id", as: UUID?.self).map { [$0] } ?? [], by: caller)
            return Audited(try communication(row, mayOpenCase: cases.contains), [.init(verb: .read, recordType: "un_communication", recordID: id.uuidString)])
        }
    }
}
