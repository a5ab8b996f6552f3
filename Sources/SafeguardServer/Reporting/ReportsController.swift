import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The statutory report API: the reporter's side under /api/reports, the authority's under /api/inbox/reports.
enum ReportsController {
    struct Answer: Content { var answer: String? }
    struct Question: Content { var question: String? }
    struct Acknowledgement: Content { var authorityReference: String? }
    struct Page: Content { var items: [ReportSummary]; var page: Int; var hasMore: Bool }

    @Sendable static func create(req: Request) async throws -> Response {
        let created = try await file(req)
        return try await created.created(for: req, location: "/api/reports/\(created.id.uuidString)")
    }

    static func file(_ req: Request) async throws -> ReportStore.CreatedReport {
        let actor = try req.actor()
        let input = try req.content.decode(ReportInput.self)
        let services = req.safeguard
        return try await req.write { db in
            try await ReportStore.file(try await input.validated(actor: actor, on: db), by: .user(actor), services: services, on: db)
        }
    }

    @Sendable static func authorities(req: Request) async throws -> [ReportStore.Authority] {
        try await ReportStore.authorities(for: try req.actor().organisationID, on: req.sql)
    }

    @Sendable static func list(req: Request) async throws -> Page {
        try await page(req, inbox: false)
    }

    @Sendable static func inbox(req: Request) async throws -> Page {
        try await page(req, inbox: true)
    }

    static func page(_ req: Request, inbox: Bool) async throws -> Page {
        let filter = try req.query.decode(ReportStore.Filter.self).validated()
        let result = try await ReportStore.list(filter, inbox: inbox, actor: try req.actor(), on: req.sql)
        return Page(items: result.items, page: filter.page ?? 1, hasMore: result.hasMore)
    }

    @Sendable static func show(req: Request) async throws -> ReportDetail {
        try await detail(req, side: .reporter)
    }

    @Sendable static func showReceived(req: Request) async throws -> ReportDetail {
        try await detail(req, side: .authority)
    }

    static func detail(_ req: Request, side: ReportEvent.Side) async throws -> ReportDetail {
        let actor = try req.actor()
        let id = try req.uuid("reportID")
        let services = req.safeguard
        return try await req.write { db in
            guard try await ReportStore.side(of: id, for: actor, on: db) == side else { throw AppError.notFound("report") }
            return try await ReportStore.detail(id, actor: actor, services: services, on: db)
        }
    }

    /// Runs one workflow event for the side the route belongs to.
    static func act(_ req: Request, _ event: ReportEvent, detail: String? = nil) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("reportID")
        let services = req.safeguard
        try await req.write { db in
            guard try await ReportStore.side(of: id, for: actor, on: db) == event.side else { throw AppError.notFound("report") }
            try await ReportStore.apply(event, to: id, by: .user(actor), detail: detail, services: services, on: db)
        }
        return .noContent
    }

    @Sendable static func submit(req: Request) async throws -> HTTPStatus { try await act(req, .submit) }
    @Sendable static func answer(req: Request) async throws -> HTTPStatus {
        try await act(req, .answer, detail: try req.content.decode(Answer.self).answer)
    }
    @Sendable static func requestInformation(req: Request) async throws -> HTTPStatus {
        try await act(req, .requestInformation, detail: try req.content.decode(Question.self).question)
    }
    @Sendable static func acknowledge(req: Request) async throws -> HTTPStatus {
        try await act(req, .acknowledge, detail: try req.content.decode(Acknowledgement.self).authorityReference)
    }
    @Sendable static func close(req: Request) async throws -> HTTPStatus { try await act(req, .close) }
}
