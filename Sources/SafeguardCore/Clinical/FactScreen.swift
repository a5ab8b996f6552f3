import Foundation

/// A resource whose codes can be facts for the rules, with a check of its elements that keeps nothing.
protocol FactResource: FHIRResource {
    /// Checks element `name` as `read` would read it, and throws when it may be a fact or when
    /// `read` would refuse it.
    static func screen(_ name: JSONScanner.Name, _ s: inout JSONScanner, _ screen: FactScreen) throws
}

/// Passes over a search bundle of observations or conditions without reading it into resources,
/// to learn that no rule can fire on it: it is one the FHIR reader accepts, and no code of an
/// observation's or a condition's `code` (the facts every rule starts from) is in a value set.
/// Nearly every patient is such a patient; reading their records into resources and asking the
/// rules had been most of a CDS call's work.
///
/// Anything in doubt (a code that is in a value set, a string with escapes, an OperationOutcome,
/// anything the reader would refuse) ends the pass, and the bundle is read in full, so the rules
/// and the error messages are the reader's.
public final class FactScreen: Sendable {
    // A class: the readers' closures capture it, and copying the index's tables into each cost more than the pass.
    let index: CodeIndex

    init(index: CodeIndex) { self.index = index }

    /// Why a pass ended early.
    struct Doubt: Error {}

    /// True when the Bundle of `T` at `s` holds no fact; throws when in doubt.
    func holdsNoFacts<T: FactResource>(_ s: inout JSONScanner, _ type: T.Type) throws -> Bool {
        var isBundle = false
        guard try s.object({ s, name in
            switch name {
            case "resourceType":
                try Self.expect(&s, "Bundle")
                isBundle = true
            case "entry": _ = try s.array { s, _ in try entry(&s, type) }
            default: try s.skip()
            }
        }), isBundle else { throw Doubt() }
        return true
    }

    private func entry<T: FactResource>(_ s: inout JSONScanner, _ type: T.Type) throws {
        // The reader refuses an entry that is null.
        guard try s.object({ s, name in
            guard case "resource" = name else { return try s.skip() }
            var typed = false
            let present = try s.object { s, name in
                if case "resourceType" = name {
                    try Self.expect(&s, T.resourceType)
                    typed = true
                } else {
                    try T.screen(name, &s, self)
                }
            }
            // The reader passes over a null resource and refuses one without its type.
            if present, !typed { throw Doubt() }
        }) else { throw Doubt() }
    }

    private static func expect(_ s: inout JSONScanner, _ expected: String) throws {
        guard case .plain(let text) = try s.rawString() else { throw Doubt() }
        var expected = expected
        guard expected.withUTF8({ $0.count == text.count && memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0 }) else { throw Doubt() }
    }

    // MARK: the elements, as FHIRReading.swift reads them

    func text(_ s: inout JSONScanner) throws {
        _ = try s.rawString()
    }

    func quantity(_ s: inout JSONScanner) throws {
        _ = try s.object { s, name in
            switch name {
            case "value":
                let kind = try s.kind()
                try s.skip()
                guard kind == .number || kind == .null else { throw Doubt() }
            case "comparator", "unit": try text(&s)
            default: try s.skip()
            }
        }
    }

    func concept(_ s: inout JSONScanner, codesAreFacts: Bool) throws {
        _ = try s.object { s, name in
            switch name {
            case "coding": _ = try s.array { s, _ in try coding(&s, isFact: codesAreFacts) }
            case "text": try text(&s)
            default: try s.skip()
            }
        }
    }

    /// A list of concepts; the reader refuses a null in it.
    func concepts(_ s: inout JSONScanner) throws {
        _ = try s.array { s, _ in
            guard try s.kind() != .null else { throw Doubt() }
            try concept(&s, codesAreFacts: false)
        }
    }

    private func coding(_ s: inout JSONScanner, isFact: Bool) throws {
        var system = JSONScanner.RawString.null, code = JSONScanner.RawString.null
        // The reader refuses a coding that is null.
        guard try s.object({ s, name in
            switch name {
            case "system": system = try s.rawString()
            case "code": code = try s.rawString()
            case "display": try text(&s)
            default: try s.skip()
            }
        }) else { throw Doubt() }
        guard isFact else { return }
        switch (system, code) {
        case (.plain(let system), .plain(let code)): if index.sets(system: system, code: code) != 0 { throw Doubt() }
        // Without both, a coding is in no value set.
        case (.null, _), (_, .null): return
        default: throw Doubt()
        }
    }
}
