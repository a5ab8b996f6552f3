import Fluent
import Foundation
import SafeguardCore
import SQLKit

/// Names are now matched with Mongolian ө and ү folded into о and у (`NameNormaliser`): the keys
/// of the names already stored that hold either letter are computed again, so that a child or a
/// participant recorded before is still found, and still flagged as a possible duplicate. Names
/// are opened a page at a time and only those that change are written.
struct M048RekeyMongolianNames: AsyncMigration {
    let cipher: FieldCipher
    let index: BlindIndex

    func prepare(on database: any Database) async throws {
        let (cipher, index) = (self.cipher, self.index)
        for (table, keyColumn, context) in [("children", "name_hash", ChildStore.context), ("training_participants", "name_key", TrainingStore.context)]
            as [(String, String, @Sendable (UUID, String) -> String)] {
            try await MigrationRows.eachPage(database, "SELECT id, name FROM \(table)") { row, sql in
                let id = try row.decode(column: "id", as: UUID.self)
                guard let sealed = try row.decode(column: "name", as: String?.self) else { return }
                let name: String = try cipher.open(sealed, context: context(id, "name"))
                guard name.unicodeScalars.contains(where: { [0x4E8, 0x4E9, 0x4AE, 0x4AF].contains($0.value) }), let key = index.personName(name) else { return }
                try await sql.update(table).set(SQLIdentifier(keyColumn), to: SQLBind(key)).where("id", .equal, id).run()
            }
        }
    }

    func revert(on database: any Database) async throws {}
}
