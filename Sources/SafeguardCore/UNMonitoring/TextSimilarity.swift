/// How alike two recommendations' texts are, to offer an earlier one a later one may reiterate:
/// the share of their words in common (Jaccard), where Chinese, written without spaces, counts
/// pairs of characters as words. A person decides; this only orders the candidates.
public enum TextSimilarity {
    public static func terms(_ text: String) -> Set<String> {
        var terms = Set<String>()
        var word = "", han: [Character] = []
        func endWord() { if word.count > 2 { terms.insert(word) }; word = "" }
        func endHan() {
            if han.count == 1 { terms.insert(String(han)) }
            for i in han.indices.dropLast() { terms.insert(String(han[i...i + 1])) }
            han = []
        }
        for character in text.lowercased() {
            if character.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) {
                endWord()
                han.append(character)
            } else if character.isLetter || character.isNumber {
                endHan()
                word.append(character)
            } else {
                endWord()
                endHan()
            }
        }
        endWord()
        endHan()
        return terms
    }

    /// 0 (nothing in common) to 1 (the same terms).
    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }
}
