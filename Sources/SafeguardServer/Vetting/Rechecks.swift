import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The yearly re-check of a unit's whole roster: exact document matches in one join, then fuzzy
/// candidates through the blocking keys, scored in memory; a report per unit with a receipt, and
/// the next due date a year on. Reminders come from the sweeper.
enum Rechecks {
    struct Report: Content {
        var id: UUID
        var receipt: String
        var checked: Int
        var prohibited: Int
        var underReview: Int
        var startedAt: Date
        var finishedAt: Date
        var nextDue: String?
        var statement: String
        /// Staff with a hit or a possible match (names: the unit's own staff list).
        var findings: [Finding]?
    }

    struct Finding: Content {
        var entryID: UUID
        var name: String
        var position: String?
        var staffReference: String?
        var answer: String
    }

    static func run(actor: Actor, services: AppServices, app: Application) async throws -> Report {
        let db = app.sql
        let unit = try await VettingUnits.approvedUnit(of: actor, on: db)
        guard let uploadID = try unit.decode(column: "roster_upload_id", as: UUID?.self) else {
            throw AppError.conflict("your unit has no staff roster yet; upload one first")
        }
        let startedAt = Date()
        let today = ISODay.string(startedAt)
        let applies: SQLQueryString = "r.status = 'active' AND (r.prohibition_end IS NULL OR r.prohibition_end >= \(bind: today))"
        let checked = try await db.raw("SELECT COUNT(*) AS n FROM roster_entries WHERE upload_id = \(bind: uploadID) AND removed_at IS NULL").first()!
            .decode(column: "n", as: Int.self)
        // One hit per person is enough: the first record found for each.
        var hitEntries = Set<UUID>()
        let exact = try await db.raw("""
            SELECT e.id AS entry_id, r.id AS record_id FROM roster_entries e JOIN registry_records r ON r.document_key = e.document_key
            WHERE e.upload_id = \(bind: uploadID) AND e.removed_at IS NULL AND \(applies)
            """).all().map { (try $0.decode(column: "entry_id", as: UUID.self), try $0.decode(column: "record_id", as: UUID.self)) }
            .filter { hitEntries.insert($0.0).inserted }
        let id = UUID.timeOrdered()
        let receipt = VettingPeople.receipt("VR", at: startedAt)
        var results: [(entry: UUID, answer: VettingAnswer, record: UUID?, review: UUID?)] = exact.map { ($0.0, .prohibited, $0.1, nil) }
        // Fuzzy candidates a page of the roster at a time, so memory stays bounded: the pairs that
        // share a blocking key are scored in memory (reads only); only likely ones are written.
        var after: UUID?
        while true {
            let from: SQLQueryString = after.map { "AND id > \(bind: $0)" } ?? ""
            let page = try await db.raw("""
                SELECT id FROM roster_entries WHERE upload_id = \(bind: uploadID) AND removed_at IS NULL \(from) ORDER BY id LIMIT 2000
                """).all().map { try $0.decode(column: "id", as: UUID.self) }
            guard let last = page.last else { break }
            after = last
            let pairs = try await db.raw("""
                SELECT DISTINCT eb.entry_id, rb.record_id FROM roster_blocks eb JOIN registry_blocks rb ON rb.block_key = eb.block_key
                JOIN registry_records r ON r.id = rb.record_id WHERE eb.entry_id IN (\(binds: page)) AND \(applies)
                """).all().map { (try $0.decode(column: "entry_id", as: UUID.self), try $0.decode(column: "record_id", as: UUID.self)) }
                .filter { !hitEntries.contains($0.0) }
            guard !pairs.isEmpty else { continue }
            let byEntry = Dictionary(grouping: pairs) { $0.0 }
            let entries = try await Monitoring.rows("roster_entries", Set(byEntry.keys), on: db)
            let records = try await Monitoring.rows("registry_records", Set(pairs.map { $0.1 }), on: db)
            let (people, counts) = try await MatchReviews.rosterPeople(entries, records: records, services: services, on: db)
            var likely: [(entry: UUID, candidate: MatchReviews.Candidate)] = []
            for (entryID, entryPairs) in byEntry {
                guard let person = people[entryID] else { continue }
                let candidates = entryPairs.compactMap { pair in records[pair.1].map { (id: pair.1, row: $0) } }
                if let candidate = try MatchReviews.best(for: person, among: candidates, nameCounts: counts, services: services) {
                    likely.append((entryID, candidate))
                }
            }
            guard !likely.isEmpty else { continue }
            let found = likely
            results += try await app.write { db -> [(entry: UUID, answer: VettingAnswer, record: UUID?, review: UUID?)] in
                var decided: [(entry: UUID, answer: VettingAnswer, record: UUID?, review: UUID?)] = []
                for (entryID, candidate) in found {
                    let previous = try await MatchReviews.previous(entryID: entryID, recordID: candidate.recordID, on: db)
                    let opened = try await MatchReviews.open(candidate, origin: .recheck, unitID: actor.organisationID, entryID: entryID, previous: previous, on: db)
                    if opened.answer != .noRecord {
                        decided.append((entryID, opened.answer, opened.answer == .prohibited ? candidate.recordID : nil, opened.reviewID))
                    }
                }
                return decided
            }
        }
        let finishedAt = Date()
        let nextDue = ISODay.string(startedAt.addingTimeInterval(365 * 86_400))
        let found = results
        let prohibited = results.filter { $0.answer == .prohibited }.count
        let underReview = results.filter { $0.answer == .underReview }.count
        try await app.write { db in
            try await db.insert(into: "roster_rechecks")
                .columns("id", "unit_id", "upload_id", "receipt", "checked", "prohibited", "under_review", "created_by", "started_at", "finished_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(uploadID), SQLBind(receipt), SQLBind(checked), SQLBind(prohibited),
                        SQLBind(underReview), SQLBind(actor.userID), SQLBind(startedAt), SQLBind(finishedAt)).run()
            for start in stride(from: 0, to: found.count, by: 1000) {
                let insert = db.insert(into: "recheck_results").columns("recheck_id", "entry_id", "answer", "record_id", "review_id")
                for result in found[start..<min(start + 1000, found.count)] {
                    insert.values(SQLBind(id), SQLBind(result.entry), SQLBind(result.answer.rawValue), SQLBind(result.record), SQLBind(result.review))
                }
                try await insert.run()
            }
            try await db.raw("""
                UPDATE vetting_units SET recheck_due = \(bind: nextDue), recheck_reminded_for = NULL WHERE organisation_id = \(bind: actor.organisationID)
                """).run()
            try await AuditLog.append([.init(verb: .create, recordType: "roster_recheck", recordID: id.uuidString)], by: actor, on: db)
        }
        return Report(id: id, receipt: receipt, checked: checked, prohibited: prohibited, underReview: underReview, startedAt: startedAt,
                      finishedAt: finishedAt, nextDue: nextDue, statement: statement(finishedAt), findings: nil)
    }

    static func statement(_ at: Date) -> String {
        "This re-check reflects the registry at \(ISO8601DateFormatter().string(from: at)). Possible matches are under review and are not hits until a registry keeper confirms them."
    }

    /// A re-check's report with its findings as they stand now (reviews may have been decided since).
    static func report(_ id: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Audited<Report> {
        guard let row = try await db.raw("""
            SELECT r.*, u.recheck_due FROM roster_rechecks r JOIN vetting_units u ON u.organisation_id = r.unit_id
            WHERE r.id = \(bind: id) AND r.unit_id = \(bind: actor.organisationID)
            """).first() else { throw AppError.notFound("re-check") }
        let findings = try await db.raw("""
            SELECT x.answer, e.* FROM recheck_results x JOIN roster_entries e ON e.id = x.entry_id
            WHERE x.recheck_id = \(bind: id) AND x.answer <> 'no_record' ORDER BY x.answer, e.added_at LIMIT 1000
            """).all().map { row in
            let entryID = try row.decode(column: "id", as: UUID.self)
            return Finding(entryID: entryID, name: try VettingPeople.open(row, table: "roster_entries", id: entryID, services: services).name,
                           position: try row.decode(column: "position", as: String?.self), staffReference: try row.decode(column: "staff_reference", as: String?.self),
                           answer: try row.decode(column: "answer", as: String.self))
        }
        let finishedAt = try row.decode(column: "finished_at", as: Date.self)
        let report = Report(id: id, receipt: try row.decode(column: "receipt", as: String.self), checked: try row.decode(column: "checked", as: Int.self),
                            prohibited: findings.filter { $0.answer == VettingAnswer.prohibited.rawValue }.count,
                            underReview: findings.filter { $0.answer == VettingAnswer.underReview.rawValue }.count,
                            startedAt: try row.decode(column: "started_at", as: Date.self), finishedAt: finishedAt,
                            nextDue: try row.decode(column: "recheck_due", as: String?.self), statement: statement(finishedAt), findings: findings)
        return Audited(report, findings.isEmpty ? [] : [.init(verb: .read, recordType: "roster_recheck", recordID: id.uuidString)])
    }

    static func list(actor: Actor, on db: any SQLDatabase) async throws -> [Report] {
        try await db.raw("""
            SELECT r.*, u.recheck_due FROM roster_rechecks r JOIN vetting_units u ON u.organisation_id = r.unit_id
            WHERE r.unit_id = \(bind: actor.organisationID) ORDER BY r.started_at DESC LIMIT 50
            """).all().map { row in
            let finishedAt = try row.decode(column: "finished_at", as: Date.self)
            return Report(id: try row.decode(column: "id", as: UUID.self), receipt: try row.decode(column: "receipt", as: String.self),
                          checked: try row.decode(column: "checked", as: Int.self), prohibited: try row.decode(column: "prohibited", as: Int.self),
                          underReview: try row.decode(column: "under_review", as: Int.self), startedAt: try row.decode(column: "started_at", as: Date.self),
                          finishedAt: finishedAt, nextDue: try row.decode(column: "recheck_due", as: String?.self), statement: statement(finishedAt), findings: nil)
        }
    }

    /// Reminds units whose re-check falls due within 30 days, and again once it is overdue.
    static func remindDue(now: Date, limit: Int, on db: any SQLDatabase) async throws -> Int {
        let today = ISODay.string(now)
        let soon = ISODay.string(now.addingTimeInterval(30 * 86_400))
        let rows = try await db.raw("""
            SELECT organisation_id, recheck_due, recheck_reminded_for FROM vetting_units
            WHERE status = 'approved' AND recheck_due IS NOT NULL AND recheck_due <= \(bind: soon)
            AND (recheck_reminded_for IS NULL OR (recheck_reminded_for = recheck_due AND recheck_due < \(bind: today)))
            ORDER BY recheck_due LIMIT \(bind: limit)\(db.forUpdateSkipLocked)
            """).all()
        for row in rows {
            let unitID = try row.decode(column: "organisation_id", as: UUID.self)
            let due = try row.decode(column: "recheck_due", as: String.self)
            let overdue = due < today
            try await Notifications.notify(users: try await VettingUnits.contacts(unitID, on: db), kind: overdue ? "vetting_recheck_overdue" : "vetting_recheck_due",
                                           recordType: "vetting_unit", recordID: unitID, on: db)
            try await db.raw("""
                UPDATE vetting_units SET recheck_reminded_for = \(bind: overdue ? "overdue:" + due : due) WHERE organisation_id = \(bind: unitID)
                """).run()
        }
        return rows.count
    }
}
