import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Recommendations in and out as CSV, in the shape of the Universal Human Rights Index's export:
/// an import takes every row or none. A row is refused for what is wrong in it (named by its line,
/// `rows[2]` the first after the header); a paragraph already held is passed over and a text in a
/// new language added to it, each noted in the report by its line.
enum RecommendationExchange {
    struct Report: Content {
        var imported: Int
        /// Texts in another language added to recommendations already held or earlier in the file.
        var translations: Int
        /// Rows linked to the earlier recommendation they repeat.
        var linked: Int
        var notes: [RowNote]
    }

    struct RowNote: Content { var row: Int; var message: String }

    static let maximumRows = 50_000
    static let maximumNotes = 1_000
    static let required = ["mechanism", "document_symbol", "paragraph", "text", "year"]
    static let optional = ["language", "country", "recommending_state", "position", "urgent", "reiterates", "themes", "affected_persons",
                           "sdg_targets", "articles", "clusters",
                           // an export's own columns, and the Index's that say nothing kept here, are not read
                           "id", "status", "classification", "annotation_id", "type", "upr_session", "upr_cycle"]
    /// The Index's names for columns (lower case, spaces as `_`) and the ones here they are.
    static let aliases = ["body": "mechanism", "symbol": "document_symbol", "para": "paragraph", "paragraph_number": "paragraph",
                          "countries": "country", "sdgs": "sdg_targets", "sdg": "sdg_targets", "publication_date": "year",
                          "upr_recommending_states": "recommending_state", "recommending_states": "recommending_state",
                          "upr_position": "position", "response": "position", "affected_groups": "affected_persons", "theme": "themes"]

    static func column(_ header: String) -> String {
        let name = header.trimmedWhitespace.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        return aliases[name] ?? name
    }

    static func importFile(_ bytes: [UInt8], by caller: Caller) async throws -> Report {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        var reader = CSVReader(), records: [CSVRecord] = []
        do {
            try reader.feed(bytes) { records.append($0) }
            try reader.finish { records.append($0) }
        } catch let problem as CSVReader.Problem {
            throw AppError.invalid("file", problem.description)
        }
        guard var header = records.first else { throw AppError.invalid("file", "the file is empty; the first line must name the columns") }
        header.fields = header.fields.map(column)
        let columns: CSVColumns
        do { columns = try CSVColumns(header: header, required: required, optional: optional) } catch { throw AppError.invalid(error) }
        v.check(records.count - 1 <= maximumRows, "file", "at most 50000 recommendations at once")
        v.check(records.count > 1, "file", "holds no recommendations")
        try v.finish()

        // every row read and checked before anything is written
        let year = Recommendations.currentYear
        var read: [(row: Int, draft: RecommendationDraft)] = []
        var firstRow: [String: Int] = [:], firstLanguages: [String: Set<String>] = [:]
        for record in records.dropFirst() where v.errors.count < 100 {
            let place = "rows[\(record.number)]"
            switch columns.values(record) {
            case .failure(let problem): v.add(place, problem.message)
            case .success(let values):
                func text(_ column: String) -> String? { values[column].map(CSVWriter.original) }
                func list(_ column: String) -> [String] {
                    (values[column] ?? "").split(whereSeparator: { $0 == ";" || $0 == "|" }).map { CSVWriter.original($0.trimmedWhitespace) }
                }
                let fields = RecommendationDraft.Fields(
                    mechanism: text("mechanism"), documentSymbol: text("document_symbol"), paragraph: text("paragraph"), text: text("text"),
                    language: text("language"), country: text("country"), year: text("year"), recommendingState: text("recommending_state"),
                    position: text("position"), urgent: text("urgent"), reiterates: text("reiterates"), themes: list("themes"),
                    affectedPersons: list("affected_persons"), sdgTargets: list("sdg_targets"), articles: list("articles"), clusters: list("clusters"))
                guard let draft = RecommendationDraft.read(fields, prefix: place + ".", currentYear: year, into: &v) else { continue }
                let key = draft.symbol.description + "#" + draft.paragraph
                if let first = firstRow[key] {
                    // the same paragraph again: another language's text of it, or a repeat
                    if !firstLanguages[key, default: []].insert(draft.language).inserted {
                        v.add(place + ".paragraph", "repeats the paragraph of rows[\(first)] in the same language")
                        continue
                    }
                } else {
                    firstRow[key] = record.number
                    firstLanguages[key] = [draft.language]
                }
                read.append((record.number, draft))
            }
        }
        try v.finish()

        // classified before the write: the writer is held for the writes alone
        let actor = caller.actor, drafts = read, tags = read.map { Recommendations.NewRow.tags(of: $0.draft) }
        return try await caller.write { db in
            // what the organisation already holds: a file of the Index's export overlaps the last one
            var held: [String: (id: UUID, year: Int, country: String, languages: Set<String>)] = [:]
            for row in try await db.raw("""
                SELECT r.id, r.document_symbol, r.paragraph, r.year, r.country, r.language, t.language AS other FROM un_recommendations r
                LEFT JOIN un_recommendation_texts t ON t.recommendation_id = r.id WHERE r.organisation_id = \(bind: actor.organisationID)
                """).all() {
                let key = try row.decode(column: "document_symbol", as: String.self) + "#" + (try row.decode(column: "paragraph", as: String.self))
                let first = (id: try row.decode(column: "id", as: UUID.self), year: try row.decode(column: "year", as: Int.self),
                             country: try row.decode(column: "country", as: String.self), languages: Set([try row.decode(column: "language", as: String.self)]))
                var entry = held[key] ?? first
                if let other = try row.decode(column: "other", as: String?.self) { entry.languages.insert(other) }
                held[key] = entry
            }
            var notes: [RowNote] = []
            func note(_ row: Int, _ message: String) { if notes.count < maximumNotes { notes.append(.init(row: row, message: message)) } }
            var new: [Recommendations.NewRow] = [], newRows: [Int] = [], translations: [(UUID, String, String)] = []
            var made: [String: (id: UUID, year: Int, country: String)] = [:]
            for (index, (row, draft)) in drafts.enumerated() {
                let key = draft.symbol.description + "#" + draft.paragraph
                if let existing = held[key] {
                    if held[key]!.languages.insert(draft.language).inserted {
                        translations.append((existing.id, draft.language, draft.text))
                        note(row, "added its text in another language to the recommendation already held")
                    } else {
                        note(row, "already held: passed over")
                    }
                } else if let first = made[key] {
                    translations.append((first.id, draft.language, draft.text))
                } else {
                    let id = UUID.timeOrdered()
                    made[key] = (id, draft.year, draft.country)
                    new.append(.init(id: id, draft: draft, reiteratesID: nil, tags: tags[index]))
                    newRows.append(row)
                }
            }
            // each link to a recommendation held or made here, to an earlier year (so it is written first)
            var linked = 0
            for index in new.indices {
                guard let reference = new[index].draft.reiterates else { continue }
                let row = newRows[index]
                let key = reference.symbol + "#" + reference.paragraph
                guard let earlier = made[key] ?? held[key].map({ ($0.id, $0.year, $0.country) }) else {
                    note(row, "the recommendation it repeats is not held: link them once it is imported")
                    continue
                }
                guard earlier.year < new[index].draft.year else {
                    throw AppError.invalid("rows[\(row)].reiterates", "the recommendation it repeats must be from an earlier year")
                }
                guard earlier.country == new[index].draft.country else {
                    throw AppError.invalid("rows[\(row)].reiterates", "the recommendation it repeats was made to another country")
                }
                new[index].reiteratesID = earlier.id
                linked += 1
            }
            new.sort { $0.draft.year < $1.draft.year }
            try await Recommendations.insert(new, actor: actor, on: db)
            for chunk in translations.chunked(into: 2_000) {
                let insert = db.insert(into: "un_recommendation_texts").columns("recommendation_id", "language", "text")
                for (id, language, text) in chunk { insert.values(SQLBind(id), SQLBind(language), SQLBind(text)) }
                try await insert.run()
            }
            try await AuditLog.append([.init(verb: .create, recordType: "un_recommendation_import", recordID: UUID.timeOrdered().uuidString,
                                             reason: "\(new.count) recommendations, \(translations.count) texts")], by: actor, on: db)
            return Report(imported: new.count, translations: translations.count, linked: linked, notes: notes.sorted { $0.row < $1.row })
        }
    }

    /// The export's columns: the import's, so that a file exported here reads back in, then what is tracked.
    static let exportColumns = ["id", "mechanism", "document_symbol", "paragraph", "country", "year", "language", "text", "recommending_state", "position",
                                "urgent", "reiterates", "clusters", "articles", "affected_persons", "sdg_targets", "themes", "status", "classification"]

    static func export(by caller: Caller) async throws -> String {
        _ = try caller.scopes(.monitoringRead)
        let db = caller.app.sql
        let rows = try await db.raw("""
            SELECT r.*, e.document_symbol AS earlier_symbol, e.paragraph AS earlier_paragraph FROM un_recommendations r
            LEFT JOIN un_recommendations e ON e.id = r.reiterates_id AND e.organisation_id = r.organisation_id
            WHERE r.organisation_id = \(bind: caller.actor.organisationID) ORDER BY r.year DESC, r.sort_key
            """).all()
        var tags: [UUID: [String]] = [:]
        for row in try await db.raw("""
            SELECT t.recommendation_id, t.kind, t.code FROM un_recommendation_tags t JOIN un_recommendations r ON r.id = t.recommendation_id
            WHERE r.organisation_id = \(bind: caller.actor.organisationID)
            """).all() {
            tags[try row.decode(column: "recommendation_id", as: UUID.self), default: []].append(try row.decode(column: "kind", as: String.self) + ":" + row.decode(column: "code", as: String.self))
        }
        // each text in another language is a row of its own, with the same symbol and paragraph: the import reads it as a translation
        var translations: [UUID: [(language: String, text: String)]] = [:]
        for row in try await db.raw("""
            SELECT t.recommendation_id, t.language, t.text FROM un_recommendation_texts t JOIN un_recommendations r ON r.id = t.recommendation_id
            WHERE r.organisation_id = \(bind: caller.actor.organisationID) ORDER BY t.language
            """).all() {
            translations[try row.decode(column: "recommendation_id", as: UUID.self), default: []].append(
                (try row.decode(column: "language", as: String.self), try row.decode(column: "text", as: String.self)))
        }
        var out = CSVWriter.line(exportColumns)
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self), tagged = tags[id] ?? []
            func codes(_ kind: Recommendations.TagKind) -> String {
                tagged.filter { $0.hasPrefix(kind.rawValue + ":") }.map { String($0.dropFirst(kind.rawValue.count + 1)) }.sorted().joined(separator: "; ")
            }
            let earlier = try row.decode(column: "earlier_symbol", as: String?.self).map { $0 + "#" + (try row.decode(column: "earlier_paragraph", as: String.self)) }
            var fields = [id.uuidString, try row.decode(column: "mechanism", as: String.self), try row.decode(column: "document_symbol", as: String.self),
                          try row.decode(column: "paragraph", as: String.self), try row.decode(column: "country", as: String.self),
                          String(try row.decode(column: "year", as: Int.self)), try row.decode(column: "language", as: String.self),
                          try row.decode(column: "text", as: String.self), try row.decode(column: "recommending_state", as: String?.self) ?? "",
                          try row.decode(column: "position", as: String?.self) ?? "", try row.decode(column: "urgent", as: Bool.self) ? "yes" : "no",
                          earlier ?? "", codes(.cluster), codes(.article), codes(.group), codes(.sdg), codes(.theme),
                          try row.decode(column: "status", as: String.self), try row.decode(column: "classification", as: String.self)]
            out += CSVWriter.line(fields)
            for translation in translations[id] ?? [] {
                (fields[6], fields[7]) = (translation.language, translation.text)
                out += CSVWriter.line(fields)
            }
        }
        return out
    }
}
