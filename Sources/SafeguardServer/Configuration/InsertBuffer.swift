import SQLKit

/// Rows that the writes of one commit group insert, gathered per table and written table by table
/// just before the commit, each table's rows through one prepared statement. Tables are written
/// in the order they were first used, so a row is always written after the rows it refers to.
///
/// Only rows nobody reads back inside the same write go through here (contacts, their
/// categories, stays with their guests and flags at check-in, notifications, audit entries).
final class InsertBuffer: @unchecked Sendable {
    private struct Batch {
        let table: String
        let columns: [String]
        var rows: [[SQLBind]] = []
    }

    /// Set by the group commit for the writes it runs; nil elsewhere (PostgreSQL, plain transactions).
    @TaskLocal static var current: InsertBuffer?

    private var batches: [Batch] = []

    func add(_ table: String, columns: [String], rows: [[SQLBind]]) {
        if let index = batches.firstIndex(where: { $0.table == table && $0.columns == columns }) {
            batches[index].rows.append(contentsOf: rows)
        } else {
            batches.append(Batch(table: table, columns: columns, rows: rows))
        }
    }

    func flush(on writer: SQLiteDirectDatabase) throws {
        for batch in batches { try writer.insertEach(into: batch.table, columns: batch.columns, rows: batch.rows) }
        batches.removeAll()
    }
}

extension SQLDatabase {
    /// Inserts rows now, or, inside a commit group, together with the group's other rows.
    func insertRows(into table: String, columns: [String], rows: [[SQLBind]]) async throws {
        guard !rows.isEmpty else { return }
        if let buffer = InsertBuffer.current {
            buffer.add(table, columns: columns, rows: rows)
            return
        }
        try await insertRowsNow(into: table, columns: columns, rows: rows)
    }

    /// Inserts rows now, never left for a commit group's flush: for rows a unique constraint may
    /// refuse, which must fail this write alone, not the group's. Statements of at most 30,000
    /// values: SQLite takes no more than 32,766 in one.
    ///
    /// On SQLite's writer, one row per statement instead: a statement of many rows must be able to
    /// undo itself alone, so SQLite copies every page it first changes to a statement journal (a
    /// fifth of a registry import's time); a one-row statement checks its constraints before it
    /// writes anything. A refused row still fails the write, and its commit group rolls back whole.
    func insertRowsNow(into table: String, columns: [String], rows: [[SQLBind]]) async throws {
        if let writer = self as? SQLiteDirectDatabase {
            try writer.insertEach(into: table, columns: columns, rows: rows)
            return
        }
        let perStatement = max(1, 30_000 / max(1, columns.count))
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let insert = self.insert(into: table).columns(columns)
            for row in rows[start..<min(start + perStatement, rows.count)] { insert.values(row) }
            try await insert.run()
        }
    }
}
