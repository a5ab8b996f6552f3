import Fluent
import SQLKit

struct M001CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("regions")
            .field("id", .uuid, .identifier(auto: false))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("parent_id", .uuid, .references("regions", "id"))
            .field("path", .string, .required)
            .unique(on: "code")
            .create()
        try await database.schema("organisations")
            .field("id", .uuid, .identifier(auto: false))
            .field("name", .string, .required)
            .field("type", .string, .required)
            .field("region_id", .uuid, .required, .references("regions", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("users")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("locale", .string, .required)
            .field("active", .bool, .required)
            .field("failed_logins", .int, .required)
            .field("locked_until", .datetime)
            .field("must_change_password", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "username")
            .create()
        try await database.schema("role_grants")
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("role", .string, .required)
            .unique(on: "user_id", "role")
            .create()
        // Browser sessions and API tokens alike; only the SHA-256 of the secret is stored.
        try await database.schema("sessions")
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("kind", .string, .required)
            .field("csrf_token", .string, .required)
            .field("name", .string)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "organisations_region").on("organisations").column("region_id").run()
        try await sql.create(index: "users_organisation").on("users").column("organisation_id").run()
        try await sql.create(index: "sessions_user").on("sessions").column("user_id").run()
        try await sql.create(index: "regions_path").on("regions").column("path").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["sessions", "role_grants", "users", "organisations", "regions"] {
            try await database.schema(table).delete()
        }
    }
}
