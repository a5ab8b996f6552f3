import Foundation

/// AES-256-GCM encryption of single field values.
///
/// Stored form: `v1.<key id>.<base64 of nonce | ciphertext | tag>`. The record's id and the
/// field's name are bound in as associated data, so a ciphertext copied into another row or
/// column fails to open instead of showing the wrong child's data.
public struct FieldCipher: Sendable {
    public let keyring: Keyring
    /// Each key prepared once (see `PreparedGCMKey`), not for every value: a bulk import seals millions.
    private let keys: [String: PreparedGCMKey]
    private let currentKey: PreparedGCMKey
    private let currentPrefix: String

    public init(keyring: Keyring) {
        self.keyring = keyring
        keys = keyring.fieldKeys.mapValues(PreparedGCMKey.init)
        currentKey = keys[keyring.currentKeyID]!
        currentPrefix = "v1.\(keyring.currentKeyID)."
    }

    public func seal(_ plaintext: String, context: String) throws -> String {
        var plaintext = plaintext, context = context, prefix = currentPrefix
        // The strings' own bytes and a box on the stack: a bulk upload seals millions.
        return try plaintext.withUTF8 { text in
            try context.withUTF8 { bound in
                try prefix.withUTF8 { prefix in
                    let boxLength = PreparedGCMKey.nonceLength + text.count + PreparedGCMKey.tagLength
                    return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: boxLength) { box in
                        guard currentKey.seal(text, associated: bound, into: box) else { throw FieldCipherError.sealingFailed }
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
        let named = context
        return try stored.withUTF8 { text in
            let (key, start) = try header(text)
            guard let box = Base64.decode(UnsafeBufferPointer(rebasing: text[start...])) else { throw FieldCipherError.malformed }
            return try context.withUTF8 { bound in
                try box.withUnsafeBufferPointer { box in
                    try String(unsafeUninitializedCapacity: try openedLength(box)) { out in
                        guard key.open(box, associated: bound, into: out) else { throw FieldCipherError.authenticationFailed(context: named) }
                        return out.count
                    }
                }
            }
        }
    }

    /// Bytes (an uploaded document) sealed the same way: `v1.<key id>.` then nonce, ciphertext and tag.
    public func sealData(_ plaintext: Data, context: String) throws -> Data {
        var context = context
        var box = Data(count: PreparedGCMKey.nonceLength + plaintext.count + PreparedGCMKey.tagLength)
        let sealed = plaintext.withUnsafeBytes { text in
            context.withUTF8 { bound in
                box.withUnsafeMutableBytes { box in currentKey.seal(text.bindMemory(to: UInt8.self), associated: bound, into: box.bindMemory(to: UInt8.self)) }
            }
        }
        guard sealed else { throw FieldCipherError.sealingFailed }
        return Data(currentPrefix.utf8) + box
    }

    public func openData(_ stored: Data, context: String) throws -> Data {
        var context = context
        return try stored.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let (key, start) = try header(bytes)
            let box = UnsafeBufferPointer(rebasing: bytes[start...])
            var opened = Data(count: try openedLength(box))
            let verified = context.withUTF8 { bound in
                opened.withUnsafeMutableBytes { out in key.open(box, associated: bound, into: out.bindMemory(to: UInt8.self)) }
            }
            guard verified else { throw FieldCipherError.authenticationFailed(context: context) }
            return opened
        }
    }

    /// The key named by a stored value's `v1.<key id>.` and where its box begins.
    private func header(_ stored: UnsafeBufferPointer<UInt8>) throws -> (key: PreparedGCMKey, boxStart: Int) {
        guard stored.count > 3, stored[0] == UInt8(ascii: "v"), stored[1] == UInt8(ascii: "1"), stored[2] == UInt8(ascii: "."),
              let dot = stored[3...].firstIndex(of: UInt8(ascii: ".")) else { throw FieldCipherError.malformed }
        let id = String(decoding: UnsafeBufferPointer(rebasing: stored[3..<dot]), as: UTF8.self)
        guard let key = keys[id] else { throw FieldCipherError.unknownKey(id) }
        return (key, dot + 1)
    }

    private func openedLength(_ box: UnsafeBufferPointer<UInt8>) throws -> Int {
        let length = box.count - PreparedGCMKey.nonceLength - PreparedGCMKey.tagLength
        guard length >= 0 else { throw FieldCipherError.malformed }
        return length
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
    /// `context` names the table, row id and column (never a value).
    case authenticationFailed(context: String)

    public var description: String {
        switch self {
        case .malformed: "an encrypted value is malformed"
        case .sealingFailed: "a value could not be encrypted"
        case .authenticationFailed(let context): "the encrypted value of \(context) does not verify for this record and field"
        case .unknownKey(let id): "an encrypted value names key \(id), which the keyring does not hold"
        }
    }
}
