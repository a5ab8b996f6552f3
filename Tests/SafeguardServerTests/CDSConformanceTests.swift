import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// CDS Hooks 2.0 as the specification says it, tried as an independent record system would.
@Suite struct CDSConformanceTests {
    @Test func prefetchItemsSentAsNullMeanNothingThere() async throws {
        try await TestServer.run { server in
            // setup: the record system has no encounter and no conditions for the patient, and says so
            let world = try await ReportingWorld.make(server)
            let call = ReportingWorld.call().replacingOccurrences(of: #""encounter":"#, with: #""encounter":null,"x-encounter":"#)
                .replacingOccurrences(of: #""conditions":"#, with: #""conditions":null,"x-conditions":"#)
            // act
            let cards = try await world.cards(server, call)
            // assert: the pregnant 13-year-old gets her card, nothing is fetched
            #expect(cards.map(\.indicator) == ["critical"])
        }
    }

    @Test func theClientsOwnOverrideReasonAndCommentAreKeptAndShown() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            let card = try #require(try await world.cards(server).first)
            // act: a reason from the record system's own code system, with a comment
            let response = try await server.send(.POST, "/cds-services/\(ReportingWorld.service)/feedback", token: try world.token(), json: """
                {"feedback":[{"card":"\(card.uuid)","outcome":"overridden","overrideReason":{"reason":{"system":"http://hospital.example/override",
                "code":"seen-by-social-work","display":"Seen by the hospital social worker"},"userComment":"Synthetic: police already informed by phone"},
                "outcomeTimestamp":"2026-11-26T10:00:00Z"}]}
                """)
            // assert
            #expect(response.status == .ok, "\(response.body.string)")
            let alertID = try await server.app.db.sql.raw("SELECT id FROM clinical_alerts").first()!.decode(column: "id", as: UUID.self)
            let detail = try server.decode(ClinicalAlertsController.AlertDetail.self,
                                           try await server.send(.GET, "/api/clinical-alerts/\(alertID.uuidString)", token: world.reporter))
            #expect(detail.overrideReason == "Seen by the hospital social worker (http://hospital.example/override#seen-by-social-work)")
            #expect(detail.overrideComment == "Synthetic: police already informed by phone")
            // the red warning escalates: the report filed after the grace period carries both
            _ = try await Scheduler.run(server.app, now: Date().addingTimeInterval(31 * 60))
            let facts = try await server.app.db.sql.raw("SELECT id, facts FROM statutory_reports").first()
            let reportID = try #require(try facts?.decode(column: "id", as: UUID.self))
            let opened = try server.app.safeguard.cipher.open(try facts!.decode(column: "facts", as: String.self), context: "statutory_reports/\(reportID.uuidString)/facts")
            #expect(opened.contains("Seen by the hospital social worker") && opened.contains("police already informed by phone"))
        }
    }

    @Test func feedbackWithANameGivenTwiceOrNestedTooDeeplyIsRefused() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            let card = try #require(try await world.cards(server).first)
            // act
            let twice = try await server.send(.POST, "/cds-services/\(ReportingWorld.service)/feedback", token: try world.token(), json: """
                {"feedback":[{"card":"\(card.uuid)","outcome":"accepted","outcome":"overridden","outcomeTimestamp":"2026-11-26T10:00:00Z"}]}
                """)
            let deep = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
            let tooDeep = try await server.send(.POST, "/cds-services/\(ReportingWorld.service)/feedback", token: try world.token(), json: deep)
            let tooDeepCall = try await server.send(.POST, "/cds-services/\(ReportingWorld.service)", token: try world.token(), json: deep)
            let deepArray = try await server.send(.POST, "/cds-services/\(ReportingWorld.service)", token: try world.token(),
                                                  json: String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))
            // assert
            #expect(twice.status == .badRequest)
            #expect(twice.problem?.detail?.contains("outcome") == true && twice.problem?.detail?.contains("given twice") == true, "\(twice.body.string)")
            #expect(try await world.count(server, "statutory_reports") == 0, "nothing was applied")
            for response in [tooDeep, tooDeepCall, deepArray] {
                #expect(response.status == .badRequest)
                #expect(response.problem?.detail == "body: nested more than 63 levels deep", "\(response.body.string.prefix(300))")
            }
        }
    }

    @Test func feedbackMayBeSignedForTheFeedbackAddress() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await ReportingWorld.make(server)
            let card = try #require(try await world.cards(server).first)
            let token = try world.signer.token(issuer: world.issuer, audience: "http://localhost:8080/cds-services/\(ReportingWorld.service)/feedback", now: Date())
            // act
            let response = try await server.send(.POST, "/cds-services/\(ReportingWorld.service)/feedback", token: token,
                                                 json: #"{"feedback":[{"card":"\#(card.uuid)","outcome":"accepted","outcomeTimestamp":"2026-11-26T10:00:00Z"}]}"#)
            // assert
            #expect(response.status == .ok, "\(response.body.string)")
            // a hook call signed for the feedback address is still refused
            let feedbackToken = try world.signer.token(issuer: world.issuer, audience: "http://localhost:8080/cds-services/\(ReportingWorld.service)/feedback", now: Date())
            #expect(try await world.invoke(server, token: feedbackToken).status == .unauthorized)
        }
    }
}

@Suite struct CDSCORSTests {
    @Test func browsersMayReadDiscoveryAndRegisteredOriginsMayCall() async throws {
        try await TestServer.run(settings: { $0.cdsOrigins = ["https://smart.synthetic-hospital.example"] }) { server in
            let world = try await ReportingWorld.make(server)
            func send(_ method: HTTPMethod, _ path: String, origin: String, preflight: Bool = false, token: String? = nil, json: String? = nil) async throws -> TestingHTTPResponse {
                var headers: HTTPHeaders = ["Origin": origin]
                if preflight { headers.add(name: .accessControlRequestMethod, value: "POST"); headers.add(name: .accessControlRequestHeaders, value: "authorization, content-type") }
                return try await server.send(method, path, token: token, json: json, headers: headers)
            }
            // discovery: any origin
            let discovery = try await send(.GET, "/cds-services", origin: "https://anywhere.example")
            #expect(discovery.status == .ok && discovery.headers.first(name: .accessControlAllowOrigin) == "*")
            // preflight of a hook call from the registered origin
            let preflight = try await send(.OPTIONS, "/cds-services/\(ReportingWorld.service)", origin: "https://smart.synthetic-hospital.example", preflight: true)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers.first(name: .accessControlAllowOrigin) == "https://smart.synthetic-hospital.example")
            #expect(preflight.headers.first(name: .accessControlAllowHeaders)?.contains("Authorization") == true)
            #expect(preflight.headers.first(name: .accessControlAllowMethods)?.contains("POST") == true)
            // the call itself carries the header
            let call = try await send(.POST, "/cds-services/\(ReportingWorld.service)", origin: "https://smart.synthetic-hospital.example",
                                      token: try world.token(), json: ReportingWorld.call())
            #expect(call.status == .ok && call.headers.first(name: .accessControlAllowOrigin) == "https://smart.synthetic-hospital.example")
            // an origin nobody registered gets no permission
            let stranger = try await send(.OPTIONS, "/cds-services/\(ReportingWorld.service)", origin: "https://evil.example", preflight: true)
            #expect(stranger.status == .forbidden && stranger.headers.first(name: .accessControlAllowOrigin) == nil)
        }
    }
}

@Suite struct ClinicalAlertCorrectnessTests {
    @Test func anOverrideCoversItsFactsAndNewEvidenceFiresAgain() async throws {
        try await TestServer.run { server in
            // setup: a boy of 10 with physical abuse coded; the clinician overrides the orange card
            let world = try await ReportingWorld.make(server)
            let first = [SyntheticFHIR.condition(id: "t1", code: "T74.12XA")]
            let card = try #require(try await world.cards(server, ReportingWorld.call(birthDate: "2016-01-01", observations: [], conditions: first)).first)
            #expect(try await world.feedback(server, card: card.uuid, outcome: "overridden", reason: "not-applicable").status == .ok)
            // act 1: the same facts again: silent
            let again = try await world.cards(server, ReportingWorld.call(birthDate: "2016-01-01", observations: [], conditions: first))
            // act 2: a new, more serious fact: sexual abuse coded
            let worse = first + [SyntheticFHIR.condition(id: "t2", code: "T74.22XA")]
            let fired = try await world.cards(server, ReportingWorld.call(birthDate: "2016-01-01", observations: [], conditions: worse))
            let physical = first + [SyntheticFHIR.condition(id: "t3", code: "T74.12XD", date: "2026-11-19")]
            let newPhysical = try await world.cards(server, ReportingWorld.call(birthDate: "2016-01-01", observations: [], conditions: physical))
            // assert
            #expect(again.isEmpty)
            #expect(!fired.isEmpty)
            #expect(fired.allSatisfy { $0.uuid != card.uuid })
            #expect(newPhysical.contains { $0.uuid != card.uuid }, "a new fact for the same rule fires it again")
        }
    }

    @Test func aWarningForTheClinicianIsNeverReportedByItself() async throws {
        try await TestServer.run { server in
            // setup: a woman of 25 with a delivery recorded when she was 13
            let world = try await ReportingWorld.make(server)
            let old = [SyntheticFHIR.condition(id: "d", code: "O80", date: "2014-06-01")]
            let cards = try await world.cards(server, ReportingWorld.call(birthDate: "2001-01-15", observations: [], conditions: old))
            // assert: an informational card, and nothing reported however long nobody answers
            #expect(cards.map(\.indicator) == ["info"])
            _ = try await Scheduler.run(server.app, now: Date().addingTimeInterval(7 * 24 * 3600))
            #expect(try await world.count(server, "statutory_reports") == 0)
            #expect(try await world.count(server, "clinical_alerts WHERE status = 'informational'") == 1)
        }
    }
}
