import Fluent
import SQLKit

/// The UN recommendations an organisation follows. Each is one paragraph of one document, held once
/// per organisation; its texts in other languages sit beside it, and its classification is a list
/// of tags (cluster, article, group, SDG target, theme), so that a list filters by any of them
/// through one index.
struct M036UNRecommendations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("un_recommendations")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("mechanism", .string, .required)
            .field("document_symbol", .string, .required)
            .field("paragraph", .string, .required)
            // the symbol and the paragraph as a reader counts them (9 before 10)
            .field("sort_key", .string, .required)
            .field("country", .string, .required)
            .field("year", .int, .required)
            // the text in the language it came in first; others in un_recommendation_texts
            .field("language", .string, .required)
            .field("text", .string, .required)
            .field("recommending_state", .string)
            .field("position", .string)
            .field("urgent", .bool, .required)
            // the latest assessment of its implementation
            .field("status", .string, .required)
            .field("reiterates_id", .uuid, .references("un_recommendations", "id"))
            // `suggested` (by the classifier or a file) until a person confirms it
            .field("classification", .string, .required)
            .field("classifier_version", .string, .required)
            .field("confirmed_by", .uuid, .references("users", "id"))
            .field("confirmed_at", .datetime)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "organisation_id", "document_symbol", "paragraph")
            .create()
        try await database.schema("un_recommendation_texts")
            .field("recommendation_id", .uuid, .required, .references("un_recommendations", "id"))
            .field("language", .string, .required)
            .field("text", .string, .required)
            .unique(on: "recommendation_id", "language")
            .create()
        try await database.schema("un_recommendation_tags")
            .field("recommendation_id", .uuid, .required, .references("un_recommendations", "id"))
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .unique(on: "recommendation_id", "kind", "code")
            .create()
        let sql = database.sql
        try await sql.create(index: "un_recommendations_list").on("un_recommendations").column("organisation_id").column("year").column("sort_key").run()
        try await sql.create(index: "un_recommendations_mechanism").on("un_recommendations").column("organisation_id").column("mechanism").column("status").run()
        try await sql.create(index: "un_recommendations_status").on("un_recommendations").column("organisation_id").column("status").run()
        try await sql.create(index: "un_recommendations_reiterates").on("un_recommendations").column("reiterates_id").run()
        try await sql.create(index: "un_recommendation_tags_code").on("un_recommendation_tags").column("kind").column("code").column("recommendation_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["un_recommendation_tags", "un_recommendation_texts", "un_recommendations"] { try await database.schema(table).delete() }
    }
}
