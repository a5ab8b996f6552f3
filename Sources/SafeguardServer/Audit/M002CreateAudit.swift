import Fluent
import SQLKit

struct M002CreateAudit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // The sequence is assigned by the appender under a lock (not auto-increment), so a gap
        // always means a deleted entry.
        try await database.schema("audit_entries")
            .field("seq", .int64, .identifier(auto: false))
            .field("at_ms", .int64, .required)
            .field("actor_id", .string, .required)
            .field("organisation_id", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string, .required)
            .field("reason", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.sql.create(index: "audit_record").on("audit_entries")
            .column("record_type").column("record_id").column("seq").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").delete()
    }
}
