import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The directory and referral API.
enum NetworkController {
    @Sendable static func searchDirectory(req: Request) async throws -> [DirectoryStore.Entry] {
        try await DirectoryStore.search(try req.query.decode(DirectoryStore.Search.self), on: req.sql)
    }

    @Sendable static func createEntry(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(DirectoryStore.Input.self)
        let created = try await req.write { db in try await DirectoryStore.create(input, actor: actor, on: db) }
        return try await created.created(for: req)
    }

    /// Replaces an entry with the one given (the same fields as creating it).
    @Sendable static func updateEntry(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("entryID")
        let input = try req.content.decode(DirectoryStore.Input.self)
        try await req.write { db in try await DirectoryStore.update(id, input, actor: actor, on: db) }
        return .noContent
    }

    @Sendable static func send(req: Request) async throws -> Response {
        let sent = try await refer(req)
        return try await sent.created(for: req, location: NetworkPaths.API.referral(sent.id))
    }

    static func refer(_ req: Request) async throws -> ReferralStore.Sent {
        let actor = try req.actor()
        let input = try req.content.decode(ReferralStore.Input.self)
        let services = req.safeguard
        return try await req.write { db in try await ReferralStore.send(input, actor: actor, services: services, on: db) }
    }

    struct BoxQuery: Content { var box: String?; var page: Int? }

    @Sendable static func list(req: Request) async throws -> ReferralStore.Box {
        let query = try req.query.decode(BoxQuery.self)
        let box = query.box ?? "received"
        guard ["received", "sent"].contains(box) else { throw AppError.invalid("box", "received or sent") }
        return try await ReferralStore.list(received: box == "received", page: query.page, actor: try req.actor(), on: req.sql)
    }

    @Sendable static func show(req: Request) async throws -> ReferralStore.Detail {
        let actor = try req.actor()
        let id = try req.uuid("referralID")
        let services = req.safeguard
        return try await req.write { db in try await ReferralStore.detail(id, actor: actor, services: services, on: db) }
    }

    struct Answer: Content { var event: String?; var text: String? }

    @Sendable static func act(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("referralID")
        let answer = try req.content.decode(Answer.self)
        var v = FieldValidator()
        let event = v.requiredCode(answer.event, "event", as: ReferralEvent.self, missing: "say what happened: accept, decline, start, complete or revoke")
        try v.finish()
        let services = req.safeguard
        try await req.write { db in try await ReferralStore.act(id, event!, text: answer.text, actor: actor, services: services, on: db) }
        return .noContent
    }
}
