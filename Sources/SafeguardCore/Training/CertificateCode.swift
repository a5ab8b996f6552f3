/// A certificate's verification code: 60 random bits written as twelve Crockford base-32 characters
/// in three groups, with a thirteenth check character (the value mod 37, Crockford's check
/// symbols), e.g. `K7Q2-9MXD-4T1B-R`. Readers type codes from paper: `O` is read as 0, `I` and `L`
/// as 1, case and hyphens are ignored, and a mistyped character is caught by the check before any
/// lookup. Guessing a code means trying about 2^59 on average.
public enum CertificateCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let checkSymbols = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U")

    /// A new code from 60 random bits.
    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let value = UInt64.random(in: 0..<(1 << 60), using: &generator)
        var characters: [Character] = []
        for shift in stride(from: 55, through: 0, by: -5) { characters.append(alphabet[Int((value >> UInt64(shift)) & 31)]) }
        let body = String(characters)
        return "\(body.prefix(4))-\(body.dropFirst(4).prefix(4))-\(body.suffix(4))-\(checkSymbols[Int(value % 37)])"
    }

    /// The code in its canonical form, or nil when it is not a well-formed code (wrong length, a
    /// character outside the alphabet, or a check character that does not match).
    public static func canonical(_ typed: String) -> String? {
        var characters: [Character] = []
        for character in typed.uppercased() where character != "-" && character != " " {
            switch character {
            case "O": characters.append("0")
            case "I", "L": characters.append("1")
            default: characters.append(character)
            }
        }
        guard characters.count == 13 else { return nil }
        var value: UInt64 = 0
        for character in characters.prefix(12) {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            value = value << 5 | UInt64(digit)
        }
        guard characters[12] == checkSymbols[Int(value % 37)] else { return nil }
        let body = String(characters.prefix(12))
        return "\(body.prefix(4))-\(body.dropFirst(4).prefix(4))-\(body.suffix(4))-\(characters[12])"
    }
}
