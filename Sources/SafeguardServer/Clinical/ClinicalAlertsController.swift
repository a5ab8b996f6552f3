import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The hospital's own view of the warnings its record system raised.
enum ClinicalAlertsController {
    struct AlertSummary: Content {
        var id: UUID
        var colour: String
        var situation: Int
        var ruleID: String
        var status: String
        var deadlineAt: Date
        var createdAt: Date
        var reportID: UUID?

        var awaitsReport: Bool { ClinicalAlertStore.Status(rawValue: status).map(ClinicalAlertStore.Status.awaitingReport.contains) == true }
    }

    struct AlertDetail: Content {
        var summary: AlertSummary
        var patient: ClinicalAlertStore.PatientReference
        var warning: ClinicalWarning
        var overrideReason: String?
        var overrideComment: String?
    }

    static func summary(_ row: any SQLRow) throws -> AlertSummary {
        AlertSummary(id: try row.decode(column: "id", as: UUID.self), colour: try row.decode(column: "colour", as: String.self),
                     situation: try row.decode(column: "situation", as: Int.self), ruleID: try row.decode(column: "rule_id", as: String.self),
                     status: try row.decode(column: "status", as: String.self), deadlineAt: try row.decode(column: "deadline_at", as: Date.self),
                     createdAt: try row.decode(column: "created_at", as: Date.self), reportID: try row.decode(column: "report_id", as: UUID?.self))
    }

    static let columns: SQLQueryString = "id, colour, situation, rule_id, status, deadline_at, created_at, report_id, override_reason"

    /// Open warnings first (red first), then the rest, newest first.
    static func recent(organisationID: UUID, on db: any SQLDatabase) async throws -> [AlertSummary] {
        try await db.raw("""
            SELECT \(columns) FROM clinical_alerts WHERE organisation_id = \(bind: organisationID)
            ORDER BY CASE WHEN status IN (\(binds: ClinicalAlertStore.Status.awaitingReport.map(\.rawValue))) THEN 0 ELSE 1 END,
            CASE colour WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, created_at DESC LIMIT 200
            """).all().map(summary)
    }

    static func detail(_ id: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> AlertDetail {
        guard let row = try await db.raw("SELECT \(columns) FROM clinical_alerts WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)").first(),
              let stored = try await ClinicalAlertStore.load(id, services: services, on: db) else { throw AppError.notFound("clinical alert") }
        try await AuditLog.append([.init(verb: .read, recordType: "clinical_alert", recordID: id.uuidString)], by: actor, on: db)
        let overridden = try await ClinicalAlertStore.overrideNote(id, services: services, on: db)
        return AlertDetail(summary: try summary(row), patient: stored.patient, warning: stored.warning,
                           overrideReason: overridden?.reason, overrideComment: overridden?.comment)
    }

    @Sendable static func list(req: Request) async throws -> [AlertSummary] {
        try await recent(organisationID: try req.actor().organisationID, on: req.sql)
    }

    @Sendable static func show(req: Request) async throws -> AlertDetail {
        let actor = try req.actor()
        let id = try req.uuid("alertID")
        let services = req.safeguard
        return try await req.write { db in try await detail(id, actor: actor, services: services, on: db) }
    }

    struct Filed: Content { var reference: String }

    /// A designated reporter files the report for a warning from the pre-filled form.
    @Sendable static func fileReport(req: Request) async throws -> Filed {
        let actor = try req.actor()
        let id = try req.uuid("alertID")
        let services = req.safeguard
        let reference = try await req.write { db in
            guard try await db.raw("SELECT id FROM clinical_alerts WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)").first() != nil else {
                throw AppError.notFound("clinical alert")
            }
            return try await ClinicalAlertStore.fileReport(id, by: .user(actor), reason: "filed by the hospital's designated reporter", services: services, on: db)
        }
        return Filed(reference: reference)
    }
}
