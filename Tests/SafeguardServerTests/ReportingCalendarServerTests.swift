import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The reporting calendar: a Committee date adds the organisation's own deadlines, the sweeper
/// reminds the monitoring officers once, and each step is a day in their calendar feed.
@Suite struct ReportingCalendarServerTests {
    @Test func aCommitteeDateAddsOurDeadlinesWhichAreRemindedOnceAndShownInTheFeed() async throws {
        try await TestServer.run { server in
            // act: a pre-sessional working group with our deadline, a session without
            let added = try await server.send(.POST, "/api/monitoring/calendar", as: .monitoringOfficer,
                                              json: #"{"country":"chn","mechanism":"crc","step":"pre_session","dueOn":"2027-02-08","note":"Synthetic: CHN 5-6","addOwnDeadlines":true}"#)
            let session = try await server.send(.POST, "/api/monitoring/calendar", as: .monitoringOfficer,
                                                json: #"{"country":"CHN","mechanism":"crc","step":"session","dueOn":"2027-05-17"}"#)

            // assert
            #expect(added.status == .created && session.status == .created, "\(added.body.string)")
            #expect(try server.decode(ReportingSteps.Created.self, added).ids.count == 2)
            let steps = try server.decode([ReportingSteps.Step].self, try await server.send(.GET, "/api/monitoring/calendar", as: .analyst))
            #expect(steps.map { "\($0.dueOn) \($0.step) \($0.ownDeadline)" } == ["2026-12-01 ngo_report true", "2027-02-08 pre_session false", "2027-05-17 session false"])

            // act: sweeps a month before our deadline, then again
            let early = try await Scheduler.run(server.app, now: ISO8601DateFormatter().date(from: "2026-10-20T08:00:00Z")!)
            let first = try await Scheduler.run(server.app, now: ISO8601DateFormatter().date(from: "2026-11-05T08:00:00Z")!)
            let again = try await Scheduler.run(server.app, now: ISO8601DateFormatter().date(from: "2026-11-06T08:00:00Z")!)

            // assert: thirty days ahead, once, to the monitoring officer
            #expect(early[UNMonitoringSchedule.remindSteps] == 0 && first[UNMonitoringSchedule.remindSteps] == 1 && again[UNMonitoringSchedule.remindSteps] == 0)
            let notices = try await server.app.db.sql.raw("SELECT kind, user_id FROM notifications WHERE kind = 'monitoring.step_due'").all()
            #expect(notices.count == 1)

            // act: the session is cancelled, the working group done; a done day in the future is refused
            let cancelled = try await server.send(.POST, "/api/monitoring/calendar/\(steps[2].id)", as: .monitoringOfficer, json: #"{"cancelled":true}"#)
            let future = try await server.send(.POST, "/api/monitoring/calendar/\(steps[1].id)", as: .monitoringOfficer, json: #"{"doneOn":"2999-01-01"}"#)
            let empty = try await server.send(.POST, "/api/monitoring/calendar/\(steps[2].id)", as: .monitoringOfficer, json: "{}")
            #expect(cancelled.status == .ok && future.status == .unprocessableEntity && future.body.string.contains("is in the future"))
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("or that it is cancelled"), "an empty change reopens nothing")

            // assert: the feed holds each step as a day, the cancelled one marked so; a counsellor's holds none
            let address = try server.decode(CalendarFeed.Address.self, try await server.send(.POST, "/api/me/calendar-feed", as: .monitoringOfficer))
            let feed = try await server.send(.GET, String(address.url.dropFirst("http://localhost:8080".count)))
            #expect(feed.status == .ok)
            let text = feed.body.string
            #expect(text.contains("DTSTART;VALUE=DATE:20261201") && text.contains("DTSTART;VALUE=DATE:20270517") && text.contains("STATUS:CANCELLED"))
            #expect(text.contains("Our alternative report due: CHN"))
            let counsellor = try server.decode(CalendarFeed.Address.self, try await server.send(.POST, "/api/me/calendar-feed", as: .counsellor))
            let counsellorFeed = try await server.send(.GET, String(counsellor.url.dropFirst("http://localhost:8080".count)))
            #expect(counsellorFeed.status == .ok && !counsellorFeed.body.string.contains("VALUE=DATE"))

            // bad input, named; nothing written
            for (json, message) in [(#"{"country":"CHN","mechanism":"crc","step":"dinner","dueOn":"2027-01-01"}"#, "unknown value"),
                                    (#"{"country":"CHN","mechanism":"crc","step":"session","dueOn":"2027-02-30"}"#, "YYYY-MM-DD"),
                                    (#"{"country":"CN","mechanism":"crc","step":"session","dueOn":"2027-02-01"}"#, "three-letter"),
                                    (#"{"country":"CHN","mechanism":"crc","step":"session","dueOn":"9999-02-01"}"#, "fifteen years")] {
                let refused = try await server.send(.POST, "/api/monitoring/calendar", as: .monitoringOfficer, json: json)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(json): \(refused.body.string)")
            }
            let count = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM un_reporting_steps").first()!.decode(column: "n", as: Int.self)
            #expect(count == 3)

            // the page: the steps in order with one-press actions, a typo named beside its field
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-monitoring_officer")
            let page = try await browser.request(.GET, "/monitoring/calendar")
            #expect(page.status == .ok && page.body.string.contains("id=\"step-\(steps[0].id.uuidString)\"") && page.body.string.contains("Our alternative report due"))
            let typo = try await browser.request(.POST, "/monitoring/calendar", form: [("_csrf", Browser.csrf(in: page) ?? ""), ("country", "CHN"), ("mechanism", "crc"), ("step", ""), ("dueOn", "2027-13-01")])
            #expect(typo.status == .unprocessableEntity && typo.body.string.contains("href=\"#t-step\"") && typo.body.string.contains("href=\"#t-day\""))
            #expect(try await browser.deadLinks(on: page).isEmpty)
        }
    }
}
