/// International Standard Book Numbers as a cataloguer types them (with or without hyphens and
/// spaces, an ISBN-10 ending in X), checked by their check digit and kept as ISBN-13.
public enum ISBN {
    public enum Problem: Error, Equatable, Sendable {
        /// Not 10 or 13 digits (an ISBN-10 may end in X) once hyphens and spaces are taken out.
        case wrongLength
        case notDigits
        /// The last digit is not the one the others make.
        case wrongCheckDigit(expected: Character)
        /// An ISBN-13 starts 978 or 979.
        case wrongPrefix
    }

    /// The ISBN-13 of a typed ISBN-10 or ISBN-13.
    public static func normalised(_ text: String) -> Result<String, Problem> {
        let characters = text.filter { $0 != "-" && $0 != " " && $0 != "\u{2010}" && $0 != "\u{2011}" }.uppercased()
        switch characters.count {
        case 10:
            let digits = characters.prefix(9)
            guard digits.allSatisfy(\.isASCIIDigit), characters.last!.isASCIIDigit || characters.last == "X" else { return .failure(.notDigits) }
            let expected = check10(digits)
            guard characters.last == expected else { return .failure(.wrongCheckDigit(expected: expected)) }
            let body = "978" + digits
            return .success(body + String(check13(body)))
        case 13:
            guard characters.allSatisfy(\.isASCIIDigit) else { return .failure(.notDigits) }
            guard characters.hasPrefix("978") || characters.hasPrefix("979") else { return .failure(.wrongPrefix) }
            let expected = check13(characters.prefix(12))
            guard characters.last == expected else { return .failure(.wrongCheckDigit(expected: expected)) }
            return .success(characters)
        default:
            return .failure(.wrongLength)
        }
    }

    /// The ISBN-10 of an ISBN-13 that starts 978 (those starting 979 have none).
    public static func isbn10(of isbn13: String) -> String? {
        guard isbn13.count == 13, isbn13.hasPrefix("978"), isbn13.allSatisfy(\.isASCIIDigit) else { return nil }
        let body = isbn13.dropFirst(3).prefix(9)
        return body + String(check10(body))
    }

    /// Weights 10 down to 2 over the first nine digits; the check makes the sum a multiple of 11 (10 is written X).
    static func check10(_ nine: some StringProtocol) -> Character {
        let sum = nine.enumerated().reduce(0) { $0 + (10 - $1.offset) * $1.element.wholeNumberValue! }
        let check = (11 - sum % 11) % 11
        return check == 10 ? "X" : Character(String(check))
    }

    /// Weights 1, 3, 1, 3 ... over the first twelve digits; the check makes the sum a multiple of 10.
    static func check13(_ twelve: some StringProtocol) -> Character {
        let sum = twelve.enumerated().reduce(0) { $0 + ($1.offset % 2 == 0 ? 1 : 3) * $1.element.wholeNumberValue! }
        return Character(String((10 - sum % 10) % 10))
    }
}

/// International Standard Serial Numbers: `0317-8471`, seven digits and a check digit (X for 10)
/// made with weights 8 down to 2, modulo 11.
public enum ISSN {
    public static func normalised(_ text: String) -> String? {
        let characters = text.filter { $0 != "-" && $0 != " " }.uppercased()
        guard characters.count == 8, characters.prefix(7).allSatisfy(\.isASCIIDigit) else { return nil }
        let sum = characters.prefix(7).enumerated().reduce(0) { $0 + (8 - $1.offset) * $1.element.wholeNumberValue! }
        let check = (11 - sum % 11) % 11
        guard characters.last == (check == 10 ? "X" : Character(String(check))) else { return nil }
        return characters.prefix(4) + "-" + characters.suffix(4)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
