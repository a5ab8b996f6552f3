import Fluent
import SQLKit

/// The library's copies, readers, loans and holds. A returned loan loses its reader after
/// `LoanRule.anonymiseAfterDays`: the centre counts use without keeping who read what.
struct M031LibraryCirculation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("library_copies")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title_id", .uuid, .required, .references("library_titles", "id"))
            .field("barcode", .string, .required)
            .field("location", .string)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "organisation_id", "barcode")
            .create()
        try await database.schema("library_readers")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("card_number", .string, .required)
            .field("kind", .string, .required)
            // sealed: a student's or parent's name is personal data
            .field("name", .string, .required)
            .field("contact", .string)
            .field("user_id", .uuid, .references("users", "id"))
            .field("expires_on", .string, .required)
            .field("blocked", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "organisation_id", "card_number")
            .create()
        try await database.schema("library_loans")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("copy_id", .uuid, .required, .references("library_copies", "id"))
            // null once the loan is anonymised
            .field("reader_id", .uuid, .references("library_readers", "id"))
            .field("reader_kind", .string, .required)
            .field("loaned_at", .datetime, .required)
            .field("due_on", .string, .required)
            .field("renewals", .int, .required)
            .field("returned_at", .datetime)
            .field("reminded_for", .string)
            .create()
        try await database.schema("library_holds")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title_id", .uuid, .required, .references("library_titles", "id"))
            .field("reader_id", .uuid, .required, .references("library_readers", "id"))
            .field("status", .string, .required)
            .field("copy_id", .uuid, .references("library_copies", "id"))
            .field("pick_up_by", .string)
            .field("placed_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "library_copies_title").on("library_copies").column("title_id").column("status").run()
        try await sql.create(index: "library_loans_copy").on("library_loans").column("copy_id").column("returned_at").run()
        try await sql.create(index: "library_loans_reader").on("library_loans").column("reader_id").column("returned_at").run()
        // the sweeps: loans past due, and returned loans still naming their reader
        try await sql.create(index: "library_loans_due").on("library_loans").column("returned_at").column("due_on").run()
        try await sql.create(index: "library_loans_returned").on("library_loans").column("returned_at").run()
        try await sql.create(index: "library_holds_title").on("library_holds").column("title_id").column("status").column("placed_at").run()
        try await sql.create(index: "library_holds_reader").on("library_holds").column("reader_id").column("status").run()
        try await sql.create(index: "library_holds_copy").on("library_holds").column("copy_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["library_holds", "library_loans", "library_readers", "library_copies"] { try await database.schema(table).delete() }
    }
}
