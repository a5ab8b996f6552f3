import Foundation
import SafeguardCore
import Vapor

/// Legal matters, case conferences and the calendar feed.
enum LegalAidController {
    @Sendable static func open(req: Request) async throws -> Response {
        let actor = try req.actor()
        let caseID = try req.uuid("caseID")
        let input = try req.content.decode(LegalMatterStore.Input.self)
        let services = req.safeguard
        let created = try await req.write { db in try await LegalMatterStore.open(caseID, input, actor: actor, services: services, on: db) }
        return try await created.created(for: req, location: "/api/matters/\(created.id.uuidString)")
    }

    @Sendable static func mine(req: Request) async throws -> [LegalMatterStore.Summary] {
        try await LegalMatterStore.mine(actor: try req.actor(), on: req.sql)
    }

    @Sendable static func show(req: Request) async throws -> LegalMatterStore.Detail {
        let actor = try req.actor()
        let id = try req.uuid("matterID")
        let services = req.safeguard
        return try await req.write { db in try await LegalMatterStore.detail(id, actor: actor, services: services, on: db) }
    }

    @Sendable static func addEvent(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("matterID")
        let input = try req.content.decode(LegalMatterStore.EventInput.self)
        let services = req.safeguard
        return try await req.write { db in try await LegalMatterStore.addEvent(id, input, actor: actor, services: services, on: db) }.created(for: req)
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("matterID")
        let input = try req.content.decode(LegalMatterStore.NoteInput.self)
        let services = req.safeguard
        return try await req.write { db in try await LegalMatterStore.addNote(id, input, actor: actor, services: services, on: db) }.created(for: req)
    }

    @Sendable static func recordOutcome(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("matterID")
        let input = try req.content.decode(LegalMatterStore.OutcomeInput.self)
        let services = req.safeguard
        try await req.write { db in try await LegalMatterStore.recordOutcome(id, input, actor: actor, services: services, on: db) }
        return .noContent
    }

    @Sendable static func holdConference(req: Request) async throws -> Response {
        let actor = try req.actor()
        let caseID = try req.uuid("caseID")
        let input = try req.content.decode(ConferenceStore.Input.self)
        let services = req.safeguard
        return try await req.write { db in try await ConferenceStore.hold(caseID, input, actor: actor, services: services, on: db) }.created(for: req)
    }
}
