import Fluent
import SQLKit

/// Evidence attached to a change project's progress report (a revised syllabus, minutes of the
/// faculty's meeting, photographs), each file encrypted at rest like a legal document.
struct M028ChangeEvidence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("change_project_evidence")
            .field("id", .uuid, .identifier(auto: false))
            .field("report_id", .uuid, .required, .references("change_project_reports", "id"))
            .field("filename", .string, .required)
            .field("file_kind", .string, .required)
            .field("size", .int, .required)
            .field("content", .data, .required)
            .field("uploaded_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "change_project_evidence_report").on("change_project_evidence").column("report_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("change_project_evidence").delete()
    }
}
