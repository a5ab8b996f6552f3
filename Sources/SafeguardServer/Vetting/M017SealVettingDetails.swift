import Fluent
import Foundation
import SafeguardCore
import SQLKit

/// What the vetting tables kept in plaintext is sealed: a registry record's offence, decision,
/// authority, scope and source reference (the reference found through its keyed hash); a member
/// of staff's position and reference; a query's authorisation reference and answer. Existing rows
/// are converted a page at a time.
struct M017SealVettingDetails: AsyncMigration {
    let services: AppServices

    func prepare(on database: any Database) async throws {
        let services = self.services
        try await MigrationRows.addColumn("registry_records", "details", on: database)
        // Each conversion skips what an interrupted run converted already.
        try await MigrationRows.eachPage(database, "SELECT * FROM registry_records WHERE details IS NULL") { row, sql in
            let id = try row.decode(column: "id", as: UUID.self)
            let details = RegistryDetails(offenceCategory: try row.decode(column: "offence_category", as: String.self),
                                          decisionType: try row.decode(column: "decision_type", as: String.self),
                                          decisionDate: try row.decode(column: "decision_date", as: String.self),
                                          issuingAuthority: try row.decode(column: "issuing_authority", as: String.self),
                                          prohibitionScope: try row.decode(column: "prohibition_scope", as: String.self),
                                          sourceReference: try row.decode(column: "source_reference", as: String.self))
            try await sql.raw("""
                UPDATE registry_records SET details = \(bind: try RegistryStore.sealDetails(details, id: id, services: services)),
                offence_category = '', decision_type = '', decision_date = '', issuing_authority = '', prohibition_scope = '',
                source_reference = \(bind: RegistryStore.referenceKey(details.sourceReference, services.blindIndex)) WHERE id = \(bind: id)
                """).run()
        }
        try await MigrationRows.eachPage(database, """
            SELECT id, position, staff_reference FROM roster_entries
            WHERE ((position IS NOT NULL AND position NOT LIKE 'v1.%') OR (staff_reference IS NOT NULL AND staff_reference NOT LIKE 'v1.%'))
            """) { row, sql in
            let id = try row.decode(column: "id", as: UUID.self)
            func sealed(_ column: String) throws -> String? {
                let value = try row.decode(column: column, as: String?.self)
                return value?.hasPrefix("v1.") == true ? value : try Rosters.staffSeal(value, column, id, services)
            }
            try await sql.raw("UPDATE roster_entries SET position = \(bind: try sealed("position")), staff_reference = \(bind: try sealed("staff_reference")) WHERE id = \(bind: id)").run()
        }
        try await MigrationRows.eachPage(database, "SELECT id, authorisation_reference, answer FROM vetting_queries WHERE answer NOT LIKE 'v1.%'") { row, sql in
            let id = try row.decode(column: "id", as: UUID.self)
            let answer = VettingAnswer(rawValue: try row.decode(column: "answer", as: String.self)) ?? .underReview
            try await sql.raw("""
                UPDATE vetting_queries SET answer = \(bind: try VettingQueries.sealAnswer(answer, queryID: id, services: services)),
                authorisation_reference = \(bind: try services.cipher.seal(try row.decode(column: "authorisation_reference", as: String?.self),
                                                                          context: "vetting_queries/\(id.uuidString)/authorisation_reference"))
                WHERE id = \(bind: id)
                """).run()
        }
    }

    struct Irreversible: Error, CustomStringConvertible {
        var description: String { "M017 cannot be reverted: the plaintext columns it emptied are kept only sealed" }
    }

    func revert(on database: any Database) async throws { throw Irreversible() }
}
