import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting
import ZIPFoundation

/// An alternative report: sections by cluster that cite recommendations, show indicators computed
/// from the records (the statistics page's own counts), quote children who agreed, stay under the
/// word limit, and come out as a Word document and a printable page in English or Chinese.
@Suite struct AlternativeReportTests {
    let monitoring = UNMonitoringServerTests()

    /// The Word document's parts by path, read with a ZIP reader of its own.
    func parts(_ response: TestingHTTPResponse) throws -> [String: String] {
        let archive = try Archive(data: Data(buffer: response.body), accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    func create(_ server: TestServer, _ json: String) async throws -> UUID {
        let response = try await server.send(.POST, "/api/monitoring/reports", as: .monitoringOfficer, json: json)
        #expect(response.status == .created, "\(response.body.string)")
        return try server.decode(IDOnly.self, response).id
    }

    @Test func aReportCitesRecommendationsShowsIndicatorsQuotesChildrenAndIsWrittenToWord() async throws {
        try await TestServer.run { server in
            // setup: the recommendations, six contacts this year, a computed and a typed indicator, and children's views
            #expect(try await monitoring.importFile(server, UNMonitoringServerTests.indexFile).status == .created)
            let punishment = try #require(try await monitoring.list(server, "year=2026").first { $0.paragraph == "40(b)" })
            for _ in 0..<6 { _ = try await server.createContact() }
            let year = Recommendations.currentYear
            func define(_ json: String) async throws -> UUID {
                let response = try await server.send(.POST, "/api/monitoring/indicators", as: .monitoringOfficer, json: json)
                #expect(response.status == .created, "\(response.body.string)")
                return try server.decode(IDOnly.self, response).id
            }
            let contacts = try await define(#"{"title":"Helpline contacts","cluster":"violence_against_children","figure":"helpline.contacts"}"#)
            let surveyed = try await define(#"{"title":"Schools with a ban in their rules","cluster":"violence_against_children","unit":"%"}"#)
            _ = try await server.send(.POST, "/api/monitoring/indicators/recomputation", as: .monitoringOfficer, json: #"{"year":\#(year)}"#)
            // a quarter beside its year: published, the year alone is shown, or the quarters would give each other away
            #expect(try await server.send(.POST, "/api/monitoring/indicators/\(contacts)/values", as: .monitoringOfficer,
                                          json: #"{"periodStart":"\#(year)-01-01","periodEnd":"\#(year)-03-31"}"#).status == .created)
            _ = try await server.send(.POST, "/api/monitoring/indicators/\(surveyed)/values", as: .monitoringOfficer,
                                      json: #"{"periodStart":"\#(year - 1)-01-01","periodEnd":"\#(year - 1)-12-31","value":37.5,"source":"Synthetic school survey"}"#)
            let consultation = try server.decode(IDOnly.self, try await server.send(.POST, "/api/monitoring/children-consultations", as: .monitoringOfficer, json: """
                {"heldOn":"2026-10-01","place":"Synthetic youth centre","method":"workshop","ageBands":["13_15"],"children":9,"childConsent":true,"guardianConsent":true}
                """)).id
            for (view, quote) in [("Synthetic: teachers should never hit us.", true), ("Synthetic: not to be quoted.", false)] {
                _ = try await server.send(.POST, "/api/monitoring/children-consultations/\(consultation)/views", as: .monitoringOfficer,
                                          json: #"{"cluster":"violence_against_children","ageBand":"13_15","view":"\#(view)","mayQuote":\#(quote)}"#)
            }

            // act: a report with its violence section written
            let report = try await create(server, #"{"title":"Synthetic alternative report","country":"chn","mechanism":"crc","language":"en","wordLimit":2000}"#)
            let saved = try await server.send(.POST, "/api/monitoring/reports/\(report)/sections/violence_against_children", as: .monitoringOfficer, json: """
                {"stateClaims":"The State report says corporal punishment is prohibited in schools.","findings":"Synthetic findings: calls about beatings at home rose.\\n\\nA second paragraph.",
                 "recommendationIDs":["\(punishment.id)"],"figures":[{"indicatorID":"\(contacts)","presentation":"table"},{"indicatorID":"\(surveyed)","presentation":"chart"}],
                 "quoteChildren":true}
                """)

            // assert: the words counted, the section's links kept
            #expect(saved.status == .ok, "\(saved.body.string)")
            let got = try server.decode(AlternativeReports.Report.self, saved)
            #expect(got.country == "CHN" && got.words == 21 && got.sections.count == CRCCluster.allCases.count)
            let section = try #require(got.sections.first { $0.cluster == "violence_against_children" })
            #expect(section.recommendationIDs == [punishment.id] && section.figures.map(\.presentation) == ["table", "chart"])

            // act: the Word document
            let docx = try await server.send(.GET, "/api/monitoring/reports/\(report)/report.docx", as: .analyst)

            // assert: the section with the recommendation, the State's claims, the findings, the table with the
            // statistics page's count, the chart with the typed value, the quotable view only; empty sections left out
            #expect(docx.status == .ok && docx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            let docxParts = try self.parts(docx)
            let document = try #require(docxParts["word/document.xml"])
            let statistics = try server.decode(Statistics.self, try await server.send(.GET, "/api/statistics?from=\(year)-01-01T00:00:00Z&to=\(year + 1)-01-01T00:00:00Z", as: .supervisor))
            let counted = statistics.contactsByMonth.reduce(0) { $0 + $1.count }
            #expect(counted == 6)
            for text in ["Violence against children", "CRC/C/CHN/CO/5-6 ¶ 40(b) (2026; Not started): Explicitly prohibit corporal punishment",
                         "The State report says corporal punishment", "A second paragraph.", "<w:t xml:space=\"preserve\">\(year)</w:t>",
                         "<w:t xml:space=\"preserve\">\(counted)</w:t>", "helpline.contacts@1", "Synthetic: teachers should never hit us.", "Source: Synthetic school survey"] {
                #expect(document.contains(text), "\(text)")
            }
            #expect(!document.contains("not to be quoted") && !document.contains("General principles"))
            #expect(!document.contains("Q1"), "the quarter is not published beside its year")
            let exports = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'un_report' AND action = 'export'").first()!
                .decode(column: "n", as: Int.self)
            #expect(exports == 1 && docx.headers.cacheControl?.noStore == true)
            #expect(docxParts["word/charts/chart1.xml"]?.contains("<c:v>37.5</c:v>") == true)

            // act: the printable page
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-monitoring_officer")
            let printed = try await browser.request(.GET, "/monitoring/reports/\(report)/print")

            // assert: the same content, the chart told in words
            #expect(printed.status == .ok && printed.body.string.contains("<article lang=\"en\">") && printed.body.string.contains("<td>\(counted)</td>"))
            #expect(printed.body.string.contains("<svg") && printed.body.string.contains("<li>\(year - 1): 37.5</li>"))
            let reportPage = try await browser.request(.GET, "/monitoring/reports/\(report)")
            #expect(try await browser.deadLinks(on: reportPage).isEmpty)

            // act: the same in Chinese, and a children's version
            let chinese = try await create(server, #"{"title":"替代报告（合成）","country":"CHN","mechanism":"crc","language":"zh-Hans","wordLimit":2000}"#)
            _ = try await server.send(.POST, "/api/monitoring/reports/\(chinese)/sections/violence_against_children", as: .monitoringOfficer,
                                      json: #"{"findings":"合成调查结果。","recommendationIDs":["\#(punishment.id)"]}"#)
            let children = try await create(server, #"{"title":"Our report","country":"CHN","mechanism":"crc","language":"en","audience":"children","wordLimit":1000,"childrenVersionOf":"\#(report)"}"#)

            // assert: headings and the recommendation in Chinese; the children's version linked both ways
            let zhResponse = try await server.send(.GET, "/api/monitoring/reports/\(chinese)/report.docx", as: .monitoringOfficer)
            let zh = try #require(try self.parts(zhResponse)["word/document.xml"])
            #expect(zh.contains("暴力侵害儿童") && zh.contains("明确禁止在一切场合实施体罚") && zh.contains("尚未开始") && zh.contains("合成调查结果。"))
            let claims = try await server.send(.POST, "/api/monitoring/reports/\(children)/sections/general_principles", as: .monitoringOfficer,
                                               json: #"{"stateClaims":"Synthetic claim.","findings":"Synthetic: you have the right to be heard."}"#)
            #expect(claims.status == .unprocessableEntity && claims.body.string.contains("has no State's claims"))
            let parent = try server.decode(AlternativeReports.Report.self, try await server.send(.GET, "/api/monitoring/reports/\(report)", as: .analyst))
            #expect(parent.childrenVersions == [children])
            let childrenPage = try await browser.request(.GET, "/monitoring/reports/\(children)")
            #expect(childrenPage.body.string.contains("What we want to say"))
        }
    }

    @Test func aSectionOverTheWordLimitIsRefusedAndNothingIsHalfWritten() async throws {
        try await TestServer.run { server in
            // setup: a report of at most 500 words with 400 written
            let report = try await create(server, #"{"title":"Synthetic","country":"CHN","mechanism":"crc","language":"en","wordLimit":500}"#)
            let four = Array(repeating: "word", count: 400).joined(separator: " "), two = Array(repeating: "word", count: 200).joined(separator: " ")
            let first = try await server.send(.POST, "/api/monitoring/reports/\(report)/sections/general_measures", as: .monitoringOfficer, json: #"{"findings":"\#(four)"}"#)
            #expect(first.status == .ok, "\(first.body.string)")

            // act: 200 more words in another section
            let over = try await server.send(.POST, "/api/monitoring/reports/\(report)/sections/general_principles", as: .monitoringOfficer,
                                             json: #"{"findings":"\#(two)","stateClaims":"Synthetic claim."}"#)

            // assert: refused with the count; the section as it was
            #expect(over.status == .unprocessableEntity && over.body.string.contains("the report would have 602 words, over its limit of 500 words"), "\(over.body.string)")
            let got = try server.decode(AlternativeReports.Report.self, try await server.send(.GET, "/api/monitoring/reports/\(report)", as: .monitoringOfficer))
            #expect(got.words == 400 && got.sections.first { $0.cluster == "general_principles" }?.stateClaims == "")

            // bad input, each named
            let refusals: [(String, String, String)] = [
                ("reports", #"{"title":"x","country":"China","mechanism":"crc","language":"en","wordLimit":1000}"#, "three-letter ISO 3166 code"),
                ("reports", #"{"title":"x","country":"CHN","mechanism":"unicef","language":"en","wordLimit":1000}"#, "mechanism"),
                ("reports", #"{"title":"x","country":"CHN","mechanism":"crc","language":"fr","wordLimit":1000}"#, "en, zh-Hans"),
                ("reports", #"{"title":"x","country":"CHN","mechanism":"crc","language":"en","wordLimit":9223372036854775807}"#, "word limit"),
                ("reports", #"{"title":"x","country":"CHN","mechanism":"crc","language":"en","wordLimit":1000,"childrenVersionOf":"\#(report)"}"#, "only a children's version"),
                ("reports/\(report)/sections/general_measures", #"{"recommendationIDs":["\#(UUID())"]}"#, "not one of the organisation's"),
                ("reports/\(report)/sections/general_measures", #"{"figures":[{"indicatorID":"\#(UUID())","presentation":"pie"}]}"#, "table, chart"),
            ]
            for (path, json, message) in refusals {
                let refused = try await server.send(.POST, "/api/monitoring/\(path)", as: .monitoringOfficer, json: json)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(path): \(refused.body.string)")
            }
            #expect(try await server.send(.POST, "/api/monitoring/reports/\(report)/sections/everything", as: .monitoringOfficer, json: "{}").status == .notFound)
            #expect(try await server.send(.POST, "/api/monitoring/reports/\(report)/sections/general_measures", as: .analyst, json: "{}").status == .forbidden)
            #expect(try await server.send(.GET, "/api/monitoring/reports/\(report)", as: .counsellor).status == .forbidden)
            let (reports, citations) = (try await monitoring.count(server, "un_reports"), try await monitoring.count(server, "un_report_citations"))
            #expect(reports == 1 && citations == 0)

            // the page: a refused section comes back with its text and the problem linked to its field
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-monitoring_officer")
            let page = try await browser.request(.GET, "/monitoring/reports/\(report)")
            let refused = try await browser.request(.POST, "/monitoring/reports/\(report)/sections/general_principles", form: [
                ("_csrf", Browser.csrf(in: page) ?? ""), ("findings", two), ("stateClaims", "Synthetic claim kept.")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("href=\"#c-general_principles-findings\"")
                    && refused.body.string.contains("Synthetic claim kept."))
            // one indicator written twice, in capitals and in small letters: refused and shown again, the server standing
            let indicator = UUID().uuidString
            let twice = try await browser.request(.POST, "/monitoring/reports/\(report)/sections/general_measures", form: [
                ("_csrf", Browser.csrf(in: page) ?? ""), ("figure[\(indicator.lowercased())]", "table"), ("figure[\(indicator)]", "chart")])
            #expect(twice.status == .unprocessableEntity, "\(twice.body.string.prefix(300))")
            #expect(try await browser.request(.GET, "/monitoring/reports/\(report)").status == .ok)
        }
    }
}
