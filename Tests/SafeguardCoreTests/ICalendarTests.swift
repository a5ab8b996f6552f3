import Foundation
import Testing
@testable import SafeguardCore

@Suite struct ICalendarTests {
    @Test func eventsAreEscapedFoldedAndInUTC() {
        // setup
        let start = ISO8601DateFormatter().date(from: "2026-12-03T01:30:00Z")!
        let calendar = ICalendar(name: "Synthetic calendar", events: [
            .init(uid: "h1@safeguard", start: start, summary: "Hearing; case SG-2026-ABC, room 3",
                  location: "Synthetic District Court\nCourtroom 3", description: String(repeating: "法", count: 40)),
        ])
        // act
        let text = calendar.render(stamp: start)
        // assert
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(text.contains("DTSTART:20261203T013000Z\r\n"))
        #expect(text.contains("SUMMARY:Hearing\\; case SG-2026-ABC\\, room 3\r\n"))
        #expect(text.contains("LOCATION:Synthetic District Court\\nCourtroom 3\r\n"))
        // Every physical line is at most 75 octets, and folds never split a character.
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("DESCRIPTION:" + String(repeating: "法", count: 40) + "\r\n"))
    }

    @Test func aChangedOrCancelledEventCarriesItsSequenceAndStatus() {
        // setup
        let start = ISO8601DateFormatter().date(from: "2026-12-08T01:00:00Z")!
        let event = ICalendar.Event(uid: "o1@safeguard", start: start, end: start.addingTimeInterval(7200), summary: "Synthetic seminar",
                                    sequence: 2, status: .cancelled)
        // act
        let text = ICalendar(name: "Classroom", events: [event]).render(stamp: start)
        // assert
        #expect(text.contains("DTEND:20261208T030000Z\r\nSUMMARY:Synthetic seminar\r\nSEQUENCE:2\r\nSTATUS:CANCELLED\r\nEND:VEVENT"))
        #expect(!ICalendar(name: "Classroom", events: [.init(uid: "o2", start: start, summary: "x")]).render(stamp: start).contains("STATUS"))
    }

    @Test func aLetterWithThousandsOfMarksStillFoldsAndControlCharactersAreLeftOut() {
        // setup: one character of 20,001 scalars, and a title typed with a NUL and a vertical tab
        let start = ISO8601DateFormatter().date(from: "2026-12-08T01:00:00Z")!
        let heavy = "a" + String(repeating: "\u{0301}", count: 20_000)
        // act
        let text = ICalendar(name: "Classroom", events: [.init(uid: "o1", start: start, summary: heavy), .init(uid: "o2", start: start, summary: "tab\there\u{0B}vt\u{0}nul")])
            .render(stamp: start)
        // assert
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        #expect(text.contains("SUMMARY:tab\there" + "vtnul\r\n"))
        // unfolded byte for byte: the folds fall among the marks, where text comparison would see other characters
        let unfolded = Data(text.replacingOccurrences(of: "\r\n ", with: "", options: .literal).utf8)
        #expect(unfolded.range(of: Data(("SUMMARY:" + heavy + "\r\n").utf8)) != nil)
    }
}
