import Crypto
import Foundation

/// AES-256-GCM encryption of single field values.
///
/// Stored form: `v1.<key id>.<base64 of nonce | ciphertext | tag>`. The record's id and the
/// field's name are bound in as associated data, so a ciphertext copied into another row or
/// column fails to open instead of showing the wrong child's data.
public struct FieldCipher: Sendable {
    public let keyring: Keyring
    /// The keys made once, not for every value (a bulk import seals millions). Never changed once
    /// made; swift-crypto does not mark them Sendable.
    nonisolated(unsafe) private let keys: [String: SymmetricKey]
    nonisolated(unsafe) private let currentKey: SymmetricKey
    /// The same keys prepared for short values: every field goes through these.
    private let preparedKeys: [String: PreparedGCMKey]
    private let currentPrepared: PreparedGCMKey
    private let currentPrefix: String

    public init(keyring: Keyring) {
        self.keyring = keyring
        keys = keyring.fieldKeys
        currentKey = keys[keyring.currentKeyID]!
        preparedKeys = keys.mapValues(PreparedGCMKey.init)
        currentPrepared = preparedKeys[keyring.currentKeyID]!
        currentPrefix = "v1.\(keyring.currentKeyID)."
    }

    private func key(_ id: Substring) throws -> SymmetricKey {
        guard let key = keys[String(id)] else { throw FieldCipherError.unknownKey(String(id)) }
        return key
    }

    public func seal(_ plaintext: String, context: String) throws -> String {
        var plaintext = plaintext, context = context, prefix = currentPrefix
        // The strings' own bytes and a box on the stack: a bulk upload seals millions.
        return try plaintext.withUTF8 { text in
            try context.withUTF8 { bound in
                try prefix.withUTF8 { prefix in
                    let boxLength = PreparedGCMKey.nonceLength + text.count + PreparedGCMKey.tagLength
                    return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: boxLength) { box in
                        guard currentPrepared.seal(text, associated: bound, into: box) else { throw FieldCipherError.sealingFailed }
                        return String(unsafeUninitializedCapacity: prefix.count + Base64.encodedLength(boxLength)) { out in
                            _ = out.initialize(from: prefix)
                            return prefix.count + Base64.encode(UnsafeRawBufferPointer(box), into: UnsafeMutableBufferPointer(rebasing: out[prefix.count...]))
                        }
                    }
                }
            }
        }
    }

    public func open(_ stored: String, context: String) throws -> String {
        var stored = stored, context = context
        return try stored.withUTF8 { text in
            // v1.<key id>.<base64 of the box>
            guard text.count > 3, text[0] == UInt8(ascii: "v"), text[1] == UInt8(ascii: "1"), text[2] == UInt8(ascii: "."),
                  let dot = text[3...].firstIndex(of: UInt8(ascii: ".")),
                  let box = Base64.decode(UnsafeBufferPointer(rebasing: text[(dot + 1)...])),
                  box.count >= PreparedGCMKey.nonceLength + PreparedGCMKey.tagLength else { throw FieldCipherError.malformed }
            let id = String(decoding: UnsafeBufferPointer(rebasing: text[3..<dot]), as: UTF8.self)
            guard let key = preparedKeys[id] else { throw FieldCipherError.unknownKey(id) }
            let length = box.count - PreparedGCMKey.nonceLength - PreparedGCMKey.tagLength
            return try context.withUTF8 { bound in
                try box.withUnsafeBufferPointer { box in
                    try String(unsafeUninitializedCapacity: length) { out in
                        guard key.open(box, associated: bound, into: out) else { throw FieldCipherError.authenticationFailed }
                        return length
                    }
                }
            }
        }
    }

    /// Bytes (an uploaded document) sealed the same way: `v1.<key id>.` then nonce, ciphertext and tag.
    public func sealData(_ plaintext: Data, context: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: currentKey, nonce: RandomBuffer.shared.nonce(), authenticating: Data(context.utf8))
        return Data(currentPrefix.utf8) + box.combined!
    }

    public func openData(_ stored: Data, context: String) throws -> Data {
        // The header is ASCII up to the second dot; the rest is the sealed box.
        var dots = 0, headerEnd = stored.startIndex
        for index in stored.indices where stored[index] == UInt8(ascii: ".") {
            dots += 1
            if dots == 2 { headerEnd = index; break }
        }
        guard dots == 2, let header = String(data: stored[stored.startIndex..<headerEnd], encoding: .utf8) else { throw FieldCipherError.malformed }
        let parts = header.split(separator: ".")
        guard parts.count == 2, parts[0] == "v1" else { throw FieldCipherError.malformed }
        let box = try AES.GCM.SealedBox(combined: stored[stored.index(after: headerEnd)...])
        return try AES.GCM.open(box, using: try key(parts[1]), authenticating: Data(context.utf8))
    }

    public func seal(_ plaintext: String?, context: String) throws -> String? {
        guard let plaintext, !plaintext.isEmpty else { return nil }
        return try seal(plaintext, context: context) as String
    }

    public func open(_ stored: String?, context: String) throws -> String? {
        guard let stored else { return nil }
        return try open(stored, context: context) as String
    }

    /// The key id a stored value was sealed with, for re-encryption after rotation.
    public static func keyID(of stored: String) -> String? {
        let parts = stored.split(separator: ".", maxSplits: 2)
        return parts.count == 3 ? String(parts[1]) : nil
    }
}

public enum FieldCipherError: Error, Equatable, CustomStringConvertible {
    case malformed
    case unknownKey(String)
    case sealingFailed
    /// The value was changed, or belongs to another record or field, or the key is wrong.
    case authenticationFailed

    public var description: String {
        switch self {
        case .malformed: "an encrypted value is malformed"
        case .sealingFailed: "a value could not be encrypted"
        case .authenticationFailed: "an encrypted value does not verify for this record and field"
        case .unknownKey(let id): "an encrypted value names key \(id), which the keyring does not hold"
        }
    }
}
