import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The employment-prohibition registry: records (one at a time or by import), what keepers read
/// of them, and the lookups queries and re-checks make.
enum RegistryStore {
    /// `name`, `birth_date` and `document_number` hold no data since M012 (`person` holds them, sealed), nor
    /// do the offence, decision, authority and scope since M017 (`details` holds them, sealed); they may
    /// not be NULL. `source_reference` holds the reference's keyed hash, unique.
    static let columns = ["id", "status", "person", "name", "sex", "birth_date", "document_type", "document_number", "document_key", "name_key", "offence_category",
                          "decision_type", "decision_date", "issuing_authority", "prohibition_scope", "prohibition_end", "source_reference", "details",
                          "import_id", "created_by", "created_at"]

    static func referenceKey(_ reference: String, _ index: BlindIndex) -> String { index.hash(reference, domain: .registryReference) }

    static func sealDetails(_ details: RegistryDetails, id: UUID, services: AppServices) throws -> String {
        try services.cipher.seal(details.encoded, context: "registry_records/\(id.uppercaseText)/details")
    }

    /// The record's offence, decision, authority, scope and reference.
    static func openDetails(_ row: any SQLRow, services: AppServices) throws -> RegistryDetails {
        let id = try row.decode(column: "id", as: UUID.self)
        guard let details = RegistryDetails(encoded: try services.cipher.open(try row.decode(column: "details", as: String.self),
                                                                              context: "registry_records/\(id.uppercaseText)/details")) else {
            throw RecordTampered(recordType: "registry_record", recordID: id.uuidString)
        }
        return details
    }

    /// A record ready to insert: its row and its blocking keys.
    struct Sealed: Sendable {
        var id: UUID
        var row: [SQLBind]
        var blocks: [[SQLBind]]
        var sourceReference: String
        var documentKey: Int64?
        var nameKey: Int64
    }

    static func seal(_ input: RegistryRecordInput, status: String, importID: UUID?, createdBy: UUID, now: Date, services: AppServices) throws -> Sealed {
        let id = UUID.timeOrdered()
        let person = input.person
        let match = MatchPerson(person)
        let documentKey = services.blindIndex.documentKey(person.documentNumber), nameKey = VettingPeople.nameKey(match, services.blindIndex)
        let row: [SQLBind] = [SQLBind(id), SQLBind(status), SQLBind(try VettingPeople.sealIdentity(person, table: "registry_records", id: id, services: services)),
                              SQLBind(""), SQLBind(person.sex?.rawValue), SQLBind(""), SQLBind(person.documentType?.rawValue),
                              SQLBind(""), SQLBind(documentKey), SQLBind(nameKey),
                              SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(""),
                              SQLBind(input.prohibitionEnd?.description), SQLBind(referenceKey(input.sourceReference, services.blindIndex)),
                              SQLBind(try sealDetails(input.details, id: id, services: services)), SQLBind(importID), SQLBind(createdBy), SQLBind(now)]
        return Sealed(id: id, row: row, blocks: VettingPeople.blockKeys(match, services.blindIndex).map { [SQLBind(id), SQLBind($0)] },
                      sourceReference: input.sourceReference, documentKey: documentKey, nameKey: nameKey)
    }

    static func insert(_ records: [Sealed], on db: any SQLDatabase) async throws {
        try await PersonTable.registry.insert(columns: columns, rows: records.map(\.row), blocks: records.flatMap(\.blocks), on: db)
    }

    /// Source references already in the registry (staged or active), found by their keys: a record is entered once.
    static func existingReferences(_ references: [String], index: BlindIndex, on db: any SQLDatabase) async throws -> Set<String> {
        guard !references.isEmpty else { return [] }
        let byKey = Dictionary(references.map { (referenceKey($0, index), $0) }, uniquingKeysWith: { first, _ in first })
        return Set(try await db.raw("SELECT source_reference FROM registry_records WHERE source_reference IN (\(binds: Array(byKey.keys)))").all()
            .compactMap { byKey[try $0.decode(column: "source_reference", as: String.self)] })
    }

    /// Records that hold one of these document numbers, with the key of their name: two people
    /// under one number is a mistake or a shared number, which a keeper must look at.
    static func namesByDocument(_ keys: [Int64], on db: any SQLDatabase) async throws -> [Int64: (record: UUID, nameKey: Int64)] {
        guard !keys.isEmpty else { return [:] }
        var found: [Int64: (UUID, Int64)] = [:]
        for row in try await db.raw("SELECT id, document_key, name_key FROM registry_records WHERE document_key IN (\(binds: keys))").all() {
            found[try row.decode(column: "document_key", as: Int64.self)] = (try row.decode(column: "id", as: UUID.self), try row.decode(column: "name_key", as: Int64.self))
        }
        return found
    }

    static func sharedNumberProblem(record: UUID?, row: Int?) -> FieldError {
        FieldError("document_number", "another person (by name) already has this number in the registry"
                   + (record.map { " (record \($0.uuidString))" } ?? "") + (row.map { " (row \($0) of this file)" } ?? "")
                   + ": check the number; to import it anyway, confirm sharedNumbers")
    }

    static func create(_ input: RegistryRecordInput, confirmSharedNumber: Bool = false, actor: Actor, services: AppServices,
                       on db: any SQLDatabase) async throws -> UUID {
        if try await !existingReferences([input.sourceReference], index: services.blindIndex, on: db).isEmpty {
            throw AppError.invalid("source_reference", "a record with this reference is already in the registry")
        }
        let sealed = try seal(input, status: "active", importID: nil, createdBy: actor.userID, now: Date(), services: services)
        if !confirmSharedNumber, let key = sealed.documentKey, let holder = try await namesByDocument([key], on: db)[key], holder.nameKey != sealed.nameKey {
            throw AppError.invalid(ValidationErrors([sharedNumberProblem(record: holder.record, row: nil)]))
        }
        try await insert([sealed], on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "registry_record", recordID: sealed.id.uuidString)], by: actor, on: db)
        return sealed.id
    }

    struct RecordSummary: Content {
        var id: UUID
        var status: String
        var offenceCategory: String
        var decisionType: String
        var decisionDate: String
        var issuingAuthority: String
        var prohibitionEnd: String?
        var sourceReference: String
        var createdAt: Date
    }

    struct RecordDetail: Content {
        var record: RecordSummary
        var name: String
        var sex: String?
        var birthDate: String
        var documentType: String?
        var documentNumber: String?
        var prohibitionScope: String
    }

    static func summary(_ row: any SQLRow, services: AppServices) throws -> RecordSummary {
        let details = try openDetails(row, services: services)
        return RecordSummary(id: try row.decode(column: "id", as: UUID.self), status: try row.decode(column: "status", as: String.self),
                             offenceCategory: details.offenceCategory, decisionType: details.decisionType, decisionDate: details.decisionDate,
                             issuingAuthority: details.issuingAuthority, prohibitionEnd: try row.decode(column: "prohibition_end", as: String?.self),
                             sourceReference: details.sourceReference, createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    /// The registry's list for keepers: codes and references only, newest first.
    static func list(page: Int, services: AppServices, on db: any SQLDatabase) async throws -> (items: [RecordSummary], hasMore: Bool) {
        let rows = try await db.raw("""
            SELECT * FROM registry_records WHERE status <> 'staged' ORDER BY created_at DESC, id LIMIT 51 OFFSET \(bind: (max(page, 1) - 1) * 50)
            """).all()
        return (try rows.prefix(50).map { try summary($0, services: services) }, rows.count > 50)
    }

    static func detail(_ id: UUID, services: AppServices, on db: any SQLDatabase) async throws -> Audited<RecordDetail> {
        guard let row = try await db.raw("SELECT * FROM registry_records WHERE id = \(bind: id) AND status <> 'staged'").first() else {
            throw AppError.notFound("registry record")
        }
        let person = try VettingPeople.open(row, table: "registry_records", id: id, services: services)
        let detail = RecordDetail(record: try summary(row, services: services), name: person.name, sex: person.sex?.rawValue,
                                  birthDate: person.birthDate?.description ?? "", documentType: person.documentType?.rawValue,
                                  documentNumber: person.documentNumber, prohibitionScope: try openDetails(row, services: services).prohibitionScope)
        return Audited(detail, [.init(verb: .read, recordType: "registry_record", recordID: id.uuidString)])
    }

    /// Registry records (as `r`) that bar employment on `day`.
    static func applies(on day: String) -> SQLQueryString {
        "r.status = 'active' AND (r.prohibition_end IS NULL OR r.prohibition_end >= \(bind: day))"
    }

    /// What matching reads of a record: the person and the keys.
    private static let matchColumns: SQLQueryString =
        "SELECT r.id, r.person, r.name, r.name_key, r.sex, r.birth_date, r.document_type, r.document_number FROM registry_records r"

    /// Active records whose prohibition applies today, for a document key.
    static func applyingRecords(documentKey: Int64, today: String, on db: any SQLDatabase) async throws -> [UUID: any SQLRow] {
        try await byID(db.raw("\(matchColumns) WHERE r.document_key = \(bind: documentKey) AND \(applies(on: today))").all())
    }

    /// Active, applying records that share a blocking key with these keys: fuzzy candidates.
    static func blockCandidates(_ keys: [Int64], today: String, on db: any SQLDatabase) async throws -> [UUID: any SQLRow] {
        guard !keys.isEmpty else { return [:] }
        return try await byID(db.raw("""
            \(matchColumns) WHERE r.id IN (SELECT record_id FROM registry_blocks WHERE block_key IN (\(binds: keys))) AND \(applies(on: today))
            """).all())
    }

    /// The applying records after `after` in id order, opened in match form, up to `limit`: a part
    /// of the registry for the search for possible matches, read 10,000 rows per statement.
    static func applyingPeople(after: UUID?, limit: Int, today: String, services: AppServices,
                               on db: any SQLDatabase) async throws -> [MatchReviews.RegistryPerson] {
        var people: [MatchReviews.RegistryPerson] = []
        var last = after
        while people.count < limit {
            let from: SQLQueryString = last.map { "AND r.id > \(bind: $0)" } ?? ""
            let rows = try await db.raw("""
                \(matchColumns) WHERE \(applies(on: today)) \(from) ORDER BY r.id LIMIT \(literal: min(10_000, limit - people.count))
                """).all()
            guard !rows.isEmpty else { break }
            people += try await BulkThreads.map(rows) { row in
                let id = try row.decode(column: "id", as: UUID.self)
                let person = MatchPerson(try VettingPeople.open(row, table: "registry_records", id: id, services: services))
                return MatchReviews.RegistryPerson(id: id, person: person, nameKey: try row.decode(column: "name_key", as: Int64.self))
            }
            last = people.last?.id
        }
        return people
    }

    private static func byID(_ rows: [any SQLRow]) throws -> [UUID: any SQLRow] {
        try rows.reduce(into: [:]) { found, row in found[try row.decode(column: "id", as: UUID.self)] = row }
    }

    /// How many active records carry each of these name keys, or each name key there is (nil).
    static func nameCounts(_ keys: Set<Int64>? = nil, on db: any SQLDatabase) async throws -> [Int64: Int] {
        if keys?.isEmpty == true { return [:] }
        let only: SQLQueryString = keys.map { "AND name_key IN (\(binds: Array($0)))" } ?? ""
        var counts: [Int64: Int] = [:]
        for row in try await db.raw("SELECT name_key, COUNT(*) AS n FROM registry_records WHERE status = 'active' \(only) GROUP BY name_key").all() {
            counts[try row.decode(column: "name_key", as: Int64.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
