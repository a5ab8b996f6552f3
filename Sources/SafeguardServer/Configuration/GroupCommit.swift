import Fluent
import SQLKit
import Vapor

/// The one way to write: `req.write { db in ... }` runs the closure in a transaction, and its
/// caller hears back only after the commit, so whatever was acknowledged is on disk.
///
/// SQLite has one writer and each commit waits for the disk. Writes are therefore queued and
/// run back to back in one transaction (each in its own savepoint, so one failed write leaves
/// the others intact) and committed together: one disk flush acknowledges the whole group.
/// PostgreSQL runs concurrent transactions itself and needs none of this.
actor GroupCommit {
    private struct Job {
        let run: @Sendable (any SQLDatabase) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let database: @Sendable () -> any Database
    private let grouped: Bool
    private let maxGroup: Int
    private var queue: [Job] = []
    private var draining = false

    init(grouped: Bool, maxGroup: Int = 128, database: @escaping @Sendable () -> any Database) {
        self.grouped = grouped
        self.maxGroup = maxGroup
        self.database = database
    }

    func run<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard grouped else {
            return try await db.transaction { transaction in try await body(transaction.sql) }
        }
        let result = try await withCheckedThrowingContinuation { continuation in
            queue.append(Job(run: { try await body($0) }, continuation: continuation))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
        return result as! T
    }

    private func drain() async {
        while !queue.isEmpty {
            let group = Array(queue.prefix(maxGroup))
            queue.removeFirst(group.count)
            let results: [Result<any Sendable, any Error>]
            do {
                results = try await database().transaction { transaction in
                    let sql = transaction.sql
                    var results: [Result<any Sendable, any Error>] = []
                    for (index, job) in group.enumerated() {
                        let savepoint = "w\(index)"
                        try await sql.raw("SAVEPOINT \(ident: savepoint)").run()
                        do {
                            let value = try await job.run(sql)
                            try await sql.raw("RELEASE \(ident: savepoint)").run()
                            results.append(.success(value))
                        } catch {
                            try await sql.raw("ROLLBACK TO \(ident: savepoint)").run()
                            try await sql.raw("RELEASE \(ident: savepoint)").run()
                            results.append(.failure(error))
                        }
                    }
                    return results
                }
            } catch {
                // The commit itself failed: nothing of this group is on disk, so nobody hears "done".
                for job in group { job.continuation.resume(throwing: error) }
                continue
            }
            for (job, result) in zip(group, results) { job.continuation.resume(with: result) }
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
}

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

extension Request {
    /// Runs `body` in one database transaction: all of it is written, or none of it.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await application.groupCommit.run(on: db, body)
    }

    var sql: any SQLDatabase { db.sql }
}
