import Foundation
import SafeguardCore
import Vapor

/// The follow-up sections of a recommendation's page (institutions, actions, assessments) and the
/// plan of one document's recommendations, printable as a table. No page needs JavaScript.
enum FollowUpPages {
    typealias Section = RecommendationPages.Section

    static let institutionPlaces: FormKit.Places = ["name": ("i-name", "monitoring.field.institution"), "role": ("i-role", "monitoring.field.role")]
    static let actionPlaces: FormKit.Places = [
        "title": ("a-title", "monitoring.field.action"), "institution": ("a-institution", "monitoring.field.owner"),
        "dueOn": ("a-due", "monitoring.field.dueOn"), "status": ("a-title", "monitoring.field.action"),
    ]
    static let assessmentPlaces: FormKit.Places = [
        "assessedOn": ("s-day", "monitoring.field.assessedOn"), "status": ("s-status", "monitoring.field.progress"), "evidence": ("s-evidence", "monitoring.field.evidence"),
    ]

    static func sections(_ req: Request, _ r: Recommendations.Detail, errors: [Section: [FieldError]], typed: RecommendationPages.Typed, manages: Bool) async throws -> HTML {
        let s = req.strings, f = r.followUp
        let names = manages ? try await FollowUp.institutionNames(by: try req.caller()) : []
        let options: [HTML] = names.map { "<option value=\"\($0)\"></option>" }
        let datalist: HTML = manages ? "<datalist id=\"institution-names\">\(options)</datalist>" : ""

        // institutions
        let institutionItems: [HTML] = f.institutions.map { i in
            let remove: HTML = manages ? """
                <form method="post" action="\(UNMonitoringPaths.institutions(r.id))" class="inline">\(Layout.csrfField(req))<input type="hidden" name="name" value="\(i.name)">
                <input type="hidden" name="role" value="none"><button type="submit">\(s.format("monitoring.institution.remove", ["name": i.name]))</button></form>
                """ : ""
            return "<li>\(i.name) · \(s["monitoring.role." + i.role]) \(remove)</li>"
        }
        let institutionForm: HTML = manages ? """
            \(FormKit.errorSummary(errors[.institution] ?? [], places: institutionPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.institutions(r.id))">\(Layout.csrfField(req))
            \(FormKit.field("name", s["monitoring.field.institution"], typed.institution?.name, id: "i-name", extra: " maxlength=\"200\" required list=\"institution-names\" autocomplete=\"off\""))
            \(Layout.select("role", label: s["monitoring.field.role"], options: FollowUp.InstitutionRole.allCases.map(\.rawValue), labelPrefix: "monitoring.role.",
                            selected: typed.institution?.role ?? FollowUp.InstitutionRole.lead.rawValue, strings: s, includeEmpty: false, id: "i-role"))
            <p><button type="submit">\(s["monitoring.institution.add"])</button></p></form>
            """ : ""
        let institutions: HTML = """
            <section aria-labelledby="institutions"><h2 id="institutions">\(s["monitoring.institutions"])</h2>
            \(f.institutions.isEmpty ? "<p>\(s["monitoring.institutions.none"])</p>" : "<ul>\(institutionItems)</ul>" as HTML)\(institutionForm)</section>
            """

        // actions: each row's status changes in place; its label, read by a screen reader, names the action
        func statusOptions(_ chosen: String) -> [HTML] {
            FollowUp.ActionStatus.allCases.map { "<option value=\"\($0.rawValue)\"\($0.rawValue == chosen ? " selected" : "" as HTML)>\(s["monitoring.actionStatus." + $0.rawValue])</option>" }
        }
        let actionRows: [HTML] = f.actions.map { a in
            let change: HTML = manages ? """
                <form method="post" action="\(UNMonitoringPaths.actionStatus(a.id))" class="inline">\(Layout.csrfField(req))
                <label for="as-\(a.id.uuidString)" class="visually-hidden">\(s.format("monitoring.action.statusOf", ["title": a.title]))</label>
                <select id="as-\(a.id.uuidString)" name="status">\(statusOptions(a.status))</select>
                <button type="submit">\(s["common.save"])</button></form>
                """ : "\(s["monitoring.actionStatus." + a.status])"
            return "<tr><td>\(a.title)</td><td>\(a.institution ?? "")</td><td>\(a.dueOn ?? "")</td><td>\(change)</td></tr>"
        }
        let actionTable: HTML = f.actions.isEmpty ? "<p>\(s["monitoring.actions.none"])</p>" : """
            <table><caption>\(s["monitoring.actions"])</caption><thead><tr><th scope="col">\(s["monitoring.field.action"])</th><th scope="col">\(s["monitoring.field.owner"])</th>
            <th scope="col">\(s["monitoring.field.dueOn"])</th><th scope="col">\(s["monitoring.field.actionStatus"])</th></tr></thead><tbody>\(actionRows)</tbody></table>
            """
        let actionForm: HTML = manages ? """
            \(FormKit.errorSummary(errors[.action] ?? [], places: actionPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.actions(r.id))">\(Layout.csrfField(req))
            \(FormKit.field("title", s["monitoring.field.action"], typed.action?.title, id: "a-title", extra: " maxlength=\"500\" required"))
            \(FormKit.field("institution", s["monitoring.field.owner"], typed.action?.institution, id: "a-institution", extra: " maxlength=\"200\" list=\"institution-names\" autocomplete=\"off\""))
            \(FormKit.field("dueOn", s["monitoring.field.dueOn"], typed.action?.dueOn, id: "a-due", type: "date"))
            <p><button type="submit">\(s["monitoring.action.add"])</button></p></form>
            """ : ""
        let actions: HTML = "<section aria-labelledby=\"actions\"><h2 id=\"actions\">\(s["monitoring.actions"])</h2>\(actionTable)\(actionForm)</section>"

        // assessments
        let assessmentItems: [HTML] = f.assessments.map { a in
            "<li><strong>\(a.assessedOn) · \(s["monitoring.status." + a.status])</strong> · \(s.format("monitoring.judgedBy", ["name": a.judgedBy]))<br>\(a.evidence)</li>"
        }
        let assessmentForm: HTML = manages ? """
            \(FormKit.errorSummary(errors[.assessment] ?? [], places: assessmentPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.assessments(r.id))">\(Layout.csrfField(req))
            \(FormKit.field("assessedOn", s["monitoring.field.assessedOn"], typed.assessment?.assessedOn ?? CivilDay(Date()).description, id: "s-day", type: "date", extra: " required"))
            \(Layout.select("status", label: s["monitoring.field.progress"], options: Recommendations.Status.allCases.map(\.rawValue), labelPrefix: "monitoring.status.",
                            selected: typed.assessment?.status ?? r.status, strings: s, includeEmpty: false, required: true, id: "s-status"))
            <label for="s-evidence">\(s["monitoring.field.evidence"])</label><textarea id="s-evidence" name="evidence" rows="3" maxlength="5000" required>\(typed.assessment?.evidence ?? "")</textarea>
            <p><button type="submit">\(s["monitoring.assessment.add"])</button></p></form>
            """ : ""
        let assessments: HTML = """
            <section aria-labelledby="assessments"><h2 id="assessments">\(s["monitoring.assessments"])</h2>
            \(f.assessments.isEmpty ? "<p>\(s["monitoring.assessments.none"])</p>" : "<ol>\(assessmentItems)</ol>" as HTML)\(assessmentForm)</section>
            """
        return "\(datalist)\(institutions)\(actions)\(assessments)"
    }

    // MARK: posts from the recommendation's page

    @Sendable static func setInstitution(req: Request) async throws -> Response {
        let form = try req.content.decode(FollowUp.InstitutionInput.self), id = try req.uuid("recommendationID")
        return try await FormKit.saveOrShow(req, save: {
            try await FollowUp.setInstitution(id, form, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.recommendation(id) + "#institutions")
        }, show: { try await RecommendationPages.recommendationPage(req, errors: [.institution: $0], typed: .init(institution: form)) })
    }

    @Sendable static func addAction(req: Request) async throws -> Response {
        let form = try req.content.decode(FollowUp.ActionInput.self), id = try req.uuid("recommendationID")
        return try await FormKit.saveOrShow(req, save: {
            try await FollowUp.addAction(id, form, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.recommendation(id) + "#actions")
        }, show: { try await RecommendationPages.recommendationPage(req, errors: [.action: $0], typed: .init(action: form)) })
    }

    @Sendable static func setActionStatus(req: Request) async throws -> Response {
        let form = try req.content.decode(FollowUp.ActionStatusInput.self)
        let recommendation = try await FollowUp.setActionStatus(try req.uuid("actionID"), form, by: try req.caller())
        return Pages.seeOther(UNMonitoringPaths.recommendation(recommendation) + "#actions")
    }

    @Sendable static func assess(req: Request) async throws -> Response {
        let form = try req.content.decode(FollowUp.AssessmentInput.self), id = try req.uuid("recommendationID")
        return try await FormKit.saveOrShow(req, save: {
            try await FollowUp.assess(id, form, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.recommendation(id) + "#assessments")
        }, show: { try await RecommendationPages.recommendationPage(req, errors: [.assessment: $0], typed: .init(assessment: form)) })
    }

    // MARK: the plan

    @Sendable static func plan(req: Request) async throws -> HTML {
        let s = req.strings
        let plan = try await FollowUp.plan(document: req.query[String.self, at: "document"], by: try req.caller())
        // symbols are shown as written: they are the UN's, in no language
        let documents: [HTML] = plan.documents.map { "<option value=\"\($0)\"\($0 == plan.documentSymbol ? " selected" : "" as HTML)>\($0)</option>" }
        let choose: HTML = """
            <form method="get" action="\(UNMonitoringPaths.plan())">
            <label for="p-document">\(s["monitoring.field.documentSymbol"])</label><select id="p-document" name="document">\(documents)</select>
            <button type="submit">\(s["monitoring.plan.show"])</button></form>
            """
        let rows: [HTML] = plan.rows.map { row in
            let actions: [HTML] = row.actions.map { a in
                "<li>\(a.title)\(a.institution.map { " · \($0)" } ?? "")\(a.dueOn.map { " · \($0)" } ?? "") · \(s["monitoring.actionStatus." + a.status])</li>"
            }
            return """
                <tr><th scope="row"><a href="\(UNMonitoringPaths.recommendation(row.id))">¶\(row.paragraph)</a></th><td lang="\(row.language)">\(row.text)</td>
                <td>\(row.clusters.map { s["monitoring.cluster." + $0] }.joined(separator: "; "))</td><td>\(row.lead.joined(separator: "; "))</td>
                <td>\(row.partners.joined(separator: "; "))</td><td>\(actions.isEmpty ? "" : "<ul>\(actions)</ul>" as HTML)</td><td>\(s["monitoring.status." + row.status])</td></tr>
                """
        }
        let table: HTML = plan.rows.isEmpty ? "<p>\(s["monitoring.none"])</p>" : """
            <table><caption>\(s.format("monitoring.plan.caption", ["document": plan.documentSymbol]))</caption><thead><tr>
            <th scope="col">\(s["monitoring.field.paragraphNumber"])</th><th scope="col">\(s["monitoring.field.text"])</th><th scope="col">\(s["monitoring.field.clusters"])</th>
            <th scope="col">\(s["monitoring.role.lead"])</th><th scope="col">\(s["monitoring.role.partner"])</th><th scope="col">\(s["monitoring.actions"])</th>
            <th scope="col">\(s["monitoring.field.status"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return Layout.page(s["monitoring.plan"], req, "<p><a href=\"\(UNMonitoringPaths.recommendations())\">\(s["monitoring.back"])</a></p>\(plan.documents.isEmpty ? "" : choose)\(table)")
    }

    // MARK: the API

    @Sendable static func setInstitutionJSON(req: Request) async throws -> Recommendations.Detail {
        let id = try req.uuid("recommendationID"), caller = try req.caller()
        try await FollowUp.setInstitution(id, try req.content.decode(FollowUp.InstitutionInput.self), by: caller)
        return try await Recommendations.detail(id, by: caller)
    }

    @Sendable static func addActionJSON(req: Request) async throws -> Response {
        let id = try req.uuid("recommendationID"), caller = try req.caller()
        try await FollowUp.addAction(id, try req.content.decode(FollowUp.ActionInput.self), by: caller)
        return try await Recommendations.detail(id, by: caller).created(for: req)
    }

    @Sendable static func setActionStatusJSON(req: Request) async throws -> Recommendations.Detail {
        let caller = try req.caller()
        let id = try await FollowUp.setActionStatus(try req.uuid("actionID"), try req.content.decode(FollowUp.ActionStatusInput.self), by: caller)
        return try await Recommendations.detail(id, by: caller)
    }

    @Sendable static func assessJSON(req: Request) async throws -> Response {
        let id = try req.uuid("recommendationID"), caller = try req.caller()
        try await FollowUp.assess(id, try req.content.decode(FollowUp.AssessmentInput.self), by: caller)
        return try await Recommendations.detail(id, by: caller).created(for: req)
    }

    @Sendable static func planJSON(req: Request) async throws -> FollowUp.Plan {
        try await FollowUp.plan(document: req.query[String.self, at: "document"], by: try req.caller())
    }
}
