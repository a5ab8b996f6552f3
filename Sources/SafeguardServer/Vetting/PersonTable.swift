import Foundation
import SQLKit
import Vapor

/// A table of people with tables of keys beside it that find them (each naming the person in
/// the same column): registry records and roster entries are written and removed the same way.
struct PersonTable: Sendable {
    let table: String
    /// The blocking keys, written with the people (registry) or after them (roster, `RosterKeys`).
    let blocks: String
    let keyTables: [String]
    /// The key tables' column naming the person.
    let owner: String
    /// Whether rows may wait for the commit group's flush (see `InsertBuffer`): only where no
    /// unique constraint can fail there, which would fail the writes of the whole group.
    let buffered: Bool

    static let registry = PersonTable(table: "registry_records", blocks: "registry_blocks", keyTables: ["registry_blocks"], owner: "record_id", buffered: false)
    static let roster = PersonTable(table: "roster_entries", blocks: "roster_blocks", keyTables: ["roster_blocks", "roster_documents"], owner: "entry_id",
                                    buffered: true)

    /// Writes the people and their blocking keys (if any).
    func insert(columns: [String], rows: [[SQLBind]], blocks: [[SQLBind]], on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        if buffered {
            try await db.insertRows(into: table, columns: columns, rows: rows)
            try await db.insertRows(into: self.blocks, columns: [owner, "block_key"], rows: blocks)
            return
        }
        try await db.insertRowsNow(into: table, columns: columns, rows: rows)
        try await db.insertRowsNow(into: self.blocks, columns: [owner, "block_key"], rows: blocks)
    }

    /// Removes the people `selection` picks, with their keys, 5,000 per transaction.
    func remove(where selection: SQLQueryString, app: Application) async throws {
        while true {
            let removed = try await app.write { db -> Int in
                let ids = try await db.raw("SELECT id FROM \(ident: table) WHERE \(selection) LIMIT 5000").all().map { try $0.decode(column: "id", as: UUID.self) }
                guard !ids.isEmpty else { return 0 }
                for keys in keyTables { try await db.raw("DELETE FROM \(ident: keys) WHERE \(ident: owner) IN (\(binds: ids))").run() }
                try await db.raw("DELETE FROM \(ident: table) WHERE id IN (\(binds: ids))").run()
                return ids.count
            }
            if removed == 0 { break }
        }
    }
}
