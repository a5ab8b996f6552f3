import Foundation

/// What a catalogue search compares: words folded the way readers type them, in the three scripts
/// the centre's library holds. Latin loses case and accents; Cyrillic loses case, ё is е, and the
/// Mongolian ө and ү are о and у (a reader on a Russian keyboard types them so); Chinese, written
/// without spaces, is taken as single characters and pairs of neighbours, so that a two-character
/// word is found inside a longer run. The same folding is applied to what is stored and what is asked.
public enum SearchText {
    /// One word of a query: a Latin or Cyrillic word also finds longer words it begins; a
    /// Chinese pair or character is found as it is.
    public struct Term: Equatable, Sendable {
        public var text: String
        public var prefix: Bool
        public init(text: String, prefix: Bool) { self.text = text; self.prefix = prefix }
    }

    /// The words to store for `text`, separated by spaces.
    public static func indexed(_ texts: [String]) -> String {
        var tokens: [String] = []
        for text in texts {
            for run in runs(fold(text)) {
                if run.han {
                    let characters = Array(run.text)
                    tokens += characters.map(String.init)
                    if characters.count > 1 { tokens += (0..<(characters.count - 1)).map { String(characters[$0...$0 + 1]) } }
                } else {
                    tokens.append(run.text)
                }
            }
        }
        return tokens.joined(separator: " ")
    }

    /// The terms a query asks for, every one of which a title must have; at most `limit`.
    public static func terms(_ query: String, limit: Int = 12) -> [Term] {
        var terms: [Term] = []
        for run in runs(fold(query)) {
            if run.han {
                let characters = Array(run.text)
                terms += characters.count == 1 ? [Term(text: run.text, prefix: false)]
                    : (0..<(characters.count - 1)).map { Term(text: String(characters[$0...$0 + 1]), prefix: false) }
            } else {
                terms.append(Term(text: run.text, prefix: true))
            }
        }
        var seen = Set<String>()
        return Array(terms.filter { seen.insert($0.text).inserted }.prefix(limit))
    }

    /// Lower case, without accents, with the Cyrillic letters readers type for one another.
    public static func fold(_ text: String) -> String {
        var folded = ""
        folded.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.lowercased().unicodeScalars {
            switch scalar {
            case "ё": folded.unicodeScalars.append("е")
            case "ө": folded.unicodeScalars.append("о")
            case "ү": folded.unicodeScalars.append("у")
            default:
                // Latin letters with accents: the base letter alone (é -> e, ö -> o, ß stays)
                if scalar.value >= 0xC0 && scalar.value < 0x250, let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first {
                    folded.unicodeScalars.append(base)
                } else if scalar.properties.generalCategory == .nonspacingMark {
                    continue
                } else {
                    folded.unicodeScalars.append(scalar)
                }
            }
        }
        return folded
    }

    struct Run { var text: String; var han: Bool }

    /// Letters and digits in runs; a run of Chinese characters apart from one of other letters.
    static func runs(_ text: String) -> [Run] {
        var runs: [Run] = []
        var current = "", currentHan = false
        func close() {
            if !current.isEmpty { runs.append(Run(text: current, han: currentHan)) }
            current = ""
        }
        for scalar in text.unicodeScalars {
            let han = isHan(scalar)
            guard han || scalar.properties.isAlphabetic || scalar.properties.numericType != nil else { close(); continue }
            if han != currentHan { close() }
            currentHan = han
            current.unicodeScalars.append(scalar)
        }
        close()
        return runs
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }
}
