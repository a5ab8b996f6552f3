import Foundation
import SafeguardCore
import Vapor

/// Legal matters, case conferences and the calendar feed.
enum LegalAidController {
    @Sendable static func open(req: Request) async throws -> Response {
        let created = try await LegalAidService.open(caseID: try req.uuid("caseID"), try req.content.decode(LegalMatterStore.Input.self), by: try req.caller())
        return try await created.created(for: req, location: LegalAidPaths.API.matter(created.id))
    }

    @Sendable static func mine(req: Request) async throws -> [LegalMatterStore.Summary] {
        try await LegalAidService.mine(by: try req.caller())
    }

    @Sendable static func show(req: Request) async throws -> LegalMatterStore.Detail {
        try await LegalAidService.detail(try req.uuid("matterID"), by: try req.caller())
    }

    @Sendable static func addEvent(req: Request) async throws -> Response {
        try await LegalAidService.addEvent(try req.uuid("matterID"), try req.content.decode(LegalMatterStore.EventInput.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        try await LegalAidService.addNote(try req.uuid("matterID"), try req.content.decode(LegalMatterStore.NoteInput.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func recordOutcome(req: Request) async throws -> HTTPStatus {
        try await LegalAidService.recordOutcome(try req.uuid("matterID"), try req.content.decode(LegalMatterStore.OutcomeInput.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func holdConference(req: Request) async throws -> Response {
        try await LegalAidService.holdConference(caseID: try req.uuid("caseID"), try req.content.decode(ConferenceStore.Input.self), by: try req.caller()).created(for: req)
    }
}
