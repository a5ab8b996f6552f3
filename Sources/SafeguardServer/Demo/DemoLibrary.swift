import Foundation
import SafeguardCore
import SQLKit
import Vapor

extension DemoData {
    /// The resource centre's librarian, a few categories and a few synthetic titles in Mongolian,
    /// English and Chinese filed under them.
    static func loadLibrary(_ app: Application, organisation: UUID, password: String, locale: String = "en",
                            displayName: String = "Demo Librarian") async throws -> [(String, String, [Role])] {
        let people: [(String, String, [Role])] = [("librarian", displayName, [.librarian])]
        let librarian = try await person(app, organisation: organisation, username: "librarian", displayName: displayName, role: .librarian,
                                         password: password, locale: locale).actor
        for (code, parent, names) in [("CP", nil, ["mn": "Хүүхэд хамгаалал", "en": "Child protection", "zh": "儿童保护"]),
                                      ("CP.LAW", "CP", ["mn": "Хууль эрх зүй", "en": "Law", "zh": "法律"]),
                                      ("FAM", nil, ["mn": "Гэр бүл", "en": "Family", "zh": "家庭"])] as [(String, String?, [String: String])] {
            _ = try await LibraryCategories.create(.init(code: code, parentCode: parent, names: names), by: Caller(actor: librarian, app: app))
        }
        try await app.write { db in
            let titles: [(CatalogueEntry, [LibraryAudience])] = [
                (CatalogueEntry(title: "Хүүхэд хамгааллын гарын авлага (жишээ)", authors: [.init(name: "Demo Resource Centre", corporate: true)],
                                publisher: "Demo Press", place: "Улаанбаатар", year: 2019, isbns: ["9780306406157"], languages: ["mn"],
                                subjects: ["Хүүхэд хамгаалал"], summary: "Нийгмийн ажилтанд зориулсан жишээ гарын авлага.", format: .handbook, categories: ["CP"]), [.professional]),
                (CatalogueEntry(title: "Working with children who disclose abuse (demo)", authors: [.init(name: "Demo Author")], publisher: "Demo Books",
                                year: 2021, isbns: ["9780804429573"], languages: ["en"], subjects: ["Child protection", "Social work"], format: .book,
                                categories: ["CP.LAW"]),
                 [.professional, .student]),
                (CatalogueEntry(title: "家长育儿与儿童保护（演示）", authors: [.init(name: "演示作者")], year: 2020, languages: ["zh"], subjects: ["家庭教育"], format: .leaflet, categories: ["FAM"]),
                 [.parent]),
            ]
            _ = try await LibraryCatalogue.insert(titles, place: nil, actor: librarian, on: db)
        }
        return people
    }
}
