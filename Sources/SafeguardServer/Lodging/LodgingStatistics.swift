import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Minor check-ins, flagged stays and reports by region and month, over the stays the user may see.
/// Counts under 5 are suppressed unless the user may see exact figures. (The sums are cast:
/// PostgreSQL sums BIGINT columns as NUMERIC.)
enum LodgingStatistics {
    struct Row: Content {
        var region: String
        var month: String
        var minors: String
        var flagged: String
        var reported: String
    }

    static func compute(actor: Actor, on db: any SQLDatabase) async throws -> [Row] {
        let exact = AccessPolicy.allows(actor.roles, .statsReadExact)
        let month: SQLQueryString = db.dialect.name == "postgresql"
            ? "to_char(s.checked_in_at AT TIME ZONE 'UTC', 'YYYY-MM')" : "strftime('%Y-%m', s.checked_in_at, 'unixepoch')"
        return try await db.raw("""
            SELECT r.name AS region, \(month) AS month, CAST(SUM(s.minor_count) AS BIGINT) AS minors,
            CAST(SUM(CASE WHEN s.flag_rank < 3 THEN 1 ELSE 0 END) AS BIGINT) AS flagged,
            CAST(SUM(CASE WHEN s.report_id IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS reported
            FROM stays s JOIN organisations o ON o.id = s.organisation_id JOIN regions r ON r.id = o.region_id
            WHERE \(StayStore.visible(.stayRead, actor)) GROUP BY r.name, \(month) ORDER BY 2 DESC, 1 LIMIT 1000
            """).all().map { row in
            func cell(_ column: String) throws -> String { SmallCellSuppression.display(try row.decode(column: column, as: Int.self), exact: exact) }
            return Row(region: try row.decode(column: "region", as: String.self), month: try row.decode(column: "month", as: String.self),
                       minors: try cell("minors"), flagged: try cell("flagged"), reported: try cell("reported"))
        }
    }

    @Sendable static func json(req: Request) async throws -> [Row] {
        try await compute(actor: try req.actor(), on: req.sql)
    }
}
