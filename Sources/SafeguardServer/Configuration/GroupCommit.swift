import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// The one way to write: `req.write { db in ... }` runs the closure in a transaction, and its
/// caller hears back only after the commit, so whatever was acknowledged is on disk.
///
/// SQLite has one writer and each commit waits for the disk. Writes are therefore queued and
/// run back to back in one transaction and committed together: one disk flush acknowledges the
/// whole group. A write that fails rolls the group back and the others are run again, so a
/// failed write leaves no trace and costs the others only time.
/// PostgreSQL runs concurrent transactions itself and needs none of this.
actor GroupCommit {
    private struct Job {
        let run: @Sendable (any SQLDatabase) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct JobFailed: Error {
        let index: Int
        let error: any Error
    }

    private let writer: SQLiteWriter?
    /// Every write can append to the audit chain or seal a row, so every write runs with the keys.
    private let keys: WriteKeys
    private let maxGroup: Int
    private var queue: [Job] = []
    private var draining = false

    /// Groups writes on `writer` (SQLite); without one, each write is a transaction of its own.
    init(writer: SQLiteWriter?, keys: WriteKeys, maxGroup: Int = 128) {
        self.writer = writer
        self.keys = keys
        self.maxGroup = maxGroup
    }

    func run<T: Sendable>(on db: @autoclosure () -> any Database, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let writer else {
            let keys = self.keys
            return try await db().transaction { transaction in
                try await WriteKeys.$current.withValue(keys) { try await body(transaction.sql) }
            }
        }
        let result = try await withCheckedThrowingContinuation { continuation in
            queue.append(Job(run: { try await body($0) }, continuation: continuation))
            if !draining {
                draining = true
                Task { await drain(on: writer) }
            }
        }
        return result as! T
    }

    private func drain(on writer: SQLiteWriter) async {
        while !queue.isEmpty {
            let group = Array(queue.prefix(maxGroup))
            queue.removeFirst(group.count)
            // Optimistic: the group runs without savepoints. When a write fails, the whole
            // transaction rolls back, that writer hears its error, and the others run again.
            let results: [any Sendable]
            do {
                let buffer = InsertBuffer()
                let keys = self.keys
                let head = AuditLog.ChainHead(key: keys.audit)
                results = try await writer.transaction {
                    try await WriteKeys.$current.withValue(keys) { try await AuditLog.$chainHead.withValue(head) {
                        try await InsertBuffer.$current.withValue(buffer) {
                            var results: [any Sendable] = []
                            for (index, job) in group.enumerated() {
                                do {
                                    results.append(try await job.run(writer.database))
                                } catch {
                                    throw JobFailed(index: index, error: error)
                                }
                            }
                            return results
                        }
                    } }
                } finish: {
                    try buffer.flush(on: writer.database)
                }
            } catch {
                if let failed = error as? JobFailed {
                    group[failed.index].continuation.resume(throwing: failed.error)
                    queue.insert(contentsOf: group.enumerated().filter { $0.offset != failed.index }.map(\.element), at: 0)
                } else {
                    // The commit itself failed: nothing of this group is on disk, so nobody hears "done".
                    for job in group { job.continuation.resume(throwing: error) }
                }
                continue
            }
            for (job, result) in zip(group, results) { job.continuation.resume(returning: result) }
        }
        draining = false
    }
}

extension Application {
    struct GroupCommitKey: StorageKey { typealias Value = GroupCommit }

    var groupCommit: GroupCommit {
        get { storage[GroupCommitKey.self]! }
        set { storage[GroupCommitKey.self] = newValue }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await groupCommit.run(on: db, body)
    }

    /// Reads of committed data: on SQLite the direct readers (statements kept, large page caches).
    var sql: any SQLDatabase { sqliteDirect?.readers ?? db.sql }
}

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

extension Application {
    /// `write`, and when the write is refused because the child may already be registered, records
    /// that `actor` was shown those other children's records (the write itself rolled back).
    func write<T: Sendable>(as actor: @autoclosure () throws -> Actor, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await write(body)
        } catch AppError.duplicateSuspected(let matches) {
            let actor = try actor()
            try await write { db in try await AuditLog.append(ChildStore.auditEntries(for: matches), by: actor, on: db) }
            throw AppError.duplicateSuspected(matches)
        }
    }
}

extension Request {
    /// Runs `body` in one database transaction: all of it is written, or none of it.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await application.write(as: try actor(), body)
    }

    var sql: any SQLDatabase { application.sql }
}
