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
        var padding = 0
        if text.count > 0, text[text.count - 1] == UInt8(ascii: "=") { padding += 1 }
        if text.count > 1, text[text.count - 2] == UInt8(ascii: "=") { padding += 1 }
        let values = values
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count / 4 * 3) { out, count in
            var at = 0
            for start in stride(from: 0, to: text.count, by: 4) {
                let last = start + 4 == text.count
                var value: UInt32 = 0
                for offset in 0..<4 {
                    let byte = text[start + offset]
                    if last, offset >= 4 - padding { value <<= 6; continue }
                    let digit = values[Int(byte)]
                    if digit == 0xFF { failed = true; count = 0; return }
                    value = value << 6 | UInt32(digit)
                }
                out[at] = UInt8(value >> 16)
                out[at + 1] = UInt8(value >> 8 & 0xFF)
                out[at + 2] = UInt8(value & 0xFF)
                at += 3
            }
            count = at - padding
        }
        return failed ? nil : bytes
    }
}
