import Crypto
import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import NIOConcurrencyHelpers
import Vapor

@Suite struct CDSHooksTests {
    @Test func discoveryListsOneServicePerHookWithPrefetch() async throws {
        try await TestServer.run { server in
            // act
            let response = try await server.send(.GET, "/cds-services")
            // assert
            let services = try server.decode(CDSController.Discovery.self, response).services
            #expect(Set(services.map(\.hook)) == ["encounter-start", "patient-view", "encounter-discharge"])
            #expect(services.allSatisfy { $0.prefetch["patient"] == "Patient/{{context.patientId}}" })
        }
    }

    /// The issue's "done when": a 13-year-old girl with a positive pregnancy observation gets a
    /// critical card; accepting it files a report that the police receiver acknowledges.
    @Test func aCriticalCardAcceptedBecomesAReportThePoliceAcknowledge() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            // act: the hospital's record system calls at admission
            let cards = try await world.cards(server)
            // assert: one critical card, spec-shaped
            #expect(cards.count == 1)
            let card = try #require(cards.first)
            #expect(card.indicator == "critical")
            #expect(card.summary.count < 140)
            #expect(card.source.topic?.code == "2")
            #expect(card.selectionBehavior == "at-most-one")
            #expect(card.suggestions?.first?.actions.first?.resource?.for.reference == "Patient/synthetic-1")
            #expect(card.overrideReasons?.map(\.code) == ["already-reported", "not-applicable", "patient-safety", "other"])
            #expect(card.detail.contains("2020 Opinion") && card.detail.contains("Observation/preg"))
            #expect(card.links?.first?.url.hasSuffix("/clinical-alerts/\(card.uuid)") == true)

            // act: the doctor accepts
            let feedback = try await world.feedback(server, card: card.uuid, outcome: "accepted")
            #expect(feedback.status == .ok, "\(feedback.body.string)")
            // assert: the police see it in their inbox, red, submitted
            let inbox = try server.decode(ReportsController.Page.self, try await server.send(.GET, "/api/inbox/reports", token: world.receiver))
            let report = try #require(inbox.items.first)
            #expect(inbox.items.count == 1)
            let told = try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", token: world.receiver))
            #expect(told.map(\.kind) == ["report.submit"] && told.first?.recordID == report.id)
            #expect(report.colour == "red" && report.status == "submitted" && report.situation == 2)

            // act: the receiver opens and acknowledges it
            let opened = try server.decode(ReportDetail.self, try await server.send(.GET, "/api/inbox/reports/\(report.id)", token: world.receiver))
            #expect(opened.summary.status == "received")
            #expect(opened.facts.contains("girl-under-14-pregnancy"))
            #expect(opened.actions.contains("acknowledge"))
            let acknowledged = try await server.send(.POST, "/api/inbox/reports/\(report.id)/acknowledge", token: world.receiver,
                                                     json: #"{"authorityReference":"PSB-2026-0042"}"#)
            #expect(acknowledged.status == .noContent, "\(acknowledged.body.string)")
            // assert: the hospital's designated reporter sees the acknowledgement and was told
            let seen = try server.decode(ReportDetail.self, try await server.send(.GET, "/api/reports/\(report.id)", token: world.reporter))
            #expect(seen.summary.status == "acknowledged" && seen.summary.authorityReference == "PSB-2026-0042")
            let notices = try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", token: world.reporter))
            #expect(notices.contains { $0.kind == "report.acknowledge" && $0.recordID == report.id })
            // The same patient again: the card says it was reported, no second alert.
            let again = try await world.cards(server)
            #expect(again.map(\.indicator) == ["info"] && again.first?.summary.contains("Reported") == true)
            #expect(try await world.count(server, "clinical_alerts") == 1)
            #expect(try await AuditLog.verify(key: server.app.safeguard.auditKey, on: server.app.db.sql).firstBreak == nil)
        }
    }

    @Test func anOverriddenRedWarningIsReportedAfterTheGracePeriod() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            let card = try #require(try await world.cards(server).first)
            // act: the doctor overrides
            #expect(try await world.feedback(server, card: card.uuid, outcome: "overridden", reason: "not-applicable").status == .ok)
            // assert: nothing is reported within the grace period...
            let early = try await Scheduler.run(server.app, now: Date().addingTimeInterval(10 * 60))
            #expect(early[ClinicalSchedule.reportUnanswered] == 0)
            #expect(try await world.count(server, "statutory_reports") == 0)
            // ...and it is reported, audited, when the grace period ends.
            let late = try await Scheduler.run(server.app, now: Date().addingTimeInterval(31 * 60))
            #expect(late[ClinicalSchedule.reportUnanswered] == 1)
            #expect(try await world.count(server, "statutory_reports WHERE status = 'submitted' AND source_kind = 'clinical_alert'") == 1)
            #expect(try await world.count(server, "audit_entries WHERE record_type = 'clinical_alert' AND reason LIKE 'auto-reported%'") == 1)
            #expect(try await world.count(server, "audit_entries WHERE record_type = 'clinical_alert' AND reason = 'overridden: not-applicable'") == 1)
            let notices = try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", token: world.reporter))
            #expect(Set(notices.map(\.kind)).isSuperset(of: ["alert.overridden", "alert.auto_reported"]))
            // A second sweep does no double work.
            #expect(try await Scheduler.run(server.app, now: Date().addingTimeInterval(32 * 60))[ClinicalSchedule.reportUnanswered] == 0)
        }
    }

    @Test func anIgnoredWarningIsReportedAutomaticallyAndAnOverriddenOrangeOneIsOnlyRecorded() async throws {
        try await TestServer.run { server in
            // setup: a 10-year-old boy with physical abuse coded (orange), two patients
            let world = try await ReportingWorld.make(server)
            let abuse = [SyntheticFHIR.condition(id: "t", code: "T74.12XA")]
            let ignored = try #require(try await world.cards(server, ReportingWorld.call(birthDate: "2016-01-01", observations: [], conditions: abuse, patientID: "boy-1")).first)
            let overridden = try #require(try await world.cards(server, ReportingWorld.call(birthDate: "2016-01-01", observations: [], conditions: abuse, patientID: "boy-2")).first)
            #expect(ignored.indicator == "warning")
            #expect(try await world.feedback(server, card: overridden.uuid, outcome: "overridden", reason: "already-reported").status == .ok)
            // act: four hours later
            let result = try await Scheduler.run(server.app, now: Date().addingTimeInterval(4 * 3600 + 60))
            // assert
            #expect(result[ClinicalSchedule.reportUnanswered] == 1)
            #expect(try await world.count(server, "clinical_alerts WHERE status = 'reported'") == 1)
            #expect(try await world.count(server, "clinical_alerts WHERE status = 'overridden'") == 1)
        }
    }

    @Test func anOrdinaryPatientLeavesOnlyACounter() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            let routine = ReportingWorld.call(birthDate: "2013-03-01", observations: SyntheticFHIR.routineObservations(count: 20),
                                              conditions: SyntheticFHIR.routineConditions(count: 10))
            let auditBefore = try await world.count(server, "audit_entries")
            // act
            let cards = try await world.cards(server, routine)
            try await Scheduler.run(server.app)
            // assert
            #expect(cards.isEmpty)
            #expect(try await world.count(server, "clinical_alerts") == 0)
            #expect(try await world.count(server, "audit_entries") == auditBefore)
            #expect(try await world.count(server, "cds_counters WHERE evaluations = 1 AND warnings = 0") == 1)
        }
    }

    @Test func theBearerSchemeIsReadInAnyCaseAndNothingElseIsATokenHeader() {
        func token(_ value: String) -> String? { CDSAuthentication.bearerToken(["authorization": value]) }
        #expect(token("Bearer abc.def.ghi") == "abc.def.ghi")
        #expect(token("bearer abc") == "abc" && token("BEARER abc") == "abc")
        for refused in ["Basic abc", "Bearer", "Bearer ", "Bearerabc", "Bearer a b", "Bearer\tabc", "Token abc"] {
            #expect(token(refused) == nil, "\(refused)")
        }
        #expect(CDSAuthentication.bearerToken([:]) == nil)
    }

    @Test func aNodeRefusesReplaysForATokensLifeAndForgetsTheIdsAfterIt() async throws {
        try await TestServer.run { server in
            // setup: one SQLite node's cache and a clock; tokens live five minutes, ids are kept a minute more
            let cache = CDSReplayCache(shared: false), db = server.app.db.sql
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            func use(_ id: String, at seconds: TimeInterval) async throws -> Bool {
                let now = start.addingTimeInterval(seconds)
                return try await cache.firstUse(issuer: "https://ehr.synthetic.example", tokenID: id, expires: now.addingTimeInterval(300), now: now, on: db)
            }
            #expect(CDSReplayCache.longestLife == 420)
            // act: a token used twice, a thousand others, and one used late in the first generation
            let first = try await use("a", at: 0), replay = try await use("a", at: 100)
            var others = 0
            for n in 0..<1_000 where try await use("t\(n)", at: 200) { others += 1 }
            let late = try await use("c", at: 400)
            // a new generation starts; ids of the older one are still refused while their tokens live
            let second = try await use("b", at: 430), lateReplay = try await use("c", at: 500)
            let heldThen = cache.heldCount
            // the next generation drops the oldest whole: every token in it had expired
            let third = try await use("d", at: 860)
            let heldAfter = cache.heldCount
            let expiredReuse = try await use("c", at: 870)
            // assert
            #expect(first && !replay && others == 1_000 && late)
            #expect(second && !lateReplay && heldThen == 1_003)
            #expect(third && heldAfter == 2 && expiredReuse)
        }
    }

    @Test func everyBadTokenGetsABare401AndNothingIsStored() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            let now = Date()
            let claims: [String: Any] = ["iss": world.issuer, "aud": "http://localhost:8080/cds-services/\(ReportingWorld.service)",
                                         "iat": Int(now.timeIntervalSince1970), "exp": Int(now.timeIntervalSince1970) + 300, "jti": UUID().uuidString]
            let body = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims))
            let hmacHeader = Base64URL.encode(Data(#"{"alg":"HS384","typ":"JWT","kid":"ehr-key-1"}"#.utf8))
            let mac = HMAC<SHA384>.authenticationCode(for: Data("\(hmacHeader).\(body)".utf8), using: SymmetricKey(size: .bits256))
            let replayed = try world.token()
            #expect(try await world.invoke(server, token: replayed).status == .ok)
            let stranger = ClientJWTSigner(.es384(P384.Signing.PrivateKey()), keyID: "ehr-key-1")
            let bad: [String: String] = [
                "expired": try world.token(now: now.addingTimeInterval(-900)),
                "replayed": replayed,
                "unsigned": Base64URL.encode(Data(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + body + ".",
                "hmac": "\(hmacHeader).\(body).\(Base64URL.encode(Data(mac)))",
                "other audience": try world.token(service: "safeguard-patient-view"),
                "unknown issuer": try world.signer.token(issuer: "https://unknown.example", audience: claims["aud"] as! String),
                "foreign key": try stranger.token(issuer: world.issuer, audience: claims["aud"] as! String),
            ]
            for (name, token) in bad {
                // act
                let response = try await world.invoke(server, token: token)
                // assert
                #expect(response.status == .unauthorized, "\(name)")
                #expect(response.problem?.detail == nil, "\(name)")
            }
            #expect(try await server.send(.POST, "/cds-services/\(ReportingWorld.service)", json: ReportingWorld.call()).status == .unauthorized)
            #expect(try await world.count(server, "clinical_alerts") == 1)
        }
    }

    @Test func malformedCallsGetTheSpecsAnswerAndStoreNothing() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            let wrongType = ReportingWorld.call().replacingOccurrences(of: #""patient":{"resourceType":"Patient""#, with: #""patient":{"resourceType":"Observation""#)
            let cases: [(String, String, HTTPStatus, String)] = [
                ("safeguard-encounter-start", ReportingWorld.call().replacingOccurrences(of: "\"encounter-start\"", with: "\"order-sign\""), .badRequest, "hook"),
                ("safeguard-encounter-start", ReportingWorld.call(prefetch: false), .preconditionFailed, "prefetch is missing"),
                ("safeguard-encounter-start", wrongType, .badRequest, "prefetch.patient: must be a Patient"),
                ("safeguard-encounter-start", "[1,2]", .badRequest, "JSON object"),
                ("safeguard-encounter-start", String(ReportingWorld.call().dropLast()), .badRequest, "JSON object"),
                ("safeguard-encounter-start", ReportingWorld.call().replacingOccurrences(of: #""hook":"encounter-start""#, with: #""hook":"encounter-start","hook":"order-sign""#),
                 .badRequest, "hook: The member is given twice"),
                ("safeguard-encounter-start", ReportingWorld.call().replacingOccurrences(of: #""birthDate""#, with: #""birthDate":"2013-01-01","birthDate""#),
                 .badRequest, "prefetch.patient.birthDate: The member is given twice"),
                ("safeguard-encounter-start", ReportingWorld.call().replacingOccurrences(of: #""patientId":"synthetic-1""#, with: #""patientId":"a b""#),
                 .badRequest, "context.patientId"),
            ]
            for (service, body, status, detail) in cases {
                // act
                let response = try await server.send(.POST, "/cds-services/\(service)", token: try world.token(service: service), json: body)
                // assert
                #expect(response.status == status, "\(detail): \(response.body.string)")
                #expect(response.problem?.detail?.contains(detail) == true, "\(response.body.string)")
            }
            #expect(try await server.send(.POST, "/cds-services/no-such-service", token: try world.token(service: "no-such-service"), json: "{}").status == .notFound)
            // Feedback about a card this service never gave.
            let unknown = try await world.feedback(server, card: UUID().uuidString, outcome: "accepted")
            #expect(unknown.status == .badRequest)
            #expect(try await world.count(server, "clinical_alerts") == 0)
            #expect(try await world.count(server, "statutory_reports") == 0)
        }
    }

    /// A FHIR server on loopback that answers only with the right bearer token, each answer after
    /// `delay`, counting how many requests it held at once.
    static func withFHIRServer(delay: Duration = .zero, _ body: (_ port: Int, _ mostAtOnce: @Sendable () -> Int) async throws -> Void) async throws {
        let fhir = try await Application.make(.testing)
        let resources: [String: String] = [
            "Patient": SyntheticFHIR.patient(id: "synthetic-1", birthDate: "2013-03-01"),
            "Encounter": SyntheticFHIR.encounter(start: "2026-11-20T09:00:00Z"),
            "Observation": SyntheticFHIR.bundle([ReportingWorld.pregnant]),
            "Condition": SyntheticFHIR.bundle([]),
        ]
        let held = NIOLockedValueBox((now: 0, most: 0))
        fhir.get("fhir", "**") { req async throws -> Response in
            held.withLockedValue { $0.now += 1; $0.most = max($0.most, $0.now) }
            try await Task.sleep(for: delay)
            held.withLockedValue { $0.now -= 1 }
            guard req.headers.bearerAuthorization?.token == "synthetic-fhir-token" else { return Response(status: .unauthorized) }
            let type = String(req.url.path.split(separator: "/")[1].prefix { $0 != "?" })
            return Response(status: .ok, body: .init(string: resources[type] ?? "{}"))
        }
        try await fhir.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = fhir.http.server.shared.localAddress!.port!
        do {
            try await body(port) { held.withLockedValue { $0.most } }
        } catch {
            await fhir.server.shutdown()
            try await fhir.asyncShutdown()
            throw error
        }
        await fhir.server.shutdown()
        try await fhir.asyncShutdown()
    }

    static func callFetching(from port: Int) -> String {
        ReportingWorld.call(prefetch: false).replacingOccurrences(of: #""context""#, with:
            #""fhirServer":"http://127.0.0.1:\#(port)/fhir","fhirAuthorization":{"access_token":"synthetic-fhir-token","token_type":"Bearer","expires_in":300,"scope":"patient/*.read","subject":"safeguard"},"context""#)
    }

    @Test func missingPrefetchIsFetchedFromTheClientsFHIRServerWithItsToken() async throws {
        // setup: the operator allows a FHIR server on the private network (here: loopback)
        try await TestServer.run(settings: { $0.allowPrivateNetwork = true; $0.fhirTimeout = 10 }) { server in
            let world = try await ReportingWorld.make(server)
            // each item takes 1.2 s; the server holds all four at once
            try await Self.withFHIRServer(delay: .milliseconds(1200)) { port, mostAtOnce in
                // act
                let cards = try await world.cards(server, Self.callFetching(from: port))
                // assert
                #expect(cards.map(\.indicator) == ["critical"])
                #expect(mostAtOnce() == 4, "the four missing items were fetched together")
            }
        }
    }

    @Test func aFHIRServerOnAnInternalAddressIsNotFetchedFrom() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            try await Self.withFHIRServer { port, mostAtOnce in
                // act
                let response = try await server.send(.POST, "/cds-services/\(ReportingWorld.service)", token: try world.token(service: ReportingWorld.service),
                                                     json: Self.callFetching(from: port))
                // assert
                #expect(response.status == .preconditionFailed)
                #expect(response.problem?.detail?.contains("fhirServer must use https") == true, "\(response.body.string)")
                #expect(mostAtOnce() == 0)
            }
            // and the address classes a client could aim at
            for (ip, why) in [("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("169.254.169.254", "link-local"), ("::1", "loopback"),
                              ("fd00::1", "unique local"), ("::ffff:192.168.1.1", "private"), ("0.0.0.0", "this network")] {
                #expect(OutboundAddress.refusal(ip)?.contains(why) == true, "\(ip)")
            }
            #expect(OutboundAddress.refusal("93.184.216.34") == nil)
            #expect(OutboundAddress.problem(with: URL(string: "https://internal.example")!, allowPrivateNetwork: false, resolve: { _ in ["10.0.0.7"] })?
                .contains("private") == true)
        }
    }
}
