import Foundation

/// Normalises personal names for matching: case, accents and full-width forms folded,
/// punctuation dropped, and tokens sorted so that "Wang Fang" and "Fang Wang" agree.
public enum NameNormaliser {
    public static func tokens(_ name: String) -> [String] {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded
            .split { !($0.isLetter || $0.isNumber) }
            .map(String.init)
    }

    /// The key behind a name's blind index.
    public static func matchKey(_ name: String) -> String {
        tokens(name).sorted().joined(separator: " ")
    }
}
