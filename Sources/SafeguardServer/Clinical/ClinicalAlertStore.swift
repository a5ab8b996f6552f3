import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Warnings raised in a hospital's record system, waiting for the clinician's answer, and the
/// reports filed for them.
enum ClinicalAlertStore {
    static let table = "clinical_alerts"

    enum Status: String, Codable, Sendable {
        case open
        /// Overridden, but the rule set escalates this colour: reported after the grace period.
        case overriddenEscalating = "overridden_escalating"
        /// Overridden and only recorded.
        case overridden
        case reported
        /// For the clinician to judge (old or future facts, an unreadable birth date): no deadline, never reported by itself.
        case informational

        /// Still running towards an automatic report at its deadline.
        static let awaitingReport: [Status] = [.open, .overriddenEscalating]
    }

    /// What is kept about the patient: ids at the hospital, never names.
    struct PatientReference: Codable, Sendable {
        var patientID: String
        var encounterID: String?
        var userID: String?
        var fhirServer: String?
        var gender: String?
    }

    struct Alert: Sendable {
        var id: UUID
        var status: Status
        var deadline: Date
        var reportReference: String?
        var warning: ClinicalWarning
    }

    /// The alert already raised for this patient and rule, if one is still live or was reported.
    static func existing(clientID: UUID, patientKey: String, ruleID: String, on db: any SQLDatabase) async throws -> (UUID, Status, Date, String?)? {
        guard let row = try await db.raw("""
            SELECT a.id, a.status, a.deadline_at, r.reference FROM clinical_alerts a LEFT JOIN statutory_reports r ON r.id = a.report_id
            WHERE a.client_id = \(bind: clientID) AND a.patient_key = \(bind: patientKey) AND a.rule_id = \(bind: ruleID)
            ORDER BY a.created_at DESC LIMIT 1
            """).first() else { return nil }
        return (try row.decode(column: "id", as: UUID.self), Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                try row.decode(column: "deadline_at", as: Date.self), try row.decode(column: "reference", as: String?.self))
    }

    /// Whether the earlier alert answers for this warning: an override covers the facts it was given
    /// for, so a new fact (a new code, a later observation) fires the rule again; an informational
    /// alert does not stand for a warning that may now be reported.
    static func stillCovers(_ alertID: UUID, status: Status, _ warning: ClinicalWarning, services: AppServices, on db: any SQLDatabase) async throws -> Bool {
        if status == .informational, warning.forClinicianOnly != true { return false }
        guard status == .overridden || status == .overriddenEscalating || status == .informational else { return true }
        guard let earlier = try await load(alertID, services: services, on: db)?.warning else { return false }
        // An answer to a warning for the clinician (old facts, an unreadable birth date) does not
        // stand for one that may be reported, though the facts are the same.
        if earlier.forClinicianOnly == true, warning.forClinicianOnly != true { return false }
        return warning.evidence.allSatisfy(earlier.evidence.contains)
    }

    /// The cards already raised for every one of these warnings, or nil when one is new: a
    /// record system that asks again about the same patient is answered without a write.
    static func known(_ warnings: [ClinicalWarning], client: CDSClient, patientID: String, services: AppServices, on db: any SQLDatabase) async throws -> [Alert]? {
        let patientKey = services.blindIndex.hash(client.issuer + "\u{1F}" + patientID, domain: .clinicalPatient)
        var alerts: [Alert] = []
        for warning in warnings {
            guard let (id, status, deadline, reference) = try await existing(clientID: client.id, patientKey: patientKey, ruleID: warning.ruleID, on: db),
                  try await stillCovers(id, status: status, warning, services: services, on: db) else {
                return nil
            }
            if status != .overridden { alerts.append(Alert(id: id, status: status, deadline: deadline, reportReference: reference, warning: warning)) }
        }
        return alerts
    }

    /// Stores the warnings of one call (reusing a live alert for the same patient and rule) and
    /// returns them, so each becomes a card.
    static func raise(_ warnings: [ClinicalWarning], client: CDSClient, service: CDSServiceDefinition, request: CDSRequest,
                      patient: PatientReference, services: AppServices, now: Date, on db: any SQLDatabase) async throws -> [Alert] {
        let patientKey = services.blindIndex.hash(client.issuer + "\u{1F}" + request.patientID, domain: .clinicalPatient)
        let policy = services.warnings.ruleSet.policy
        var alerts: [Alert] = []
        for warning in warnings {
            if let (id, status, deadline, reference) = try await existing(clientID: client.id, patientKey: patientKey, ruleID: warning.ruleID, on: db),
               try await stillCovers(id, status: status, warning, services: services, on: db) {
                // Already answered "not applicable" for these facts (and the rule set only records that): do not nag.
                if status == .overridden { continue }
                alerts.append(Alert(id: id, status: status, deadline: deadline, reportReference: reference, warning: warning))
                continue
            }
            let id = UUID.timeOrdered()
            let status: Status = warning.forClinicianOnly == true ? .informational : .open
            let deadline = now.addingTimeInterval(Double(services.warnings.policyMinutes(policy.alertGraceMinutes, warning.colour)) * 60)
            func seal(_ column: String, _ value: some Encodable) throws -> String {
                try services.cipher.seal(String(decoding: try JSONEncoder().encode(value), as: UTF8.self), context: "\(table)/\(id.uuidString)/\(column)")
            }
            try await db.insert(into: table)
                .columns("id", "client_id", "organisation_id", "service_id", "hook_instance", "rule_id", "rule_set_version", "colour", "situation",
                         "patient", "patient_key", "explanation", "status", "deadline_at", "created_at")
                .values(SQLBind(id), SQLBind(client.id), SQLBind(client.organisationID), SQLBind(service.id), SQLBind(request.hookInstance),
                        SQLBind(warning.ruleID), SQLBind(warning.ruleSetVersion), SQLBind(warning.colour.rawValue), SQLBind(warning.situation.rawValue),
                        SQLBind(try seal("patient", patient)), SQLBind(patientKey), SQLBind(try seal("explanation", warning)),
                        SQLBind(status.rawValue), SQLBind(deadline), SQLBind(now))
                .run()
            try await AuditLog.append([.init(verb: .create, recordType: "clinical_alert", recordID: id.uuidString, reason: warning.ruleID)],
                                      actorID: "cds:\(client.id.uuidString)", organisationID: client.organisationID.uuidString, on: db)
            alerts.append(Alert(id: id, status: status, deadline: deadline, reportReference: nil, warning: warning))
        }
        return alerts
    }

    struct Stored: Sendable {
        var id: UUID
        var clientID: UUID
        var organisationID: UUID
        var status: Status
        var colour: WarningColour
        var deadline: Date
        var patient: PatientReference
        var warning: ClinicalWarning
        var reportID: UUID?
        var createdAt: Date
    }

    static func load(_ id: UUID, lock: Bool = false, services: AppServices, on db: any SQLDatabase) async throws -> Stored? {
        let forUpdate: SQLQueryString = lock ? db.forUpdate : ""
        guard let row = try await db.raw("""
            SELECT id, client_id, organisation_id, status, colour, deadline_at, patient, explanation, report_id, created_at
            FROM clinical_alerts WHERE id = \(bind: id)\(forUpdate)
            """).first() else { return nil }
        let open = { (column: String) in
            Data(try services.cipher.open(try row.decode(column: column, as: String.self), context: "\(table)/\(id.uuidString)/\(column)").utf8)
        }
        return Stored(id: id, clientID: try row.decode(column: "client_id", as: UUID.self), organisationID: try row.decode(column: "organisation_id", as: UUID.self),
                      status: Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                      colour: WarningColour(rawValue: try row.decode(column: "colour", as: String.self)) ?? .red,
                      deadline: try row.decode(column: "deadline_at", as: Date.self),
                      patient: try JSONDecoder().decode(PatientReference.self, from: try open("patient")),
                      warning: try JSONDecoder().decode(ClinicalWarning.self, from: try open("explanation")),
                      reportID: try row.decode(column: "report_id", as: UUID?.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    /// Files and submits the statutory report for an alert, once; returns the report's reference.
    @discardableResult
    static func fileReport(_ alertID: UUID, by filer: Filer, reason: String, services: AppServices, now: Date = Date(), on db: any SQLDatabase) async throws -> String {
        guard let alert = try await load(alertID, lock: true, services: services, on: db) else { throw AppError.notFound("clinical alert") }
        if let reportID = alert.reportID {
            return try await db.raw("SELECT reference FROM statutory_reports WHERE id = \(bind: reportID)").first()!.decode(column: "reference", as: String.self)
        }
        let w = alert.warning
        let overridden = try await overrideNote(alertID, services: services, on: db).map {
            "\nThe clinician overrode the warning. Reason: \($0.reason).\($0.comment.map { " Comment: \($0)" } ?? "")"
        } ?? ""
        let facts = """
            Clinical warning raised by the hospital's record system (\(reason)).
            \(w.summary)
            Rule \(w.ruleID), rule set \(w.ruleSetVersion). Legal basis: \(w.legalSource)
            Evidence: \(w.evidence.map { "\($0.resource) \($0.code)\($0.display.map { " (\($0))" } ?? "")\($0.date.map { " on \($0)" } ?? "")" }.joined(separator: "; ")).
            \(w.patientNotes.joined(separator: " "))\(overridden)
            """
        let p = alert.patient
        let child = "Patient \(p.patientID)\(p.fhirServer.map { " at \($0)" } ?? "")\(p.gender.map { ", \($0)" } ?? "")"
            + "\(p.encounterID.map { ", encounter \($0)" } ?? "")\(p.userID.map { ", clinician \($0)" } ?? "")"
        let created = try await ReportStore.file(.init(situation: w.situation, colour: w.colour, facts: facts, childDescription: child, caseID: nil,
                                                       sourceKind: .clinicalAlert, sourceID: alertID, recipientIDs: nil, submitNow: true),
                                                 by: filer, services: services, now: now, on: db)
        try await db.raw("""
            UPDATE clinical_alerts SET status = \(bind: Status.reported.rawValue), report_id = \(bind: created.id),
            decided_at = COALESCE(decided_at, \(bind: now)) WHERE id = \(bind: alertID)
            """).run()
        return created.reference
    }

    /// An override reason as stored: one of the card's own by its code; the client's own with its
    /// display, system and code, so a reader sees what the clinician chose.
    static func reasonText(_ coding: CDSCard.Coding) -> String {
        if coding.system == CDSServices.overrideSystem, CDSServices.overrideReasons.contains(where: { $0.code == coding.code }) { return coding.code }
        return "\(coding.display ?? coding.code) (\(coding.system ?? "no system")#\(coding.code))"
    }

    /// The clinician's override reason and comment, when the warning was overridden.
    static func overrideNote(_ alertID: UUID, services: AppServices, on db: any SQLDatabase) async throws -> (reason: String, comment: String?)? {
        guard let row = try await db.raw("SELECT override_reason, override_comment FROM clinical_alerts WHERE id = \(bind: alertID)").first(),
              let reason = try row.decode(column: "override_reason", as: String?.self) else { return nil }
        let comment = try row.decode(column: "override_comment", as: String?.self).map {
            try services.cipher.open($0, context: "\(table)/\(alertID.uuidString)/override_comment")
        }
        return (reason, comment)
    }

    /// Records a clinician's override and follows the rule set's policy for the colour.
    static func override(_ alertID: UUID, reason: String, comment: String?, client: CDSClient, services: AppServices, now: Date, on db: any SQLDatabase) async throws {
        guard let alert = try await load(alertID, lock: true, services: services, on: db) else { throw AppError.notFound("clinical alert") }
        guard alert.status == .open || alert.status == .informational else { return }
        let escalate = alert.status == .open && services.warnings.ruleSet.policy.onOverride[alert.colour.rawValue] == "escalate"
        let status: Status = escalate ? .overriddenEscalating : .overridden
        try await db.raw("""
            UPDATE clinical_alerts SET status = \(bind: status.rawValue), override_reason = \(bind: reason),
            override_comment = \(bind: try comment.map { try services.cipher.seal($0, context: "\(table)/\(alertID.uuidString)/override_comment") }),
            decided_at = \(bind: now) WHERE id = \(bind: alertID)
            """).run()
        try await AuditLog.append([.init(verb: .update, recordType: "clinical_alert", recordID: alertID.uuidString, reason: "overridden: \(reason)")],
                                  actorID: "cds:\(client.id.uuidString)", organisationID: client.organisationID.uuidString, on: db)
        if escalate {
            // The hospital's designated reporters hear at once; the report follows after the grace period.
            let reporters = try await Notifications.users(in: [alert.organisationID], roles: [.designatedReporter], on: db)
            try await Notifications.notify(users: reporters, kind: .alertOverridden, recordType: "clinical_alert", recordID: alertID, on: db)
        }
    }

    /// Files the reports for alerts nobody answered, or overrode where the rule set escalates, by their deadline.
    static func reportOverdue(now: Date, limit: Int, services: AppServices, on db: any SQLDatabase) async throws -> Int {
        let late = try await db.raw("""
            SELECT id, organisation_id, status FROM clinical_alerts WHERE status IN (\(binds: Status.awaitingReport.map(\.rawValue))) AND deadline_at <= \(bind: now)
            ORDER BY deadline_at LIMIT \(literal: limit)\(db.forUpdateSkipLocked)
            """).all()
        for row in late {
            let id = try row.decode(column: "id", as: UUID.self), organisationID = try row.decode(column: "organisation_id", as: UUID.self)
            let why = try row.decode(column: "status", as: String.self) == Status.open.rawValue ? "no answer by the deadline" : "overridden; the rule set escalates"
            let filer = Filer.system(organisationID: organisationID, label: "system:deadline-sweeper")
            let reference = try await fileReport(id, by: filer, reason: "reported automatically: \(why)", services: services, now: now, on: db)
            try await filer.audit([.init(verb: .update, recordType: "clinical_alert", recordID: id.uuidString, reason: "auto-reported \(reference)")], on: db)
            let people = try await Notifications.users(in: [organisationID], roles: [.designatedReporter, .supervisor], on: db)
            try await Notifications.notify(users: people, kind: .alertAutoReported, recordType: "clinical_alert", recordID: id, on: db)
        }
        return late.count
    }
}
