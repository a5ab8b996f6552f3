import Fluent
import SQLKit

/// The follow-up of a recommendation: the institutions that lead it or take part, the actions
/// planned with their owners and due dates, and the assessments of how far it is implemented,
/// each dated, with its evidence and who judged it. The latest assessment is the recommendation's status.
struct M037UNFollowUp: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("un_institutions")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            // the name folded in Swift (any script's capitals; SQLite's LOWER folds only ASCII), to find it however it is typed
            .field("name_key", .string, .required)
            .unique(on: "organisation_id", "name_key")
            .create()
        try await database.schema("un_recommendation_institutions")
            .field("recommendation_id", .uuid, .required, .references("un_recommendations", "id"))
            .field("institution_id", .uuid, .required, .references("un_institutions", "id"))
            // `lead` or `partner`
            .field("role", .string, .required)
            .unique(on: "recommendation_id", "institution_id")
            .create()
        try await database.schema("un_actions")
            .field("id", .uuid, .identifier(auto: false))
            .field("recommendation_id", .uuid, .required, .references("un_recommendations", "id"))
            .field("title", .string, .required)
            .field("institution_id", .uuid, .references("un_institutions", "id"))
            .field("due_on", .string)
            .field("status", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("un_assessments")
            .field("id", .uuid, .identifier(auto: false))
            .field("recommendation_id", .uuid, .required, .references("un_recommendations", "id"))
            .field("assessed_on", .string, .required)
            .field("status", .string, .required)
            .field("evidence", .string, .required)
            .field("judged_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "un_recommendation_institutions_institution").on("un_recommendation_institutions").column("institution_id").run()
        try await sql.create(index: "un_actions_recommendation").on("un_actions").column("recommendation_id").column("due_on").run()
        try await sql.create(index: "un_actions_due").on("un_actions").column("status").column("due_on").run()
        try await sql.create(index: "un_assessments_recommendation").on("un_assessments").column("recommendation_id").column("assessed_on").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["un_assessments", "un_actions", "un_recommendation_institutions", "un_institutions"] { try await database.schema(table).delete() }
    }
}
