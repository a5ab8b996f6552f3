import Fluent
import SQLKit

struct M005CreateBreakGlass: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Emergency read access to a case: who, which case, why (encrypted), until when.
        try await database.schema("break_glass")
            .field("id", .uuid, .identifier(auto: false))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("case_id", .uuid, .required, .references("cases", "id"))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("reason", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "break_glass_user_case").on("break_glass").column("user_id").column("case_id").column("expires_at").run()
        try await sql.create(index: "break_glass_organisation").on("break_glass").column("organisation_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("break_glass").delete()
    }
}
