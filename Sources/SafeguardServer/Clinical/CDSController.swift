import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The CDS Hooks 2.0 endpoints: discovery, hook calls and feedback.
enum CDSController {
    struct Discovery: Content { var services: [CDSServiceDefinition] }

    @Sendable static func discovery(req: Request) async throws -> Discovery {
        Discovery(services: CDSServices.all)
    }

    static func service(_ req: Request) throws -> CDSServiceDefinition {
        guard let id = req.parameters.get("serviceID"), let service = CDSServices.service(id) else {
            throw AppError.notFound("CDS service")
        }
        return service
    }

    @Sendable static func invoke(req: Request) async throws -> Response {
        let service = try service(req)
        let client = try await CDSAuthentication.client(for: req, serviceID: service.id)
        let services = req.safeguard
        // The route collects the body before the handler (up to the 1 MiB every route takes):
        // awaiting the collection here cost two hops between threads per call.
        let call = try CDSRequest.read(req.body.data, service: service, screen: services.warnings.screen)
        var prefetch = call.prefetch
        let missing = call.missing(for: service)
        if !missing.isEmpty {
            let fetched = try await FHIRFetcher.fetch(missing, for: call, service: service, client: req.client, timeout: req.safeguard.settings.fhirTimeout,
                                                      allowPrivateNetwork: req.safeguard.settings.allowPrivateNetwork,
                                                      threadPool: req.application.threadPool)
            do { prefetch = prefetch.adding(try Prefetch.read(fetched)) } catch {
                throw AppError.badRequest("fetched \(error.key): \(error.message)")
            }
        }
        guard let record = ClinicalRecord(prefetch) else {
            // The client sent the patient as null: it has no such patient, so there is nothing to judge.
            if prefetch.sent.contains("patient") { return noCards() }
            throw AppError.preconditionFailed("prefetch is missing patient")
        }
        guard record.patient.id == nil || record.patient.id == call.patientID else {
            throw AppError.badRequest("prefetch.patient: its id is not context.patientId")
        }
        let now = Date()
        let warnings = services.warnings.evaluate(record, now: now)
        req.application.cdsCounters.count(serviceID: service.id, warnings: warnings.count)
        // Nothing about a patient who fires no rule is stored.
        guard !warnings.isEmpty else { return noCards() }
        let patient = ClinicalAlertStore.PatientReference(patientID: call.patientID, encounterID: call.encounterID, userID: call.userID,
                                                          fhirServer: call.fhirServer?.absoluteString, gender: record.patient.gender)
        let alerts: [ClinicalAlertStore.Alert]
        if let known = try await ClinicalAlertStore.known(warnings, client: client, patientID: call.patientID, services: services, on: req.sql) {
            alerts = known
        } else {
            alerts = try await req.write { db in
                try await ClinicalAlertStore.raise(warnings, client: client, service: service, request: call, patient: patient,
                                                   services: services, now: now, on: db)
            }
        }
        return try await CDSCard.Response(cards: alerts.map { CDSCard.card(for: $0, patientID: call.patientID, publicURL: services.settings.publicURL) })
            .encodeResponse(for: req)
    }

    /// The answer for nearly every call, written out: encoding it took as long as the rules.
    static func noCards() -> Response {
        Response(status: .ok, headers: ["content-type": "application/json; charset=utf-8"], body: .init(staticString: #"{"cards":[]}"#))
    }

    struct FeedbackBody: Content {
        struct Item: Content {
            struct OverrideReason: Content { var reason: CDSCard.Coding?; var userComment: String? }
            struct AcceptedSuggestion: Content { var id: String }
            var card: String
            var outcome: String
            var acceptedSuggestions: [AcceptedSuggestion]?
            var overrideReason: OverrideReason?
            var outcomeTimestamp: String
        }
        var feedback: [Item]
    }

    struct Empty: Content {}

    @Sendable static func feedback(req: Request) async throws -> Empty {
        let service = try service(req)
        let client = try await CDSAuthentication.client(for: req, serviceID: service.id, feedback: true)
        // As for hook calls: a name given twice is refused (parsers disagree on which counts), and
        // a body nested too deeply is named as such.
        if let bytes = req.body.data {
            if bytes.withUnsafeReadableBytes({ JSONScanner.nestsTooDeeply($0) }) {
                throw AppError.badRequest("body: nested more than \(JSONScanner.maxDepth - 1) levels deep")
            }
            do { try bytes.withUnsafeReadableBytes { bytes in try JSONScanner.read(bytes) { try $0.skip() } } } catch let error as DecodingError {
                throw AppError.badRequest(ProblemMiddleware.describe(error))
            }
        }
        let body = try req.content.decode(FeedbackBody.self)
        guard (1...100).contains(body.feedback.count) else { throw AppError.badRequest("feedback: give 1 to 100 items") }
        // Every item is checked before any is applied: all or nothing.
        var items: [(UUID, FeedbackBody.Item)] = []
        for (index, item) in body.feedback.enumerated() {
            guard let id = UUID(uuidString: item.card) else { throw AppError.badRequest("feedback[\(index)].card: not a card uuid") }
            guard ["accepted", "overridden"].contains(item.outcome) else {
                throw AppError.badRequest("feedback[\(index)].outcome: must be accepted or overridden")
            }
            guard DateTime.parse(item.outcomeTimestamp) != nil else {
                throw AppError.badRequest("feedback[\(index)].outcomeTimestamp: must be an RFC 3339 date-time")
            }
            if let reason = item.overrideReason?.reason {
                // The client may give a reason of its own (CDS Hooks allows any Coding): kept as given.
                guard !reason.code.isEmpty, reason.code.count <= 100, (reason.system ?? "").count <= 300, (reason.display ?? "").count <= 300 else {
                    throw AppError.badRequest("feedback[\(index)].overrideReason.reason: needs a code (at most 100 characters), a system and display of at most 300")
                }
            }
            if let comment = item.overrideReason?.userComment, comment.count > 1_000 {
                throw AppError.badRequest("feedback[\(index)].overrideReason.userComment: at most 1000 characters")
            }
            items.append((id, item))
        }
        let services = req.safeguard
        let now = Date()
        let checked = items
        try await req.write { db in
            for (index, (id, _)) in checked.enumerated() {
                guard try await db.raw("SELECT id FROM clinical_alerts WHERE id = \(bind: id) AND client_id = \(bind: client.id)").first() != nil else {
                    throw AppError.badRequest("feedback[\(index)].card: not a card this service gave you")
                }
            }
            for (id, item) in checked {
                if item.outcome == "accepted" {
                    try await ClinicalAlertStore.fileReport(id, by: .system(organisationID: client.organisationID, label: "cds:\(client.id.uuidString)"),
                                                            reason: "the clinician accepted the warning", services: services, now: now, on: db)
                } else {
                    try await ClinicalAlertStore.override(id, reason: item.overrideReason?.reason.map(ClinicalAlertStore.reasonText) ?? "unspecified",
                                                          comment: item.overrideReason?.userComment, client: client, services: services, now: now, on: db)
                }
            }
        }
        return Empty()
    }
}
