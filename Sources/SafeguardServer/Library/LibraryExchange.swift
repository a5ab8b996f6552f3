import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// A catalogue moving in and out: MARC 21 as ISO 2709 or MARCXML (to and from Koha and other
/// library systems) and CSV (to and from a spreadsheet). An import takes every record or none;
/// each record that cannot be taken is named by its place with why: `records[0]` is a file's first
/// record, `rows[2]` a CSV file's first line after its header.
enum LibraryExchange {
    enum Format: String, CaseIterable, Sendable {
        case marc, marcxml, csv

        var mediaType: HTTPMediaType {
            switch self {
            case .marc: .init(type: "application", subType: "marc")
            case .marcxml: .init(type: "application", subType: "marcxml+xml", parameters: ["charset": "utf-8"])
            case .csv: .init(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            }
        }
        var fileExtension: String { self == .marc ? "mrc" : self == .marcxml ? "xml" : "csv" }

        /// What a file is, by its first bytes: XML begins with `<`, ISO 2709 with its record's length in
        /// five digits, anything else is read as CSV.
        static func sniff(_ bytes: [UInt8]) -> Format {
            var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
            if start < bytes.count && bytes[start] == UInt8(ascii: "<") { return .marcxml }
            if bytes.count >= 5 && bytes.prefix(5).allSatisfy({ (0x30...0x39).contains($0) }) { return .marc }
            return .csv
        }
    }

    static let maximumRecords = 200_000
    /// The CSV's columns: the title's fields, several values in one cell between semicolons.
    static let csvColumns = ["title", "subtitle", "responsibility", "authors", "edition", "publisher", "place", "year", "extent", "isbns", "issn", "series",
                             "languages", "subjects", "summary", "link", "format", "audiences", "categories"]

    static func importFile(_ bytes: [UInt8], by caller: Caller) async throws -> LibraryCatalogue.Imported {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        var entries: [(CatalogueEntry, [LibraryAudience])] = []
        let format = Format.sniff(bytes)
        // the same rules as a title typed in, for every record
        func take(_ input: LibraryCatalogue.TitleInput, _ place: String) {
            // at most 100 problems in all: enough to fix a file by, bounded whatever the file holds
            guard v.errors.count < 100 else { return }
            do { entries.append(try LibraryCatalogue.validate(input, prefix: place + ".")) } catch let refused as ValidationErrors {
                refused.errors.prefix(100 - v.errors.count).forEach { v.add($0.field, $0.message) }
            } catch {}
        }
        func take<Problem: Error & CustomStringConvertible>(_ results: [Result<MARCRecord, Problem>]) {
            for (index, result) in results.enumerated() where v.errors.count < 100 {
                switch result {
                case .failure(let problem): v.add("records[\(index)]", problem.description)
                case .success(let record):
                    switch MARCCatalogue.entry(from: record) {
                    case .failure(let problem): v.add("records[\(index)]", problem.description)
                    case .success(let entry): take(LibraryCatalogue.input(from: entry), "records[\(index)]")
                    }
                }
            }
        }
        switch format {
        case .marc:
            let records = ISO2709.records(in: bytes, limit: maximumRecords + 1)
            v.check(records.count <= maximumRecords, "file", "at most 200000 records at once")
            take(records)
        case .marcxml:
            switch MARCXML.records(in: Data(bytes), limit: maximumRecords) {
            case .failure(let problem): v.add("file", problem.description)
            case .success(let records): take(records)
            }
        case .csv:
            for row in try readCSV(bytes, &v) where v.errors.count < 100 { take(row.input, row.place) }
        }
        v.check(!entries.isEmpty || !v.errors.isEmpty, "file", "holds no records")
        try v.finish()
        let actor = caller.actor, taken = entries
        // every row was taken when this runs: a CSV's entry i is its record i + 2 (the header is 1)
        let csv = format == .csv
        let place: @Sendable (Int) -> String = { csv ? "rows[\($0 + 2)]" : "records[\($0)]" }
        let ids = try await caller.write { db in try await LibraryCatalogue.insert(taken, place: place, actor: actor, on: db) }
        return .init(imported: ids.count)
    }

    /// A spreadsheet's rows as titles; a bad row is named by its line (`rows[2]` is the first after the header).
    static func readCSV(_ bytes: [UInt8], _ v: inout FieldValidator) throws -> [(input: LibraryCatalogue.TitleInput, place: String)] {
        var reader = CSVReader(), records: [CSVRecord] = [], rows: [(input: LibraryCatalogue.TitleInput, place: String)] = []
        do {
            try reader.feed(bytes) { records.append($0) }
            try reader.finish { records.append($0) }
        } catch let problem as CSVReader.Problem {
            v.add("file", problem.description)
            return []
        }
        guard let header = records.first else { return [] }
        // an export's id column may come back: it is not read
        let columns = try CSVColumns(header: header, required: ["title"], optional: ["id"] + Array(csvColumns.dropFirst()))
        v.check(records.count - 1 <= maximumRecords, "file", "at most 200000 records at once")
        for record in records.dropFirst().prefix(maximumRecords) where v.errors.count < 100 {
            let place = "rows[\(record.number)]"
            switch columns.values(record) {
            case .failure(let problem): v.add(place, problem.message)
            case .success(let row):
                // the apostrophe an export puts before a formula's first sign is taken off again
                let unquoted = CSVWriter.original(_:) as (String) -> String
                func list(_ column: String) -> [String] { (row[column] ?? "").split(separator: ";").map { unquoted($0.trimmedWhitespace) }.filter { !$0.isEmpty } }
                func text(_ column: String) -> String? { row[column]?.trimmed.map(unquoted) }
                let year = text("year")
                rows.append((.init(title: text("title"), subtitle: text("subtitle"), responsibility: text("responsibility"),
                           authors: list("authors").map { .init(name: $0, corporate: false, role: nil) }, edition: text("edition"), publisher: text("publisher"),
                           place: text("place"), year: year.map { Int($0) ?? 0 }, extent: text("extent"), isbns: list("isbns"), issn: text("issn"),
                           series: text("series"), languages: list("languages"), subjects: list("subjects"), summary: text("summary"), link: text("link"),
                           // a spreadsheet's title without a format is a book
                           format: text("format") ?? LibraryFormat.book.rawValue,
                                   // as a MARC record's: none named is for professionals
                                   audiences: list("audiences").isEmpty ? [LibraryAudience.professional.rawValue] : list("audiences"), categories: list("categories")), place))
            }
        }
        return rows
    }

    /// The library's whole catalogue, each title's id in 001 (MARC) or its first column (CSV).
    static func export(_ format: Format, by caller: Caller) async throws -> [UInt8] {
        _ = try caller.scopes(.libraryManage)
        let titles = try await caller.app.sql.raw("""
            SELECT t.*, o.name AS organisation_name FROM library_titles t JOIN organisations o ON o.id = t.organisation_id
            WHERE t.organisation_id = \(bind: caller.actor.organisationID) ORDER BY t.title, t.id
            """).all().map(LibraryCatalogue.title(from:))
        switch format {
        case .marc:
            return titles.flatMap { ISO2709.write(MARCCatalogue.record(from: $0.entry, controlNumber: $0.id.uuidString)) }
        case .marcxml:
            return Array(MARCXML.write(titles.map { MARCCatalogue.record(from: $0.entry, controlNumber: $0.id.uuidString) }).utf8)
        case .csv:
            var out = CSVWriter.line(["id"] + csvColumns)
            for t in titles {
                let e = t.entry
                out += CSVWriter.line([t.id.uuidString, e.title, e.subtitle ?? "", e.responsibility ?? "", e.authors.map(\.name).joined(separator: "; "), e.edition ?? "",
                                       e.publisher ?? "", e.place ?? "", e.year.map(String.init) ?? "", e.extent ?? "", e.isbns.joined(separator: "; "), e.issn ?? "",
                                       e.series ?? "", e.languages.joined(separator: "; "), e.subjects.joined(separator: "; "), e.summary ?? "", e.link ?? "",
                                       e.format.rawValue, t.audiences.joined(separator: "; "), e.categories.joined(separator: "; ")])
            }
            return Array(out.utf8)
        }
    }
}
