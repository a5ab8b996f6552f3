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
    private let currentPrefix: String

    public init(keyring: Keyring) {
        self.keyring = keyring
        keys = keyring.fieldKeys
        currentKey = keys[keyring.currentKeyID]!
        currentPrefix = "v1.\(keyring.currentKeyID)."
    }

    private func key(_ id: Substring) throws -> SymmetricKey {
        guard let key = keys[String(id)] else { throw FieldCipherError.unknownKey(String(id)) }
        return key
    }

    public func seal(_ plaintext: String, context: String) throws -> String {
        var plaintext = plaintext, context = context
        // The strings' own bytes, not copies in new `Data`: a bulk upload seals millions.
        let box = try plaintext.withUTF8 { text in
            try context.withUTF8 { bound in
                try AES.GCM.seal(UnsafeRawBufferPointer(text), using: currentKey, nonce: RandomBuffer.shared.nonce(), authenticating: UnsafeRawBufferPointer(bound))
            }
        }
        return currentPrefix + box.combined!.base64EncodedString()
    }

    public func open(_ stored: String, context: String) throws -> String {
        let parts = stored.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let combined = Data(base64Encoded: String(parts[2])) else {
            throw FieldCipherError.malformed
        }
        let box = try AES.GCM.SealedBox(combined: combined)
        let data = try AES.GCM.open(box, using: try key(parts[1]), authenticating: Data(context.utf8))
        guard let text = String(data: data, encoding: .utf8) else { throw FieldCipherError.malformed }
        return text
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

    public var description: String {
        switch self {
        case .malformed: "an encrypted value is malformed"
        case .unknownKey(let id): "an encrypted value names key \(id), which the keyring does not hold"
        }
    }
}
