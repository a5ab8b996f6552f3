import Fluent
import Foundation
import SafeguardCore
import SQLKit

/// Cases carry a seal over the columns that decide who may open them (see CaseSeal); existing
/// cases are sealed as they stand.
struct M015SealCases: AsyncMigration {
    let seal: RowSeal

    func prepare(on database: any Database) async throws {
        try await MigrationRows.addColumn("cases", "seal", on: database)
        let seal = self.seal
        try await MigrationRows.eachPage(database, "SELECT \(CaseSeal.columns) FROM cases") { row, sql in
            let id = try row.decode(column: "id", as: UUID.self)
            let value = seal.seal("cases", try CaseSeal.values(row, team: try await CaseSeal.team(id, on: sql)))
            try await sql.raw("UPDATE cases SET seal = \(bind: value) WHERE id = \(bind: id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("cases").deleteField("seal").update()
    }
}
