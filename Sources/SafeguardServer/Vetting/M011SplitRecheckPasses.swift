import Fluent

/// A re-check reports its exact hits at once and finds possible matches afterwards: the report
/// says how far that search is (`checking`, then `done`; earlier re-checks are done), and a lease
/// gives the search to one node at a time.
struct M011SplitRecheckPasses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema("roster_rechecks").field("possible_matches", .string).update()
        try await database.schema("roster_rechecks").field("matching_until", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("roster_rechecks").deleteField("matching_until").update()
        try await database.schema("roster_rechecks").deleteField("possible_matches").update()
    }
}
