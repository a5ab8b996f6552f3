import Foundation
import SafeguardCore
import SQLKit
import Vapor

struct ReportSummary: Content {
    var id: UUID
    var reference: String
    var status: String
    var colour: String
    var situation: Int
    var organisationName: String
    var createdAt: Date
    var deadlineAt: Date
    var submittedAt: Date?
    var acknowledgedAt: Date?
    var authorityReference: String?
    var autoSubmitted: Bool
    var escalated: Bool
}

struct ReportDetail: Content {
    struct Event: Content {
        var at: Date
        var kind: String
        var actorName: String?
        var organisationName: String?
        var detail: String?
    }

    var summary: ReportSummary
    var facts: String
    var childDescription: String?
    var sourceKind: String
    var caseID: UUID?
    var reporterName: String?
    var recipients: [ReportStore.Authority]
    /// The multi-disciplinary team it also went to, where the reporter's country pack asks for one.
    var team: ReportStore.Team?
    var events: [Event]
    /// `reporter` or `authority`: the side the reader sees the report from.
    var side: String
    /// What the reader may do next.
    var actions: [String]
}

extension ReportStore {
    struct Filter: Content {
        var status: String?
        var colour: String?
        var page: Int?

        func validated() throws -> Filter {
            var v = FieldValidator()
            _ = v.code(status, "status", as: ReportStatus.self)
            _ = v.code(colour, "colour", as: WarningColour.self)
            _ = PageRequest.read(page: page, defaultPerPage: ReportStore.perPage, &v)
            try v.finish()
            return self
        }
    }

    static let perPage = 50
    static let summaryColumns: SQLQueryString = """
        r.id, r.reference, r.status, r.colour, r.situation, o.name AS organisation_name, r.created_at, r.deadline_at, r.submitted_at,
        r.acknowledged_at, r.authority_reference, r.auto_submitted, r.escalated_at
        """

    static func summary(_ row: any SQLRow) throws -> ReportSummary {
        ReportSummary(id: try row.decode(column: "id", as: UUID.self), reference: try row.decode(column: "reference", as: String.self),
                      status: try row.decode(column: "status", as: String.self), colour: try row.decode(column: "colour", as: String.self),
                      situation: try row.decode(column: "situation", as: Int.self),
                      organisationName: try row.decode(column: "organisation_name", as: String.self),
                      createdAt: try row.decode(column: "created_at", as: Date.self), deadlineAt: try row.decode(column: "deadline_at", as: Date.self),
                      submittedAt: try row.decode(column: "submitted_at", as: Date?.self),
                      acknowledgedAt: try row.decode(column: "acknowledged_at", as: Date?.self),
                      authorityReference: try row.decode(column: "authority_reference", as: String?.self),
                      autoSubmitted: try row.decode(column: "auto_submitted", as: Bool.self),
                      escalated: try row.decode(column: "escalated_at", as: Date?.self) != nil)
    }

    /// Reports the actor filed or their organisation filed (by the policy's scope), newest first;
    /// for authority receivers, the reports addressed to them, red first and oldest first.
    static func list(_ filter: Filter, inbox: Bool, actor: Actor, on db: any SQLDatabase) async throws -> (items: [ReportSummary], hasMore: Bool) {
        var conditions: [SQLQueryString] = [inbox ? addressedTo(actor) : ScopeFilter.condition(AccessPolicy.scopes(for: actor.roles, .reportRead), actor, columns)]
        if let status = filter.status { conditions.append("r.status = \(bind: status)") }
        if let colour = filter.colour { conditions.append("r.colour = \(bind: colour)") }
        let order: SQLQueryString = inbox
            ? "CASE r.status WHEN 'acknowledged' THEN 1 WHEN 'closed' THEN 2 ELSE 0 END, CASE r.colour WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, r.submitted_at, r.id"
            : "r.created_at DESC, r.id DESC"
        let paging = try PageRequest.read(page: filter.page, defaultPerPage: perPage)
        let rows = try await db.raw("""
            SELECT \(summaryColumns) FROM statutory_reports r JOIN organisations o ON o.id = r.organisation_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order)
            LIMIT \(literal: perPage + 1) OFFSET \(literal: paging.offset)
            """).all()
        return (try rows.prefix(perPage).map(summary), rows.count > perPage)
    }

    /// The whole report with its timeline, decrypted; the read is audited. An authority's first
    /// read marks the report received.
    static func detail(_ id: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> ReportDetail {
        guard let side = try await side(of: id, for: actor, on: db) else { throw AppError.notFound("report") }
        if side == .authority, try await db.raw("SELECT id FROM statutory_reports WHERE id = \(bind: id) AND status = 'submitted'").first() != nil {
            try await apply(.receive, to: id, by: .user(actor), services: services, on: db)
        }
        guard let row = try await db.raw("""
            SELECT \(summaryColumns), r.facts, r.child_description, r.source_kind, r.case_id, u.display_name AS reporter_name,
            t.id AS team_id, t.name AS team_name
            FROM statutory_reports r JOIN organisations o ON o.id = r.organisation_id LEFT JOIN users u ON u.id = r.reporter_id
            LEFT JOIN mdt_teams t ON t.id = r.team_id
            WHERE r.id = \(bind: id)
            """).first() else { throw AppError.notFound("report") }
        let open = { (column: String, text: String) in try services.cipher.open(text, context: "\(table)/\(id.uuidString)/\(column)") }
        let recipients = try await db.raw("""
            SELECT o.id, o.name, rr.kind FROM report_recipients rr JOIN organisations o ON o.id = rr.organisation_id
            WHERE rr.report_id = \(bind: id) ORDER BY o.name
            """).all().map { Authority(id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                                       kind: try $0.decode(column: "kind", as: String.self)) }
        let events = try await db.raw("""
            SELECT e.id, e.at, e.kind, e.detail, u.display_name, o.name FROM report_events e LEFT JOIN users u ON u.id = e.actor_id
            LEFT JOIN organisations o ON o.id = e.organisation_id WHERE e.report_id = \(bind: id) ORDER BY e.at, e.id
            """).all().map { row in
            let eventID = try row.decode(column: "id", as: UUID.self)
            return ReportDetail.Event(at: try row.decode(column: "at", as: Date.self), kind: try row.decode(column: "kind", as: String.self),
                                      actorName: try row.decode(column: "display_name", as: String?.self),
                                      organisationName: try row.decode(column: "name", as: String?.self),
                                      detail: try row.decode(column: "detail", as: String?.self).map {
                                          try services.cipher.open($0, context: "report_events/\(eventID.uuidString)/detail")
                                      })
        }
        let summary = try summary(row)
        let status = ReportStatus(rawValue: summary.status) ?? .draft
        let eventSide: ReportEvent.Side = side == .reporter ? .reporter : .authority
        let actions = ReportEvent.allCases.filter { $0.side == eventSide && $0 != .receive && (try? ReportWorkflow.next(status, $0)) != nil }
        try await AuditLog.append([.init(verb: .read, recordType: "statutory_report", recordID: id.uuidString)], by: actor, on: db)
        return ReportDetail(summary: summary, facts: try open("facts", try row.decode(column: "facts", as: String.self)),
                            childDescription: try row.decode(column: "child_description", as: String?.self).map { try open("child_description", $0) },
                            sourceKind: try row.decode(column: "source_kind", as: String.self), caseID: try row.decode(column: "case_id", as: UUID?.self),
                            reporterName: try row.decode(column: "reporter_name", as: String?.self), recipients: recipients,
                            team: try row.decode(column: "team_id", as: UUID?.self).map { ReportStore.Team(id: $0, name: try row.decode(column: "team_name", as: String.self)) },
                            events: events,
                            side: side == .reporter ? "reporter" : "authority", actions: actions.map(\.rawValue))
    }
}
