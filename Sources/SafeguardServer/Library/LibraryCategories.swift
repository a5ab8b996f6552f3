import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The centre's own categories: a tree, each category named in the languages the centre reads
/// (`mn`, `en`, `zh`), browsed with the number of titles in each and everything under it.
enum LibraryCategories {
    struct CategoryInput: Content {
        /// Short and stable: what MARC 084 and the CSV carry, `CP.LAW`.
        var code: String?
        var parentCode: String?
        /// A name per language: `{"en": "Law", "mn": "Хууль", "zh": "法律"}`.
        var names: [String: String]?
    }

    struct Category: Content {
        var id: UUID
        var code: String
        var parentID: UUID?
        var names: [String: String]
        var depth: Int
        /// Titles filed in it or in any category under it.
        var titles: Int
    }

    struct Tree: Content { var organisationName: String; var categories: [Category] }

    static let languages = ["mn", "en", "zh"]
    /// Bounds a centre's tree: 190 categories in Mongolian and 150 in English is what a centre keeps.
    static let maximumCategories = 2_000, maximumDepth = 10

    /// A category code: letters, digits and `.-_`, as a cataloguer writes a class mark.
    static func validCode(_ code: String) -> Bool {
        (1...30).contains(code.count) && code.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || ".-_".unicodeScalars.contains($0) }
    }

    static func create(_ input: CategoryInput, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        let code = input.code?.trimmedWhitespace ?? ""
        v.check(validCode(code), "code", "give a code of 1 to 30 letters, digits, dots or hyphens")
        var names: [String: String] = [:]
        for (language, name) in input.names ?? [:] {
            v.check(languages.contains(language), "names", "name the category in mn, en or zh")
            if let name = v.text(name, "names.\(language)", max: 200) { names[language] = name }
        }
        v.check(!names.isEmpty, "names", "name the category in at least one language")
        let parentCode = input.parentCode?.trimmed
        try v.finish()
        let actor = caller.actor, named = names
        return try await caller.write { db in
            var parents: [UUID: UUID?] = [:], codes: [String: UUID] = [:]
            for r in try await db.raw("SELECT id, code, parent_id FROM library_categories WHERE organisation_id = \(bind: actor.organisationID)").all() {
                let id = try r.decode(column: "id", as: UUID.self)
                parents[id] = try r.decode(column: "parent_id", as: UUID?.self)
                codes[try r.decode(column: "code", as: String.self)] = id
            }
            guard codes[code] == nil else { throw AppError.invalid("code", "another category has this code") }
            guard parents.count < maximumCategories else { throw AppError.invalid("code", "a library keeps at most 2000 categories") }
            var parent: UUID?
            if let parentCode {
                guard let found = codes[parentCode] else { throw AppError.invalid("parentCode", "no category has this code") }
                var depth = 1, above = parents[found] ?? nil
                while let next = above { depth += 1; above = parents[next] ?? nil }
                guard depth < maximumDepth else { throw AppError.invalid("parentCode", "categories go at most 10 levels deep") }
                parent = found
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let id = UUID.timeOrdered()
            try await db.insert(into: "library_categories").columns("id", "organisation_id", "code", "parent_id", "names", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(code), SQLBind(parent), SQLBind(String(decoding: try encoder.encode(named), as: UTF8.self)), SQLBind(Date()))
                .run()
            try await AuditLog.append([.init(verb: .create, recordType: "library_category", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    /// Every library's categories with their counts, for readers browsing (the catalogue is public).
    static func trees(on db: any SQLDatabase) async throws -> [Tree] {
        let rows = try await db.raw("""
            SELECT c.id, c.organisation_id, c.code, c.parent_id, c.names, o.name AS organisation_name,
            (SELECT COUNT(*) FROM library_title_categories t WHERE t.category_id = c.id) AS direct
            FROM library_categories c JOIN organisations o ON o.id = c.organisation_id ORDER BY o.name, c.organisation_id, c.code LIMIT 100000
            """).all()
        let decoder = JSONDecoder()
        // by the organisation itself, not its name: two libraries may share a name
        var byOrganisation: [(id: UUID, name: String, rows: [any SQLRow])] = []
        for row in rows {
            let id = try row.decode(column: "organisation_id", as: UUID.self)
            if byOrganisation.last?.id == id { byOrganisation[byOrganisation.count - 1].rows.append(row) }
            else { byOrganisation.append((id, try row.decode(column: "organisation_name", as: String.self), [row])) }
        }
        return try byOrganisation.map { organisation in
            var parents: [UUID: UUID?] = [:], direct: [UUID: Int] = [:], codes: [UUID: String] = [:], names: [UUID: [String: String]] = [:]
            for row in organisation.rows {
                let id = try row.decode(column: "id", as: UUID.self)
                parents[id] = try row.decode(column: "parent_id", as: UUID?.self)
                direct[id] = try row.decode(column: "direct", as: Int.self)
                codes[id] = try row.decode(column: "code", as: String.self)
                names[id] = try decoder.decode([String: String].self, from: Data(try row.decode(column: "names", as: String.self).utf8))
            }
            let tree = CategoryTree(parents: parents, direct: direct) { codes[$0]! < codes[$1]! }
            return Tree(organisationName: organisation.name, categories: tree.nodes.map {
                Category(id: $0.id, code: codes[$0.id]!, parentID: parents[$0.id]!, names: names[$0.id]!, depth: $0.depth, titles: $0.total)
            })
        }
    }

    /// The category and all under it, for a search filtered by it; not found for an unknown id.
    static func subtree(_ id: UUID, on db: any SQLDatabase) async throws -> [UUID] {
        guard let row = try await db.raw("SELECT organisation_id FROM library_categories WHERE id = \(bind: id)").first()
        else { throw AppError.invalid("category", "no category has this id") }
        let organisation = try row.decode(column: "organisation_id", as: UUID.self)
        var parents: [UUID: UUID?] = [:]
        for r in try await db.raw("SELECT id, parent_id FROM library_categories WHERE organisation_id = \(bind: organisation)").all() {
            parents[try r.decode(column: "id", as: UUID.self)] = try r.decode(column: "parent_id", as: UUID?.self)
        }
        return CategoryTree(parents: parents, direct: [:]).subtree(id)
    }

    /// The ids of the organisation's categories with these codes; an unknown code is refused at
    /// `field` (`categories`, or `records[i]` in an import).
    static func ids(_ codes: Set<String>, field: (String) -> String, actor: Actor, on db: any SQLDatabase) async throws -> [String: UUID] {
        guard !codes.isEmpty else { return [:] }
        var found: [String: UUID] = [:]
        let all = Array(codes)
        for start in stride(from: 0, to: all.count, by: 1_000) {
            for r in try await db.raw("""
                SELECT id, code FROM library_categories WHERE organisation_id = \(bind: actor.organisationID) AND code IN (\(binds: Array(all[start..<min(start + 1_000, all.count)])))
                """).all() {
                found[try r.decode(column: "code", as: String.self)] = try r.decode(column: "id", as: UUID.self)
            }
        }
        if let unknown = all.sorted().first(where: { found[$0] == nil }) { throw AppError.invalid(field(unknown), "names a category the library does not have") }
        return found
    }
}
