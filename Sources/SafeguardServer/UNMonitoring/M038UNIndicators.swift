import Fluent
import SQLKit

/// Indicators of a recommendation or of a whole cluster: entered by hand with their source, or
/// computed from the organisation's own records by a declared figure. Every value is kept with
/// its period, and a computed one with the figure's version and when it was computed.
struct M038UNIndicators: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("un_indicators")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("title", .string, .required)
            .field("recommendation_id", .uuid, .references("un_recommendations", "id"))
            .field("cluster", .string)
            // `helpline.contacts`; none for an indicator entered by hand
            .field("figure", .string)
            .field("unit", .string)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("un_indicator_values")
            .field("id", .uuid, .identifier(auto: false))
            .field("indicator_id", .uuid, .required, .references("un_indicators", "id"))
            // the first and last days of the period (UTC, as the statistics pages count)
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            // by hand: the value, its source and the source's date
            .field("value", .double)
            .field("source", .string)
            .field("source_date", .string)
            // computed: the count (or a share's part and whole) and the definition that counted it
            .field("numerator", .int)
            .field("denominator", .int)
            .field("definition", .string)
            .field("computed_at", .datetime)
            .field("entered_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "un_indicators_organisation").on("un_indicators").column("organisation_id").column("created_at").run()
        try await sql.create(index: "un_indicators_recommendation").on("un_indicators").column("recommendation_id").run()
        try await sql.create(index: "un_indicator_values_period").on("un_indicator_values").column("indicator_id").column("period_start").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["un_indicator_values", "un_indicators"] { try await database.schema(table).delete() }
    }
}
