import SafeguardCore
import SQLKit
import Vapor

/// Statutory reports in the browser: the reporter's list, form and report; the authority's inbox.
enum ReportPages {
    struct NewQuery: Content { var caseID: UUID?; var contactID: UUID? }

    /// Where a reader with `roles` opens a report: an authority in its inbox, a reporter among its
    /// reports; nil for a reader who may open neither.
    static func path(_ reportID: UUID, roles: Set<Role>) -> String? {
        if AccessPolicy.allows(roles, .reportReceive) { return ReportingPaths.inboxReport(reportID) }
        if AccessPolicy.allows(roles, .reportRead) { return ReportingPaths.report(reportID) }
        return nil
    }

    static func table(_ items: [ReportSummary], inbox: Bool, _ s: Strings) -> HTML {
        let rows: [HTML] = items.map { r in
            let flags = (r.autoSubmitted ? " · " + s["report.autoSubmitted"] : "") + (r.escalated ? " · " + s["report.escalated"] : "")
            return """
                <tr><td><a href="\(inbox ? ReportingPaths.inboxReport(r.id) : ReportingPaths.report(r.id))">\(r.reference)</a></td><td class="risk-\(r.colour)">\(s["risk." + r.colour])</td>
                <td>\(s["situation.\(r.situation)"])</td><td>\(s["reportStatus." + r.status])\(flags)</td><td>\(r.organisationName)</td>
                <td>\(Layout.date(r.submittedAt ?? r.createdAt))</td></tr>
                """
        }
        return """
            <table><thead><tr><th scope="col">\(s["report.field.reference"])</th><th scope="col">\(s["report.field.colour"])</th>
            <th scope="col">\(s["report.field.situation"])</th><th scope="col">\(s["report.field.status"])</th>
            <th scope="col">\(s["report.field.organisation"])</th><th scope="col">\(s["common.when"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    static func filterForm(_ action: String, _ filter: ReportStore.Filter, _ s: Strings) -> HTML {
        """
        <form method="get" action="\(action)">
        \(Layout.select("status", label: s["report.field.status"], options: ReportStatus.allCases.map(\.rawValue), labelPrefix: "reportStatus.", selected: filter.status, strings: s))
        \(Layout.select("colour", label: s["report.field.colour"], options: WarningColour.allCases.map(\.rawValue), labelPrefix: "risk.", selected: filter.colour, strings: s))
        <p><button type="submit">\(s["filter.apply"])</button></p></form>
        """
    }

    static func listPage(_ req: Request, inbox: Bool) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let filter = try req.query.decode(ReportStore.Filter.self).validated()
        let page = try await ReportStore.list(filter, inbox: inbox, actor: actor, on: req.sql)
        let base = inbox ? ReportingPaths.inbox() : ReportingPaths.reports()
        let newLink: HTML = !inbox && AccessPolicy.allows(actor.roles, .reportCreate) ? "<p><a href=\"\(ReportingPaths.reportsNew())\">\(s["report.new"])</a></p>" : ""
        let pager = Layout.pager(base, filters: [("status", filter.status), ("colour", filter.colour)], page: filter.page ?? 1, hasMore: page.hasMore, strings: s)
        return Layout.page(s[inbox ? "inbox.title" : "report.list.title"], req, """
            \(newLink)\(filterForm(base, filter, s))
            \(page.items.isEmpty ? "<p>\(s["dashboard.none"])</p>" : table(page.items, inbox: inbox, s))\(pager)
            """)
    }

    @Sendable static func list(req: Request) async throws -> HTML { try await listPage(req, inbox: false) }
    @Sendable static func inbox(req: Request) async throws -> HTML { try await listPage(req, inbox: true) }

    /// The report form as posted, to show again when it is refused.
    struct Typed: Content {
        var situation: String?, facts: String?, childDescription: String?, recipientIDs: [String]?, caseID: String?, contactID: String?
    }

    static let places: FormKit.Places = [
        "situation": ("situation", "report.field.situation"), "facts": ("facts", "report.field.facts"),
        "childDescription": ("childDescription", "report.field.childDescription"), "recipientIDs": ("recipients", "report.field.recipients"),
    ]

    @Sendable static func newForm(req: Request) async throws -> HTML {
        let query = try req.query.decode(NewQuery.self)
        return try await form(req, typed: Typed(caseID: query.caseID?.uuidString, contactID: query.contactID?.uuidString), errors: [])
    }

    /// The report form; after a refused post, with what was typed and its problems by label.
    static func form(_ req: Request, typed: Typed, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let query = NewQuery(caseID: typed.caseID.flatMap(UUID.init(uuidString:)), contactID: typed.contactID.flatMap(UUID.init(uuidString:)))
        let authorities = try await ReportStore.authorities(for: actor.organisationID, pack: actor.countryPack, on: req.sql)
        let situations: [HTML] = LegalSituation.allCases.map {
            "<option value=\"\($0.rawValue)\"\(typed.situation == "\($0.rawValue)" ? " selected" : "" as HTML)>\(s["situation.\($0.rawValue)"])</option>"
        }
        let chosen = Set(typed.recipientIDs ?? [])
        let recipients: [HTML] = authorities.map { a in
            let id = "recipient-\(a.id.uuidString)"
            // Every authority the law names is ticked at first; a refused form keeps the choice made.
            let checked: HTML = errors.isEmpty || chosen.contains(a.id.uuidString) ? " checked" : ""
            return "<li><input type=\"checkbox\" id=\"\(id)\" name=\"recipientIDs[]\" value=\"\(a.id.uuidString)\"\(checked)> <label for=\"\(id)\">\(a.name) (\(s["organisationType." + a.kind]))</label></li>"
        }
        let team: HTML = actor.countryPack.reportsToLocalTeam
            ? (try await ReportStore.localTeam(of: actor.organisationID, on: req.sql)).map { "<p>\(s.format("report.alsoToTeam", ["team": $0.name]))</p>" }
                ?? "<p role=\"alert\">\(s["report.noLocalTeam"])</p>"
            : ""
        let source: HTML = query.caseID.map { "<input type=\"hidden\" name=\"caseID\" value=\"\($0.uuidString)\"><p>\(s["report.fromCase"])</p>" }
            ?? query.contactID.map { "<input type=\"hidden\" name=\"contactID\" value=\"\($0.uuidString)\"><p>\(s["report.fromContact"])</p>" } ?? ""
        return Layout.page(s["report.new.title"], req, """
            <p>\(s["report.new.explain"])</p>
            \(authorities.isEmpty ? "<p role=\"alert\">\(s["report.noAuthorities"])</p>" : "")
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(ReportingPaths.reports())">\(Layout.csrfField(req))\(source)
            <label for="situation">\(s["report.field.situation"])</label><select id="situation" name="situation" required>\(situations)</select>
            <label for="facts">\(s["report.field.facts"])</label><textarea id="facts" name="facts" rows="6" required minlength="10">\(typed.facts)</textarea>
            <label for="childDescription">\(s["report.field.childDescription"])</label><textarea id="childDescription" name="childDescription" rows="2">\(typed.childDescription)</textarea>
            <fieldset id="recipients"><legend>\(s["report.field.recipients"])</legend><ul>\(recipients)</ul></fieldset>\(team)
            <p><button type="submit" name="submit" value="true">\(s["report.submitNow"])</button>
            <button type="submit" name="submit" value="false">\(s["report.saveDraft"])</button></p></form>
            """)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        try await FormKit.saveOrShow(req, save: {
            let created = try await ReportService.file(try req.content.decode(ReportInput.self), by: try req.caller())
            return Pages.seeOther(ReportingPaths.report(created.id))
        }, show: { try await form(req, typed: try req.content.decode(Typed.self), errors: $0) })
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let detail = try await ReportService.detail(try req.uuid("reportID"), side: .reporter, by: try req.caller())
        return render(req, detail, inbox: false)
    }

    @Sendable static func showReceived(req: Request) async throws -> HTML {
        let detail = try await ReportService.detail(try req.uuid("reportID"), side: .authority, by: try req.caller())
        return render(req, detail, inbox: true)
    }

    static func render(_ req: Request, _ d: ReportDetail, inbox: Bool) -> HTML {
        let s = req.strings
        let r = d.summary
        let csrf = Layout.csrfField(req)
        let events: [HTML] = d.events.map { e in
            "<li>\(Layout.date(e.at)) · \(e.actorName ?? e.organisationName ?? s["report.system"]) · \(s["reportEvent." + e.kind])\(e.detail.map { ": " + $0 } ?? "")</li>"
        }
        let recipients: [HTML] = d.recipients.map { "<li>\($0.name) (\(s["organisationType." + $0.kind]))</li>" }
            + (d.team.map { ["<li>\($0.name) (\(s["report.localTeam"]))</li>"] } ?? [])
        var forms: [HTML] = []
        for action in d.actions {
            switch action {
            case "submit":
                forms.append("<form method=\"post\" action=\"\(ReportingPaths.reportSubmit(r.id))\">\(csrf)<button type=\"submit\">\(s["report.submit"])</button></form>")
            case "answer":
                forms.append("""
                    <form method="post" action="\(ReportingPaths.reportAnswer(r.id))">\(csrf)<label for="answer">\(s["report.answer.label"])</label>
                    <textarea id="answer" name="answer" rows="3" required></textarea><p><button type="submit">\(s["report.answer"])</button></p></form>
                    """)
            case "acknowledge":
                forms.append("""
                    <form method="post" action="\(ReportingPaths.reportAcknowledge(r.id))">\(csrf)<label for="authorityReference">\(s["inbox.reference"])</label>
                    <input type="text" id="authorityReference" name="authorityReference" required maxlength="64"><p><button type="submit">\(s["inbox.acknowledge"])</button></p></form>
                    """)
            case "request_information":
                forms.append("""
                    <form method="post" action="\(ReportingPaths.reportRequestInformation(r.id))">\(csrf)<label for="question">\(s["inbox.question"])</label>
                    <textarea id="question" name="question" rows="3" required></textarea><p><button type="submit">\(s["inbox.requestInformation"])</button></p></form>
                    """)
            case "close":
                forms.append("<form method=\"post\" action=\"\(ReportingPaths.reportClose(r.id))\">\(csrf)<button type=\"submit\">\(s["inbox.close"])</button></form>")
            default:
                break
            }
        }
        let caseLink: HTML = d.caseID.map { "<p><a href=\"\(CasesPaths.case($0))\">\(s["report.openCase"])</a></p>" } ?? ""
        return Layout.page(s.format("report.detail.title", ["reference": r.reference]), req, """
            <p>\(s["report.field.colour"]): <span class="risk-\(r.colour)">\(s["risk." + r.colour])</span> · \(s["report.field.status"]): \(s["reportStatus." + r.status])
            \(r.autoSubmitted ? " · \(s["report.autoSubmitted"])" : "")\(r.escalated ? " · \(s["report.escalated"])" : "")</p>
            <p>\(s["report.field.situation"]): \(s["situation.\(r.situation)"])</p>
            <p>\(s["report.field.organisation"]): \(r.organisationName)\(d.reporterName.map { " · " + $0 } ?? "") · \(s["reportSource." + d.sourceKind])</p>
            <p>\(s["report.field.deadline"]): \(Layout.date(r.deadlineAt))\(r.authorityReference.map { " · \(s["inbox.reference"]): \($0)" } ?? "")</p>
            \(caseLink)
            <h2>\(s["report.field.facts"])</h2><p class="prewrap">\(d.facts)</p>
            \(d.childDescription.map { "<h2>\(s["report.field.childDescription"])</h2><p>\($0)</p>" as HTML } ?? "")
            <section aria-labelledby="recipients"><h2 id="recipients">\(s["report.field.recipients"])</h2><ul>\(recipients)</ul></section>
            \(forms)
            <section aria-labelledby="timeline"><h2 id="timeline">\(s["report.timeline"])</h2><ol>\(events)</ol></section>
            """)
    }

    /// One workflow step from its form, then back to the report on the side it belongs to.
    static func act(_ req: Request, _ event: ReportEvent) async throws -> Response {
        let id = try req.uuid("reportID")
        try await ReportService.apply(event, to: id, try .read(for: event, from: req.content), by: try req.caller())
        return Pages.seeOther(event.side == .authority ? ReportingPaths.inboxReport(id) : ReportingPaths.report(id))
    }

    @Sendable static func submit(req: Request) async throws -> Response { try await act(req, .submit) }
    @Sendable static func answer(req: Request) async throws -> Response { try await act(req, .answer) }
    @Sendable static func acknowledge(req: Request) async throws -> Response { try await act(req, .acknowledge) }
    @Sendable static func requestInformation(req: Request) async throws -> Response { try await act(req, .requestInformation) }
    @Sendable static func close(req: Request) async throws -> Response { try await act(req, .close) }
}
