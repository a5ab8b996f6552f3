import Fluent
import SQLKit

/// Legal matters with their lawyers, hearings and deadlines, privileged notes; case conferences;
/// per-user calendar feeds.
struct M009CreateLegalAid: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("legal_matters")
            .field("id", .uuid, .identifier(auto: false))
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("type", .string, .required)
            .field("opposing_party", .string)
            .field("court", .string)
            .field("case_numbers", .string)
            .field("opened_at", .datetime, .required)
            .field("outcome", .string)
            .field("outcome_at", .datetime)
            .field("outcome_note", .string)
            .field("pro_bono_hours", .double, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .create()
        try await database.schema("matter_lawyers")
            .field("matter_id", .uuid, .required, .references("legal_matters", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .unique(on: "matter_id", "user_id")
            .create()
        try await database.schema("matter_events")
            .field("id", .uuid, .identifier(auto: false))
            .field("matter_id", .uuid, .required, .references("legal_matters", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("place", .string)
            .field("reminded_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        // Privileged: only the matter's lawyers read these.
        try await database.schema("matter_notes")
            .field("id", .uuid, .identifier(auto: false))
            .field("matter_id", .uuid, .required, .references("legal_matters", "id"))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        // Uploaded files, encrypted; a second upload under the same name is its next version.
        try await database.schema("matter_documents")
            .field("id", .uuid, .identifier(auto: false))
            .field("matter_id", .uuid, .required, .references("legal_matters", "id"))
            .field("name", .string, .required)
            .field("version", .int, .required)
            .field("kind", .string, .required)
            .field("size", .int, .required)
            .field("content", .data, .required)
            .field("uploaded_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "matter_id", "name", "version")
            .create()
        try await database.schema("case_conferences")
            .field("id", .uuid, .identifier(auto: false))
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("at", .datetime, .required)
            .field("place", .string)
            .field("decisions", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("conference_participants")
            .field("conference_id", .uuid, .required, .references("case_conferences", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .unique(on: "conference_id", "user_id")
            .create()
        // The SHA-256 of each user's secret feed address.
        try await database.schema("calendar_feeds")
            .field("user_id", .uuid, .identifier(auto: false), .references("users", "id"))
            .field("secret_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "secret_hash")
            .create()
        let sql = database.sql
        try await sql.create(index: "matters_case").on("legal_matters").column("case_id").run()
        try await sql.create(index: "matter_lawyers_user").on("matter_lawyers").column("user_id").run()
        try await sql.create(index: "matter_events_matter").on("matter_events").column("matter_id").column("starts_at").run()
        try await sql.create(index: "matter_notes_matter").on("matter_notes").column("matter_id").run()
        try await sql.create(index: "conferences_case").on("case_conferences").column("case_id").run()
        try await sql.create(index: "conference_participants_user").on("conference_participants").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["calendar_feeds", "conference_participants", "case_conferences", "matter_documents", "matter_notes", "matter_events", "matter_lawyers", "legal_matters"] {
            try await database.schema(table).delete()
        }
    }
}
