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

    @Sendable static func list(req: Request) async throws -> [AlertSummary] {
        try await ClinicalAlertService.alerts(by: try req.caller())
    }

    @Sendable static func show(req: Request) async throws -> AlertDetail {
        try await ClinicalAlertService.alert(try req.uuid("alertID"), by: try req.caller())
    }

    struct Filed: Content { var reference: String }

    /// A designated reporter files the report for a warning from the pre-filled form.
    @Sendable static func fileReport(req: Request) async throws -> Filed {
        Filed(reference: try await ClinicalAlertService.fileReport(try req.uuid("alertID"), by: try req.caller()))
    }
}
