import Fluent
import SQLKit

/// The multi-disciplinary team a report also went to, where the reporter's country pack asks for
/// one (Mongolia's khoroo, soum or district team); none for the reports before.
struct M046ReportsToLocalTeams: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("statutory_reports").field("team_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("statutory_reports").deleteField("team_id").update()
    }
}
