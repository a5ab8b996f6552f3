@testable import SafeguardServer
import Testing
import Vapor

/// Every page each demo role can reach from its dashboard, walked as that person in Chinese: none
/// shows a sentence of the English table, no link leads to a page they may not open, and no form
/// posts where no route is.
@Suite struct DemoWalkTests {
    /// Sentences of the English table (with a space, long enough not to be a name or a code) that
    /// the Chinese table says otherwise.
    static let englishSentences: [String] = LocaleTables.en.compactMap { key, value in
        value != LocaleTables.zhHans[key] && value.contains(" ") && value.count >= 12 && !value.contains("{") ? HTML.escape(value) : nil
    }

    static func links(_ html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" && $0 != "#" }) }
            .filter { $0.hasPrefix("/") && !$0.hasPrefix("/lang/") && $0 != "/logout" }
            .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    /// Where each form on a page posts to.
    static func formActions(_ html: String) -> [String] {
        html.components(separatedBy: "<form method=\"post\" action=\"").dropFirst().map { String($0.prefix { $0 != "\"" && $0 != "?" }) }
    }

    /// Whether some POST route has this path (a parameter stands for any one segment).
    static func posts(_ path: String, _ routes: [Route]) -> Bool {
        let segments = path.split(separator: "/").map(String.init)
        return routes.contains { route in
            route.method == .POST && route.path.count == segments.count && zip(route.path, segments).allSatisfy { component, segment in
                if case .parameter = component { return true }
                return component.description == segment
            }
        }
    }

    @Test func everyPageADemoRoleReachesIsInChineseAndEveryLinkOpens() async throws {
        // eleven people sign in from one address: more than the sign-in limit lets through at once
        try await TestServer.run(settings: { $0.signInPerMinute = 100 }) { server in
            // setup: the demo's people and data
            let demo = try await DemoData.load(server.app, password: "demo password 1", contacts: 12)
            for user in demo.users {
                var browser = Browser(server: server)
                #expect(try await browser.signIn(user.username, "demo password 1").status == .seeOther, "\(user.username)")
                let account = try await browser.request(.GET, "/account")
                // the check can fail: in English the same page shows sentences of the table
                #expect(Self.englishSentences.contains { account.body.string.contains($0) }, "\(user.username)")
                _ = try await browser.request(.POST, "/account/locale", form: [("_csrf", Browser.csrf(in: account) ?? ""), ("locale", "zh-Hans")])

                // act: walk breadth first from the dashboard
                let (seen, problems) = try await Self.walk(&browser, server, forbidden: Self.englishSentences)

                // assert
                #expect(seen.count > 3, "\(user.username) reached only \(seen.sorted())")
                #expect(problems.isEmpty, "\(user.username) (\(user.roles)): \(problems.joined(separator: "; "))")
                print("walked as \(user.username): \(seen.count) pages")
            }
        }
    }

    /// Sentences of the English and Chinese tables that the Mongolian table says otherwise.
    static let notMongolian: [String] = LocaleTables.en.compactMap { key, value in
        value != LocaleTables.mn[key] && value.contains(" ") && value.count >= 12 && !value.contains("{") ? HTML.escape(value) : nil
    } + LocaleTables.zhHans.compactMap { key, value in
        value != LocaleTables.mn[key] && value.count >= 6 && !value.contains("{") && value.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? HTML.escape(value) : nil
    }

    @Test func everyPageOfTheMongolianDemoIsInMongolianAndEveryLinkOpens() async throws {
        try await TestServer.run(settings: { $0.signInPerMinute = 100 }) { server in
            // setup: a fresh database holds only the first organisation, which becomes the Mongolian centre
            try await server.app.db.sql.raw("DELETE FROM contacts").run()
            let demo = try await DemoData.loadMongolia(server.app, password: "demo password 1", contacts: 12)
            let mongolian = demo.users.filter { ["supervisor", "counsellor", "caseworker", "psychologist", "analyst", "police", "helpline"].contains($0.username) }
            #expect(mongolian.count == 7)
            for user in mongolian {
                var browser = Browser(server: server)
                #expect(try await browser.signIn(user.username, "demo password 1").status == .seeOther, "\(user.username)")

                // act
                let (seen, problems) = try await Self.walk(&browser, server, forbidden: Self.notMongolian)

                // assert
                #expect(seen.count > 3, "\(user.username) reached only \(seen.sorted())")
                #expect(problems.isEmpty, "\(user.username) (\(user.roles)): \(problems.joined(separator: "; "))")
                print("walked in Mongolian as \(user.username): \(seen.count) pages")
            }
        }
    }

    /// Breadth first from the dashboard, at most 60 pages: what each shows of `forbidden`, and where
    /// a link or a form leads nowhere.
    static func walk(_ browser: inout Browser, _ server: TestServer, forbidden: [String]) async throws -> (Set<String>, [String]) {
        var queue = ["/"], seen = Set<String>(), problems: [String] = []
        while !queue.isEmpty, seen.count < 60 {
            let path = queue.removeFirst()
            guard seen.insert(path).inserted else { continue }
            let page = try await browser.request(.GET, path)
            // A case outside the reader's team answers 403 with the break-glass form: a way in
            // with a reason, which the case list offers on purpose, not a dead end.
            let breakGlass = page.status == .forbidden && page.body.string.contains("/break-glass\"")
            if [.forbidden, .notFound].contains(page.status), !breakGlass { problems.append("\(path) answers \(page.status.code)"); continue }
            guard page.headers.contentType?.subType == "html" else { continue }
            let html = Self.withoutDeclaredEnglish(page.body.string)
            for sentence in forbidden where html.contains(sentence) { problems.append("\(path) shows \"\(sentence)\"") }
            for action in Self.formActions(html) where !Self.posts(action, server.app.routes.all) { problems.append("\(path) posts a form to \(action), which no route takes") }
            queue += Self.links(html).filter { !seen.contains($0) }
        }
        return (seen, problems)
    }

    /// The page without what it declares to be in English (`<article lang="en">`: a report written
    /// in English, shown to a reader of Chinese as it will be sent), which a screen reader reads as English.
    static func withoutDeclaredEnglish(_ html: String) -> String {
        let declared = try! NSRegularExpression(pattern: #"<(article|td|span|label|li|p|blockquote)\b[^>]*\blang="en"[^>]*>[\s\S]*?</\1>"#)
        return declared.stringByReplacingMatches(in: html, range: NSRange(html.startIndex..., in: html), withTemplate: "")
    }
}
