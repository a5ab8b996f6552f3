import Fluent
import SQLKit

/// Alternative reports: one section per CRC cluster, each citing the recommendations it follows
/// up and the indicators it shows (as a table or a chart, kept as links so that a report shows
/// their values as they are when it is printed). A children's version is a report of its own,
/// written separately, that names the report it goes with.
struct M042UNAlternativeReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("un_reports")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title", .string, .required)
            .field("country", .string, .required)
            .field("mechanism", .string, .required)
            .field("language", .string, .required)
            // `adults` or `children`
            .field("audience", .string, .required)
            .field("word_limit", .int, .required)
            .field("children_version_of", .uuid, .references("un_reports", "id"))
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("un_report_sections")
            .field("id", .uuid, .identifier(auto: false))
            .field("report_id", .uuid, .required, .references("un_reports", "id"))
            .field("cluster", .string, .required)
            .field("position", .int, .required)
            .field("state_claims", .string, .required)
            .field("findings", .string, .required)
            .field("quote_children", .bool, .required)
            .field("words", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "report_id", "cluster")
            .create()
        try await database.schema("un_report_citations")
            .field("section_id", .uuid, .required, .references("un_report_sections", "id"))
            .field("recommendation_id", .uuid, .required, .references("un_recommendations", "id"))
            .unique(on: "section_id", "recommendation_id")
            .create()
        try await database.schema("un_report_figures")
            .field("section_id", .uuid, .required, .references("un_report_sections", "id"))
            .field("indicator_id", .uuid, .required, .references("un_indicators", "id"))
            // `table` or `chart`
            .field("presentation", .string, .required)
            .field("position", .int, .required)
            .unique(on: "section_id", "indicator_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "un_reports_organisation").on("un_reports").column("organisation_id").column("created_at").run()
        try await sql.create(index: "un_report_citations_recommendation").on("un_report_citations").column("recommendation_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["un_report_figures", "un_report_citations", "un_report_sections", "un_reports"] { try await database.schema(table).delete() }
    }
}
