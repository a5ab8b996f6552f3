import Fluent

/// Cohorts anyone may register for on a public page, and what a person who registered themselves
/// asked the organisers to arrange (sealed).
struct M022OpenRegistration: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_cohorts").field("open_registration", .bool).update()
        try await database.schema("training_enrolments").field("self_registered", .bool).update()
        try await database.schema("training_enrolments").field("needs", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_enrolments").deleteField("needs").update()
        try await database.schema("training_enrolments").deleteField("self_registered").update()
        try await database.schema("training_cohorts").deleteField("open_registration").update()
    }
}
