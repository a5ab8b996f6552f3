import Foundation

/// An iCalendar (RFC 5545) feed: VEVENTs in a VCALENDAR, text escaped (3.3.11), lines folded at
/// 75 octets without splitting a UTF-8 character (3.1), CRLF line ends, times in UTC.
public struct ICalendar: Sendable {
    public struct Event: Sendable {
        public var uid: String
        public var start: Date
        public var end: Date?
        public var summary: String
        public var location: String?
        public var description: String?
        /// Raised on each change, so that a calendar replaces the copy it holds (5545 3.8.7.4).
        public var sequence: Int?
        public var status: Status?
        /// A day, not a time: a deadline. Written as a DATE, which a calendar shows on that day in
        /// every time zone, one day long (5545 3.6.1).
        public var allDay: Bool

        /// 5545 3.8.1.11: a cancelled event stays in the feed marked so, and subscribers remove it.
        public enum Status: String, Sendable { case tentative = "TENTATIVE", confirmed = "CONFIRMED", cancelled = "CANCELLED" }

        public init(uid: String, start: Date, end: Date? = nil, summary: String, location: String? = nil, description: String? = nil,
                    sequence: Int? = nil, status: Status? = nil, allDay: Bool = false) {
            self.uid = uid
            self.start = start
            self.end = end
            self.summary = summary
            self.location = location
            self.description = description
            self.sequence = sequence
            self.status = status
            self.allDay = allDay
        }
    }

    public var name: String
    public var events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    public func render(stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Safeguard//Calendar//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + Self.escape(name)]
        let stamped = Self.utc(stamp)
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + Self.escape(event.uid), "DTSTAMP:" + stamped, event.allDay ? "DTSTART;VALUE=DATE:" + Self.utc(event.start).prefix(8) : "DTSTART:" + Self.utc(event.start)]
            if let end = event.end, !event.allDay { lines.append("DTEND:" + Self.utc(end)) }
            lines.append("SUMMARY:" + Self.escape(event.summary))
            if let location = event.location { lines.append("LOCATION:" + Self.escape(location)) }
            if let description = event.description { lines.append("DESCRIPTION:" + Self.escape(description)) }
            if let sequence = event.sequence { lines.append("SEQUENCE:\(sequence)") }
            if let status = event.status { lines.append("STATUS:" + status.rawValue) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Backslash, semicolon, comma and newline are escaped in TEXT values; other control
    /// characters than a tab have no place in one (3.3.11) and are left out.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on lines that start with a space, split between
    /// Unicode scalars (never inside one's UTF-8), so that even a letter carrying thousands of
    /// combining marks folds.
    public static func fold(_ line: String) -> String {
        var result = String.UnicodeScalarView(), count = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if count + size > 75 {
                result.append(contentsOf: "\r\n ".unicodeScalars)
                count = 1
            }
            result.append(scalar)
            count += size
        }
        return String(result)
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
