import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The catalogue of a resource centre's library: titles typed in or imported in MARC 21, searched
/// by anyone. One title per ISBN in a library; every write is one transaction, so an import that
/// has a bad record takes none.
enum LibraryCatalogue {
    struct AuthorInput: Content { var name: String?; var corporate: Bool?; var role: String? }

    /// A title as the form and the API send it.
    struct TitleInput: Content {
        var title: String?, subtitle: String?, responsibility: String?
        var authors: [AuthorInput]?
        var edition: String?, publisher: String?, place: String?
        var year: Int?
        var extent: String?
        var isbns: [String]?
        var issn: String?, series: String?
        var languages: [String]?
        var subjects: [String]?
        var summary: String?, link: String?
        var format: String?
        var audiences: [String]?
        /// Codes of the library's own categories.
        var categories: [String]?
    }

    struct Title: Content {
        var id: UUID
        var organisationName: String
        var entry: CatalogueEntry
        var audiences: [String]
        /// Where each copy is; never who has it.
        var copies: [CopyLine]
        /// Readers waiting for it.
        var holds: Int
    }

    struct CopyLine: Content { var barcode: String; var location: String?; var condition: String?; var status: String }

    struct Line: Content {
        var id: UUID, title: String, authors: String, year: Int?, languages: [String], format: String, organisationName: String
    }

    struct Found: Content { var items: [Line]; var hasMore: Bool }

    struct Query: Content {
        var q: String?, language: String?, format: String?, audience: String?
        /// A category of a library: its titles and those of every category under it.
        var category: UUID?
        /// Only titles with a copy on the shelf now.
        var available: Bool?
        var page: Int?
    }

    struct Imported: Content { var imported: Int }

    static let perPage = 20

    // MARK: checking

    /// The entry the input describes, each problem named by its field.
    static func validate(_ input: TitleInput, prefix: String = "") throws -> (CatalogueEntry, [LibraryAudience]) {
        var v = FieldValidator()
        // MARC's separators and other control characters are no part of a catalogue's text
        func text(_ value: String?, _ field: String, max: Int, lines: Bool = false) -> String? { v.text(value, prefix + field, max: max, lines: lines) }
        let title = text(input.title, "title", max: 500)
        v.check(title != nil, prefix + "title", "give the title")
        // a list over its bound is refused once, its items not checked one by one: a file of 500 rows of
        // 4,600 ISBNs each would otherwise answer with millions of problems
        func bounded<T>(_ list: [T]?, _ field: String, max: Int, _ message: String) -> [T] {
            let list = list ?? []
            v.check(list.count <= max, prefix + field, message)
            return list.count <= max ? list : []
        }
        let authors = bounded(input.authors, "authors", max: 50, "at most 50 authors").enumerated().compactMap { index, author -> CatalogueEntry.Author? in
            guard let name = text(author.name, "authors[\(index)].name", max: 300) else { return nil }
            return .init(name: name, corporate: author.corporate ?? false, role: text(author.role, "authors[\(index)].role", max: 100))
        }
        if let year = input.year { v.check((1450...2100).contains(year), prefix + "year", "give a year from 1450 to 2100") }
        var isbns: [String] = []
        for (index, typed) in bounded(input.isbns, "isbns", max: 20, "at most 20 ISBNs").enumerated() {
            guard let typed = typed.trimmed else { continue }
            switch ISBN.normalised(typed) {
            case .success(let isbn):
                if isbns.contains(isbn) { v.add(prefix + "isbns[\(index)]", "is given twice") } else { isbns.append(isbn) }
            case .failure(.wrongCheckDigit): v.add(prefix + "isbns[\(index)]", "has a wrong check digit")
            case .failure: v.add(prefix + "isbns[\(index)]", "is not an ISBN: 10 digits (the last may be X) or 13 digits starting 978 or 979")
            }
        }
        var issn: String?
        if let typed = text(input.issn, "issn", max: 20) {
            issn = ISSN.normalised(typed)
            v.check(issn != nil, prefix + "issn", "is not an ISSN: 8 digits (the last may be X) with a right check digit")
        }
        var seenLanguages = Set<String>()
        let languages = bounded(input.languages, "languages", max: 20, "at most 20 languages").compactMap { $0.trimmed?.lowercased() }.filter { seenLanguages.insert($0).inserted }
        for (index, code) in languages.enumerated() {
            v.check(code.count <= 3 && code.allSatisfy { $0.isASCII && $0.isLetter }, prefix + "languages[\(index)]", "give a language code of 2 or 3 letters (mn, en, zh)")
        }
        let subjects = bounded(input.subjects, "subjects", max: 50, "at most 50 subjects").enumerated().compactMap { text($1, "subjects[\($0)]", max: 200) }
        let link = text(input.link, "link", max: 2_000)
        if let link { v.check(link.hasPrefix("https://") || link.hasPrefix("http://"), prefix + "link", "give a web address starting https://") }
        let format = v.requiredCode(input.format, prefix + "format", as: LibraryFormat.self, missing: "choose book, handbook, leaflet, video or online")
        let audiences = bounded(input.audiences, "audiences", max: 4, "at most 4 audiences").enumerated().compactMap { v.code($1, prefix + "audiences[\($0)]", as: LibraryAudience.self) }
        var seenCategories = Set<String>()
        let categories = bounded(input.categories, "categories", max: 20, "at most 20 categories").compactMap { $0.trimmed }.filter { seenCategories.insert($0).inserted }
        for (index, code) in categories.enumerated() {
            v.check(LibraryCategories.validCode(code), prefix + "categories[\(index)]", "give a code of 1 to 30 letters, digits, dots or hyphens")
        }
        let entry = CatalogueEntry(
            title: title ?? "", subtitle: text(input.subtitle, "subtitle", max: 500), responsibility: text(input.responsibility, "responsibility", max: 500),
            authors: authors, edition: text(input.edition, "edition", max: 100), publisher: text(input.publisher, "publisher", max: 300),
            place: text(input.place, "place", max: 200), year: input.year, extent: text(input.extent, "extent", max: 200), isbns: isbns, issn: issn,
            series: text(input.series, "series", max: 300), languages: languages, subjects: subjects,
            summary: text(input.summary, "summary", max: 2_000, lines: true), link: link, format: format ?? .book, categories: categories)
        // what other libraries can take: MARC 21 describes a field of at most 9,999 bytes and a record of 99,999
        if v.errors.isEmpty { v.check(ISO2709.fits(MARCCatalogue.record(from: entry, controlNumber: "0")), prefix + "summary", "is too long to exchange as MARC 21: shorten the summary, authors or subjects") }
        try v.finish()
        return (entry, audiences)
    }

    // MARK: writing

    static func create(_ input: TitleInput, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.libraryManage)
        let (entry, audiences) = try validate(input)
        let actor = caller.actor
        let ids = try await caller.write { db in try await insert([(entry, audiences)], place: nil, actor: actor, on: db) }
        return IDOnly(id: ids[0])
    }

    static func input(from entry: CatalogueEntry) -> TitleInput {
        TitleInput(title: entry.title, subtitle: entry.subtitle, responsibility: entry.responsibility,
                   authors: entry.authors.map { .init(name: $0.name, corporate: $0.corporate, role: $0.role) }, edition: entry.edition,
                   publisher: entry.publisher, place: entry.place, year: entry.year, extent: entry.extent, isbns: entry.isbns, issn: entry.issn,
                   series: entry.series, languages: entry.languages, subjects: entry.subjects, summary: entry.summary, link: entry.link,
                   format: entry.format.rawValue, audiences: [LibraryAudience.professional.rawValue], categories: entry.categories)
    }

    /// Writes titles with their ISBNs and search words, in statements of many rows. An ISBN already
    /// in the library, or twice among these, is refused by the entry's place in its file (`place(i)`:
    /// `records[i]`, `rows[n]`), or by the field for one title typed in.
    static func insert(_ entries: [(CatalogueEntry, [LibraryAudience])], place: (@Sendable (Int) -> String)?, actor: Actor, on db: any SQLDatabase) async throws -> [UUID] {
        var v = FieldValidator()
        var owner: [String: Int] = [:]
        for (index, (entry, _)) in entries.enumerated() where v.errors.count < 100 {
            if entry.isbns.contains(where: { owner[$0] != nil }) { v.add(place?(index) ?? "isbns", "has an ISBN that an earlier record in the file has") }
            for isbn in entry.isbns where owner[isbn] == nil { owner[isbn] = index }
        }
        let known = Array(owner.keys)
        for start in stride(from: 0, to: known.count, by: 1_000) {
            for r in try await db.raw("""
                SELECT isbn FROM library_isbns WHERE organisation_id = \(bind: actor.organisationID) AND isbn IN (\(binds: Array(known[start..<min(start + 1_000, known.count)])))
                """).all() {
                let isbn = try r.decode(column: "isbn", as: String.self)
                let field = place?(owner[isbn]!) ?? "isbns"
                if v.errors.count < 100, !v.errors.contains(where: { $0.field == field }) { v.add(field, "has an ISBN already in the catalogue") }
            }
        }
        try v.finish()
        // each category code must be the library's own: refused at the first entry that names an unknown one
        var firstWithCode: [String: Int] = [:]
        for (index, (entry, _)) in entries.enumerated() { for code in entry.categories where firstWithCode[code] == nil { firstWithCode[code] = index } }
        let categoryIDs = try await LibraryCategories.ids(Set(firstWithCode.keys), field: { code in place?(firstWithCode[code]!) ?? "categories" },
                                                          actor: actor, on: db)
        let now = Date(), encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let ids = entries.map { _ in UUID.timeOrdered() }
        let columns = ["id", "organisation_id", "title", "subtitle", "responsibility", "authors", "edition", "publisher", "place", "year", "extent", "isbns",
                       "issn", "series", "languages", "subjects", "summary", "link", "format", "audiences", "search_words", "created_by", "created_at", "updated_at",
                       "categories", "sort_key"]
        var rows: [[SQLBind]] = [], isbnRows: [[SQLBind]] = [], searchRows: [[SQLBind]] = [], categoryRows: [[SQLBind]] = []
        for ((entry, audiences), id) in zip(entries, ids) {
            let words = searchWords(entry)
            rows.append([
                SQLBind(id), SQLBind(actor.organisationID), SQLBind(entry.title), SQLBind(entry.subtitle), SQLBind(entry.responsibility),
                SQLBind(String(decoding: try encoder.encode(entry.authors), as: UTF8.self)), SQLBind(entry.edition), SQLBind(entry.publisher), SQLBind(entry.place),
                SQLBind(entry.year), SQLBind(entry.extent), SQLBind(String(decoding: try encoder.encode(entry.isbns), as: UTF8.self)), SQLBind(entry.issn),
                SQLBind(entry.series), SQLBind(listed(entry.languages)), SQLBind(String(decoding: try encoder.encode(entry.subjects), as: UTF8.self)),
                SQLBind(entry.summary), SQLBind(entry.link), SQLBind(entry.format.rawValue), SQLBind(listed(audiences.map(\.rawValue))), SQLBind(words),
                SQLBind(actor.userID), SQLBind(now), SQLBind(now), SQLBind(listed(entry.categories)), SQLBind(SortKey.of(entry.title)),
            ])
            categoryRows += entry.categories.map { [SQLBind(id), SQLBind(categoryIDs[$0]!)] }
            isbnRows += entry.isbns.map { [SQLBind(actor.organisationID), SQLBind($0), SQLBind(id)] }
            searchRows.append([SQLBind(words), SQLBind(id)])
        }
        // an ISBN's unique constraint must fail here, for this write alone
        try await db.insertRowsNow(into: "library_titles", columns: columns, rows: rows)
        try await db.insertRowsNow(into: "library_isbns", columns: ["organisation_id", "isbn", "title_id"], rows: isbnRows)
        try await db.insertRowsNow(into: "library_title_categories", columns: ["title_id", "category_id"], rows: categoryRows)
        if db.dialect.name != "postgresql" { try await db.insertRowsNow(into: "library_search", columns: ["words", "title_id"], rows: searchRows) }
        try await AuditLog.append(ids.map { .init(verb: .create, recordType: "library_title", recordID: $0.uuidString) }, by: actor, on: db)
        return ids
    }

    static func searchWords(_ entry: CatalogueEntry) -> String {
        SearchText.indexed([entry.title, entry.subtitle ?? "", entry.series ?? "", entry.summary ?? ""] + entry.authors.map(\.name) + entry.subjects)
    }

    /// `,mn,en,`: each code between commas, so that a filter finds `,mn,` and nothing longer.
    static func listed(_ codes: [String]) -> String { codes.isEmpty ? "," : "," + codes.joined(separator: ",") + "," }

    // MARK: reading (public)

    /// `alphabet`: the reader's order of titles; Mongolian's is by each title's sort key (ө after
    /// о, ү after у), any other as the titles have always come, by the title itself.
    static func search(_ query: Query, alphabet: String = "en", on db: any SQLDatabase) async throws -> Found {
        var v = FieldValidator()
        let page = query.page ?? 1
        v.check((1...10_000).contains(page), "page", "give a page from 1 to 10000")
        v.check((query.q ?? "").count <= 200, "q", "is longer than 200 characters")
        let language = query.language?.trimmed?.lowercased() ?? ""
        v.check(language.count <= 3 && language.allSatisfy { $0.isASCII && $0.isLetter }, "language", "give a language code of 2 or 3 letters (mn, en, zh)")
        let format = v.code(query.format, "format", as: LibraryFormat.self)
        let audience = v.code(query.audience, "audience", as: LibraryAudience.self)
        try v.finish()
        var categories: [UUID]?
        if let category = query.category { categories = try await LibraryCategories.subtree(category, on: db) }
        var filters: [SQLQueryString] = []
        if !language.isEmpty { filters.append("t.languages LIKE \(bind: "%,\(language),%")") }
        if let format { filters.append("t.format = \(bind: format.rawValue)") }
        if let audience { filters.append("t.audiences LIKE \(bind: "%,\(audience.rawValue),%")") }
        if let categories { filters.append("EXISTS (SELECT 1 FROM library_title_categories tc WHERE tc.title_id = t.id AND tc.category_id IN (\(binds: categories)))") }
        if query.available == true {
            filters.append("EXISTS (SELECT 1 FROM library_copies c WHERE c.title_id = t.id AND c.status = \(bind: CopyStatus.available.rawValue))")
        }
        let terms = SearchText.terms(query.q ?? "")
        let order: SQLQueryString = alphabet == "mn" ? "t.sort_key, t.id" : "t.title, t.id"
        let rows: [any SQLRow]
        let select: SQLQueryString = "SELECT t.id, t.title, t.authors, t.year, t.languages, t.format, o.name AS organisation_name"
        let limit: SQLQueryString = "LIMIT \(literal: perPage + 1) OFFSET \(literal: (page - 1) * perPage)"
        if terms.isEmpty {
            let filter = filters.isEmpty ? "" : SQLQueryString("WHERE ") + filters.joined(separator: " AND ")
            rows = try await db.raw("\(select) FROM library_titles t JOIN organisations o ON o.id = t.organisation_id \(filter) ORDER BY \(order) \(limit)").all()
        } else if db.dialect.name == "postgresql" {
            let match = terms.map { "'\($0.text.replacingOccurrences(of: "'", with: "''"))'" + ($0.prefix ? ":*" : "") }.joined(separator: " & ")
            let filter = filters.isEmpty ? "" : SQLQueryString(" AND ") + filters.joined(separator: " AND ")
            rows = try await db.raw("""
                \(select) FROM library_titles t JOIN organisations o ON o.id = t.organisation_id
                WHERE t.search_vector @@ to_tsquery('simple', \(bind: match))\(filter)
                ORDER BY ts_rank(t.search_vector, to_tsquery('simple', \(bind: match))) DESC, \(order) \(limit)
                """).all()
        } else {
            let match = terms.map { "\"\($0.text.replacingOccurrences(of: "\"", with: "\"\""))\"" + ($0.prefix ? "*" : "") }.joined(separator: " AND ")
            if filters.isEmpty {
                // the page is ranked inside the index, and only its titles are read: a word in one title
                // of six is 17,000 matches among 100,000, and reading each before ranking cost 45 ms
                rows = try await db.raw("""
                    \(select) FROM (SELECT title_id, bm25(library_search) AS score, rowid AS position FROM library_search
                      WHERE library_search MATCH \(bind: match) ORDER BY score, position \(limit)) s
                    JOIN library_titles t ON t.id = s.title_id JOIN organisations o ON o.id = t.organisation_id ORDER BY s.score, s.position
                    """).all()
            } else {
                rows = try await db.raw("""
                    \(select) FROM library_search s JOIN library_titles t ON t.id = s.title_id JOIN organisations o ON o.id = t.organisation_id
                    WHERE library_search MATCH \(bind: match) AND \(filters.joined(separator: " AND ")) ORDER BY bm25(library_search), \(order) \(limit)
                    """).all()
            }
        }
        let decoder = JSONDecoder()
        let lines = try rows.prefix(perPage).map { r in
            let authors = try decoder.decode([CatalogueEntry.Author].self, from: Data(try r.decode(column: "authors", as: String.self).utf8))
            return Line(id: try r.decode(column: "id", as: UUID.self), title: try r.decode(column: "title", as: String.self),
                        authors: authors.map(\.name).joined(separator: "; "), year: try r.decode(column: "year", as: Int?.self),
                        languages: codes(try r.decode(column: "languages", as: String.self)), format: try r.decode(column: "format", as: String.self),
                        organisationName: try r.decode(column: "organisation_name", as: String.self))
        }
        return Found(items: lines, hasMore: rows.count > perPage)
    }

    static func codes(_ listed: String) -> [String] { listed.split(separator: ",").map(String.init) }

    static func title(_ id: UUID, on db: any SQLDatabase) async throws -> Title {
        guard let r = try await db.raw("""
            SELECT t.*, o.name AS organisation_name FROM library_titles t JOIN organisations o ON o.id = t.organisation_id WHERE t.id = \(bind: id)
            """).first() else { throw AppError.notFound("title") }
        var found = try title(from: r)
        found.copies = try await db.raw("SELECT barcode, location, condition, status FROM library_copies WHERE title_id = \(bind: id) ORDER BY barcode").all().map {
            CopyLine(barcode: try $0.decode(column: "barcode", as: String.self), location: try $0.decode(column: "location", as: String?.self),
                     condition: try $0.decode(column: "condition", as: String?.self),
                     status: try $0.decode(column: "status", as: String.self))
        }
        found.holds = try await db.raw("SELECT COUNT(*) AS n FROM library_holds WHERE title_id = \(bind: id) AND status = 'waiting'").first()!
            .decode(column: "n", as: Int.self)
        return found
    }

    static func title(from r: any SQLRow) throws -> Title {
        let decoder = JSONDecoder()
        func json<T: Decodable>(_ column: String, as: T.Type) throws -> T { try decoder.decode(T.self, from: Data(try r.decode(column: column, as: String.self).utf8)) }
        let entry = CatalogueEntry(
            title: try r.decode(column: "title", as: String.self), subtitle: try r.decode(column: "subtitle", as: String?.self),
            responsibility: try r.decode(column: "responsibility", as: String?.self), authors: try json("authors", as: [CatalogueEntry.Author].self),
            edition: try r.decode(column: "edition", as: String?.self), publisher: try r.decode(column: "publisher", as: String?.self),
            place: try r.decode(column: "place", as: String?.self), year: try r.decode(column: "year", as: Int?.self), extent: try r.decode(column: "extent", as: String?.self),
            isbns: try json("isbns", as: [String].self), issn: try r.decode(column: "issn", as: String?.self), series: try r.decode(column: "series", as: String?.self),
            languages: codes(try r.decode(column: "languages", as: String.self)), subjects: try json("subjects", as: [String].self),
            summary: try r.decode(column: "summary", as: String?.self), link: try r.decode(column: "link", as: String?.self),
            format: LibraryFormat(rawValue: try r.decode(column: "format", as: String.self)) ?? .book,
            categories: codes(try r.decode(column: "categories", as: String.self)))
        return Title(id: try r.decode(column: "id", as: UUID.self), organisationName: try r.decode(column: "organisation_name", as: String.self), entry: entry,
                     audiences: codes(try r.decode(column: "audiences", as: String.self)), copies: [], holds: 0)
    }
}
