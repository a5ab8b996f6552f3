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
            do { return try JSONTokens.number(bytes, &index) } catch { throw corrupted(error.message) }
        }

        mutating func string() throws -> String {
            index += 1
            do { return try JSONTokens.read(bytes, &index) } catch { throw corrupted(error.message) }
        }
    }
}
