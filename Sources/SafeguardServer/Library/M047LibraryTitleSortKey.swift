import Fluent
import Foundation
import SafeguardCore
import SQLKit

/// Each title's sort key (`SortKey`), so that the catalogue lists Mongolian titles in the
/// alphabet's order (ө after о, ү after у) from an index, on both databases; the titles already
/// there get theirs a page at a time.
struct M047LibraryTitleSortKey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await MigrationRows.addColumn("library_titles", "sort_key", on: database)
        try await MigrationRows.eachPage(database, "SELECT id, title FROM library_titles WHERE sort_key IS NULL") { row, sql in
            try await sql.update("library_titles").set("sort_key", to: SortKey.of(try row.decode(column: "title", as: String.self)))
                .where("id", .equal, try row.decode(column: "id", as: UUID.self)).run()
        }
        try await database.sql.raw("CREATE INDEX IF NOT EXISTS library_titles_sort ON library_titles (sort_key, id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX IF EXISTS library_titles_sort").run()
        try await database.schema("library_titles").deleteField("sort_key").update()
    }
}
