import Fluent

/// Each person reads times in their own zone (a setting of theirs), else their organisation's;
/// UTC until either is set, as before.
struct M018TimeZones: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations").field("time_zone", .string).update()
        try await database.schema("users").field("time_zone", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("time_zone").update()
        try await database.schema("organisations").deleteField("time_zone").update()
    }
}
