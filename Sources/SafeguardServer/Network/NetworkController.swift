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
        let created = try await NetworkService.createEntry(try req.content.decode(DirectoryStore.Input.self), by: try req.caller())
        return try await created.created(for: req)
    }

    /// Replaces an entry with the one given (the same fields as creating it).
    @Sendable static func updateEntry(req: Request) async throws -> HTTPStatus {
        try await NetworkService.updateEntry(try req.uuid("entryID"), try req.content.decode(DirectoryStore.Input.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func send(req: Request) async throws -> Response {
        let sent = try await NetworkService.refer(try req.content.decode(ReferralStore.Input.self), by: try req.caller())
        return try await sent.created(for: req, location: NetworkPaths.API.referral(sent.id))
    }

    struct BoxQuery: Content { var box: String?; var page: Int? }

    @Sendable static func list(req: Request) async throws -> ReferralStore.Box {
        let query = try req.query.decode(BoxQuery.self)
        let box = query.box ?? "received"
        guard ["received", "sent"].contains(box) else { throw AppError.invalid("box", "received or sent") }
        return try await ReferralStore.list(received: box == "received", page: query.page, actor: try req.actor(), on: req.sql)
    }

    @Sendable static func show(req: Request) async throws -> ReferralStore.Detail {
        try await NetworkService.referral(try req.uuid("referralID"), by: try req.caller())
    }

    @Sendable static func act(req: Request) async throws -> HTTPStatus {
        try await NetworkService.act(try req.uuid("referralID"), try req.content.decode(NetworkService.Answer.self), by: try req.caller())
        return .noContent
    }
}
