import Foundation
import SafeguardCore
import Vapor

/// What can be done with a statutory report, whoever asks: the JSON API and the report pages both
/// call these with the same input.
enum ReportService {
    static func file(_ input: ReportInput, by caller: Caller) async throws -> ReportStore.CreatedReport {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in
            try await ReportStore.file(try await input.validated(actor: actor, on: db), by: .user(actor), services: services, on: db)
        }
    }

    /// The report as its reporter (`.reporter`) or its receiving authority (`.authority`) sees it;
    /// a report on the other side is not found.
    static func detail(_ id: UUID, side: ReportEvent.Side, by caller: Caller) async throws -> ReportDetail {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in
            guard try await ReportStore.side(of: id, for: actor, on: db) == side else { throw AppError.notFound("report") }
            return try await ReportStore.detail(id, actor: actor, services: services, on: db)
        }
    }

    /// What a workflow step may carry: the reporter's answer, the authority's question or its reference.
    struct StepInput: Content {
        var answer: String?
        var question: String?
        var authorityReference: String?

        /// A step that carries nothing may come without a body.
        static func read(for event: ReportEvent, from content: ContentContainer) throws -> StepInput {
            [.answer, .requestInformation, .acknowledge].contains(event) ? try content.decode(StepInput.self) : StepInput()
        }

        func detail(for event: ReportEvent) -> String? {
            switch event {
            case .answer: answer
            case .requestInformation: question
            case .acknowledge: authorityReference
            case .submit, .autoSubmit, .receive, .close: nil
            }
        }
    }

    /// One step of the workflow, by the side it belongs to.
    static func apply(_ event: ReportEvent, to id: UUID, _ input: StepInput, by caller: Caller) async throws {
        let services = caller.services, actor = caller.actor, detail = input.detail(for: event)
        try await caller.write { db in
            guard try await ReportStore.side(of: id, for: actor, on: db) == event.side else { throw AppError.notFound("report") }
            try await ReportStore.apply(event, to: id, by: .user(actor), detail: detail, services: services, on: db)
        }
    }
}
