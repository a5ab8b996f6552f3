import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// What a hospital does with the warnings its record system raised, whoever asks: the JSON API, the
/// pages and the dashboard call these, so the organisation check and the audit are made in one place.
enum ClinicalAlertService {
    typealias AlertSummary = ClinicalAlertsController.AlertSummary
    typealias AlertDetail = ClinicalAlertsController.AlertDetail

    static let columns: SQLQueryString = "id, colour, situation, rule_id, status, deadline_at, created_at, report_id, override_reason"

    static func summary(_ row: any SQLRow) throws -> AlertSummary {
        AlertSummary(id: try row.decode(column: "id", as: UUID.self), colour: try row.decode(column: "colour", as: String.self),
                     situation: try row.decode(column: "situation", as: Int.self), ruleID: try row.decode(column: "rule_id", as: String.self),
                     status: try row.decode(column: "status", as: String.self), deadlineAt: try row.decode(column: "deadline_at", as: Date.self),
                     createdAt: try row.decode(column: "created_at", as: Date.self), reportID: try row.decode(column: "report_id", as: UUID?.self))
    }

    /// The caller's organisation's warnings: open ones first (red first), then the rest, newest first.
    static func alerts(by caller: Caller) async throws -> [AlertSummary] {
        _ = try caller.scopes(.alertRead)
        return try await caller.app.sql.raw("""
            SELECT \(columns) FROM clinical_alerts WHERE organisation_id = \(bind: caller.actor.organisationID)
            ORDER BY CASE WHEN status IN (\(binds: ClinicalAlertStore.Status.awaitingReport.map(\.rawValue))) THEN 0 ELSE 1 END,
            CASE colour WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, created_at DESC LIMIT 200
            """).all().map(summary)
    }

    /// One warning of the caller's organisation, with the patient it names (the read is audited).
    static func alert(_ id: UUID, by caller: Caller) async throws -> AlertDetail {
        _ = try caller.scopes(.alertRead)
        let (actor, services) = (caller.actor, caller.services)
        return try await caller.write { db in
            guard let row = try await db.raw("SELECT \(columns) FROM clinical_alerts WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)").first(),
                  let stored = try await ClinicalAlertStore.load(id, services: services, on: db) else { throw AppError.notFound("clinical alert") }
            try await AuditLog.append([.init(verb: .read, recordType: "clinical_alert", recordID: id.uuidString)], by: actor, on: db)
            let overridden = try await ClinicalAlertStore.overrideNote(id, services: services, on: db)
            return AlertDetail(summary: try summary(row), patient: stored.patient, warning: stored.warning,
                               overrideReason: overridden?.reason, overrideComment: overridden?.comment)
        }
    }

    /// The designated reporter files the report for a warning of their organisation; its reference.
    static func fileReport(_ id: UUID, by caller: Caller) async throws -> String {
        _ = try caller.scopes(.reportCreate)
        let (actor, services) = (caller.actor, caller.services)
        return try await caller.write { db in
            guard try await db.raw("SELECT id FROM clinical_alerts WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)").first() != nil else {
                throw AppError.notFound("clinical alert")
            }
            return try await ClinicalAlertStore.fileReport(id, by: .user(actor), reason: "filed by the hospital's designated reporter", services: services, on: db)
        }
    }
}
