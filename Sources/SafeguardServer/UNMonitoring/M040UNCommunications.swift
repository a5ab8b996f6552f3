import Fluent
import SQLKit

/// Individual communications to the Committee on the Rights of the Child (third Optional Protocol)
/// that an organisation supports. The child is a pseudonym; a case is linked only by someone who
/// may open it, and shown only to those who may.
struct M040UNCommunications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("un_communications")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("reference", .string, .required)
            .field("child_pseudonym", .string, .required)
            .field("case_id", .uuid, .references("cases", "id"))
            .field("state", .string, .required)
            // `19; 37a`
            .field("articles", .string, .required)
            .field("remedies_exhausted", .bool, .required)
            .field("remedies_note", .string)
            .field("interim_measures", .bool, .required)
            .field("committee_reference", .string)
            .field("submitted_on", .string)
            .field("registered_on", .string)
            .field("admissibility_on", .string)
            .field("admissibility", .string)
            .field("views_on", .string)
            .field("views", .string)
            .field("follow_up", .string)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "organisation_id", "reference")
            .create()
        try await database.sql.create(index: "un_communications_organisation").on("un_communications").column("organisation_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("un_communications").delete()
    }
}
