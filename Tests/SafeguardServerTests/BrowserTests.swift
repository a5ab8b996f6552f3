import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A browser's view: cookies carried from response to request, forms posted url-encoded.
struct Browser {
    let server: TestServer
    var cookies: [String: String] = [:]

    mutating func request(_ method: HTTPMethod, _ path: String, form: [(String, String)]? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        var body: ByteBuffer? = nil
        if let form {
            headers.contentType = .urlEncodedForm
            var components = URLComponents()
            components.queryItems = form.map { URLQueryItem(name: $0.0, value: $0.1) }
            body = ByteBuffer(string: components.percentEncodedQuery!.replacingOccurrences(of: "+", with: "%2B"))
        }
        let response = try await server.app.testing().sendRequest(method, path, headers: headers, body: body) { $0.url = URI(string: path) }
        for cookie in response.headers[.setCookie] {
            let pair = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let value = pair.count > 1 ? String(pair[1]) : ""
            if cookie.contains("Max-Age=0") || cookie.contains("1970") || value.isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = value }
        }
        return response
    }

    /// The value of the first hidden `_csrf` field on a page.
    static func csrf(in page: TestingHTTPResponse) -> String? {
        let html = page.body.string
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The links of a page (same site, not sign-out or language) that answer 403 or 404 when followed.
    mutating func deadLinks(on page: TestingHTTPResponse) async throws -> [String] {
        let links = Set(page.body.string.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
            .filter { $0.hasPrefix("/") && !$0.hasPrefix("/lang/") && $0 != "/logout" }
        var dead: [String] = []
        for link in links.sorted() where [.forbidden, .notFound].contains(try await request(.GET, link).status) { dead.append(link) }
        return dead
    }

    mutating func signIn(_ username: String, _ password: String = TestServer.password) async throws -> TestingHTTPResponse {
        let page = try await request(.GET, "/login")
        return try await request(.POST, "/login", form: [("username", username), ("password", password), ("_csrf", Self.csrf(in: page) ?? "")])
    }
}

@Suite struct BrowserTests {
    @Test func aCounsellorSignsInRecordsAContactAndOpensACase() async throws {
        try await TestServer.run { server in
            var browser = Browser(server: server)
            // act: sign in
            let signedIn = try await browser.signIn("test-counsellor")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.setCookie].contains { $0.contains("HttpOnly") && $0.contains("Secure") && $0.contains("SameSite=Lax") })
            let dashboard = try await browser.request(.GET, "/")
            #expect(dashboard.status == .ok)
            // act: record a contact through the form
            let form = try await browser.request(.GET, "/contacts/new")
            let token = Browser.csrf(in: form)
            #expect(form.body.string.contains("<label for=\"summary\">"))
            // The actions are a group a screen reader names.
            #expect(form.body.string.contains("<fieldset><legend>Actions taken</legend>"))
            let saved = try await browser.request(.POST, "/contacts", form: [
                ("_csrf", token ?? ""), ("startedAt", String(Int(Date().timeIntervalSince1970) - 300)), ("channel", "voice"),
                ("contactType", "child_self"), ("callerAnonymous", "on"), ("childAge", "12"), ("categories[]", "violence.bullying"),
                ("urgency", "high"), ("summary", "Synthetic: form contact"),
            ])
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let location = saved.headers.first(name: .location) ?? ""
            let detail = try await browser.request(.GET, location)
            #expect(detail.body.string.contains("Synthetic: form contact"))
            // act: open a case from it
            let contactPath = String(location.split(separator: "?")[0])
            let opened = try await browser.request(.POST, contactPath + "/case", form: [("_csrf", Browser.csrf(in: detail) ?? "")])
            #expect(opened.status == .seeOther)
            let casePage = try await browser.request(.GET, opened.headers.first(name: .location) ?? "")
            #expect(casePage.status == .ok)
            #expect(casePage.body.string.contains("SG-"))
        }
    }

    @Test func theCounsellorLooksUpTheCallerWithoutLosingTheForm() async throws {
        try await TestServer.run { server in
            // setup: the number called before
            _ = try await server.createContact()
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            let form = try await browser.request(.GET, "/contacts/new")
            // act
            let looked = try await browser.request(.POST, "/contacts", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("channel", "voice"), ("contactType", "child_self"),
                ("callerIdentifier", "+86 138 0013 8000"), ("summary", "Synthetic half-typed note"), ("intent", "lookup"),
            ])
            // assert
            #expect(looked.status == .ok)
            #expect(looked.body.string.contains("1 time(s) before"))
            #expect(looked.body.string.contains("Synthetic half-typed note"))
            let count = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM contacts").first()!.decode(column: "n", as: Int.self)
            #expect(count == 1)
        }
    }

    @Test func theContactListFiltersByDaysAndKeepsTheFiltersWhenPaging() async throws {
        try await TestServer.run { server in
            // setup
            for day in ["2026-01-10", "2026-01-31", "2026-02-01"] {
                _ = try await server.createContact(#"{"channel":"sms","contactType":"silent","startedAt":"\#(day)T10:00:00Z"}"#)
            }
            // act
            let january = try await server.send(.GET, "/contacts?fromDay=2026-01-01&toDay=2026-01-31&perPage=1", as: .counsellor)
            let bad = try await server.send(.GET, "/contacts?fromDay=yesterday", as: .counsellor)
            // assert
            let html = january.body.string
            #expect(html.components(separatedBy: "<tr><td><a href=\"/contacts/").count - 1 == 1)
            #expect(html.contains("page=2"))
            #expect(html.contains("fromDay=2026-01-01&amp;toDay=2026-01-31"))
            #expect(bad.status == .unprocessableEntity)
        }
    }

    @Test func aFormWithoutTheCSRFTokenIsRefused() async throws {
        try await TestServer.run { server in
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            let response = try await browser.request(.POST, "/contacts", form: [("channel", "voice"), ("contactType", "silent")])
            #expect(response.status == .forbidden)
            let count = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM contacts").first()!.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func anInvalidFormIsShownAgainWithTheTypedValues() async throws {
        try await TestServer.run { server in
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            let form = try await browser.request(.GET, "/contacts/new")
            let response = try await browser.request(.POST, "/contacts", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("channel", "voice"), ("contactType", "child_self"), ("summary", "Synthetic keep me"),
            ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Synthetic keep me"))
            #expect(response.body.string.contains("role=\"alert\""))
        }
    }

    @Test func theContactFormSavesOnEnterAndOffersTheLinesMostUsedCategoriesFirst() async throws {
        try await TestServer.run { server in
            // setup: the line's recent contacts, neglect three times, bullying twice, a runaway once
            for (code, times) in [("violence.neglect", 3), ("violence.bullying", 2), ("missing.runaway", 1)] {
                for _ in 0..<times { _ = try await server.createContact(#"{"channel":"voice","contactType":"child_self","categories":["\#(code)"]}"#) }
            }
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")

            // act
            let page = try await browser.request(.GET, "/contacts/new")
            let script = try await browser.request(.GET, "/assets/contact.js")

            // assert: the first submit button of the form is Save (Enter in a field saves, never looks
            // up), focus starts on the first field, and the most used categories come first, in order
            let html = page.body.string
            let form = String(html[html.range(of: "<form method=\"post\" action=\"/contacts\"")!.lowerBound...])
            let firstButton = String(form[form.range(of: "<button type=\"submit\"")!.lowerBound...].prefix { $0 != ">" })
            #expect(!firstButton.contains("intent") && firstButton.contains("accesskey=\"s\""), "\(firstButton)")
            #expect(form.contains("id=\"channel\" name=\"channel\" required autofocus"))
            let mostUsed = form.components(separatedBy: "id=\"top-").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(mostUsed == ["violence-neglect", "violence-bullying", "missing-runaway"])
            #expect(form.contains("<script src=\"/assets/contact.js\" defer></script>"))
            #expect(script.status == .ok && script.headers.contentType?.subType == "javascript" && script.body.string.contains("requestSubmit"))
            // every page names its icon, which answers without a session
            #expect(html.contains("<link rel=\"icon\" href=\"/favicon.svg\""))
            var stranger = Browser(server: server)
            let icon = try await stranger.request(.GET, "/favicon.ico")
            #expect(icon.status == .ok && icon.headers.contentType?.subType == "svg+xml")
        }
    }

    @Test func aFailedContactNamesTheFieldAsTheFormDoesAndKeepsWhatWasTyped() async throws {
        try await TestServer.run { server in
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            let form = try await browser.request(.GET, "/contacts/new")

            // act: an age typed as words, during a call with a summary and two categories
            let response = try await browser.request(.POST, "/contacts", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("channel", "voice"), ("contactType", "child_self"), ("childAge", "twelve"),
                ("categories[]", "violence.neglect"), ("categories[]", "violence.neglect"), ("categories[]", "missing.runaway"),
                ("summary", "Synthetic keep me"),
            ])

            // assert: the error links to the age by its label, nothing internal, and nothing is lost
            let html = response.body.string
            #expect(response.status == .unprocessableEntity)
            #expect(html.contains("<a href=\"#childAge\">Child&#39;s age</a>") && !html.contains("child.age"))
            #expect(html.contains("Synthetic keep me") && html.contains("value=\"twelve\""))
            #expect(html.contains("id=\"cat-violence-neglect\" name=\"categories[]\" value=\"violence.neglect\" checked"))
            #expect(html.contains("id=\"cat-missing-runaway\" name=\"categories[]\" value=\"missing.runaway\" checked"))
            // a category ticked twice (most used and its group) is one category
            let saved = try await browser.request(.POST, "/contacts", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("channel", "voice"), ("contactType", "child_self"),
                ("categories[]", "violence.neglect"), ("categories[]", "violence.neglect"),
            ])
            #expect(saved.status == .seeOther)
            let rows = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM contact_categories").first()!.decode(column: "n", as: Int.self)
            #expect(rows == 1)
        }
    }

    @Test func theCasePageOpensOnItsSummaryAndStartsTheChildFromTheContact() async throws {
        try await TestServer.run { server in
            // setup: a case opened from a contact about a 13-year-old girl in Synthetic District 7
            let contact = try await server.createContact()
            let caseID = try await server.openCase(from: contact)
            _ = try await server.send(.POST, "/api/cases/\(caseID.uuidString)/tasks", as: .counsellor,
                                      json: #"{"title":"Synthetic: call the school","dueAt":"2030-01-01T09:00:00Z"}"#)
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")

            // act
            let page = try await browser.request(.GET, "/cases/\(caseID.uuidString)")

            // assert: the summary comes first with the next task, registering the child is a panel further
            // down, started from the contact (sex, place, a birth year estimated from the age)
            let html = page.body.string
            let summary = try #require(html.range(of: "id=\"at-a-glance\""))
            let register = try #require(html.range(of: "action=\"/cases/\(caseID.uuidString)/child\""))
            #expect(summary.lowerBound < register.lowerBound)
            #expect(html[summary.lowerBound..<register.lowerBound].contains("Synthetic: call the school"))
            #expect(html.contains("<a href=\"#child\">"))
            #expect(html.contains("<option value=\"female\" selected>"))
            #expect(html.contains("name=\"location\" autocomplete=\"off\" value=\"Synthetic District 7\""))
            let year = Calendar(identifier: .gregorian).component(.year, from: Date()) - 13
            #expect(html.contains("name=\"birthDate\" autocomplete=\"off\" value=\"\(year)\"") && html.contains("name=\"birthDateEstimated\" checked"))
            // reading the contact to start the form is itself audited
            let audited = try await server.app.db.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_entries WHERE record_id = \(bind: contact.uuidString) AND reason = 'child registration'
                """).first()!.decode(column: "n", as: Int.self)
            #expect(audited == 1)

            // act: a note, then the page it returns to
            let noted = try await browser.request(.POST, "/cases/\(caseID.uuidString)/notes", form: [
                ("_csrf", Browser.csrf(in: page) ?? ""), ("compartment", "general"), ("body", "Synthetic: first call planned"),
            ])
            let location = try #require(noted.headers.first(name: .location))
            let back = try await browser.request(.GET, String(location.split(separator: "#")[0]))

            // assert: back at the notes, with a confirmation
            #expect(location.hasSuffix("?saved=note#notes"))
            #expect(back.body.string.contains("<p class=\"flash\" role=\"status\">Note added.</p>"))
        }
    }

    @Test func repeatedFailuresLockTheAccount() async throws {
        try await TestServer.run { server in
            var browser = Browser(server: server)
            for _ in 1...4 { #expect(try await browser.signIn("test-counsellor", "wrong password!!").status == .unauthorized) }
            #expect(try await browser.signIn("test-counsellor", "wrong password!!").status == .tooManyRequests)
            // the right password does not help while locked
            #expect(try await browser.signIn("test-counsellor").status == .tooManyRequests)
            let api = try await server.send(.POST, "/api/tokens", json: #"{"username":"test-counsellor","password":"\#(TestServer.password)"}"#)
            #expect(api.status == .tooManyRequests)
        }
    }

    @Test func signingInWithoutTheLoginTokenIsRefused() async throws {
        try await TestServer.run { server in
            var browser = Browser(server: server)
            let response = try await browser.request(.POST, "/login", form: [("username", "test-counsellor"), ("password", TestServer.password)])
            #expect(response.status == .forbidden)
        }
    }

    @Test func anExpiredSessionSendsTheBrowserToSignIn() async throws {
        try await TestServer.run { server in
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            try await server.app.db.sql.raw("UPDATE sessions SET expires_at = \(bind: Date(timeIntervalSince1970: 0)) WHERE kind = 'browser'").run()
            let response = try await browser.request(.GET, "/contacts")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/login")
        }
    }

    @Test func signOutEndsTheSession() async throws {
        try await TestServer.run { server in
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            let page = try await browser.request(.GET, "/")
            let session = browser.cookies[Authentication.cookieName]
            let out = try await browser.request(.POST, "/logout", form: [("_csrf", Browser.csrf(in: page) ?? "")])
            // a draft of a call kept by the contact form's script goes with the session
            #expect(out.headers.first(name: "Clear-Site-Data") == "\"storage\"")
            browser.cookies[Authentication.cookieName] = session
            #expect(try await browser.request(.GET, "/contacts").status == .seeOther)
        }
    }

    @Test func eachRoleSeesItsOwnWorkOnItsDashboard() async throws {
        try await TestServer.run { server in
            // setup: the sections each role's work needs (by their ids), and those it must not get
            let expected: [Role: Set<String>] = [
                .counsellor: ["tasks", "cases", "contacts"], .supervisor: ["tasks", "awaiting-lead", "cases", "contacts", "alerts"],
                .designatedReporter: ["alerts"], .authorityReceiver: ["inbox", "stays"], .hotelClerk: ["stays"],
                .registryKeeper: ["registry"], .vettingOfficer: ["units"], .analyst: [],
            ]
            let all: Set<String> = ["tasks", "awaiting-lead", "cases", "contacts", "alerts", "inbox", "stays", "registry", "units"]
            for (role, sections) in expected {
                var browser = Browser(server: server)
                _ = try await browser.signIn("test-\(role.rawValue)")
                // act
                let page = try await browser.request(.GET, "/")
                // assert
                #expect(page.status == .ok)
                let shown = all.filter { page.body.string.contains("<h2 id=\"\($0)\">") }
                #expect(shown == sections, "\(role): \(shown.sorted())")
                #expect(!page.body.string.contains("notice.") && !page.body.string.contains("dashboard."), "\(role): a key shown as text")
            }
        }
    }

    @Test func aRefusedFormOnTheCasePageComesBackWithWhatWasTyped() async throws {
        try await TestServer.run { server in
            // setup
            let caseID = try await server.openCase(from: try await server.createContact())
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            let page = try await browser.request(.GET, "/cases/\(caseID.uuidString)")
            let csrf = Browser.csrf(in: page) ?? ""

            // act: a task due "next week", and a note of nothing but spaces
            let task = try await browser.request(.POST, "/cases/\(caseID.uuidString)/tasks", form: [
                ("_csrf", csrf), ("title", "Synthetic: call the school"), ("due", "next week"),
            ])
            let note = try await browser.request(.POST, "/cases/\(caseID.uuidString)/notes", form: [
                ("_csrf", csrf), ("compartment", "general"), ("body", "   "),
            ])

            // assert: the case page again, the title kept, each problem above its own form by its label
            #expect(task.status == .unprocessableEntity && note.status == .unprocessableEntity)
            let html = task.body.string
            #expect(html.contains("<h1>Case ") && html.contains("name=\"title\" required value=\"Synthetic: call the school\""))
            #expect(html.contains("<a href=\"#due\">Due</a>") || html.contains("<a href=\"#due\">"))
            let summary = try #require(html.range(of: "role=\"alert\""))
            let taskForm = try #require(html.range(of: "action=\"/cases/\(caseID.uuidString)/tasks\""))
            let notesHeading = try #require(html.range(of: "<h2 id=\"tasks\">"))
            #expect(notesHeading.lowerBound < summary.lowerBound && summary.lowerBound < taskForm.lowerBound)
            #expect(note.body.string.contains("<a href=\"#body\">"))
            // a case conference whose action item has no date: the minutes kept, the item named
            let conference = try await browser.request(.POST, "/cases/\(caseID.uuidString)/conferences", form: [
                ("_csrf", csrf), ("at", "2030-01-02T10:00"), ("place", "Synthetic school"), ("decisions", "Synthetic: the school nurse sees her weekly."),
                ("items", "Call the school | next week"),
            ])
            #expect(conference.status == .unprocessableEntity && conference.body.string.contains("<a href=\"#c-items\">"))
            #expect(conference.body.string.contains(">Synthetic: the school nurse sees her weekly.</textarea>") && conference.body.string.contains(">Call the school | next week</textarea>"))
            let tasks = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor)).tasks
            #expect(tasks.isEmpty)
        }
    }

    @Test func aCaseOpenedFromACallWaitsOnTheSupervisorsDashboardUntilACaseWorkerLeadsIt() async throws {
        try await TestServer.run { server in
            // setup: a counsellor opens a case from a call
            let caseID = try await server.openCase(from: try await server.createContact())
            let reference = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor)).summary.reference
            var supervisor = Browser(server: server), counsellor = Browser(server: server)
            _ = try await supervisor.signIn("test-supervisor")
            _ = try await counsellor.signIn("test-counsellor")
            func waiting() async throws -> String {
                let page = try await supervisor.request(.GET, "/").body.string
                guard let start = page.range(of: "<h2 id=\"awaiting-lead\">"), let end = page.range(of: "</section>", range: start.upperBound..<page.endIndex) else { return "" }
                return String(page[start.upperBound..<end.lowerBound])
            }

            // assert: the supervisor sees it waiting, and the counsellor's case page says who it waits for
            #expect(try await waiting().contains(reference))
            #expect(try await counsellor.request(.GET, "/cases/\(caseID.uuidString)").body.string.contains("Waiting for a supervisor to hand the case to a case worker."))

            // act: the supervisor hands it to a case worker
            let assigned = try await server.send(.POST, "/api/cases/\(caseID.uuidString)/assign", as: .supervisor,
                                                 json: #"{"userID":"\#(server.users[.caseWorker]!.uuidString)","role":"lead"}"#)

            // assert: no longer waiting
            #expect(assigned.status == .ok || assigned.status == .noContent, "\(assigned.body.string)")
            #expect(try await !waiting().contains(reference))
            let handed = try await supervisor.request(.GET, "/cases/\(caseID.uuidString)")
            #expect(handed.status == .ok && !handed.body.string.contains("Waiting for a supervisor"))
        }
    }

    @Test func timesAreReadAndTypedInTheUsersOwnZone() async throws {
        try await TestServer.run { server in
            // setup: a counsellor in Beijing, with a case
            let caseID = try await server.openCase(from: try await server.createContact())
            let bad = try await server.send(.PATCH, "/api/me", as: .counsellor, json: #"{"timeZone":"Asia/Beijing"}"#)
            let set = try await server.send(.PATCH, "/api/me", as: .counsellor, json: #"{"timeZone":"Asia/Shanghai"}"#)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("timeZone"))
            #expect(set.status == .noContent)
            #expect(try server.decode(AccountsController.Me.self, try await server.send(.GET, "/api/me", as: .counsellor)).timeZone == "Asia/Shanghai")
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            let page = try await browser.request(.GET, "/cases/\(caseID.uuidString)")

            // act: a task due on a day, typed on the page
            let added = try await browser.request(.POST, "/cases/\(caseID.uuidString)/tasks", form: [
                ("_csrf", Browser.csrf(in: page) ?? ""), ("title", "Synthetic: visit"), ("due", "2030-01-02"),
            ])

            // assert: due at the end of the working day in Beijing, stored in UTC, shown in Beijing time
            #expect(added.status == .seeOther)
            let detail = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor))
            #expect(detail.tasks.first { $0.title == "Synthetic: visit" }?.dueAt == DateTime.parse("2030-01-02T09:00:00Z"))
            let shown = try await browser.request(.GET, "/cases/\(caseID.uuidString)").body.string
            #expect(shown.contains("Synthetic: visit · 2030-01-02 17:00 UTC+8"))
            let account = try await browser.request(.GET, "/account").body.string
            #expect(account.contains("<option value=\"Asia/Shanghai\" selected>"))
        }
    }

    @Test func pagesSpeakTheUsersLanguage() async throws {
        try await TestServer.run { server in
            var browser = Browser(server: server)
            let changed = try await server.send(.PATCH, "/api/me", as: .counsellor, json: #"{"locale":"zh-Hans"}"#)
            let unknown = try await server.send(.PATCH, "/api/me", as: .counsellor, json: #"{"locale":"xx"}"#)
            #expect(changed.status == .noContent)
            #expect(unknown.status == .unprocessableEntity)
            _ = try await browser.signIn("test-counsellor")
            let page = try await browser.request(.GET, "/contacts/new")
            #expect(page.body.string.contains("<html lang=\"zh-Hans\">"))
            #expect(page.body.string.contains("新建求助记录"))
            // A page the role may not open says so in the user's language, never with an action code.
            let refused = try await browser.request(.GET, "/admin/users")
            #expect(refused.status == .forbidden && refused.body.string.contains(Strings(locale: "zh-Hans")["error.status.403"]))
            #expect(!refused.body.string.contains("Your roles") && !refused.body.string.contains(".manage"))
            // the region the server made at its first start is named in the reader's language too
            #expect(try await server.send(.PATCH, "/api/me", as: .administrator, json: #"{"locale":"zh-Hans"}"#).status == .noContent)
            var administrator = Browser(server: server)
            _ = try await administrator.signIn("test-administrator")
            let organisations = try await administrator.request(.GET, "/admin/organisations").body.string
            #expect(organisations.contains("所有地区") && !organisations.contains("All regions"))
        }
    }

    @Test func anAdministratorsRefusedFormComesBackAsTypedWithItsProblemsNamedByLabel() async throws {
        try await TestServer.run { server in
            // setup
            var administrator = Browser(server: server)
            _ = try await administrator.signIn("test-administrator")
            let csrf = ("_csrf", Browser.csrf(in: try await administrator.request(.GET, "/admin/users")) ?? "")
            // act: a username with a space and no role; a region code with a slash and no parent chosen
            let user = try await administrator.request(.POST, "/admin/users", form: [("username", "Synthetic Name"), ("displayName", "Synthetic Display"), csrf])
            let region = try await administrator.request(.POST, "/admin/regions", form: [("code", "CN/11"), ("name", "Synthetic Region"), ("parentID", ""), csrf])
            let organisation = try await administrator.request(.POST, "/admin/organisations", form: [("name", "Synthetic Org"), ("type", "hospital"), ("regionID", "not-an-id"), csrf])
            let saved = try await administrator.request(.POST, "/admin/regions", form: [("code", "SYN-1"), ("name", "Synthetic Region"), ("parentID", ""), csrf])
            // assert
            #expect(user.status == .unprocessableEntity)
            #expect(user.body.string.contains("value=\"Synthetic Name\"") && user.body.string.contains("value=\"Synthetic Display\""))
            #expect(user.body.string.contains("<a href=\"#username\">Username</a>") && user.body.string.contains("<a href=\"#roles\">Roles</a>"))
            // and beside each field: marked invalid and described by its problem, for a screen reader reaching it
            #expect(user.body.string.contains("id=\"username\" name=\"username\" value=\"Synthetic Name\" required autocomplete=\"off\" aria-describedby=\"username-error\" aria-invalid=\"true\">"
                + "<span class=\"field-error\" id=\"username-error\">use 3 to 40 letters, digits, dots, dashes or underscores</span>"))
            #expect(user.body.string.contains("<fieldset id=\"roles\" aria-describedby=\"roles-error\"><legend>Roles</legend><span class=\"field-error\" id=\"roles-error\">give at least one role</span>"))
            #expect(region.status == .unprocessableEntity && region.body.string.contains("value=\"CN/11\"") && region.body.string.contains("<a href=\"#region-code\">"))
            #expect(organisation.status == .unprocessableEntity && organisation.body.string.contains("<a href=\"#org-region\">"))
            #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "/admin/organisations?saved=region")
            // in Chinese, the problems are in Chinese, with the limits they were given
            #expect(try await server.send(.PATCH, "/api/me", as: .administrator, json: #"{"locale":"zh-Hans"}"#).status == .noContent)
            let chinese = try await administrator.request(.POST, "/admin/users", form: [("username", "Synthetic Name"), ("displayName", "Synthetic Display"), csrf])
            #expect(chinese.body.string.contains("请使用 3 至 40 个字母、数字、点、连字符或下划线") && chinese.body.string.contains("请至少选择一个角色"))
        }
    }

    @Test func aOneTimePasswordOpensNothingButTheAccount() async throws {
        try await TestServer.run { server in
            // setup: a user made by an administrator, with a one-time password
            let created = try await server.send(.POST, "/api/users", as: .administrator,
                                                json: #"{"username":"fresh-counsellor","displayName":"Fresh","roles":["counsellor"]}"#)
            let oneTime = try server.decode(AccountsController.UserCreated.self, created).oneTimePassword ?? ""
            let token = try server.decode(AccountsController.TokenResponse.self, try await server.send(.POST, "/api/tokens",
                json: #"{"username":"fresh-counsellor","password":"\#(oneTime)"}"#)).token
            // act
            let before = try await server.send(.GET, "/api/contacts", token: token)
            let page = try await server.send(.GET, "/contacts", token: token)
            let changed = try await server.send(.POST, "/api/me/password", token: token,
                                                json: #"{"currentPassword":"\#(oneTime)","newPassword":"a long new passphrase"}"#)
            let after = try await server.send(.GET, "/api/contacts", token: token)
            // assert
            #expect(before.status == .forbidden)
            #expect(before.problem?.type == "/problems/password-change-required")
            #expect(page.headers.first(name: .location) == "/account")
            #expect(changed.status == .noContent)
            #expect(after.status == .ok)
        }
    }

    @Test func aRevokedTokenStopsWorkingAtOnce() async throws {
        try await TestServer.run { server in
            // setup: the session is remembered by this node
            let before = try await server.send(.GET, "/api/me", as: .counsellor)
            // act
            let revoked = try await server.send(.DELETE, "/api/tokens/current", as: .counsellor)
            let after = try await server.send(.GET, "/api/me", as: .counsellor)
            // assert
            #expect([before.status, revoked.status, after.status] == [.ok, .noContent, .unauthorized])
        }
    }

    @Test func aNewPasswordEndsOtherSessions() async throws {
        try await TestServer.run { server in
            // setup: a second session of the same user, already remembered by this node
            let other = try await server.app.write { db in
                try await SessionStore.create(userID: server.users[.caseWorker]!, kind: .api, lifetime: 3600, on: db)
            }
            #expect(try await server.send(.GET, "/api/me", token: other).status == .ok)
            // act
            let change = try await server.send(.POST, "/api/me/password", as: .caseWorker,
                                               json: #"{"currentPassword":"\#(TestServer.password)","newPassword":"a brand new passphrase"}"#)
            // assert
            #expect(change.status == .noContent)
            #expect(try await server.send(.GET, "/api/me", token: other).status == .unauthorized)
            #expect(try await server.send(.GET, "/api/me", as: .caseWorker).status == .ok)
            var browser = Browser(server: server)
            #expect(try await browser.signIn("test-case_worker").status == .unauthorized)
            #expect(try await browser.signIn("test-case_worker", "a brand new passphrase").status == .seeOther)
        }
    }

    @Test func aCaseWorkerPicksAnExistingChildOverADuplicate() async throws {
        try await TestServer.run { server in
            // setup: a child already known, and a new case without a child
            let known = try await server.send(.POST, "/api/children", as: .caseWorker, json: #"{"name":"Synthetic Li Na","birthDate":"2012-03-04","sex":"female"}"#)
            let knownID = try server.decode(IDOnly.self, known).id
            let caseID = try await server.openCase(from: try await server.createContact(),
                                                   json: #"{"assigneeID":"\#(server.users[.caseWorker]!.uuidString)"}"#)
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-case_worker")
            let casePage = try await browser.request(.GET, "/cases/\(caseID.uuidString)")
            #expect(casePage.body.string.contains("action=\"/cases/\(caseID.uuidString)/child\""))
            // act: register "Na Li", then pick the existing record
            let matches = try await browser.request(.POST, "/cases/\(caseID.uuidString)/child", form: [
                ("_csrf", Browser.csrf(in: casePage) ?? ""), ("name", "Na Li Synthetic"), ("birthDate", "2012-03-04"), ("sex", "female")])
            #expect(matches.status == .conflict)
            #expect(matches.body.string.contains("Synthetic Li Na"))
            let picked = try await browser.request(.POST, "/cases/\(caseID.uuidString)/child", form: [
                ("_csrf", Browser.csrf(in: matches) ?? ""), ("childID", knownID.uuidString)])
            // assert
            #expect(picked.status == .seeOther)
            let detail = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .caseWorker))
            #expect(detail.child?.id == knownID)
            let children = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM children").first()!.decode(column: "n", as: Int.self)
            #expect(children == 1)
        }
    }
}
