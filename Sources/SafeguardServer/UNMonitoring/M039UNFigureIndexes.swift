import Fluent
import SQLKit

/// The indexes the computed figures read by: each counts one organisation's records in a period
/// (contacts, clinical warnings, stays and training sessions had theirs already).
struct M039UNFigureIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.create(index: "reports_organisation_submitted").on("statutory_reports").column("organisation_id").column("submitted_at").run()
        try await sql.create(index: "vetting_queries_unit_answered").on("vetting_queries").column("unit_id").column("answered_at").run()
        try await sql.create(index: "matters_opened").on("legal_matters").column("opened_at").run()
    }

    func revert(on database: any Database) async throws {
        for index in ["reports_organisation_submitted", "vetting_queries_unit_answered", "matters_opened"] { try await database.sql.drop(index: index).run() }
    }
}
