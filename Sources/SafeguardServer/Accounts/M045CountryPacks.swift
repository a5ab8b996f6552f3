import Fluent
import SQLKit

/// Each organisation's country pack; those that were there before are China's, as they behaved.
struct M045CountryPacks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations").field("country_pack", .string, .required, .sql(.default("CN"))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").deleteField("country_pack").update()
    }
}
