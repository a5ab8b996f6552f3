import Crypto
import Foundation

/// What an audit entry records. Only identifiers and codes: never a name or narrative.
public struct AuditFacts: Sendable, Equatable {
    public var sequence: Int64
    public var atMilliseconds: Int64
    public var actorID: String
    public var action: String
    public var recordType: String
    public var recordID: String
    public var reason: String

    public init(sequence: Int64, atMilliseconds: Int64, actorID: String, action: String,
                recordType: String, recordID: String, reason: String) {
        self.sequence = sequence
        self.atMilliseconds = atMilliseconds
        self.actorID = actorID
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.reason = reason
    }
}

/// The hash chain behind the append-only audit log: each entry's hash covers its facts and the
/// previous entry's hash, so editing or deleting any entry breaks every link after it.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(_ facts: AuditFacts, previous: String) -> String {
        // Length-prefixed fields: no separator inside a value can make two entries hash alike.
        var canonical = ""
        for field in [String(facts.sequence), String(facts.atMilliseconds), facts.actorID, facts.action,
                      facts.recordType, facts.recordID, facts.reason, previous] {
            canonical += "\(field.utf8.count):\(field);"
        }
        return Hex.encode(SHA256.hash(data: Data(canonical.utf8)))
    }

    public struct Link: Sendable {
        public var facts: AuditFacts
        public var previousHash: String
        public var hash: String

        public init(facts: AuditFacts, previousHash: String, hash: String) {
            self.facts = facts
            self.previousHash = previousHash
            self.hash = hash
        }
    }

    public enum Break: Equatable, Sendable, CustomStringConvertible {
        case missingEntry(expectedSequence: Int64, found: Int64)
        case wrongPreviousHash(sequence: Int64)
        case wrongHash(sequence: Int64)

        public var sequence: Int64 {
            switch self {
            case .missingEntry(let expected, _): expected
            case .wrongPreviousHash(let s), .wrongHash(let s): s
            }
        }

        public var description: String {
            switch self {
            case .missingEntry(let expected, let found):
                "entry \(expected) is missing (the next entry found is \(found))"
            case .wrongPreviousHash(let s): "entry \(s) does not link to the entry before it"
            case .wrongHash(let s): "entry \(s) was changed after it was written"
            }
        }
    }

    /// Walks links in sequence order and returns the first break. `state` carries the position
    /// between batches, so a long log is verified in bounded memory.
    public struct Verifier: Sendable {
        public private(set) var expectedSequence: Int64 = 1
        public private(set) var previousHash: String = AuditChain.genesis
        public private(set) var checked: Int = 0

        public init() {}

        public mutating func check(_ link: Link) -> Break? {
            defer { checked += 1 }
            if link.facts.sequence != expectedSequence {
                return .missingEntry(expectedSequence: expectedSequence, found: link.facts.sequence)
            }
            if link.previousHash != previousHash { return .wrongPreviousHash(sequence: link.facts.sequence) }
            if AuditChain.hash(link.facts, previous: link.previousHash) != link.hash {
                return .wrongHash(sequence: link.facts.sequence)
            }
            expectedSequence += 1
            previousHash = link.hash
            return nil
        }
    }
}
