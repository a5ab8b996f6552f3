import Fluent
import Foundation
import SQLKit

/// What data migrations share: a column added once even when an interrupted run added it
/// already, and rows converted a page at a time, each page in one transaction (one commit per
/// 1,000 rows, and a run cut short leaves whole pages done).
enum MigrationRows {
    static func addColumn(_ table: String, _ column: String, on database: any Database) async throws {
        do {
            try await database.schema(table).field(.definition(name: .key(FieldKey(stringLiteral: column)), dataType: .string, constraints: [])).update()
        } catch {
            guard (try? await database.sql.raw("SELECT \(ident: column) FROM \(ident: table) LIMIT 1").all()) != nil else { throw error }
        }
    }

    /// Calls `body` with every row of `query` (which selects `id` and has no ORDER BY or LIMIT).
    static func eachPage(_ database: any Database, _ query: String,
                         _ body: @escaping @Sendable (any SQLRow, any SQLDatabase) async throws -> Void) async throws {
        var after: UUID?
        let joiner = query.contains("WHERE") ? " AND" : " WHERE"
        while true {
            let next: SQLQueryString = after.map { "\(unsafeRaw: joiner) id > \(bind: $0)" } ?? ""
            let rows = try await database.sql.raw("\(unsafeRaw: query)\(next) ORDER BY id LIMIT 1000").all()
            guard let last = rows.last else { return }
            try await database.transaction { transaction in
                for row in rows { try await body(row, transaction.sql) }
            }
            guard rows.count == 1000 else { return }
            after = try last.decode(column: "id", as: UUID.self)
        }
    }
}
