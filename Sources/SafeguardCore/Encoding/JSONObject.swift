import Foundation

/// The members of a JSON object read by name, with JSONDecoder's answers: a member that is
/// absent or null is nil, one of another type is the same `DecodingError` at the same path.
public struct JSONObject {
    public let members: JSONMembers
    /// Where the object is, made into coding keys only for an error: most objects read have none.
    private let location: [Step]

    private enum Step {
        case name(String)
        case index(Int)
    }

    public struct Key: CodingKey {
        public let stringValue: String
        public let intValue: Int?
        public init(stringValue: String) { self.stringValue = stringValue; intValue = nil }
        public init(intValue: Int) { stringValue = "Index \(intValue)"; self.intValue = intValue }
    }

    public init(_ value: JSONValue) throws {
        try self.init(value, location: [])
    }

    private init(_ value: JSONValue, location: [Step]) throws {
        guard case .object(let members) = value else { throw Self.mismatch([String: Any].self, Self.path(location)) }
        self.members = members
        self.location = location
    }

    /// The member `key` when it is an object; nil when it is absent or anything else.
    public func objectIfAny(_ key: String) -> JSONObject? {
        guard let value = members[key] else { return nil }
        return try? JSONObject(value, location: location + [.name(key)])
    }

    private static func path(_ location: [Step]) -> [any CodingKey] {
        location.map { step in
            switch step {
            case .name(let name): Key(stringValue: name)
            case .index(let index): Key(intValue: index)
            }
        }
    }

    static func mismatch(_ type: Any.Type, _ path: [any CodingKey]) -> DecodingError {
        .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found another type instead."))
    }

    /// The member `key` unless it is absent or null.
    public func value(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    private func at(_ key: String) -> [any CodingKey] { Self.path(location + [.name(key)]) }

    public func string(_ key: String) throws -> String? {
        guard let value = self.value(key) else { return nil }
        guard case .string(let text) = value else { throw Self.mismatch(String.self, at(key)) }
        return text
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let value = self.value(key) else { return nil }
        guard case .bool(let flag) = value else { throw Self.mismatch(Bool.self, at(key)) }
        return flag
    }

    public func int(_ key: String) throws -> Int? {
        guard let value = self.value(key) else { return nil }
        guard case .number(let number) = value else { throw Self.mismatch(Int.self, at(key)) }
        guard let integer = Int(exactly: number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: at(key), debugDescription: "Parsed JSON number <\(number)> does not fit in Int."))
        }
        return integer
    }

    public func double(_ key: String) throws -> Double? {
        guard let value = self.value(key) else { return nil }
        guard case .number(let number) = value else { throw Self.mismatch(Double.self, at(key)) }
        return number
    }

    /// A date as JSONDecoder's `.iso8601` strategy reads it.
    public func date(_ key: String) throws -> Date? {
        guard let text = try string(key) else { return nil }
        guard let date = try? Date.ISO8601FormatStyle().parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: at(key), debugDescription: "Expected date string to be ISO8601-formatted."))
        }
        return date
    }

    public func uuid(_ key: String) throws -> UUID? {
        guard let text = try string(key) else { return nil }
        guard let id = UUID(uuidString: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: at(key), debugDescription: "Attempted to decode UUID from invalid UUID string."))
        }
        return id
    }

    public func object(_ key: String) throws -> JSONObject? {
        guard let value = self.value(key) else { return nil }
        return try JSONObject(value, location: location + [.name(key)])
    }

    public func array(_ key: String) throws -> [JSONValue]? {
        guard let value = self.value(key) else { return nil }
        guard case .array(let elements) = value else { throw Self.mismatch([Any].self, at(key)) }
        return elements
    }

    /// An array of strings; a null or another type inside is an error at its index.
    public func strings(_ key: String) throws -> [String]? {
        try array(key)?.enumerated().map { index, element in
            switch element {
            case .string(let text): return text
            case .null:
                throw DecodingError.valueNotFound(String.self, .init(codingPath: at(key) + [Key(intValue: index)],
                                                                     debugDescription: "Cannot get value of type String -- found null value instead"))
            default: throw Self.mismatch(String.self, at(key) + [Key(intValue: index)])
            }
        }
    }

    /// An array of objects; a null or another type inside is an error at its index.
    public func objects(_ key: String) throws -> [JSONObject]? {
        try array(key)?.enumerated().map { index, element in
            let location = location + [.name(key), .index(index)]
            if element == .null {
                throw DecodingError.valueNotFound([String: Any].self, .init(codingPath: Self.path(location),
                                                                            debugDescription: "Cannot get keyed decoding container -- found null value instead"))
            }
            return try JSONObject(element, location: location)
        }
    }
}
