import Foundation
import SafeguardCore
import Testing

/// Repeating room bookings: the days a rule gives are those an independent RFC 5545
/// implementation (python-dateutil) gives, and a rule that would hold a room forever is refused.
@Suite struct RecurrenceRuleTests {
    @Test func everyRuleExpandsToTheDaysDateutilGives() throws {
        var checked = 0
        for line in RecurrenceFixtures.cases.split(separator: "\n") {
            // setup
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            let start = try #require(CivilDay(parts[1]))
            let expected = parts[2].split(separator: ",").map { start.adding(days: Int($0)!) }
            // act
            let days = try RecurrenceRule.parse(String(parts[0])).get().days(from: start).get()
            // assert
            #expect(days == expected, "\(parts[0]) from \(start)")
            checked += 1
        }
        #expect(checked == 300)
    }

    @Test func aWeeklySeriesLessItsExceptionsCountsTheExceptionsAsOccurrences() throws {
        let rule = try RecurrenceRule.parse("RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4").get()
        let start = try #require(CivilDay("2026-12-07"))
        #expect(try rule.days(from: start).get().map(\.description) == ["2026-12-07", "2026-12-09", "2026-12-14", "2026-12-16"])
        #expect(try rule.days(from: start, except: [CivilDay("2026-12-09")!]).get().map(\.description) == ["2026-12-07", "2026-12-14", "2026-12-16"])
        // the last Friday of each month, and the 31st only where a month has one
        #expect(try RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3").get().days(from: CivilDay("2026-12-25")!).get().map(\.description)
                == ["2026-12-25", "2027-01-29", "2027-02-26"])
        #expect(try RecurrenceRule.parse("FREQ=MONTHLY;UNTIL=20270531").get().days(from: CivilDay("2027-01-31")!).get().map(\.description)
                == ["2027-01-31", "2027-03-31", "2027-05-31"])
    }

    @Test func aRuleThatCannotBeKeptIsRefusedByName() throws {
        let start = CivilDay("2026-12-07")!
        let refused: [(String, RecurrenceRule.Problem)] = [
            ("FREQ=WEEKLY", .noEnd), ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", .countAndUntil), ("FREQ=YEARLY;COUNT=2", .unsupported("FREQ=YEARLY")),
            ("FREQ=HOURLY;COUNT=2", .unsupported("FREQ=HOURLY")), ("FREQ=DAILY;BYHOUR=9;COUNT=2", .unsupported("BYHOUR")),
            ("FREQ=DAILY;INTERVAL=0;COUNT=2", .outOfRange("INTERVAL")), ("FREQ=DAILY;COUNT=99999999999999999999", .outOfRange("COUNT")),
            ("FREQ=WEEKLY;BYDAY=XX;COUNT=2", .malformed("BYDAY")), ("FREQ=MONTHLY;BYDAY=9MO;COUNT=2", .outOfRange("BYDAY")),
            ("COUNT=2", .malformed("FREQ (it is missing)")), ("FREQ=DAILY;FREQ=DAILY;COUNT=2", .malformed("FREQ given twice")),
            ("FREQ=DAILY;UNTIL=2027", .malformed("UNTIL")), ("", .malformed("its length")),
        ]
        for (text, problem) in refused { #expect(RecurrenceRule.parse(text) == .failure(problem), "\(text)") }
        #expect(try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20261201").get().days(from: start) == .failure(.untilBeforeStart))
        #expect(try RecurrenceRule.parse("FREQ=WEEKLY;UNTIL=20300101").get().days(from: start) == .failure(.tooLong))
        #expect(try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20281101").get().days(from: start) == .failure(.tooMany))
        // a count the two years cannot hold
        #expect(try RecurrenceRule.parse("FREQ=MONTHLY;INTERVAL=12;COUNT=5").get().days(from: start) == .failure(.tooLong))
    }

    @Test func spansOverlapOnlyWhenOneStartsBeforeTheOtherEnds() {
        typealias S = BookingConflicts.Span
        let existing = [S(start: 100, end: 200), S(start: 0, end: 1_000), S(start: 300, end: 400)]
        // back to back is allowed; one inside a long booking conflicts with it
        let found = BookingConflicts.find([S(start: 200, end: 300), S(start: 1_000, end: 1_100), S(start: 350, end: 360)], against: existing)
        #expect(found.map(\.new) == [0, 2])
        #expect(BookingConflicts.find([S(start: 200, end: 300)], against: [S(start: 100, end: 200), S(start: 300, end: 400)]).isEmpty)
        // against a brute-force check, on random spans
        var random = SeededRandom(seed: 5545)
        for _ in 0..<200 {
            let spans = (0..<40).map { _ in Int64.random(in: 0..<10_000, using: &random) }.map { S(start: $0, end: $0 + Int64.random(in: 1..<500, using: &random)) }
            let new = Array(spans.prefix(10)), old = Array(spans.dropFirst(10))
            let brute = new.indices.filter { n in old.contains { new[n].start < $0.end && $0.start < new[n].end } }
            #expect(BookingConflicts.find(new, against: old).map(\.new) == brute)
        }
    }

    @Test func anUntilWithATimeIsReadWithItsTime() throws {
        #expect(try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270105T083000Z").get().untilTime == .init(hour: 8, minute: 30, second: 0, utc: true))
        #expect(try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270105T170000").get().untilTime == .init(hour: 17, minute: 0, second: 0, utc: false))
        #expect(try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270105").get().untilTime == nil)
        for bad in ["20270105T2500Z", "20270105T250000Z", "20270105T083000ZZ", "20270105X083000", "20270105T08300a"] {
            #expect(RecurrenceRule.parse("FREQ=DAILY;UNTIL=" + bad) == .failure(.malformed("UNTIL")), "\(bad)")
        }
    }
}
