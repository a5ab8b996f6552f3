import Fluent
import SQLKit

/// A roster upload stores its people and answers; the keys that find them afterwards (document
/// keys and fuzzy blocking keys, for monitoring, subject access and the search for possible
/// matches) are written in the background (`RosterKeys`). Random keys indexed 2,000 rows per
/// commit rewrote most of their index pages at every commit: a million staff took 100 s.
/// Registry records and roster entries also seal a person's details as one value.
struct M012RosterKeysInBackground: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("roster_documents")
            .field("entry_id", .uuid, .required, .references("roster_entries", "id"))
            .field("document_key", .int64, .required)
            .create()
        let sql = database.sql
        try await sql.raw("INSERT INTO roster_documents (entry_id, document_key) SELECT id, document_key FROM roster_entries WHERE document_key IS NOT NULL").run()
        try await sql.create(index: "roster_documents_key").on("roster_documents").column("document_key").run()
        try await sql.create(index: "roster_documents_entry").on("roster_documents").column("entry_id").run()
        try await sql.drop(index: "roster_entries_document").run()
        // Pages of an upload in id order are one range of one index, which also holds what the
        // exact pass of a re-check reads (a roster's entries are appended to it in this order).
        try await sql.drop(index: "roster_entries_upload").run()
        try await sql.create(index: "roster_entries_upload").on("roster_entries").column("upload_id").column("id").column("document_key").column("removed_at").run()
        // Pending while the keys are written; older uploads (NULL) have theirs. One column per statement: SQLite adds one at a time.
        try await database.schema("roster_uploads").field("keys_status", .string).update()
        try await database.schema("roster_uploads").field("keys_until", .datetime).update()
        // Name, birth date and document number sealed as one value (`VettingPeople.sealIdentity`).
        try await database.schema("roster_entries").field("person", .string).update()
        try await database.schema("registry_records").field("person", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("registry_records").deleteField("person").update()
        try await database.schema("roster_entries").deleteField("person").update()
        try await database.schema("roster_uploads").deleteField("keys_until").update()
        try await database.schema("roster_uploads").deleteField("keys_status").update()
        let sql = database.sql
        try await sql.drop(index: "roster_entries_upload").run()
        try await sql.create(index: "roster_entries_upload").on("roster_entries").column("upload_id").run()
        try await sql.create(index: "roster_entries_document").on("roster_entries").column("document_key").run()
        try await database.schema("roster_documents").delete()
    }
}
