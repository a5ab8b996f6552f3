import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A librarian fills the catalogue from another library's MARC file or by hand; readers find titles
/// in Mongolian, English and Chinese as they type them, signed in or not.
@Suite struct LibraryTests {
    static let mongolian = CatalogueEntry(
        title: "Хүүхэд хамгааллын гарын авлага", subtitle: "нийгмийн ажилтанд", authors: [.init(name: "Synthetic Болд")], publisher: "Synthetic Press",
        place: "Улаанбаатар", year: 2019, extent: "240 p.", isbns: ["9780306406157"], languages: ["mn"], subjects: ["Хүүхдийн эрх"], format: .handbook)
    static let english = CatalogueEntry(
        title: "Child protection in practice", authors: [.init(name: "Synthetic Author", role: "editor")], publisher: "Synthetic Books", year: 2021,
        isbns: ["9780804429573"], languages: ["en"], subjects: ["Social work"], summary: "Working with families after a report of abuse.", format: .book)
    static let chinese = CatalogueEntry(title: "儿童保护工作手册", authors: [.init(name: "合成作者")], year: 2020, languages: ["zh"], subjects: ["儿童保护"], format: .book)

    static func marc(_ entries: [CatalogueEntry]) -> [UInt8] {
        entries.enumerated().flatMap { ISO2709.write(MARCCatalogue.record(from: $1, controlNumber: "T\($0)")) }
    }

    func upload(_ server: TestServer, _ bytes: [UInt8], as role: Role = .librarian) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: server.tokens[role]!)
        headers.contentType = .init(type: "application", subType: "marc")
        return try await server.app.testing().sendRequest(.POST, "/api/library/imports", headers: headers, body: ByteBuffer(bytes: bytes)) {
            $0.url = URI(string: "/api/library/imports")
        }
    }

    func found(_ server: TestServer, _ query: String) async throws -> [String] {
        let path = "/api/library/titles?" + query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!.replacingOccurrences(of: "+", with: "%2B")
        let response = try await server.send(.GET, path)
        #expect(response.status == .ok, "\(query): \(response.body.string)")
        return try server.decode(LibraryCatalogue.Found.self, response).items.map(\.title)
    }

    @Test func aLibrarianImportsAMARCFileAndReadersFindTitlesAsTheyTypeThem() async throws {
        try await TestServer.run { server in
            // setup: a MARC file of Mongolian, English and Chinese titles
            // act
            let imported = try await upload(server, Self.marc([Self.mongolian, Self.english, Self.chinese]))
            // assert
            #expect(imported.status == .created && (try? server.decode(LibraryCatalogue.Imported.self, imported).imported) == 3, "\(imported.body.string)")
            // Mongolian without ү and in capitals, the start of a word, or the subject
            #expect(try await found(server, "q=ХУУХЭД") == [Self.mongolian.title])
            #expect(try await found(server, "q=хамгаал гарын") == [Self.mongolian.title])
            #expect(try await found(server, "q=хуухдийн эрх") == [Self.mongolian.title])
            // English by the start of words in the title or summary, Chinese by a word inside the title
            #expect(try await found(server, "q=child prot") == [Self.english.title])
            #expect(try await found(server, "q=families") == [Self.english.title])
            #expect(try await found(server, "q=保护") == [Self.chinese.title])
            #expect(try await found(server, "q=保护工作") == [Self.chinese.title])
            // filters, and words nobody wrote
            #expect(try await found(server, "language=en") == [Self.english.title])
            #expect(try await found(server, "format=handbook") == [Self.mongolian.title])
            #expect(try await found(server, "q=nothing like this").isEmpty)
            #expect(try await found(server, "q=\"*) OR (").isEmpty)
            #expect(try await found(server, "").count == 3)
            // the public page, signed out
            let page = try await server.send(.GET, "/library?q=" + "хуухэд".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(page.status == .ok && page.body.string.contains(Self.mongolian.title))
            let id = page.body.string.components(separatedBy: "/library/titles/")[1].prefix(36)
            let titlePage = try await server.send(.GET, "/library/titles/\(id)")
            #expect(titlePage.status == .ok && titlePage.body.string.contains("9780306406157") && titlePage.body.string.contains("Улаанбаатар"))
            // the catalogue goes out again as MARC, each title as it came in
            let exported = try await server.send(.GET, "/api/library/export", as: .librarian)
            #expect(exported.headers.contentType?.subType == "marc")
            let entries = try ISO2709.records(in: Array(exported.body.readableBytesView)).map { try MARCCatalogue.entry(from: try $0.get()).get() }
            #expect(Set(entries.map(\.title)) == [Self.mongolian.title, Self.english.title, Self.chinese.title])
            #expect(entries.first { $0.title == Self.english.title } == Self.english)
            // only a librarian keeps the catalogue
            #expect(try await upload(server, Self.marc([Self.english]), as: .trainer).status == .forbidden)
            #expect(try await server.send(.GET, "/api/library/export", as: .trainingCoordinator).status == .forbidden)
        }
    }

    @Test func readersBrowseTheLibrarysCategoriesWithCountsAndFindTitlesUnderThem() async throws {
        try await TestServer.run { server in
            // setup: child protection > law, and family; a MARC file filing titles under them
            for (code, parent, names) in [("CP", nil, #"{"en":"Child protection","mn":"Хүүхэд хамгаалал"}"#), ("CP.LAW", "CP", #"{"en":"Law","zh":"法律"}"#),
                                          ("FAM", nil, #"{"en":"Family"}"#)] {
                let response = try await server.send(.POST, "/api/library/categories", as: .librarian,
                                                     json: #"{"code":"\#(code)","parentCode":\#(parent.map { "\"\($0)\"" } ?? "null"),"names":\#(names)}"#)
                #expect(response.status == .created, "\(response.body.string)")
            }
            var mongolian = Self.mongolian, english = Self.english, chinese = Self.chinese
            mongolian.categories = ["CP"]
            english.categories = ["CP.LAW", "FAM"]
            chinese.categories = ["FAM"]

            // act
            let imported = try await upload(server, Self.marc([mongolian, english, chinese]))
            let trees = try server.decode([LibraryCategories.Tree].self, try await server.send(.GET, "/api/library/categories"))

            // assert: each counts what is in it and under it; a search in child protection finds the law title too
            #expect(imported.status == .created, "\(imported.body.string)")
            #expect(trees.count == 1 && trees[0].categories.map(\.code) == ["CP", "CP.LAW", "FAM"] && trees[0].categories.map(\.titles) == [2, 1, 2])
            let protection = trees[0].categories[0].id, family = trees[0].categories[2].id
            #expect(Set(try await found(server, "category=\(protection)")) == [Self.mongolian.title, Self.english.title])
            #expect(try await found(server, "category=\(family)&language=zh") == [Self.chinese.title])
            let page = try await server.send(.GET, "/library/categories")
            #expect(page.status == .ok && page.body.string.contains("Child protection") && page.body.string.contains("titles: 2"))
            // the codes go out again in 084
            let exported = try await server.send(.GET, "/api/library/export", as: .librarian)
            let entries = try ISO2709.records(in: Array(exported.body.readableBytesView)).map { try MARCCatalogue.entry(from: try $0.get()).get() }
            #expect(entries.first { $0.title == Self.english.title }?.categories == ["CP.LAW", "FAM"])
            // a code the library does not have is refused by its record, and nothing is taken
            var unknown = Self.english
            unknown.isbns = []
            unknown.categories = ["NOPE"]
            let refused = try await upload(server, Self.marc([Self.chinese, unknown]))
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("records[1]") && refused.body.string.contains("does not have"))
            let twice = try await server.send(.POST, "/api/library/categories", as: .librarian, json: #"{"code":"FAM","names":{"en":"Again"}}"#)
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("another category has this code"))
            #expect(try await server.send(.GET, "/api/library/titles?category=\(UUID())").status == .unprocessableEntity)
            // ten levels at most: FAM is the first
            var parent = "FAM"
            for level in 2...11 {
                let response = try await server.send(.POST, "/api/library/categories", as: .librarian, json: #"{"code":"D\#(level)","parentCode":"\#(parent)","names":{"en":"Deep"}}"#)
                #expect(response.status == (level <= 10 ? .created : .unprocessableEntity), "\(level): \(response.body.string)")
                parent = "D\(level)"
            }
        }
    }

    @Test func aCatalogueMovesInAsMARCXMLOrCSVAndOutAgainInEachFormat() async throws {
        try await TestServer.run { server in
            // setup: a MARCXML file of two titles, and a spreadsheet of two, one of them refused twice over
            let xml = MARCXML.write([MARCCatalogue.record(from: Self.mongolian, controlNumber: "1"), MARCCatalogue.record(from: Self.chinese, controlNumber: "2")])
            let good = "title,authors,isbns,languages,year,format,subjects\r\nSafe schools,\"Synthetic, A.; Synthetic, B.\",978-0-8044-2957-3,en,2021,,Schools; Safety\r\n"
            let bad = good + ",Nobody,,en,abc,book,\r\n"

            // act
            let refused = try await upload(server, Array(bad.utf8))
            let fromXML = try await upload(server, Array(xml.utf8))
            let fromCSV = try await upload(server, Array(good.utf8))

            // assert: the spreadsheet's bad row is named by its line, and nothing of it was taken until it was right
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("rows[3].title") && refused.body.string.contains("rows[3].year"), "\(refused.body.string)")
            #expect(try server.decode(LibraryCatalogue.Imported.self, fromXML).imported == 2)
            #expect(try server.decode(LibraryCatalogue.Imported.self, fromCSV).imported == 1)
            #expect(try await found(server, "q=safe schools") == ["Safe schools"])

            // act: out again as MARCXML and CSV
            let asXML = try await server.send(.GET, "/api/library/export?format=marcxml", as: .librarian)
            let asCSV = try await server.send(.GET, "/api/library/export?format=csv", as: .librarian)

            // assert
            #expect(asXML.headers.contentType?.subType == "marcxml+xml")
            let entries = try MARCXML.records(in: Data(buffer: asXML.body)).get().map { try MARCCatalogue.entry(from: try $0.get()).get() }
            #expect(entries.first { $0.title == Self.mongolian.title } == Self.mongolian)
            let lines = asCSV.body.string.components(separatedBy: "\r\n")
            #expect(lines[0] == "id," + LibraryExchange.csvColumns.joined(separator: ","))
            #expect(lines.contains { $0.contains("Safe schools,,,\"Synthetic, A.; Synthetic, B.\"") && $0.contains("9780804429573") && $0.contains("Schools; Safety") })
            // a spreadsheet exported comes back in (its id column is not read); its ISBNs are the library's already
            let again = try await upload(server, Array(asCSV.body.readableBytesView))
            #expect(again.status == .unprocessableEntity && again.body.string.contains("has an ISBN already in the catalogue"))
            #expect(try await server.send(.GET, "/api/library/export?format=pdf", as: .librarian).status == .unprocessableEntity)
            // a file with a problem in every row is answered with at most 100 of them, each list over its bound refused once
            let isbns = Array(repeating: "978-0-8044-2957-3", count: 1_000).joined(separator: ";")
            let flood = "title,isbns\r\n" + String(repeating: "Synthetic,\(isbns)\r\n", count: 300)
            let flooded = try await upload(server, Array(flood.utf8))
            #expect(flooded.status == .unprocessableEntity && flooded.body.readableBytes < 20_000)
            #expect(try server.decode(Problem.self, flooded).errors?.count == 100)
            // a title a spreadsheet would run as a formula goes out with an apostrophe and comes back without it
            let formula = try await upload(server, Array("title\r\n-2+3 synthetic\r\n".utf8))
            #expect(formula.status == .created)
            let out = try await server.send(.GET, "/api/library/export?format=csv", as: .librarian)
            #expect(out.body.string.contains(",'-2+3 synthetic,"))
            let back = "title\r\n'-2+3 synthetic again\r\n"
            #expect(try await upload(server, Array(back.utf8)).status == .created)
            #expect(try await found(server, "q=again") == ["-2+3 synthetic again"])
        }
    }

    @Test func aFileWithBadRecordsIsRefusedWholeWithEachRecordNamed() async throws {
        try await TestServer.run { server in
            // setup: a good record, a wrong ISBN check digit, a broken directory, no title, and a wrong leader length
            var wrongISBN = Self.english
            wrongISBN.isbns = []
            var record = MARCCatalogue.record(from: wrongISBN, controlNumber: "2")
            record.fields.append(.data(tag: "020", indicators: (" ", " "), subfields: [.init("a", "0-306-40615-3")]))
            var broken = ISO2709.write(MARCCatalogue.record(from: Self.chinese, controlNumber: "3"))
            broken[30] = UInt8(ascii: "x")
            var untitled = MARCCatalogue.record(from: Self.chinese, controlNumber: "4")
            untitled.fields.removeAll { $0.tag == "245" }
            var wrongLength = ISO2709.write(MARCCatalogue.record(from: Self.chinese, controlNumber: "5"))
            wrongLength.replaceSubrange(0..<5, with: Array("00100".utf8))
            let file = Self.marc([Self.mongolian]) + ISO2709.write(record) + broken + ISO2709.write(untitled) + wrongLength
            // act
            let refused = try await upload(server, file)
            // assert: every bad record named, nothing taken
            let body = refused.body.string
            #expect(refused.status == .unprocessableEntity, "\(body)")
            #expect(body.contains("records[1]") && body.contains("wrong check digit") && body.contains("records[2]") && body.contains("directory is broken")
                    && body.contains("records[3]") && body.contains("has no title") && body.contains("records[4]") && body.contains("record is 100 bytes long"), "\(body)")
            #expect(!body.contains("records[0]"))
            #expect(try await found(server, "").isEmpty)
            // an ISBN already in the catalogue, or twice in one file
            #expect(try await upload(server, Self.marc([Self.mongolian])).status == .created)
            let again = try await upload(server, Self.marc([Self.english, Self.mongolian]))
            #expect(again.status == .unprocessableEntity && again.body.string.contains("records[1]") && again.body.string.contains("already in the catalogue"))
            let twice = try await upload(server, Self.marc([Self.english, Self.english]))
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("records[1]") && twice.body.string.contains("earlier record"))
            #expect(try await upload(server, Array("not MARC at all".utf8)).status == .unprocessableEntity)
            #expect(try await upload(server, []).status == .unprocessableEntity)
            #expect(try await found(server, "").count == 1)
        }
    }

    @Test func aTitleTypedInIsCheckedFieldByFieldInTheBrowser() async throws {
        try await TestServer.run { server in
            // setup
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-librarian")
            let form = try await browser.request(.GET, "/library/catalogue")
            #expect(form.status == .ok && form.body.string.contains("name=\"isbns\""))
            // act: a wrong check digit and a year that is not one
            let refused = try await browser.request(.POST, "/library/catalogue", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("title", "Synthetic handbook for social workers"), ("isbns", "0-306-40615-3"), ("year", "20x9"),
                ("format", "handbook"), ("languages[]", "en"),
            ])
            // assert: both named by their labels, what was typed kept
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("href=\"#l-isbns\"") && refused.body.string.contains("href=\"#l-year\"")
                    && refused.body.string.contains("Synthetic handbook for social workers"), "\(refused.body.string)")
            let saved = try await browser.request(.POST, "/library/catalogue", form: [
                ("_csrf", Browser.csrf(in: refused) ?? ""), ("title", "Synthetic handbook for social workers"), ("isbns", "0-306-40615-2"), ("year", "2019"),
                ("format", "handbook"), ("languages[]", "en"),
            ])
            #expect(saved.status == .seeOther)
            #expect(try await found(server, "q=social handbook") == ["Synthetic handbook for social workers"])
            // through the API, a field that is missing or wrong is named
            let missing = try await server.send(.POST, "/api/library/titles", as: .librarian, json: #"{"format":"comic","isbns":["123"],"link":"javascript:alert(1)"}"#)
            #expect(missing.status == .unprocessableEntity && ["\"title\"", "\"format\"", "isbns[0]", "\"link\""].allSatisfy(missing.body.string.contains), "\(missing.body.string)")
            let created = try await server.send(.POST, "/api/library/titles", as: .librarian, json: #"{"title":"Synthetic leaflet","format":"leaflet","year":2025}"#)
            #expect(created.status == .created)
            #expect(try await server.send(.POST, "/api/library/titles", as: .counsellor, json: #"{"title":"x","format":"book"}"#).status == .forbidden)
            #expect(try await server.send(.GET, "/api/library/titles?page=0").status == .unprocessableEntity)
            #expect(try await server.send(.GET, "/api/library/titles/\(UUID())").status == .notFound)
        }
    }
}
