import Foundation

/// Mongolia's civil registration number (регистрийн дугаар), e.g. `УБ99061512`.
///
/// Its structure is set by the General Authority for State Registration's procedure for issuing,
/// changing and cancelling registration numbers (order no. 331 of 2010, annex, 1.2; legalinfo.mn):
/// two letters, the code of the aimag or district and the soum or khoroo of residence; six digits,
/// the year, month and day of birth; a ninth position for sex; and a last, control position that
/// guards against a changed or lost letter or digit. For births from 2000 the month has 20 added
/// (REFERENCE.md §9). The procedure publishes neither which values of the ninth position mean
/// which sex nor how the control position is computed, so neither is checked or relied on here:
/// the letters and the birth date are, and the birth date is cross-checked against a form's.
public struct MongolianRegistrationNumber: Sendable, Equatable {
    public let number: String
    /// The two letters: where the person lived when the number was given.
    public let placeCode: String
    public let birthDate: PartialDate

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case wrongLength(Int)
        case notMongolianLetters
        case notDigits
        case impossibleBirthDate
        case birthInFuture

        // never the number itself: it is a child's
        public var description: String {
            switch self {
            case .wrongLength(let n): "has \(n) characters; a Mongolian registration number has 10 (two letters and eight digits)"
            case .notMongolianLetters: "must begin with two letters of the Mongolian Cyrillic alphabet (a Latin letter that looks the same is another letter)"
            case .notDigits: "must end with eight digits"
            case .impossibleBirthDate: "encodes a birth date that does not exist"
            case .birthInFuture: "encodes a birth date in the future"
            }
        }
    }

    /// The 35 letters of the Mongolian Cyrillic alphabet, in capitals.
    public static let alphabet: Set<Character> = Set("АБВГДЕЁЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ")

    public init(_ raw: String, today: CivilDay = CivilDay(Date())) throws(Problem) {
        let text = String(raw.filter { !$0.isWhitespace }).uppercased()
        let characters = Array(text)
        guard characters.count == 10 else { throw .wrongLength(characters.count) }
        guard Self.alphabet.contains(characters[0]), Self.alphabet.contains(characters[1]) else { throw .notMongolianLetters }
        var digits: [Int] = []
        for character in characters[2...] {
            guard let digit = character.wholeNumberValue, character.isASCII else { throw .notDigits }
            digits.append(digit)
        }
        let yy = digits[0] * 10 + digits[1], encodedMonth = digits[2] * 10 + digits[3], day = digits[4] * 10 + digits[5]
        // a month past 20 is a birth from 2000 on
        let (year, month) = encodedMonth > 20 ? (2000 + yy, encodedMonth - 20) : (1900 + yy, encodedMonth)
        guard let birth = PartialDate(year: year, month: month, day: day), let birthDay = CivilDay(year: year, month: month, day: day) else {
            throw .impossibleBirthDate
        }
        guard birthDay <= today else { throw .birthInFuture }
        self.number = text
        self.placeCode = String(characters[0...1])
        self.birthDate = birth
    }

    /// Whether a date of birth typed on a form is the one the number carries; a partial date
    /// agrees as far as it goes.
    public func agrees(with dateOfBirth: PartialDate) -> Bool {
        dateOfBirth.year == birthDate.year && (dateOfBirth.month ?? birthDate.month) == birthDate.month && (dateOfBirth.day ?? birthDate.day) == birthDate.day
    }
}
