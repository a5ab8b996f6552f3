import Foundation
import SafeguardCore
@testable import SafeguardServer
import Testing
import Vapor

@Suite struct StatisticsTests {
    @Test func smallCountsAreHiddenFromAnalystsButNotFromSupervisors() async throws {
        try await TestServer.run { server in
            // setup: 6 voice contacts, 2 by SMS
            for _ in 1...6 { _ = try await server.createContact() }
            for _ in 1...2 { _ = try await server.createContact(TestServer.typicalContact.replacingOccurrences(of: "\"voice\"", with: "\"sms\"")) }
            // act
            let analyst = try server.decode(Statistics.self, try await server.send(.GET, "/api/statistics", as: .analyst))
            let supervisor = try server.decode(Statistics.self, try await server.send(.GET, "/api/statistics", as: .supervisor))
            // assert
            #expect(analyst.contactsByChannel.first { $0.key == "voice" }?.display == "6")
            #expect(analyst.contactsByChannel.first { $0.key == "sms" }?.display == "<5")
            #expect(supervisor.contactsByChannel.first { $0.key == "sms" }?.display == "2")
            #expect(supervisor.contactsByCategory.first { $0.key == "violence" }?.count == 8)
            #expect(supervisor.contactsByMonth.reduce(0) { $0 + $1.count } == 8)
        }
    }

    @Test func theCSVExportIsAlwaysSuppressedAndAudited() async throws {
        try await TestServer.run { server in
            for _ in 1...2 { _ = try await server.createContact() }
            let response = try await server.send(.GET, "/api/statistics.csv", as: .supervisor)
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "csv")
            #expect(response.body.string.contains("contacts_by_channel,voice,<5"))
            let exports = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'export'").first()!.decode(column: "n", as: Int.self)
            #expect(exports == 1)
        }
    }

    @Test func theStatisticsPageDrawsNoBarForAHiddenCount() async throws {
        try await TestServer.run { server in
            _ = try await server.createContact()
            let page = try await server.send(.GET, "/statistics", as: .analyst)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<svg"))
            #expect(page.body.string.contains("width=\"0\""))
            #expect(page.body.string.contains("&lt;5"))
        }
    }
}

@Suite struct InterfaceTests {
    @Test func anUnsupportedMethodIs405WithTheAllowedOnes() async throws {
        try await TestServer.run { server in
            let response = try await server.send(.DELETE, "/api/contacts", as: .counsellor)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers.first(name: .allow) == "GET, HEAD, POST")
            #expect(try await server.send(.GET, "/api/nothing-here", as: .counsellor).status == .notFound)
        }
    }

    @Test func healthAndMetricsAnswer() async throws {
        try await TestServer.run(settings: { $0.metricsToken = "synthetic-metrics-token" }) { server in
            #expect(try await server.send(.GET, "/healthz").status == .ok)
            #expect(try await server.send(.GET, "/readyz").status == .ok)
            _ = try await server.send(.GET, "/api/contacts", as: .counsellor)
            #expect(try await server.send(.GET, "/metrics").status == .unauthorized)
            let metrics = try await server.send(.GET, "/metrics", token: "synthetic-metrics-token")
            #expect(metrics.body.string.contains("safeguard_http_requests_total{method=\"GET\",route=\"/api/contacts\",status=\"200\"}"))
        }
    }

    @Test func theOpenAPIDocumentDescribesEveryAPIRoute() async throws {
        try await TestServer.run { server in
            // act
            let response = try await server.send(.GET, "/openapi.json")
            let document = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            // assert
            #expect(document?["openapi"] as? String == "3.1.0")
            let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
            for route in server.app.routes.all {
                let components = route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }
                guard components.first == "api" || ["healthz", "readyz", "metrics"].contains(components.first ?? "") else { continue }
                let path = "/" + components.joined(separator: "/")
                #expect(paths[path]?[route.method.rawValue.lowercased()] != nil, "\(route.method.rawValue) \(path) is not in openapi.json")
            }
        }
    }

    @Test func bothLanguagesHaveEveryString() {
        #expect(Set(LocaleTables.en.keys) == Set(LocaleTables.zhHans.keys))
        var needed = Taxonomy.categories.map { "category." + $0.code } + Taxonomy.allSubcategoryCodes.map { "category." + $0 }
        needed += ContactChannel.allCases.map { "channel." + $0.rawValue } + ContactType.allCases.map { "contactType." + $0.rawValue }
        needed += CallerType.allCases.map { "callerType." + $0.rawValue } + Urgency.allCases.map { "urgency." + $0.rawValue }
        needed += Sex.allCases.map { "sex." + $0.rawValue } + LivingSituation.allCases.map { "livingSituation." + $0.rawValue }
        needed += ContactAction.allCases.map { "action." + $0.rawValue } + CaseStage.allCases.map { "stage." + $0.rawValue }
        needed += RiskLevel.allCases.map { "risk." + $0.rawValue } + NoteCompartment.allCases.map { "compartment." + $0.rawValue }
        needed += Role.allCases.map { "role." + $0.rawValue } + DocumentType.allCases.map { "documentType." + $0.rawValue }
        needed += AccountsController.OrganisationType.allCases.map { "organisationType." + $0.rawValue }
        needed += LegalSituation.allCases.map { "situation.\($0.rawValue)" } + ReportStatus.allCases.map { "reportStatus." + $0.rawValue }
        needed += ReportEvent.allCases.filter { $0 != .receive }.map { "reportEvent." + $0.rawValue } + ["reportEvent.filed", "reportEvent.escalated", "reportEvent.receive"]
        needed += ["manual", "contact", "case", "clinical_alert"].map { "reportSource." + $0 }
        needed += CasePages.Saved.allCases.map { "case.saved." + $0.rawValue }
        needed += ["open", "overridden_escalating", "overridden", "reported"].map { "alertStatus." + $0 }
        needed += Relationship.allCases.map { "relationship." + $0.rawValue } + IdentityCheck.allCases.map { "identityCheck." + $0.rawValue }
        needed += ClerkObservation.allCases.map { "observation." + $0.rawValue } + ["minor", "co_occupant", "visitor"].map { "guestKind." + $0 }
        needed += ["unrelated_adult", "relationship_not_stated", "family_friend_adult", "implausible_relationship", "alone_without_guardian",
                   "opposite_sex_minors", "late_visitor", "many_visitors", "injured", "intoxicated", "coerced", "frightened", "no_luggage",
                   "cash_only", "booking_name_differs", "no_identity_document", "no_guardian_named"].map { "flag." + $0 }
        needed += Profession.allCases.map { "profession." + $0.rawValue } + ServiceType.allCases.map { "service." + $0.rawValue }
        needed += ReferralConsent.allCases.map { "consent." + $0.rawValue } + SharedSection.allCases.map { "section." + $0.rawValue }
        needed += ReferralStatus.allCases.map { "referralStatus." + $0.rawValue } + ReferralEvent.allCases.map { "referralEvent." + $0.rawValue }
        needed += MatterType.allCases.map { "matterType." + $0.rawValue } + MatterOutcome.allCases.map { "matterOutcome." + $0.rawValue }
        needed += MatterEventKind.allCases.map { "matterEvent." + $0.rawValue }
        needed += ["same_document", "same_name_and_birth_date", "same_name_birth_date_one_field_off", "similar_name_same_birth_date", "same_name"]
            .map { "child.matchReason." + $0 }
        needed += AuditLog.Verb.allCases.map { "auditVerb." + $0.rawValue } + [403, 404, 413, 429, 500].map { "error.status.\($0)" } + NoticeKind.allCases.map { "notice." + $0.rawValue } + CaseStore.eventKinds.map { "caseEvent." + $0 }
        for key in needed { #expect(LocaleTables.en[key] != nil, "missing \(key)") }
    }

    @Test func demoDataFillsAFreshDatabaseAndTheAuditLogVerifies() async throws {
        try await TestServer.run { server in
            // act
            let result = try await DemoData.load(server.app, password: "demo password 1", contacts: 12)
            // assert
            #expect(result.contacts == 12)
            #expect(result.cases > 0)
            let page = try server.decode(ContactPage.self, try await server.send(.GET, "/api/contacts?perPage=100", as: .supervisor))
            #expect(page.items.count == 12)
            #expect(try await AuditLog.verify(key: server.app.safeguard.auditKey, on: server.app.db.sql).firstBreak == nil)
            // The demo school re-checks its roster: the teacher in the registry under her Chinese name goes to review.
            let signIn = try await server.send(.POST, "/api/tokens", json: #"{"username":"officer","password":"demo password 1"}"#)
            let token = try JSONDecoder().decode([String: String].self, from: Data(buffer: signIn.body))["token"] ?? ""
            let recheck = try await server.send(.POST, "/api/vetting/rechecks", token: token)
            #expect(recheck.status == .created, "\(signIn.body.string) \(recheck.body.string)")
            let report = try server.decode(Rechecks.Report.self, recheck)
            await server.app.vettingJobs.wait(.possibleMatches(recheck: report.id))
            let searched = try await server.send(.GET, "/api/vetting/rechecks/\(report.id)", token: token)
            #expect(try server.decode(Rechecks.Report.self, searched).underReview == 1, "\(searched.body.string)")
            // The demo police receiver works in the police unit and sees the demo report.
            let police = try await server.send(.POST, "/api/tokens", json: #"{"username":"police","password":"demo password 1"}"#)
            let policeToken = try JSONDecoder().decode([String: String].self, from: Data(buffer: police.body))["token"] ?? ""
            #expect(try server.decode(ReportsController.Page.self, try await server.send(.GET, "/api/inbox/reports", token: policeToken)).items.count == 1)
            await #expect(throws: (any Error).self) { try await DemoData.load(server.app, password: "demo password 1", contacts: 1) }
        }
    }
}
