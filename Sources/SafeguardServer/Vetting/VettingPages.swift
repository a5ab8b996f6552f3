import Foundation
import SafeguardCore
import Vapor

/// The vetting officer's pages: register the unit, check an applicant or member of staff, upload
/// the roster, run the yearly re-check and read its report, and the monitoring notices.
enum VettingPages {
    struct UnitForm: Content { var unitType: String?; var contact1ID: UUID?; var contact2ID: UUID?; var webhookURL: String? }
    struct QueryForm: Content {
        var purpose: String?, name: String?, sex: String?, birthDate: String?, documentType: String?, documentNumber: String?
        var authorisationReference: String?, authorisationDate: String?
    }
    struct Upload: Content { var file: File; var removeEveryone: String? }

    @Sendable static func home(req: Request) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        guard let unit = try await VettingUnits.list(actor: actor, on: req.sql).first(where: { $0.id == actor.organisationID }) else {
            return Layout.page(s["vetting.title"], req, try await registrationForm(req))
        }
        guard unit.status == "approved" else {
            return Layout.page(s["vetting.title"], req, "<p role=\"status\">\(s["vetting.unit.pending"])</p>")
        }
        let queries = try await req.auditedRead { db in try await VettingQueries.list(page: 1, actor: actor, services: req.safeguard, on: db) }
        let rechecks = try await Rechecks.list(actor: actor, on: req.sql)
        let notices = try await req.auditedRead { db in try await Monitoring.notices(actor: actor, services: req.safeguard, on: db) }
        let csrf = Layout.csrfField(req)
        let queryRows: [HTML] = queries.map {
            "<tr><td>\($0.receipt)</td><td>\($0.name)</td><td>\(s["vetting.purpose." + $0.purpose])</td><td>\(s["vetting.answer." + $0.answer])</td><td>\(Layout.date($0.askedAt))</td></tr>"
        }
        let recheckRows: [HTML] = rechecks.map {
            "<tr><td><a href=\"\(VettingPaths.recheck($0.id))\">\($0.receipt)</a></td><td>\(Layout.date($0.startedAt))</td><td>\($0.checked)</td><td>\($0.prohibited)</td><td>\($0.underReview)</td></tr>"
        }
        let noticeItems: [HTML] = notices.map { "<li>\(Layout.date($0.createdAt)) · \($0.name)\($0.position.map { " · " + $0 } ?? "") · \(s["vetting.answer." + $0.answer])</li>" }
        return Layout.page(s["vetting.title"], req, """
            <p>\(s.format("vetting.due", ["date": unit.recheckDue ?? "—"]))</p>
            <section aria-labelledby="check"><h2 id="check">\(s["vetting.check"])</h2>\(queryForm(req, QueryForm()))</section>
            <section aria-labelledby="notices"><h2 id="notices">\(s["vetting.notices"])</h2>
            \(notices.isEmpty ? "<p>\(s["dashboard.none"])</p>" : "<ul>\(noticeItems)</ul>" as HTML)</section>
            <section aria-labelledby="roster"><h2 id="roster">\(s["vetting.roster"])</h2><p>\(s["vetting.roster.explain"])</p>
            <form method="post" action="\(VettingPaths.roster())" enctype="multipart/form-data">\(csrf)
            <label for="file">\(s["vetting.roster.file"])</label><input type="file" id="file" name="file" required accept=".csv,text/csv">
            <p><input type="checkbox" id="removeEveryone" name="removeEveryone"><label for="removeEveryone">\(s["vetting.roster.removeEveryone"])</label></p>
            <p><button type="submit">\(s["vetting.roster.upload"])</button></p></form>
            <form method="post" action="\(VettingPaths.rechecks())">\(csrf)<p><button type="submit">\(s["vetting.recheck.run"])</button></p></form>
            \(rechecks.isEmpty ? "" : """
                <table><caption>\(s["vetting.rechecks"])</caption><thead><tr><th scope="col">\(s["vetting.receipt"])</th><th scope="col">\(s["vetting.when"])</th>
                <th scope="col">\(s["vetting.checked"])</th><th scope="col">\(s["vetting.answer.prohibited"])</th><th scope="col">\(s["vetting.answer.under_review"])</th></tr></thead>
                <tbody>\(recheckRows)</tbody></table>
                """ as HTML)</section>
            <section aria-labelledby="queries"><h2 id="queries">\(s["vetting.queries"])</h2>
            \(queries.isEmpty ? "<p>\(s["dashboard.none"])</p>" : """
                <table><thead><tr><th scope="col">\(s["vetting.receipt"])</th><th scope="col">\(s["vetting.field.name"])</th><th scope="col">\(s["vetting.field.purpose"])</th>
                <th scope="col">\(s["vetting.answer"])</th><th scope="col">\(s["vetting.when"])</th></tr></thead><tbody>\(queryRows)</tbody></table>
                """ as HTML)</section>
            """)
    }

    static func registrationForm(_ req: Request) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let colleagues = try await req.sql.raw("""
            SELECT id, display_name FROM users WHERE organisation_id = \(bind: actor.organisationID) AND active = \(bind: true) ORDER BY display_name
            """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "display_name", as: String.self)) }
        func contact(_ name: String, _ key: String) -> HTML {
            let options: [HTML] = colleagues.map { "<option value=\"\($0.0.uuidString)\">\($0.1)</option>" }
            return "<label for=\"\(name)\">\(s[key])</label><select id=\"\(name)\" name=\"\(name)\" required>\(options)</select>"
        }
        return """
            <p>\(s["vetting.unit.explain"])</p>
            <form method="post" action="\(VettingPaths.units())">\(Layout.csrfField(req))
            \(Layout.select("unitType", label: s["vetting.unit.type"], options: VettingUnitType.allCases.map(\.rawValue), labelPrefix: "unitType.", selected: nil, strings: s, includeEmpty: false))
            \(contact("contact1ID", "vetting.unit.contact1"))\(contact("contact2ID", "vetting.unit.contact2"))
            <label for="webhookURL">\(s["vetting.unit.webhook"])</label><input type="url" id="webhookURL" name="webhookURL">
            <p><button type="submit">\(s["vetting.unit.register"])</button></p></form>
            """
    }

    @Sendable static func register(req: Request) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let form = try req.content.decode(UnitForm.self)
        let input = VettingUnits.Registration(unitType: form.unitType, contact1ID: form.contact1ID, contact2ID: form.contact2ID,
                                              webhookURL: form.webhookURL?.isEmpty == true ? nil : form.webhookURL)
        let services = req.safeguard
        let settings = services.settings
        let webhookProblem = try await req.application.threadPool.runIfActive { input.webhookProblem(settings) }
        let registered = try await req.write { db in
            try await VettingUnits.register(input, webhookProblem: webhookProblem, actor: actor, services: services, on: db)
        }
        let secret: HTML = registered.webhookSecret.map { "<p>\(s["vetting.unit.secret"])</p><p><code>\($0)</code></p>" } ?? ""
        return Layout.page(s["vetting.title"], req, "<p role=\"status\">\(s["vetting.unit.pending"])</p>\(secret)")
    }

    static let queryPlaces: FormKit.Places = Dictionary(uniqueKeysWithValues: [
        ("purpose", "purpose"), ("name", "q-name"), ("sex", "sex"), ("birthDate", "q-birthDate"), ("documentType", "documentType"),
        ("documentNumber", "q-documentNumber"), ("authorisationReference", "q-authorisationReference"), ("authorisationDate", "q-authorisationDate"),
    ].map { field, id in (field, (id: id, label: "vetting.field." + field)) })

    static func queryForm(_ req: Request, _ f: QueryForm, errors: [FieldError] = []) -> HTML {
        let s = req.strings
        func text(_ name: String, _ key: String, _ value: String?, required: Bool = false) -> HTML {
            "<label for=\"q-\(name)\">\(s[key])</label><input type=\"text\" id=\"q-\(name)\" name=\"\(name)\" value=\"\(value ?? "")\"\(required ? " required" : "")>"
        }
        return """
            \(FormKit.errorSummary(errors, places: queryPlaces, s))<form method="post" action="\(VettingPaths.queries())">\(Layout.csrfField(req))
            \(Layout.select("purpose", label: s["vetting.field.purpose"], options: VettingPurpose.allCases.map(\.rawValue), labelPrefix: "vetting.purpose.", selected: f.purpose, strings: s, includeEmpty: false))
            \(text("name", "vetting.field.name", f.name, required: true))
            \(Layout.select("sex", label: s["vetting.field.sex"], options: ["female", "male"], labelPrefix: "sex.", selected: f.sex, strings: s, emptyKey: "common.notRecorded"))
            \(text("birthDate", "vetting.field.birthDate", f.birthDate, required: true))
            \(Layout.select("documentType", label: s["vetting.field.documentType"], options: VettingDocumentType.allCases.map(\.rawValue), labelPrefix: "documentType.", selected: f.documentType, strings: s, includeEmpty: false))
            \(text("documentNumber", "vetting.field.documentNumber", f.documentNumber, required: true))
            \(text("authorisationReference", "vetting.field.authorisationReference", f.authorisationReference))
            \(text("authorisationDate", "vetting.field.authorisationDate", f.authorisationDate))
            <p><button type="submit">\(s["vetting.check.submit"])</button></p></form>
            """
    }

    @Sendable static func ask(req: Request) async throws -> Response {
        let s = req.strings
        let actor = try req.actor()
        let form = try req.content.decode(QueryForm.self)
        func blank(_ text: String?) -> String? { text?.trimmedWhitespace.isEmpty == false ? text : nil }
        let input = VettingQueries.Input(purpose: form.purpose, name: form.name, sex: blank(form.sex), birthDate: form.birthDate, documentType: form.documentType,
                                         documentNumber: form.documentNumber, authorisationReference: blank(form.authorisationReference),
                                         authorisationDate: blank(form.authorisationDate))
        let services = req.safeguard
        return try await FormKit.saveOrShow(req, save: {
            let answer = try await req.write { db in try await VettingQueries.ask(input, actor: actor, services: services, on: db) }
            // The answer is shown on this response only: it is not a page to come back to.
            return try await Layout.page(s["vetting.answer.title"], req, """
                <p role="status"><strong>\(s["vetting.answer." + answer.answer])</strong></p>
                <p>\(s["vetting.receipt"]): <code>\(answer.receipt)</code> · \(Layout.date(answer.answeredAt))</p>
                <p>\(s["vetting.statement." + answer.answer])</p>
                <p><a href="\(VettingPaths.home())">\(s["vetting.back"])</a></p>
                """).encodeResponse(for: req)
        }, show: { Layout.page(s["vetting.check"], req, queryForm(req, form, errors: $0)) })
    }

    @Sendable static func uploadRoster(req: Request) async throws -> HTML {
        let s = req.strings
        guard let upload = try? req.content.decode(Upload.self) else { throw AppError.invalid("file", "choose the roster's CSV file") }
        let summary = try await Rosters.upload(req, source: .file(upload.file.data), removeEveryone: upload.removeEveryone == "on")
        return Layout.page(s["vetting.roster"], req, """
            <p role="status">\(summary.status == "current" ? s.format("vetting.roster.done", ["n": String(summary.rowsValid)]) : s["vetting.roster.refused"])</p>
            \(problemList(s, summary.problems))
            \(summary.rowsInvalid > 0 ? "<p><a href=\"\(VettingPaths.API.rosterUploadProblemsCsv(summary.id))\" download>\(s["vetting.roster.problemsCSV"])</a></p>" as HTML : "")
            <p><a href="\(VettingPaths.home())">\(s["vetting.back"])</a></p>
            """)
    }

    static func problemList(_ s: Strings, _ problems: [RegistryImport.RowProblem]) -> HTML {
        guard !problems.isEmpty else { return "" }
        let items: [HTML] = problems.map { p in
            "<li>\(s.format("vetting.row", ["n": String(p.row)])): \(p.problems.map { "\($0.field): \(s.problem($0.message))" }.joined(separator: "; "))</li>"
        }
        return "<ul class=\"errors\">\(items)</ul>"
    }

    @Sendable static func recheck(req: Request) async throws -> Response {
        let report = try await Rechecks.run(actor: try req.actor(), services: req.safeguard, app: req.application)
        return Pages.seeOther(VettingPaths.recheck(report.id))
    }

    @Sendable static func report(req: Request) async throws -> HTML {
        let s = req.strings
        let r = try await VettingController.recheckReport(req: req)
        let findings: [HTML] = (r.findings ?? []).map {
            "<tr><td>\($0.name)</td><td>\($0.position ?? "")</td><td>\($0.staffReference ?? "")</td><td>\(s["vetting.answer." + $0.answer])</td></tr>"
        }
        return Layout.page(s.format("vetting.report.title", ["receipt": r.receipt]), req, """
            <p>\(s.format("vetting.report.summary", ["checked": String(r.checked), "prohibited": String(r.prohibited), "review": String(r.underReview)]))</p>
            \(r.possibleMatches == .checking ? "<p role=\"status\">\(s["vetting.report.checking"])</p>" : "" as HTML)
            <p>\(s["vetting.report.statement"]) \(Layout.date(r.finishedAt)) · \(s.format("vetting.due", ["date": r.nextDue ?? "—"]))</p>
            \(findings.isEmpty ? "<p>\(s[r.possibleMatches == .checking ? "vetting.report.clearSoFar" : "vetting.report.clear"])</p>" : """
                <table><thead><tr><th scope="col">\(s["vetting.field.name"])</th><th scope="col">\(s["vetting.field.position"])</th>
                <th scope="col">\(s["vetting.field.staffReference"])</th><th scope="col">\(s["vetting.answer"])</th></tr></thead><tbody>\(findings)</tbody></table>
                \(Layout.pager(VettingPaths.recheck(r.id), filters: [], page: r.findingsPage ?? 1,
                               hasMore: (r.findingsPage ?? 1) * (r.findingsPerPage ?? 100) < (r.findingsTotal ?? 0), strings: s))
                <p><a href="\(VettingPaths.API.recheckFindingsCsv(r.id))" download>\(s["vetting.report.csv"])</a></p>
                """ as HTML)
            <p><a href="\(VettingPaths.home())">\(s["vetting.back"])</a></p>
            """)
    }
}
