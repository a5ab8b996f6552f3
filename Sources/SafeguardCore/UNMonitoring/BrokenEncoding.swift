/// Finds text that went through the wrong encoding on its way into a file: UTF-8 read as Latin-1
/// or Windows-1252 and saved again ("Ã©" for "é", "ä¸­" for "中"), or bytes a program could not
/// read at all and replaced with U+FFFD. Such text would be kept and quoted wrong for ever.
public enum BrokenEncoding {
    public static func found(in text: String) -> Bool {
        var previous: UInt8?
        for scalar in text.unicodeScalars {
            if scalar == "\u{FFFD}" { return true }
            let byte = windows1252(scalar)
            // a UTF-8 lead byte followed by a continuation byte, both shown as single characters
            if let lead = previous, let next = byte, (0xC2...0xF4).contains(lead), (0x80...0xBF).contains(next) { return true }
            previous = byte
        }
        return false
    }

    /// The Windows-1252 byte a character is, when it is one of the 256.
    private static func windows1252(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) { return UInt8(scalar.value) }
        return specials[scalar.value]
    }

    private static let specials: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02C6: 0x88, 0x2030: 0x89,
        0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95,
        0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
        // the five bytes Windows-1252 leaves undefined come through as the C1 controls
        0x81: 0x81, 0x8D: 0x8D, 0x8F: 0x8F, 0x90: 0x90, 0x9D: 0x9D,
    ]
}
