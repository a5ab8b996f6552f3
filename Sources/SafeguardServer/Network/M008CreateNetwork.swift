import Fluent
import SQLKit

/// The referral network's directory and the referrals sent through it.
struct M008CreateNetwork: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // An organisation or a professional of the network; in Safeguard (a user or an
        // organisation here) or reached outside it.
        try await database.schema("directory_entries")
            .field("id", .uuid, .identifier(auto: false))
            .field("name", .string, .required)
            .field("profession", .string, .required)
            .field("services", .string, .required)
            .field("languages", .string, .required)
            .field("region_id", .uuid, .required, .references("regions", "id"))
            .field("capacity", .int, .required)
            .field("available", .bool, .required)
            .field("contact", .string, .required)
            .field("user_id", .uuid, .references("users", "id"))
            .field("organisation_id", .uuid, .references("organisations", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("referrals")
            .field("id", .uuid, .identifier(auto: false))
            // A referral starts from a case or, during a call, from a contact.
            .field("case_id", .uuid, .references("cases", "id"))
            .field("contact_id", .uuid, .references("contacts", "id"))
            .field("from_user_id", .uuid, .required, .references("users", "id"))
            .field("from_organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("to_entry_id", .uuid, .required, .references("directory_entries", "id"))
            .field("service", .string, .required)
            .field("consent", .string, .required)
            .field("override_reason", .string)
            .field("shared_sections", .string, .required)
            .field("summary", .string, .required)
            .field("status", .string, .required)
            // 0 waiting for the receiver, 1 being worked, 2 closed: the inboxes' first sort key.
            .field("open_rank", .int, .required)
            .field("due_at", .datetime, .required)
            .field("answer", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("referral_events")
            .field("id", .uuid, .identifier(auto: false))
            .field("referral_id", .uuid, .required, .references("referrals", "id"))
            .field("at", .datetime, .required)
            .field("kind", .string, .required)
            .field("actor_id", .uuid, .references("users", "id"))
            .field("recorded_for_outside", .bool, .required)
            .create()
        // Multi-disciplinary teams per region, their members (from the directory) and meeting schedule.
        try await database.schema("mdt_teams")
            .field("id", .uuid, .identifier(auto: false))
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("region_id", .uuid, .required, .references("regions", "id"))
            .field("meeting_schedule", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("mdt_members")
            .field("team_id", .uuid, .required, .references("mdt_teams", "id"))
            .field("entry_id", .uuid, .required, .references("directory_entries", "id"))
            .field("role", .string, .required)
            .unique(on: "team_id", "entry_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "mdt_region").on("mdt_teams").column("region_id").run()
        try await sql.create(index: "directory_region").on("directory_entries").column("region_id").run()
        try await sql.create(index: "directory_user").on("directory_entries").column("user_id").run()
        try await sql.create(index: "directory_organisation").on("directory_entries").column("organisation_id").run()
        // Both inboxes read in their own order from these: equality on the party, then rank and due time.
        try await sql.create(index: "referrals_sender").on("referrals").column("from_organisation_id").column("open_rank").column("due_at").column("id").run()
        try await sql.create(index: "referrals_receiver").on("referrals").column("to_entry_id").column("open_rank").column("due_at").column("id").run()
        try await sql.create(index: "referrals_case").on("referrals").column("case_id").run()
        try await sql.create(index: "referral_events_referral").on("referral_events").column("referral_id").column("at").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["mdt_members", "mdt_teams", "referral_events", "referrals", "directory_entries"] { try await database.schema(table).delete() }
    }
}
