import Crypto
import FieldSealing

/// An HMAC-SHA256 key prepared once for many short values (see FieldSealing.c): swift-crypto's
/// HMAC copies its state into a new allocation for every value and reads the message through
/// generic collection code, which cost several times the two SHA-256 blocks themselves.
final class PreparedHMACKey: @unchecked Sendable {
    static let length = 32
    /// Read-only after it is made, safe to share between threads.
    private let context: UnsafeMutableRawPointer

    init(_ key: SymmetricKey) {
        context = key.withUnsafeBytes { bytes in
            safeguard_hmac_key_new(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count)
        }!
    }

    deinit { safeguard_hmac_key_free(context) }

    /// The MAC of `first` followed by `second`, written into `out` (32 bytes).
    func authenticate(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableRawBufferPointer) {
        let empty: UInt8 = 0
        withUnsafePointer(to: empty) { empty in
            safeguard_hmac_sha256(context, first.baseAddress ?? empty, first.count, second.baseAddress ?? empty, second.count,
                                  out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
    }
}
