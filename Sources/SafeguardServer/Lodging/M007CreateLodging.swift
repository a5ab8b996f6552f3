import Fluent
import SQLKit

/// Lodging businesses, minors' stays with their guests, visitors and flags (Five Musts).
struct M007CreateLodging: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("lodging_businesses")
            .field("organisation_id", .uuid, .identifier(auto: false), .references("organisations", "id"))
            .field("licence_number", .string, .required)
            .field("address", .string, .required)
            .create()
        try await database.schema("stays")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("room", .string, .required)
            .field("checked_in_at", .datetime, .required)
            .field("checked_out_at", .datetime)
            .field("guest_count", .int, .required)
            .field("minor_count", .int, .required)
            // The most urgent flag (red, orange, yellow) or null; its rank for sorting (0 red ... 3 none).
            .field("flag_colour", .string)
            .field("flag_rank", .int, .required)
            .field("observations", .string, .required)
            .field("guardian_name", .string)
            .field("guardian_phone", .string)
            .field("guardian_relationship", .string, .required)
            .field("guardian_reached", .bool, .required)
            .field("guardian_contacted_at", .datetime)
            .field("report_id", .uuid, .references("statutory_reports", "id"))
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("anonymised_at", .datetime)
            .create()
        // Minors, co-occupants and visitors. Names and document numbers are encrypted; the
        // document's keyed hash finds a missing child's stays.
        try await database.schema("stay_guests")
            .field("id", .uuid, .identifier(auto: false))
            .field("stay_id", .uuid, .required, .references("stays", "id"))
            .field("kind", .string, .required)
            .field("name", .string)
            .field("document_type", .string)
            .field("document_number", .string)
            .field("document_key", .string)
            .field("age", .int)
            .field("sex", .string, .required)
            .field("relationship", .string)
            .field("identity_check", .string)
            .field("arrived_at", .datetime)
            .field("left_at", .datetime)
            .field("guest_consent", .bool)
            .create()
        try await database.schema("stay_flags")
            .field("stay_id", .uuid, .required, .references("stays", "id"))
            .field("code", .string, .required)
            .field("colour", .string, .required)
            .field("reason", .string, .required)
            .unique(on: "stay_id", "code")
            .create()
        // Five Musts, item 4: the clerk's rounds past a minor's room.
        try await database.schema("stay_patrols")
            .field("id", .uuid, .identifier(auto: false))
            .field("stay_id", .uuid, .required, .references("stays", "id"))
            .field("at", .datetime, .required)
            .field("clerk_id", .uuid, .required, .references("users", "id"))
            .field("note", .string)
            .create()
        let sql = database.sql
        try await sql.create(index: "stay_patrols_stay").on("stay_patrols").column("stay_id").column("at").run()
        // A business's own list, flagged first: equality on the business, then the list's order.
        try await sql.raw("CREATE INDEX stays_organisation ON stays (organisation_id, flag_rank, checked_in_at DESC, id)").run()
        // The police's list walks stays in the list's order and keeps those in its jurisdiction;
        // guests still in the building have an index of their own (a small, partial one).
        try await sql.raw("CREATE INDEX stays_flagged ON stays (flag_rank, checked_in_at DESC, id, organisation_id)").run()
        try await sql.raw("CREATE INDEX stays_current ON stays (flag_rank, checked_in_at DESC, id, organisation_id) WHERE checked_out_at IS NULL").run()
        try await sql.create(index: "stays_retention").on("stays").column("anonymised_at").column("checked_in_at").run()
        try await sql.create(index: "stay_guests_stay").on("stay_guests").column("stay_id").run()
        try await sql.create(index: "stay_guests_document").on("stay_guests").column("document_key").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["stay_patrols", "stay_flags", "stay_guests", "stays", "lodging_businesses"] { try await database.schema(table).delete() }
    }
}
