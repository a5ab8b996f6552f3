import Fluent
import SQLKit

/// Change Agents: a programme whose graduates become agents of their batch, the region a participant
/// works in, and the change projects agents carry out (milestones and dated progress reports).
struct M024ChangeAgents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_programmes").field("change_agents", .bool).update()
        try await database.schema("training_participants").field("region_id", .uuid, .references("regions", "id")).update()
        try await database.schema("change_projects")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("cohort_id", .uuid, .references("training_cohorts", "id"))
            .field("title", .string, .required)
            .field("goal", .string, .required)
            .field("institutions", .string, .required)
            .field("status", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("change_project_agents")
            .field("project_id", .uuid, .required, .references("change_projects", "id"))
            .field("participant_id", .uuid, .required, .references("training_participants", "id"))
            .unique(on: "project_id", "participant_id")
            .create()
        try await database.schema("change_project_milestones")
            .field("id", .uuid, .identifier(auto: false))
            .field("project_id", .uuid, .required, .references("change_projects", "id"))
            .field("title", .string, .required)
            .field("due_on", .string, .required)
            .field("done_on", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("change_project_reports")
            .field("id", .uuid, .identifier(auto: false))
            .field("project_id", .uuid, .required, .references("change_projects", "id"))
            .field("reported_on", .string, .required)
            .field("progress", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "change_projects_organisation").on("change_projects").column("organisation_id").column("status").run()
        try await sql.create(index: "change_project_agents_participant").on("change_project_agents").column("participant_id").run()
        try await sql.create(index: "change_project_milestones_project").on("change_project_milestones").column("project_id").column("due_on").run()
        try await sql.create(index: "change_project_reports_project").on("change_project_reports").column("project_id").column("reported_on").run()
        try await sql.create(index: "training_participants_region").on("training_participants").column("region_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for index in ["training_participants_region", "change_project_reports_project", "change_project_milestones_project",
                      "change_project_agents_participant", "change_projects_organisation"] {
            try await sql.drop(index: index).run()
        }
        for table in ["change_project_reports", "change_project_milestones", "change_project_agents", "change_projects"] {
            try await database.schema(table).delete()
        }
        try await database.schema("training_participants").deleteField("region_id").update()
        try await database.schema("training_programmes").deleteField("change_agents").update()
    }
}
