import FluentPostgresDriver
import Foundation

/// A unique constraint that refused a row: two requests wrote the same barcode, card, code or name
/// at the same moment, each having checked before the other wrote (PostgreSQL's transactions do
/// not see each other's rows until they commit; SQLite writes one at a time and checks first).
/// The second is told so as a conflict, never an internal error.
enum UniqueViolation {
    static func matches(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        // SQLITE_CONSTRAINT, and its extended SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY
        if let error = error as? SQLiteDirectError { return [19, 2067, 1555].contains(error.code) }
        return false
    }
}
