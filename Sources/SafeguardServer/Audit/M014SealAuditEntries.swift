import Fluent

/// Audit entries are sealed with a keyed HMAC from now on; each records the id of its key.
/// Earlier entries keep their plain hash and no key id.
struct M014SealAuditEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries").field("key_id", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").deleteField("key_id").update()
    }
}
