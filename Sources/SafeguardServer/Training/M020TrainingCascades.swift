import Fluent
import SQLKit

/// A session may be given by someone trained earlier (a Change Agent passing the training on):
/// the people who attend it were trained by that person, which is how the cascade is traced.
struct M020TrainingCascades: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_sessions").field("trainer_participant_id", .uuid, .references("training_participants", "id")).update()
        try await database.sql.create(index: "training_sessions_trainer_participant").on("training_sessions").column("trainer_participant_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "training_sessions_trainer_participant").run()
        try await database.schema("training_sessions").deleteField("trainer_participant_id").update()
    }
}
