/// A date that may be known only to the year or month (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`),
/// as birth dates often are for children who reach a helpline.
public struct PartialDate: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1900...2200).contains(year) else { return nil }
        if let month { guard (1...12).contains(month) else { return nil } }
        if let day {
            guard let month, (1...PartialDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public init?(_ text: String) {
        // YYYY-MM-DD, the common case, read from its bytes.
        let bytes = Array(text.utf8)
        if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            var numbers = [0, 0, 0]
            for (index, range) in [0..<4, 5..<7, 8..<10].enumerated() {
                for byte in bytes[range] {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                    numbers[index] = numbers[index] * 10 + Int(byte - UInt8(ascii: "0"))
                }
            }
            self.init(year: numbers[0], month: numbers[1], day: numbers[2])
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]) else { return nil }
        let month = parts.count > 1 ? Int(parts[1]) : nil
        let day = parts.count > 2 ? Int(parts[2]) : nil
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        // Written by hand: String(format:) took a fifth of a roster row's checks. Ten bytes make
        // a string stored inline, without an allocation.
        let fits = (0...9999).contains(year) && (0...99).contains(month ?? 0) && (0...99).contains(day ?? 0)
        guard fits else {
            var text = Self.padded(year, 4)
            if let month { text += "-" + Self.padded(month, 2) }
            if let day { text += "-" + Self.padded(day, 2) }
            return text
        }
        return String(unsafeUninitializedCapacity: 10) { out in
            var at = 0
            func put(_ value: Int, digits: Int) {
                var rest = value
                for position in (at..<at + digits).reversed() {
                    out[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                at += digits
            }
            put(year, digits: 4)
            if let month {
                out[at] = UInt8(ascii: "-")
                at += 1
                put(month, digits: 2)
            }
            if let day {
                out[at] = UInt8(ascii: "-")
                at += 1
                put(day, digits: 2)
            }
            return at
        }
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    public var isComplete: Bool { day != nil }

    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        (lhs.year, lhs.month ?? 0, lhs.day ?? 0) < (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whole years of age on a given day, or the range of possible ages when the date is partial.
    public func age(onYear y: Int, month m: Int, day d: Int) -> ClosedRange<Int> {
        func age(_ bm: Int, _ bd: Int) -> Int { y - year - ((m, d) < (bm, bd) ? 1 : 0) }
        let youngest = age(month ?? 12, day ?? (month.map { PartialDate.daysIn(month: $0, year: year) } ?? 31))
        let oldest = age(month ?? 1, day ?? 1)
        return min(youngest, oldest)...max(youngest, oldest)
    }
}

public enum Sex: String, CaseIterable, Codable, Sendable {
    case female, male, other, unknown
}
