import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random bytes from the system's random device, read 4 KiB at a time: AES-GCM nonces and the
/// random bits of record ids.
///
/// `AES.GCM.Nonce()` and `SystemRandomNumberGenerator` ask the kernel for random bytes eight at
/// a time: two system calls per sealed field or per id, a fifth of sealing one. The bytes here
/// come from the same source; only the number of calls changes. Should the device be
/// unreadable, each caller falls back to its own source.
final class RandomBuffer: @unchecked Sendable {
    static let shared = RandomBuffer()

    private let lock = NSLock()
    private var buffer = [UInt8](repeating: 0, count: 4096)
    private var next = 4096

    /// Hands `body` the next `count` random bytes (at most 4,096), or nil when the device cannot be read.
    func take<T>(_ count: Int, _ body: (ArraySlice<UInt8>) throws -> T) rethrows -> T? {
        try lock.withLock {
            if next + count > buffer.count {
                guard refill() else { return nil }
                next = 0
            }
            defer { next += count }
            return try body(buffer[next..<next + count])
        }
    }

    /// Fills `out` (at most 4,096 bytes) with random bytes.
    func fill(_ out: UnsafeMutableRawBufferPointer) {
        if take(out.count, { bytes in bytes.withUnsafeBytes { out.copyMemory(from: $0) } }) == nil {
            var generator = SystemRandomNumberGenerator()
            for index in out.indices { out[index] = generator.next() }
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
