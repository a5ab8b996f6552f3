import Foundation

/// Normalises personal names for matching: case, accents and full-width forms folded,
/// punctuation dropped, and tokens sorted so that "Wang Fang" and "Fang Wang" agree. Mongolian
/// Cyrillic ө and ү are о and у (ё is е through the accents), as a Russian keyboard types them,
/// so "Өлзий" is found as "Олзий".
public enum NameNormaliser {
    public static func tokens(_ name: String) -> [String] {
        var folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        // ө and ү begin with the UTF-8 bytes D3 and D2; a name without either (any Chinese one) skips the two passes
        if folded.utf8.contains(where: { $0 == 0xD3 || $0 == 0xD2 }) {
            folded = folded.replacingOccurrences(of: "ө", with: "о").replacingOccurrences(of: "ү", with: "у")
        }
        return folded
            .split { !($0.isLetter || $0.isNumber) }
            .map(String.init)
    }

    /// The key behind a name's blind index.
    public static func matchKey(_ name: String) -> String {
        tokens(name).sorted().joined(separator: " ")
    }
}
