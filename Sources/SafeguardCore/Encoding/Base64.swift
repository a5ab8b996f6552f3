/// Standard base64 with padding (RFC 4648, section 4), as Foundation writes it, without `Data`
/// in between: every sealed field is written and read through it.
enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { values[Int(byte)] = UInt8(index) }
        return values
    }()

    static func encodedLength(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Writes the text of `bytes` at the start of `out` (room for `encodedLength`); returns its length.
    static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let alphabet = alphabet
        var at = 0, index = 0
        while index + 3 <= bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out[at] = alphabet[Int(value >> 18)]
            out[at + 1] = alphabet[Int(value >> 12 & 63)]
            out[at + 2] = alphabet[Int(value >> 6 & 63)]
            out[at + 3] = alphabet[Int(value & 63)]
            at += 4
            index += 3
        }
        let left = bytes.count - index
        if left > 0 {
            let value = UInt32(bytes[index]) << 16 | (left == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out[at] = alphabet[Int(value >> 18)]
            out[at + 1] = alphabet[Int(value >> 12 & 63)]
            out[at + 2] = left == 2 ? alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "=")
            out[at + 3] = UInt8(ascii: "=")
            at += 4
        }
        return at
    }

    /// The bytes of padded base64 text; nil for anything else (a wrong length, a stray character).
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var length = text.count
        if length > 0, text[length - 1] == UInt8(ascii: "=") { length -= 1 }
        if length > 0, text[length - 1] == UInt8(ascii: "=") { length -= 1 }
        return decode(UnsafeBufferPointer(rebasing: text[..<length]), values: values)
    }

    /// The URL alphabet (`-` and `_` for `+` and `/`) without padding (RFC 4648, section 5), as JSON Web Tokens use it.
    private static let urlValues: [UInt8] = {
        var values = Base64.values
        values[Int(UInt8(ascii: "+"))] = 0xFF
        values[Int(UInt8(ascii: "/"))] = 0xFF
        values[Int(UInt8(ascii: "-"))] = 62
        values[Int(UInt8(ascii: "_"))] = 63
        return values
    }()

    /// The bytes of unpadded base64url text; nil for anything else.
    static func decodeURL(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        decode(text, values: urlValues)
    }

    /// Decodes `text` without padding: groups of four characters, and two or three at the end.
    private static func decode(_ text: UnsafeBufferPointer<UInt8>, values: [UInt8]) -> [UInt8]? {
        let rest = text.count % 4
        // One character left over is never whole bytes.
        guard rest != 1 else { return nil }
        let count = text.count / 4 * 3 + max(rest - 1, 0)
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { out, written in
            var at = 0, index = 0
            // A character outside the alphabet has the value 0xFF: any of its top two bits marks it.
            func group(_ digits: Int) -> UInt32 {
                var value: UInt32 = 0, seen: UInt8 = 0
                for offset in 0..<digits {
                    let digit = values[Int(text[index + offset])]
                    seen |= digit
                    value = value << 6 | UInt32(digit & 63)
                }
                if seen & 0xC0 != 0 { valid = false }
                index += digits
                return value << (6 * UInt32(4 - digits))
            }
            while index + 4 <= text.count {
                let value = group(4)
                out[at] = UInt8(value >> 16)
                out[at + 1] = UInt8(value >> 8 & 0xFF)
                out[at + 2] = UInt8(value & 0xFF)
                at += 3
            }
            if rest > 0 {
                let value = group(rest)
                out[at] = UInt8(value >> 16)
                if rest == 3 { out[at + 1] = UInt8(value >> 8 & 0xFF) }
            }
            written = count
        }
        return valid ? bytes : nil
    }
}
