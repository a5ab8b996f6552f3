import Fluent
import SQLKit

/// What participants thought of each session (rated 1 to 5, with an optional comment), and when
/// each session's reminder and request for feedback went out, so that neither is sent twice; and
/// the index the year's training figures read certificates by.
struct M025SessionFeedback: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_sessions").field("reminded_at", .datetime).update()
        try await database.schema("training_sessions").field("feedback_asked_at", .datetime).update()
        try await database.schema("training_session_feedback")
            .field("id", .uuid, .identifier(auto: false))
            .field("session_id", .uuid, .required, .references("training_sessions", "id"))
            // the participant who gave it themselves, so that a second answer replaces the first;
            // null for a paper form typed in by the trainer
            .field("participant_id", .uuid, .references("training_participants", "id"))
            .field("relevance", .int)
            .field("trainer", .int)
            .field("materials", .int)
            .field("organisation", .int)
            .field("overall", .int)
            .field("comment", .string)
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("recorded_at", .datetime, .required)
            .unique(on: "session_id", "participant_id")
            .create()
        // the sweeps look for sessions starting within a day and sessions that have just ended
        let sql = database.sql
        try await sql.create(index: "training_sessions_starts").on("training_sessions").column("starts_at").run()
        try await sql.create(index: "training_sessions_ends").on("training_sessions").column("ends_at").run()
        // the year's figures count the certificates issued in it
        try await sql.create(index: "training_certificates_issued").on("training_certificates").column("issued_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_session_feedback").delete()
        try await database.sql.drop(index: "training_sessions_starts").run()
        try await database.sql.drop(index: "training_sessions_ends").run()
        try await database.sql.drop(index: "training_certificates_issued").run()
        try await database.schema("training_sessions").deleteField("feedback_asked_at").update()
        try await database.schema("training_sessions").deleteField("reminded_at").update()
    }
}
