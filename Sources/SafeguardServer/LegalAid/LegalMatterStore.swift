import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Legal matters: opened by a lawyer on the case team (or holding an accepted legal referral
/// for the case), worked by the matter's lawyers only.
enum LegalMatterStore {
    static let table = "legal_matters"

    struct Input: Content {
        var type: String?
        var opposingParty: String?
        var court: String?
        var caseNumbers: String?
    }

    /// The lawyer may open a matter on this case: on its team, or with an accepted referral for legal services.
    /// A referral for these services, once accepted, lets its receiver open a matter on the case.
    static let openingServices: [ServiceType] = [.legalRepresentation, .legalAdvice]
    static let openingStatuses: [ReferralStatus] = [.accepted, .inProgress]

    static func referralOpensMatter(service: String, status: String) -> Bool {
        openingServices.map(\.rawValue).contains(service) && openingStatuses.map(\.rawValue).contains(status)
    }

    static func mayOpen(_ caseID: UUID, actor: Actor, on db: any SQLDatabase) async throws -> Bool {
        let scopes = AccessPolicy.scopes(for: actor.roles, .caseRead)
        if !scopes.isEmpty, try await CaseStore.isVisible(caseID, scopes: scopes, actor: actor, on: db) { return true }
        return try await db.raw("""
            SELECT f.id FROM referrals f WHERE f.case_id = \(bind: caseID) AND f.status IN (\(binds: openingStatuses.map(\.rawValue)))
            AND f.service IN (\(binds: openingServices.map(\.rawValue))) AND \(ReferralStore.addressedTo(actor))
            """).first() != nil
    }

    static func open(_ caseID: UUID, _ input: Input, actor: Actor, services: AppServices, now: Date = Date(), on db: any SQLDatabase) async throws -> IDOnly {
        var v = FieldValidator()
        let type = v.requiredCode(input.type, "type", as: MatterType.self, missing: "choose the kind of matter")
        for (field, value) in [("opposingParty", input.opposingParty), ("court", input.court), ("caseNumbers", input.caseNumbers)] {
            if let value { v.check(value.count <= 500, field, "at most 500 characters") }
        }
        try v.finish()
        guard try await mayOpen(caseID, actor: actor, on: db) else { throw AppError.notFound("case") }
        let id = UUID.timeOrdered()
        func seal(_ column: String, _ text: String?) throws -> String? {
            try services.cipher.seal(text?.trimmedWhitespace.isEmpty == false ? text : nil, context: "\(table)/\(id.uuidString)/\(column)")
        }
        try await db.insert(into: table).columns("id", "case_id", "type", "opposing_party", "court", "case_numbers", "opened_at", "pro_bono_hours", "created_by")
            .values(SQLBind(id), SQLBind(caseID), SQLBind(type!.rawValue), SQLBind(try seal("opposing_party", input.opposingParty)),
                    SQLBind(try seal("court", input.court)), SQLBind(try seal("case_numbers", input.caseNumbers)), SQLBind(now), SQLBind(0.0), SQLBind(actor.userID))
            .run()
        try await db.insert(into: "matter_lawyers").columns("matter_id", "user_id").values(SQLBind(id), SQLBind(actor.userID)).run()
        try await CaseStore.addEvent(caseID, kind: "legal_matter", detail: type!.rawValue, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "legal_matter", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    /// The matter's opening time, when the actor is one of its lawyers; 404 otherwise.
    static func requireLawyer(_ id: UUID, actor: Actor, on db: any SQLDatabase) async throws -> Date {
        guard let row = try await db.raw("""
            SELECT m.opened_at FROM legal_matters m JOIN matter_lawyers l ON l.matter_id = m.id WHERE m.id = \(bind: id) AND l.user_id = \(bind: actor.userID)
            """).first() else { throw AppError.notFound("legal matter") }
        return try row.decode(column: "opened_at", as: Date.self)
    }

    struct EventInput: Content { var kind: String?; var title: String?; var startsAt: String?; var place: String? }

    /// A hearing or a statutory deadline; never before the matter was opened.
    static func addEvent(_ id: UUID, _ input: EventInput, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> IDOnly {
        let opened = try await requireLawyer(id, actor: actor, on: db)
        var v = FieldValidator()
        let kind = v.requiredCode(input.kind, "kind", as: MatterEventKind.self, missing: "hearing or deadline")
        let title = input.title?.trimmedWhitespace ?? ""
        v.check((1...200).contains(title.count), "title", "1 to 200 characters")
        let starts = input.startsAt.flatMap { DateTime.parse($0) }
        if starts == nil { v.add("startsAt", "give the date and time, e.g. 2026-12-03T09:30:00+08:00") }
        if let starts, starts < opened { v.add("startsAt", "is before the matter was opened") }
        try v.finish()
        let eventID = UUID.timeOrdered()
        try await db.insert(into: "matter_events").columns("id", "matter_id", "kind", "title", "starts_at", "place", "created_at")
            .values(SQLBind(eventID), SQLBind(id), SQLBind(kind!.rawValue), SQLBind(title), SQLBind(starts!),
                    SQLBind(try services.cipher.seal(input.place?.isEmpty == false ? input.place : nil, context: "matter_events/\(eventID.uuidString)/place")),
                    SQLBind(Date()))
            .run()
        try await AuditLog.append([.init(verb: .update, recordType: "legal_matter", recordID: id.uuidString, reason: kind!.rawValue)], by: actor, on: db)
        return IDOnly(id: eventID)
    }

    /// Tells a matter's lawyers of each hearing or deadline in the next `days`, once.
    static func remindUpcoming(now: Date, days: Int = 3, limit: Int, on db: any SQLDatabase) async throws -> Int {
        let events = try await db.raw("""
            SELECT id, matter_id FROM matter_events WHERE reminded_at IS NULL AND starts_at >= \(bind: now)
            AND starts_at < \(bind: now.addingTimeInterval(Double(days) * 86_400)) ORDER BY starts_at LIMIT \(literal: limit)\(db.forUpdateSkipLocked)
            """).all()
        for row in events {
            let id = try row.decode(column: "id", as: UUID.self), matter = try row.decode(column: "matter_id", as: UUID.self)
            let lawyers = try await db.raw("SELECT user_id FROM matter_lawyers WHERE matter_id = \(bind: matter)").all().map { try $0.decode(column: "user_id", as: UUID.self) }
            try await Notifications.notify(users: lawyers, kind: .matterUpcoming, recordType: "legal_matter", recordID: matter, on: db)
            try await db.raw("UPDATE matter_events SET reminded_at = \(bind: now) WHERE id = \(bind: id)").run()
        }
        return events.count
    }

    struct NoteInput: Content { var body: String? }

    static func addNote(_ id: UUID, _ input: NoteInput, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> IDOnly {
        _ = try await requireLawyer(id, actor: actor, on: db)
        let body = input.body?.trimmedWhitespace ?? ""
        guard (1...50_000).contains(body.count) else { throw AppError.invalid("body", "write the note (up to 50000 characters)") }
        let noteID = UUID.timeOrdered()
        try await db.insert(into: "matter_notes").columns("id", "matter_id", "author_id", "body", "created_at")
            .values(SQLBind(noteID), SQLBind(id), SQLBind(actor.userID),
                    SQLBind(try services.cipher.seal(body, context: "matter_notes/\(noteID.uuidString)/body")), SQLBind(Date())).run()
        try await AuditLog.append([.init(verb: .create, recordType: "matter_note", recordID: noteID.uuidString)], by: actor, on: db)
        return IDOnly(id: noteID)
    }

    struct OutcomeInput: Content { var outcome: String?; var note: String?; var proBonoHours: Double? }

    static func recordOutcome(_ id: UUID, _ input: OutcomeInput, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws {
        _ = try await requireLawyer(id, actor: actor, on: db)
        var v = FieldValidator()
        let outcome = v.requiredCode(input.outcome, "outcome", as: MatterOutcome.self, missing: "judgment, settlement or withdrawal")
        if let hours = input.proBonoHours { v.check(hours >= 0 && hours <= 10_000, "proBonoHours", "0 to 10000 hours") }
        try v.finish()
        try await db.raw("""
            UPDATE legal_matters SET outcome = \(bind: outcome!.rawValue), outcome_at = \(bind: Date()),
            outcome_note = \(bind: try services.cipher.seal(input.note?.isEmpty == false ? input.note : nil, context: "\(table)/\(id.uuidString)/outcome_note")),
            pro_bono_hours = \(bind: input.proBonoHours ?? 0) WHERE id = \(bind: id)
            """).run()
        try await AuditLog.append([.init(verb: .update, recordType: "legal_matter", recordID: id.uuidString, reason: "outcome \(outcome!.rawValue)")], by: actor, on: db)
    }

    struct Summary: Content { var id: UUID; var caseReference: String; var type: String; var openedAt: Date; var outcome: String?; var nextEvent: Date? }

    /// The matters the actor is a lawyer on, open ones first.
    static func mine(actor: Actor, now: Date = Date(), on db: any SQLDatabase) async throws -> [Summary] {
        try await db.raw("""
            SELECT m.id, k.reference, m.type, m.opened_at, m.outcome,
            (SELECT MIN(e.starts_at) FROM matter_events e WHERE e.matter_id = m.id AND e.starts_at >= \(bind: now)) AS next_event
            FROM legal_matters m JOIN matter_lawyers l ON l.matter_id = m.id JOIN cases k ON k.id = m.case_id
            WHERE l.user_id = \(bind: actor.userID) ORDER BY CASE WHEN m.outcome IS NULL THEN 0 ELSE 1 END, m.opened_at DESC LIMIT 500
            """).all().map { r in
            Summary(id: try r.decode(column: "id", as: UUID.self), caseReference: try r.decode(column: "reference", as: String.self),
                    type: try r.decode(column: "type", as: String.self), openedAt: try r.decode(column: "opened_at", as: Date.self),
                    outcome: try r.decode(column: "outcome", as: String?.self), nextEvent: try r.decode(column: "next_event", as: Date?.self))
        }
    }

    struct Detail: Content {
        struct Event: Content { var id: UUID; var kind: String; var title: String; var startsAt: Date; var place: String? }
        struct Note: Content { var authorName: String; var body: String; var createdAt: Date }
        var id: UUID
        var caseID: UUID
        var caseReference: String
        var type: String
        var opposingParty: String?
        var court: String?
        var caseNumbers: String?
        var openedAt: Date
        var lawyers: [String]
        var outcome: String?
        var outcomeNote: String?
        var proBonoHours: Double
        var events: [Event]
        var privilegedNotes: [Note]
    }

    static func detail(_ id: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Detail {
        _ = try await requireLawyer(id, actor: actor, on: db)
        guard let m = try await db.raw("SELECT m.*, k.reference FROM legal_matters m JOIN cases k ON k.id = m.case_id WHERE m.id = \(bind: id)").first() else {
            throw AppError.notFound("legal matter")
        }
        let open = { (column: String) in try services.cipher.open(try m.decode(column: column, as: String?.self), context: "\(table)/\(id.uuidString)/\(column)") }
        let lawyers = try await db.raw("SELECT u.display_name FROM matter_lawyers l JOIN users u ON u.id = l.user_id WHERE l.matter_id = \(bind: id) ORDER BY 1").all()
            .map { try $0.decode(column: "display_name", as: String.self) }
        let events = try await db.raw("SELECT id, kind, title, starts_at, place FROM matter_events WHERE matter_id = \(bind: id) ORDER BY starts_at").all().map { e in
            let eventID = try e.decode(column: "id", as: UUID.self)
            return Detail.Event(id: eventID, kind: try e.decode(column: "kind", as: String.self), title: try e.decode(column: "title", as: String.self),
                                startsAt: try e.decode(column: "starts_at", as: Date.self),
                                place: try services.cipher.open(try e.decode(column: "place", as: String?.self), context: "matter_events/\(eventID.uuidString)/place"))
        }
        let notes = try await db.raw("""
            SELECT n.id, n.body, n.created_at, u.display_name FROM matter_notes n JOIN users u ON u.id = n.author_id WHERE n.matter_id = \(bind: id) ORDER BY n.created_at
            """).all().map { n in
            Detail.Note(authorName: try n.decode(column: "display_name", as: String.self),
                        body: try services.cipher.open(try n.decode(column: "body", as: String.self),
                                                       context: "matter_notes/\(try n.decode(column: "id", as: UUID.self).uuidString)/body"),
                        createdAt: try n.decode(column: "created_at", as: Date.self))
        }
        try await AuditLog.append([.init(verb: .read, recordType: "legal_matter", recordID: id.uuidString)], by: actor, on: db)
        return Detail(id: id, caseID: try m.decode(column: "case_id", as: UUID.self), caseReference: try m.decode(column: "reference", as: String.self),
                      type: try m.decode(column: "type", as: String.self), opposingParty: try open("opposing_party"), court: try open("court"),
                      caseNumbers: try open("case_numbers"), openedAt: try m.decode(column: "opened_at", as: Date.self), lawyers: lawyers,
                      outcome: try m.decode(column: "outcome", as: String?.self), outcomeNote: try open("outcome_note"),
                      proBonoHours: try m.decode(column: "pro_bono_hours", as: Double.self), events: events, privilegedNotes: notes)
    }
}
