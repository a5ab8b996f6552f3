import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// A unit's query about one person: hit, no hit, or under review, with a receipt. The unit
/// never learns anything about the record itself.
enum VettingQueries {
    struct Input: Content {
        var purpose: String?
        var name: String?
        var sex: String?
        var birthDate: String?
        var documentType: String?
        var documentNumber: String?
        var authorisationReference: String?
        var authorisationDate: String?
    }

    struct Answer: Content {
        var receipt: String
        var answer: String
        var purpose: String
        var askedAt: Date
        var answeredAt: Date
        var statement: String
    }

    struct Listed: Content {
        var receipt: String
        var name: String
        var purpose: String
        var answer: String
        var askedAt: Date
        var answeredAt: Date
    }

    static func statement(_ answer: VettingAnswer, at date: Date) -> String {
        let time = ISO8601DateFormatter().string(from: date)
        switch answer {
        case .noRecord: return "No record. This answer reflects the registry at \(time) and says nothing about records added later."
        case .prohibited: return "Record found: employment in close contact with minors is prohibited. This answer reflects the registry at \(time). The person receives the reasons in writing and may ask for a review."
        case .underReview: return "Possible match, under review by a registry keeper; you will be told the outcome. Do not treat this as a hit. Asked at \(time)."
        }
    }

    struct Checked: Sendable {
        var purpose: VettingPurpose
        var person: VettingIdentity
        var authorisationReference: String?
        var authorisationDate: String?
    }

    static func validate(_ input: Input, today: PartialDate) throws -> Checked {
        var errors: [FieldError] = []
        var v = FieldValidator()
        let purpose = v.requiredCode(input.purpose, "purpose", as: VettingPurpose.self, missing: "say whether the person is an applicant or a member of staff")
        let reference = input.authorisationReference?.trimmedWhitespace
        let dateText = input.authorisationDate?.trimmedWhitespace
        if purpose == .applicant || !(reference ?? "").isEmpty || !(dateText ?? "").isEmpty {
            v.check((2...80).contains(reference?.count ?? 0), "authorisationReference", "give the reference of the person's signed authorisation")
            if let text = dateText, !text.isEmpty {
                if let date = PartialDate(text), date.isComplete {
                    v.check(date <= today, "authorisationDate", "the authorisation cannot be dated in the future")
                    v.check(PartialDate(year: today.year - 1, month: today.month, day: min(today.day ?? 1, 28))! <= date, "authorisationDate",
                            "the authorisation is more than a year old; ask the person to sign a new one")
                } else {
                    v.add("authorisationDate", "is not a possible date; write YYYY-MM-DD")
                }
            } else {
                v.add("authorisationDate", "give the date the person signed the authorisation")
            }
        }
        errors += v.errors
        let identity = VettingIdentity.read(name: input.name, sex: input.sex, birthDate: input.birthDate, documentType: input.documentType,
                                            documentNumber: input.documentNumber, requireDocument: true)
        if case .failure(let problems) = identity { errors += problems.errors }
        guard errors.isEmpty, case .success(let person) = identity, let purpose else { throw AppError.invalid(ValidationErrors(errors)) }
        return Checked(purpose: purpose, person: person, authorisationReference: reference?.isEmpty == true ? nil : reference,
                       authorisationDate: dateText?.isEmpty == true ? nil : dateText)
    }

    static func ask(_ input: Input, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Answer {
        let now = Date()
        let today = ISODay.string(now)
        let checked = try validate(input, today: ISODay.today(now))
        let unit = try await VettingUnits.approvedUnit(of: actor, on: db)
        let limit = try unit.decode(column: "daily_query_limit", as: Int.self)
        let asked = try await db.raw("""
            SELECT COUNT(*) AS n FROM vetting_queries WHERE unit_id = \(bind: actor.organisationID) AND created_at > \(bind: now.addingTimeInterval(-86_400))
            """).first()!.decode(column: "n", as: Int.self)
        if asked >= limit { throw AppError.rateLimited("your unit has made \(asked) queries in the last 24 hours, its limit; try again later or ask a registry keeper to raise it") }
        let subjectKey = services.blindIndex.documentKey(checked.person.documentNumber)!
        if checked.purpose == .staff {
            let onRoster = try await db.raw("""
                SELECT e.id FROM roster_entries e JOIN vetting_units u ON u.roster_upload_id = e.upload_id
                WHERE u.organisation_id = \(bind: actor.organisationID) AND e.id IN \(RosterKeys.withDocument(subjectKey)) AND e.removed_at IS NULL LIMIT 1
                """).first()
            guard onRoster != nil else {
                throw AppError.invalid("purpose", "this person is not on your staff roster; query applicants with their signed authorisation")
            }
        }
        let id = UUID.timeOrdered()
        var answer = VettingAnswer.noRecord
        var recordID: UUID?
        var reviewID: UUID?
        // A hit needs the number and the person: the same number under another name is a possible
        // match for a keeper, scored with the candidates below.
        let subject = MatchPerson(checked.person)
        let exact = try await RegistryStore.applyingRecords(documentKey: subjectKey, today: today, on: db)
        for (candidateID, row) in exact {
            let record = MatchPerson(try VettingPeople.open(row, table: "registry_records", id: candidateID, services: services))
            if VettingMatcher.documentHitHolds(subject, record) { answer = .prohibited; recordID = candidateID; break }
        }
        var pendingCandidate: MatchReviews.Candidate?
        if answer == .noRecord {
            let keys = VettingPeople.blockKeys(subject, services.blindIndex)
            var rows = try await RegistryStore.blockCandidates(keys, today: today, on: db)
            for (id, row) in exact { rows[id] = row }
            if let candidate = try await MatchReviews.bestCandidate(for: checked.person, among: rows, services: services, on: db) {
                let previous = try await MatchReviews.previous(subjectKey: subjectKey, recordID: candidate.recordID, on: db)
                switch previous?.status {
                case MatchDecision.confirmed.rawValue?: answer = .prohibited; recordID = candidate.recordID
                case MatchDecision.rejected.rawValue?: break
                default: answer = .underReview; pendingCandidate = candidate
                }
            }
        }
        let sealed = try VettingPeople.seal(checked.person, table: "vetting_queries", id: id, services: services)
        let receipt = VettingPeople.receipt("VQ", at: now)
        try await db.insert(into: "vetting_queries")
            .columns("id", "receipt", "unit_id", "officer_id", "purpose", "authorisation_reference", "authorisation_date", "subject_key", "subject_name",
                     "subject_birth_date", "subject_document_type", "subject_document_number", "subject_sex", "answer", "record_id", "created_at", "answered_at")
            .values(SQLBind(id), SQLBind(receipt), SQLBind(actor.organisationID), SQLBind(actor.userID), SQLBind(checked.purpose.rawValue),
                    SQLBind(try services.cipher.seal(checked.authorisationReference, context: "vetting_queries/\(id.uuidString)/authorisation_reference")),
                    SQLBind(checked.authorisationDate), SQLBind(subjectKey), SQLBind(sealed.name),
                    SQLBind(sealed.birthDate), SQLBind(sealed.documentType), SQLBind(sealed.documentNumber), SQLBind(sealed.sex),
                    SQLBind(try sealAnswer(answer, queryID: id, services: services)), SQLBind(recordID), SQLBind(now), SQLBind(now)).run()
        if let pendingCandidate {
            reviewID = try await MatchReviews.open(pendingCandidate, origin: .query, unitID: actor.organisationID, queryID: id, previous: nil, on: db).reviewID
            try await db.raw("UPDATE vetting_queries SET review_id = \(bind: reviewID) WHERE id = \(bind: id)").run()
        }
        try await AuditLog.append([.init(verb: .create, recordType: "vetting_query", recordID: id.uuidString, reason: checked.purpose.rawValue)], by: actor, on: db)
        return Answer(receipt: receipt, answer: answer.rawValue, purpose: checked.purpose.rawValue, askedAt: now, answeredAt: now,
                      statement: statement(answer, at: now))
    }

    /// A query's answer is encrypted like the person it is about: the database alone does not tell
    /// who was found in the registry. (`record_id` is set exactly when the answer is a hit.)
    static func sealAnswer(_ answer: VettingAnswer, queryID: UUID, services: AppServices) throws -> String {
        try services.cipher.seal(answer.rawValue, context: "vetting_queries/\(queryID.uuidString)/answer")
    }

    static func openAnswer(_ row: any SQLRow, services: AppServices) throws -> VettingAnswer {
        let id = try row.decode(column: "id", as: UUID.self)
        let text = try services.cipher.open(try row.decode(column: "answer", as: String.self), context: "vetting_queries/\(id.uuidString)/answer")
        guard let answer = VettingAnswer(rawValue: text) else { throw RecordTampered(recordType: "vetting_query", recordID: id.uuidString) }
        return answer
    }

    /// A query's current answer by its receipt (it changes once a keeper decides a review).
    static func show(receipt: String, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Answer {
        guard let row = try await db.raw("""
            SELECT id, receipt, answer, purpose, created_at, answered_at FROM vetting_queries WHERE receipt = \(bind: receipt) AND unit_id = \(bind: actor.organisationID)
            """).first() else { throw AppError.notFound("query") }
        let answer = try openAnswer(row, services: services)
        let answeredAt = try row.decode(column: "answered_at", as: Date.self)
        return Answer(receipt: receipt, answer: answer.rawValue, purpose: try row.decode(column: "purpose", as: String.self),
                      askedAt: try row.decode(column: "created_at", as: Date.self), answeredAt: answeredAt, statement: statement(answer, at: answeredAt))
    }

    /// The unit's queries, newest first, with the names it asked about (audited).
    static func list(page: Int, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Audited<[Listed]> {
        let rows = try await db.raw("""
            SELECT id, receipt, subject_name, purpose, answer, created_at, answered_at FROM vetting_queries WHERE unit_id = \(bind: actor.organisationID)
            ORDER BY created_at DESC LIMIT 50 OFFSET \(bind: (max(page, 1) - 1) * 50)
            """).all()
        let items = try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return Listed(receipt: try row.decode(column: "receipt", as: String.self),
                          name: try services.cipher.open(try row.decode(column: "subject_name", as: String.self), context: "vetting_queries/\(id.uuidString)/name"),
                          purpose: try row.decode(column: "purpose", as: String.self), answer: try openAnswer(row, services: services).rawValue,
                          askedAt: try row.decode(column: "created_at", as: Date.self), answeredAt: try row.decode(column: "answered_at", as: Date.self))
        }
        return Audited(items, rows.isEmpty ? [] : [.init(verb: .list, recordType: "vetting_query", recordID: "page \(page)")])
    }

    static func openSubject(_ row: any SQLRow, id: UUID, services: AppServices) throws -> VettingIdentity {
        try VettingPeople.open(row, table: "vetting_queries", id: id, services: services)
    }
}
