/// A country as the UN's documents name it: its ISO 3166 alpha-3 code (`CHN`, `MNG`).
public enum CountryCode {
    public static func isAlpha3(_ text: String) -> Bool { text.utf8.count == 3 && text.utf8.allSatisfy { (65...90).contains($0) } }

    public static let problem = "the country must be its three-letter ISO 3166 code, for example CHN"
}

extension FieldValidator {
    /// A required country code, in capitals however it was typed.
    public mutating func country(_ raw: String?, _ field: String) -> String {
        let code = raw?.trimmedWhitespace.uppercased() ?? ""
        check(CountryCode.isAlpha3(code), field, CountryCode.problem)
        return code
    }
}
