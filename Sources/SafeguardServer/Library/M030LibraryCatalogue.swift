import Fluent
import SQLKit

/// The resource centre's catalogue: titles with the fields a cataloguer expects, their ISBNs (one
/// title per ISBN in a library), and the words a search looks for: an FTS5 table in SQLite, a
/// `tsvector` index over the same words in PostgreSQL.
struct M030LibraryCatalogue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("library_titles")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title", .string, .required)
            .field("subtitle", .string)
            .field("responsibility", .string)
            // [CatalogueEntry.Author] as JSON: who wrote, edited or translated it
            .field("authors", .string, .required)
            .field("edition", .string)
            .field("publisher", .string)
            .field("place", .string)
            .field("year", .int)
            .field("extent", .string)
            .field("isbns", .string, .required)
            .field("issn", .string)
            .field("series", .string)
            // ",mn,en,": filtered with LIKE '%,mn,%'
            .field("languages", .string, .required)
            .field("subjects", .string, .required)
            .field("summary", .string)
            .field("link", .string)
            .field("format", .string, .required)
            .field("audiences", .string, .required)
            .field("search_words", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("library_isbns")
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("isbn", .string, .required)
            .field("title_id", .uuid, .required, .references("library_titles", "id"))
            .unique(on: "organisation_id", "isbn")
            .create()
        let sql = database.sql
        try await sql.create(index: "library_titles_organisation").on("library_titles").column("organisation_id").column("title").run()
        try await sql.create(index: "library_isbns_title").on("library_isbns").column("title_id").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("CREATE INDEX library_titles_search ON library_titles USING GIN (to_tsvector('simple', search_words))").run()
        } else {
            try await sql.raw("CREATE VIRTUAL TABLE library_search USING fts5(words, title_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')").run()
        }
    }

    func revert(on database: any Database) async throws {
        if database.sql.dialect.name != "postgresql" { try await database.sql.raw("DROP TABLE library_search").run() }
        try await database.schema("library_isbns").delete()
        try await database.schema("library_titles").delete()
    }
}
