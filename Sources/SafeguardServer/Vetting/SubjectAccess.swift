import Foundation
import NIOConcurrencyHelpers
import SafeguardCore
import SQLKit
import Vapor

/// What a person may learn about their own vetting: every unit that checked them and when, the
/// written reasons for a hit, and their review requests, tracked to a decision.
///
/// Verification: the person gives their document number, full name and date of birth; these
/// must agree with what a unit recorded when it checked them. Failed attempts are limited per
/// client address, and the same "nothing found" answers a wrong detail and an unknown person.
enum SubjectAccess {
    struct Proof: Content {
        var documentType: String?
        var documentNumber: String?
        var name: String?
        var birthDate: String?
    }

    struct Check: Content {
        var unitName: String
        var unitType: String
        var kind: String
        var at: Date
        var receipt: String
        var answer: String?
    }

    struct Reason: Content {
        var recordID: UUID
        var offenceCategory: String
        var decisionType: String
        var decisionDate: String
        var issuingAuthority: String
        var prohibitionScope: String
        var prohibitionEnd: String?
        var status: String
    }

    struct ReviewRequest: Content {
        var id: UUID
        var recordID: UUID
        var status: String
        var decisionReason: String?
        var createdAt: Date
        var decidedAt: Date?
    }

    struct Disclosure: Content {
        var checks: [Check]
        var reasons: [Reason]
        var reviewRequests: [ReviewRequest]
    }

    /// Failed verifications per client address in the current hour.
    static let attempts = HourlyLimit(limit: 10)

    /// The document key of a verified person, or nil.
    static func verify(_ proof: Proof, req: Request) async throws -> Int64 {
        let client = req.clientAddress ?? "unknown"
        let now = Date()
        guard attempts.allowed(client, now: now) else {
            throw AppError.rateLimited("too many unsuccessful attempts from this address; try again in an hour")
        }
        let person: VettingIdentity
        switch VettingIdentity.read(name: proof.name, sex: nil, birthDate: proof.birthDate, documentType: proof.documentType,
                                    documentNumber: proof.documentNumber, requireDocument: true) {
        case .failure(let errors): throw AppError.invalid(errors)
        case .success(let read): person = read
        }
        let services = req.safeguard
        let key = services.blindIndex.documentKey(person.documentNumber)!
        let wanted = MatchPerson(person)
        var verified = false
        for row in try await req.sql.raw("""
            SELECT id, subject_name AS name, subject_sex AS sex, subject_birth_date AS birth_date, subject_document_type AS document_type,
            subject_document_number AS document_number FROM vetting_queries WHERE subject_key = \(bind: key) LIMIT 20
            """).all() {
            let known = try VettingQueries.openSubject(row, id: try row.decode(column: "id", as: UUID.self), services: services)
            if agrees(known, person, wanted) { verified = true; break }
        }
        if !verified {
            for row in try await req.sql.raw("SELECT * FROM roster_entries WHERE id IN \(RosterKeys.withDocument(key)) LIMIT 20").all() {
                let known = try VettingPeople.open(row, table: "roster_entries", id: try row.decode(column: "id", as: UUID.self), services: services)
                if agrees(known, person, wanted) { verified = true; break }
            }
        }
        guard verified else {
            attempts.record(client, now: now)
            throw AppError.notFound("vetting check for these details")
        }
        return key
    }

    static func agrees(_ known: VettingIdentity, _ person: VettingIdentity, _ wanted: MatchPerson) -> Bool {
        known.documentNumber == person.documentNumber && known.birthDate == person.birthDate && MatchPerson(known).name.unordered == wanted.name.unordered
    }

    static func disclose(_ proof: Proof, req: Request) async throws -> Disclosure {
        let key = try await verify(proof, req: req)
        let db = req.sql
        var checks = try await db.raw("""
            SELECT q.id, o.name, v.unit_type, q.purpose, q.created_at, q.receipt, q.answer FROM vetting_queries q
            JOIN organisations o ON o.id = q.unit_id JOIN vetting_units v ON v.organisation_id = q.unit_id
            WHERE q.subject_key = \(bind: key) ORDER BY q.created_at DESC LIMIT 500
            """).all().map { row in
            Check(unitName: try row.decode(column: "name", as: String.self), unitType: try row.decode(column: "unit_type", as: String.self),
                  kind: try row.decode(column: "purpose", as: String.self), at: try row.decode(column: "created_at", as: Date.self),
                  receipt: try row.decode(column: "receipt", as: String.self), answer: try VettingQueries.openAnswer(row, services: req.safeguard).rawValue)
        }
        // Re-checks of a roster the person was on at the time.
        checks += try await db.raw("""
            SELECT o.name, v.unit_type, r.started_at, r.receipt FROM roster_entries e JOIN roster_rechecks r ON r.upload_id = e.upload_id
            JOIN organisations o ON o.id = r.unit_id JOIN vetting_units v ON v.organisation_id = r.unit_id
            WHERE e.id IN \(RosterKeys.withDocument(key)) AND e.added_at <= r.started_at AND (e.removed_at IS NULL OR e.removed_at > r.started_at)
            ORDER BY r.started_at DESC LIMIT 500
            """).all().map { row in
            Check(unitName: try row.decode(column: "name", as: String.self), unitType: try row.decode(column: "unit_type", as: String.self),
                  kind: "roster_recheck", at: try row.decode(column: "started_at", as: Date.self), receipt: try row.decode(column: "receipt", as: String.self),
                  answer: nil)
        }
        checks.sort { $0.at > $1.at }
        let reasons = try await reasons(subjectKey: key, services: req.safeguard, on: db)
        let requests = try await reviewRequests(subjectKey: key, services: req.safeguard, on: db)
        try await req.write { db in
            try await AuditLog.append([.init(verb: .read, recordType: "vetting_subject_access", recordID: String(key, radix: 16))],
                                      actorID: "subject", organisationID: "", on: db)
        }
        return Disclosure(checks: checks, reasons: reasons, reviewRequests: requests)
    }

    /// The records that answered a check about the person as a hit.
    static func reasons(subjectKey key: Int64, services: AppServices, on db: any SQLDatabase) async throws -> [Reason] {
        try await db.raw("""
            SELECT DISTINCT r.* FROM registry_records r WHERE r.status <> 'staged' AND r.id IN (
              SELECT record_id FROM vetting_queries WHERE subject_key = \(bind: key) AND record_id IS NOT NULL
              UNION SELECT record_id FROM monitoring_notices WHERE entry_id IN \(RosterKeys.withDocument(key))
              UNION SELECT record_id FROM recheck_results WHERE entry_id IN \(RosterKeys.withDocument(key)) AND answer = 'prohibited')
            """).all().map { row in
            let details = try RegistryStore.openDetails(row, services: services)
            return Reason(recordID: try row.decode(column: "id", as: UUID.self), offenceCategory: details.offenceCategory,
                          decisionType: details.decisionType, decisionDate: details.decisionDate, issuingAuthority: details.issuingAuthority,
                          prohibitionScope: details.prohibitionScope,
                          prohibitionEnd: try row.decode(column: "prohibition_end", as: String?.self), status: try row.decode(column: "status", as: String.self))
        }
    }

    static func reviewRequests(subjectKey: Int64, services: AppServices, on db: any SQLDatabase) async throws -> [ReviewRequest] {
        try await db.raw("SELECT * FROM review_requests WHERE subject_key = \(bind: subjectKey) ORDER BY created_at DESC").all()
            .map { try reviewRequest($0, services: services) }
    }

    static func reviewRequest(_ row: any SQLRow, services: AppServices) throws -> ReviewRequest {
        let id = try row.decode(column: "id", as: UUID.self)
        return ReviewRequest(id: id, recordID: try row.decode(column: "record_id", as: UUID.self),
                      status: try row.decode(column: "status", as: String.self),
                      decisionReason: try services.cipher.open(try row.decode(column: "decision_reason", as: String?.self), context: "review_requests/\(id.uuidString)/decision_reason"),
                      createdAt: try row.decode(column: "created_at", as: Date.self), decidedAt: try row.decode(column: "decided_at", as: Date?.self))
    }

    struct RequestInput: Content {
        var proof: Proof?
        var recordID: UUID?
        var grounds: String?
    }

    /// A person with a hit asks for a review of the record behind it.
    static func requestReview(_ input: RequestInput, req: Request) async throws -> ReviewRequest {
        guard let proof = input.proof else { throw AppError.invalid("proof", "give your document number, name and date of birth") }
        let key = try await verify(proof, req: req)
        var v = FieldValidator()
        let grounds = input.grounds?.trimmedWhitespace ?? ""
        v.check((10...4000).contains(grounds.count), "grounds", "say why the record is wrong or does not concern you (10 to 4000 characters)")
        v.check(input.recordID != nil, "recordID", "choose the record you want reviewed")
        try v.finish()
        // Verified once above; the hit's records are read without a second verification.
        let disclosed = try await reasons(subjectKey: key, services: req.safeguard, on: req.sql).map(\.recordID)
        guard disclosed.contains(input.recordID!) else { throw AppError.invalid("recordID", "not a record that answered a check about you") }
        let services = req.safeguard
        let recordID = input.recordID!
        return try await req.write { db in
            if try await db.raw("SELECT id FROM review_requests WHERE record_id = \(bind: recordID) AND subject_key = \(bind: key) AND status = 'open'").first() != nil {
                throw AppError.conflict("a review of this record is already open")
            }
            let id = UUID.timeOrdered(), now = Date()
            try await db.insert(into: "review_requests").columns("id", "record_id", "subject_key", "grounds", "status", "created_at")
                .values(SQLBind(id), SQLBind(recordID), SQLBind(key), SQLBind(try services.cipher.seal(grounds, context: "review_requests/\(id.uuidString)/grounds")),
                        SQLBind("open"), SQLBind(now)).run()
            try await Notifications.notify(users: try await MatchReviews.keeperUsers(on: db), kind: .vettingReviewRequest, recordType: "review_request",
                                           recordID: id, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "review_request", recordID: id.uuidString)], actorID: "subject", organisationID: "", on: db)
            return ReviewRequest(id: id, recordID: recordID, status: "open", decisionReason: nil, createdAt: now, decidedAt: nil)
        }
    }

    struct OpenRequest: Content {
        var request: ReviewRequest
        var grounds: String
        var record: RegistryStore.RecordDetail
    }

    /// How many review requests wait for a keeper (a count: no personal data is read).
    static func openRequestCount(on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM review_requests WHERE status = 'open'").first()!.decode(column: "n", as: Int.self)
    }

    /// The keepers' list of review requests, open first (audited: grounds and records are personal).
    static func openRequests(services: AppServices, on db: any SQLDatabase) async throws -> Audited<[OpenRequest]> {
        let rows = try await db.raw("""
            SELECT * FROM review_requests ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, created_at LIMIT 100
            """).all()
        var items: [OpenRequest] = []
        var entries: [AuditLog.Entry] = []
        for row in rows {
            let request = try reviewRequest(row, services: services)
            let record = try await RegistryStore.detail(request.recordID, services: services, on: db)
            items.append(OpenRequest(request: request, grounds: try services.cipher.open(try row.decode(column: "grounds", as: String.self),
                                                                                        context: "review_requests/\(request.id.uuidString)/grounds"),
                                     record: record.value))
            entries += record.entries + [.init(verb: .read, recordType: "review_request", recordID: request.id.uuidString)]
        }
        return Audited(items, entries)
    }

    struct Decision: Content {
        var outcome: String?
        var reason: String?
    }

    /// A keeper decides: the record stands, or it is withdrawn and no longer answers as a hit.
    static func decide(_ id: UUID, _ input: Decision, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws {
        var v = FieldValidator()
        let outcome = v.requiredCode(input.outcome, "outcome", as: ReviewOutcome.self, missing: "say whether the record stands (upheld) or is withdrawn")
        let reason = input.reason?.trimmedWhitespace ?? ""
        v.check((10...4000).contains(reason.count), "reason", "give the written reasons for the decision (10 to 4000 characters)")
        try v.finish()
        guard let row = try await db.raw("SELECT record_id, status FROM review_requests WHERE id = \(bind: id)\(db.forUpdate)").first() else {
            throw AppError.notFound("review request")
        }
        guard try row.decode(column: "status", as: String.self) == "open" else { throw AppError.conflict("this request was already decided") }
        let now = Date()
        try await db.raw("""
            UPDATE review_requests SET status = \(bind: outcome!.rawValue),
            decision_reason = \(bind: try services.cipher.seal(reason, context: "review_requests/\(id.uuidString)/decision_reason")), decided_by = \(bind: actor.userID),
            decided_at = \(bind: now) WHERE id = \(bind: id)
            """).run()
        if outcome == .withdrawn {
            try await db.raw("""
                UPDATE registry_records SET status = 'withdrawn', withdrawn_at = \(bind: now) WHERE id = \(bind: try row.decode(column: "record_id", as: UUID.self))
                """).run()
        }
        try await AuditLog.append([.init(verb: .update, recordType: "review_request", recordID: id.uuidString, reason: outcome!.rawValue)], by: actor, on: db)
    }
}
