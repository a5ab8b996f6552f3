import Crypto
import FieldSealing

/// An AES-256-GCM key prepared once for many short values (see FieldSealing.c): swift-crypto
/// prepares the key again for every call, which cost more than the encryption itself.
final class PreparedGCMKey: @unchecked Sendable {
    static let nonceLength = 12, tagLength = 16
    /// BoringSSL's context: read-only after it is made, safe to share between threads.
    private let context: UnsafeMutableRawPointer

    init(_ key: SymmetricKey) {
        context = key.withUnsafeBytes { bytes in
            safeguard_gcm_key_new(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count)
        }!
    }

    deinit { safeguard_gcm_key_free(context) }

    /// Writes nonce, ciphertext and tag into `box` (room for text + 28 bytes).
    func seal(_ text: UnsafeBufferPointer<UInt8>, associated: UnsafeBufferPointer<UInt8>, into box: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let base = box.baseAddress!
        RandomBuffer.shared.fill(UnsafeMutableRawBufferPointer(start: base, count: Self.nonceLength))
        return withAddresses(text, associated) { textStart, associatedStart in
            safeguard_gcm_seal(context, base + Self.nonceLength, base, textStart, text.count, associatedStart, associated.count)
        } == 1
    }

    /// Opens nonce, ciphertext and tag into `out` (room for the box less 28 bytes).
    func open(_ box: UnsafeBufferPointer<UInt8>, associated: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard box.count >= Self.nonceLength + Self.tagLength else { return false }
        let sealed = UnsafeBufferPointer(rebasing: box[Self.nonceLength...])
        var spare: UInt8 = 0
        return withAddresses(sealed, associated) { sealedStart, associatedStart in
            withUnsafeMutablePointer(to: &spare) { spare in
                safeguard_gcm_open(context, out.baseAddress ?? spare, box.baseAddress!, sealedStart, sealed.count, associatedStart, associated.count)
            }
        } == 1
    }

    /// Empty buffers may have no address; C is always given one.
    private func withAddresses<T>(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>,
                                  _ body: (UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> T) -> T {
        let empty: UInt8 = 0
        return withUnsafePointer(to: empty) { empty in body(a.baseAddress ?? empty, b.baseAddress ?? empty) }
    }
}
