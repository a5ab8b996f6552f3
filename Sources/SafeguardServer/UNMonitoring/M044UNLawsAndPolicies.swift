import Fluent
import SQLKit

/// Laws and policies an organisation proposes or follows: each with its stages over time (the
/// newest is where it stands), the organisation's submissions with their files (encrypted), and
/// the recommendations it answers.
struct M044UNLawsAndPolicies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("un_laws")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title", .string, .required)
            .field("jurisdiction", .string, .required)
            .field("kind", .string, .required)
            .field("summary", .string, .required)
            // the newest stage's, kept beside it so that the list filters by it through an index
            .field("stage", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("un_law_stages")
            .field("id", .uuid, .identifier(auto: false))
            .field("law_id", .uuid, .required, .references("un_laws", "id"))
            .field("stage", .string, .required)
            .field("changed_on", .string, .required)
            .field("note", .string)
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("un_law_submissions")
            .field("id", .uuid, .identifier(auto: false))
            .field("law_id", .uuid, .required, .references("un_laws", "id"))
            .field("submitted_on", .string, .required)
            .field("recipient", .string, .required)
            .field("summary", .string, .required)
            .field("filename", .string)
            .field("file_kind", .string)
            .field("size", .int)
            .field("content", .data)
            .field("submitted_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("un_law_recommendations")
            .field("law_id", .uuid, .required, .references("un_laws", "id"))
            .field("recommendation_id", .uuid, .required, .references("un_recommendations", "id"))
            .unique(on: "law_id", "recommendation_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "un_laws_organisation").on("un_laws").column("organisation_id").column("stage").column("created_at").run()
        try await sql.create(index: "un_law_stages_law").on("un_law_stages").column("law_id").column("changed_on").run()
        try await sql.create(index: "un_law_submissions_law").on("un_law_submissions").column("law_id").column("submitted_on").run()
        try await sql.create(index: "un_law_recommendations_recommendation").on("un_law_recommendations").column("recommendation_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["un_law_recommendations", "un_law_submissions", "un_law_stages", "un_laws"] { try await database.schema(table).delete() }
    }
}
