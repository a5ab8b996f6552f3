import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The referral network's directory: who offers which service, where, in which languages.
enum DirectoryStore {
    struct Input: Content {
        var name: String?
        var profession: String?
        var services: [String]?
        var languages: [String]?
        var regionID: UUID?
        var capacity: Int?
        var available: Bool?
        var contact: String?
        /// The Safeguard user who answers referrals to this entry, if any.
        var userID: UUID?
        /// Or the Safeguard organisation whose people answer them.
        var organisationID: UUID?
    }

    struct Entry: Content {
        var id: UUID
        var name: String
        var profession: String
        var services: [String]
        var languages: [String]
        var regionName: String
        var capacity: Int
        var available: Bool
        var contact: String
        var inSafeguard: Bool
    }

    /// An entry as checked, ready to write.
    struct Valid {
        var name: String, profession: Profession, services: [ServiceType], languages: [String], regionID: UUID, capacity: Int
        var available: Bool, contact: String, userID: UUID?, organisationID: UUID?

        /// The columns in the order `create` and `update` write them.
        var binds: [SQLBind] {
            [SQLBind(name), SQLBind(profession.rawValue), SQLBind("," + services.map(\.rawValue).joined(separator: ",") + ","),
             SQLBind("," + languages.joined(separator: ",") + ","), SQLBind(regionID), SQLBind(capacity), SQLBind(available), SQLBind(contact),
             SQLBind(userID), SQLBind(organisationID)]
        }
        static let columns = ["name", "profession", "services", "languages", "region_id", "capacity", "available", "contact", "user_id", "organisation_id"]
    }

    static func validate(_ input: Input, on db: any SQLDatabase) async throws -> Valid {
        var v = FieldValidator()
        let name = input.name?.trimmedWhitespace ?? ""
        v.check((1...200).contains(name.count), "name", "give the name (1 to 200 characters)")
        let profession = v.requiredCode(input.profession, "profession", as: Profession.self, missing: "choose a profession")
        let services = (input.services ?? []).enumerated().compactMap { v.code($1, "services[\($0)]", as: ServiceType.self) }
        v.check(!services.isEmpty, "services", "name at least one service offered")
        let languages = (input.languages ?? []).map { $0.trimmedWhitespace.lowercased() }.filter { !$0.isEmpty }
        v.check(languages.allSatisfy { $0.count <= 20 }, "languages", "language codes such as zh, en, mn")
        v.check(input.regionID != nil, "regionID", "choose the region served")
        v.check((0...10_000).contains(input.capacity ?? 0), "capacity", "0 to 10000 open places")
        let contact = input.contact?.trimmedWhitespace ?? ""
        v.check((3...300).contains(contact.count), "contact", "how to reach them (3 to 300 characters)")
        v.check(input.userID == nil || input.organisationID == nil, "userID", "an entry is a person or an organisation, not both")
        try v.finish()
        guard try await db.raw("SELECT id FROM regions WHERE id = \(bind: input.regionID!)").first() != nil else { throw AppError.invalid("regionID", "no such region") }
        if let user = input.userID, try await db.raw("SELECT id FROM users WHERE id = \(bind: user)").first() == nil {
            throw AppError.invalid("userID", "no such user")
        }
        if let organisation = input.organisationID, try await db.raw("SELECT id FROM organisations WHERE id = \(bind: organisation)").first() == nil {
            throw AppError.invalid("organisationID", "no such organisation")
        }
        return Valid(name: name, profession: profession!, services: services, languages: languages, regionID: input.regionID!,
                     capacity: input.capacity ?? 0, available: input.available ?? true, contact: contact, userID: input.userID,
                     organisationID: input.organisationID)
    }

    static func create(_ input: Input, actor: Actor, on db: any SQLDatabase) async throws -> IDOnly {
        let entry = try await validate(input, on: db)
        let id = UUID.timeOrdered()
        try await db.insert(into: "directory_entries").columns(["id"] + Valid.columns + ["created_at"])
            .values([SQLBind(id)] + entry.binds + [SQLBind(Date())]).run()
        try await AuditLog.append([.init(verb: .create, recordType: "directory_entry", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    /// Replaces an entry with what the form or the request gives (a place whose capacity, services
    /// or contact changed); referrals already sent keep pointing at it.
    static func update(_ id: UUID, _ input: Input, actor: Actor, on db: any SQLDatabase) async throws {
        guard try await db.raw("SELECT id FROM directory_entries WHERE id = \(bind: id)").first() != nil else { throw AppError.notFound("directory entry") }
        let entry = try await validate(input, on: db)
        let update = db.update("directory_entries").where("id", .equal, id)
        for (column, value) in zip(Valid.columns, entry.binds) { update.set(SQLIdentifier(column), to: value) }
        try await update.run()
        try await AuditLog.append([.init(verb: .update, recordType: "directory_entry", recordID: id.uuidString)], by: actor, on: db)
    }

    /// An entry as its form shows it.
    static func input(_ id: UUID, on db: any SQLDatabase) async throws -> Input {
        guard let row = try await db.raw("""
            SELECT name, profession, services, languages, region_id, capacity, available, contact, user_id, organisation_id
            FROM directory_entries WHERE id = \(bind: id)
            """).first() else { throw AppError.notFound("directory entry") }
        func list(_ column: String) throws -> [String] { try row.decode(column: column, as: String.self).split(separator: ",").map(String.init) }
        return Input(name: try row.decode(column: "name", as: String.self), profession: try row.decode(column: "profession", as: String.self),
                     services: try list("services"), languages: try list("languages"), regionID: try row.decode(column: "region_id", as: UUID.self),
                     capacity: try row.decode(column: "capacity", as: Int.self), available: try row.decode(column: "available", as: Bool.self),
                     contact: try row.decode(column: "contact", as: String.self), userID: try row.decode(column: "user_id", as: UUID?.self),
                     organisationID: try row.decode(column: "organisation_id", as: UUID?.self))
    }

    struct Search: Content {
        var service: String?
        var regionID: UUID?
        var language: String?
        var available: Bool?
    }

    /// Entries offering the service, serving the region or a region above it, speaking the language; available first.
    static func search(_ search: Search, on db: any SQLDatabase) async throws -> [Entry] {
        var v = FieldValidator()
        let service = v.code(search.service, "service", as: ServiceType.self)
        try v.finish()
        var conditions: [SQLQueryString] = ["1 = 1"]
        // Services and languages are stored as ",a,b," so that one LIKE finds a whole code.
        if let service { conditions.append("d.services LIKE \(bind: "%," + service.rawValue + ",%")") }
        if let language = search.language?.trimmedWhitespace.lowercased(), !language.isEmpty {
            conditions.append("d.languages LIKE \(bind: "%," + language + ",%")")
        }
        if search.available == true { conditions.append("d.available = \(bind: true) AND d.capacity > 0") }
        if let region = search.regionID {
            conditions.append("(SELECT path FROM regions WHERE id = \(bind: region)) LIKE r.path || '%'")
        }
        return try await db.raw("""
            SELECT d.*, r.name AS region_name FROM directory_entries d JOIN regions r ON r.id = d.region_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY d.available DESC, d.capacity DESC, d.name LIMIT 200
            """).all().map(entry)
    }

    static func entry(_ row: any SQLRow) throws -> Entry {
        func list(_ column: String) throws -> [String] { try row.decode(column: column, as: String.self).split(separator: ",").map(String.init) }
        return Entry(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                     profession: try row.decode(column: "profession", as: String.self), services: try list("services"), languages: try list("languages"),
                     regionName: try row.decode(column: "region_name", as: String.self), capacity: try row.decode(column: "capacity", as: Int.self),
                     available: try row.decode(column: "available", as: Bool.self), contact: try row.decode(column: "contact", as: String.self),
                     inSafeguard: try row.decode(column: "user_id", as: UUID?.self) != nil || row.decode(column: "organisation_id", as: UUID?.self) != nil)
    }
}
