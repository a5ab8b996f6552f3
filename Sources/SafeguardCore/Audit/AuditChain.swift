import Crypto
import Foundation

/// What an audit entry records. Only identifiers and codes: never a name or narrative.
public struct AuditFacts: Sendable, Equatable {
    public var sequence: Int64
    public var atMilliseconds: Int64
    public var actorID: String
    public var organisationID: String
    public var action: String
    public var recordType: String
    public var recordID: String
    public var reason: String

    public init(sequence: Int64, atMilliseconds: Int64, actorID: String, organisationID: String = "", action: String,
                recordType: String, recordID: String, reason: String) {
        self.sequence = sequence
        self.atMilliseconds = atMilliseconds
        self.actorID = actorID
        self.organisationID = organisationID
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.reason = reason
    }
}

/// The key that seals audit entries (HMAC-SHA256), with the id stored beside each entry.
public struct AuditSealKey: Sendable {
    // Kept as bytes: SymmetricKey is not Sendable.
    private let bytes: Data
    public let id: String

    public var key: SymmetricKey { SymmetricKey(data: bytes) }

    public init(_ key: SymmetricKey) {
        self.bytes = key.withUnsafeBytes { Data($0) }
        self.id = "a" + Keyring.keyID(of: key)
    }
}

/// The chain behind the append-only audit log: each entry's seal covers every column of the
/// entry and the previous entry's seal, so editing or deleting any entry breaks every link after
/// it. Seals are HMACs under a key kept outside the database, so someone holding only the
/// database cannot write a chain that verifies. Entries written before seals were keyed carry
/// a plain SHA-256 hash and no key id; they are accepted only before the first sealed entry.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    /// The unkeyed hash of entries written before the chain was keyed (verification only).
    public static func legacyHash(_ facts: AuditFacts, previous: String) -> String {
        Hex.encode(SHA256.hash(data: canonical([String(facts.sequence), String(facts.atMilliseconds), facts.actorID, facts.action,
                                                facts.recordType, facts.recordID, facts.reason, previous])))
    }

    public static func seal(_ facts: AuditFacts, previous: String, key: AuditSealKey) -> String {
        let message = canonical(["v2", String(facts.sequence), String(facts.atMilliseconds), facts.actorID, facts.organisationID, facts.action,
                                 facts.recordType, facts.recordID, facts.reason, previous, key.id])
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: message, using: key.key))
    }

    /// Length-prefixed fields: no separator inside a value can make two entries alike.
    static func canonical(_ fields: [String]) -> Data {
        var text = ""
        for field in fields { text += "\(field.utf8.count):\(field);" }
        return Data(text.utf8)
    }

    public struct Link: Sendable {
        public var facts: AuditFacts
        public var previousHash: String
        public var hash: String
        /// The sealing key's id; nil for an entry from before the chain was keyed.
        public var keyID: String?

        public init(facts: AuditFacts, previousHash: String, hash: String, keyID: String?) {
            self.facts = facts
            self.previousHash = previousHash
            self.hash = hash
            self.keyID = keyID
        }
    }

    public enum Break: Equatable, Sendable, CustomStringConvertible {
        case missingEntry(expectedSequence: Int64, found: Int64)
        case wrongPreviousHash(sequence: Int64)
        case wrongHash(sequence: Int64)
        case notSealed(sequence: Int64)
        case unknownKey(sequence: Int64)
        case differsFromCheckpoint(sequence: Int64)
        case truncated(lastSequence: Int64, checkpointSequence: Int64)

        public var sequence: Int64 {
            switch self {
            case .missingEntry(let expected, _): expected
            case .wrongPreviousHash(let s), .wrongHash(let s), .notSealed(let s), .unknownKey(let s), .differsFromCheckpoint(let s): s
            case .truncated(let last, _): last + 1
            }
        }

        public var description: String {
            switch self {
            case .missingEntry(let expected, let found):
                "entry \(expected) is missing (the next entry found is \(found))"
            case .wrongPreviousHash(let s): "entry \(s) does not link to the entry before it"
            case .wrongHash(let s): "entry \(s) was changed after it was written"
            case .notSealed(let s): "entry \(s) is not sealed with the audit key, though entries before it are (or a checkpoint says they were)"
            case .unknownKey(let s): "entry \(s) is sealed with a key this server does not hold"
            case .differsFromCheckpoint(let s): "entry \(s) differs from the signed checkpoint taken of it: the chain was rewritten"
            case .truncated(let last, let checkpoint):
                "the chain ends at entry \(last), but a signed checkpoint recorded entry \(checkpoint): entries were deleted from its end"
            }
        }
    }

    /// Walks links in sequence order and returns the first break. It carries the position
    /// between batches, so a long log is verified in bounded memory.
    public struct Verifier: Sendable {
        public private(set) var expectedSequence: Int64 = 1
        public private(set) var previousHash: String = AuditChain.genesis
        public private(set) var checked: Int = 0
        let key: AuditSealKey
        /// Sealed entries from this sequence on, as the checkpoints recorded.
        let sealedFrom: Int64?
        /// Each checkpoint's entry and the seal it recorded.
        let checkpoints: [Int64: String]
        var sealedSeen = false

        public init(key: AuditSealKey, checkpoints: [AuditCheckpoint] = []) {
            self.key = key
            self.sealedFrom = checkpoints.map(\.sealedFrom).min()
            self.checkpoints = Dictionary(checkpoints.map { ($0.sequence, $0.hash) }, uniquingKeysWith: { first, _ in first })
        }

        public mutating func check(_ link: Link) -> Break? {
            defer { checked += 1 }
            let sequence = link.facts.sequence
            if sequence != expectedSequence { return .missingEntry(expectedSequence: expectedSequence, found: sequence) }
            if link.previousHash != previousHash { return .wrongPreviousHash(sequence: sequence) }
            switch link.keyID {
            case nil:
                if sealedSeen || sealedFrom.map({ sequence >= $0 }) == true { return .notSealed(sequence: sequence) }
                if AuditChain.legacyHash(link.facts, previous: link.previousHash) != link.hash { return .wrongHash(sequence: sequence) }
            case key.id:
                sealedSeen = true
                if AuditChain.seal(link.facts, previous: link.previousHash, key: key) != link.hash { return .wrongHash(sequence: sequence) }
            default:
                return .unknownKey(sequence: sequence)
            }
            if let recorded = checkpoints[sequence], recorded != link.hash { return .differsFromCheckpoint(sequence: sequence) }
            expectedSequence += 1
            previousHash = link.hash
            return nil
        }

        /// After the last link: a checkpoint beyond the chain's end means its tail was cut off.
        public func finish() -> Break? {
            let last = expectedSequence - 1
            guard let newest = checkpoints.keys.max(), newest > last else { return nil }
            return .truncated(lastSequence: last, checkpointSequence: newest)
        }
    }
}

/// A signed note of the chain's head, written outside the database (a file, the log, syslog),
/// so that deleting entries from the end of the chain, or rewriting it whole, is found.
public struct AuditCheckpoint: Sendable, Equatable, Codable {
    public var sequence: Int64
    public var hash: String
    public var atMilliseconds: Int64
    /// The first sequence sealed with the key: entries from here on must be sealed.
    public var sealedFrom: Int64
    public var mac: String

    public init(sequence: Int64, hash: String, atMilliseconds: Int64, sealedFrom: Int64, key: AuditSealKey) {
        self.sequence = sequence
        self.hash = hash
        self.atMilliseconds = atMilliseconds
        self.sealedFrom = sealedFrom
        self.mac = ""
        self.mac = signature(key)
    }

    func signature(_ key: AuditSealKey) -> String {
        let message = AuditChain.canonical(["checkpoint", String(sequence), hash, String(atMilliseconds), String(sealedFrom), key.id])
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: message, using: key.key))
    }

    /// One line of the checkpoint file.
    public var line: String {
        "{\"sequence\":\(sequence),\"hash\":\"\(hash)\",\"atMilliseconds\":\(atMilliseconds),\"sealedFrom\":\(sealedFrom),\"mac\":\"\(mac)\"}"
    }

    /// Reads the checkpoint file's lines: the checkpoints whose signature holds, and the numbers
    /// of the lines that do not (a forged or damaged line is reported, never trusted). A last line
    /// without its line end is a write a crash cut short: `tornTail`, not a bad line.
    public static func read(_ text: String, key: AuditSealKey) -> (checkpoints: [AuditCheckpoint], badLines: [Int], tornTail: Bool) {
        var checkpoints: [AuditCheckpoint] = [], bad: [Int] = []
        let tornTail = !text.isEmpty && !text.hasSuffix("\n")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        if tornTail { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            if let checkpoint = try? JSONDecoder().decode(AuditCheckpoint.self, from: Data(line.utf8)),
               checkpoint.signature(key) == checkpoint.mac {
                checkpoints.append(checkpoint)
            } else {
                bad.append(index + 1)
            }
        }
        return (checkpoints, bad, tornTail)
    }
}
