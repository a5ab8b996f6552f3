import Fluent
import SQLKit

/// Who trained whom, once per pair: a person attended (present or late) at least one session the
/// other gave. The cascade's walks read these pairs instead of every attendance mark (a programme
/// of 100,000 people has ten times as many marks as pairs); marking attendance keeps them.
struct M029TrainingCascadeLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_cascade_links")
            .field("trainer_participant_id", .uuid, .required, .references("training_participants", "id"))
            .field("participant_id", .uuid, .required, .references("training_participants", "id"))
            .unique(on: "trainer_participant_id", "participant_id")
            .create()
        let sql = database.sql
        // who trained a person, for the walk upstream that keeps the cascade free of loops
        try await sql.create(index: "training_cascade_links_participant").on("training_cascade_links").column("participant_id").column("trainer_participant_id").run()
        // the reach counts the people it finds by target group, sex and institution from the index alone
        try await sql.create(index: "training_participants_counted").on("training_participants")
            .column("id").column("organisation_id").column("target_group").column("sex").column("institution").run()
        try await sql.raw("""
            INSERT INTO training_cascade_links (trainer_participant_id, participant_id)
            SELECT DISTINCT s.trainer_participant_id, a.participant_id FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
            WHERE s.trainer_participant_id IS NOT NULL AND a.mark IN ('present', 'late')
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "training_participants_counted").run()
        try await database.schema("training_cascade_links").delete()
    }
}
