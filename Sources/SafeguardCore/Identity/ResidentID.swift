/// China's resident identity number (GB 11643-1999): 6-digit region code, birth date YYYYMMDD,
/// 3-digit sequence (odd for men, even for women) and a MOD 11-2 check character.
public struct ResidentID: Sendable, Equatable {
    public let number: String
    public let regionCode: String
    public let birthDate: PartialDate
    public let sex: Sex

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case wrongLength(Int)
        case notDigits
        case impossibleBirthDate(String)
        case wrongCheckCharacter(expected: Character)

        public var description: String {
            switch self {
            case .wrongLength(let n): "has \(n) characters; a resident ID number has 18"
            case .notDigits: "must be 17 digits followed by a digit or X"
            case .impossibleBirthDate: "encodes a birth date that does not exist"
            case .wrongCheckCharacter: "check character is wrong; please re-check the number"
            }
        }
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    public static func checkCharacter(forFirst17 digits: [Int]) -> Character {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    public init(_ raw: String) throws(Problem) {
        // Read byte by byte: every valid number is ASCII, and Characters cost more than the check.
        let text = DocumentNumber.normalise(raw)
        let bytes = Array(text.utf8)
        guard bytes.count == 18 else {
            if text.count == 18 { throw .notDigits }
            throw .wrongLength(text.count)
        }
        var digits = [Int](repeating: 0, count: 17)
        for index in 0..<17 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { throw .notDigits }
            digits[index] = Int(bytes[index] - UInt8(ascii: "0"))
        }
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[17]) || bytes[17] == UInt8(ascii: "X") else { throw .notDigits }
        let number = { (range: Range<Int>) in digits[range].reduce(0) { $0 * 10 + $1 } }
        guard let birth = PartialDate(year: number(6..<10), month: number(10..<12), day: number(12..<14)) else {
            throw .impossibleBirthDate(String(decoding: bytes[6..<14], as: UTF8.self))
        }
        let expected = Self.checkCharacter(forFirst17: digits)
        guard Character(Unicode.Scalar(bytes[17])) == expected else { throw .wrongCheckCharacter(expected: expected) }
        self.number = text
        self.regionCode = String(decoding: bytes[0..<6], as: UTF8.self)
        self.birthDate = birth
        self.sex = digits[16] % 2 == 1 ? .male : .female
    }

    /// Hong Kong, Macau and Taiwan residence permits use these region prefixes.
    public var isResidencePermit: Bool { ["810000", "820000", "830000"].contains(regionCode) }
}
