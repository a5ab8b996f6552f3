import Fluent
import SQLKit

/// PostgreSQL keeps each title's search vector as a stored column with its GIN index, so that
/// ranking the matches reads the vector instead of building it again from the words for every
/// matching title (SQLite searches its FTS5 table and needs nothing).
struct M034LibrarySearchVector: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("""
            ALTER TABLE library_titles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_words)) STORED
            """).run()
        try await sql.raw("DROP INDEX library_titles_search").run()
        try await sql.raw("CREATE INDEX library_titles_search ON library_titles USING GIN (search_vector)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("DROP INDEX library_titles_search").run()
        try await sql.raw("ALTER TABLE library_titles DROP COLUMN search_vector").run()
        try await sql.raw("CREATE INDEX library_titles_search ON library_titles USING GIN (to_tsvector('simple', search_words))").run()
    }
}
