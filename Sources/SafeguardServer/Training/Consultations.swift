import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Consultations given by a resource centre's staff: on-the-job consultancy to a professional
/// (perhaps about a case, linked only for those who may open the case) and information or
/// counselling to a parent or child, who is never named. Topics are the helpline's categories, so
/// both are counted the same way.
enum Consultations {
    struct Input: Content {
        var givenOn: String?
        var kind: String?
        var recipient: String?
        /// A professional's field (a training target group); only for a professional.
        var profession: String?
        /// A helpline category, `violence.sexual` or `violence`.
        var topic: String?
        /// The case it concerns, by its reference, if any.
        var caseReference: String?
        var minutes: Int?
        var advice: String?
        var followUp: String?
        var followUpOn: String?
    }

    struct Consultation: Content {
        var id: UUID
        var givenOn: String
        var givenBy: String
        var kind: String
        var recipient: String
        var profession: String?
        var topic: String
        var minutes: Int
        /// Only when the reader may open the case; otherwise nil, whether there is a case or not.
        var caseID: UUID?
        var caseReference: String?
        var advice: String
        var followUp: String?
        var followUpOn: String?
    }

    struct Page: Content { var items: [Consultation]; var page: Int; var hasMore: Bool }

    static func context(_ id: UUID, _ column: String) -> String { "consultations/\(id.uuidString)/\(column)" }

    static func record(_ input: Input, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.consultationRecord)
        var v = FieldValidator()
        let givenOn = input.givenOn?.trimmedWhitespace ?? ""
        if let problem = TrainingInput.dayProblem(givenOn, mayBeFuture: false) { v.add("givenOn", problem) }
        let kind = v.requiredCode(input.kind, "kind", as: ConsultationKind.self, missing: "choose consultancy, information or counselling")
        let recipient = v.requiredCode(input.recipient, "recipient", as: ConsultationRecipient.self, missing: "choose who received it")
        let profession = v.code(input.profession, "profession", as: TargetGroup.self)
        if recipient == .professional { v.check(profession != nil, "profession", "choose the professional's field") }
        if recipient != nil, recipient != .professional { v.check(profession == nil, "profession", "only a professional has a field: leave it empty") }
        let topic = input.topic?.trimmed ?? ""
        v.check(Taxonomy.isKnown(topic) || Taxonomy.categories.contains { $0.code == topic }, "topic", "choose the topic from the helpline's categories")
        v.check((1...600).contains(input.minutes ?? 0), "minutes", "give the minutes it took, 1 to 600")
        let advice = input.advice?.trimmedWhitespace ?? ""
        v.check((1...10_000).contains(advice.count), "advice", "describe the advice given in 1 to 10000 characters")
        let followUp = input.followUp?.trimmedWhitespace
        v.check((followUp ?? "").count <= 5_000, "followUp", "is longer than 5000 characters")
        let followUpOn = input.followUpOn?.trimmedWhitespace ?? ""
        if !followUpOn.isEmpty, let problem = TrainingInput.dayProblem(followUpOn, mayBeFuture: true) { v.add("followUpOn", problem) }
        let reference = input.caseReference?.trimmed
        v.check((reference ?? "").count <= 40, "caseReference", "is longer than 40 characters")
        try v.finish()
        let actor = caller.actor, services = caller.services
        return try await caller.write { db in
            // a case of the officer's own organisation; whether they may open it decides only the link
            var caseID: UUID?
            if let reference {
                guard let row = try await db.raw("""
                    SELECT id FROM cases WHERE reference = \(bind: reference) AND organisation_id = \(bind: actor.organisationID)
                    """).first() else { throw AppError.invalid("caseReference", "no case of your organisation has this reference") }
                caseID = try row.decode(column: "id", as: UUID.self)
            }
            let id = UUID.timeOrdered()
            try await db.insert(into: "consultations")
                .columns("id", "organisation_id", "given_by", "given_on", "kind", "recipient", "profession", "topic", "case_id", "minutes", "advice",
                         "follow_up", "follow_up_on", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(actor.userID), SQLBind(givenOn), SQLBind(kind!.rawValue), SQLBind(recipient!.rawValue),
                        SQLBind(profession?.rawValue), SQLBind(topic), SQLBind(caseID), SQLBind(input.minutes!),
                        SQLBind(try services.cipher.seal(advice, context: context(id, "advice"))),
                        SQLBind(try services.cipher.seal((followUp ?? "").isEmpty ? nil : followUp, context: context(id, "follow_up"))),
                        SQLBind(followUpOn.isEmpty ? nil : followUpOn), SQLBind(Date()))
                .run()
            try await AuditLog.append([.init(verb: .create, recordType: "consultation", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    /// The consultations the caller may read, newest first, 50 a page; each read is audited.
    static func list(page: Int, by caller: Caller) async throws -> Page {
        let scopes = try caller.scopes(.consultationRead)
        let actor = caller.actor, services = caller.services
        let visible = ScopeFilter.condition(scopes, actor, .init(organisation: "q.organisation_id", owner: "q.given_by", caseID: nil))
        let caseVisible = ScopeFilter.condition(AccessPolicy.scopes(for: actor.roles, .caseRead), actor, ScopeFilter.cases)
        let size = 50
        return try await caller.auditedRead { db in
            let rows = try await db.raw("""
                SELECT q.id, q.given_on, u.display_name, q.kind, q.recipient, q.profession, q.topic, q.minutes, q.advice, q.follow_up, q.follow_up_on,
                CASE WHEN k.id IS NOT NULL AND \(caseVisible) THEN k.id END AS case_id, CASE WHEN k.id IS NOT NULL AND \(caseVisible) THEN k.reference END AS case_reference
                FROM consultations q JOIN users u ON u.id = q.given_by LEFT JOIN cases k ON k.id = q.case_id
                WHERE \(visible) ORDER BY q.given_on DESC, q.id DESC LIMIT \(bind: size + 1) OFFSET \(bind: (page - 1) * size)
                """).all()
            let items = try rows.prefix(size).map { r -> Consultation in
                let id = try r.decode(column: "id", as: UUID.self)
                return Consultation(id: id, givenOn: try r.decode(column: "given_on", as: String.self), givenBy: try r.decode(column: "display_name", as: String.self),
                                    kind: try r.decode(column: "kind", as: String.self), recipient: try r.decode(column: "recipient", as: String.self),
                                    profession: try r.decode(column: "profession", as: String?.self), topic: try r.decode(column: "topic", as: String.self),
                                    minutes: try r.decode(column: "minutes", as: Int.self), caseID: try r.decode(column: "case_id", as: UUID?.self),
                                    caseReference: try r.decode(column: "case_reference", as: String?.self),
                                    advice: try services.cipher.open(try r.decode(column: "advice", as: String.self), context: context(id, "advice")),
                                    followUp: try services.cipher.open(try r.decode(column: "follow_up", as: String?.self), context: context(id, "follow_up")),
                                    followUpOn: try r.decode(column: "follow_up_on", as: String?.self))
            }
            return Audited(Page(items: items, page: page, hasMore: rows.count > size),
                           items.map { .init(verb: .read, recordType: "consultation", recordID: $0.id.uuidString) })
        }
    }

    /// Consultations of a year by kind and by the topic's top category, over those the caller may read.
    static func counts(year: Int, actor: Actor, on db: any SQLDatabase) async throws -> [(kind: String, category: String, count: Int)] {
        let scopes = AccessPolicy.scopes(for: actor.roles, .consultationRead)
        guard !scopes.isEmpty else { return [] }
        let visible = ScopeFilter.condition(scopes, actor, .init(organisation: "q.organisation_id", owner: "q.given_by", caseID: nil))
        var counts: [String: Int] = [:]
        for r in try await db.raw("""
            SELECT q.kind, q.topic, COUNT(*) AS n FROM consultations q
            WHERE \(visible) AND q.given_on >= \(bind: "\(year)-01-01") AND q.given_on <= \(bind: "\(year)-12-31") GROUP BY q.kind, q.topic
            """).all() {
            let topic = try r.decode(column: "topic", as: String.self)
            let key = "\(try r.decode(column: "kind", as: String.self))|\(Taxonomy.topCategory(of: topic) ?? topic)"
            counts[key, default: 0] += try r.decode(column: "n", as: Int.self)
        }
        return counts.keys.sorted().map { key in
            let parts = key.split(separator: "|").map(String.init)
            return (parts[0], parts[1], counts[key]!)
        }
    }
}
