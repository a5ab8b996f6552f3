import Fluent
import SQLKit

/// The reporting calendar: each dated step of a country's cycle before a mechanism, and the
/// organisation's own deadlines, with when it was done and when its reminder went.
struct M043UNReportingCalendar: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("un_reporting_steps")
            .field("id", .uuid, .identifier(auto: false))
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("country", .string, .required)
            .field("mechanism", .string, .required)
            .field("step", .string, .required)
            .field("due_on", .string, .required)
            .field("note", .string)
            .field("done_on", .string)
            .field("cancelled", .bool, .required)
            // raised on each change, so subscribed calendars replace their copy
            .field("sequence", .int, .required)
            .field("remind_on", .string, .required)
            .field("reminded_at", .datetime)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "un_reporting_steps_organisation").on("un_reporting_steps").column("organisation_id").column("due_on").run()
        // the sweeper's question: which reminders are due and not yet sent
        try await sql.create(index: "un_reporting_steps_reminders").on("un_reporting_steps").column("reminded_at").column("remind_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("un_reporting_steps").delete()
    }
}
