import Crypto
import Foundation

/// AES-256-GCM encryption of single field values.
///
/// Stored form: `v1.<key id>.<base64 of nonce | ciphertext | tag>`. The record's id and the
/// field's name are bound in as associated data, so a ciphertext copied into another row or
/// column fails to open instead of showing the wrong child's data.
public struct FieldCipher: Sendable {
    public let keyring: Keyring

    public init(keyring: Keyring) { self.keyring = keyring }

    public func seal(_ plaintext: String, context: String) throws -> String {
        let key = keyring.fieldKey(keyring.currentKeyID)!
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(context.utf8))
        return "v1.\(keyring.currentKeyID).\(box.combined!.base64EncodedString())"
    }

    public func open(_ stored: String, context: String) throws -> String {
        let parts = stored.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let combined = Data(base64Encoded: String(parts[2])) else {
            throw FieldCipherError.malformed
        }
        guard let key = keyring.fieldKey(String(parts[1])) else { throw FieldCipherError.unknownKey(String(parts[1])) }
        let box = try AES.GCM.SealedBox(combined: combined)
        let data = try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
        guard let text = String(data: data, encoding: .utf8) else { throw FieldCipherError.malformed }
        return text
    }

    /// Bytes (an uploaded document) sealed the same way: `v1.<key id>.` then nonce, ciphertext and tag.
    public func sealData(_ plaintext: Data, context: String) throws -> Data {
        let key = keyring.fieldKey(keyring.currentKeyID)!
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        return Data("v1.\(keyring.currentKeyID).".utf8) + box.combined!
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
        guard let key = keyring.fieldKey(String(parts[1])) else { throw FieldCipherError.unknownKey(String(parts[1])) }
        let box = try AES.GCM.SealedBox(combined: stored[stored.index(after: headerEnd)...])
        return try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
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
