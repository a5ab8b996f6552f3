import Crypto
import Foundation

/// The keys that protect personal data at rest.
///
/// Field keys are versioned by a key id stored beside every ciphertext, so a new key can become
/// current while values written under older keys stay readable. The index key is separate and
/// stable: blind indexes (keyed hashes used to find equal values) must not change on rotation.
public struct Keyring: Sendable {
    public let currentKeyID: String
    // Raw bytes rather than `SymmetricKey`, which is not `Sendable`; keys are rebuilt on use.
    private let fieldKeyBytes: [String: Data]
    private let indexKeyBytes: Data

    public var fieldKeys: [String: SymmetricKey] { fieldKeyBytes.mapValues { SymmetricKey(data: $0) } }
    public var indexKey: SymmetricKey { SymmetricKey(data: indexKeyBytes) }

    public init(currentKeyID: String, fieldKeys: [String: SymmetricKey], indexKey: SymmetricKey) throws {
        guard fieldKeys[currentKeyID] != nil else { throw KeyringError.missingCurrentKey(currentKeyID) }
        for (id, key) in fieldKeys where key.bitCount != 256 { throw KeyringError.wrongKeyLength(id) }
        guard indexKey.bitCount == 256 else { throw KeyringError.wrongKeyLength("index") }
        self.currentKeyID = currentKeyID
        self.fieldKeyBytes = fieldKeys.mapValues { key in key.withUnsafeBytes { Data($0) } }
        self.indexKeyBytes = indexKey.withUnsafeBytes { Data($0) }
        // Derived once: the row seal is used on every read of a case.
        func derive(_ info: String) -> Data {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: indexKey, info: Data(info.utf8), outputByteCount: 32).withUnsafeBytes { Data($0) }
        }
        self.auditKeyBytes = derive("safeguard audit chain v2")
        self.rowSealKeyBytes = derive("safeguard row seal v1")
    }

    /// A new keyring with fresh random keys.
    public static func generate() -> Keyring {
        let key = SymmetricKey(size: .bits256)
        return try! Keyring(currentKeyID: keyID(of: key), fieldKeys: [keyID(of: key): key],
                            indexKey: SymmetricKey(size: .bits256))
    }

    /// The key that seals the audit chain and its checkpoints: derived from the index key, so it
    /// lives in the key file (or `SAFEGUARD_KEY`) and never in the database.
    public var auditKey: SymmetricKey { SymmetricKey(data: auditKeyBytes) }
    private let auditKeyBytes: Data

    /// The key that seals the columns deciding who may open a record (see RowSeal).
    public var rowSealKey: SymmetricKey { SymmetricKey(data: rowSealKeyBytes) }
    private let rowSealKeyBytes: Data

    /// A short, non-secret name for a key: the first 8 hex digits of its SHA-256.
    public static func keyID(of key: SymmetricKey) -> String {
        let digest = key.withUnsafeBytes { SHA256.hash(data: Data($0)) }
        return Hex.encode(digest.prefix(4))
    }

    // MARK: file format

    /// The key file: JSON with base64 keys. Written with mode 0600 by the server on first run.
    public struct File: Codable, Sendable {
        public var current: String
        public var keys: [String: String]
        public var index: String
    }

    public init(file: File) throws {
        var keys: [String: SymmetricKey] = [:]
        for (id, encoded) in file.keys {
            guard let data = Data(base64Encoded: encoded) else { throw KeyringError.notBase64(id) }
            keys[id] = SymmetricKey(data: data)
        }
        guard let index = Data(base64Encoded: file.index) else { throw KeyringError.notBase64("index") }
        try self.init(currentKeyID: file.current, fieldKeys: keys, indexKey: SymmetricKey(data: index))
    }

    public var file: File {
        File(current: currentKeyID,
             keys: fieldKeyBytes.mapValues { $0.base64EncodedString() },
             index: indexKeyBytes.base64EncodedString())
    }

    /// A keyring from one base64 master key (e.g. from the environment); the index key is derived
    /// from it with HKDF so that one secret is enough to run.
    public init(masterKeyBase64: String) throws {
        guard let data = Data(base64Encoded: masterKeyBase64.trimmedWhitespace)
        else { throw KeyringError.notBase64("master") }
        let master = SymmetricKey(data: data)
        let index = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("safeguard blind index".utf8),
                                           outputByteCount: 32)
        try self.init(currentKeyID: Keyring.keyID(of: master), fieldKeys: [Keyring.keyID(of: master): master],
                      indexKey: index)
    }
}

public enum KeyringError: Error, CustomStringConvertible, Equatable {
    case missingCurrentKey(String)
    case wrongKeyLength(String)
    case notBase64(String)

    public var description: String {
        switch self {
        case .missingCurrentKey(let id): "the key file names current key \(id) but does not hold it"
        case .wrongKeyLength(let id): "key \(id) is not 256 bits long"
        case .notBase64(let id): "key \(id) is not valid base64"
        }
    }
}
