import Fluent
import SQLKit

/// Training a role must take (within so many days of starting, refreshed every so many months), the
/// link from a participant to the Safeguard user they are, and the reminders sent.
struct M021MandatoryTraining: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_requirements")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("programme_id", .uuid, .required, .references("training_programmes", "id"))
            .field("role", .string, .required)
            .field("within_days", .int, .required)
            .field("refresh_months", .int)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "organisation_id", "programme_id", "role")
            .create()
        try await database.schema("training_participants").field("user_id", .uuid, .references("users", "id")).update()
        try await database.sql.create(index: "training_participants_user").on("training_participants").column("user_id").run()
        // The deadline (and whether it had passed) each person was last reminded of: one reminder per state.
        try await database.schema("training_reminders")
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("requirement_id", .uuid, .required, .references("training_requirements", "id"))
            .field("reminded_for", .string, .required)
            .field("reminded_at", .datetime, .required)
            .unique(on: "user_id", "requirement_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_reminders").delete()
        try await database.sql.drop(index: "training_participants_user").run()
        try await database.schema("training_participants").deleteField("user_id").update()
        try await database.schema("training_requirements").delete()
    }
}
