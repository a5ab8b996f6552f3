import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random 96-bit AES-GCM nonces, read from the system's random device a few hundred at a time.
///
/// `AES.GCM.Nonce()` asks the kernel for random bytes eight at a time: two system calls per
/// sealed field, a fifth of sealing one. The bytes here come from the same source; only the
/// number of calls changes. Should the device be unreadable, each nonce falls back to `Nonce()`.
final class NonceSource: @unchecked Sendable {
    static let shared = NonceSource()

    private static let nonceSize = 12
    private let lock = NSLock()
    private var buffer = [UInt8](repeating: 0, count: 12 * 341)
    private var next = 12 * 341

    func nonce() -> AES.GCM.Nonce {
        lock.withLock {
            if next + Self.nonceSize > buffer.count {
                guard refill() else { return AES.GCM.Nonce() }
                next = 0
            }
            defer { next += Self.nonceSize }
            return try! AES.GCM.Nonce(data: buffer[next..<next + Self.nonceSize])
        }
    }

    private func refill() -> Bool {
        let device = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard device >= 0 else { return false }
        defer { close(device) }
        var filled = 0
        while filled < buffer.count {
            let count = buffer.withUnsafeMutableBytes { read(device, $0.baseAddress! + filled, $0.count - filled) }
            guard count > 0 else { return false }
            filled += count
        }
        return true
    }
}
