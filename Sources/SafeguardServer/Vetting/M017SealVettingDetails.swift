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
        let sql = database.sql
        try await database.schema("registry_records").field("details", .string).update()
        try await page(sql, "SELECT * FROM registry_records") { row in
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
        try await page(sql, "SELECT id, position, staff_reference FROM roster_entries WHERE (position IS NOT NULL OR staff_reference IS NOT NULL)") { row in
            let id = try row.decode(column: "id", as: UUID.self)
            try await sql.raw("""
                UPDATE roster_entries SET position = \(bind: try Rosters.staffSeal(try row.decode(column: "position", as: String?.self), "position", id, services)),
                staff_reference = \(bind: try Rosters.staffSeal(try row.decode(column: "staff_reference", as: String?.self), "staff_reference", id, services))
                WHERE id = \(bind: id)
                """).run()
        }
        try await page(sql, "SELECT id, authorisation_reference, answer FROM vetting_queries") { row in
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

    /// Runs `body` on every row of `query` (which selects `id`), 1,000 at a time in id order.
    private func page(_ sql: any SQLDatabase, _ query: String, _ body: (any SQLRow) async throws -> Void) async throws {
        var after: UUID?
        while true {
            let joiner = query.contains("WHERE") ? " AND" : " WHERE"
            let next: SQLQueryString = after.map { "\(unsafeRaw: joiner) id > \(bind: $0)" } ?? ""
            let rows = try await sql.raw("\(unsafeRaw: query)\(next) ORDER BY id LIMIT 1000").all()
            for row in rows { try await body(row) }
            guard rows.count == 1000, let last = rows.last else { return }
            after = try last.decode(column: "id", as: UUID.self)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("registry_records").deleteField("details").update()
    }
}
