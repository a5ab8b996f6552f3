import Fluent
import SQLKit

/// A programme's test questions (the same test before and after, so that the difference is what was
/// learned) and each participant's scored results per cohort.
struct M023TrainingTests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_questions")
            .field("id", .uuid, .identifier(auto: false))
            .field("programme_id", .uuid, .required, .references("training_programmes", "id"))
            .field("position", .int, .required)
            .field("text", .string, .required)
            // a JSON array of the choices' texts
            .field("choices", .string, .required)
            .field("correct_choice", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "programme_id", "position")
            .create()
        try await database.schema("training_test_results")
            .field("cohort_id", .uuid, .required, .references("training_cohorts", "id"))
            .field("participant_id", .uuid, .required, .references("training_participants", "id"))
            .field("kind", .string, .required)
            .field("score", .int, .required)
            .field("out_of", .int, .required)
            .field("answers", .string, .required)
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("recorded_at", .datetime, .required)
            .unique(on: "cohort_id", "participant_id", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_test_results").delete()
        try await database.schema("training_questions").delete()
    }
}
