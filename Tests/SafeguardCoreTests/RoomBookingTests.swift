import SafeguardCore
import Testing

/// A booking's own rules, before any other booking is looked at: hours, capacity, closures, the past.
@Suite struct RoomBookingTests {
    let classroom = RoomBooking.Room(capacity: 25, hours: OpeningHours(days: [.monday, .tuesday, .wednesday, .thursday, .friday],
                                                                        opens: ClockTime("08:00")!, closes: ClockTime("18:00")!),
                                     closedDays: [CivilDay("2026-12-25")!])
    let today = CivilDay("2026-12-07")!

    func request(_ first: String, _ starts: String = "09:00", _ ends: String = "11:00", people: Int = 20, rule: String? = nil,
                 except: [String] = []) -> RoomBooking.Request {
        RoomBooking.Request(firstDay: CivilDay(first)!, starts: ClockTime(starts)!, ends: ClockTime(ends)!, people: people,
                            rule: rule.map { try! RecurrenceRule.parse($0).get() }, exceptions: Set(except.map { CivilDay($0)! }))
    }

    @Test func clockTimesAreReadAsAFormSendsThem() {
        #expect(ClockTime("09:30")?.minutes == 570)
        #expect(ClockTime("09:30:00")?.minutes == 570)
        #expect(ClockTime("24:00")?.minutes == 1440)
        #expect(ClockTime("07:05")?.description == "07:05")
        for bad in ["9:30", "24:01", "12:60", "ab:cd", "", "09:30:15", "-1:00"] { #expect(ClockTime(bad) == nil, "\(bad)") }
    }

    @Test func aWeeklySeriesTakesTheRoomOnEachOfItsDays() throws {
        // act
        let days = try RoomBooking.days(request("2026-12-08", rule: "FREQ=WEEKLY;COUNT=3"), in: classroom, today: today, nowMinute: 600).get()
        // assert
        #expect(days.map(\.description) == ["2026-12-08", "2026-12-15", "2026-12-22"])
    }

    @Test func everyProblemIsNamedAtItsField() {
        // setup: over capacity, outside the hours, started already, and a Christmas and a Saturday in the series
        let bad = request("2026-12-07", "07:00", "09:00", people: 30, rule: "FREQ=DAILY;UNTIL=20261226")
        // act
        guard case .failure(let refusal) = RoomBooking.days(bad, in: classroom, today: today, nowMinute: 600) else { Issue.record("accepted"); return }
        // assert
        let problems = refusal.problems
        #expect(problems.map(\.field) == ["ends", "people", "firstDay", "exceptions"])
        #expect(problems.contains(.overCapacity(25)))
        let closed = ["2026-12-12", "2026-12-13", "2026-12-19", "2026-12-20", "2026-12-25", "2026-12-26"].map { CivilDay($0)! }
        #expect(problems.last == .closed(closed))
        #expect(problems.last?.description == "the room is closed on 2026-12-12 and 5 more days of the series: leave them out")
    }

    @Test func leftOutDaysAreNotBookedAndAllLeftOutIsRefused() throws {
        let days = try RoomBooking.days(request("2026-12-21", rule: "FREQ=DAILY;COUNT=5", except: ["2026-12-25"]), in: classroom, today: today, nowMinute: 0).get()
        #expect(days.map(\.description) == ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24"])
        #expect(RoomBooking.days(request("2026-12-21", except: ["2026-12-21"]), in: classroom, today: today, nowMinute: 0) == .failure(.init([.nothingLeft])))
    }

    @Test func theEndOfTheRuleAndTheTimesAreChecked() {
        #expect(RoomBooking.days(request("2026-12-08", "10:00", "10:00"), in: classroom, today: today, nowMinute: 0) == .failure(.init([.endsNotAfterStart])))
        #expect(RoomBooking.days(request("2026-12-08", people: 0), in: classroom, today: today, nowMinute: 0) == .failure(.init([.tooFewPeople])))
        // today, but at a time already gone
        #expect(RoomBooking.days(request("2026-12-07", "09:00"), in: classroom, today: today, nowMinute: 9 * 60) == .failure(.init([.inThePast])))
        #expect(RoomBooking.days(request("2029-12-10"), in: classroom, today: today, nowMinute: 0) == .failure(.init([.tooFarAhead])))
        #expect(RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=2TU;BYMONTHDAY=8;COUNT=4") == .failure(.unsupported("BYDAY together with BYMONTHDAY")))
        let forever = RoomBooking.days(request("2026-12-08", rule: "FREQ=WEEKLY;UNTIL=20301231"), in: classroom, today: today, nowMinute: 0)
        #expect(forever == .failure(.init([.rule(.tooLong)])))
    }
}
