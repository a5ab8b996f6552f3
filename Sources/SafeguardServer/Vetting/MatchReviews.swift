import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Possible matches awaiting a registry keeper. Only a keeper's confirmation turns one into a
/// hit; a rejection is remembered, so the same pair is not put to a keeper again.
enum MatchReviews {
    enum Origin: String, Sendable { case query, recheck, monitoring }

    struct Candidate: Sendable {
        var recordID: UUID
        var score: MatchScore
    }

    /// A registry record read for scoring: its person in match form and its namesake key.
    struct RegistryPerson: Sendable {
        var id: UUID
        var person: MatchPerson
        var nameKey: Int64
    }

    /// Opens each record once, however many people it is a candidate for.
    static func registryPeople(_ rows: [UUID: any SQLRow], services: AppServices) throws -> [UUID: RegistryPerson] {
        try rows.reduce(into: [:]) { people, element in
            let person = MatchPerson(try VettingPeople.open(element.value, table: "registry_records", id: element.key, services: services))
            people[element.key] = RegistryPerson(id: element.key, person: person, nameKey: try element.value.decode(column: "name_key", as: Int64.self))
        }
    }

    /// Scores registry candidates against a person, weighing how common the names are in the
    /// registry; the best one that scores high enough.
    static func bestCandidate(for person: VettingIdentity, among rows: [UUID: any SQLRow], services: AppServices,
                              on db: any SQLDatabase) async throws -> Candidate? {
        guard !rows.isEmpty else { return nil }
        let candidates = try registryPeople(rows, services: services)
        let subjectKey = VettingPeople.nameKey(MatchPerson(person), services.blindIndex)
        let counts = try await RegistryStore.nameCounts(Set(candidates.values.map(\.nameKey) + [subjectKey]), on: db)
        return best(for: MatchPerson(person), among: Array(candidates.values), nameCounts: counts, services: services)
    }

    /// Roster entries opened, with the registry's namesake counts for them and for these records, in one query.
    static func rosterPeople(_ entries: [UUID: any SQLRow], records: [UUID: RegistryPerson], services: AppServices,
                             on db: any SQLDatabase) async throws -> (people: [UUID: MatchPerson], counts: [Int64: Int]) {
        var people: [UUID: MatchPerson] = [:]
        var keys = Set(records.values.map(\.nameKey))
        for (id, row) in entries {
            let person = MatchPerson(try VettingPeople.open(row, table: "roster_entries", id: id, services: services))
            people[id] = person
            keys.insert(VettingPeople.nameKey(person, services.blindIndex))
        }
        return (people, try await RegistryStore.nameCounts(keys, on: db))
    }

    /// The same, with the registry's name counts already read (monitoring reads them a page at a time).
    static func best(for subject: MatchPerson, among candidates: [RegistryPerson], nameCounts counts: [Int64: Int],
                     services: AppServices) -> Candidate? {
        let subjectCount = counts[VettingPeople.nameKey(subject, services.blindIndex)] ?? 0
        var best: Candidate?
        for candidate in candidates {
            let frequency = NameFrequency(candidate: counts[candidate.nameKey] ?? 0, subject: subjectCount)
            let score = VettingMatcher.score(subject, candidate.person, frequency: frequency)
            if score.isCandidate, score.score > (best?.score.score ?? 0) { best = Candidate(recordID: candidate.id, score: score) }
        }
        return best
    }

    /// Opens a review unless the pair was already put to a keeper; answers what the pair stands at.
    static func open(_ candidate: Candidate, origin: Origin, unitID: UUID, queryID: UUID? = nil, entryID: UUID? = nil,
                     previous: (status: String, id: UUID)?, on db: any SQLDatabase) async throws -> (answer: VettingAnswer, reviewID: UUID?) {
        if let previous {
            switch previous.status {
            case MatchDecision.confirmed.rawValue: return (.prohibited, previous.id)
            case MatchDecision.rejected.rawValue: return (.noRecord, previous.id)
            default: return (.underReview, previous.id)
            }
        }
        let id = UUID.timeOrdered()
        try await db.insert(into: "match_reviews").columns("id", "record_id", "origin", "query_id", "entry_id", "unit_id", "score", "reasons", "status", "created_at")
            .values(SQLBind(id), SQLBind(candidate.recordID), SQLBind(origin.rawValue), SQLBind(queryID), SQLBind(entryID), SQLBind(unitID),
                    SQLBind(candidate.score.score), SQLBind(candidate.score.reasons.joined(separator: ",")), SQLBind("pending"), SQLBind(Date())).run()
        let keepers = try await keeperUsers(on: db)
        try await Notifications.notify(users: keepers, kind: .vettingReviewPending, recordType: "match_review", recordID: id, on: db)
        return (.underReview, id)
    }

    static func keeperUsers(on db: any SQLDatabase) async throws -> [UUID] {
        try await db.raw("""
            SELECT DISTINCT u.id FROM users u JOIN role_grants g ON g.user_id = u.id WHERE u.active = \(bind: true) AND g.role = \(bind: Role.registryKeeper.rawValue)
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// An earlier review of a roster entry and record, if any.
    static func previous(entryID: UUID, recordID: UUID, on db: any SQLDatabase) async throws -> (status: String, id: UUID)? {
        try await db.raw("""
            SELECT id, status FROM match_reviews WHERE entry_id = \(bind: entryID) AND record_id = \(bind: recordID) ORDER BY created_at DESC LIMIT 1
            """).first().map { (try $0.decode(column: "status", as: String.self), try $0.decode(column: "id", as: UUID.self)) }
    }

    /// An earlier review of a queried person (by document) and record, if any.
    static func previous(subjectKey: Int64, recordID: UUID, on db: any SQLDatabase) async throws -> (status: String, id: UUID)? {
        try await db.raw("""
            SELECT m.id, m.status FROM match_reviews m JOIN vetting_queries q ON q.id = m.query_id
            WHERE q.subject_key = \(bind: subjectKey) AND m.record_id = \(bind: recordID) ORDER BY m.created_at DESC LIMIT 1
            """).first().map { (try $0.decode(column: "status", as: String.self), try $0.decode(column: "id", as: UUID.self)) }
    }

    struct Item: Content {
        var id: UUID
        var origin: String
        var status: String
        var score: Double
        var reasons: [String]
        var createdAt: Date
        var unitName: String
        var record: RegistryStore.RecordDetail
        /// The person the unit asked about or has on its roster.
        var subject: Subject
    }

    struct Subject: Content {
        var name: String
        var sex: String?
        var birthDate: String
        var documentType: String?
        var documentNumber: String?
    }

    static func count(status: String, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM match_reviews WHERE status = \(bind: status)").first()!.decode(column: "n", as: Int.self)
    }

    /// The keepers' queue: pending reviews, oldest first, with both people side by side (audited).
    static func queue(status: String, paging: PageRequest = PageRequest(page: 1, perPage: 50), services: AppServices,
                      on db: any SQLDatabase) async throws -> Audited<[Item]> {
        let rows = try await db.raw("""
            SELECT m.*, o.name AS unit_name FROM match_reviews m JOIN organisations o ON o.id = m.unit_id
            WHERE m.status = \(bind: status) ORDER BY m.created_at, m.id LIMIT \(literal: paging.perPage) OFFSET \(literal: paging.offset)
            """).all()
        var items: [Item] = []
        var entries: [AuditLog.Entry] = []
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let recordID = try row.decode(column: "record_id", as: UUID.self)
            let record = try await RegistryStore.detail(recordID, services: services, on: db)
            let subject: VettingIdentity
            if let queryID = try row.decode(column: "query_id", as: UUID?.self) {
                let q = try await db.raw("""
                    SELECT subject_name AS name, subject_sex AS sex, subject_birth_date AS birth_date, subject_document_type AS document_type,
                    subject_document_number AS document_number FROM vetting_queries WHERE id = \(bind: queryID)
                    """).first()!
                subject = try VettingQueries.openSubject(q, id: queryID, services: services)
            } else {
                let entryID = try row.decode(column: "entry_id", as: UUID.self)
                let e = try await db.raw("SELECT * FROM roster_entries WHERE id = \(bind: entryID)").first()!
                subject = try VettingPeople.open(e, table: "roster_entries", id: entryID, services: services)
            }
            items.append(Item(id: id, origin: try row.decode(column: "origin", as: String.self), status: try row.decode(column: "status", as: String.self),
                              score: try row.decode(column: "score", as: Double.self),
                              reasons: try row.decode(column: "reasons", as: String.self).split(separator: ",").map(String.init),
                              createdAt: try row.decode(column: "created_at", as: Date.self), unitName: try row.decode(column: "unit_name", as: String.self),
                              record: record.value,
                              subject: Subject(name: subject.name, sex: subject.sex?.rawValue, birthDate: subject.birthDate?.description ?? "",
                                               documentType: subject.documentType?.rawValue, documentNumber: subject.documentNumber)))
            entries += record.entries + [.init(verb: .read, recordType: "match_review", recordID: id.uuidString)]
        }
        return Audited(items, entries)
    }

    /// A keeper's decision. A confirmed query answers "prohibited"; a confirmed roster entry
    /// becomes a monitoring notice to its unit; either way the unit's officers are told.
    static func decide(_ id: UUID, _ decision: MatchDecision, note: String?, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws {
        guard let row = try await db.raw("SELECT * FROM match_reviews WHERE id = \(bind: id)\(db.forUpdate)").first() else {
            throw AppError.notFound("review")
        }
        guard try row.decode(column: "status", as: String.self) == "pending" else { throw AppError.conflict("this review was already decided") }
        let now = Date()
        try await db.raw("""
            UPDATE match_reviews SET status = \(bind: decision.rawValue), note = \(bind: note), decided_by = \(bind: actor.userID), decided_at = \(bind: now)
            WHERE id = \(bind: id)
            """).run()
        let answer: VettingAnswer = decision == .confirmed ? .prohibited : .noRecord
        let recordID = try row.decode(column: "record_id", as: UUID.self)
        let unitID = try row.decode(column: "unit_id", as: UUID.self)
        if let queryID = try row.decode(column: "query_id", as: UUID?.self) {
            try await db.raw("""
                UPDATE vetting_queries SET answer = \(bind: try VettingQueries.sealAnswer(answer, queryID: queryID, services: services)), record_id = \(bind: decision == .confirmed ? recordID : nil),
                answered_at = \(bind: now) WHERE id = \(bind: queryID)
                """).run()
            let officers = try await db.raw("SELECT officer_id FROM vetting_queries WHERE id = \(bind: queryID)").all()
                .map { try $0.decode(column: "officer_id", as: UUID.self) }
            try await Notifications.notify(users: officers + (try await VettingUnits.contacts(unitID, on: db)), kind: .vettingQueryAnswered,
                                           recordType: "vetting_query", recordID: queryID, on: db)
        }
        if let entryID = try row.decode(column: "entry_id", as: UUID?.self) {
            try await db.raw("UPDATE recheck_results SET answer = \(bind: answer.rawValue) WHERE review_id = \(bind: id)").run()
            if decision == .confirmed {
                try await Monitoring.notify([.init(entryID: entryID, unitID: unitID, recordID: recordID)], on: db)
            }
        }
        try await AuditLog.append([.init(verb: .update, recordType: "match_review", recordID: id.uuidString, reason: decision.rawValue)], by: actor, on: db)
    }
}
