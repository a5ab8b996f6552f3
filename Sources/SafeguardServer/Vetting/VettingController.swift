import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The vetting API: the registry (keepers), units, queries, rosters and re-checks (vetting
/// officers), reviews, and the person's own subject access.
enum VettingController {
    struct Paged<Item: Content>: Content { var items: [Item]; var page: Int; var hasMore: Bool }
    struct PageQuery: Content {
        var page: Int?

        /// The page number asked for, 1 when none, bounded so no offset overflows. Out of line:
        /// inlined into the async handlers, it crashes the release compiler (Swift 6.3.1, signal 11
        /// in LLVM's coroutine splitting); `.ci/run` builds the release configuration to catch that.
        @inline(never)
        static func number(_ req: Request) throws -> Int {
            try PageRequest.read(page: try req.query.decode(PageQuery.self).page, defaultPerPage: 50).page
        }
    }

    // MARK: registry

    struct ImportQuery: Content { var mode: String?; var confirmSharedNumbers: Bool? }

    @Sendable static func importRecords(req: Request) async throws -> Response {
        var v = FieldValidator()
        let query = try req.query.decode(ImportQuery.self)
        let mode = v.requiredCode(query.mode, "mode", as: RegistryImport.Mode.self, missing: "choose all_or_nothing or quarantine (…/imports?mode=…)")
        try v.finish()
        let summary = try await RegistryImport.run(req, mode: mode!, confirmSharedNumbers: query.confirmSharedNumbers ?? false, source: .body(req))
        let response = try await summary.encodeResponse(status: summary.status == "committed" ? .created : .unprocessableEntity, for: req)
        response.headers.replaceOrAdd(name: .location, value: VettingPaths.API.registryImport(summary.id))
        return response
    }

    @Sendable static func imports(req: Request) async throws -> [RegistryImport.Summary] {
        try await RegistryImport.list(on: req.sql)
    }

    @Sendable static func importSummary(req: Request) async throws -> RegistryImport.Summary {
        try await RegistryImport.summary(try req.uuid("importID"), problemsLimit: 100, services: req.safeguard, on: req.sql)
    }

    /// Every problem of an import, a page at a time; quarantined rows come back as they were sent (audited).
    @Sendable static func importProblems(req: Request) async throws -> [RegistryImport.RowProblem] {
        let id = try req.uuid("importID")
        let page = try PageQuery.number(req)
        let services = req.safeguard
        return try await req.auditedRead { db in
            let problems = try await RegistryImport.problems(id, page: page, limit: 500, includeRows: true, services: services, on: db)
            return Audited(problems, problems.contains { $0.raw != nil } ? [.init(verb: .read, recordType: "registry_import_quarantine", recordID: id.uuidString)] : [])
        }
    }

    @Sendable static func createRecord(req: Request) async throws -> Response {
        let actor = try req.actor()
        let confirm = try req.query.decode(ImportQuery.self).confirmSharedNumbers ?? false
        let values = try req.content.decode([String: String?].self).compactMapValues { $0 }
        let input: RegistryRecordInput
        switch RegistryRecordInput.read(ColumnValues(values), today: ISODay.today(Date())) {
        case .failure(let errors): throw AppError.invalid(errors)
        case .success(let read): input = read
        }
        let services = req.safeguard
        let id = try await req.write { db in
            try await RegistryStore.create(input, confirmSharedNumber: confirm, actor: actor, services: services, on: db)
        }
        try await Monitoring.matchNewRecords(recordID: id, services: services, app: req.application)
        return try await IDOnly(id: id).created(for: req, location: VettingPaths.API.registryRecord(id))
    }

    @Sendable static func records(req: Request) async throws -> Paged<RegistryStore.RecordSummary> {
        let page = try PageQuery.number(req)
        let result = try await RegistryStore.list(page: page, services: req.safeguard, on: req.sql)
        return Paged(items: result.items, page: page, hasMore: result.hasMore)
    }

    @Sendable static func record(req: Request) async throws -> RegistryStore.RecordDetail {
        let id = try req.uuid("recordID")
        let services = req.safeguard
        return try await req.auditedRead { db in try await RegistryStore.detail(id, services: services, on: db) }
    }

    // MARK: reviews

    struct StatusQuery: Content { var status: String? }
    struct ReviewDecision: Content { var decision: String?; var note: String? }

    /// The keepers' queue, a page at a time; the total in `X-Total-Count`.
    @Sendable static func reviews(req: Request) async throws -> Response {
        let status = try req.query.decode(StatusQuery.self).status ?? "pending"
        guard ["pending", "confirmed", "rejected"].contains(status) else { throw AppError.invalid("status", "one of pending, confirmed, rejected") }
        let query = try req.query.decode(ListQuery.self)
        let paging = try PageRequest.read(page: query.page, perPage: query.perPage, defaultPerPage: 50, maxPerPage: 200)
        let services = req.safeguard
        let items = try await req.auditedRead { db in try await MatchReviews.queue(status: status, paging: paging, services: services, on: db) }
        let response = try await items.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: "X-Total-Count", value: String(try await MatchReviews.count(status: status, on: req.sql)))
        return response
    }

    @Sendable static func decideReview(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("reviewID")
        let input = try req.content.decode(ReviewDecision.self)
        var v = FieldValidator()
        let decision = v.requiredCode(input.decision, "decision", as: MatchDecision.self, missing: "confirm or reject the possible match")
        try v.finish()
        let services = req.safeguard
        try await req.write { db in try await MatchReviews.decide(id, decision!, note: input.note, actor: actor, services: services, on: db) }
        return .noContent
    }

    @Sendable static func reviewRequests(req: Request) async throws -> [SubjectAccess.OpenRequest] {
        let services = req.safeguard
        return try await req.auditedRead { db in try await SubjectAccess.openRequests(services: services, on: db) }
    }

    @Sendable static func decideReviewRequest(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("requestID")
        let input = try req.content.decode(SubjectAccess.Decision.self)
        let services = req.safeguard
        try await req.write { db in try await SubjectAccess.decide(id, input, actor: actor, services: services, on: db) }
        return .noContent
    }

    // MARK: units

    @Sendable static func registerUnit(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(VettingUnits.Registration.self)
        let services = req.safeguard
        let settings = services.settings
        let webhookProblem = try await req.application.threadPool.runIfActive { input.webhookProblem(settings) }
        let registered = try await req.write { db in
            try await VettingUnits.register(input, webhookProblem: webhookProblem, actor: actor, services: services, on: db)
        }
        return try await registered.encodeResponse(status: .created, for: req)
    }

    @Sendable static func units(req: Request) async throws -> [VettingUnits.Unit] {
        try await VettingUnits.list(actor: try req.actor(), on: req.sql)
    }

    @Sendable static func approveUnit(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("unitID")
        try await req.write { db in try await VettingUnits.approve(id, actor: actor, on: db) }
        return .noContent
    }

    // MARK: queries, rosters, re-checks

    @Sendable static func ask(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(VettingQueries.Input.self)
        let services = req.safeguard
        let answer = try await req.write { db in try await VettingQueries.ask(input, actor: actor, services: services, on: db) }
        let response = try await answer.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: VettingPaths.API.query(answer.receipt))
        return response
    }

    @Sendable static func queries(req: Request) async throws -> [VettingQueries.Listed] {
        let actor = try req.actor()
        let page = try PageQuery.number(req)
        let services = req.safeguard
        return try await req.auditedRead { db in try await VettingQueries.list(page: page, actor: actor, services: services, on: db) }
    }

    @Sendable static func query(req: Request) async throws -> VettingQueries.Answer {
        guard let receipt = req.parameters.get("receipt") else { throw AppError.notFound("query") }
        return try await VettingQueries.show(receipt: receipt, actor: try req.actor(), services: req.safeguard, on: req.sql)
    }

    struct RosterQuery: Content { var removeEveryone: Bool? }

    @Sendable static func uploadRoster(req: Request) async throws -> Response {
        let removeEveryone = try req.query.decode(RosterQuery.self).removeEveryone ?? false
        let summary = try await Rosters.upload(req, source: .body(req), removeEveryone: removeEveryone)
        return try await summary.encodeResponse(status: summary.status == "current" ? .created : .unprocessableEntity, for: req)
    }

    @Sendable static func roster(req: Request) async throws -> Paged<Rosters.Entry> {
        let actor = try req.actor()
        let page = try PageQuery.number(req)
        let services = req.safeguard
        let result = try await req.auditedRead { db in try await Rosters.entries(page: page, actor: actor, services: services, on: db) }
        return Paged(items: result.items, page: page, hasMore: result.hasMore)
    }

    @Sendable static func addRosterEntry(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(Rosters.EntryInput.self)
        let services = req.safeguard
        let id = try await req.write { db in try await Rosters.add(input, actor: actor, services: services, on: db) }
        return try await IDOnly(id: id).created(for: req)
    }

    @Sendable static func removeRosterEntry(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("entryID")
        try await req.write { db in try await Rosters.remove(id, actor: actor, on: db) }
        return .noContent
    }

    @Sendable static func recheck(req: Request) async throws -> Response {
        let report = try await Rechecks.run(actor: try req.actor(), services: req.safeguard, app: req.application)
        return try await report.encodeResponse(status: .created, for: req)
    }

    @Sendable static func rechecks(req: Request) async throws -> [Rechecks.Report] {
        try await Rechecks.list(actor: try req.actor(), on: req.sql)
    }

    struct ListQuery: Content { var page: Int?; var perPage: Int? }

    @Sendable static func recheckReport(req: Request) async throws -> Rechecks.Report {
        let actor = try req.actor()
        let id = try req.uuid("recheckID")
        let query = try req.query.decode(ListQuery.self)
        let paging = try PageRequest.read(page: query.page, perPage: query.perPage, defaultPerPage: 100, maxPerPage: 1_000)
        let services = req.safeguard
        return try await req.auditedRead { db in try await Rechecks.report(id, paging: paging, actor: actor, services: services, on: db) }
    }

    /// The whole re-check report as CSV, written a page at a time (audited as an export).
    @Sendable static func recheckCSV(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("recheckID")
        let services = req.safeguard
        let receipt = try await Rechecks.ownRecheck(id, actor: actor, on: req.sql).decode(column: "receipt", as: String.self)
        try await req.write { db in
            try await AuditLog.append([.init(verb: .export, recordType: "roster_recheck", recordID: id.uuidString)], by: actor, on: db)
        }
        let db = req.sql
        return csvDownload("safeguard-recheck-\(receipt).csv", header: ["name", "position", "staff_reference", "answer"]) { write in
            for page in 1...PageRequest.maxPage {
                let findings = try await Rechecks.findings(id, paging: PageRequest(page: page, perPage: 1_000), services: services, on: db)
                try await write(findings.map { CSVWriter.line([$0.name, $0.position ?? "", $0.staffReference ?? "", $0.answer]) }.joined())
                if findings.count < 1_000 { return }
            }
        }
    }

    /// A CSV file streamed to the client in parts, so a long report needs no memory for the whole.
    static func csvDownload(_ filename: String, header: [String],
                            _ rows: @escaping @Sendable (_ write: @Sendable (String) async throws -> Void) async throws -> Void) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(asyncStream: { writer in
            do {
                try await writer.write(.buffer(ByteBuffer(string: CSVWriter.line(header))))
                try await rows { text in try await writer.write(.buffer(ByteBuffer(string: text))) }
                try await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
        }))
    }

    /// Every problem of a roster upload, a page at a time; the total in `X-Total-Count`.
    @Sendable static func rosterProblems(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("uploadID")
        let query = try req.query.decode(ListQuery.self)
        let paging = try PageRequest.read(page: query.page, perPage: query.perPage, defaultPerPage: 500, maxPerPage: 5_000)
        let total = try await Rosters.problemCount(id, unitID: actor.organisationID, on: req.sql)
        let response = try await Rosters.problems(id, paging: paging, on: req.sql).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: "X-Total-Count", value: String(total))
        return response
    }

    /// Every problem of a roster upload as CSV: row number, column and problem.
    @Sendable static func rosterProblemsCSV(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("uploadID")
        let db = req.sql, s = req.strings
        _ = try await Rosters.problemCount(id, unitID: actor.organisationID, on: db)
        // the columns keep their codes for programs; each problem reads in the reader's language
        return csvDownload("safeguard-roster-problems.csv", header: ["row", "column", "problem"]) { write in
            for page in 1...PageRequest.maxPage {
                let problems = try await Rosters.problems(id, paging: PageRequest(page: page, perPage: 1_000), on: db)
                try await write(problems.flatMap { row in row.problems.map { CSVWriter.line([String(row.row), $0.field, s.problem($0.message)]) } }.joined())
                if problems.count < 1_000 { return }
            }
        }
    }

    @Sendable static func notices(req: Request) async throws -> [Monitoring.Notice] {
        let actor = try req.actor()
        let services = req.safeguard
        return try await req.auditedRead { db in try await Monitoring.notices(actor: actor, services: services, on: db) }
    }

    // MARK: the person

    @Sendable static func subjectAccess(req: Request) async throws -> SubjectAccess.Disclosure {
        try await SubjectAccess.disclose(try req.content.decode(SubjectAccess.Proof.self), req: req)
    }

    @Sendable static func requestReview(req: Request) async throws -> Response {
        let created = try await SubjectAccess.requestReview(try req.content.decode(SubjectAccess.RequestInput.self), req: req)
        return try await created.encodeResponse(status: .created, for: req)
    }
}
