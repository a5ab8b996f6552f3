import SQLKit

/// Row locks for work that several PostgreSQL nodes may try at once. SQLite has a single writer
/// (one node, every write in the write queue), so it needs no clause.
extension SQLDatabase {
    /// Locks the selected rows until the transaction ends.
    var forUpdate: SQLQueryString { dialect.name == "postgresql" ? " FOR UPDATE" : "" }
    /// Takes the selected rows that no other node has locked, and skips the rest.
    var forUpdateSkipLocked: SQLQueryString { dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : "" }
}
