import Fluent
import SQLKit

/// Consultations where children give their views for a report, and their views: never who gave
/// them, only the age band, grouped by cluster, and whether the child agreed to be quoted.
struct M041UNChildrenViews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("un_consultations")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("held_on", .string, .required)
            .field("place", .string, .required)
            .field("method", .string, .required)
            // `8_12; 13_15`
            .field("age_bands", .string, .required)
            .field("children", .int, .required)
            .field("child_consent", .bool, .required)
            .field("guardian_consent", .bool, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("un_child_views")
            .field("id", .uuid, .identifier(auto: false))
            .field("consultation_id", .uuid, .required, .references("un_consultations", "id"))
            .field("cluster", .string, .required)
            .field("age_band", .string, .required)
            .field("view", .string, .required)
            .field("may_quote", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "un_consultations_organisation").on("un_consultations").column("organisation_id").column("held_on").run()
        try await sql.create(index: "un_child_views_consultation").on("un_child_views").column("consultation_id").column("cluster").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["un_child_views", "un_consultations"] { try await database.schema(table).delete() }
    }
}
