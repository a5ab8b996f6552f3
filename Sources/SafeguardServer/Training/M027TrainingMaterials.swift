import Fluent
import SQLKit

/// Training materials (leaflets, handbooks, curricula, slides, textbooks, case studies) in versions,
/// each version's file encrypted at rest like a legal document; those marked public are listed in
/// the public catalogue.
struct M027TrainingMaterials: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_materials")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("language", .string, .required)
            .field("licence", .string, .required)
            .field("author_organisation", .string, .required)
            .field("public", .bool, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("training_material_versions")
            .field("id", .uuid, .identifier(auto: false))
            .field("material_id", .uuid, .required, .references("training_materials", "id"))
            .field("version", .int, .required)
            .field("filename", .string, .required)
            .field("file_kind", .string, .required)
            .field("size", .int, .required)
            .field("content", .data, .required)
            .field("uploaded_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "material_id", "version")
            .create()
        let sql = database.sql
        try await sql.create(index: "training_materials_organisation").on("training_materials").column("organisation_id").column("updated_at").run()
        try await sql.create(index: "training_materials_public").on("training_materials").column("public").column("updated_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_material_versions").delete()
        try await database.schema("training_materials").delete()
    }
}
