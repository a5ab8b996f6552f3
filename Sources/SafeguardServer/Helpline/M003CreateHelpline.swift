import Fluent
import SQLKit

struct M003CreateHelpline: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Columns holding personal data carry AES-GCM ciphertext (see FieldCipher); codes and
        // times stay plain so that lists, filters and statistics run in SQL.
        try await database.schema("contacts")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("counsellor_id", .uuid, .required, .references("users", "id"))
            .field("case_id", .uuid)
            .field("channel", .string, .required)
            .field("contact_type", .string, .required)
            .field("started_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("caller_type", .string)
            .field("caller_anonymous", .bool, .required)
            .field("caller_name", .string)
            .field("caller_hash", .string)
            .field("child_age", .int)
            .field("child_age_band", .string)
            .field("child_gender", .string)
            .field("child_location", .string)
            .field("child_language", .string)
            .field("child_school", .string)
            .field("child_living_situation", .string)
            .field("categories", .string, .required)
            .field("urgency", .string, .required)
            .field("summary", .string)
            .field("actions", .string, .required)
            .field("referral_targets", .string)
            .field("callback_requested", .bool, .required)
            .field("callback_consent", .bool, .required)
            // Kept (encrypted) only when the caller agreed to be called back.
            .field("callback_number", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("contact_categories")
            .field("contact_id", .uuid, .required, .references("contacts", "id"))
            .field("code", .string, .required)
            .unique(on: "contact_id", "code")
            .create()
        let sql = database.sql
        try await sql.create(index: "contacts_org_started").on("contacts").column("organisation_id").column("started_at").run()
        try await sql.create(index: "contacts_counsellor_started").on("contacts").column("counsellor_id").column("started_at").run()
        try await sql.create(index: "contacts_caller").on("contacts").column("caller_hash").column("started_at").run()
        try await sql.create(index: "contacts_case").on("contacts").column("case_id").run()
        try await sql.create(index: "contact_categories_code").on("contact_categories").column("code").column("contact_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("contact_categories").delete()
        try await database.schema("contacts").delete()
    }
}
