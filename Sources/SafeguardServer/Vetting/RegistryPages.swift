import Foundation
import SafeguardCore
import Vapor

/// The registry keeper's pages: import a file, decide possible matches side by side, decide
/// people's review requests; and the approval of units (keepers and administrators).
enum RegistryPages {
    struct ImportForm: Content { var file: File; var mode: String? }
    struct Decision: Content { var decision: String?; var note: String? }
    struct RequestDecision: Content { var outcome: String?; var reason: String? }

    @Sendable static func home(req: Request) async throws -> HTML {
        let s = req.strings
        let services = req.safeguard
        let imports = try await RegistryImport.list(on: req.sql)
        let query = try req.query.decode(VettingController.ListQuery.self)
        let paging = try PageRequest.read(page: query.page, defaultPerPage: 50)
        let reviews = try await req.auditedRead { db in try await MatchReviews.queue(status: "pending", paging: paging, services: services, on: db) }
        let pending = try await MatchReviews.count(status: "pending", on: req.sql)
        let requests = try await req.auditedRead { db in try await SubjectAccess.openRequests(services: services, on: db) }.filter { $0.request.status == "open" }
        let csrf = Layout.csrfField(req)
        let importRows: [HTML] = imports.map {
            "<tr><td>\(Layout.date($0.createdAt))</td><td>\(s["registry.mode." + $0.mode])</td><td>\(s["registry.status." + $0.status])</td><td>\($0.rowsRead)</td><td>\($0.rowsValid)</td><td>\($0.rowsInvalid)</td></tr>"
        }
        func person(_ p: MatchReviews.Subject) -> HTML {
            "\(p.name) · \(p.sex.map { s["sex." + $0] } ?? "") · \(p.birthDate) · \(p.documentNumber ?? s["registry.noDocument"])"
        }
        let reviewItems: [HTML] = reviews.map { r in
            """
            <article aria-labelledby="r-\(r.id.uuidString)"><h3 id="r-\(r.id.uuidString)">\(r.unitName) · \(String(format: "%.2f", r.score))</h3>
            <dl><dt>\(s["registry.review.subject"])</dt><dd>\(person(r.subject))</dd>
            <dt>\(s["registry.review.record"])</dt><dd>\(person(.init(name: r.record.name, sex: r.record.sex, birthDate: r.record.birthDate, documentType: r.record.documentType, documentNumber: r.record.documentNumber)))
            · \(s["offence." + r.record.record.offenceCategory]) · \(r.record.record.sourceReference)</dd>
            <dt>\(s["registry.review.reasons"])</dt><dd>\(r.reasons.map { s["matchReason." + $0] }.joined(separator: ", "))</dd></dl>
            <form method="post" action="\(VettingPaths.registryReview(r.id))">\(csrf)
            <label for="note-\(r.id.uuidString)">\(s["registry.review.note"])</label><input type="text" id="note-\(r.id.uuidString)" name="note">
            <button type="submit" name="decision" value="confirmed">\(s["registry.review.confirm"])</button>
            <button type="submit" name="decision" value="rejected">\(s["registry.review.reject"])</button></form></article>
            """
        }
        let requestItems: [HTML] = requests.map { r in
            """
            <article aria-labelledby="q-\(r.request.id.uuidString)"><h3 id="q-\(r.request.id.uuidString)">\(r.record.name) · \(r.record.record.sourceReference)</h3>
            <p>\(r.grounds)</p>
            <form method="post" action="\(VettingPaths.registryRequest(r.request.id))">\(csrf)
            <label for="reason-\(r.request.id.uuidString)">\(s["registry.request.reason"])</label>
            <textarea id="reason-\(r.request.id.uuidString)" name="reason" rows="3" required></textarea>
            <button type="submit" name="outcome" value="upheld">\(s["reviewOutcome.upheld"])</button>
            <button type="submit" name="outcome" value="withdrawn">\(s["reviewOutcome.withdrawn"])</button></form></article>
            """
        }
        return Layout.page(s["registry.title"], req, """
            <p><a href="\(VettingPaths.registryUnits())">\(s["registry.units"])</a></p>
            <section aria-labelledby="import"><h2 id="import">\(s["registry.import"])</h2><p>\(s["registry.import.explain"])</p>
            <form method="post" action="\(VettingPaths.registryImports())" enctype="multipart/form-data">\(csrf)
            <label for="file">\(s["registry.import.file"])</label><input type="file" id="file" name="file" required accept=".csv,text/csv">
            <fieldset><legend>\(s["registry.import.mode"])</legend>
            <p><input type="radio" id="mode-all" name="mode" value="all_or_nothing" checked> <label for="mode-all">\(s["registry.mode.all_or_nothing"])</label></p>
            <p><input type="radio" id="mode-q" name="mode" value="quarantine"> <label for="mode-q">\(s["registry.mode.quarantine"])</label></p></fieldset>
            <p><button type="submit">\(s["registry.import.submit"])</button></p></form>
            \(imports.isEmpty ? "" : """
                <table><caption>\(s["registry.imports"])</caption><thead><tr><th scope="col">\(s["vetting.when"])</th><th scope="col">\(s["registry.import.mode"])</th>
                <th scope="col">\(s["registry.status"])</th><th scope="col">\(s["registry.rows"])</th><th scope="col">\(s["registry.valid"])</th><th scope="col">\(s["registry.invalid"])</th></tr></thead>
                <tbody>\(importRows)</tbody></table>
                """ as HTML)</section>
            <section aria-labelledby="reviews"><h2 id="reviews">\(s["registry.reviews"])</h2>
            \(reviews.isEmpty ? "<p>\(s["dashboard.none"])</p>" : "\(reviewItems)" as HTML)
            \(pending > paging.perPage ? Layout.pager(VettingPaths.registry(), filters: [], page: paging.page, hasMore: paging.page * paging.perPage < pending, strings: s) : "")</section>
            <section aria-labelledby="requests"><h2 id="requests">\(s["registry.requests"])</h2>
            \(requests.isEmpty ? "<p>\(s["dashboard.none"])</p>" : "\(requestItems)" as HTML)</section>
            """)
    }

    @Sendable static func importFile(req: Request) async throws -> HTML {
        let s = req.strings
        guard let form = try? req.content.decode(ImportForm.self) else { throw AppError.invalid("file", "choose the CSV file to import") }
        guard let mode = RegistryImport.Mode(rawValue: form.mode ?? "") else { throw AppError.invalid("mode", "choose all_or_nothing or quarantine") }
        let summary = try await RegistryImport.run(req, mode: mode, source: .file(form.file.data))
        return Layout.page(s["registry.import"], req, """
            <p role="status">\(s["registry.status." + summary.status]) · \(summary.message ?? "")</p>
            \(VettingPages.problemList(s, summary.problems ?? []))<p><a href="\(VettingPaths.registry())">\(s["registry.back"])</a></p>
            """)
    }

    @Sendable static func decideReview(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("reviewID")
        let form = try req.content.decode(Decision.self)
        guard let decision = MatchDecision(rawValue: form.decision ?? "") else { throw AppError.invalid("decision", "confirm or reject the possible match") }
        let services = req.safeguard
        try await req.write { db in try await MatchReviews.decide(id, decision, note: form.note, actor: actor, services: services, on: db) }
        return Pages.seeOther(VettingPaths.registry())
    }

    @Sendable static func decideRequest(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("requestID")
        let form = try req.content.decode(RequestDecision.self)
        let services = req.safeguard
        try await req.write { db in
            try await SubjectAccess.decide(id, .init(outcome: form.outcome, reason: form.reason), actor: actor, services: services, on: db)
        }
        return Pages.seeOther(VettingPaths.registry())
    }

    @Sendable static func units(req: Request) async throws -> HTML {
        let s = req.strings
        let units = try await VettingUnits.list(actor: try req.actor(), on: req.sql)
        let csrf = Layout.csrfField(req)
        let rows: [HTML] = units.map { u in
            let approve: HTML = u.status == "pending"
                ? "<form method=\"post\" action=\"\(VettingPaths.registryUnitApprove(u.id))\">\(csrf)<button type=\"submit\">\(s["registry.unit.approve"])</button></form>" : ""
            return "<tr><td>\(u.name)</td><td>\(s["unitType." + u.unitType])</td><td>\(u.contacts.joined(separator: ", "))</td><td>\(s["unitStatus." + u.status])</td><td>\(approve)</td></tr>"
        }
        return Layout.page(s["registry.units"], req, units.isEmpty ? "<p>\(s["dashboard.none"])</p>" : """
            <table><thead><tr><th scope="col">\(s["vetting.unit.name"])</th><th scope="col">\(s["vetting.unit.type"])</th><th scope="col">\(s["vetting.unit.contacts"])</th>
            <th scope="col">\(s["registry.status"])</th><th scope="col"><span class="visually-hidden">\(s["registry.unit.approve"])</span></th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    @Sendable static func approveUnit(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("unitID")
        try await req.write { db in try await VettingUnits.approve(id, actor: actor, on: db) }
        return Pages.seeOther(VettingPaths.registryUnits())
    }
}
