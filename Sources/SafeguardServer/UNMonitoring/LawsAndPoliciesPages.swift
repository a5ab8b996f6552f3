import Foundation
import SafeguardCore
import Vapor

/// Laws and policies: the list with the form to add one; one's page with its stages, the
/// organisation's submissions (with their files) and the recommendations it answers.
enum LawsAndPoliciesPages {
    struct LawForm: Content {
        var title: String?, jurisdiction: String?, kind: String?, summary: String?, stage: String?, since: String?
        var input: LawsAndPolicies.Input { .init(title: title, jurisdiction: jurisdiction, kind: kind, summary: summary, stage: stage, since: since) }
    }

    struct LinkForm: Content {
        var reference: String?, recommendationID: String?, remove: String?
        var input: LawsAndPolicies.LinkInput {
            .init(recommendationID: recommendationID.flatMap { UUID(uuidString: $0) }, reference: reference, remove: remove == "true")
        }
    }

    static let lawPlaces: FormKit.Places = [
        "title": ("l-title", "monitoring.law.title"), "jurisdiction": ("l-jurisdiction", "monitoring.law.jurisdiction"), "kind": ("l-kind", "monitoring.law.kind"),
        "summary": ("l-summary", "monitoring.law.summary"), "stage": ("l-stage", "monitoring.law.stage"), "since": ("l-since", "monitoring.law.since"),
    ]
    static let stagePlaces: FormKit.Places = [
        "stage": ("g-stage", "monitoring.law.stage"), "changedOn": ("g-day", "monitoring.law.since"), "note": ("g-note", "monitoring.law.note"),
    ]
    static let submissionPlaces: FormKit.Places = [
        "submittedOn": ("u-day", "monitoring.law.submittedOn"), "recipient": ("u-recipient", "monitoring.law.recipient"),
        "summary": ("u-summary", "monitoring.law.submissionSummary"), "file": ("u-file", "monitoring.law.file"),
    ]
    static let linkPlaces: FormKit.Places = ["reference": ("x-reference", "monitoring.law.reference")]

    // MARK: the list

    @Sendable static func list(req: Request) async throws -> HTML { try await listPage(req, form: LawForm(), errors: []) }

    static func listPage(_ req: Request, form f: LawForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let laws = try await LawsAndPolicies.list(by: caller)
        let rows: [HTML] = laws.map { l in
            """
            <tr><th scope="row"><a href="\(UNMonitoringPaths.law(l.id))">\(l.title)</a></th><td>\(l.jurisdiction)</td><td>\(s["monitoring.law.kind." + l.kind])</td>
            <td>\(s["monitoring.law.stage." + l.stage])</td><td>\(l.submissions)</td><td>\(l.recommendations)</td></tr>
            """
        }
        let table: HTML = laws.isEmpty ? "<p>\(s["monitoring.law.none"])</p>" : """
            <table><caption>\(s["monitoring.laws"])</caption><thead><tr><th scope="col">\(s["monitoring.law.title"])</th>
            <th scope="col">\(s["monitoring.law.jurisdiction"])</th><th scope="col">\(s["monitoring.law.kind"])</th><th scope="col">\(s["monitoring.law.stage"])</th>
            <th scope="col">\(s["monitoring.law.submissions"])</th><th scope="col">\(s["monitoring.law.answers"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let add: HTML = AccessPolicy.allows(caller.actor.roles, .monitoringManage) ? """
            <section aria-labelledby="add"><h2 id="add">\(s["monitoring.law.add"])</h2>
            \(FormKit.errorSummary(errors, places: lawPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.laws())">\(Layout.csrfField(req))<div class="grid">
            <div>\(FormKit.field("title", s["monitoring.law.title"], f.title, id: "l-title", extra: " maxlength=\"300\" required"))</div>
            <div>\(FormKit.field("jurisdiction", s["monitoring.law.jurisdiction"], f.jurisdiction, id: "l-jurisdiction", hint: s["monitoring.law.hint.jurisdiction"],
                                 extra: " maxlength=\"200\" required"))</div>
            <div>\(Layout.select("kind", label: s["monitoring.law.kind"], options: LawsAndPolicies.Kind.allCases.map(\.rawValue), labelPrefix: "monitoring.law.kind.",
                                 selected: f.kind, strings: s, includeEmpty: false, required: true, id: "l-kind"))</div>
            <div>\(Layout.select("stage", label: s["monitoring.law.stage"], options: LawsAndPolicies.Stage.allCases.map(\.rawValue), labelPrefix: "monitoring.law.stage.",
                                 selected: f.stage, strings: s, includeEmpty: false, required: true, id: "l-stage"))</div>
            <div>\(FormKit.field("since", s["monitoring.law.since"], f.since ?? CivilDay(Date()).description, id: "l-since", type: "date", extra: " required"))</div>
            </div>
            <label for="l-summary">\(s["monitoring.law.summary"])</label><textarea class="prose" id="l-summary" name="summary" rows="4" maxlength="5000">\(f.summary ?? "")</textarea>
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """ : ""
        return Layout.page(s["monitoring.laws"], req, "<p><a href=\"\(UNMonitoringPaths.recommendations())\">\(s["monitoring.back"])</a></p>\(table)\(add)")
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let f = try req.content.decode(LawForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let created = try await LawsAndPolicies.create(f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.law(created.id))
        }, show: { try await listPage(req, form: f, errors: $0) })
    }

    // MARK: one law or policy

    enum Failed { case stage(LawsAndPolicies.StageInput), submission(recipient: String?, summary: String?, day: String?), link(String?) }

    @Sendable static func law(req: Request) async throws -> HTML { try await lawPage(req, failed: nil, errors: []) }

    static func lawPage(_ req: Request, failed: Failed?, errors: [FieldError]) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let law = try await LawsAndPolicies.get(try req.uuid("lawID"), by: caller)
        let manage = AccessPolicy.allows(caller.actor.roles, .monitoringManage)
        let stages: [HTML] = law.stages.map { c in
            "<li>\(c.changedOn): \(s["monitoring.law.stage." + c.stage])\(c.note.map { " · \($0)" } ?? "") · \(c.recordedBy)</li>"
        }
        let submissions: [HTML] = law.submissions.map { u in
            let file: HTML = u.filename.map { "<a href=\"\(UNMonitoringPaths.lawDocument(law.id, u.id))\">\($0)</a>" } ?? "\(s["monitoring.law.noFile"])"
            return "<tr><th scope=\"row\">\(u.submittedOn)</th><td>\(u.recipient)</td><td>\(u.summary)</td><td>\(file)</td></tr>"
        }
        let answered: [HTML] = law.recommendations.map { r in
            let unlink: HTML = manage ? """
                <form method="post" action="\(UNMonitoringPaths.lawRecommendations(law.id))" class="inline">\(Layout.csrfField(req))
                <input type="hidden" name="recommendationID" value="\(r.id.uuidString)"><input type="hidden" name="remove" value="true">
                <button type="submit" aria-label="\(s.format("monitoring.law.unlinkOne", ["reference": "\(r.documentSymbol) ¶\(r.paragraph)"]))">\(s["monitoring.law.unlink"])</button></form>
                """ : ""
            return "<li><a href=\"\(UNMonitoringPaths.recommendation(r.id))\">\(r.documentSymbol) ¶\(r.paragraph)</a> (\(r.year); \(s["monitoring.status." + r.status]))\(unlink)</li>"
        }
        var stageForm: HTML = "", submissionForm: HTML = "", linkForm: HTML = ""
        if manage {
            let typedStage: LawsAndPolicies.StageInput? = if case .stage(let input) = failed { input } else { nil }
            stageForm = """
                \(typedStage == nil ? "" : FormKit.errorSummary(errors, places: stagePlaces, s))
                <form method="post" action="\(UNMonitoringPaths.lawStages(law.id))">\(Layout.csrfField(req))<div class="grid">
                <div>\(Layout.select("stage", label: s["monitoring.law.stage"], options: LawsAndPolicies.Stage.allCases.map(\.rawValue), labelPrefix: "monitoring.law.stage.",
                                     selected: typedStage?.stage ?? law.stage, strings: s, includeEmpty: false, required: true, id: "g-stage"))</div>
                <div>\(FormKit.field("changedOn", s["monitoring.law.since"], typedStage?.changedOn ?? CivilDay(Date()).description, id: "g-day", type: "date", extra: " required"))</div>
                <div>\(FormKit.field("note", s["monitoring.law.note"], typedStage?.note, id: "g-note", extra: " maxlength=\"1000\""))</div>
                </div><p><button type="submit">\(s["monitoring.law.recordStage"])</button></p></form>
                """
            let typed: (recipient: String?, summary: String?, day: String?)? = if case .submission(let r, let m, let d) = failed { (r, m, d) } else { nil }
            submissionForm = """
                \(typed == nil ? "" : FormKit.errorSummary(errors, places: submissionPlaces, s))
                <form method="post" action="\(UNMonitoringPaths.lawDocuments(law.id))" enctype="multipart/form-data">\(Layout.csrfField(req))<div class="grid">
                <div>\(FormKit.field("submittedOn", s["monitoring.law.submittedOn"], typed?.day ?? CivilDay(Date()).description, id: "u-day", type: "date", extra: " required"))</div>
                <div>\(FormKit.field("recipient", s["monitoring.law.recipient"], typed?.recipient, id: "u-recipient", extra: " maxlength=\"300\" required"))</div>
                <div><label for="u-file">\(s["monitoring.law.file"])</label><input type="file" id="u-file" name="file" accept=".pdf,.png,.jpg,.jpeg,.docx,.txt" aria-describedby="u-file-hint">
                <p class="hint" id="u-file-hint">\(s["monitoring.law.hint.file"])</p></div>
                </div>
                <label for="u-summary">\(s["monitoring.law.submissionSummary"])</label><textarea class="prose" id="u-summary" name="summary" rows="3" maxlength="2000" required>\(typed?.summary ?? "")</textarea>
                <p><button type="submit">\(s["monitoring.law.addSubmission"])</button></p></form>
                """
            let typedReference: String? = if case .link(let reference) = failed { reference } else { nil }
            linkForm = """
                \(typedReference == nil ? "" : FormKit.errorSummary(errors, places: linkPlaces, s))
                <form method="post" action="\(UNMonitoringPaths.lawRecommendations(law.id))">\(Layout.csrfField(req))
                \(FormKit.field("reference", s["monitoring.law.reference"], typedReference, id: "x-reference", hint: s["monitoring.law.hint.reference"], extra: " required"))
                <p><button type="submit">\(s["monitoring.law.link"])</button></p></form>
                """
        }
        return Layout.page(law.title, req, """
            <p><a href="\(UNMonitoringPaths.laws())">\(s["monitoring.laws"])</a></p>
            <dl><dt>\(s["monitoring.law.jurisdiction"])</dt><dd>\(law.jurisdiction)</dd><dt>\(s["monitoring.law.kind"])</dt><dd>\(s["monitoring.law.kind." + law.kind])</dd>
            <dt>\(s["monitoring.law.stage"])</dt><dd>\(s["monitoring.law.stage." + law.stage])</dd></dl>
            \(law.summary.isEmpty ? "" : "<p>\(AlternativeReportPages.lines(law.summary))</p>" as HTML)
            <section aria-labelledby="stages"><h2 id="stages">\(s["monitoring.law.stages"])</h2><ul>\(stages)</ul>\(stageForm)</section>
            <section aria-labelledby="submissions"><h2 id="submissions">\(s["monitoring.law.submissions"])</h2>
            \(submissions.isEmpty ? "<p>\(s["monitoring.law.noSubmissions"])</p>" : """
            <table><caption>\(s["monitoring.law.submissions"])</caption><thead><tr><th scope="col">\(s["monitoring.law.submittedOn"])</th>
            <th scope="col">\(s["monitoring.law.recipient"])</th><th scope="col">\(s["monitoring.law.submissionSummary"])</th><th scope="col">\(s["monitoring.law.file"])</th></tr></thead>
            <tbody>\(submissions)</tbody></table>
            """ as HTML)\(submissionForm)</section>
            <section aria-labelledby="answers"><h2 id="answers">\(s["monitoring.law.answers"])</h2>
            \(answered.isEmpty ? "<p>\(s["monitoring.law.noAnswers"])</p>" : "<ul>\(answered)</ul>" as HTML)\(linkForm)</section>
            """)
    }

    @Sendable static func addStage(req: Request) async throws -> Response {
        let f = try req.content.decode(LawsAndPolicies.StageInput.self), id = try req.uuid("lawID")
        return try await FormKit.saveOrShow(req, save: {
            _ = try await LawsAndPolicies.addStage(id, f, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.law(id) + "#stages")
        }, show: { try await lawPage(req, failed: .stage(f), errors: $0) })
    }

    @Sendable static func link(req: Request) async throws -> Response {
        let f = try req.content.decode(LinkForm.self), id = try req.uuid("lawID")
        return try await FormKit.saveOrShow(req, save: {
            _ = try await LawsAndPolicies.link(id, f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.law(id) + "#answers")
        }, show: { try await lawPage(req, failed: .link(f.reference ?? ""), errors: $0) })
    }

    @Sendable static func addSubmission(req: Request) async throws -> Response {
        let upload = try req.content.decode(LawsAndPolicies.SubmissionUpload.self), id = try req.uuid("lawID")
        return try await FormKit.saveOrShow(req, save: {
            _ = try await LawsAndPolicies.addSubmission(id, upload, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.law(id) + "#submissions")
        }, show: { try await lawPage(req, failed: .submission(recipient: upload.recipient, summary: upload.summary, day: upload.submittedOn), errors: $0) })
    }

    @Sendable static func download(req: Request) async throws -> Response {
        UploadedFile.download(try await LawsAndPolicies.file(try req.uuid("lawID"), submission: try req.uuid("documentID"), by: try req.caller()))
    }

    // MARK: the API

    @Sendable static func listJSON(req: Request) async throws -> [LawsAndPolicies.Summary] { try await LawsAndPolicies.list(by: try req.caller()) }
    @Sendable static func createJSON(req: Request) async throws -> Response {
        try await LawsAndPolicies.create(try req.content.decode(LawsAndPolicies.Input.self), by: try req.caller()).created(for: req)
    }
    @Sendable static func getJSON(req: Request) async throws -> LawsAndPolicies.Law { try await LawsAndPolicies.get(try req.uuid("lawID"), by: try req.caller()) }
    @Sendable static func addStageJSON(req: Request) async throws -> LawsAndPolicies.Law {
        try await LawsAndPolicies.addStage(try req.uuid("lawID"), try req.content.decode(LawsAndPolicies.StageInput.self), by: try req.caller())
    }
    @Sendable static func linkJSON(req: Request) async throws -> LawsAndPolicies.Law {
        try await LawsAndPolicies.link(try req.uuid("lawID"), try req.content.decode(LawsAndPolicies.LinkInput.self), by: try req.caller())
    }
    @Sendable static func addSubmissionJSON(req: Request) async throws -> Response {
        guard req.headers.contentType?.type == "multipart" else {
            throw AppError.invalid("file", "send the submission as a multipart form with fields submittedOn, recipient, summary and, if there is one, file")
        }
        return try await LawsAndPolicies.addSubmission(try req.uuid("lawID"), try req.content.decode(LawsAndPolicies.SubmissionUpload.self), by: try req.caller())
            .created(for: req)
    }
}
