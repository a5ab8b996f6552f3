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
            case .wrongCheckCharacter(let expected): "check character is wrong (expected \(expected)); please re-check the number"
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
        let text = DocumentNumber.normalise(raw)
        guard text.count == 18 else { throw .wrongLength(text.count) }
        let characters = Array(text)
        let digits = characters.prefix(17).compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == 17, characters[17].isASCII, characters[17].isNumber || characters[17] == "X" else {
            throw .notDigits
        }
        let birthText = String(characters[6..<14])
        guard let year = Int(birthText.prefix(4)), let month = Int(birthText.dropFirst(4).prefix(2)),
              let day = Int(birthText.suffix(2)), let birth = PartialDate(year: year, month: month, day: day) else {
            throw .impossibleBirthDate(birthText)
        }
        let expected = Self.checkCharacter(forFirst17: digits)
        guard characters[17] == expected else { throw .wrongCheckCharacter(expected: expected) }
        self.number = text
        self.regionCode = String(characters[0..<6])
        self.birthDate = birth
        self.sex = digits[16] % 2 == 1 ? .male : .female
    }

    /// Hong Kong, Macau and Taiwan residence permits use these region prefixes.
    public var isResidencePermit: Bool { ["810000", "820000", "830000"].contains(regionCode) }
}
