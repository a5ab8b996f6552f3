/// A JSON document read into values (RFC 8259), for the request bodies on the hottest paths:
/// Foundation's JSONDecoder spends most of its time in Codable's generic containers, more than
/// the rest of reading a contact. `JSONObject` then reads fields by name, reporting a wrong type
/// with the same `DecodingError` (and so the same answer) as JSONDecoder.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONMembers)

    /// Nesting deeper than this is refused, so that a hostile body cannot exhaust the stack.
    public static let maxDepth = 64

    /// Parses a whole document; anything that is not exactly one JSON value is an error.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws -> JSONValue {
        try bytes.withContiguousStorageIfAvailable { try parse(buffer: $0) } ?? Array(bytes).withUnsafeBufferPointer { try parse(buffer: $0) }
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var reader = Reader(bytes: buffer)
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == buffer.count else { throw reader.corrupted("unexpected text after the JSON value") }
        return value
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        func corrupted(_ message: String) -> DecodingError {
            DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON: \(message) at byte \(index)."))
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func expect(_ literal: StaticString) throws {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count,
                  (0..<count).allSatisfy({ bytes[index + $0] == literal.utf8Start[$0] }) else { throw corrupted("unexpected character") }
            index += count
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < JSONValue.maxDepth else { throw corrupted("nested too deeply") }
            skipWhitespace()
            guard index < bytes.count else { throw corrupted("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func object(depth: Int) throws -> JSONValue {
            index += 1
            var members = JSONMembers()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw corrupted("expected a member name") }
                let name = try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw corrupted("expected ':'") }
                index += 1
                members.append(name, try value(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw corrupted("unexpected end") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { throw corrupted("expected ',' or '}'") }
                index += 1
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            while true {
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw corrupted("unexpected end") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { throw corrupted("expected ',' or ']'") }
                index += 1
                return .array(elements)
            }
        }

        mutating func number() throws -> Double {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let integerStart = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            let integerDigits = index - integerStart
            guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw corrupted("not a number") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fraction = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                guard index > fraction else { throw corrupted("not a number") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                let exponent = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                guard index > exponent else { throw corrupted("not a number") }
            }
            guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else {
                throw corrupted("not a number")
            }
            return value
        }

        mutating func string() throws -> String {
            index += 1
            let start = index
            // Most strings have no escapes: their bytes are taken as they are. ASCII needs no
            // UTF-8 validation, which costs more than the rest of reading a short string.
            var ascii = true
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                guard bytes[index] >= 0x20 else { throw corrupted("control character in a string") }
                if bytes[index] >= 0x80 { ascii = false }
                index += 1
            }
            guard index < bytes.count else { throw corrupted("unterminated string") }
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
                if ascii { return String(decoding: text, as: UTF8.self) }
                guard let text = String(validating: text, as: UTF8.self) else { throw corrupted("a string is not UTF-8") }
                return text
            }
            var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { throw corrupted("unterminated string") }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "u"): utf8.append(contentsOf: String(try unicodeScalar()).utf8)
                    default: throw corrupted("unknown escape in a string")
                    }
                } else {
                    guard bytes[index] >= 0x20 else { throw corrupted("control character in a string") }
                    utf8.append(bytes[index])
                    index += 1
                }
                guard index < bytes.count else { throw corrupted("unterminated string") }
            }
            index += 1
            guard let text = String(validating: utf8, as: UTF8.self) else { throw corrupted("a string is not UTF-8") }
            return text
        }

        /// The four hex digits after `\u`, with the low half of a surrogate pair when one follows.
        mutating func unicodeScalar() throws -> Unicode.Scalar {
            let high = try hexQuad()
            if (0xD800...0xDBFF).contains(high) {
                try expect("\\u")
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low),
                      let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else { throw corrupted("unpaired surrogate") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(high) else { throw corrupted("unpaired surrogate") }
            return scalar
        }

        mutating func hexQuad() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw corrupted("unterminated string") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else { throw corrupted("bad \\u escape") }
                value = value * 16 + UInt32(digit)
                index += 1
            }
            return value
        }
    }
}
