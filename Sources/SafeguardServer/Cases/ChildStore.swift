import Foundation
import SafeguardCore
import SQLKit
import Vapor

struct ChildDetail: Content {
    var id: UUID
    var name: String
    var otherNames: String?
    var birthDate: String?
    var birthDateEstimated: Bool
    var sex: String
    var documentType: String?
    var documentNumber: String?
    var location: String?
    var guardians: [ChildInput.Guardian]
}

enum ChildStore {
    static func context(_ id: UUID, _ column: String) -> String { "children/\(id.uuidString)/\(column)" }

    /// Existing children that may be this one: found by blind indexes (document, name) or the same
    /// birth date, then scored on the decrypted names. Whoever shows them audits the reads.
    static func possibleMatches(_ child: ValidChild, scopes: Set<Scope>, actor: Actor, services: AppServices,
                                on db: any SQLDatabase) async throws -> [ChildMatch] {
        let index = services.blindIndex
        var keys: [SQLQueryString] = []
        if let hash = index.personName(child.name) { keys.append("ch.name_hash = \(bind: hash)") }
        if let number = child.documentNumber, let hash = index.documentNumber(number, domain: .childDocument) { keys.append("ch.document_hash = \(bind: hash)") }
        if let birth = child.birthDate { keys.append("ch.birth_key = \(bind: index.hash(birth.description, domain: .childBirthDate))") }
        guard !keys.isEmpty else { return [] }
        let scope = ScopeFilter.condition(scopes, actor, ScopeFilter.children)
        let rows = try await db.raw("""
            SELECT ch.id, ch.name, ch.birth_date, ch.sex, ch.document_number FROM children ch
            WHERE \(scope) AND (\(keys.joined(separator: " OR "))) LIMIT 200
            """).all()
        let candidate = DuplicateScorer.Person(name: child.name, birthDate: child.birthDate, sex: child.sex,
                                               documentNumber: child.documentNumber)
        var matches: [ChildMatch] = []
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let name = try services.cipher.open(try row.decode(column: "name", as: String.self), context: context(id, "name"))
            let birth = try services.cipher.open(try row.decode(column: "birth_date", as: String?.self), context: context(id, "birth_date"))
            let sex = try services.cipher.open(try row.decode(column: "sex", as: String.self), context: context(id, "sex"))
            let document = try services.cipher.open(try row.decode(column: "document_number", as: String?.self),
                                                    context: context(id, "document_number"))
            let existing = DuplicateScorer.Person(name: name, birthDate: birth.flatMap(PartialDate.init), sex: Sex(rawValue: sex),
                                                  documentNumber: document)
            if let match = DuplicateScorer.score(candidate, existing) {
                matches.append(ChildMatch(id: id, name: name, birthDate: birth, sex: sex, score: match.score, reason: match.reason.rawValue))
            }
        }
        matches.sort { $0.score > $1.score }
        return Array(matches.prefix(10))
    }

    /// Showing a possible match is a read of that child's record.
    static func auditEntries(for matches: [ChildMatch]) -> [AuditLog.Entry] {
        matches.map { .init(verb: .read, recordType: "child", recordID: $0.id.uuidString, reason: "duplicate check") }
    }

    /// Registers a child unless possible duplicates exist and the worker has not confirmed.
    static func create(_ child: ValidChild, confirmed: Bool, scopes: Set<Scope>, actor: Actor, services: AppServices,
                       on db: any SQLDatabase) async throws -> UUID {
        if !confirmed {
            let matches = try await possibleMatches(child, scopes: scopes, actor: actor, services: services, on: db)
            if !matches.isEmpty { throw AppError.duplicateSuspected(matches) }
        }
        let id = UUID.timeOrdered()
        let cipher = services.cipher, index = services.blindIndex
        let guardians = child.guardians.isEmpty ? nil : String(decoding: try JSONEncoder().encode(child.guardians), as: UTF8.self)
        try await db.insert(into: "children")
            .columns("id", "organisation_id", "created_by", "name", "other_names", "name_hash", "birth_date", "birth_key",
                     "birth_date_estimated", "sex", "document_type", "document_number", "document_hash", "location",
                     "guardians", "created_at")
            .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(actor.userID),
                    SQLBind(try cipher.seal(child.name, context: context(id, "name"))),
                    SQLBind(try cipher.seal(child.otherNames, context: context(id, "other_names"))),
                    SQLBind(index.personName(child.name)), SQLBind(try cipher.seal(child.birthDate?.description, context: context(id, "birth_date"))),
                    SQLBind(child.birthDate.map { index.hash($0.description, domain: .childBirthDate) }),
                    SQLBind(child.birthDateEstimated), SQLBind(try cipher.seal(child.sex.rawValue, context: context(id, "sex"))),
                    SQLBind(child.documentType?.rawValue),
                    SQLBind(try cipher.seal(child.documentNumber, context: context(id, "document_number"))),
                    SQLBind(child.documentNumber.flatMap { index.documentNumber($0, domain: .childDocument) }),
                    SQLBind(try cipher.seal(child.location, context: context(id, "location"))),
                    SQLBind(try cipher.seal(guardians, context: context(id, "guardians"))), SQLBind(Date()))
            .run()
        try await AuditLog.append([.init(verb: .create, recordType: "child", recordID: id.uuidString)], by: actor, on: db)
        return id
    }

    static func detail(_ id: UUID, scopes: Set<Scope>, actor: Actor, services: AppServices,
                       on db: any SQLDatabase) async throws -> Audited<ChildDetail> {
        let scope = ScopeFilter.condition(scopes, actor, ScopeFilter.children)
        guard let row = try await db.raw("SELECT ch.* FROM children ch WHERE ch.id = \(bind: id) AND \(scope)").first() else {
            throw AppError.notFound("child")
        }
        let cipher = services.cipher
        func open(_ column: String) throws -> String? {
            try cipher.open(try row.decode(column: column, as: String?.self), context: context(id, column))
        }
        let guardians = try open("guardians").map { try JSONDecoder().decode([ChildInput.Guardian].self, from: Data($0.utf8)) } ?? []
        let detail = ChildDetail(id: id, name: try open("name") ?? "", otherNames: try open("other_names"),
                           birthDate: try open("birth_date"),
                           birthDateEstimated: try row.decode(column: "birth_date_estimated", as: Bool.self),
                           sex: try open("sex") ?? "",
                           documentType: try row.decode(column: "document_type", as: String?.self),
                           documentNumber: try open("document_number"), location: try open("location"),
                           guardians: guardians)
        return Audited(detail, [.init(verb: .read, recordType: "child", recordID: id.uuidString)])
    }
}
