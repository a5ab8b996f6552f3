import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// What the library's figures count for a year: loans by month, and by the centre's categories,
/// language, format and kind of reader; titles never borrowed; holds waiting and items overdue now. Loans are counted by
/// their item and dates, which they keep when they forget their reader.
enum LibraryFigures {
    struct Count: Content, Equatable { var key: String; var loans: Int }
    struct Figures: Content, Equatable {
        var year: Int
        var loans: Int
        var byMonth: [Count]
        var byLanguage: [Count]
        var byFormat: [Count]
        var byReaderKind: [Count]
        /// A loan counts once under each category its title is filed in ("" for none).
        var byCategory: [Count]
        var titles: Int
        var neverBorrowed: Int
        var holdsWaiting: Int
        var overdue: Int
    }

    static func compute(year: Int, actor: Actor, on db: any SQLDatabase) async throws -> Figures {
        let from = CivilDay(year: year, month: 1, day: 1)!, to = CivilDay(year: year + 1, month: 1, day: 1)!
        let start = Date(timeIntervalSince1970: Double(from.daysSince1970) * 86_400), end = Date(timeIntervalSince1970: Double(to.daysSince1970) * 86_400)
        var loans: [(month: Int, languages: String, format: String, kind: String, categories: String)] = []
        for r in try await db.raw("""
            SELECT l.loaned_at, t.languages, t.format, l.reader_kind, t.categories FROM library_loans l JOIN library_copies c ON c.id = l.copy_id JOIN library_titles t ON t.id = c.title_id
            WHERE l.organisation_id = \(bind: actor.organisationID) AND l.loaned_at >= \(bind: start) AND l.loaned_at < \(bind: end)
            """).all() {
            loans.append((CivilDay(try r.decode(column: "loaned_at", as: Date.self)).month, try r.decode(column: "languages", as: String.self),
                          try r.decode(column: "format", as: String.self), try r.decode(column: "reader_kind", as: String.self),
                          try r.decode(column: "categories", as: String.self)))
        }
        func counted(_ keys: [String]) -> [Count] {
            Dictionary(keys.map { ($0, 1) }, uniquingKeysWith: +).map { Count(key: $0.key, loans: $0.value) }.sorted { ($0.loans, $1.key) > ($1.loans, $0.key) }
        }
        let byMonth = (1...12).map { month in Count(key: String(format: "%04d-%02d", year, month), loans: loans.filter { $0.month == month }.count) }
        let organisation = actor.organisationID
        let titles = try await db.raw("SELECT COUNT(*) AS n FROM library_titles WHERE organisation_id = \(bind: organisation)").first()!.decode(column: "n", as: Int.self)
        let neverBorrowed = try await db.raw("""
            SELECT COUNT(*) AS n FROM library_titles t WHERE t.organisation_id = \(bind: organisation)
            AND NOT EXISTS (SELECT 1 FROM library_copies c JOIN library_loans l ON l.copy_id = c.id WHERE c.title_id = t.id)
            """).first()!.decode(column: "n", as: Int.self)
        let waiting = try await db.raw("SELECT COUNT(*) AS n FROM library_holds WHERE organisation_id = \(bind: organisation) AND status = 'waiting'").first()!
            .decode(column: "n", as: Int.self)
        let overdue = try await db.raw("""
            SELECT COUNT(*) AS n FROM library_loans WHERE organisation_id = \(bind: organisation) AND returned_at IS NULL AND due_on < \(bind: CivilDay(Date()).description)
            """).first()!.decode(column: "n", as: Int.self)
        return Figures(year: year, loans: loans.count, byMonth: byMonth,
                       byLanguage: counted(loans.flatMap { LibraryCatalogue.codes($0.languages).isEmpty ? [""] : LibraryCatalogue.codes($0.languages) }),
                       byFormat: counted(loans.map(\.format)), byReaderKind: counted(loans.map(\.kind)),
                       byCategory: counted(loans.flatMap { LibraryCatalogue.codes($0.categories).isEmpty ? [""] : LibraryCatalogue.codes($0.categories) }),
                       titles: titles, neverBorrowed: neverBorrowed, holdsWaiting: waiting, overdue: overdue)
    }

    static func year(_ req: Request) throws -> Int {
        guard let text = req.query[String.self, at: "year"], !text.isEmpty else { return CivilDay(Date()).year }
        guard let year = Int(text), (2000...2100).contains(year) else { throw AppError.invalid("year", "give a year from 2000 to 2100") }
        return year
    }

    @Sendable static func json(req: Request) async throws -> Figures {
        try await compute(year: try year(req), actor: try req.actor(), on: req.sql)
    }

    @Sendable static func page(req: Request) async throws -> Response {
        let s = req.strings
        let year: Int
        do { year = try self.year(req) } catch {
            guard let problems = FormKit.problems(error) else { throw error }
            let response = try await Layout.page(s["library.figuresTitle"], req, "\(FormKit.errorSummary(problems, places: ["year": ("year", "figures.year")], s))\(chooser(req, nil))")
                .encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        let f = try await compute(year: year, actor: try req.actor(), on: req.sql)
        func table(_ caption: String, _ heading: String, _ counts: [Count], _ label: (String) -> String) -> HTML {
            let rows: [HTML] = counts.map { "<tr><th scope=\"row\">\(label($0.key))</th><td>\($0.loans)</td></tr>" }
            return """
                <table><caption>\(caption)</caption><thead><tr><th scope="col">\(heading)</th><th scope="col">\(s["library.loans"])</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """
        }
        return try await Layout.page(s.format("library.figuresTitleYear", ["year": String(year)]), req, """
            \(chooser(req, year))
            <ul><li>\(s.format("library.figures.loans", ["count": String(f.loans)]))</li>
            <li>\(s.format("library.figures.neverBorrowed", ["count": String(f.neverBorrowed), "titles": String(f.titles)]))</li>
            <li>\(s.format("library.figures.holdsWaiting", ["count": String(f.holdsWaiting)]))</li>
            <li>\(s.format("library.figures.overdue", ["count": String(f.overdue)]))</li></ul>
            \(table(s["library.figures.byMonth"], s["library.figures.month"], f.byMonth) { $0 })
            \(table(s["library.figures.byLanguage"], s["library.field.languages"], f.byLanguage) { $0.isEmpty ? s["common.notRecorded"] : s.language($0) })
            \(table(s["library.figures.byFormat"], s["library.field.format"], f.byFormat) { s["library.format." + $0] })
            \(table(s["library.figures.byReaderKind"], s["library.field.readerKind"], f.byReaderKind) { s["library.readerKind." + $0] })
            \(table(s["library.figures.byCategory"], s["library.field.categories"], f.byCategory) { $0.isEmpty ? s["common.notRecorded"] : $0 })
            """).encodeResponse(for: req)
    }

    static func chooser(_ req: Request, _ year: Int?) -> HTML {
        let s = req.strings
        return """
            <form method="get" action="\(LibraryPaths.figures())" class="inline">
            <label for="year">\(s["figures.year"])</label> <input type="number" id="year" name="year" min="2000" max="2100" value="\(year.map(String.init) ?? "")" required>
            <button type="submit">\(s["figures.show"])</button></form>
            """
    }
}
