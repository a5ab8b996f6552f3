import Foundation
import SafeguardCore
import Testing

@Suite struct LocalTimeTests {
    let beijing = TimeZone(identifier: "Asia/Shanghai")!
    let utc = TimeZone(identifier: "UTC")!

    @Test func aHearingAtHalfPastNineInBeijingReadsHalfPastNineThere() {
        // setup: 01:30 UTC
        let hearing = DateTime.parse("2026-12-20T01:30:00Z")!

        // act, assert
        #expect(LocalTime.label(hearing, in: beijing) == "2026-12-20 09:30 UTC+8")
        #expect(LocalTime.label(hearing, in: utc) == "2026-12-20 01:30 UTC")
        #expect(LocalTime.label(hearing, in: TimeZone(identifier: "Asia/Kathmandu")!) == "2026-12-20 07:15 UTC+5:45")
        #expect(LocalTime.label(hearing, in: TimeZone(identifier: "America/St_Johns")!) == "2026-12-19 22:00 UTC-3:30")
        #expect(LocalTime.inputValue(hearing, in: beijing) == "2026-12-20T09:30")
    }

    @Test func aTimeTypedWithoutAZoneIsReadInTheReadersZone() {
        #expect(LocalTime.parse("2026-12-20T09:30", in: beijing) == DateTime.parse("2026-12-20T01:30:00Z"))
        #expect(LocalTime.parse("2026-12-20 09:30", in: beijing) == DateTime.parse("2026-12-20T01:30:00Z"))
        #expect(LocalTime.parse("2026-12-20T09:30:15", in: utc) == DateTime.parse("2026-12-20T09:30:15Z"))
        // a zone typed with the time wins over the reader's
        #expect(LocalTime.parse("2026-12-20T09:30:00+08:00", in: utc) == DateTime.parse("2026-12-20T01:30:00Z"))
    }

    @Test func nonsenseAndSkippedTimesAreRefused() {
        for text in ["", "2026-12-20", "09:30", "2026-12-20T25:00", "2026-12-20T09:60", "2026-02-30T09:30", "2026-12-20T9", "tomorrow 9am",
                     "2026-12-20T09:30:00:00"] {
            #expect(LocalTime.parse(text, in: beijing) == nil, "\(text)")
        }
        // 02:30 on the morning clocks spring forward in New York does not exist
        #expect(LocalTime.parse("2026-03-08T02:30", in: TimeZone(identifier: "America/New_York")!) == nil)
        #expect(LocalTime.parse("2026-03-08T03:30", in: TimeZone(identifier: "America/New_York")!) != nil)
    }

    @Test func onlyZonesFoundationKnowsMayBeChosen() {
        #expect(LocalTime.isKnownZone("Asia/Shanghai") && LocalTime.isKnownZone("Asia/Ulaanbaatar") && LocalTime.isKnownZone("UTC"))
        #expect(!LocalTime.isKnownZone("Asia/Beijing") && !LocalTime.isKnownZone("asia/shanghai") && !LocalTime.isKnownZone(""))
    }
}
