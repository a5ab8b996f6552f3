import Fluent

/// A copy's condition as the librarian notes it ("cover torn, pages 40-48 loose"): kept with the copy,
/// set when it is added or when it goes for repair, shown to readers with where it is.
struct M035LibraryCopyCondition: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("library_copies").field("condition", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("library_copies").deleteField("condition").update()
    }
}
