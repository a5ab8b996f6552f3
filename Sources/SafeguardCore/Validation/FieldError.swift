/// One problem with one field of a request, named so that the person can fix it.
public struct FieldError: Error, Sendable, Equatable, Codable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Everything wrong with a request at once, so that a form can show every problem in one pass.
public struct ValidationErrors: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }
}

/// Collects field errors while a request is read, then throws them together.
public struct FieldValidator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) { errors.append(FieldError(field, message)) }

    /// The field's name is made only when it is needed: valid input, the usual case, needs none.
    public mutating func check(_ condition: Bool, _ field: @autoclosure () -> String, _ message: @autoclosure () -> String) {
        if !condition { add(field(), message()) }
    }

    /// Parses a coded value, recording an error that lists the allowed values when it is unknown.
    /// A coded value that must be given: `missing` when it is absent or empty ("" from a form's
    /// unchosen select is as absent as no field at all, and must never reach a force unwrap).
    public mutating func requiredCode<T: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, as: T.Type, missing: String) -> T?
    where T.RawValue == String {
        guard let raw, !raw.isEmpty else {
            add(field, missing)
            return nil
        }
        return code(raw, field, as: T.self)
    }

    public mutating func code<T: RawRepresentable & CaseIterable>(_ raw: String?, _ field: @autoclosure () -> String, as: T.Type) -> T?
    where T.RawValue == String {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = T(rawValue: raw) else {
            // The value itself is not repeated: in a file it may be a name in the wrong column.
            add(field(), "unknown value; expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// Typed text, trimmed: at most `max` characters counted as stored (a letter with any number of
    /// marks on it is more than one) and no control characters (line breaks only where `lines`).
    /// Nil when empty; `required` is the message for a field that must be given.
    public mutating func text(_ value: String?, _ field: String, max: Int, required: String? = nil, lines: Bool = false) -> String? {
        let trimmed = value?.trimmedWhitespace ?? ""
        if let required { check(!trimmed.isEmpty, field, required) }
        check(trimmed.unicodeScalars.count <= max, field, "is longer than \(max) characters")
        check(!trimmed.unicodeScalars.contains { ($0.value < 0x20 && !(lines && ($0 == "\n" || $0 == "\r" || $0 == "\t"))) || $0.value == 0x7F },
              field, "has a control character")
        return trimmed.isEmpty ? nil : trimmed
    }

    public func finish() throws(ValidationErrors) {
        if !errors.isEmpty { throw ValidationErrors(errors) }
    }
}
