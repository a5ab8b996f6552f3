import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The UN recommendations an organisation follows: entered by hand or imported, classified by the
/// thesaurus and confirmed by a person, linked into chains where a later cycle repeats an earlier one.
enum Recommendations {
    /// How far a recommendation is implemented, as its latest assessment judged.
    enum Status: String, CaseIterable, Codable, Sendable {
        case notStarted = "not_started", inProgress = "in_progress", partiallyImplemented = "partially_implemented", implemented
        case noLongerRelevant = "no_longer_relevant"
    }

    /// `suggested` by the classifier or a file until a person confirms it.
    enum ClassificationState: String, CaseIterable, Codable, Sendable { case suggested, confirmed }

    enum TagKind: String, CaseIterable, Sendable { case cluster, group, article, sdg, theme }

    struct Input: Content {
        var mechanism: String?, documentSymbol: String?, paragraph: String?, text: String?, language: String?, country: String?
        var year: Int?, recommendingState: String?, position: String?, urgent: Bool?
        /// The earlier recommendation this repeats, `CRC/C/CHN/CO/3-4#45`.
        var reiterates: String?
        var themes: [String]?, affectedPersons: [String]?, sdgTargets: [String]?, articles: [String]?, clusters: [String]?

        var fields: RecommendationDraft.Fields {
            .init(mechanism: mechanism, documentSymbol: documentSymbol, paragraph: paragraph, text: text, language: language, country: country,
                  year: year.map(String.init), recommendingState: recommendingState, position: position, urgent: urgent.map { $0 ? "yes" : "no" },
                  reiterates: reiterates, themes: themes ?? [], affectedPersons: affectedPersons ?? [], sdgTargets: sdgTargets ?? [],
                  articles: articles ?? [], clusters: clusters ?? [])
        }
    }

    struct Line: Content {
        var id: UUID, mechanism: String, documentSymbol: String, paragraph: String, country: String, year: Int
        var language: String, text: String, urgent: Bool, status: String, classification: String
        var clusters: [String]
    }

    struct Found: Content { var items: [Line]; var hasMore: Bool }

    struct Query: Content {
        var cluster: String?, mechanism: String?, status: String?, country: String?, q: String?
        var year: Int?
        /// Only those whose classification no person has confirmed yet.
        var toConfirm: Bool?
        var page: Int?
    }

    struct Text: Content { var language: String; var text: String }
    struct Suggestion: Content { var kind: String; var code: String; var triggers: [String] }
    struct Link: Content { var id: UUID; var documentSymbol: String; var paragraph: String; var year: Int }
    struct Candidate: Content { var id: UUID; var documentSymbol: String; var paragraph: String; var year: Int; var similarity: Double }

    struct Detail: Content {
        var id: UUID, mechanism: String, documentSymbol: String, paragraph: String, country: String, year: Int
        var texts: [Text]
        var recommendingState: String?, position: String?
        var urgent: Bool, status: String
        var classification: String, classifierVersion: String, confirmedBy: String?, confirmedAt: Date?
        var clusters: [String], groups: [String], articles: [String], sdgTargets: [String], themes: [String]
        /// What the thesaurus finds in the texts now, each with the words that triggered it.
        var suggestions: [Suggestion]
        /// The recommendations it repeats, the nearest first; and those that repeat it.
        var earlier: [Link], later: [Link]
        /// Earlier recommendations to the same country whose words are most alike: what it may repeat.
        var candidates: [Candidate]
        var followUp: FollowUp.Items
    }

    struct ClassificationInput: Content { var clusters: [String]?, groups: [String]?, articles: [String]?, sdgTargets: [String]?, themes: [String]? }
    struct ReiterationInput: Content {
        var earlierID: UUID?
        /// Or the earlier recommendation by its symbol and paragraph, `CRC/C/CHN/CO/3-4#45`.
        var reference: String?
    }

    static let perPage = 50
    static var currentYear: Int { Calendar(identifier: .gregorian).dateComponents(in: LocalTime.utc, from: Date()).year! }

    // MARK: writing

    /// One recommendation typed in; refused when its paragraph is already held.
    static func create(_ input: Input, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let draft = RecommendationDraft.read(input.fields, currentYear: currentYear, into: &v)
        try v.finish()
        let actor = caller.actor, tags = NewRow.tags(of: draft!)
        return try await caller.write { db in
            guard try await find(draft!.symbol.description, draft!.paragraph, organisation: actor.organisationID, on: db) == nil
            else { throw AppError.invalid("paragraph", "this paragraph of the document is already held") }
            var earlierID: UUID?
            if let reference = draft!.reiterates {
                guard let earlier = try await find(reference.symbol, reference.paragraph, organisation: actor.organisationID, on: db)
                else { throw AppError.invalid("reiterates", "no recommendation held has this symbol and paragraph") }
                guard earlier.year < draft!.year else { throw AppError.invalid("reiterates", "the recommendation it repeats must be from an earlier year") }
                guard earlier.country == draft!.country else { throw AppError.invalid("reiterates", "the recommendation it repeats was made to another country") }
                earlierID = earlier.id
            }
            let id = UUID.timeOrdered()
            try await insert([.init(id: id, draft: draft!, reiteratesID: earlierID, tags: tags)], actor: actor, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "un_recommendation", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    struct NewRow: Sendable {
        var id: UUID
        var draft: RecommendationDraft
        var reiteratesID: UUID?
        /// The classification given and suggested: made before the write, so that classifying a large
        /// file does not hold the writer.
        var tags: [(kind: TagKind, code: String)]

        static func tags(of draft: RecommendationDraft) -> [(kind: TagKind, code: String)] {
            tagRows(draft.classification.addingSuggestions(from: [draft.text]))
        }
    }

    /// Writes recommendations with their suggested classification, a few hundred to a statement.
    static func insert(_ rows: [NewRow], actor: Actor, on db: any SQLDatabase) async throws {
        let now = Date()
        for chunk in rows.chunked(into: 500) {
            let insert = db.insert(into: "un_recommendations").columns(
                "id", "organisation_id", "mechanism", "document_symbol", "paragraph", "sort_key", "country", "year", "language", "text", "recommending_state",
                "position", "urgent", "status", "reiterates_id", "classification", "classifier_version", "created_by", "created_at")
            for row in chunk {
                let d = row.draft
                insert.values(SQLBind(row.id), SQLBind(actor.organisationID), SQLBind(d.mechanism.rawValue), SQLBind(d.symbol.description), SQLBind(d.paragraph),
                              SQLBind(sortKey(d.symbol.description, d.paragraph)), SQLBind(d.country), SQLBind(d.year), SQLBind(d.language), SQLBind(d.text),
                              SQLBind(d.recommendingState), SQLBind(d.position?.rawValue), SQLBind(d.urgent), SQLBind(Status.notStarted.rawValue),
                              SQLBind(row.reiteratesID), SQLBind(ClassificationState.suggested.rawValue), SQLBind(RecommendationClassifier.version),
                              SQLBind(actor.userID), SQLBind(now))
            }
            try await insert.run()
        }
        try await insertTags(rows.flatMap { row in row.tags.map { (row.id, $0.kind, $0.code) } }, on: db)
    }

    static func insertTags(_ tags: [(UUID, TagKind, String)], on db: any SQLDatabase) async throws {
        for chunk in tags.chunked(into: 2_000) {
            let insert = db.insert(into: "un_recommendation_tags").columns("recommendation_id", "kind", "code")
            for (id, kind, code) in chunk { insert.values(SQLBind(id), SQLBind(kind.rawValue), SQLBind(code)) }
            try await insert.run()
        }
    }

    static func tagRows(_ c: RecommendationClassification) -> [(kind: TagKind, code: String)] {
        c.clusters.map { (.cluster, $0.rawValue) } + c.groups.map { (.group, $0.rawValue) } + c.articles.map { (.article, $0) }
            + c.sdgTargets.map { (.sdg, $0.description) } + c.themes.map { (.theme, $0) }
    }

    static func sortKey(_ symbol: String, _ paragraph: String) -> String { symbol + " " + Paragraph.sortKey(paragraph) }

    /// A person's classification replaces the suggested one.
    static func classify(_ id: UUID, _ input: ClassificationInput, by caller: Caller) async throws -> Detail {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let groupTexts = (input.groups ?? []).filter { !$0.trimmedWhitespace.isEmpty }
        v.check(groupTexts.allSatisfy { AffectedGroup(rawValue: $0.trimmedWhitespace) != nil }, "groups",
                "unknown group; expected one of: children_with_disabilities, girls, migrant_children, children_in_detention, left_behind_children, minority_and_indigenous_children, children_in_alternative_care")
        let classification = RecommendationClassification.read(themes: input.themes ?? [], affectedPersons: groupTexts, sdgTargets: input.sdgTargets ?? [],
                                                               articles: input.articles ?? [], clusters: input.clusters ?? [], into: &v)
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            _ = try await row(id, organisation: actor.organisationID, on: db)
            try await db.delete(from: "un_recommendation_tags").where("recommendation_id", .equal, id).run()
            try await insertTags(tagRows(classification!).map { (id, $0.kind, $0.code) }, on: db)
            try await db.update("un_recommendations").set("classification", to: ClassificationState.confirmed.rawValue)
                .set("classifier_version", to: RecommendationClassifier.version).set("confirmed_by", to: actor.userID).set("confirmed_at", to: Date())
                .where("id", .equal, id).run()
            try await AuditLog.append([.init(verb: .update, recordType: "un_recommendation", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await detail(id, by: caller)
    }

    /// Links a recommendation to the earlier one it repeats, or unlinks it (neither `earlierID` nor `reference`).
    static func reiterate(_ id: UUID, _ input: ReiterationInput, by caller: Caller) async throws -> Detail {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let typed = input.reference?.trimmedWhitespace ?? ""
        let reference = typed.isEmpty ? nil : RecommendationDraft.reference(typed)
        if !typed.isEmpty {
            v.check(reference != nil, "reference", "name the earlier recommendation by its symbol and paragraph, for example CRC/C/CHN/CO/3-4#45")
            v.check(input.earlierID == nil, "reference", "choose the earlier recommendation or name it, not both")
        }
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            let later = try await row(id, organisation: actor.organisationID, on: db)
            var chosen = input.earlierID
            if let reference { chosen = try await named(reference, organisation: actor.organisationID, on: db) }
            if let earlierID = chosen {
                guard earlierID != id else { throw AppError.invalid("earlierID", "a recommendation cannot reiterate itself") }
                guard let earlier = try? await row(earlierID, organisation: actor.organisationID, on: db)
                else { throw AppError.invalid("earlierID", "no recommendation held has this id") }
                let (laterYear, earlierYear) = (try later.decode(column: "year", as: Int.self), try earlier.decode(column: "year", as: Int.self))
                guard earlierYear < laterYear else { throw AppError.invalid("earlierID", "the recommendation it repeats must be from an earlier year") }
                guard try earlier.decode(column: "country", as: String.self) == later.decode(column: "country", as: String.self)
                else { throw AppError.invalid("earlierID", "the recommendation it repeats was made to another country") }
            }
            try await db.update("un_recommendations").set("reiterates_id", to: chosen).where("id", .equal, id).run()
            try await AuditLog.append([.init(verb: .update, recordType: "un_recommendation", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await detail(id, by: caller)
    }

    // MARK: reading

    /// `lock` holds the row to the end of the transaction (PostgreSQL; SQLite has one writer), so that
    /// two saves that each read and then write its status follow one another.
    static func row(_ id: UUID, organisation: UUID, lock: Bool = false, on db: any SQLDatabase) async throws -> any SQLRow {
        let lockClause: SQLQueryString = lock ? db.forUpdate : ""
        guard let row = try await db.raw("SELECT * FROM un_recommendations WHERE id = \(bind: id) AND organisation_id = \(bind: organisation)\(lockClause)").first()
        else { throw AppError.notFound("recommendation") }
        return row
    }

    /// The recommendation a person named (`CRC/C/CHN/CO/5-6#40(b)`), which must be one the organisation holds.
    static func named(_ reference: RecommendationDraft.Reference, organisation: UUID, on db: any SQLDatabase) async throws -> UUID {
        guard let found = try await find(reference.symbol, reference.paragraph, organisation: organisation, on: db)
        else { throw AppError.invalid("reference", "no recommendation held has this symbol and paragraph") }
        return found.id
    }

    static func find(_ symbol: String, _ paragraph: String, organisation: UUID, on db: any SQLDatabase) async throws -> (id: UUID, year: Int, country: String)? {
        try await db.raw("""
            SELECT id, year, country FROM un_recommendations WHERE organisation_id = \(bind: organisation) AND document_symbol = \(bind: symbol) AND paragraph = \(bind: paragraph)
            """).first().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "year", as: Int.self), try $0.decode(column: "country", as: String.self)) }
    }

    static func list(_ query: Query, by caller: Caller) async throws -> Found {
        _ = try caller.scopes(.monitoringRead)
        var v = FieldValidator()
        let page = query.page ?? 1
        v.check((1...10_000).contains(page), "page", "give a page from 1 to 10000")
        let cluster = v.code(query.cluster, "cluster", as: CRCCluster.self)
        let mechanism = v.code(query.mechanism, "mechanism", as: Mechanism.self)
        let status = v.code(query.status, "status", as: Status.self)
        let country = query.country?.trimmedWhitespace.uppercased() ?? ""
        v.check(country.isEmpty || CountryCode.isAlpha3(country), "country", CountryCode.problem)
        if let year = query.year { v.check((RecommendationDraft.firstYear...(currentYear + 1)).contains(year), "year", "must be a year from 1990 to next year") }
        let words = v.text(query.q, "q", max: 200)
        try v.finish()
        var filters: [SQLQueryString] = ["r.organisation_id = \(bind: caller.actor.organisationID)"]
        if let mechanism { filters.append("r.mechanism = \(bind: mechanism.rawValue)") }
        if let status { filters.append("r.status = \(bind: status.rawValue)") }
        if !country.isEmpty { filters.append("r.country = \(bind: country)") }
        if let year = query.year { filters.append("r.year = \(bind: year)") }
        if query.toConfirm == true { filters.append("r.classification = \(bind: ClassificationState.suggested.rawValue)") }
        if let cluster {
            filters.append("EXISTS (SELECT 1 FROM un_recommendation_tags t WHERE t.recommendation_id = r.id AND t.kind = 'cluster' AND t.code = \(bind: cluster.rawValue))")
        }
        if let words {
            let pattern = "%" + words.lowercased().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            filters.append("(LOWER(r.text) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(r.document_symbol) LIKE \(bind: pattern) ESCAPE '\\')")
        }
        let rows = try await caller.app.sql.raw("""
            SELECT r.id, r.mechanism, r.document_symbol, r.paragraph, r.country, r.year, r.language, r.text, r.urgent, r.status, r.classification
            FROM un_recommendations r WHERE \(filters.joined(separator: " AND "))
            ORDER BY r.year DESC, r.sort_key LIMIT \(literal: perPage + 1) OFFSET \(literal: (page - 1) * perPage)
            """).all()
        var lines: [Line] = try rows.prefix(perPage).map { row in
            Line(id: try row.decode(column: "id", as: UUID.self), mechanism: try row.decode(column: "mechanism", as: String.self),
                 documentSymbol: try row.decode(column: "document_symbol", as: String.self), paragraph: try row.decode(column: "paragraph", as: String.self),
                 country: try row.decode(column: "country", as: String.self), year: try row.decode(column: "year", as: Int.self),
                 language: try row.decode(column: "language", as: String.self), text: try row.decode(column: "text", as: String.self),
                 urgent: try row.decode(column: "urgent", as: Bool.self), status: try row.decode(column: "status", as: String.self),
                 classification: try row.decode(column: "classification", as: String.self), clusters: [])
        }
        let clusters = try await tags(of: lines.map(\.id), kind: .cluster, on: caller.app.sql)
        for index in lines.indices { lines[index].clusters = clusters[lines[index].id] ?? [] }
        return Found(items: lines, hasMore: rows.count > perPage)
    }

    /// The tags of a kind for each of the recommendations, in the order the classification lists them.
    static func tags(of ids: [UUID], kind: TagKind? = nil, on db: any SQLDatabase) async throws -> [UUID: [String]] {
        guard !ids.isEmpty else { return [:] }
        let kindFilter: SQLQueryString = kind.map { " AND kind = \(bind: $0.rawValue)" } ?? ""
        var found: [UUID: [String]] = [:]
        for row in try await db.raw("""
            SELECT recommendation_id, kind, code FROM un_recommendation_tags WHERE recommendation_id IN \(SQLGroupExpression(ids.map { SQLBind($0) }))\(kindFilter)
            """).all() {
            let id = try row.decode(column: "recommendation_id", as: UUID.self)
            found[id, default: []].append((kind == nil ? try row.decode(column: "kind", as: String.self) + ":" : "") + (try row.decode(column: "code", as: String.self)))
        }
        let order = Dictionary(uniqueKeysWithValues: CRCCluster.allCases.enumerated().map { ($1.rawValue, $0) })
        return found.mapValues { codes in codes.sorted { (order[$0] ?? 99, $0) < (order[$1] ?? 99, $1) } }
    }

    static func detail(_ id: UUID, by caller: Caller) async throws -> Detail {
        _ = try caller.scopes(.monitoringRead)
        let db = caller.app.sql, organisation = caller.actor.organisationID
        let row = try await row(id, organisation: organisation, on: db)
        func link(_ row: any SQLRow) throws -> Link {
            Link(id: try row.decode(column: "id", as: UUID.self), documentSymbol: try row.decode(column: "document_symbol", as: String.self),
                 paragraph: try row.decode(column: "paragraph", as: String.self), year: try row.decode(column: "year", as: Int.self))
        }
        var texts = [Text(language: try row.decode(column: "language", as: String.self), text: try row.decode(column: "text", as: String.self))]
        texts += try await db.raw("SELECT language, text FROM un_recommendation_texts WHERE recommendation_id = \(bind: id) ORDER BY language").all()
            .map { Text(language: try $0.decode(column: "language", as: String.self), text: try $0.decode(column: "text", as: String.self)) }
        let tagged = try await tags(of: [id], on: db)[id] ?? []
        func codes(_ kind: TagKind) -> [String] { tagged.filter { $0.hasPrefix(kind.rawValue + ":") }.map { String($0.dropFirst(kind.rawValue.count + 1)) } }
        let clusterOrder = Dictionary(uniqueKeysWithValues: CRCCluster.allCases.enumerated().map { ($1.rawValue, $0) })
        let groupOrder = Dictionary(uniqueKeysWithValues: AffectedGroup.allCases.enumerated().map { ($1.rawValue, $0) })
        // the chain back: each step is one indexed read, and a chain is a handful of cycles long
        var earlier: [Link] = [], next = try row.decode(column: "reiterates_id", as: UUID?.self), seen: Set<UUID> = [id]
        while let step = next, seen.insert(step).inserted, earlier.count < 50 {
            guard let found = try await db.raw("""
                SELECT id, document_symbol, paragraph, year, reiterates_id FROM un_recommendations WHERE id = \(bind: step) AND organisation_id = \(bind: organisation)
                """).first() else { break }
            earlier.append(try link(found))
            next = try found.decode(column: "reiterates_id", as: UUID?.self)
        }
        let later = try await db.raw("""
            SELECT id, document_symbol, paragraph, year FROM un_recommendations WHERE reiterates_id = \(bind: id) AND organisation_id = \(bind: organisation)
            ORDER BY year, sort_key LIMIT 50
            """).all().map(link)
        let year = try row.decode(column: "year", as: Int.self)
        // what it may repeat: earlier recommendations of the same mechanism to the same country, by the share of words in common
        var candidates: [Candidate] = []
        if earlier.isEmpty {
            let terms = texts.map { TextSimilarity.terms(String($0.text.prefix(1_000))) }
            for other in try await db.raw("""
                SELECT id, document_symbol, paragraph, year, text FROM un_recommendations
                WHERE organisation_id = \(bind: organisation) AND country = \(bind: try row.decode(column: "country", as: String.self)) AND year < \(bind: year)
                AND mechanism = \(bind: try row.decode(column: "mechanism", as: String.self))
                ORDER BY year DESC LIMIT 500
                """).all() {
                // the first thousand characters say what a recommendation is about
                let otherTerms = TextSimilarity.terms(String(try other.decode(column: "text", as: String.self).prefix(1_000)))
                let similarity = terms.map { TextSimilarity.jaccard($0, otherTerms) }.max() ?? 0
                if similarity >= 0.3 {
                    let l = try link(other)
                    candidates.append(.init(id: l.id, documentSymbol: l.documentSymbol, paragraph: l.paragraph, year: l.year, similarity: (similarity * 100).rounded() / 100))
                }
            }
            candidates = Array(candidates.sorted { ($0.similarity, $0.year) > ($1.similarity, $1.year) }.prefix(5))
        }
        var suggestions: [String: Suggestion] = [:], order: [String] = []
        for suggestion in texts.flatMap({ RecommendationClassifier.standard.suggest($0.text) }) {
            let (kind, code): (String, String) = switch suggestion.label {
            case .cluster(let cluster): ("cluster", cluster.rawValue)
            case .group(let group): ("group", group.rawValue)
            }
            let key = kind + ":" + code
            if suggestions[key] == nil { order.append(key) }
            suggestions[key, default: Suggestion(kind: kind, code: code, triggers: [])].triggers += suggestion.triggers.filter { !(suggestions[key]?.triggers.contains($0) ?? false) }
        }
        let confirmedBy = try row.decode(column: "confirmed_by", as: UUID?.self)
        var confirmer: String?
        if let confirmedBy {
            confirmer = try await db.raw("SELECT display_name FROM users WHERE id = \(bind: confirmedBy)").first()?.decode(column: "display_name", as: String.self)
        }
        return Detail(id: id, mechanism: try row.decode(column: "mechanism", as: String.self), documentSymbol: try row.decode(column: "document_symbol", as: String.self),
                      paragraph: try row.decode(column: "paragraph", as: String.self), country: try row.decode(column: "country", as: String.self), year: year,
                      texts: texts, recommendingState: try row.decode(column: "recommending_state", as: String?.self),
                      position: try row.decode(column: "position", as: String?.self), urgent: try row.decode(column: "urgent", as: Bool.self),
                      status: try row.decode(column: "status", as: String.self), classification: try row.decode(column: "classification", as: String.self),
                      classifierVersion: try row.decode(column: "classifier_version", as: String.self), confirmedBy: confirmer,
                      confirmedAt: try row.decode(column: "confirmed_at", as: Date?.self),
                      clusters: codes(.cluster).sorted { (clusterOrder[$0] ?? 99) < (clusterOrder[$1] ?? 99) },
                      groups: codes(.group).sorted { (groupOrder[$0] ?? 99) < (groupOrder[$1] ?? 99) }, articles: codes(.article),
                      sdgTargets: codes(.sdg).compactMap(SDGTarget.init).sorted().map(\.description), themes: codes(.theme),
                      suggestions: order.compactMap { suggestions[$0] }, earlier: earlier, later: later, candidates: candidates,
                      followUp: try await FollowUp.items(of: id, on: db))
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

