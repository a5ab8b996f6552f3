import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

extension Browser {
    /// Posts a file as a browser's multipart form would, with the CSRF token and other fields.
    mutating func upload(_ path: String, file: String, fields: [(String, String)]) async throws -> TestingHTTPResponse {
        let boundary = "----synthetic\(UUID().uuidString.prefix(8))"
        var body = ""
        for (name, value) in fields { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await server.app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body)) { $0.url = URI(string: path) }
    }
}

@Suite struct VettingPagesTests {
    /// The links of the notices on the user's dashboard, each followed: every one must open (no
    /// 403 or 404), and each notice must read as a sentence, never as its key.
    static func noticeLinks(_ browser: inout Browser) async throws -> [String] {
        let page = try await browser.request(.GET, "/").body.string
        guard let start = page.range(of: "aria-labelledby=\"notices\"") else { return [] }
        let section = page[start.upperBound...].prefix { _ in true }.components(separatedBy: "</section>")[0]
        #expect(!section.contains("notice."), "a notice shows its key: \(section)")
        let links = section.components(separatedBy: "<a href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        for link in links {
            let status = try await browser.request(.GET, link).status
            #expect(status == .ok, "\(link) answers \(status)")
        }
        return links
    }

    @Test func theWholeVettingFlowWorksInABrowserWithoutJavaScript() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await VettingWorld.make(server)
            let username = try await server.app.db.sql.raw("SELECT username FROM users WHERE id = \(bind: world.officerID)").first()!.decode(column: "username", as: String.self)
            var officer = Browser(server: server)
            _ = try await officer.signIn(username)
            var keeper = Browser(server: server)
            _ = try await keeper.signIn("test-registry_keeper")

            // act: the officer registers the school through the form
            let home = try await officer.request(.GET, "/vetting")
            #expect(home.body.string.contains("<label for=\"contact1ID\">") && home.body.string.contains("href=\"/vetting\""))
            let registered = try await officer.request(.POST, "/vetting/units", form: [
                ("_csrf", Browser.csrf(in: home) ?? ""), ("unitType", "school"), ("contact1ID", world.officerID.uuidString), ("contact2ID", world.deputyID.uuidString)])
            #expect(registered.status == .ok && registered.body.string.contains("awaits approval"), "\(registered.body.string)")
            // The keeper approves it, and imports records from a file.
            #expect(try await Self.noticeLinks(&keeper) == ["/registry/units"], "the keeper is told, in a sentence, where the unit waits")
            let units = try await keeper.request(.GET, "/registry/units")
            #expect(units.body.string.contains("Synthetic Primary School"))
            #expect(try await keeper.request(.POST, "/registry/units/\(world.school)/approve", form: [("_csrf", Browser.csrf(in: units) ?? "")]).status == .seeOther)
            #expect(try await Self.noticeLinks(&officer) == ["/vetting"])
            let registry = try await keeper.request(.GET, "/registry")
            let offenderID = VettingWorld.residentID(born: "1979-03-15", sequence: 11)
            let file = VettingWorld.header + "\n" + VettingWorld.registryRow(name: "王小龙", sex: "male", born: "1979-03-15", id: offenderID, reference: "PAGE-1") + "\n"
            let imported = try await keeper.upload("/registry/imports", file: file, fields: [("_csrf", Browser.csrf(in: registry) ?? ""), ("mode", "all_or_nothing")])
            #expect(imported.status == .ok && imported.body.string.contains("Imported"), "\(imported.body.string)")

            // act: the officer checks an applicant; a typo in the number brings the form back as typed
            let form = try await officer.request(.GET, "/vetting")
            let token = Browser.csrf(in: form) ?? ""
            let typo = try await officer.request(.POST, "/vetting/queries", form: [
                ("_csrf", token), ("purpose", "applicant"), ("name", "Wang Xiaolong"), ("sex", "male"), ("birthDate", "1979-03-15"),
                ("documentType", "resident_id"), ("documentNumber", String(offenderID.dropLast()) + "0"), ("authorisationReference", "CONSENT-9"),
                ("authorisationDate", "2026-11-20")])
            #expect(typo.body.string.contains("role=\"alert\"") && typo.body.string.contains("value=\"CONSENT-9\""))
            let hit = try await officer.request(.POST, "/vetting/queries", form: [
                ("_csrf", token), ("purpose", "applicant"), ("name", "Wang Xiaolong"), ("sex", "male"), ("birthDate", "1979-03-15"),
                ("documentType", "resident_id"), ("documentNumber", offenderID), ("authorisationReference", "CONSENT-9"), ("authorisationDate", "2026-11-20")])
            #expect(hit.body.string.contains("Record found: employment prohibited") && hit.body.string.contains("VQ-"))
            #expect(!hit.body.string.contains("Synthetic District Court"))

            // act: roster upload and the yearly re-check
            let roster = "name,sex,birth_date,document_type,document_number\nWang Xiaolong,male,1979-03-15,resident_id,\(offenderID)\nSynthetic Cook,female,1990-01-01,,\n"
            let uploaded = try await officer.upload("/vetting/roster", file: roster, fields: [("_csrf", token)])
            #expect(uploaded.body.string.contains("The roster now lists 2 people."), "\(uploaded.body.string)")
            let rechecked = try await officer.request(.POST, "/vetting/rechecks", form: [("_csrf", token)])
            #expect(rechecked.status == .seeOther)
            let report = try await officer.request(.GET, rechecked.headers.first(name: .location) ?? "")
            #expect(report.body.string.contains("2 people checked: 1 employment prohibited, 0 under review.") && report.body.string.contains("<th scope=\"col\">"))
            await server.app.vettingJobs.wait(.possibleMatches(recheck: try #require(UUID(uuidString: String(rechecked.headers.first(name: .location)?.split(separator: "/").last ?? "")))))
            let searched = try await officer.request(.GET, rechecked.headers.first(name: .location) ?? "")
            #expect(searched.body.string.contains("0 under review.") && !searched.body.string.contains("still being searched"))

            // act: the person checks who looked them up, in Chinese
            var person = Browser(server: server)
            _ = try await person.request(.GET, "/lang/zh-Hans")
            let page = try await person.request(.GET, "/check-my-record")
            #expect(page.body.string.contains("<label for=\"documentNumber\">") && page.body.string.contains("lang=\"zh-Hans\""))
            let disclosed = try await person.request(.POST, "/check-my-record", form: [
                ("documentType", "resident_id"), ("documentNumber", offenderID), ("name", "王小龙"), ("birthDate", "1979-03-15")])
            #expect(disclosed.body.string.contains("Synthetic Primary School") && disclosed.body.string.contains("性侵害"), "\(disclosed.body.string)")
        }
    }
}
