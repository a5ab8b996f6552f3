import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Attacks and careless clients: numbers out of range, parallel password guesses, stale tokens.
@Suite struct HardeningTests {
    /// Every list that pages, with the numbers an attacker or a broken client sends.
    static let lists = ["/api/contacts", "/api/cases", "/api/reports", "/api/inbox/reports", "/api/stays", "/api/referrals",
                        "/api/vetting/registry/records", "/api/vetting/queries", "/api/vetting/roster"]
    static let extremes = [("page", "9223372036854775807"), ("page", "-9223372036854775808"), ("page", "0"), ("page", "4611686018427387904"),
                           ("page", "99999999999999999999"), ("perPage", "9223372036854775807"), ("perPage", "0"), ("perPage", "-1")]

    @Test func everyListRefusesOutOfRangeNumbersByName() async throws {
        try await TestServer.run { server in
            for list in Self.lists {
                // setup: the roles that may read this list
                var readers: [Role] = []
                for role in Role.allCases where try await server.send(.GET, list, as: role).status == .ok { readers.append(role) }
                #expect(!readers.isEmpty, "nobody could read \(list)")
                for role in readers {
                    for (name, value) in Self.extremes {
                        // perPage is a parameter of the lists that take one
                        if name == "perPage", !["/api/contacts", "/api/cases"].contains(list) { continue }
                        // act
                        let response = try await server.send(.GET, "\(list)?\(name)=\(value)", as: role)
                        // assert
                        #expect([.badRequest, .unprocessableEntity].contains(response.status), "\(list)?\(name)=\(value) as \(role): \(response.status)")
                        #expect(response.problem?.detail?.contains(name) == true, "\(list)?\(name)=\(value): \(response.body.string)")
                    }
                }
            }
            // the server still answers
            #expect(try await server.send(.GET, "/api/contacts?page=2", as: .counsellor).status == .ok)
        }
    }

    @Test func listPagesRefuseOutOfRangeNumbers() async throws {
        try await TestServer.run { server in
            // setup
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-supervisor")
            for page in ["/contacts", "/cases"] {
                for value in ["9223372036854775807", "-5", "99999999999999999999"] {
                    // act
                    let response = try await browser.request(.GET, "\(page)?page=\(value)")
                    // assert: a page that says what is wrong, not a crash
                    #expect([.badRequest, .unprocessableEntity].contains(response.status), "\(page)?page=\(value): \(response.status)")
                    #expect(response.body.string.contains("page"))
                }
            }
        }
    }

    @Test func parallelGuessesLockTheAccount() async throws {
        try await TestServer.run { server in
            // setup: the per-address limit out of the way, so only the account's lock-out counts
            server.app.signInThrottle = SignInThrottle(limits: .init(burst: 1_000, perMinute: 1_000, inFlight: 1_000))
            // act: twenty wrong passwords at once
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await server.send(.POST, "/api/tokens", json: #"{"username":"test-counsellor","password":"wrong password!!"}"#).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            // assert: at most the allowed failures were checked and nobody got in. The others found the
            // account locked (429), or, on a machine loaded enough that a request waited too long for a
            // database connection, were turned away without their password being checked.
            #expect(statuses.filter { $0 == .unauthorized }.count <= server.settings.maxFailedLogins, "\(statuses)")
            #expect(!statuses.contains { $0.code < 300 }, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 1, "\(statuses)")
            let right = try await server.send(.POST, "/api/tokens", json: #"{"username":"test-counsellor","password":"\#(TestServer.password)"}"#)
            #expect(right.status == .tooManyRequests)
            let row = try await server.app.db.sql.raw("SELECT locked_until FROM users WHERE username = 'test-counsellor'").first()
            #expect(try row?.decode(column: "locked_until", as: Date?.self).map { $0 > Date() } == true)
        }
    }

    @Test func unknownAndKnownNamesAnswerAlike() async throws {
        try await TestServer.run { server in
            server.app.signInThrottle = SignInThrottle(limits: .init(burst: 1_000, perMinute: 1_000, inFlight: 1_000))
            var answers: [String: [String]] = [:]
            for name in ["test-counsellor", "nobody-by-this-name"] {
                for _ in 0..<(server.settings.maxFailedLogins + 1) {
                    // act
                    let response = try await server.send(.POST, "/api/tokens", json: #"{"username":"\#(name)","password":"wrong password!!"}"#)
                    answers[name, default: []].append("\(response.status.code) \(response.problem?.type ?? "") \(response.problem?.detail ?? "")")
                }
            }
            // assert: the same sequence of answers, lock-out included
            #expect(answers["test-counsellor"] == answers["nobody-by-this-name"])
            #expect(answers["test-counsellor"]?.last?.hasPrefix("429") == true)
        }
    }

    @Test func oneAddressCannotFloodSignIn() async throws {
        try await TestServer.run { server in
            // setup: ten at first, refilled so slowly that a slow machine cannot refill it during the test
            server.app.signInThrottle = SignInThrottle(limits: .init(burst: 10, perMinute: 0.01, inFlight: 2))
            // act: more attempts from one address than its limit, each for a different name
            var statuses: [HTTPStatus] = []
            var lastProblem: Problem?
            for index in 0..<12 {
                let response = try await server.send(.POST, "/api/tokens", json: #"{"username":"flood-\#(index)","password":"wrong password!!"}"#)
                statuses.append(response.status)
                lastProblem = response.problem
            }
            // assert
            #expect(statuses.prefix(10).allSatisfy { $0 == .unauthorized })
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests })
            #expect(lastProblem?.type == "/problems/rate-limited")
        }
    }

    @Test func publicRoutesIgnoreABadToken() async throws {
        try await TestServer.run(settings: { $0.metricsToken = nil }) { server in
            for path in ["/healthz", "/readyz", "/openapi.json", "/login", "/check-my-record"] {
                // act
                let response = try await server.send(.GET, path, token: "not-a-token")
                // assert
                #expect(response.status == .ok, "\(path): \(response.status)")
            }
            // a page that needs a session sends the browser to sign in, once
            let page = try await server.send(.GET, "/contacts", token: "not-a-token")
            #expect(page.status == .seeOther && page.headers.first(name: .location) == "/login")
            // the API says so
            #expect(try await server.send(.GET, "/api/contacts", token: "not-a-token").status == .unauthorized)
            // metrics without a configured token: this machine only (the in-memory client has no address)
            #expect(try await server.send(.GET, "/metrics", token: "not-a-token").status == .forbidden)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await TestServer.run { server in
            for (method, path) in [(HTTPMethod.GET, "/healthz"), (.GET, "/no-such-page"), (.GET, "/api/no-such-thing"), (.GET, "/login"),
                                   (.DELETE, "/healthz"), (.GET, "/api/contacts")] {
                // act
                let response = try await server.send(method, path)
                // assert
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") == "no-referrer", "\(path)")
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, "\(path)")
            }
        }
    }

    @Test func aWrongMethodNamesTheMethodsItsAllowHeaderNames() async throws {
        try await TestServer.run { server in
            // act
            let response = try await server.send(.DELETE, "/api/contacts", as: .counsellor)
            // assert
            #expect(response.status == .methodNotAllowed)
            let allow = try #require(response.headers.first(name: .allow))
            #expect(allow == "GET, HEAD, POST")
            #expect(response.problem?.detail == "Use \(allow) on this path.")
        }
    }

    @Test func theLoginTokenCookieIsClearedWhereItWasSet() async throws {
        try await TestServer.run { server in
            // act
            var browser = Browser(server: server)
            let signedIn = try await browser.signIn("test-counsellor")
            // assert
            let cleared = signedIn.headers[.setCookie].first { $0.hasPrefix("\(LoginPage.preSessionCookie)=") }
            #expect(cleared?.contains("Path=/login") == true, "\(cleared ?? "no cookie")")
            #expect(cleared?.contains("Max-Age=0") == true)
        }
    }

    @Test func theDatabaseAndKeyFilesAreTheOperatorsAlone() async throws {
        try await TestServer.run { server in
            guard !TestServer.onPostgres else { return }
            for path in [server.settings.sqlitePath, server.settings.keyFile] {
                // act
                let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
                // assert
                #expect(mode.map { $0 & 0o077 } == 0, "\(path) has mode \(String(mode ?? 0, radix: 8))")
            }
        }
    }

    @Test func commonAndRepetitivePasswordsAreRefusedWithTheReason() async throws {
        try await TestServer.run { server in
            for (password, reason) in [("password1234", "common"), ("xkqxkqxkqxkqxkq", "repeats"), ("passwordpassword", "common"),
                                       ("abcabcabcabcabc", "repeats"), ("qwertyuiop123", "common")] {
                // act
                let response = try await server.send(.POST, "/api/me/password", as: .counsellor,
                                                      json: #"{"currentPassword":"\#(TestServer.password)","newPassword":"\#(password)"}"#)
                // assert
                #expect(response.status == .unprocessableEntity, "\(password)")
                #expect(response.problem?.detail?.contains(reason) == true, "\(password): \(response.problem?.detail ?? "")")
            }
            let good = try await server.send(.POST, "/api/me/password", as: .counsellor,
                                             json: #"{"currentPassword":"\#(TestServer.password)","newPassword":"lantern orchid velvet quarry"}"#)
            #expect(good.status == .noContent)
        }
    }
}

@Suite struct OutboundRequestTests {
    @Test func aWebhookOnAnInternalAddressIsRefusedAtRegistration() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await VettingWorld.make(server)
            for (hook, why) in [("http://127.0.0.1:9/hook", "must use https"), ("https://127.0.0.1/hook", "loopback"),
                                ("https://169.254.169.254/latest/meta-data", "link-local"), ("https://[::1]/hook", "loopback")] {
                // act
                let response = try await server.send(.POST, "/api/vetting/units", token: world.officer, json: """
                    {"unitType":"school","contact1ID":"\(world.officerID)","contact2ID":"\(world.deputyID)","webhookURL":"\(hook)"}
                    """)
                // assert
                #expect(response.status == .unprocessableEntity, "\(hook)")
                #expect(response.problem?.errors?.first?.field == "webhookURL")
                #expect(response.problem?.detail?.contains(why) == true, "\(hook): \(response.problem?.detail ?? "")")
            }
        }
    }
}

@Suite struct CarelessClientTests {
    @Test func aHeaderOnlyRosterDoesNotEmptyTheRosterUnlessConfirmed() async throws {
        try await TestServer.run { server in
            // setup: a roster of one
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            let one = try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, "name,sex,birth_date\nSynthetic Coach,male,1980-05-05\n")
            #expect(one.status == .created)
            func listed() async throws -> Int {
                try server.decode(VettingController.Paged<Rosters.Entry>.self, try await server.send(.GET, "/api/vetting/roster", token: world.officer)).items.count
            }
            // act: the header alone
            let empty = try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, "name,sex,birth_date\n")
            // assert
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("removeEveryone"))
            #expect(try await listed() == 1)
            // act: confirmed
            let confirmed = try await VettingWorld.csv(server, "/api/vetting/roster?removeEveryone=true", token: world.officer, "name,sex,birth_date\n")
            #expect(confirmed.status == .created)
            #expect(try await listed() == 0)
        }
    }

    @Test func aRefusedPasswordChangeKeepsTheFormAndSaysWhy() async throws {
        try await TestServer.run { server in
            // setup
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-counsellor")
            let page = try await browser.request(.GET, "/account")
            // act
            let refused = try await browser.request(.POST, "/account/password", form: [
                ("_csrf", Browser.csrf(in: page) ?? ""), ("currentPassword", TestServer.password), ("newPassword", "short"),
            ])
            // assert: the same page, the problem next to the form, the current password still there
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("role=\"alert\""))
            #expect(html.contains("must be at least 12 characters"))
            #expect(html.contains("id=\"currentPassword\"") && html.contains("value=\"\(TestServer.password)\""))
            #expect(html.contains("action=\"/account/password\""))
            // a common password is explained as such
            let common = try await browser.request(.POST, "/account/password", form: [
                ("_csrf", Browser.csrf(in: page) ?? ""), ("currentPassword", TestServer.password), ("newPassword", "password1234"),
            ])
            #expect(common.body.string.contains("common and breached"))
        }
    }
}

@Suite struct TamperedRecordTests {
    func refusal(_ server: TestServer, _ response: TestingHTTPResponse, caseID: UUID) async throws {
        #expect(response.status == .internalServerError)
        #expect(response.problem?.type == "/problems/record-integrity", "\(response.body.string)")
        let audited = try await server.app.db.sql.raw("""
            SELECT COUNT(*) AS n FROM audit_entries WHERE record_id = \(bind: caseID.uuidString) AND reason = 'refused: integrity check failed'
            """).first()!.decode(column: "n", as: Int.self)
        #expect(audited >= 1)
    }

    @Test func aCaseWithAnInvalidRiskIsRefused() async throws {
        try await TestServer.run { server in
            // setup
            let caseID = try await server.openCase(from: try await server.createContact())
            #expect(try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor).status == .ok)
            // act
            try await server.app.db.sql.raw("UPDATE cases SET risk = 'purple' WHERE id = \(bind: caseID)").run()
            // assert
            try await refusal(server, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor), caseID: caseID)
        }
    }

    @Test func anAssigneeWrittenInTheDatabaseGainsNothing() async throws {
        try await TestServer.run { server in
            // setup: a case the case worker is not on
            let caseID = try await server.openCase(from: try await server.createContact())
            let outsider = server.users[.caseWorker]!
            #expect(try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .caseWorker).status == .notFound)
            // act: someone with the database makes them its lead
            try await server.app.db.sql.raw("UPDATE cases SET assignee_id = \(bind: outsider) WHERE id = \(bind: caseID)").run()
            try await server.app.db.sql.raw("INSERT INTO case_members (case_id, user_id, role) VALUES (\(bind: caseID), \(bind: outsider), 'lead')").run()
            // assert: refused, for them and for the real team, and nothing can be written to it
            try await refusal(server, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .caseWorker), caseID: caseID)
            try await refusal(server, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor), caseID: caseID)
            let note = try await server.send(.POST, "/api/cases/\(caseID.uuidString)/notes", as: .caseWorker, json: #"{"body":"Synthetic note"}"#)
            #expect(note.problem?.type == "/problems/record-integrity")
        }
    }

    @Test func encryptedValuesSwappedBetweenRowsAreRefusedAsTampering() async throws {
        try await TestServer.run { server in
            // setup
            let first = try await server.openCase(from: try await server.createContact())
            let second = try await server.openCase(from: try await server.createContact())
            let sql = server.app.db.sql
            let summaries = try await sql.raw("SELECT id, summary FROM cases").all()
            let other = try summaries.first { try $0.decode(column: "id", as: UUID.self) == second }!.decode(column: "summary", as: String.self)
            // act
            try await sql.raw("UPDATE cases SET summary = \(bind: other) WHERE id = \(bind: first)").run()
            // assert
            try await refusal(server, try await server.send(.GET, "/api/cases/\(first.uuidString)", as: .counsellor), caseID: first)
            #expect(try await server.send(.GET, "/api/cases/\(second.uuidString)", as: .counsellor).status == .ok)
        }
    }
}

@Suite struct LessPlaintextTests {
    @Test func aChildsBirthDateSexAndAStaysRoomAreEncryptedAndKeysCannotJoinCasesToStays() async throws {
        try await TestServer.run { server in
            // setup: the same girl in a case and at a hotel
            let caseID = try await server.openCase(from: try await server.createContact(), json: """
                {"child":{"name":"Synthetic Girl","sex":"female","birthDate":"2013-04-05","documentType":"resident_id","documentNumber":"\(LodgingWorld.girlID)"}}
                """)
            let world = try await LodgingWorld.make(server)
            #expect(try await server.send(.POST, "/api/stays", token: world.clerk, json: LodgingWorld.checkIn().replacingOccurrences(of: #""room":"305""#, with: #""room":"Synthetic-Room-1207""#)).status == .created)
            let sql = server.app.db.sql
            // act
            let child = try #require(try await sql.raw("SELECT birth_date, sex, document_hash FROM children").first())
            let room = try #require(try await sql.raw("SELECT room FROM stays").first()).decode(column: "room", as: String.self)
            let guestKeys = try await sql.raw("SELECT document_key FROM stay_guests WHERE document_key IS NOT NULL").all().map { try $0.decode(column: "document_key", as: String.self) }
            // assert
            #expect(try child.decode(column: "birth_date", as: String.self).hasPrefix("v1."))
            #expect(try child.decode(column: "sex", as: String.self).hasPrefix("v1."))
            #expect(!room.contains("1207") && room.hasPrefix("v1."))
            #expect(!guestKeys.contains(try child.decode(column: "document_hash", as: String.self)))
            // and everything still reads back, through the application
            let detail = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor))
            #expect(detail.child?.birthDate == "2013-04-05" && detail.child?.sex == "female")
            let stays = try await server.send(.GET, "/api/stays", token: world.police)
            #expect(stays.body.string.contains("Synthetic-Room-1207"))
            // the duplicate check still finds the child by the birth date
            let matches = try await server.send(.POST, "/api/children/matches", as: .counsellor,
                                                json: #"{"name":"Synthetic Girll","sex":"female","birthDate":"2013-04-05"}"#)
            #expect(matches.body.string.contains("Synthetic Girl"), "\(matches.body.string)")
        }
    }
}

@Suite struct VettingPlaintextTests {
    @Test func theRegistryRostersAndQueriesKeepNoReadableDetails() async throws {
        try await TestServer.run { server in
            // setup: a record, a roster with a position and reference, a query with an authorisation
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            let offender = VettingTests.offender
            let registry = [VettingWorld.registryRow(name: offender.name, sex: "male", born: offender.born, id: offender.id,
                                                                          reference: "SYN-REF-7788").replacingOccurrences(of: "Synthetic District Court", with: "Synthetic Haidian Court")]
            #expect(try await VettingWorld.importRegistry(server, registry).status == .created)
            let roster = "name,sex,birth_date,position,staff_reference\nSynthetic Coach,male,1980-05-05,Synthetic-Swimming-Coach,SYN-STAFF-5566\n"
            #expect(try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer, roster).status == .created)
            let asked = try await VettingTests().query(server, world, name: offender.name, born: offender.born, id: offender.id, sex: "male",
                                                      authorisation: #","authorisationReference":"SYN-CONSENT-4411","authorisationDate":"2026-11-20""#)
            #expect(try server.decode(VettingQueries.Answer.self, asked).answer == "prohibited")
            // act: everything the database holds for these tables
            var haystack = ""
            for table in ["registry_records", "roster_entries", "vetting_queries", "registry_imports", "roster_uploads"] {
                for row in try await server.app.db.sql.raw("SELECT * FROM \(ident: table)").all() {
                    for column in row.allColumns { haystack += ((try? row.decode(column: column, as: String?.self)) ?? nil) ?? "" }
                }
            }
            // assert
            for secret in ["sexual_assault", "conviction", "2020-05-06", "Synthetic Haidian Court", "SYN-REF-7788", "Synthetic-Swimming-Coach",
                           "SYN-STAFF-5566", "SYN-CONSENT-4411", "prohibited", "close contact with minors"] {
                #expect(!haystack.contains(secret), "found '\(secret)' in the vetting tables")
            }
            // and it all reads back through the application
            let records = try await server.send(.GET, "/api/vetting/registry/records", as: .registryKeeper)
            #expect(records.body.string.contains("SYN-REF-7788") && records.body.string.contains("Synthetic Haidian Court"))
            let listed = try await server.send(.GET, "/api/vetting/roster", token: world.officer)
            #expect(listed.body.string.contains("Synthetic-Swimming-Coach") && listed.body.string.contains("SYN-STAFF-5566"))
            // a reference is still entered once
            let again = try await VettingWorld.importRegistry(server, registry)
            #expect(again.status == .unprocessableEntity && again.body.string.contains("already in the registry"))
        }
    }

    @Test func importProblemsNameTheRowAndColumnNeverTheValue() async throws {
        try await TestServer.run { server in
            // setup: a row whose columns slipped (the name lands in offence_category) and a number with a wrong check character
            let offender = VettingTests.offender
            let wrongCheck = String(offender.id.dropLast()) + (offender.id.last == "1" ? "2" : "1")
            let file = [VettingWorld.header,
                        "Synthetic Slipped,male,\(offender.born),resident_id,\(offender.id),Synthetic Slipped Name,conviction,2020-05-06,Court,,,SYN-A",
                        "Synthetic Typo,male,\(offender.born),resident_id,\(wrongCheck),abuse,conviction,2020-05-06,Court,,,SYN-B"].joined(separator: "\n")
            // act
            let response = try await VettingWorld.csv(server, "/api/vetting/registry/imports?mode=all_or_nothing", as: .registryKeeper, file)
            // assert
            #expect(response.status == .unprocessableEntity)
            let body = response.body.string
            #expect(body.contains("offence_category") && body.contains("document_number"))
            for value in ["Synthetic Slipped Name", wrongCheck, String(offender.id.last!) + ")"] { #expect(!body.contains(value), "\(value) echoed") }
            let stored = try await server.app.db.sql.raw("SELECT problems FROM registry_import_problems").all()
                .map { try $0.decode(column: "problems", as: String.self) }.joined()
            #expect(!stored.contains("Synthetic Slipped Name") && !stored.contains("(expected"))
        }
    }
}

@Suite struct ReviewFollowUpTests {
    @Test func newListsRefuseOutOfRangeSizesToo() async throws {
        try await TestServer.run { server in
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            for path in ["/api/vetting/roster/uploads/\(UUID())/problems?perPage=2000000", "/api/vetting/rechecks/\(UUID())?perPage=9223372036854775807",
                         "/api/vetting/roster/uploads/\(UUID())/problems?page=9223372036854775807"] {
                let response = try await server.send(.GET, path, token: world.officer)
                #expect([.badRequest, .unprocessableEntity].contains(response.status), "\(path): \(response.status)")
            }
            #expect(try await server.send(.GET, "/api/vetting/reviews?perPage=100000", as: .registryKeeper).status == .unprocessableEntity)
            // sizes from code are kept in range rather than trusted
            #expect(PageRequest(page: Int.max, perPage: Int.max).offset < Int.max / 2)
        }
    }

    @Test func monitoringPutsASharedNumberToAKeeperRatherThanTheEmployer() async throws {
        try await TestServer.run { server in
            // setup: a teacher on the roster under a number
            let world = try await VettingWorld.make(server)
            _ = try await world.register(server)
            let offender = VettingTests.offender
            #expect(try await VettingWorld.csv(server, "/api/vetting/roster", token: world.officer,
                                               "name,sex,birth_date,document_type,document_number\nSynthetic Zhou Min,male,\(offender.born),resident_id,\(offender.id)\n").status == .created)
            // act: the registry gets a record for someone else under the same number
            let registry = [VettingWorld.registryRow(name: offender.name, sex: "male", born: offender.born, id: offender.id, reference: "SYN-MON")]
            #expect(try await VettingWorld.importRegistry(server, registry).status == .created)
            // assert: no "prohibited" notice to the school; a review for the keepers
            let notices = try server.decode([Monitoring.Notice].self, try await server.send(.GET, "/api/vetting/notices", token: world.officer))
            #expect(!notices.contains { $0.answer == VettingAnswer.prohibited.rawValue })
            let queue = try server.decode([MatchReviews.Item].self, try await server.send(.GET, "/api/vetting/reviews", as: .registryKeeper))
            #expect(queue.count == 1 && queue.first?.subject.name == "Synthetic Zhou Min")
        }
    }

    @Test func anAnswerToAnInformationalCardDoesNotSilenceAReportableOne() async throws {
        try await TestServer.run { server in
            // setup: an unreadable birth date gives an informational card, which the clinician overrides
            let world = try await ReportingWorld.make(server)
            let info = try #require(try await world.cards(server, ReportingWorld.call(birthDate: "2013-02-30")).first)
            #expect(info.indicator == "info")
            #expect(try await world.feedback(server, card: info.uuid, outcome: "overridden", reason: "not-applicable").status == .ok)
            // act: the record is corrected; the same pregnancy fact, a 13-year-old
            let corrected = try await world.cards(server, ReportingWorld.call(birthDate: "2013-02-28"))
            // assert
            #expect(corrected.map(\.indicator) == ["critical"])
        }
    }

    @Test func behindATrustedProxyTheClientsAddressCounts() async throws {
        try await TestServer.run(settings: { $0.trustedProxies = ["10.0.0.5"] }) { server in
            func request(peer: String, forwarded: String?) throws -> Request {
                var headers = HTTPHeaders()
                if let forwarded { headers.add(name: .xForwardedFor, value: forwarded) }
                return Request(application: server.app, method: .GET, url: URI(path: "/metrics"), headers: headers,
                               remoteAddress: try SocketAddress(ipAddress: peer, port: 443), on: server.app.eventLoopGroup.any())
            }
            let viaProxy = try request(peer: "10.0.0.5", forwarded: "198.51.100.7, 10.0.0.5").clientAddress
            let spoofed = try request(peer: "10.0.0.5", forwarded: "127.0.0.1, 203.0.113.9").clientAddress
            let direct = try request(peer: "203.0.113.9", forwarded: "127.0.0.1").clientAddress
            #expect(viaProxy == "198.51.100.7")
            #expect(spoofed == "203.0.113.9", "the nearest untrusted hop")
            #expect(direct == "203.0.113.9", "only a trusted proxy is believed")
        }
    }
}

@Suite struct PeriodicLoopTests {
    @Test func shutdownWaitsForTheWorkUnderWayThenRunsTheLastStep() async throws {
        try await TestServer.run { server in
            // setup: work that takes a while, started at boot
            let log = NIOLockedValueBox<[String]>([])
            let loop = PeriodicLoop(every: 3_600, atBoot: true, finally: { _ in log.withLockedValue { $0.append("finally") } }) { _ in
                log.withLockedValue { $0.append("start") }
                try? await Task.sleep(for: .milliseconds(300))
                log.withLockedValue { $0.append("end") }
            }
            try await loop.didBootAsync(server.app)
            try await Task.sleep(for: .milliseconds(50))
            // act
            await loop.shutdownAsync(server.app)
            // assert: the work finished before the last step, and nothing ran after it
            #expect(log.withLockedValue { $0 } == ["start", "end", "finally"])
        }
    }
}

@Suite struct UpgradeMigrationTests {
    @Test func rowsWrittenByTheEarlierVersionAreSealedByTheMigrations() async throws {
        try await TestServer.run { server in
            // setup: rows as the earlier version wrote them, in plaintext
            let world = try await LodgingWorld.make(server)
            #expect(try await server.send(.POST, "/api/stays", token: world.clerk, json: LodgingWorld.checkIn()).status == .created)
            let caseID = try await server.openCase(from: try await server.createContact(), json: """
                {"child":{"name":"Synthetic Girl","sex":"female","birthDate":"2013-04-05"}}
                """)
            let sql = server.app.db.sql
            let stayID = try await sql.raw("SELECT id FROM stays").first()!.decode(column: "id", as: UUID.self)
            try await sql.raw("UPDATE children SET birth_date = '2013-04-05', sex = 'female', birth_key = NULL").run()
            try await sql.raw("UPDATE stays SET room = '305'").run()
            let vetting = try await VettingWorld.make(server)
            _ = try await vetting.register(server)
            #expect(try await VettingWorld.csv(server, "/api/vetting/roster", token: vetting.officer,
                                               "name,sex,birth_date,position\nSynthetic Coach,male,1980-05-05,Coach\n").status == .created)
            try await sql.raw("UPDATE roster_entries SET position = 'Coach'").run()
            // act: the migrations run again over them (as on an upgrade, or after an interrupted run)
            let services = server.app.safeguard
            try await M016ProtectChildrenAndStays(cipher: services.cipher, index: services.blindIndex).prepare(on: server.app.db)
            try await M017SealVettingDetails(services: services).prepare(on: server.app.db)
            // assert: sealed, and read back through the application
            #expect(try await sql.raw("SELECT sex FROM children").first()!.decode(column: "sex", as: String.self).hasPrefix("v1."))
            #expect(try await sql.raw("SELECT room FROM stays").first()!.decode(column: "room", as: String.self).hasPrefix("v1."))
            #expect(try await sql.raw("SELECT position FROM roster_entries").first()!.decode(column: "position", as: String.self).hasPrefix("v1."))
            let detail = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID.uuidString)", as: .counsellor))
            #expect(detail.child?.birthDate == "2013-04-05" && detail.child?.sex == "female")
            #expect(try await server.send(.GET, "/api/stays/\(stayID.uuidString)", token: world.police).body.string.contains("\"room\":\"305\""))
            #expect(try await server.send(.GET, "/api/vetting/roster", token: vetting.officer).body.string.contains("Coach"))
        }
    }
}
