import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The yearly re-check of a unit's whole roster. The exact pass (document numbers, one join)
/// answers at once with a report and a receipt, and sets the next due date a year on; the
/// possible matches (fuzzy candidates through the blocking keys, scored in memory) follow in the
/// background and join the same report. Reminders come from the scheduler.
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
        /// Whether the search for possible matches is still `checking` or `done`.
        var possibleMatches: PossibleMatches
        /// Staff with a hit or a possible match (names: the unit's own staff list), a page at a time.
        var findings: [Finding]?
        /// How many findings there are in all, and which page `findings` is.
        var findingsTotal: Int?
        var findingsPage: Int?
        var findingsPerPage: Int?
    }

    enum PossibleMatches: String, Codable, Sendable {
        case checking, done
    }

    struct Finding: Content {
        var entryID: UUID
        var name: String
        var position: String?
        var staffReference: String?
        var answer: String
    }

    /// One person's answer in a re-check, as `recheck_results` keeps it.
    typealias Outcome = (entry: UUID, answer: VettingAnswer, record: UUID?, review: UUID?)

    /// The exact pass, then the possible matches started in the background.
    static func run(actor: Actor, services: AppServices, app: Application) async throws -> Report {
        let db = app.sql
        let unit = try await VettingUnits.approvedUnit(of: actor, on: db)
        guard let uploadID = try unit.decode(column: "roster_upload_id", as: UUID?.self) else {
            throw AppError.conflict("your unit has no staff roster yet; upload one first")
        }
        let startedAt = Date()
        let (checked, exact) = try await app.vettingJobs.inForeground { try await exactPass(uploadID, at: startedAt, services: services, on: db) }
        let id = UUID.timeOrdered()
        let receipt = VettingPeople.receipt("VR", at: startedAt)
        let finishedAt = Date()
        let nextDue = ISODay.string(startedAt.addingTimeInterval(365 * 86_400))
        try await app.write { db in
            try await db.insert(into: "roster_rechecks")
                .columns("id", "unit_id", "upload_id", "receipt", "checked", "prohibited", "under_review", "created_by", "started_at", "finished_at",
                         "possible_matches")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(uploadID), SQLBind(receipt), SQLBind(checked), SQLBind(exact.count),
                        SQLBind(0), SQLBind(actor.userID), SQLBind(startedAt), SQLBind(finishedAt), SQLBind(PossibleMatches.checking.rawValue)).run()
            try await saveResults(exact, recheckID: id, on: db)
            try await db.raw("""
                UPDATE vetting_units SET recheck_due = \(bind: nextDue), recheck_reminded_for = NULL WHERE organisation_id = \(bind: actor.organisationID)
                """).run()
            try await AuditLog.append([.init(verb: .create, recordType: "roster_recheck", recordID: id.uuidString)], by: actor, on: db)
        }
        app.vettingJobs.start(.possibleMatches(recheck: id), services: services, app: app)
        return Report(id: id, receipt: receipt, checked: checked, prohibited: exact.count, underReview: 0, startedAt: startedAt,
                      finishedAt: finishedAt, nextDue: nextDue, statement: statement(finishedAt, possibleMatches: .checking),
                      possibleMatches: .checking, findings: nil, findingsTotal: nil, findingsPage: nil, findingsPerPage: nil)
    }

    /// The staff on the roster and those whose document number is on a registry record that
    /// applies: the roster split in two at the middle moment of its ids (they grow with time), each
    /// half counted and joined on a reader of its own.
    /// A shared number is a hit only when the person agrees too (`VettingMatcher.documentHitHolds`);
    /// the others are left to the search for possible matches, which puts them to a keeper.
    static func exactPass(_ uploadID: UUID, at date: Date, services: AppServices, on db: any SQLDatabase) async throws -> (checked: Int, hits: [Outcome]) {
        let staff: SQLQueryString = "e.upload_id = \(bind: uploadID) AND e.removed_at IS NULL"
        // PostgreSQL has no MIN of a uuid.
        func end(_ order: SQLQueryString) async throws -> UUID? {
            try await db.raw("SELECT e.id FROM roster_entries e WHERE \(staff) ORDER BY e.id \(order) LIMIT 1").first()?.decode(column: "id", as: UUID.self)
        }
        guard let first = try await end("ASC"), let last = try await end("DESC") else { return (0, []) }
        let middle = UUID.timeOrderedMiddle(of: first, last)
        let halves: [SQLQueryString] = ["e.id < \(bind: middle)", "e.id >= \(bind: middle)"]
        let found = try await withThrowingTaskGroup(of: (Int, [Outcome]).self) { group in
            for half in halves {
                group.addTask {
                    let count = try await db.raw("SELECT COUNT(*) AS n FROM roster_entries e WHERE \(staff) AND \(half)").first()!.decode(column: "n", as: Int.self)
                    let hits = try await db.raw("""
                        SELECT e.id AS entry_id, r.id AS record_id FROM roster_entries e JOIN registry_records r ON r.document_key = e.document_key
                        WHERE \(staff) AND \(half) AND \(RegistryStore.applies(on: ISODay.string(date)))
                        """).all().map { row -> Outcome in
                            (try row.decode(column: "entry_id", as: UUID.self), .prohibited, try row.decode(column: "record_id", as: UUID.self), nil)
                        }
                    return (count, hits)
                }
            }
            return try await group.reduce(into: (checked: 0, hits: [Outcome]())) { $0.checked += $1.0; $0.hits += $1.1 }
        }
        let entries = try await Monitoring.rows("roster_entries", Set(found.hits.map(\.entry)), on: db)
        let records = try await Monitoring.rows("registry_records", Set(found.hits.compactMap(\.record)), on: db)
        var people: [UUID: MatchPerson] = [:]
        for (id, row) in entries { people[id] = MatchPerson(try VettingPeople.open(row, table: "roster_entries", id: id, services: services)) }
        for (id, row) in records { people[id] = MatchPerson(try VettingPeople.open(row, table: "registry_records", id: id, services: services)) }
        // One hit per person is enough: the first record found for each.
        var hitEntries = Set<UUID>()
        return (found.checked, found.hits.filter { hit in
            guard let person = people[hit.entry], let record = hit.record.flatMap({ people[$0] }),
                  VettingMatcher.documentHitHolds(person, record) else { return false }
            return hitEntries.insert(hit.entry).inserted
        })
    }

    static func saveResults(_ results: [Outcome], recheckID: UUID, on db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: results.count, by: 1000) {
            let insert = db.insert(into: "recheck_results").columns("recheck_id", "entry_id", "answer", "record_id", "review_id")
            for result in results[start..<min(start + 1000, results.count)] {
                insert.values(SQLBind(recheckID), SQLBind(result.entry), SQLBind(result.answer.rawValue), SQLBind(result.record), SQLBind(result.review))
            }
            try await insert.run()
        }
    }

    /// How long a node holds a search for possible matches before another may take it over; renewed page by page.
    static let lease: TimeInterval = 10 * 60

    /// Roster entries opened and linked between two looks at the foreground and the lease.
    static let rosterPage = 5_000

    /// The search for possible matches of a re-check, in the background: the registry's applying
    /// records opened and indexed in memory by their blocking keys (`FuzzyLinker`), a part at a
    /// time (`Settings.searchRegistryPart`: memory stays bounded whatever the registry's size);
    /// every member of staff without a hit linked against each part, the best candidate kept; a
    /// review opened per pair at the end. Namesakes are counted over the whole registry.
    /// Does nothing when the search is done or another node holds it. Reviews are opened once per
    /// pair, so a search cut short by a restart is simply run again (by the scheduler).
    static func matchPossible(_ id: UUID, services: AppServices, app: Application) async throws {
        guard let claimed = try await claim(id, now: Date(), app: app) else { return }
        let db = app.sql
        let hitEntries = Set(try await db.raw("SELECT entry_id FROM recheck_results WHERE recheck_id = \(bind: id)").all()
            .map { try $0.decode(column: "entry_id", as: UUID.self) })
        let today = ISODay.string(claimed.startedAt)
        let namesakes = try await RegistryStore.nameCounts(on: db)
        let partSize = services.settings.searchRegistryPart
        var best: [UUID: MatchReviews.Candidate] = [:]
        var afterRecord: UUID?
        while true {
            let part = try await RegistryStore.applyingPeople(after: afterRecord, limit: partSize, today: today, services: services, on: db)
            guard let last = part.last else { break }
            afterRecord = last.id
            let linker = FuzzyLinker(reference: part.map(\.person), namesakes: part.map { namesakes[$0.nameKey] ?? 0 })
            var afterEntry: UUID?
            while true {
                try Task.checkCancellation()
                await app.vettingJobs.yieldToForeground()
                guard try await renew(id, app: app) else { return }
                let from: SQLQueryString = afterEntry.map { "AND id > \(bind: $0)" } ?? ""
                let rows = try await db.raw("""
                    SELECT id, person, name, sex, birth_date, document_type, document_number FROM roster_entries
                    WHERE upload_id = \(bind: claimed.uploadID) AND removed_at IS NULL \(from) ORDER BY id LIMIT \(literal: rosterPage)
                    """).all()
                guard let lastRow = rows.last else { break }
                afterEntry = try lastRow.decode(column: "id", as: UUID.self)
                // Opening and linking are most of the search: on both cores, below the server's own work.
                let linked = try await BulkThreads.map(rows) { row -> (UUID, (index: Int, score: MatchScore)?) in
                    let entryID = try row.decode(column: "id", as: UUID.self)
                    guard !hitEntries.contains(entryID) else { return (entryID, nil) }
                    let person = MatchPerson(try VettingPeople.open(row, table: "roster_entries", id: entryID, services: services))
                    let subject = namesakes[VettingPeople.nameKey(person, services.blindIndex)] ?? 0
                    return (entryID, linker.candidates(for: person, namesakes: subject).first)
                }
                for case let (entryID, found?) in linked where found.score.score > best[entryID]?.score.score ?? 0 {
                    best[entryID] = MatchReviews.Candidate(recordID: part[found.index].id, score: found.score)
                }
            }
            if part.count < partSize { break }
        }
        var results: [Outcome] = []
        let likely = Array(best)
        for start in stride(from: 0, to: likely.count, by: 1_000) {
            guard try await renew(id, app: app) else { return }
            let pairs = likely[start..<min(start + 1_000, likely.count)]
            results += try await app.write { db -> [Outcome] in
                var decided: [Outcome] = []
                for (entryID, candidate) in pairs {
                    let previous = try await MatchReviews.previous(entryID: entryID, recordID: candidate.recordID, on: db)
                    let opened = try await MatchReviews.open(candidate, origin: .recheck, unitID: claimed.unitID, entryID: entryID, previous: previous, on: db)
                    if opened.answer != .noRecord {
                        decided.append((entryID, opened.answer, opened.answer == .prohibited ? candidate.recordID : nil, opened.reviewID))
                    }
                }
                return decided
            }
        }
        let found = results
        try await app.write { db in
            try await saveResults(found, recheckID: id, on: db)
            try await db.raw("""
                UPDATE roster_rechecks SET possible_matches = \(bind: PossibleMatches.done.rawValue), matching_until = NULL,
                prohibited = prohibited + \(bind: found.filter { $0.answer == .prohibited }.count),
                under_review = \(bind: found.filter { $0.answer == .underReview }.count) WHERE id = \(bind: id)
                """).run()
        }
    }

    struct Claimed: Sendable {
        var unitID: UUID
        var uploadID: UUID
        var startedAt: Date
    }

    /// Takes the search for possible matches of a re-check, unless it is done or another node's lease runs.
    static func claim(_ id: UUID, now: Date, app: Application) async throws -> Claimed? {
        try await app.write { db in
            guard let row = try await db.raw("""
                UPDATE roster_rechecks SET matching_until = \(bind: now.addingTimeInterval(lease))
                WHERE id = \(bind: id) AND possible_matches = \(bind: PossibleMatches.checking.rawValue)
                AND (matching_until IS NULL OR matching_until < \(bind: now)) RETURNING unit_id, upload_id, started_at
                """).first() else { return nil }
            return Claimed(unitID: try row.decode(column: "unit_id", as: UUID.self), uploadID: try row.decode(column: "upload_id", as: UUID.self),
                           startedAt: try row.decode(column: "started_at", as: Date.self))
        }
    }

    /// Extends the lease before each page; false when the search is no longer this node's to run.
    static func renew(_ id: UUID, app: Application) async throws -> Bool {
        try await app.write { db in
            try await db.raw("""
                UPDATE roster_rechecks SET matching_until = \(bind: Date().addingTimeInterval(lease))
                WHERE id = \(bind: id) AND possible_matches = \(bind: PossibleMatches.checking.rawValue) RETURNING id
                """).first() != nil
        }
    }

    /// The scheduled part: starts again, in the background, the searches that no node holds any
    /// more (a restart cut them short). A search can take minutes; the sweep must not wait for it.
    static func resumePossibleMatches(now: Date, services: AppServices, app: Application) async throws -> Int {
        let ids = try await app.sql.raw("""
            SELECT id FROM roster_rechecks WHERE possible_matches = \(bind: PossibleMatches.checking.rawValue)
            AND (matching_until IS NULL OR matching_until < \(bind: now)) ORDER BY started_at LIMIT 10
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        return ids.filter { app.vettingJobs.start(.possibleMatches(recheck: $0), services: services, app: app) }.count
    }

    static func statement(_ at: Date, possibleMatches: PossibleMatches) -> String {
        let moment = "This re-check reflects the registry at \(ISO8601DateFormatter().string(from: at))."
        switch possibleMatches {
        case .checking:
            return moment + " Possible matches are still being searched for and will join this report; they are not hits until a registry keeper confirms them."
        case .done: return moment + " Possible matches are under review and are not hits until a registry keeper confirms them."
        }
    }

    /// Earlier re-checks (before the search for possible matches ran apart) are done.
    static func possibleMatches(_ row: any SQLRow) throws -> PossibleMatches {
        try row.decode(column: "possible_matches", as: String?.self).flatMap(PossibleMatches.init(rawValue:)) ?? .done
    }

    /// One page of a re-check's findings (hits first, then possible matches, by when the person was added).
    static func findings(_ id: UUID, paging: PageRequest, services: AppServices, on db: any SQLDatabase) async throws -> [Finding] {
        try await db.raw("""
            SELECT x.answer, e.* FROM recheck_results x JOIN roster_entries e ON e.id = x.entry_id
            WHERE x.recheck_id = \(bind: id) AND x.answer <> 'no_record' ORDER BY x.answer, e.added_at, e.id
            LIMIT \(literal: paging.perPage) OFFSET \(literal: paging.offset)
            """).all().map { row in
            let entryID = try row.decode(column: "id", as: UUID.self)
            let staff = try Rosters.staffDetails(row, id: entryID, services: services)
            return Finding(entryID: entryID, name: try VettingPeople.open(row, table: "roster_entries", id: entryID, services: services).name,
                           position: staff.position, staffReference: staff.staffReference,
                           answer: try row.decode(column: "answer", as: String.self))
        }
    }

    static func ownRecheck(_ id: UUID, actor: Actor, on db: any SQLDatabase) async throws -> any SQLRow {
        guard let row = try await db.raw("""
            SELECT r.*, u.recheck_due FROM roster_rechecks r JOIN vetting_units u ON u.organisation_id = r.unit_id
            WHERE r.id = \(bind: id) AND r.unit_id = \(bind: actor.organisationID)
            """).first() else { throw AppError.notFound("re-check") }
        return row
    }

    /// A re-check's report with a page of its findings as they stand now (reviews may have been decided since).
    static func report(_ id: UUID, paging: PageRequest = PageRequest(page: 1, perPage: 100), actor: Actor, services: AppServices,
                       on db: any SQLDatabase) async throws -> Audited<Report> {
        let row = try await ownRecheck(id, actor: actor, on: db)
        let findings = try await findings(id, paging: paging, services: services, on: db)
        var counts: [String: Int] = [:]
        for count in try await db.raw("SELECT answer, COUNT(*) AS n FROM recheck_results WHERE recheck_id = \(bind: id) GROUP BY answer").all() {
            counts[try count.decode(column: "answer", as: String.self)] = try count.decode(column: "n", as: Int.self)
        }
        let finishedAt = try row.decode(column: "finished_at", as: Date.self)
        let possible = try possibleMatches(row)
        let report = Report(id: id, receipt: try row.decode(column: "receipt", as: String.self), checked: try row.decode(column: "checked", as: Int.self),
                            prohibited: counts[VettingAnswer.prohibited.rawValue] ?? 0, underReview: counts[VettingAnswer.underReview.rawValue] ?? 0,
                            startedAt: try row.decode(column: "started_at", as: Date.self), finishedAt: finishedAt,
                            nextDue: try row.decode(column: "recheck_due", as: String?.self), statement: statement(finishedAt, possibleMatches: possible),
                            possibleMatches: possible, findings: findings,
                            findingsTotal: (counts[VettingAnswer.prohibited.rawValue] ?? 0) + (counts[VettingAnswer.underReview.rawValue] ?? 0),
                            findingsPage: paging.page, findingsPerPage: paging.perPage)
        return Audited(report, findings.isEmpty ? [] : [.init(verb: .read, recordType: "roster_recheck", recordID: id.uuidString)])
    }

    static func list(actor: Actor, on db: any SQLDatabase) async throws -> [Report] {
        try await db.raw("""
            SELECT r.*, u.recheck_due FROM roster_rechecks r JOIN vetting_units u ON u.organisation_id = r.unit_id
            WHERE r.unit_id = \(bind: actor.organisationID) ORDER BY r.started_at DESC LIMIT 50
            """).all().map { row in
            let finishedAt = try row.decode(column: "finished_at", as: Date.self)
            let possible = try possibleMatches(row)
            return Report(id: try row.decode(column: "id", as: UUID.self), receipt: try row.decode(column: "receipt", as: String.self),
                          checked: try row.decode(column: "checked", as: Int.self), prohibited: try row.decode(column: "prohibited", as: Int.self),
                          underReview: try row.decode(column: "under_review", as: Int.self), startedAt: try row.decode(column: "started_at", as: Date.self),
                          finishedAt: finishedAt, nextDue: try row.decode(column: "recheck_due", as: String?.self),
                          statement: statement(finishedAt, possibleMatches: possible), possibleMatches: possible, findings: nil,
                          findingsTotal: nil, findingsPage: nil, findingsPerPage: nil)
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
            try await Notifications.notify(users: try await VettingUnits.contacts(unitID, on: db), kind: overdue ? .vettingRecheckOverdue : .vettingRecheckDue,
                                           recordType: "vetting_unit", recordID: unitID, on: db)
            try await db.raw("""
                UPDATE vetting_units SET recheck_reminded_for = \(bind: overdue ? "overdue:" + due : due) WHERE organisation_id = \(bind: unitID)
                """).run()
        }
        return rows.count
    }
}
