/// A day of the week as RFC 5545 writes it.
public enum Weekday: String, CaseIterable, Codable, Sendable {
    case monday = "MO", tuesday = "TU", wednesday = "WE", thursday = "TH", friday = "FR", saturday = "SA", sunday = "SU"

    /// 0 for Monday to 6 for Sunday.
    public var index: Int { Weekday.allCases.firstIndex(of: self)! }

    public init(of day: CivilDay) {
        // 1970-01-01 was a Thursday
        let index = ((day.daysSince1970 + 3) % 7 + 7) % 7
        self = Weekday.allCases[index]
    }
}

/// How a room booking repeats: the part of RFC 5545's `RRULE` a booking needs. Daily, weekly on
/// chosen days, or monthly (on days of the month, or on the first, second ... or last weekday),
/// every `interval` periods, ending after `COUNT` occurrences or on an `UNTIL` day. A rule without
/// an end is refused: a booking that repeats forever would hold a room forever.
public struct RecurrenceRule: Equatable, Sendable {
    public enum Frequency: String, Sendable { case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY" }
    public enum End: Equatable, Sendable { case count(Int), until(CivilDay) }
    public struct OrdinalWeekday: Equatable, Sendable {
        /// 1 for the first in the month, -1 for the last.
        public var ordinal: Int
        public var weekday: Weekday
    }

    public var frequency: Frequency
    public var interval: Int
    public var weekdays: [Weekday]
    public var monthDays: [Int]
    public var ordinalWeekdays: [OrdinalWeekday]
    public var end: End
    /// The time of an `UNTIL` given as a date-time: the last day's occurrence counts only when it
    /// begins by then (RFC 5545: UNTIL is inclusive). `utc` for a time ending in `Z`; otherwise it is
    /// read in the booking's own zone.
    public var untilTime: UntilTime? = nil

    public struct UntilTime: Equatable, Sendable {
        public var hour: Int, minute: Int, second: Int
        public var utc: Bool
        public init(hour: Int, minute: Int, second: Int, utc: Bool) { self.hour = hour; self.minute = minute; self.second = second; self.utc = utc }
    }

    /// The most occurrences one series may have, and how far it may reach.
    public static let maximumOccurrences = 500, maximumDays = 731

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case malformed(String)
        case unsupported(String)
        case noEnd
        case countAndUntil
        case outOfRange(String)
        case untilBeforeStart
        case tooLong
        case tooMany

        public var description: String {
            switch self {
            case .malformed(let part): "the repeat rule cannot be read at \(part)"
            case .unsupported(let part): "the repeat rule uses \(part), which a booking cannot: use FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT or UNTIL"
            case .noEnd: "the repeat rule has no end: give COUNT or UNTIL"
            case .countAndUntil: "the repeat rule gives both COUNT and UNTIL: give one"
            case .outOfRange(let part): "the repeat rule's \(part) is out of range"
            case .untilBeforeStart: "the repeat rule ends before the first day"
            case .tooLong: "a series may run for at most 2 years"
            case .tooMany: "a series may have at most 500 occurrences"
            }
        }
    }

    /// `FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270630` (a leading `RRULE:` is allowed).
    public static func parse(_ text: String) -> Result<RecurrenceRule, Problem> {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.uppercased().hasPrefix("RRULE:") { body = body.dropFirst(6) }
        guard !body.isEmpty, body.count <= 300 else { return .failure(.malformed("its length")) }
        var frequency: Frequency?, interval = 1, weekdays: [Weekday] = [], monthDays: [Int] = [], ordinals: [OrdinalWeekday] = []
        var count: Int?, until: CivilDay?, untilTime: UntilTime?
        var seen = Set<String>()
        for part in body.split(separator: ";", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[1].isEmpty else { return .failure(.malformed(String(part.prefix(20)))) }
            let name = pieces[0].uppercased(), value = pieces[1].uppercased()
            guard seen.insert(name).inserted else { return .failure(.malformed(name + " given twice")) }
            switch name {
            case "FREQ":
                guard let parsed = Frequency(rawValue: value) else { return .failure(.unsupported("FREQ=" + value.prefix(20))) }
                frequency = parsed
            case "INTERVAL":
                guard let number = Int(value), (1...99).contains(number) else { return .failure(.outOfRange("INTERVAL")) }
                interval = number
            case "COUNT":
                guard let number = Int(value), (1...maximumOccurrences).contains(number) else { return .failure(.outOfRange("COUNT")) }
                count = number
            case "UNTIL":
                // a day, or a date-time: 20270630, 20270630T170000Z, 20270630T170000
                let digits = value.prefix(8)
                guard digits.count == 8, digits.allSatisfy(\.isASCIIDigit),
                      let day = CivilDay(digits.prefix(4) + "-" + digits.dropFirst(4).prefix(2) + "-" + digits.suffix(2)) else { return .failure(.malformed("UNTIL")) }
                until = day
                if value.count > 8 {
                    let time = value.dropFirst(8)
                    let clock = time.dropFirst().prefix(6).compactMap(\.wholeNumberValue)
                    guard time.first == "T", clock.count == 6, time.count == 7 || (time.count == 8 && time.last == "Z"),
                          time.dropFirst().prefix(6).allSatisfy(\.isASCIIDigit) else { return .failure(.malformed("UNTIL")) }
                    let (hour, minute, second) = (clock[0] * 10 + clock[1], clock[2] * 10 + clock[3], clock[4] * 10 + clock[5])
                    guard hour < 24, minute < 60, second < 60 else { return .failure(.malformed("UNTIL")) }
                    untilTime = UntilTime(hour: hour, minute: minute, second: second, utc: time.last == "Z")
                }
            case "BYDAY":
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    guard item.count >= 2, let weekday = Weekday(rawValue: String(item.suffix(2))) else { return .failure(.malformed("BYDAY")) }
                    let ordinalText = item.dropLast(2)
                    if ordinalText.isEmpty {
                        weekdays.append(weekday)
                    } else {
                        guard let ordinal = Int(ordinalText), (1...5).contains(abs(ordinal)) else { return .failure(.outOfRange("BYDAY")) }
                        ordinals.append(.init(ordinal: ordinal, weekday: weekday))
                    }
                }
            case "BYMONTHDAY":
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let day = Int(item), (1...31).contains(abs(day)) else { return .failure(.outOfRange("BYMONTHDAY")) }
                    monthDays.append(day)
                }
            case "WKST" where value == "MO":
                continue
            default:
                return .failure(.unsupported(String(name.prefix(20))))
            }
        }
        guard let frequency else { return .failure(.malformed("FREQ (it is missing)")) }
        if frequency != .monthly && (!monthDays.isEmpty || !ordinals.isEmpty) { return .failure(.unsupported("BYMONTHDAY or a numbered BYDAY outside FREQ=MONTHLY")) }
        if frequency == .monthly && !weekdays.isEmpty { return .failure(.unsupported("BYDAY without a number in FREQ=MONTHLY")) }
        // RFC 5545 would keep only the days both name (the second Tuesday, if it is the 8th): too
        // easily misread to book a room by
        if !monthDays.isEmpty && !ordinals.isEmpty { return .failure(.unsupported("BYDAY together with BYMONTHDAY")) }
        if frequency == .daily && !weekdays.isEmpty { return .failure(.unsupported("BYDAY in FREQ=DAILY")) }
        let end: End
        switch (count, until) {
        case (nil, nil): return .failure(.noEnd)
        case (.some, .some): return .failure(.countAndUntil)
        case (.some(let count), nil): end = .count(count)
        case (nil, .some(let until)): end = .until(until)
        }
        var unique = Set<Weekday>()
        return .success(RecurrenceRule(frequency: frequency, interval: interval, weekdays: weekdays.filter { unique.insert($0).inserted },
                                       monthDays: Array(Set(monthDays)).sorted(), ordinalWeekdays: ordinals, end: end, untilTime: untilTime))
    }

    /// The days the series falls on from `start` (always the first, as RFC 5545's DTSTART), less
    /// the `exceptions`; refused when it would run longer than 2 years or past 500 occurrences.
    public func days(from start: CivilDay, except exceptions: Set<CivilDay> = []) -> Result<[CivilDay], Problem> {
        let last: CivilDay
        switch end {
        case .until(let until):
            guard until >= start else { return .failure(.untilBeforeStart) }
            guard until.daysSince1970 - start.daysSince1970 <= Self.maximumDays else { return .failure(.tooLong) }
            last = until
        case .count:
            last = start.adding(days: Self.maximumDays)
        }
        let wanted: Int? = if case .count(let n) = end { n } else { nil }
        var found: [CivilDay] = [start]
        func take(_ day: CivilDay) -> Bool {
            // true once the series is complete
            if day > start && day <= last && (found.last.map { day > $0 } ?? true) { found.append(day) }
            return wanted.map { found.count >= $0 } ?? false
        }
        switch frequency {
        case .daily:
            var day = start.adding(days: interval)
            while day <= last && !(wanted.map { found.count >= $0 } ?? false) {
                if take(day) { break }
                day = day.adding(days: interval)
            }
        case .weekly:
            let days = weekdays.isEmpty ? [Weekday(of: start)] : weekdays.sorted { $0.index < $1.index }
            var monday = start.adding(days: -Weekday(of: start).index)
            outer: while monday <= last {
                for weekday in days {
                    let day = monday.adding(days: weekday.index)
                    if day > last { break outer }
                    if take(day) { break outer }
                }
                monday = monday.adding(days: 7 * interval)
            }
        case .monthly:
            var month = CivilDay(year: start.year, month: start.month, day: 1)!
            outer: while month <= last {
                var candidates: [CivilDay] = []
                let length = CivilDay.days(inMonth: month.month, of: month.year)
                let days = monthDays.isEmpty && ordinalWeekdays.isEmpty ? [start.day] : monthDays
                for day in days {
                    let number = day > 0 ? day : length + day + 1
                    if let date = CivilDay(year: month.year, month: month.month, day: number) { candidates.append(date) }
                }
                for ordinal in ordinalWeekdays {
                    let matching = (1...length).compactMap { CivilDay(year: month.year, month: month.month, day: $0) }.filter { Weekday(of: $0) == ordinal.weekday }
                    let index = ordinal.ordinal > 0 ? ordinal.ordinal - 1 : matching.count + ordinal.ordinal
                    if matching.indices.contains(index) { candidates.append(matching[index]) }
                }
                for day in Set(candidates).sorted() where take(day) { break outer }
                month = month.adding(months: interval)
            }
        }
        if let wanted, found.count < wanted { return .failure(.tooLong) }
        if found.count > Self.maximumOccurrences { return .failure(.tooMany) }
        return .success(found.filter { !exceptions.contains($0) })
    }
}

/// Time ranges that overlap: [s1, e1) and [s2, e2) meet when s1 < e2 and s2 < e1, so a booking may
/// start the minute another ends.
public enum BookingConflicts {
    public struct Span: Equatable, Sendable {
        public var start: Int64, end: Int64
        public init(start: Int64, end: Int64) { self.start = start; self.end = end }
    }

    /// Each new span that overlaps an existing one, with the first it overlaps (indexes into the
    /// arguments). Both sorted by start, one pass over each: a year of a room's bookings checks a
    /// new weekly series in microseconds.
    public static func find(_ new: [Span], against existing: [Span]) -> [(new: Int, existing: Int)] {
        let newOrder = new.indices.sorted { new[$0].start < new[$1].start }
        let oldOrder = existing.indices.sorted { existing[$0].start < existing[$1].start }
        var conflicts: [(Int, Int)] = []
        var first = 0
        for n in newOrder {
            let span = new[n]
            // new spans come in order of start: one that ended before this start meets no later one either
            while first < oldOrder.count && existing[oldOrder[first]].end <= span.start { first += 1 }
            var k = first
            while k < oldOrder.count && existing[oldOrder[k]].start < span.end {
                if span.start < existing[oldOrder[k]].end { conflicts.append((n, oldOrder[k])); break }
                k += 1
            }
        }
        return conflicts.sorted { $0.0 < $1.0 }
    }
}
