import Fluent
import SQLKit

/// Consultations a resource centre gives: to a professional (on-the-job consultancy, perhaps about a
/// case) or to a parent or child (information, counselling), by topic. The advice and follow-up are
/// sealed like case notes: they describe a child's situation.
struct M026Consultations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("consultations")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("given_by", .uuid, .required, .references("users", "id"))
            .field("given_on", .string, .required)
            .field("kind", .string, .required)
            .field("recipient", .string, .required)
            // a professional's field (a target group of training); null for a parent or child
            .field("profession", .string)
            .field("topic", .string, .required)
            .field("case_id", .uuid, .references("cases", "id"))
            .field("minutes", .int, .required)
            .field("advice", .string, .required)
            .field("follow_up", .string)
            .field("follow_up_on", .string)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "consultations_organisation").on("consultations").column("organisation_id").column("given_on").run()
        try await sql.create(index: "consultations_given_by").on("consultations").column("given_by").column("given_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("consultations").delete()
    }
}
