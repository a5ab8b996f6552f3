import Foundation

/// A key that puts titles and names in the order a reader of Mongolian expects when compared
/// byte by byte, as both databases compare a plain ASCII column: Cyrillic in the Mongolian
/// alphabet's order (ө after о, ү after у, where code points put them after я), case and Latin
/// accents ignored, spaces and punctuation before digits, digits before Latin, Latin before
/// Cyrillic, and other scripts (Chinese) by code point after them, as the Unicode collation does.
/// ё sorts with е, as there. Stored beside the text (a title's `sort_key`) so that a list is
/// ordered by an index in SQL; differential tests hold it to Foundation's collation for `mn`.
public enum SortKey {
    /// The Mongolian Cyrillic alphabet, ё folded into е.
    static let alphabet = Array("абвгдежзийклмноөпрстуүфхцчшщъыьэюя".unicodeScalars)
    static let rank: [Unicode.Scalar: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    /// The first `limit` characters count: titles alike that far are ordered by their ids.
    public static func of(_ text: String, limit: Int = 64) -> String {
        var key = "", count = 0
        key.reserveCapacity(min(text.unicodeScalars.count, limit) * 6)
        for scalar in text.lowercased().unicodeScalars {
            guard count < limit else { break }
            let weight: UInt32
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar == "ё" {
                weight = 0x200 + UInt32(rank["е"]!)
            } else if let position = rank[scalar] {
                weight = 0x200 + UInt32(position)
            } else if ("0"..."9").contains(scalar) {
                weight = 0x10 + scalar.value - 0x30
            } else if ("a"..."z").contains(scalar) {
                weight = 0x100 + scalar.value - 0x61
            } else if scalar.value >= 0xC0 && scalar.value < 0x250, let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
                      ("a"..."z").contains(base) {
                weight = 0x100 + base.value - 0x61
            } else if scalar.properties.isAlphabetic {
                weight = 0x10000 + scalar.value
            } else {
                weight = 0x1  // a space or a mark of punctuation: before any letter or digit
            }
            key += hex(weight)
            count += 1
        }
        return key
    }

    static let digits = Array("0123456789abcdef")

    static func hex(_ value: UInt32) -> String {
        var text = ""
        for shift in stride(from: 20, through: 0, by: -4) { text.append(digits[Int((value >> UInt32(shift)) & 0xF)]) }
        return text
    }
}
