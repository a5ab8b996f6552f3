/// The paragraph of a document a recommendation is: `32`, `32(a)`, or a UPR report's `158.12`.
/// Written as the Universal Human Rights Index and people write it (`para. 32 (a)`, `§ 32a`), kept
/// in one form, so that the same paragraph typed two ways is found to be the same.
public enum Paragraph {
    /// The paragraph in its one form, or nil when it is not a paragraph number.
    public static func normalize(_ text: String) -> String? {
        var rest = Substring(text.trimmedWhitespace.lowercased())
        for prefix in ["paragraph", "para.", "para", "par.", "§", "第"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        if rest.hasSuffix("段") { rest = rest.dropLast() }
        let compact = rest.filter { $0 != " " }
        guard !compact.isEmpty, compact.count <= 20 else { return nil }
        // digits and dots, then letters or roman numerals in brackets, or one bare letter
        let number = compact.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let first = number.first, first.isNumber, number.last!.isNumber, !number.contains("..") else { return nil }
        var result = String(number)
        var tail = compact.dropFirst(number.count)
        if tail.count == 1, let letter = tail.first, ("a"..."z").contains(letter) { return result + "(\(letter))" }
        while !tail.isEmpty {
            guard tail.first == "(", let close = tail.firstIndex(of: ")") else { return nil }
            let inner = tail[tail.index(after: tail.startIndex)..<close]
            guard (1...5).contains(inner.count), inner.allSatisfy({ ("a"..."z").contains($0) || $0.isNumber }) else { return nil }
            result += "(\(inner))"
            tail = tail[tail.index(after: close)...]
        }
        return result
    }

    /// A key that sorts paragraphs as a reader counts them: 9 before 10, 158.2 before 158.12.
    public static func sortKey(_ paragraph: String) -> String {
        let number = paragraph.prefix { $0.isNumber || $0 == "." }
        let padded = number.split(separator: ".").map { String(repeating: "0", count: max(0, 5 - $0.count)) + $0 }.joined(separator: ".")
        return padded + paragraph.dropFirst(number.count)
    }
}
