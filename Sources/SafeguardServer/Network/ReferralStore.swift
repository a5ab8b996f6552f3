import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Referrals of a case to a member of the network, with consent, need-to-know sharing and a
/// status both sides see.
enum ReferralStore {
    static let table = "referrals"
    /// The roles whose holders answer referrals addressed to their organisation.
    static let receiverRoles: [Role] = [.lawyer, .psychologist, .caseWorker, .counsellor, .supervisor]

    struct Input: Content {
        var caseID: UUID?
        /// Or the contact it starts from, when there is no case yet.
        var contactID: UUID?
        var entryID: UUID?
        var service: String?
        var consent: String?
        var overrideReason: String?
        var sharedSections: [String]?
        var summary: String?
    }

    struct Sent: Content { var id: UUID; var dueAt: Date; var flaggedToSupervisors: Bool }

    static func send(_ input: Input, actor: Actor, services: AppServices, now: Date = Date(), on db: any SQLDatabase) async throws -> Sent {
        var v = FieldValidator()
        v.check((input.caseID == nil) != (input.contactID == nil), "caseID", "refer a case or a contact (one of them)")
        v.check(input.entryID != nil, "entryID", "choose who to refer to from the directory")
        let service = v.requiredCode(input.service, "service", as: ServiceType.self, missing: "choose the service asked for")
        let consent = v.requiredCode(input.consent, "consent", as: ReferralConsent.self, missing: "record who agreed to the referral: the child, a guardian, or none")
        let reason = input.overrideReason?.trimmedWhitespace ?? ""
        if consent == ReferralConsent.none {
            if !AccessPolicy.allows(actor.roles, .referralOverrideConsent) {
                v.add("consent", "without the child's or a guardian's consent only a supervisor may refer")
            } else {
                v.check((10...1_000).contains(reason.count), "overrideReason", "say in 10 to 1000 characters why the referral cannot wait for consent")
            }
        }
        let sections = (input.sharedSections ?? []).enumerated().compactMap { v.code($1, "sharedSections[\($0)]", as: SharedSection.self) }
        let summary = input.summary?.trimmedWhitespace ?? ""
        v.check((10...5_000).contains(summary.count), "summary", "write what the receiver needs to know, 10 to 5000 characters")
        try v.finish()
        if let caseID = input.caseID {
            try await CaseStore.require(caseID, .caseUpdate, actor: actor, on: db)
        } else {
            let scopes = AccessPolicy.scopes(for: actor.roles, .contactRead)
            guard !scopes.isEmpty, try await db.raw("""
                SELECT c.id FROM contacts c WHERE c.id = \(bind: input.contactID!) AND \(ScopeFilter.condition(scopes, actor, ScopeFilter.contacts))
                """).first() != nil else { throw AppError.notFound("contact") }
        }
        guard let entry = try await db.raw("SELECT services, available FROM directory_entries WHERE id = \(bind: input.entryID!)").first() else {
            throw AppError.invalid("entryID", "no such directory entry")
        }
        guard try entry.decode(column: "services", as: String.self).contains("," + service!.rawValue + ",") else {
            throw AppError.invalid("service", "this member of the network does not offer \(service!.rawValue)")
        }
        let id = UUID.timeOrdered(), due = now.addingTimeInterval(Double(service!.responseHours) * 3600)
        let seal = { (column: String, text: String) in try services.cipher.seal(text, context: "\(table)/\(id.uuidString)/\(column)") }
        try await db.insert(into: table)
            .columns("id", "case_id", "contact_id", "from_user_id", "from_organisation_id", "to_entry_id", "service", "consent", "override_reason",
                     "shared_sections", "summary", "status", "open_rank", "due_at", "created_at", "updated_at")
            .values(SQLBind(id), SQLBind(input.caseID), SQLBind(input.contactID), SQLBind(actor.userID), SQLBind(actor.organisationID), SQLBind(input.entryID!),
                    SQLBind(service!.rawValue), SQLBind(consent!.rawValue), SQLBind(consent == ReferralConsent.none ? try seal("override_reason", reason) : nil),
                    SQLBind(sections.map(\.rawValue).joined(separator: ",")), SQLBind(try seal("summary", summary)),
                    SQLBind(ReferralStatus.sent.rawValue), SQLBind(ReferralStatus.sent.openRank), SQLBind(due), SQLBind(now), SQLBind(now))
            .run()
        try await addEvent(id, "sent", actor: actor, outside: false, now: now, on: db)
        if let caseID = input.caseID { try await CaseStore.addEvent(caseID, kind: "referral", detail: service!.rawValue, actor: actor, on: db) }
        try await AuditLog.append([.init(verb: .create, recordType: "referral", recordID: id.uuidString,
                                         reason: consent == ReferralConsent.none ? "consent overridden" : "")], by: actor, on: db)
        let receivers = try await receiverIDs(entryID: input.entryID!, on: db)
        try await Notifications.notify(users: receivers, kind: .referralSent, recordType: "referral", recordID: id, on: db)
        if consent == ReferralConsent.none {
            let supervisors = try await Notifications.users(in: [actor.organisationID], roles: [.supervisor], on: db)
            try await Notifications.notify(users: supervisors, kind: .referralConsentOverridden, recordType: "referral", recordID: id, on: db)
        }
        return Sent(id: id, dueAt: due, flaggedToSupervisors: consent == ReferralConsent.none)
    }

    static func addEvent(_ id: UUID, _ kind: String, actor: Actor, outside: Bool, now: Date, on db: any SQLDatabase) async throws {
        try await db.insert(into: "referral_events").columns("id", "referral_id", "at", "kind", "actor_id", "recorded_for_outside")
            .values(SQLBind(UUID.timeOrdered()), SQLBind(id), SQLBind(now), SQLBind(kind), SQLBind(actor.userID), SQLBind(outside)).run()
    }

    /// The people who answer referrals to an entry: its user, or its organisation's receivers; none for someone outside Safeguard.
    static func receiverIDs(entryID: UUID, on db: any SQLDatabase) async throws -> [UUID] {
        guard let row = try await db.raw("SELECT user_id, organisation_id FROM directory_entries WHERE id = \(bind: entryID)").first() else { return [] }
        if let user = try row.decode(column: "user_id", as: UUID?.self) { return [user] }
        if let organisation = try row.decode(column: "organisation_id", as: UUID?.self) {
            return try await Notifications.users(in: [organisation], roles: receiverRoles, on: db)
        }
        return []
    }

    /// "Referral `f` is addressed to the actor": to their own entry, or to their organisation's.
    static func addressedTo(_ actor: Actor) -> SQLQueryString {
        guard AccessPolicy.allows(actor.roles, .referralReceive) else { return "1 = 0" }
        let canAnswerForOrganisation = !Set(actor.roles).isDisjoint(with: receiverRoles)
        return """
            f.to_entry_id IN (SELECT id FROM directory_entries WHERE user_id = \(bind: actor.userID)\
            \(canAnswerForOrganisation ? " OR organisation_id = \(bind: actor.organisationID)" as SQLQueryString : ""))
            """
    }

    /// "Referral `f` was sent from the actor's organisation, by someone who may send".
    static func sentBy(_ actor: Actor) -> SQLQueryString {
        AccessPolicy.allows(actor.roles, .referralSend) ? "f.from_organisation_id = \(bind: actor.organisationID)" : "1 = 0"
    }

    enum Side: String, Codable, Sendable { case sender, receiver }

    static func side(_ id: UUID, actor: Actor, on db: any SQLDatabase) async throws -> (side: Side, outside: Bool) {
        guard let row = try await db.raw("""
            SELECT (CASE WHEN \(sentBy(actor)) THEN 1 ELSE 0 END) AS sender, (CASE WHEN \(addressedTo(actor)) THEN 1 ELSE 0 END) AS receiver,
            d.user_id, d.organisation_id FROM referrals f JOIN directory_entries d ON d.id = f.to_entry_id WHERE f.id = \(bind: id)
            """).first() else { throw AppError.notFound("referral") }
        let outside = try row.decode(column: "user_id", as: UUID?.self) == nil && row.decode(column: "organisation_id", as: UUID?.self) == nil
        if try row.decode(column: "receiver", as: Int.self) == 1 { return (.receiver, outside) }
        if try row.decode(column: "sender", as: Int.self) == 1 { return (.sender, outside) }
        throw AppError.notFound("referral")
    }

    /// Moves a referral on. The receiver accepts, declines, starts and completes; the sender
    /// revokes, and records those answers for a receiver outside Safeguard.
    static func act(_ id: UUID, _ event: ReferralEvent, text: String?, actor: Actor, services: AppServices, now: Date = Date(), on db: any SQLDatabase) async throws {
        let (side, outside) = try await side(id, actor: actor, on: db)
        let mayAct = event == .revoke ? side == .sender : (side == .receiver || (side == .sender && outside))
        guard mayAct else {
            throw AppError.conflict(event == .revoke ? "Only the sender revokes a referral." : "Only the receiver answers a referral (or the sender, for someone outside Safeguard).")
        }
        guard let row = try await db.raw("SELECT status, case_id, from_user_id FROM referrals WHERE id = \(bind: id)\(db.forUpdate)").first() else {
            throw AppError.notFound("referral")
        }
        let status = ReferralStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .sent
        let next: ReferralStatus
        do { next = try ReferralWorkflow.next(status, event) } catch { throw AppError.conflict(error.message) }
        let answer = text?.trimmedWhitespace ?? ""
        if event.needsText, !(3...5_000).contains(answer.count) {
            throw AppError.invalid(event == .decline ? "reason" : "outcome", "write 3 to 5000 characters")
        }
        var sets: [SQLQueryString] = ["status = \(bind: next.rawValue)", "open_rank = \(bind: next.openRank)", "updated_at = \(bind: now)"]
        if event.needsText { sets.append("answer = \(bind: try services.cipher.seal(answer, context: "\(table)/\(id.uuidString)/answer"))") }
        try await db.raw("UPDATE referrals SET \(sets.joined(separator: ", ")) WHERE id = \(bind: id)").run()
        try await addEvent(id, event.rawValue, actor: actor, outside: side == .sender && event != .revoke, now: now, on: db)
        if let caseID = try row.decode(column: "case_id", as: UUID?.self) {
            try await CaseStore.addEvent(caseID, kind: "referral_\(event.rawValue)", actor: actor, on: db)
        }
        try await AuditLog.append([.init(verb: .update, recordType: "referral", recordID: id.uuidString, reason: event.rawValue)], by: actor, on: db)
        if side == .receiver {
            try await Notifications.notify(users: [try row.decode(column: "from_user_id", as: UUID.self)], kind: .referral(event),
                                           recordType: "referral", recordID: id, on: db)
        }
    }

    // MARK: reading

    struct Summary: Content {
        var id: UUID
        var caseReference: String
        var service: String
        var receiverName: String
        var senderOrganisation: String
        var status: String
        var dueAt: Date
        var overdue: Bool
        var createdAt: Date
    }

    struct Box: Content {
        var items: [Summary]
        /// Referrals waiting for the reader: to answer (received) or overdue (sent).
        var actionNeeded: Int
    }

    static let perPage = 50

    /// One page of an inbox, waiting-for-the-receiver first, then soonest due; and the count
    /// needing action over the whole inbox (to answer when received, overdue when sent).
    static func list(received: Bool, page: Int? = nil, actor: Actor, now: Date = Date(), on db: any SQLDatabase) async throws -> Box {
        let condition = received ? addressedTo(actor) : sentBy(actor)
        let offset = try PageRequest.read(page: page, defaultPerPage: perPage).offset
        // The page is chosen from referrals alone (in the inbox index's order), then joined: left to
        // itself, sqlite-nio's planner started from the organisation and sorted the whole inbox.
        let rows = try await db.raw("""
            SELECT f.id, COALESCE(k.reference, 'contact') AS reference, f.service, d.name AS receiver, o.name AS sender, f.status, f.due_at, f.created_at
            FROM (SELECT f.id FROM referrals f WHERE \(condition) ORDER BY f.open_rank, f.due_at, f.id
                  LIMIT \(literal: perPage) OFFSET \(literal: offset)) page
            JOIN referrals f ON f.id = page.id LEFT JOIN cases k ON k.id = f.case_id JOIN directory_entries d ON d.id = f.to_entry_id
            JOIN organisations o ON o.id = f.from_organisation_id ORDER BY f.open_rank, f.due_at, f.id
            """).all()
        let items = try rows.map { r in
            let status = try r.decode(column: "status", as: String.self), due = try r.decode(column: "due_at", as: Date.self)
            return Summary(id: try r.decode(column: "id", as: UUID.self), caseReference: try r.decode(column: "reference", as: String.self),
                           service: try r.decode(column: "service", as: String.self), receiverName: try r.decode(column: "receiver", as: String.self),
                           senderOrganisation: try r.decode(column: "sender", as: String.self), status: status, dueAt: due,
                           overdue: status == ReferralStatus.sent.rawValue && due < now, createdAt: try r.decode(column: "created_at", as: Date.self))
        }
        let waiting: SQLQueryString = received ? "f.open_rank = 0" : "f.open_rank = 0 AND f.due_at < \(bind: now)"
        let needed = try await db.raw("SELECT COUNT(*) AS n FROM referrals f WHERE \(condition) AND \(waiting)").first()!.decode(column: "n", as: Int.self)
        return Box(items: items, actionNeeded: needed)
    }

    struct Detail: Content {
        struct Child: Content { var name: String; var birthDate: String?; var sex: String }
        struct Note: Content { var at: Date; var body: String }
        struct Event: Content { var at: Date; var kind: String; var actorName: String?; var recordedForOutside: Bool }

        var summary: Summary
        /// The case referred, if any: a lawyer who accepted a legal referral opens a matter on it.
        var caseID: UUID?
        var side: String
        var receiverInSafeguard: Bool
        var receiverContact: String
        var consent: String
        var overrideReason: String?
        var referralSummary: String
        var answer: String?
        var sharedSections: [String]
        var child: Child?
        var caseSummary: String?
        var concerns: [String]?
        var risk: String?
        var generalNotes: [Note]?
        var events: [Event]
        var actions: [String]
    }

    /// The referral as its reader may see it: the sender everything they sent; the receiver the
    /// summary and only the case sections the sender chose. Every section read is audited.
    static func detail(_ id: UUID, actor: Actor, services: AppServices, now: Date = Date(), on db: any SQLDatabase) async throws -> Detail {
        let (side, outside) = try await side(id, actor: actor, on: db)
        guard let r = try await db.raw("""
            SELECT f.*, COALESCE(k.reference, 'contact') AS reference, k.child_id, k.summary AS case_summary, k.concerns, k.risk,
            c.summary AS contact_summary, d.name AS receiver, d.contact, o.name AS sender
            FROM referrals f LEFT JOIN cases k ON k.id = f.case_id LEFT JOIN contacts c ON c.id = f.contact_id JOIN directory_entries d ON d.id = f.to_entry_id
            JOIN organisations o ON o.id = f.from_organisation_id WHERE f.id = \(bind: id)
            """).first() else { throw AppError.notFound("referral") }
        let open = { (context: String, text: String?) in try text.map { try services.cipher.open($0, context: context) } }
        let caseID = try r.decode(column: "case_id", as: UUID?.self)
        let contactID = try r.decode(column: "contact_id", as: UUID?.self)
        let sections = Set(try r.decode(column: "shared_sections", as: String.self).split(separator: ",").compactMap { SharedSection(rawValue: String($0)) })
        let shows = { (section: SharedSection) in side == .sender || sections.contains(section) }
        var child: Detail.Child?
        if shows(.childIdentity), let childID = try r.decode(column: "child_id", as: UUID?.self),
           let c = try await db.raw("SELECT name, birth_date, sex FROM children WHERE id = \(bind: childID)").first() {
            child = .init(name: try services.cipher.open(try c.decode(column: "name", as: String.self), context: ChildStore.context(childID, "name")),
                          birthDate: try services.cipher.open(try c.decode(column: "birth_date", as: String?.self), context: ChildStore.context(childID, "birth_date")),
                          sex: try services.cipher.open(try c.decode(column: "sex", as: String.self), context: ChildStore.context(childID, "sex")))
        }
        var notes: [Detail.Note]?
        if shows(.generalNotes), let caseID {
            notes = try await db.raw("SELECT id, body, created_at FROM notes WHERE case_id = \(bind: caseID) AND compartment = 'general' ORDER BY created_at").all().map { n in
                Detail.Note(at: try n.decode(column: "created_at", as: Date.self),
                            body: try services.cipher.open(try n.decode(column: "body", as: String.self),
                                                           context: "notes/\(try n.decode(column: "id", as: UUID.self).uuidString)/body"))
            }
        }
        let events = try await db.raw("""
            SELECT e.at, e.kind, e.recorded_for_outside, u.display_name FROM referral_events e LEFT JOIN users u ON u.id = e.actor_id
            WHERE e.referral_id = \(bind: id) ORDER BY e.at
            """).all().map { e in
            Detail.Event(at: try e.decode(column: "at", as: Date.self), kind: try e.decode(column: "kind", as: String.self),
                         actorName: try e.decode(column: "display_name", as: String?.self), recordedForOutside: try e.decode(column: "recorded_for_outside", as: Bool.self))
        }
        let status = ReferralStatus(rawValue: try r.decode(column: "status", as: String.self)) ?? .sent
        let due = try r.decode(column: "due_at", as: Date.self)
        let answerable = ReferralEvent.allCases.filter { $0 != .revoke && (try? ReferralWorkflow.next(status, $0)) != nil }
        let actions = side == .receiver ? answerable : ((try? ReferralWorkflow.next(status, .revoke)) != nil ? [.revoke] : []) + (outside ? answerable : [])
        var audit: [AuditLog.Entry] = [.init(verb: .read, recordType: "referral", recordID: id.uuidString)]
        if side == .receiver, !sections.isEmpty {
            audit.append(.init(verb: .read, recordType: caseID == nil ? "contact" : "case", recordID: (caseID ?? contactID)?.uuidString ?? "",
                               reason: "referral \(id.uuidString): " + sections.map(\.rawValue).sorted().joined(separator: ",")))
        }
        try await AuditLog.append(audit, by: actor, on: db)
        return Detail(summary: Summary(id: id, caseReference: try r.decode(column: "reference", as: String.self), service: try r.decode(column: "service", as: String.self),
                                       receiverName: try r.decode(column: "receiver", as: String.self), senderOrganisation: try r.decode(column: "sender", as: String.self),
                                       status: status.rawValue, dueAt: due, overdue: status == .sent && due < now,
                                       createdAt: try r.decode(column: "created_at", as: Date.self)),
                      caseID: try r.decode(column: "case_id", as: UUID?.self), side: side.rawValue, receiverInSafeguard: !outside, receiverContact: try r.decode(column: "contact", as: String.self),
                      consent: try r.decode(column: "consent", as: String.self),
                      overrideReason: side == .sender ? try open("\(table)/\(id.uuidString)/override_reason", try r.decode(column: "override_reason", as: String?.self)) : nil,
                      referralSummary: try open("\(table)/\(id.uuidString)/summary", try r.decode(column: "summary", as: String.self))!,
                      answer: try open("\(table)/\(id.uuidString)/answer", try r.decode(column: "answer", as: String?.self)),
                      sharedSections: sections.map(\.rawValue).sorted(), child: child,
                      caseSummary: !shows(.caseSummary) ? nil : try caseID.map { try open("cases/\($0.uuidString)/summary", try r.decode(column: "case_summary", as: String?.self)) }
                          ?? contactID.map { try open(ContactStore.context($0, "summary"), try r.decode(column: "contact_summary", as: String?.self)) } ?? nil,
                      concerns: shows(.concernsAndRisk) ? try r.decode(column: "concerns", as: String?.self)?.split(separator: ",").map(String.init) : nil,
                      risk: shows(.concernsAndRisk) ? try r.decode(column: "risk", as: String?.self) : nil,
                      generalNotes: notes, events: events, actions: actions.map(\.rawValue))
    }
}
