import Fluent
import Foundation
import SafeguardCore
import SQLKit

/// A child's birth date and sex, and a stay's room, are encrypted like the other identifying
/// fields; the exact birth date is found through a keyed hash of its own. Document numbers in
/// case records and at hotels get keys of their own purpose, so the two cannot be joined by them.
struct M016ProtectChildrenAndStays: AsyncMigration {
    let cipher: FieldCipher
    let index: BlindIndex

    func prepare(on database: any Database) async throws {
        let (cipher, index) = (self.cipher, self.index)
        try await MigrationRows.addColumn("children", "birth_key", on: database)
        // Rows an interrupted run converted already (their sex is sealed) are left as they are.
        try await MigrationRows.eachPage(database, "SELECT id, birth_date, sex, document_number FROM children WHERE sex NOT LIKE 'v1.%'") { row, sql in
            let id = try row.decode(column: "id", as: UUID.self)
            let birth = try row.decode(column: "birth_date", as: String?.self), sex = try row.decode(column: "sex", as: String.self)
            let number = try cipher.open(try row.decode(column: "document_number", as: String?.self), context: ChildStore.context(id, "document_number"))
            try await sql.raw("""
                UPDATE children SET birth_date = \(bind: try cipher.seal(birth, context: ChildStore.context(id, "birth_date"))),
                birth_key = \(bind: birth.map { index.hash($0, domain: .childBirthDate) }),
                sex = \(bind: try cipher.seal(sex, context: ChildStore.context(id, "sex"))),
                document_hash = \(bind: number.flatMap { index.documentNumber($0, domain: .childDocument) }) WHERE id = \(bind: id)
                """).run()
        }
        try await database.sql.raw("DROP INDEX IF EXISTS children_birth").run()
        try await database.sql.raw("CREATE INDEX IF NOT EXISTS children_birth_key ON children (organisation_id, birth_key)").run()

        try await MigrationRows.eachPage(database, "SELECT id, room FROM stays WHERE room NOT LIKE 'v1.%'") { row, sql in
            let id = try row.decode(column: "id", as: UUID.self)
            let room = try cipher.seal(try row.decode(column: "room", as: String.self), context: "stays/\(id.uuidString)/room")
            try await sql.raw("UPDATE stays SET room = \(bind: room) WHERE id = \(bind: id)").run()
        }
        try await MigrationRows.eachPage(database, "SELECT id, document_number FROM stay_guests WHERE document_number IS NOT NULL") { row, sql in
            let id = try row.decode(column: "id", as: UUID.self)
            let number = try cipher.open(try row.decode(column: "document_number", as: String.self), context: "stay_guests/\(id.uuidString)/document_number")
            try await sql.raw("UPDATE stay_guests SET document_key = \(bind: index.documentNumber(number, domain: .stayDocument)) WHERE id = \(bind: id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("children").deleteField("birth_key").update()
    }
}
