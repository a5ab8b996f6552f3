import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor

@Suite struct ReportingTests {
    static let report = #"{"situation":4,"facts":"Synthetic facts: several bruises of different ages seen at the school medical room.","childDescription":"Synthetic pupil, 9"#

    func count(_ server: TestServer, _ sql: SQLQueryString) async throws -> Int {
        try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM \(sql)").first()!.decode(column: "n", as: Int.self)
    }

    @Test func aCounsellorsReportRunsFromDraftThroughAQuestionToAcknowledgement() async throws {
        try await TestServer.run { server in
            // setup: police over the NGO's region, a case
            let (police, receiver) = try await ReportingWorld.addAuthority(server, besides: server.organisationID)
            let caseID = try await server.openCase(from: try await server.createContact())
            // act: the counsellor files a draft from the case
            let filed = try await server.send(.POST, "/api/reports", as: .counsellor, json: Self.report + #"","caseID":"\#(caseID.uuidString)"}"#)
            #expect(filed.status == .created, "\(filed.body.string)")
            let created = try server.decode(ReportStore.CreatedReport.self, filed)
            #expect(created.recipients.map(\.id) == [police])
            // assert: a draft is the reporter's side only
            #expect(try await server.send(.GET, "/api/inbox/reports/\(created.id)", token: receiver).status == .notFound)
            #expect(try await server.send(.GET, "/api/reports/\(created.id)", as: .supervisor).status == .ok)
            let (_, stranger) = try await server.otherOrganisation()
            #expect(try await server.send(.GET, "/api/reports/\(created.id)", token: stranger).status == .notFound)

            // act: submit; the authority asks a question; the counsellor answers; the authority acknowledges and closes
            #expect(try await server.send(.POST, "/api/reports/\(created.id)/submit", as: .counsellor).status == .noContent)
            #expect(try await server.send(.POST, "/api/inbox/reports/\(created.id)/request-information", token: receiver,
                                          json: #"{"question":"Synthetic question: which school?"}"#).status == .noContent)
            let asked = try server.decode(ReportDetail.self, try await server.send(.GET, "/api/reports/\(created.id)", as: .counsellor))
            #expect(asked.summary.status == "information_requested" && asked.actions == ["answer"])
            #expect(asked.events.contains { $0.kind == "request_information" && $0.detail == "Synthetic question: which school?" })
            #expect(try await server.send(.POST, "/api/reports/\(created.id)/answer", as: .counsellor,
                                          json: #"{"answer":"Synthetic answer: the middle school."}"#).status == .noContent)
            #expect(try await server.send(.POST, "/api/inbox/reports/\(created.id)/acknowledge", token: receiver,
                                          json: #"{"authorityReference":"PSB-1"}"#).status == .noContent)
            #expect(try await server.send(.POST, "/api/inbox/reports/\(created.id)/close", token: receiver).status == .noContent)
            // assert
            let done = try server.decode(ReportDetail.self, try await server.send(.GET, "/api/reports/\(created.id)", as: .counsellor))
            #expect(done.summary.status == "closed" && done.summary.authorityReference == "PSB-1")
            #expect(done.events.map(\.kind) == ["filed", "submit", "request_information", "answer", "acknowledge", "close"])
            let caseDetail = try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(caseID)", as: .counsellor))
            #expect(caseDetail.timeline.contains { $0.kind == "statutory_report" && $0.detail == created.reference })
            let notices = try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", as: .counsellor))
            #expect(Set(notices.map(\.kind)) == ["report.request_information", "report.acknowledge", "report.close"])
        }
    }

    @Test func badReportsAreRefusedByFieldAndNothingIsWritten() async throws {
        try await TestServer.run { server in
            // setup
            let (_, receiver) = try await ReportingWorld.addAuthority(server, besides: server.organisationID)
            let (education, _) = try await ReportingWorld.addAuthority(server, besides: server.organisationID, type: "education_bureau", name: "Synthetic Education Bureau")
            // act / assert
            let empty = try await server.send(.POST, "/api/reports", as: .counsellor, json: #"{"facts":"short"}"#)
            #expect(empty.status == .unprocessableEntity)
            #expect(Set(empty.problem?.errors?.map(\.field) ?? []) == ["situation", "facts"])
            let hiddenCase = try await server.send(.POST, "/api/reports", as: .counsellor, json: Self.report + #"","caseID":"\#(UUID().uuidString)"}"#)
            #expect(hiddenCase.problem?.errors?.first?.field == "caseID")
            let withoutPolice = try await server.send(.POST, "/api/reports", as: .counsellor,
                                                      json: Self.report + #"","recipientIDs":["\#(education.uuidString)"]}"#)
            #expect(withoutPolice.status == .unprocessableEntity)
            #expect(withoutPolice.problem?.detail?.contains("public security") == true)
            #expect(try await count(server, "statutory_reports") == 0)

            let created = try server.decode(ReportStore.CreatedReport.self,
                                            try await server.send(.POST, "/api/reports", as: .counsellor, json: Self.report + #"","submit":true}"#))
            #expect(created.recipients.count == 2)
            let noReference = try await server.send(.POST, "/api/inbox/reports/\(created.id)/acknowledge", token: receiver, json: #"{"authorityReference":" "}"#)
            #expect(noReference.problem?.errors?.first?.field == "authorityReference")
            #expect(try await server.send(.POST, "/api/reports/\(created.id)/submit", as: .counsellor).status == .conflict)
            // Another counsellor of the organisation sees only their own reports.
            #expect(try await server.send(.GET, "/api/reports/\(created.id)", as: .caseWorker).status == .notFound)
            #expect(try await count(server, "report_events") == 2)
        }
    }

    @Test func aForgottenDraftIsSubmittedAtItsDeadlineAndALateAcknowledgementEscalates() async throws {
        try await TestServer.run { server in
            // setup: a red draft (deadline one hour) and an orange report already submitted
            let (_, receiver) = try await ReportingWorld.addAuthority(server, besides: server.organisationID)
            let red = try server.decode(ReportStore.CreatedReport.self, try await server.send(.POST, "/api/reports", as: .counsellor,
                json: #"{"situation":2,"facts":"Synthetic facts: disclosure during a call, recorded for the test."}"#))
            let orange = try server.decode(ReportStore.CreatedReport.self, try await server.send(.POST, "/api/reports", as: .counsellor,
                json: Self.report + #"","submit":true}"#))
            // act / assert: nothing before the deadline
            #expect(try await Scheduler.run(server.app, now: Date().addingTimeInterval(30 * 60)).nothingDone)
            // act: after one hour the draft goes by itself
            let hour = try await Scheduler.run(server.app, now: Date().addingTimeInterval(61 * 60))
            #expect(hour[ReportingSchedule.submitOverdueDrafts] == 1 && hour[ReportingSchedule.escalateUnacknowledged] == 0)
            let auto = try server.decode(ReportDetail.self, try await server.send(.GET, "/api/inbox/reports/\(red.id)", token: receiver))
            #expect(auto.summary.autoSubmitted && auto.summary.escalated)
            #expect(auto.events.contains { $0.kind == "auto_submit" && $0.actorName == nil })
            let supervisorNotices = try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", as: .supervisor))
            #expect(supervisorNotices.contains { $0.kind == "report.auto_submit" && $0.recordID == red.id })
            // act: a day later nobody acknowledged the orange report
            let day = try await Scheduler.run(server.app, now: Date().addingTimeInterval(25 * 3600))
            #expect(day[ReportingSchedule.escalateUnacknowledged] == 1)
            #expect(try await Scheduler.run(server.app, now: Date().addingTimeInterval(26 * 3600))[ReportingSchedule.escalateUnacknowledged] == 0)
            let escalated = try server.decode(ReportDetail.self, try await server.send(.GET, "/api/reports/\(orange.id)", as: .counsellor))
            #expect(escalated.summary.escalated && escalated.events.last?.kind == "escalated")
            #expect(try await count(server, "audit_entries WHERE actor_id = 'system:deadline-sweeper'") >= 2)
        }
    }

    @Test func theAuthorityReceiverWorksInTheBrowser() async throws {
        try await TestServer.run { server in
            // setup: a hospital, its police, a report from the designated reporter's form
            let world = try await ReportingWorld.make(server)
            var reporter = Browser(server: server)
            _ = try await reporter.signIn(world.reporterUsername)
            let form = try await reporter.request(.GET, "/reports/new")
            #expect(form.body.string.contains("Synthetic City Public Security Bureau"))
            // facts too short to act on: the form comes back as typed, the problem named by its label
            let refused = try await reporter.request(.POST, "/reports", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("situation", "2"), ("facts", "Bruises."),
                ("childDescription", "Synthetic girl, about 9"), ("recipientIDs[]", world.police.uuidString), ("submit", "true")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(">Bruises.</textarea>") && refused.body.string.contains(">Synthetic girl, about 9</textarea>"))
            #expect(refused.body.string.contains("<a href=\"#facts\">") && refused.body.string.contains("<option value=\"2\" selected>"))
            let filed = try await reporter.request(.POST, "/reports", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("situation", "2"), ("facts", "Synthetic facts from the hospital form."),
                ("recipientIDs[]", world.police.uuidString), ("submit", "true")])
            #expect(filed.status == .seeOther, "\(filed.body.string)")
            // act: the receiver signs in, opens the inbox and acknowledges
            var receiver = Browser(server: server)
            _ = try await receiver.signIn(world.receiverUsername)
            let inbox = try await receiver.request(.GET, "/inbox")
            #expect(inbox.status == .ok)
            let html = inbox.body.string
            let link = try #require(html.range(of: "href=\"/inbox/").map { String(html[$0.upperBound...].prefix(36)) })
            let page = try await receiver.request(.GET, "/inbox/\(link)")
            #expect(page.body.string.contains("Synthetic facts from the hospital form."))
            let acknowledged = try await receiver.request(.POST, "/inbox/\(link)/acknowledge", form: [
                ("_csrf", Browser.csrf(in: page) ?? ""), ("authorityReference", "PSB-WEB-7")])
            #expect(acknowledged.status == .seeOther)
            // assert: the reporter's page shows it
            let seen = try await reporter.request(.GET, "/reports/\(link)")
            #expect(seen.body.string.contains("PSB-WEB-7") && seen.body.string.contains("Acknowledged"))
        }
    }
}

@Suite struct SeveralSweepersTests {
    /// Two nodes sweep at once: every overdue warning is reported exactly once.
    @Test(.enabled(if: TestServer.onPostgres)) func twoNodesNeverReportTheSameWarningTwice() async throws {
        try await TestServer.run { server in
            // setup: 12 unanswered warnings for 12 patients
            let world = try await ReportingWorld.make(server)
            for index in 0..<12 { _ = try await world.cards(server, ReportingWorld.call(patientID: "synthetic-\(index)")) }
            let second = try await Application.make(.testing)
            do {
                try await configure(second, settings: server.settings)
                // act
                let later = Date().addingTimeInterval(3600)
                async let first = Scheduler.run(server.app, now: later)
                async let other = Scheduler.run(second, now: later)
                let results = try await [first, other]
                // assert
                #expect(results.map { $0[ClinicalSchedule.reportUnanswered] }.reduce(0, +) == 12)
                #expect(try await world.count(server, "statutory_reports") == 12)
                #expect(try await AuditLog.verify(key: server.app.safeguard.auditKey, on: server.app.db.sql).firstBreak == nil)
            } catch {
                try await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }
}

@Suite struct ClinicalPagesTests {
    @Test func theDesignatedReporterFilesAWarningFromItsPageAndTheAdministratorRegistersASystem() async throws {
        try await TestServer.run { server in
            // setup: a warning nobody answered yet
            let world = try await ReportingWorld.make(server)
            let card = try #require(try await world.cards(server).first)
            var reporter = Browser(server: server)
            _ = try await reporter.signIn(world.reporterUsername)
            // act: the hospital's dashboard leads with the open warning and the time left before it is reported
            let dashboard = try await reporter.request(.GET, "/").body.string
            // assert
            #expect(dashboard.contains("id=\"alerts\"") && dashboard.contains("/clinical-alerts/\(card.uuid)"), "\(dashboard)")
            #expect(dashboard.range(of: "min left before the automatic report") != nil)
            #expect(!dashboard.contains("id=\"cases\"") && !dashboard.contains("id=\"contacts\""), "a hospital has no cases or contacts here")
            // act: the list, then the pre-filled form the card links to
            let list = try await reporter.request(.GET, "/clinical-alerts")
            #expect(list.body.string.contains("/clinical-alerts/\(card.uuid)"))
            let page = try await reporter.request(.GET, "/clinical-alerts/\(card.uuid)")
            #expect(page.body.string.contains("Observation/preg") && page.body.string.contains("Age 13"))
            let filed = try await reporter.request(.POST, "/clinical-alerts/\(card.uuid)/report", form: [("_csrf", Browser.csrf(in: page) ?? "")])
            // assert
            #expect(filed.status == .seeOther)
            #expect(try await world.count(server, "statutory_reports WHERE status = 'submitted' AND reporter_id IS NOT NULL") == 1)
            let after = try await reporter.request(.GET, "/clinical-alerts/\(card.uuid)")
            #expect(after.body.string.contains("See the report") && !after.body.string.contains("File the report now"))

            // act: the administrator registers a second record system by pasting its key set
            var admin = Browser(server: server)
            _ = try await admin.signIn("test-administrator")
            let clients = try await admin.request(.GET, "/admin/cds-clients")
            #expect(clients.body.string.contains(world.issuer))
            let jwks = String(decoding: try JSONEncoder().encode(JWKSet(keys: [try ClientJWTSigner(.es384(.init()), keyID: "k2").publicJWK()])), as: UTF8.self)
            let bad = try await admin.request(.POST, "/admin/cds-clients", form: [("_csrf", Browser.csrf(in: clients) ?? ""),
                ("organisationID", world.hospital.uuidString), ("issuer", "https://second.example"), ("jwks", "{not json")])
            // the pasted text and the issuer come back, the problem linked to the key set's field
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("<a href=\"#jwks\">"))
            #expect(bad.body.string.contains("{not json</textarea>") && bad.body.string.contains("value=\"https://second.example\""))
            let good = try await admin.request(.POST, "/admin/cds-clients", form: [("_csrf", Browser.csrf(in: clients) ?? ""),
                ("organisationID", world.hospital.uuidString), ("issuer", "https://second.example"), ("jwks", jwks)])
            #expect(good.status == .seeOther)
            #expect(try await world.count(server, "cds_clients") == 2)
        }
    }
}
