import Foundation

/// Reads a JSON document (RFC 8259) in one pass without building a tree: the reader asks for each
/// member it knows as it comes and skips the rest, which checks the syntax all the same. Building a
/// tree of `JSONValue`s (arrays per object, a string per name) and walking it again was a third of a
/// CDS call's CPU.
///
/// Errors are JSONDecoder's: a value of the wrong type is a `DecodingError` with its coding path,
/// made as the error passes back out through each object and array. A failing read leaves the
/// scanner after the value (the rest of each object and array it was in is skipped on the way out),
/// so a reader can note an error and go on, and a syntax error anywhere in the document wins over
/// any other. A name given twice in one object is refused: parsers disagree on which one counts.
public struct JSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// Set by the first syntax error: nothing after it can be read.
    private var broken = false
    /// The names of the objects being read, innermost last, to find one given twice: the first
    /// `nameCount` of `names`, a buffer kept for the whole document and freed by `read` (an array
    /// here cost a reference count and a uniqueness check per member).
    private var names: UnsafeMutablePointer<Name>?
    private var nameCapacity = 0
    private var nameCount = 0

    /// Nesting deeper than this is refused, so that a hostile body cannot exhaust the stack.
    public static let maxDepth = 64

    public enum Kind { case object, array, string, number, bool, null }

    /// A member's name as it lies in the document; compare it with a literal, or `switch` on it.
    public struct Name {
        fileprivate let start: UnsafePointer<UInt8>
        fileprivate let count: Int
        /// When the name has escapes, `start` and `count` take in its quotes, to decode it again.
        fileprivate let escaped: Bool

        public var string: String {
            let bytes = UnsafeBufferPointer(start: start, count: count)
            guard escaped else { return String(decoding: bytes, as: UTF8.self) }
            var scanner = JSONScanner(bytes: bytes)
            // The name was read once already: it cannot fail.
            return (try? scanner.readString()) ?? ""
        }

        @inline(__always)
        public static func ~= (literal: StaticString, name: Name) -> Bool {
            if name.escaped { return name.string == literal.description }
            return name.count == literal.utf8CodeUnitCount && memcmp(name.start, literal.utf8Start, name.count) == 0
        }

        fileprivate static func == (left: Name, right: Name) -> Bool {
            if left.escaped || right.escaped { return left.string == right.string }
            return left.count == right.count && memcmp(left.start, right.start, left.count) == 0
        }
    }

    /// Reads one whole document with `read`; anything after the value is an error.
    public static func read<Bytes: Collection<UInt8>, T>(_ bytes: Bytes, _ read: (inout JSONScanner) throws -> T) throws -> T {
        if let result = try bytes.withContiguousStorageIfAvailable({ try scan($0, read) }) { return result }
        return try Array(bytes).withUnsafeBufferPointer { try scan($0, read) }
    }

    private static func scan<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ read: (inout JSONScanner) throws -> T) throws -> T {
        var scanner = JSONScanner(bytes: bytes)
        defer { scanner.names?.deallocate() }
        let result: T
        do { result = try read(&scanner) } catch {
            // A syntax error later in the document is the answer, not a wrong type before it.
            if !scanner.broken { try scanner.skipRest() }
            throw error
        }
        try scanner.skipRest()
        return result
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func skipRest() throws {
        skipWhitespace()
        guard index == bytes.count else { throw corrupted("unexpected text after the JSON value") }
    }

    // MARK: reading values

    /// The kind of the next value, without reading it.
    public mutating func kind() throws -> Kind {
        skipWhitespace()
        guard index < bytes.count else { throw corrupted("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .number
        }
    }

    /// A string; nil for null. Another type is skipped and refused as JSONDecoder refuses it.
    public mutating func string() throws -> String? {
        switch try kind() {
        case .string: return try readString()
        case .null: try expectLiteral("null"); return nil
        default: try skip(); throw Self.mismatch(String.self)
        }
    }

    public mutating func double() throws -> Double? {
        switch try kind() {
        case .number: return try readNumber()
        case .null: try expectLiteral("null"); return nil
        default: try skip(); throw Self.mismatch(Double.self)
        }
    }

    public mutating func bool() throws -> Bool? {
        switch try kind() {
        case .bool:
            if bytes[index] == UInt8(ascii: "t") { try expectLiteral("true"); return true }
            try expectLiteral("false")
            return false
        case .null: try expectLiteral("null"); return nil
        default: try skip(); throw Self.mismatch(Bool.self)
        }
    }

    /// Calls `member` with each member's name, where it must read or skip the value; false for null.
    public mutating func object(_ member: (inout JSONScanner, Name) throws -> Void) throws -> Bool {
        switch try kind() {
        case .object: break
        case .null: try expectLiteral("null"); return false
        default: try skip(); throw Self.mismatch([String: Any].self)
        }
        try enter()
        let base = nameCount
        defer { nameCount = base }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; depth -= 1; return true }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw corrupted("expected a member name") }
            let name = try readName()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw corrupted("expected ':'") }
            index += 1
            if (base..<nameCount).contains(where: { names![$0] == name }) {
                try skip()
                try skipMembersAfterError()
                throw Self.givenTwice(name.string)
            }
            push(name)
            do { try member(&self, name) } catch where !broken {
                try skipMembersAfterError()
                throw Self.under(JSONObject.Key(stringValue: name.string), error)
            }
            skipWhitespace()
            guard index < bytes.count else { throw corrupted("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw corrupted("expected ',' or '}'") }
            index += 1
            depth -= 1
            return true
        }
    }

    /// Calls `element` with each element's position, where it must read or skip it; false for null.
    public mutating func array(_ element: (inout JSONScanner, Int) throws -> Void) throws -> Bool {
        switch try kind() {
        case .array: break
        case .null: try expectLiteral("null"); return false
        default: try skip(); throw Self.mismatch([Any].self)
        }
        try enter()
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; depth -= 1; return true }
        var position = 0
        while true {
            do { try element(&self, position) } catch where !broken {
                try skipElementsAfterError()
                throw Self.under(JSONObject.Key(intValue: position), error)
            }
            skipWhitespace()
            guard index < bytes.count else { throw corrupted("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; position += 1; continue }
            guard bytes[index] == UInt8(ascii: "]") else { throw corrupted("expected ',' or ']'") }
            index += 1
            depth -= 1
            return true
        }
    }

    /// The elements of an array, each read by `read`; a null inside is refused as JSONDecoder refuses it.
    public mutating func elements<T>(_ read: (inout JSONScanner) throws -> T?) throws -> [T]? {
        var items: [T] = []
        guard try array({ scanner, _ in
            guard let item = try read(&scanner) else {
                throw DecodingError.valueNotFound(T.self, .init(codingPath: [], debugDescription: "Cannot get value of type \(T.self) -- found null value instead"))
            }
            items.append(item)
        }) else { return nil }
        return items
    }

    /// Reads a member's value with `read` and gives back the error it makes, under the member's
    /// name, instead of throwing it, so that the reader can note it and go on. Syntax errors are thrown.
    public mutating func attempt(_ name: Name, _ read: (inout JSONScanner) throws -> Void) throws -> (any Error)? {
        do { try read(&self) } catch where !broken {
            return Self.under(JSONObject.Key(stringValue: name.string), error)
        }
        return nil
    }

    /// Skips the next value, checking its syntax.
    public mutating func skip() throws {
        switch try kind() {
        case .object: _ = try object { scanner, _ in try scanner.skip() }
        case .array: _ = try array { scanner, _ in try scanner.skip() }
        case .string: try skipString()
        case .number: _ = try readNumber()
        case .bool: try expectLiteral(bytes[index] == UInt8(ascii: "t") ? "true" : "false")
        case .null: try expectLiteral("null")
        }
    }

    // MARK: errors

    public static func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: [], debugDescription: "Expected to decode \(type) but found another type instead."))
    }

    static func givenTwice(_ name: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: [JSONObject.Key(stringValue: name)], debugDescription: JSONScanner.givenTwiceDescription))
    }

    public static let givenTwiceDescription = "The member is given twice in one object."

    /// The error with `key` put in front of its coding path (other errors are the caller's own).
    private static func under(_ key: JSONObject.Key, _ error: any Error) -> any Error {
        guard let decoding = error as? DecodingError else { return error }
        func moved(_ context: DecodingError.Context) -> DecodingError.Context {
            .init(codingPath: [key] + context.codingPath, debugDescription: context.debugDescription, underlyingError: context.underlyingError)
        }
        switch decoding {
        case .typeMismatch(let type, let context): return DecodingError.typeMismatch(type, moved(context))
        case .valueNotFound(let type, let context): return DecodingError.valueNotFound(type, moved(context))
        case .keyNotFound(let missing, let context): return DecodingError.keyNotFound(missing, moved(context))
        case .dataCorrupted(let context): return DecodingError.dataCorrupted(moved(context))
        @unknown default: return error
        }
    }

    private mutating func corrupted(_ message: String) -> DecodingError {
        broken = true
        return DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON: \(message) at byte \(index)."))
    }

    /// After a member's error: the rest of the object, so that the scanner is after it.
    private mutating func skipMembersAfterError() throws {
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw corrupted("unexpected end") }
            if bytes[index] == UInt8(ascii: "}") { index += 1; depth -= 1; return }
            guard bytes[index] == UInt8(ascii: ",") else { throw corrupted("expected ',' or '}'") }
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw corrupted("expected a member name") }
            try skipString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw corrupted("expected ':'") }
            index += 1
            try skip()
        }
    }

    private mutating func skipElementsAfterError() throws {
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw corrupted("unexpected end") }
            if bytes[index] == UInt8(ascii: "]") { index += 1; depth -= 1; return }
            guard bytes[index] == UInt8(ascii: ",") else { throw corrupted("expected ',' or ']'") }
            index += 1
            try skip()
        }
    }

    // MARK: syntax

    private mutating func push(_ name: Name) {
        if nameCount == nameCapacity {
            let capacity = max(32, nameCapacity * 2)
            let grown = UnsafeMutablePointer<Name>.allocate(capacity: capacity)
            if let names {
                grown.moveInitialize(from: names, count: nameCount)
                names.deallocate()
            }
            names = grown
            nameCapacity = capacity
        }
        (names! + nameCount).initialize(to: name)
        nameCount += 1
    }

    private mutating func enter() throws {
        depth += 1
        guard depth < Self.maxDepth else { throw corrupted("nested too deeply") }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count, memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0 else {
            throw corrupted("unexpected character")
        }
        index += count
    }

    private mutating func readNumber() throws -> Double {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        skipDigits()
        let integerDigits = index - integerStart
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw corrupted("not a number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fraction = index
            skipDigits()
            guard index > fraction else { throw corrupted("not a number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponent = index
            skipDigits()
            guard index > exponent else { throw corrupted("not a number") }
        }
        // strtod needs a terminated string; a number is short, so it is copied onto the stack.
        let length = index - start
        guard length < 64 else {
            guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else { throw corrupted("not a number") }
            return value
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { text in
            UnsafeMutableRawPointer(text.baseAddress!).copyMemory(from: bytes.baseAddress! + start, byteCount: length)
            text[length] = 0
            return strtod(text.baseAddress!, nil)
        }
    }

    private mutating func skipDigits() {
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
    }

    /// Moves to the closing quote or a backslash; returns false when the bytes passed are not all ASCII.
    private mutating func scanPlainString() throws -> Bool {
        // Eight bytes at a time while none is a quote, a backslash, a control character or not
        // ASCII (the classic tests for a zero byte and a byte below a value, on the whole word);
        // the bytes from the first word that may hold one are looked at one by one.
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word) | word
            if special & highs != 0 { break }
            index += 8
        }
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return ascii }
            guard byte >= 0x20 else { throw corrupted("control character in a string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw corrupted("unterminated string")
    }

    private mutating func readName() throws -> Name {
        index += 1
        let start = index
        let ascii = try scanPlainString()
        if bytes[index] == UInt8(ascii: "\"") {
            let count = index - start
            index += 1
            if !ascii, String(validating: UnsafeBufferPointer(rebasing: bytes[start..<start + count]), as: UTF8.self) == nil {
                throw corrupted("a string is not UTF-8")
            }
            return Name(start: bytes.baseAddress! + start, count: count, escaped: false)
        }
        index = start - 1
        _ = try readString()
        return Name(start: bytes.baseAddress! + start - 1, count: index - start + 1, escaped: true)
    }

    private mutating func skipString() throws {
        _ = try readName()
    }

    private mutating func readString() throws -> String {
        index += 1
        let start = index
        // Most strings have no escapes: their bytes are taken as they are. ASCII needs no
        // UTF-8 validation, which costs more than the rest of reading a short string.
        let ascii = try scanPlainString()
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
    private mutating func unicodeScalar() throws -> Unicode.Scalar {
        let high = try hexQuad()
        if (0xD800...0xDBFF).contains(high) {
            try expectLiteral("\\u")
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low),
                  let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else { throw corrupted("unpaired surrogate") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw corrupted("unpaired surrogate") }
        return scalar
    }

    private mutating func hexQuad() throws -> UInt32 {
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
