import Foundation
import SafeguardCore
import Testing

/// The organisation's own deadlines, as the Committee's secretariat derives them from its dates,
/// and a deadline in a calendar feed as a day, not a time.
@Suite struct ReportingCalendarTests {
    func deadlines(_ step: ReportingStep, _ day: String) -> [String] {
        ReportingCalendar.ownDeadlines(after: step, on: CivilDay(day)!).map { "\($0.step.rawValue) \($0.day)" }
    }

    @Test func aCommitteeDateGivesTheDeadlinesTheSecretariatSets() {
        // the published pairs: February, June and October working groups; January, May and September sessions
        #expect(deadlines(.preSession, "2027-02-08") == ["ngo_report 2026-12-01"])
        #expect(deadlines(.preSession, "2027-06-14") == ["ngo_report 2027-04-01"])
        #expect(deadlines(.preSession, "2027-10-04") == ["ngo_report 2027-08-01"])
        #expect(deadlines(.session, "2027-01-11") == ["ngo_additional 2026-12-15"])
        #expect(deadlines(.session, "2027-05-17") == ["ngo_additional 2027-04-15"])
        #expect(deadlines(.session, "2027-09-06") == ["ngo_additional 2027-08-15"])
        #expect(deadlines(.stateReport, "2027-03-01").isEmpty && deadlines(.ngoReport, "2027-03-01").isEmpty)
        #expect(ReportingStep.ngoReport.isOwnDeadline && !ReportingStep.session.isOwnDeadline)
        #expect(ReportingStep.ngoReport.reminderDays > ReportingStep.session.reminderDays)
    }

    @Test func aDeadlineIsADayInEveryTimeZone() {
        // setup
        let day = Date(timeIntervalSince1970: Double(CivilDay("2027-04-01")!.daysSince1970) * 86_400)
        let calendar = ICalendar(name: "x", events: [.init(uid: "a@safeguard", start: day, end: day.addingTimeInterval(3_600), summary: "Due", allDay: true),
                                                     .init(uid: "b@safeguard", start: day, summary: "Meeting")])
        // act
        let text = calendar.render(stamp: day)
        // assert
        #expect(text.contains("DTSTART;VALUE=DATE:20270401\r\n") && !text.contains("DTEND"))
        #expect(text.contains("DTSTART:20270401T000000Z\r\n"))
    }
}
