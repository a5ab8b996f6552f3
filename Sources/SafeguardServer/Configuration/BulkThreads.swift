import Foundation
import NIOCore
import NIOPosix

/// Threads for bulk work (sealing a large upload or import, a roster's keys) at a lower priority
/// than the rest of the server: the one writer's thread, which such work waits for, and everyone's
/// requests go first, and the bulk work takes the cores they leave. On the shared cooperative
/// threads, an upload's sealing took the writer's core from it (the upload's writes waited 8.3 s
/// of 9.3 s while the writer's thread ran 6 s).
enum BulkThreads {
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive {
            lowerPriority()
            return try work()
        }
    }

    /// Splits work over the machine's cores (sealing and hashing a large import, opening and
    /// linking a re-check's people), below everything else. Four parts per core, so that a core
    /// is not left idle at the end of a batch while the writer's thread has held up one part.
    static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) throws -> U) async throws -> [U] {
        let parts = min(4 * ProcessInfo.processInfo.activeProcessorCount, max(1, items.count / 200))
        guard parts > 1 else { return try items.map(transform) }
        let size = (items.count + parts - 1) / parts
        return try await withThrowingTaskGroup(of: (Int, [U]).self) { group in
            for part in 0..<parts {
                let slice = Array(items[min(part * size, items.count)..<min((part + 1) * size, items.count)])
                group.addTask {
                    (part, try await run { try slice.map(transform) })
                }
            }
            var results = [[U]](repeating: [], count: parts)
            for try await (part, mapped) in group { results[part] = mapped }
            return results.flatMap { $0 }
        }
    }

    /// Nice 10 for the calling thread: it then gets about a tenth of a core that a thread of
    /// ordinary priority also wants. Raising one's own nice value needs no privilege; on Linux it
    /// is a thread's, and `0` names the calling thread.
    private static func lowerPriority() {
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
    }
}
