import Foundation

/// Times as a person reads and types them: in their own time zone. Everything is stored in UTC;
/// only pages convert, so a 09:30 hearing in Beijing reads 09:30, not 01:30 UTC.
public enum LocalTime {
    public static let utc = TimeZone(identifier: "UTC")!

    /// `2026-12-20 09:30 UTC+8`: the zone always named, so a time is never ambiguous when read
    /// aloud or copied into a report; `UTC` where the offset is zero.
    public static func label(_ date: Date, in zone: TimeZone) -> String {
        let c = calendar(zone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let text = String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
        return text + " " + offsetName(zone.secondsFromGMT(for: date))
    }

    /// `UTC`, `UTC+8`, `UTC+5:45`, `UTC-3:30`.
    public static func offsetName(_ seconds: Int) -> String {
        guard seconds != 0 else { return "UTC" }
        let minutes = abs(seconds) / 60
        let hours = "UTC" + (seconds < 0 ? "-" : "+") + String(minutes / 60)
        return minutes % 60 == 0 ? hours : hours + String(format: ":%02d", minutes % 60)
    }

    /// A `datetime-local` input's value (`2026-12-20T09:30`, seconds optional), or a full ISO 8601
    /// date-time with its own offset, read in `zone`. Nil for anything else, or a local time that a
    /// daylight-saving change skips.
    public static func parse(_ text: String, in zone: TimeZone) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let absolute = DateTime.parse(text) { return absolute }
        let parts = text.replacingOccurrences(of: " ", with: "T").split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let day = PartialDate(String(parts[0])), day.isComplete else { return nil }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }), parts[1].count <= 8 else { return nil }
        return date(day, hour: clock[0]!, minute: clock[1]!, second: clock.count == 3 ? clock[2]! : 0, in: zone)
    }

    /// A day at a time of day in `zone` (a task due "at the end of the working day" is 17:00 where
    /// its reader works).
    public static func date(_ day: PartialDate, hour: Int, minute: Int, second: Int = 0, in zone: TimeZone) -> Date? {
        guard let month = day.month, let dayOfMonth = day.day, (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let components = DateComponents(year: day.year, month: month, day: dayOfMonth, hour: hour, minute: minute, second: second)
        let calendar = calendar(zone)
        guard let date = calendar.date(from: components) else { return nil }
        // Foundation moves a skipped local time (a spring-forward hour) instead of refusing it.
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.hour == hour, back.minute == minute, back.day == dayOfMonth else { return nil }
        return date
    }

    /// The value a `datetime-local` input shows for `date` in `zone`.
    public static func inputValue(_ date: Date, in zone: TimeZone) -> String {
        let c = calendar(zone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// The day `date` falls on in `zone`, as `2026-12-20`.
    public static func day(_ date: Date, in zone: TimeZone) -> String {
        String(inputValue(date, in: zone).prefix(10))
    }

    /// Zone names a person may choose: the IANA identifiers Foundation knows.
    public static func isKnownZone(_ identifier: String) -> Bool {
        TimeZone.knownTimeZoneIdentifiers.contains(identifier) || identifier == "UTC"
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
