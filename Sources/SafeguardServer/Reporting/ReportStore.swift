import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Who acts on a report: a signed-in user, or the system (a scheduled job, a CDS client).
enum Filer: Sendable {
    case user(Actor)
    case system(organisationID: UUID, label: String)

    var userID: UUID? {
        if case .user(let actor) = self { return actor.userID }
        return nil
    }

    var organisationID: UUID {
        switch self {
        case .user(let actor): return actor.organisationID
        case .system(let organisationID, _): return organisationID
        }
    }

    func audit(_ entries: [AuditLog.Entry], on db: any SQLDatabase) async throws {
        switch self {
        case .user(let actor): try await AuditLog.append(entries, by: actor, on: db)
        case .system(let organisationID, let label):
            try await AuditLog.append(entries, actorID: label, organisationID: organisationID.uuidString, on: db)
        }
    }
}

/// Statutory reports: filing, the authority's side, the timeline, and the lists of both sides.
enum ReportStore {
    static let table = "statutory_reports"
    static let columns = ScopeFilter.Columns(organisation: "r.organisation_id", owner: "r.reporter_id", caseID: nil)

    enum SourceKind: String, Codable, Sendable { case manual, contact, `case`, clinicalAlert = "clinical_alert", hotelStay = "hotel_stay" }

    /// A report ready to be filed: validated by `ReportInput` or built from a clinical warning.
    struct Draft: Sendable {
        var situation: LegalSituation
        var colour: WarningColour
        var facts: String
        var childDescription: String?
        var caseID: UUID?
        var sourceKind: SourceKind
        var sourceID: UUID?
        var recipientIDs: [UUID]?
        var submitNow: Bool
    }

    struct Authority: Content, Equatable {
        var id: UUID
        var name: String
        var kind: String
    }

    /// The authorities whose region covers the organisation's: for each kind its country pack
    /// reports to, the nearest one.
    static func authorities(for organisationID: UUID, pack: CountryPack, on db: any SQLDatabase) async throws -> [Authority] {
        let rows = try await db.raw("""
            SELECT a.id, a.name, a.type, ra.path FROM organisations o JOIN regions ro ON ro.id = o.region_id
            JOIN organisations a ON a.type IN (\(binds: pack.authorityKinds.map(\.rawValue)))
            JOIN regions ra ON ra.id = a.region_id
            WHERE o.id = \(bind: organisationID) AND ro.path LIKE ra.path || '%'
            """).all()
        var nearest: [String: (Authority, Int)] = [:]
        for row in rows {
            let kind = try row.decode(column: "type", as: String.self), depth = try row.decode(column: "path", as: String.self).count
            let authority = Authority(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self), kind: kind)
            if (nearest[kind]?.1 ?? -1) < depth { nearest[kind] = (authority, depth) }
        }
        return pack.authorityKinds.compactMap { nearest[$0.rawValue]?.0 }
    }

    static func newReference(now: Date) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        return "SR-\(year)-" + String((0..<8).map { _ in alphabet.randomElement()! })
    }

    static func file(_ draft: Draft, by filer: Filer, services: AppServices, now: Date = Date(), on db: any SQLDatabase) async throws -> CreatedReport {
        let pack = try await countryPack(of: filer.organisationID, on: db)
        let available = try await authorities(for: filer.organisationID, pack: pack, on: db)
        var recipients = available
        if let chosen = draft.recipientIDs {
            let unknown = chosen.filter { id in !available.contains { $0.id == id } }
            guard unknown.isEmpty else { throw AppError.invalid("recipientIDs", "\(unknown.count) of the chosen organisations are not authorities for your region") }
            recipients = available.filter { chosen.contains($0.id) }
        }
        for required in pack.requiredAuthorities where !recipients.contains(where: { $0.kind == required.rawValue }) {
            switch (required == .childHelpline, available.contains { $0.kind == required.rawValue }) {
            case (true, true): throw AppError.invalid("recipientIDs", "a report always goes to the child helpline; keep it among the recipients")
            case (true, false): throw AppError.invalid("recipientIDs", "no child helpline covers your region; ask an administrator to add it to the directory")
            case (false, true): throw AppError.invalid("recipientIDs", "a report always goes to public security; keep it among the recipients")
            case (false, false): throw AppError.invalid("recipientIDs", "no public security organisation covers your region; ask an administrator to add one to the directory")
            }
        }
        let team = pack.reportsToLocalTeam ? try await localTeam(of: filer.organisationID, on: db) : nil
        let id = UUID.timeOrdered(), reference = newReference(now: now)
        let policy = services.warnings.ruleSet.policy
        let deadline = now.addingTimeInterval(Double(services.warnings.policyMinutes(policy.reportDeadlineMinutes, draft.colour)) * 60)
        let seal = { (column: String, text: String) in try services.cipher.seal(text, context: "\(table)/\(id.uuidString)/\(column)") }
        try await db.insert(into: table)
            .columns("id", "reference", "organisation_id", "reporter_id", "source_kind", "source_id", "case_id", "situation", "colour",
                     "child_description", "facts", "status", "deadline_at", "auto_submitted", "created_at", "updated_at", "team_id")
            .values(SQLBind(id), SQLBind(reference), SQLBind(filer.organisationID), SQLBind(filer.userID), SQLBind(draft.sourceKind.rawValue),
                    SQLBind(draft.sourceID), SQLBind(draft.caseID), SQLBind(draft.situation.rawValue), SQLBind(draft.colour.rawValue),
                    SQLBind(try draft.childDescription.map { try seal("child_description", $0) }), SQLBind(try seal("facts", draft.facts)),
                    SQLBind(ReportStatus.draft.rawValue), SQLBind(deadline), SQLBind(false), SQLBind(now), SQLBind(now), SQLBind(team?.id))
            .run()
        // Written at once (not through the commit group's buffer): submitting reads them back.
        let addressed = db.insert(into: "report_recipients").columns("report_id", "organisation_id", "kind")
        for recipient in recipients { addressed.values(SQLBind(id), SQLBind(recipient.id), SQLBind(recipient.kind)) }
        try await addressed.run()
        try await addEvent(id, kind: "filed", by: filer, detail: nil, services: services, now: now, on: db)
        if let caseID = draft.caseID, case .user(let actor) = filer {
            try await CaseStore.addEvent(caseID, kind: "statutory_report", detail: reference, actor: actor, on: db)
        }
        try await filer.audit([.init(verb: .create, recordType: "statutory_report", recordID: id.uuidString)], on: db)
        if draft.submitNow { try await apply(.submit, to: id, by: filer, services: services, now: now, on: db) }
        return CreatedReport(id: id, reference: reference, deadlineAt: deadline, recipients: recipients, team: team)
    }

    struct CreatedReport: Content {
        var id: UUID
        var reference: String
        var deadlineAt: Date
        var recipients: [Authority]
        /// The multi-disciplinary team the report also went to, where the country pack asks for one.
        var team: Team?
    }

    struct Team: Content, Equatable {
        var id: UUID
        var name: String
    }

    static func countryPack(of organisationID: UUID, on db: any SQLDatabase) async throws -> CountryPack {
        let raw = try await db.raw("SELECT country_pack FROM organisations WHERE id = \(bind: organisationID)").first()?.decode(column: "country_pack", as: String.self)
        return raw.flatMap(CountryPack.init) ?? .china
    }

    /// The team of the narrowest region that holds the organisation's: its khoroo's before its
    /// district's; never one of the server's root, which is no place's own.
    static func localTeam(of organisationID: UUID, on db: any SQLDatabase) async throws -> Team? {
        try await db.raw("""
            SELECT t.id, t.name FROM organisations o JOIN regions ro ON ro.id = o.region_id
            JOIN regions rt ON ro.path LIKE rt.path || '%' JOIN mdt_teams t ON t.region_id = rt.id
            WHERE o.id = \(bind: organisationID) AND rt.parent_id IS NOT NULL ORDER BY LENGTH(rt.path) DESC, t.id LIMIT 1
            """).first().map { Team(id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self)) }
    }

    static func addEvent(_ reportID: UUID, kind: String, by filer: Filer, detail: String?, services: AppServices, now: Date, on db: any SQLDatabase) async throws {
        let id = UUID.timeOrdered()
        try await db.insert(into: "report_events").columns("id", "report_id", "at", "kind", "actor_id", "organisation_id", "detail")
            .values(SQLBind(id), SQLBind(reportID), SQLBind(now), SQLBind(kind), SQLBind(filer.userID), SQLBind(filer.organisationID),
                    SQLBind(try detail.map { try services.cipher.seal($0, context: "report_events/\(id.uuidString)/detail") }))
            .run()
    }

    // MARK: visibility

    /// The condition "an authority receiver of the actor's organisation may see report `r`".
    static func addressedTo(_ actor: Actor) -> SQLQueryString {
        "(r.status <> 'draft' AND r.id IN (SELECT report_id FROM report_recipients WHERE organisation_id = \(bind: actor.organisationID)))"
    }

    /// Which side the actor sees the report from, or nil when it is not theirs to see.
    static func side(of reportID: UUID, for actor: Actor, on db: any SQLDatabase) async throws -> ReportEvent.Side? {
        let reading = AccessPolicy.scopes(for: actor.roles, .reportRead)
        if !reading.isEmpty, try await db.raw("""
            SELECT r.id FROM statutory_reports r WHERE r.id = \(bind: reportID) AND \(ScopeFilter.condition(reading, actor, columns))
            """).first() != nil { return .reporter }
        if AccessPolicy.allows(actor.roles, .reportReceive), try await db.raw("""
            SELECT r.id FROM statutory_reports r WHERE r.id = \(bind: reportID) AND \(addressedTo(actor))
            """).first() != nil { return .authority }
        return nil
    }

    // MARK: events

    /// Moves a report on: checks the workflow, records the event, tells the other side.
    static func apply(_ event: ReportEvent, to id: UUID, by filer: Filer, detail: String? = nil, services: AppServices,
                      now: Date = Date(), on db: any SQLDatabase) async throws {
        guard let row = try await db.raw("""
            SELECT status, organisation_id, reporter_id, reference FROM statutory_reports WHERE id = \(bind: id)\(db.forUpdate)
            """).first() else { throw AppError.notFound("report") }
        let status = ReportStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft
        let next: ReportStatus
        do { next = try ReportWorkflow.next(status, event) } catch { throw AppError.conflict(error.message) }
        let organisationID = try row.decode(column: "organisation_id", as: UUID.self)
        let reporterID = try row.decode(column: "reporter_id", as: UUID?.self)

        var sets: [SQLQueryString] = ["status = \(bind: next.rawValue)", "updated_at = \(bind: now)"]
        switch event {
        case .submit, .autoSubmit, .answer:
            let hours = Double(services.warnings.ruleSet.policy.acknowledgementHours)
            sets.append("acknowledgement_due_at = \(bind: now.addingTimeInterval(hours * 3600))")
            if event != .answer { sets.append("submitted_at = \(bind: now)") }
            if event == .autoSubmit { sets += ["auto_submitted = \(bind: true)", "escalated_at = \(bind: now)"] }
        case .acknowledge:
            guard let reference = detail?.trimmedWhitespace, (1...64).contains(reference.count) else {
                throw AppError.invalid("authorityReference", "give the authority's own reference number (1 to 64 characters)")
            }
            sets += ["authority_reference = \(bind: reference)", "acknowledged_at = \(bind: now)"]
        case .requestInformation, .receive, .close:
            break
        }
        if event == .requestInformation || event == .answer {
            guard let text = detail?.trimmedWhitespace, (3...5_000).contains(text.count) else {
                throw AppError.invalid(event == .answer ? "answer" : "question", "write 3 to 5000 characters")
            }
        }
        try await db.raw("UPDATE statutory_reports SET \(sets.joined(separator: ", ")) WHERE id = \(bind: id)").run()
        let timelineDetail = event == .acknowledge ? nil : detail
        try await addEvent(id, kind: event.rawValue, by: filer, detail: timelineDetail, services: services, now: now, on: db)
        try await filer.audit([.init(verb: .update, recordType: "statutory_report", recordID: id.uuidString, reason: event.rawValue)], on: db)

        // Tell the other side.
        let reporterSide = try await reporterSideUsers(organisationID: organisationID, reporterID: reporterID, on: db)
        switch event {
        case .submit, .autoSubmit, .answer:
            let recipients = try await db.raw("SELECT organisation_id FROM report_recipients WHERE report_id = \(bind: id)").all()
                .map { try $0.decode(column: "organisation_id", as: UUID.self) }
            let receivers = try await Notifications.users(in: recipients, roles: [.authorityReceiver], on: db)
            try await Notifications.notify(users: receivers, kind: .report(event), recordType: "statutory_report", recordID: id, on: db)
            if event == .autoSubmit {
                let supervisors = try await Notifications.users(in: [organisationID], roles: [.supervisor], on: db)
                try await Notifications.notify(users: supervisors + reporterSide, kind: .reportAutoSubmit, recordType: "statutory_report", recordID: id, on: db)
            }
        case .requestInformation, .acknowledge, .close:
            try await Notifications.notify(users: reporterSide, kind: .report(event), recordType: "statutory_report", recordID: id, on: db)
        case .receive:
            break
        }
    }

    /// The reporter, or when the system filed it, the organisation's designated reporters.
    static func reporterSideUsers(organisationID: UUID, reporterID: UUID?, on db: any SQLDatabase) async throws -> [UUID] {
        if let reporterID { return [reporterID] }
        return try await Notifications.users(in: [organisationID], roles: [.designatedReporter], on: db)
    }

    /// Escalates submitted reports that no authority acknowledged in time: the reporting
    /// organisation's supervisors are told, once.
    static func escalateUnacknowledged(now: Date, limit: Int, services: AppServices, on db: any SQLDatabase) async throws -> Int {
        let late = try await db.raw("""
            SELECT id, organisation_id FROM statutory_reports WHERE status IN ('submitted', 'received') AND escalated_at IS NULL
            AND acknowledgement_due_at <= \(bind: now) ORDER BY acknowledgement_due_at LIMIT \(literal: limit)\(db.forUpdateSkipLocked)
            """).all()
        for row in late {
            let id = try row.decode(column: "id", as: UUID.self), organisationID = try row.decode(column: "organisation_id", as: UUID.self)
            let filer = Filer.system(organisationID: organisationID, label: "system:deadline-sweeper")
            try await db.raw("UPDATE statutory_reports SET escalated_at = \(bind: now), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
            try await addEvent(id, kind: "escalated", by: filer, detail: nil, services: services, now: now, on: db)
            try await filer.audit([.init(verb: .update, recordType: "statutory_report", recordID: id.uuidString, reason: "escalated: not acknowledged in time")], on: db)
            let supervisors = try await Notifications.users(in: [organisationID], roles: [.supervisor, .designatedReporter], on: db)
            try await Notifications.notify(users: supervisors, kind: .reportEscalated, recordType: "statutory_report", recordID: id, on: db)
        }
        return late.count
    }

    /// Submits drafts whose deadline passed.
    static func submitOverdueDrafts(now: Date, limit: Int, services: AppServices, on db: any SQLDatabase) async throws -> Int {
        let late = try await db.raw("""
            SELECT id, organisation_id FROM statutory_reports WHERE status = 'draft' AND deadline_at <= \(bind: now)
            ORDER BY deadline_at LIMIT \(literal: limit)\(db.forUpdateSkipLocked)
            """).all()
        for row in late {
            let filer = Filer.system(organisationID: try row.decode(column: "organisation_id", as: UUID.self), label: "system:deadline-sweeper")
            try await apply(.autoSubmit, to: try row.decode(column: "id", as: UUID.self), by: filer, services: services, now: now, on: db)
        }
        return late.count
    }
}
