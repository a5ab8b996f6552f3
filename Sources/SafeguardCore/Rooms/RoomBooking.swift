/// A time of day as a booking form gives it, `09:30`, in minutes since midnight.
public struct ClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minutes: Int

    public init?(minutes: Int) {
        guard (0...(24 * 60)).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// `HH:MM` (a seconds part, as some browsers send, is allowed when it is `:00`); `24:00` is the
    /// end of the day.
    public init?(_ text: some StringProtocol) {
        var text = Substring(text)
        if text.count == 8, text.hasSuffix(":00") { text = text.dropLast(3) }
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"), bytes.indices.allSatisfy({ $0 == 2 || (48...57).contains(bytes[$0]) }) else { return nil }
        let hour = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48), minute = Int(bytes[3] - 48) * 10 + Int(bytes[4] - 48)
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        self.init(minutes: hour * 60 + minute)
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }
    public var description: String {
        let h = String(hour), m = String(minute)
        return (h.count < 2 ? "0" + h : h) + ":" + (m.count < 2 ? "0" + m : m)
    }

    public static func < (a: ClockTime, b: ClockTime) -> Bool { a.minutes < b.minutes }
}

/// When a room may be used: the days of the week it opens and its hours on them, read in the
/// organisation's time zone.
public struct OpeningHours: Equatable, Sendable {
    public var days: [Weekday]
    public var opens: ClockTime
    public var closes: ClockTime

    public init(days: [Weekday], opens: ClockTime, closes: ClockTime) {
        self.days = Weekday.allCases.filter(days.contains)
        self.opens = opens
        self.closes = closes
    }

    /// `MO,TU,WE` as stored; nil when a part is not a day.
    public static func days(_ text: String) -> [Weekday]? {
        let parts = text.split(separator: ",").map { Weekday(rawValue: $0.trimmingCharacters(in: .whitespaces).uppercased()) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        return Weekday.allCases.filter { parts.contains($0) }
    }

    public var daysText: String { days.map(\.rawValue).joined(separator: ",") }
}

/// The rules a booking must pass before its occurrences are checked against other bookings: its
/// times, its size against the room's capacity, its end, and, for every occurrence, that the room
/// is open that day and at those hours and that the day has not passed. Pure, so that the page's
/// "check" and the save agree and tests need no server.
public enum RoomBooking {
    public struct Room: Sendable {
        public var capacity: Int
        public var hours: OpeningHours
        public var closedDays: Set<CivilDay>
        public init(capacity: Int, hours: OpeningHours, closedDays: Set<CivilDay> = []) {
            self.capacity = capacity
            self.hours = hours
            self.closedDays = closedDays
        }
    }

    public struct Request: Sendable {
        public var firstDay: CivilDay
        public var starts: ClockTime
        public var ends: ClockTime
        public var people: Int
        public var rule: RecurrenceRule?
        public var exceptions: Set<CivilDay>
        public init(firstDay: CivilDay, starts: ClockTime, ends: ClockTime, people: Int, rule: RecurrenceRule? = nil, exceptions: Set<CivilDay> = []) {
            self.firstDay = firstDay
            self.starts = starts
            self.ends = ends
            self.people = people
            self.rule = rule
            self.exceptions = exceptions
        }
    }

    /// Each problem names the form field it belongs to.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case endsNotAfterStart
        case tooFewPeople
        case overCapacity(Int)
        case outsideHours
        /// Days of the series on which the room does not open (a weekday it is shut, or a closure).
        case closed([CivilDay])
        case inThePast
        case tooFarAhead
        case rule(RecurrenceRule.Problem)
        case nothingLeft

        public var field: String {
            switch self {
            case .endsNotAfterStart, .outsideHours: "ends"
            case .tooFewPeople, .overCapacity: "people"
            case .closed, .nothingLeft: "exceptions"
            case .inThePast, .tooFarAhead: "firstDay"
            case .rule: "rule"
            }
        }

        public var description: String {
            switch self {
            case .endsNotAfterStart: "must be after the start"
            case .tooFewPeople: "give the number of people (at least 1)"
            case .overCapacity(let capacity): "is more than the room holds (\(capacity) people)"
            // the hours are on the room's page; a time here would make each room's message a new text to translate
            case .outsideHours: "is outside the room's opening hours"
            case .closed(let days) where days.count == 1: "the room is closed on \(days[0]): leave this day out"
            case .closed(let days): "the room is closed on \(days[0]) and \(days.count - 1) more days of the series: leave them out"
            case .inThePast: "is in the past"
            case .tooFarAhead: "a room is booked at most 2 years ahead"
            case .rule(let problem): problem.description
            case .nothingLeft: "leave out fewer days: none is left to book"
            }
        }
    }

    /// Every problem a request has, together.
    public struct Refusal: Error, Equatable, Sendable {
        public var problems: [Problem]
        public init(_ problems: [Problem]) { self.problems = problems }
    }

    /// The days the booking takes the room, or every problem found.
    public static func days(_ request: Request, in room: Room, today: CivilDay, nowMinute: Int) -> Result<[CivilDay], Refusal> {
        var problems: [Problem] = []
        if request.ends <= request.starts { problems.append(.endsNotAfterStart) }
        else if request.starts < room.hours.opens || request.ends > room.hours.closes { problems.append(.outsideHours) }
        if request.people < 1 { problems.append(.tooFewPeople) } else if request.people > room.capacity { problems.append(.overCapacity(room.capacity)) }
        if request.firstDay < today || (request.firstDay == today && request.starts.minutes <= nowMinute) { problems.append(.inThePast) }
        if request.firstDay > today.adding(days: RecurrenceRule.maximumDays) { problems.append(.tooFarAhead) }
        var days = [request.firstDay]
        if let rule = request.rule {
            switch rule.days(from: request.firstDay, except: request.exceptions) {
            case .success(let found): days = found
            case .failure(let problem): return .failure(Refusal(problems + [.rule(problem)]))
            }
        } else if request.exceptions.contains(request.firstDay) {
            days = []
        }
        if days.isEmpty { problems.append(.nothingLeft) }
        let closed = days.filter { room.closedDays.contains($0) || !room.hours.days.contains(Weekday(of: $0)) }
        if !closed.isEmpty { problems.append(.closed(closed)) }
        return problems.isEmpty ? .success(days) : .failure(Refusal(problems))
    }
}
