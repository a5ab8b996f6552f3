import Fluent
import SQLKit
import Vapor

/// Serialises write transactions on SQLite, which allows one writer at a time: waiting here is
/// cheaper than SQLite's busy loop, and it rules out the deadlock of two deferred transactions
/// upgrading to writers. PostgreSQL needs no gate.
actor WriteGate {
    private let enabled: Bool
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(enabled: Bool) { self.enabled = enabled }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard enabled else { return try await body() }
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

extension Application {
    struct WriteGateKey: StorageKey { typealias Value = WriteGate }

    var writeGate: WriteGate {
        get { storage[WriteGateKey.self]! }
        set { storage[WriteGateKey.self] = newValue }
    }
}

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

extension Request {
    /// Runs `body` in one database transaction: all of it is written, or none of it.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = self.db
        return try await application.writeGate.run {
            try await db.transaction { transaction in try await body(transaction.sql) }
        }
    }

    var sql: any SQLDatabase { db.sql }
}

extension Application {
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = self.db
        return try await writeGate.run {
            try await db.transaction { transaction in try await body(transaction.sql) }
        }
    }
}
