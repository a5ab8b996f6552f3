import Foundation

/// Reading JSON strings and numbers (RFC 8259 sections 6 and 7), shared by `JSONValue` and
/// `JSONScanner`. A problem is `Malformed`, which each reader turns into its own syntax error at
/// the byte where reading stopped.
enum JSONTokens {
    struct Malformed: Error { let message: String }

    /// Reads the number at `index` and leaves `index` after it.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(Malformed) -> Double {
        let start = index
        try skipNumber(bytes, &index)
        // strtod needs a terminated string; a number is short, so it is copied onto the stack.
        let length = index - start
        guard length < 64 else {
            guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else {
                throw Malformed(message: "not a number")
            }
            return value
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { text in
            UnsafeMutableRawPointer(text.baseAddress!).copyMemory(from: bytes.baseAddress! + start, byteCount: length)
            text[length] = 0
            return strtod(text.baseAddress!, nil)
        }
    }

    /// Checks the syntax of the number at `index` and leaves `index` after it.
    static func skipNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(Malformed) {
        func skipDigits() { while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 } }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        skipDigits()
        let integerDigits = index - integerStart
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw Malformed(message: "not a number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fraction = index
            skipDigits()
            guard index > fraction else { throw Malformed(message: "not a number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponent = index
            skipDigits()
            guard index > exponent else { throw Malformed(message: "not a number") }
        }
    }

    // MARK: strings (`index` starts after the opening quote)

    /// Moves `index` to the closing quote or the first backslash; false when the bytes passed are
    /// not all ASCII (those need UTF-8 validation, which costs more than the rest of a short string).
    static func scanPlain(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(Malformed) -> Bool {
        // Eight bytes at a time: the classic tests for a zero byte and a byte below a value, on
        // the whole word, flag each quote, backslash, control character and byte of UTF-8 beyond
        // ASCII. A test can flag bytes after a true one, never before it, so the lowest flag
        // is the first such byte.
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var ascii = true
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word) | word) & highs
            if special == 0 { index += 8; continue }
            index += special.trailingZeroBitCount >> 3
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return ascii }
            guard byte >= 0x20 else { throw Malformed(message: "control character in a string") }
            ascii = false
            index += 1
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return ascii }
            guard byte >= 0x20 else { throw Malformed(message: "control character in a string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw Malformed(message: "unterminated string")
    }

    /// Reads the string and leaves `index` after its closing quote. Most strings have no escapes:
    /// their bytes are taken as they are.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(Malformed) -> String {
        let start = index
        let ascii = try scanPlain(bytes, &index)
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            let text = UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
            if ascii { return String(decoding: text, as: UTF8.self) }
            guard let text = String(validating: text, as: UTF8.self) else { throw Malformed(message: "a string is not UTF-8") }
            return text
        }
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { throw Malformed(message: "unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: String(try unicodeScalar(bytes, &index)).utf8)
                default: throw Malformed(message: "unknown escape in a string")
                }
            } else {
                guard bytes[index] >= 0x20 else { throw Malformed(message: "control character in a string") }
                utf8.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { throw Malformed(message: "unterminated string") }
        }
        index += 1
        guard let text = String(validating: utf8, as: UTF8.self) else { throw Malformed(message: "a string is not UTF-8") }
        return text
    }

    /// The four hex digits after `\u`, with the low half of a surrogate pair when one follows.
    private static func unicodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(Malformed) -> Unicode.Scalar {
        let high = try hexQuad(bytes, &index)
        if (0xD800...0xDBFF).contains(high) {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw Malformed(message: "unexpected character")
            }
            index += 2
            let low = try hexQuad(bytes, &index)
            guard (0xDC00...0xDFFF).contains(low),
                  let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else { throw Malformed(message: "unpaired surrogate") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw Malformed(message: "unpaired surrogate") }
        return scalar
    }

    private static func hexQuad(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(Malformed) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Malformed(message: "unterminated string") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else { throw Malformed(message: "bad \\u escape") }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }
}
