import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A country pack's region tree from a CSV file: Mongolia's capital, districts and khoroos and an
/// aimag's soums and bags, in any order; a file with a cycle or a missing parent refused whole.
@Suite struct RegionImportTests {
    func post(_ server: TestServer, _ csv: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: server.tokens[.administrator]!)
        headers.contentType = .init(type: "text", subType: "csv")
        return try await server.app.testing().sendRequest(.POST, "/api/regions/imports", headers: headers, body: ByteBuffer(string: csv))
    }

    func count(_ server: TestServer) async throws -> Int {
        try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM regions").first()!.decode(column: "n", as: Int.self)
    }

    @Test func mongoliasDivisionsAreImportedParentsFirstAndABrokenFileIsRefusedWhole() async throws {
        try await TestServer.run { server in
            // setup
            // another region without a parent: an empty parent_code still means the server's own root
            #expect(try await server.send(.POST, "/api/regions", as: .administrator, json: #"{"code":"AAA","name":"Synthetic other root"}"#).status == .created)
            let before = try await count(server)
            let file = """
                code,name,parent_code
                MN-UB-SBD-1,1-р хороо,MN-UB-SBD
                MN-UB-SBD,Сүхбаатар дүүрэг,MN-UB
                MN-UB,Улаанбаатар,
                MN-073-01-1,1-р баг,MN-073-01
                MN-073-01,Цэцэрлэг сум,MN-073
                mn-073,Архангай аймаг,
                """

            // act
            let imported = try await post(server, file)

            // assert: each under its parent, its path from the root
            #expect(imported.status == .created, "\(imported.body.string)")
            let paths = try await server.app.db.sql.raw("SELECT code, path FROM regions WHERE code LIKE 'MN-%'").all()
                .reduce(into: [String: String]()) { $0[try $1.decode(column: "code", as: String.self)] = try $1.decode(column: "path", as: String.self) }
            #expect(paths["MN-UB-SBD-1"]?.hasSuffix("/MN-UB/MN-UB-SBD/MN-UB-SBD-1/") == true, "\(paths)")
            #expect(paths["MN-073-01-1"] == "/ROOT/MN-073/MN-073-01/MN-073-01-1/", "codes in capitals, under the server's root: \(paths)")
            #expect(paths["MN-UB-SBD-1"] == "/ROOT/MN-UB/MN-UB-SBD/MN-UB-SBD-1/")
            #expect(try await count(server) == before + 6)

            // bad files: a cycle, a missing parent, a code already held; each named by line, nothing written
            for (csv, message) in [("code,name,parent_code\nX-1,Synthetic,X-2\nX-2,Synthetic,X-1\n", "rows[2].parent_code"),
                                   ("code,name,parent_code\nX-1,Synthetic,NOWHERE\n", "neither in the file nor on the server"),
                                   ("code,name,parent_code\nMN-UB,Synthetic again,\n", "already holds"),
                                   ("code,name\nX 1,Synthetic\n", "letters, digits or dashes"),
                                   ("name,parent_code\nSynthetic,\n", "code")] {
                let refused = try await post(server, csv)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(csv): \(refused.body.string)")
            }
            #expect(try await count(server) == before + 6)
            #expect(try await server.send(.POST, "/api/regions/imports", as: .counsellor, json: "{}").status == .forbidden)


            // the page: a refused file named beside its field
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-administrator")
            let page = try await browser.request(.GET, "/admin/organisations")
            #expect(page.body.string.contains("action=\"/admin/regions/import\""))
        }
    }

    @Test func thePacksOwnFileOfMongoliasCapitalDistrictsAndAimagsImports() async throws {
        try await TestServer.run { server in
            // setup
            let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("CountryPacks/mongolia-regions.csv")
            // act
            let mongolia = try await post(server, try String(contentsOf: shipped, encoding: .utf8))
            // assert: the capital, its nine districts and the 21 aimags
            #expect(mongolia.status == .created && mongolia.body.string.contains("\"imported\":31"), "\(mongolia.body.string)")
            let districts = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM regions WHERE path LIKE '%/MN-1/%' AND code <> 'MN-1'").first()!
                .decode(column: "n", as: Int.self)
            #expect(districts == 9)
        }
    }
}
