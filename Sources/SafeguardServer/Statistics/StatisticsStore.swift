import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Aggregate figures for the helpline and case work. Counts under 5 are suppressed unless the
/// user may see exact figures.
struct Statistics: Content {
    struct Cell: Content { var key: String; var count: Int; var display: String }

    var from: Date?
    var to: Date?
    var exact: Bool
    var contactsByMonth: [Cell]
    var contactsByChannel: [Cell]
    var contactsByCategory: [Cell]
    var contactsByCallerType: [Cell]
    var casesByStage: [Cell]
    var casesByRisk: [Cell]
    var casesOpenedByMonth: [Cell]
    var casesClosedByMonth: [Cell]

    /// The table as CSV, one row per figure; always suppressed the same way as the page.
    var csv: String {
        var lines = ["table,key,count"]
        for (name, cells) in [("contacts_by_month", contactsByMonth), ("contacts_by_channel", contactsByChannel),
                              ("contacts_by_category", contactsByCategory), ("contacts_by_caller_type", contactsByCallerType),
                              ("cases_by_stage", casesByStage), ("cases_by_risk", casesByRisk),
                              ("cases_opened_by_month", casesOpenedByMonth), ("cases_closed_by_month", casesClosedByMonth)] {
            for cell in cells { lines.append("\(name),\(cell.key),\(cell.display)") }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

enum StatisticsStore {
    static func compute(from: Date?, to: Date?, scopes: Set<Scope>, exact: Bool, actor: Actor, on db: any SQLDatabase) async throws -> Statistics {
        var contactConditions: [SQLQueryString] = [ScopeFilter.condition(scopes, actor, ScopeFilter.contacts)]
        if let from { contactConditions.append("c.started_at >= \(bind: from)") }
        if let to { contactConditions.append("c.started_at < \(bind: to)") }
        let contactWhere = contactConditions.joined(separator: " AND ")
        func month(_ column: String) -> SQLQueryString {
            db.dialect.name == "postgresql"
                ? "to_char(\(unsafeRaw: column) AT TIME ZONE 'UTC', 'YYYY-MM')"
                : "strftime('%Y-%m', \(unsafeRaw: column), 'unixepoch')"
        }

        func cells(_ query: SQLQueryString) async throws -> [Statistics.Cell] {
            try await db.raw(query).all().map { row in
                let count = try row.decode(column: "n", as: Int.self)
                return .init(key: try row.decode(column: "k", as: String?.self) ?? "unknown", count: count,
                             display: SmallCellSuppression.display(count, exact: exact))
            }
        }
        let byMonth = try await cells("SELECT \(month("c.started_at")) AS k, COUNT(*) AS n FROM contacts c WHERE \(contactWhere) GROUP BY 1 ORDER BY 1")
        let byChannel = try await cells("SELECT c.channel AS k, COUNT(*) AS n FROM contacts c WHERE \(contactWhere) GROUP BY 1 ORDER BY 2 DESC")
        let byCaller = try await cells("SELECT c.caller_type AS k, COUNT(*) AS n FROM contacts c WHERE \(contactWhere) GROUP BY 1 ORDER BY 2 DESC")
        // Top-level categories: a contact counts once per category it touches.
        let top: SQLQueryString = db.dialect.name == "postgresql"
            ? "split_part(cc.code, '.', 1)"
            : "substr(cc.code, 1, instr(cc.code, '.') - 1)"
        let byCategory = try await cells("""
            SELECT \(top) AS k, COUNT(DISTINCT cc.contact_id) AS n FROM contact_categories cc JOIN contacts c ON c.id = cc.contact_id
            WHERE \(contactWhere) GROUP BY 1 ORDER BY 2 DESC, 1
            """)

        let caseScopes = scopes
        let caseScope = ScopeFilter.condition(caseScopes, actor, ScopeFilter.cases)
        func period(_ column: String) -> SQLQueryString {
            var conditions: [SQLQueryString] = [caseScope]
            if let from { conditions.append("\(unsafeRaw: column) >= \(bind: from)") }
            if let to { conditions.append("\(unsafeRaw: column) < \(bind: to)") }
            return conditions.joined(separator: " AND ")
        }
        let caseWhere = period("k.opened_at")
        let opened = try await cells("SELECT \(month("k.opened_at")) AS k, COUNT(*) AS n FROM cases k WHERE \(caseWhere) GROUP BY 1 ORDER BY 1")
        let closed = try await cells("""
            SELECT \(month("k.closed_at")) AS k, COUNT(*) AS n FROM cases k WHERE k.closed_at IS NOT NULL AND \(period("k.closed_at")) GROUP BY 1 ORDER BY 1
            """)
        let byStage = try await cells("SELECT k.stage AS k, COUNT(*) AS n FROM cases k WHERE \(caseWhere) GROUP BY 1 ORDER BY 1")
        let byRisk = try await cells("SELECT k.risk AS k, COUNT(*) AS n FROM cases k WHERE \(caseWhere) GROUP BY 1 ORDER BY 1")
        return Statistics(from: from, to: to, exact: exact, contactsByMonth: byMonth, contactsByChannel: byChannel,
                          contactsByCategory: byCategory, contactsByCallerType: byCaller, casesByStage: byStage, casesByRisk: byRisk,
                          casesOpenedByMonth: opened, casesClosedByMonth: closed)
    }
}

enum StatisticsController {
    struct Query: Content {
        var from: String?
        var to: String?

        /// The period asked for, checked: ISO 8601 date-times, `to` after `from`.
        func period() throws -> (from: Date?, to: Date?) {
            var v = FieldValidator()
            let from = v.dateTime(from, "from"), to = v.dateTime(to, "to")
            if let from, let to { v.check(to > from, "to", "must be after from") }
            try v.finish()
            return (from, to)
        }
    }

    static func statistics(req: Request) async throws -> Statistics {
        let actor = try req.actor()
        let scopes = try req.authorize(.statsRead)
        let period = try req.query.decode(Query.self).period()
        let exact = AccessPolicy.allows(actor.roles, .statsReadExact)
        return try await StatisticsStore.compute(from: period.from, to: period.to, scopes: scopes, exact: exact, actor: actor, on: req.sql)
    }

    @Sendable static func json(req: Request) async throws -> Statistics { try await statistics(req: req) }

    /// CSV export: always suppressed (an export leaves the system), and audited.
    @Sendable static func csv(req: Request) async throws -> Response {
        let actor = try req.actor()
        let scopes = try req.authorize(.statsRead)
        let period = try req.query.decode(Query.self).period()
        let figures = try await StatisticsStore.compute(from: period.from, to: period.to, scopes: scopes, exact: false, actor: actor, on: req.sql)
        try await req.write { db in
            try await AuditLog.append([.init(verb: .export, recordType: "statistics", recordID: "csv")], by: actor, on: db)
        }
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"safeguard-statistics.csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: figures.csv))
    }
}
