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

    /// Strings a document repeats, kept once: `string(among:)` gives the kept one instead of a copy.
    public struct KnownStrings: Sendable {
        private let strings: [String]
        private let bytes: [[UInt8]]

        public init(_ strings: [String]) {
            self.strings = strings
            bytes = strings.map { Array($0.utf8) }
        }

        /// The kept string equal to `text`, if there is one.
        public func kept(_ text: String) -> String? {
            var text = text
            return text.withUTF8 { kept($0) }
        }

        fileprivate func kept(_ text: UnsafeBufferPointer<UInt8>) -> String? {
            for (position, known) in bytes.enumerated() where known.count == text.count {
                if known.withUnsafeBufferPointer({ memcmp($0.baseAddress!, text.baseAddress!, text.count) }) == 0 { return strings[position] }
            }
            return nil
        }
    }

    /// A string, the kept one when `known` has it; nil for null.
    public mutating func string(among known: KnownStrings) throws -> String? {
        guard try kind() == .string else { return try string() }
        let text = try readName()
        if !text.escaped, let kept = known.kept(UnsafeBufferPointer(start: text.start, count: text.count)) { return kept }
        return text.string
    }

    /// A string as it lies in the document, without making a `String`.
    public enum RawString {
        case null
        /// The bytes between the quotes; valid only while the document is read.
        case plain(UnsafeBufferPointer<UInt8>)
        /// A string with escapes, whose bytes are not its text.
        case escaped
    }

    /// The next string's bytes; another type is skipped and refused as `string()` refuses it.
    public mutating func rawString() throws -> RawString {
        switch try kind() {
        case .string:
            let text = try readName()
            return text.escaped ? .escaped : .plain(UnsafeBufferPointer(start: text.start, count: text.count))
        case .null: try expectLiteral("null"); return .null
        default: try skip(); throw Self.mismatch(String.self)
        }
    }

    /// Runs `read` and keeps what it read when it returns true; when it returns false or fails,
    /// puts the scanner back as it was, so that the same value can be read again another way.
    public mutating func readOrRewind(_ read: (inout JSONScanner) throws -> Bool) -> Bool {
        let (savedIndex, savedDepth, savedNames, savedBroken) = (index, depth, nameCount, broken)
        if (try? read(&self)) == true { return true }
        (index, depth, nameCount, broken) = (savedIndex, savedDepth, savedNames, savedBroken)
        return false
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
        // After the first error the rest is only skipped, so that the scanner ends after the object.
        var failure: (any Error)?
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw corrupted("expected a member name") }
            let name = try readName()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw corrupted("expected ':'") }
            index += 1
            if failure == nil, (base..<nameCount).contains(where: { names![$0] == name }) { failure = Self.givenTwice(name.string) }
            push(name)
            if failure != nil {
                try skip()
            } else {
                do { try member(&self, name) } catch where !broken { failure = Self.under(JSONObject.Key(stringValue: name.string), error) }
            }
            skipWhitespace()
            guard index < bytes.count else { throw corrupted("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { throw corrupted("expected ',' or '}'") }
            index += 1
            depth -= 1
            if let failure { throw failure }
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
        var failure: (any Error)?
        while true {
            if failure != nil {
                try skip()
            } else {
                do { try element(&self, position) } catch where !broken { failure = Self.under(JSONObject.Key(intValue: position), error) }
            }
            skipWhitespace()
            guard index < bytes.count else { throw corrupted("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; position += 1; continue }
            guard bytes[index] == UInt8(ascii: "]") else { throw corrupted("expected ',' or ']'") }
            index += 1
            depth -= 1
            if let failure { throw failure }
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

    /// Whether the text nests arrays and objects deeper than `maxDepth` (brackets inside strings
    /// do not count). Used after a failed read, to name that problem rather than what it caused.
    public static func nestsTooDeeply<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var depth = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth >= maxDepth { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }

    /// Skips the next value, checking its syntax.
    public mutating func skip() throws {
        switch try kind() {
        case .object: _ = try object { scanner, _ in try scanner.skip() }
        case .array: _ = try array { scanner, _ in try scanner.skip() }
        case .string: try skipString()
        case .number:
            do { try JSONTokens.skipNumber(bytes, &index) } catch { throw corrupted(error.message) }
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
        do { return try JSONTokens.number(bytes, &index) } catch { throw corrupted(error.message) }
    }

    private mutating func readName() throws -> Name {
        index += 1
        let start = index
        let ascii: Bool
        do { ascii = try JSONTokens.scanPlain(bytes, &index) } catch { throw corrupted(error.message) }
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
        do { return try JSONTokens.read(bytes, &index) } catch { throw corrupted(error.message) }
    }
}
