import Fluent
import SQLKit

/// The centre's own categories, a tree named in several languages, and the titles filed in each:
/// the codes also kept on the title (`categories`, `,CP,FAM,`), so that a title reads with its own.
struct M033LibraryCategories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("library_categories")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("code", .string, .required)
            .field("parent_id", .uuid, .references("library_categories", "id"))
            // {"mn": "...", "en": "...", "zh": "..."}
            .field("names", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "organisation_id", "code")
            .create()
        try await database.schema("library_title_categories")
            .field("title_id", .uuid, .required, .references("library_titles", "id"))
            .field("category_id", .uuid, .required, .references("library_categories", "id"))
            .unique(on: "title_id", "category_id")
            .create()
        try await database.schema("library_titles").field("categories", .string, .required, .sql(.default(","))).update()
        try await database.sql.create(index: "library_title_categories_category").on("library_title_categories").column("category_id").column("title_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("library_titles").deleteField("categories").update()
        for table in ["library_title_categories", "library_categories"] { try await database.schema(table).delete() }
    }
}
