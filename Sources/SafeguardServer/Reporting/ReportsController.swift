import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The statutory report API: the reporter's side under /api/reports, the authority's under /api/inbox/reports.
enum ReportsController {
    struct Page: Content { var items: [ReportSummary]; var page: Int; var hasMore: Bool }

    @Sendable static func create(req: Request) async throws -> Response {
        let created = try await ReportService.file(try req.content.decode(ReportInput.self), by: try req.caller())
        return try await created.created(for: req, location: ReportingPaths.API.report(created.id))
    }

    @Sendable static func authorities(req: Request) async throws -> [ReportStore.Authority] {
        try await ReportStore.authorities(for: try req.actor().organisationID, pack: try req.actor().countryPack, on: req.sql)
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
        try await ReportService.detail(try req.uuid("reportID"), side: .reporter, by: try req.caller())
    }

    @Sendable static func showReceived(req: Request) async throws -> ReportDetail {
        try await ReportService.detail(try req.uuid("reportID"), side: .authority, by: try req.caller())
    }

    /// Runs one workflow event for the side the route belongs to.
    static func act(_ req: Request, _ event: ReportEvent) async throws -> HTTPStatus {
        try await ReportService.apply(event, to: try req.uuid("reportID"), try .read(for: event, from: req.content), by: try req.caller())
        return .noContent
    }

    @Sendable static func submit(req: Request) async throws -> HTTPStatus { try await act(req, .submit) }
    @Sendable static func answer(req: Request) async throws -> HTTPStatus { try await act(req, .answer) }
    @Sendable static func requestInformation(req: Request) async throws -> HTTPStatus { try await act(req, .requestInformation) }
    @Sendable static func acknowledge(req: Request) async throws -> HTTPStatus { try await act(req, .acknowledge) }
    @Sendable static func close(req: Request) async throws -> HTTPStatus { try await act(req, .close) }
}
