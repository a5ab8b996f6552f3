import Fluent
import SQLKit

/// Rooms, the days they close, bookings and each booking's occurrences. An occurrence is a row of
/// its own, so that a new booking is checked against a room's others by one indexed range read,
/// and one occurrence of a series can be cancelled alone.
struct M032Rooms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rooms")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("capacity", .int, .required)
            .field("equipment", .string)
            .field("accessibility", .string)
            // `MO,TU,WE,TH,FR`, and `08:00` to `18:00`, in the organisation's time zone
            .field("open_days", .string, .required)
            .field("opens", .string, .required)
            .field("closes", .string, .required)
            .field("needs_approval", .bool, .required)
            // the SHA-256 of the secret in the room's calendar address; null until a manager makes one
            .field("feed_hash", .string)
            .field("feed_locale", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "organisation_id", "name")
            .create()
        try await database.schema("room_closures")
            .field("room_id", .uuid, .required, .references("rooms", "id"))
            .field("day", .string, .required)
            .field("reason", .string, .required)
            .unique(on: "room_id", "day")
            .create()
        try await database.schema("room_bookings")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("room_id", .uuid, .required, .references("rooms", "id"))
            .field("purpose", .string, .required)
            .field("title", .string, .required)
            .field("people", .int, .required)
            .field("first_day", .string, .required)
            .field("starts", .string, .required)
            .field("ends", .string, .required)
            .field("rule", .string)
            .field("status", .string, .required)
            .field("booked_by", .uuid, .required, .references("users", "id"))
            .field("decided_by", .uuid, .references("users", "id"))
            .field("cohort_id", .uuid, .references("training_cohorts", "id"))
            // RFC 5545's SEQUENCE: raised on each change, so calendars replace what they hold
            .field("sequence", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("room_occurrences")
            .field("id", .uuid, .identifier(auto: false))
            .field("booking_id", .uuid, .required, .references("room_bookings", "id"))
            .field("room_id", .uuid, .required, .references("rooms", "id"))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("cancelled", .bool, .required)
            .field("training_session_id", .uuid, .references("training_sessions", "id"))
            .create()
        let sql = database.sql
        try await sql.create(index: "room_occurrences_room").on("room_occurrences").column("room_id").column("starts_at").run()
        try await sql.create(index: "room_occurrences_booking").on("room_occurrences").column("booking_id").column("starts_at").run()
        try await sql.create(index: "room_bookings_room").on("room_bookings").column("room_id").column("status").run()
        try await sql.create(index: "room_bookings_booker").on("room_bookings").column("booked_by").run()
        try await sql.create(index: "room_bookings_waiting").on("room_bookings").column("organisation_id").column("status").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["room_occurrences", "room_bookings", "room_closures", "rooms"] { try await database.schema(table).delete() }
    }
}
