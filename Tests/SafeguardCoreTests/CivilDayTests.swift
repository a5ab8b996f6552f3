import Foundation
import SafeguardCore
import Testing

/// `CivilDay` replaces Foundation's `Calendar` for deadlines: it must give the same day every time.
@Suite struct CivilDayTests {
    let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    func text(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    @Test func everyDayAndEveryAdditionIsWhatFoundationsCalendarSays() {
        // setup: 20,000 moments from 1900 to 2200, at any time of day, days added either way and
        // months forward (as deadlines are; Foundation on Linux rolls some months back into the next month)
        var random = SeededRandom(seed: 11643)
        for _ in 0..<20_000 {
            let moment = Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800...7_258_118_400, using: &random)) + Double.random(in: 0..<1, using: &random))
            let days = Int.random(in: -4_000...4_000, using: &random), months = Int.random(in: 0...240, using: &random)
            // act
            let day = CivilDay(moment)
            // assert
            #expect(day.description == text(moment))
            #expect(CivilDay(day.description) == day)
            let start = calendar.startOfDay(for: moment)
            #expect(day.adding(days: days).description == text(calendar.date(byAdding: .day, value: days, to: start)!), "\(day) + \(days) days")
            #expect(day.adding(months: months).description == text(calendar.date(byAdding: .month, value: months, to: start)!), "\(day) + \(months) months")
            #expect(day.daysSince1970 == Int((start.timeIntervalSince1970 / 86_400).rounded()))
        }
    }

    @Test func onlyARealDayWrittenInFullIsRead() {
        for bad in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-4-01", "20260401", "2026-04-01T00:00", "２026-04-01", "2026-04-0a", "", "0000-01-01"] {
            #expect(CivilDay(bad) == nil, "\(bad)")
        }
        #expect(CivilDay("2028-02-29")?.adding(months: 12).description == "2029-02-28")
        // months back, where Foundation on Linux answers 2010-03-01 and 2008-02-28
        #expect(CivilDay("2018-01-31")?.adding(months: -95).description == "2010-02-28")
        #expect(CivilDay("2018-12-29")?.adding(months: -130).description == "2008-02-29")
        #expect(CivilDay("2026-12-31")! < CivilDay("2027-01-01")!)
    }
}
