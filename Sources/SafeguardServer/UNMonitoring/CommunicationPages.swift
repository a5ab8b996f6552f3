import Foundation
import SafeguardCore
import Vapor

/// The communications an organisation supports under the third Optional Protocol: the list with the
/// form to add one, and a communication's page, where its steps are entered as they come.
enum CommunicationPages {
    struct Form: Content {
        var reference: String?, childPseudonym: String?, caseID: String?, unlinkCase: String?, state: String?, articles: String?
        var remediesExhausted: String?, remediesNote: String?, interimMeasures: String?, committeeReference: String?
        var submittedOn: String?, registeredOn: String?, admissibilityOn: String?, admissibility: String?, viewsOn: String?, views: String?, followUp: String?

        /// A case id not typed as one is named, not passed over.
        var caseProblem: [FieldError] {
            let typed = caseID?.trimmedWhitespace ?? ""
            return typed.isEmpty || UUID(uuidString: typed) != nil ? [] : [FieldError("caseID", "give the case's id as it appears in the case's address")]
        }

        var input: Communications.Input {
            .init(reference: reference, childPseudonym: childPseudonym, caseID: caseID.flatMap { UUID(uuidString: $0.trimmedWhitespace) },
                  unlinkCase: unlinkCase == "true", state: state,
                  articles: (articles ?? "").split(whereSeparator: { $0 == ";" || $0 == "," }).map(String.init), remediesExhausted: remediesExhausted == "true",
                  remediesNote: remediesNote, interimMeasures: interimMeasures == "true", committeeReference: committeeReference, submittedOn: submittedOn,
                  registeredOn: registeredOn, admissibilityOn: admissibilityOn, admissibility: admissibility.flatMap { $0.isEmpty ? nil : $0 }, viewsOn: viewsOn,
                  views: views.flatMap { $0.isEmpty ? nil : $0 }, followUp: followUp)
        }

        init(_ c: Communications.Communication? = nil) {
            guard let c else { return }
            (reference, childPseudonym, caseID, state, articles) = (c.reference, c.childPseudonym, c.caseID?.uuidString, c.state, c.articles.joined(separator: "; "))
            (remediesExhausted, remediesNote, interimMeasures, committeeReference) = (c.remediesExhausted ? "true" : nil, c.remediesNote, c.interimMeasures ? "true" : nil, c.committeeReference)
            (submittedOn, registeredOn, admissibilityOn, admissibility, viewsOn, views, followUp) = (c.submittedOn, c.registeredOn, c.admissibilityOn, c.admissibility, c.viewsOn, c.views, c.followUp)
        }
    }

    static let places: FormKit.Places = [
        "reference": ("m-reference", "monitoring.op3.reference"), "childPseudonym": ("m-child", "monitoring.op3.child"), "caseID": ("m-case", "monitoring.op3.case"),
        "state": ("m-state", "monitoring.op3.state"), "articles": ("m-articles", "monitoring.field.articles"), "remediesNote": ("m-remedies-note", "monitoring.op3.remediesNote"),
        "committeeReference": ("m-committee", "monitoring.op3.committeeReference"), "submittedOn": ("m-submitted", "monitoring.op3.submittedOn"),
        "registeredOn": ("m-registered", "monitoring.op3.registeredOn"), "admissibilityOn": ("m-admissibility-on", "monitoring.op3.admissibilityOn"),
        "admissibility": ("m-admissibility", "monitoring.op3.admissibility"), "viewsOn": ("m-views-on", "monitoring.op3.viewsOn"), "views": ("m-views", "monitoring.op3.views"),
        "followUp": ("m-follow-up", "monitoring.op3.followUp"),
    ]

    static func form(_ req: Request, action: String, form f: Form, errors: [FieldError], mayLinkCase: Bool) -> HTML {
        let s = req.strings
        func field(_ name: String, _ value: String?, type: String = "text", hint: String? = nil, extra: HTML = "") -> HTML {
            FormKit.field(name, s[places[name]!.label], value, id: places[name]!.id, type: type, hint: hint.map { s[$0] }, extra: extra)
        }
        func box(_ name: String, _ id: String, _ value: String?, _ label: String) -> HTML {
            "<p><label class=\"choice\" for=\"\(id)\"><input type=\"checkbox\" id=\"\(id)\" name=\"\(name)\" value=\"true\"\(value == "true" ? " checked" : "" as HTML)> \(s[label])</label></p>"
        }
        func area(_ name: String, _ value: String?) -> HTML {
            "<label for=\"\(places[name]!.id)\">\(s[places[name]!.label])</label><textarea id=\"\(places[name]!.id)\" name=\"\(name)\" rows=\"3\">\(value ?? "")</textarea>"
        }
        return """
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(action)">\(Layout.csrfField(req))
            \(field("reference", f.reference, extra: " maxlength=\"60\" required autocomplete=\"off\""))
            \(field("childPseudonym", f.childPseudonym, hint: "monitoring.op3.hint.child", extra: " maxlength=\"40\" autocomplete=\"off\""))
            \(mayLinkCase ? field("caseID", f.caseID, hint: "monitoring.op3.hint.case", extra: " maxlength=\"36\" autocomplete=\"off\"") : "")
            \(mayLinkCase && f.caseID != nil ? box("unlinkCase", "m-unlink", f.unlinkCase, "monitoring.op3.unlinkCase") : "")
            \(field("state", f.state, hint: "monitoring.op3.hint.state", extra: " maxlength=\"3\" size=\"4\" required autocapitalize=\"characters\""))
            \(field("articles", f.articles, hint: "monitoring.hint.articles", extra: " maxlength=\"300\" required autocomplete=\"off\""))
            \(box("remediesExhausted", "m-remedies", f.remediesExhausted, "monitoring.op3.remediesExhausted"))
            \(area("remediesNote", f.remediesNote))
            \(box("interimMeasures", "m-interim", f.interimMeasures, "monitoring.op3.interimMeasures"))
            <fieldset><legend>\(s["monitoring.op3.steps"])</legend><div class="grid">
            <div>\(field("submittedOn", f.submittedOn, type: "date"))</div>
            <div>\(field("registeredOn", f.registeredOn, type: "date"))</div>
            <div>\(field("committeeReference", f.committeeReference, extra: " maxlength=\"60\" autocomplete=\"off\""))</div>
            <div>\(field("admissibilityOn", f.admissibilityOn, type: "date"))</div>
            <div>\(Layout.select("admissibility", label: s["monitoring.op3.admissibility"], options: Communications.Admissibility.allCases.map(\.rawValue),
                            labelPrefix: "monitoring.op3.admissibility.", selected: f.admissibility, strings: s, emptyKey: "monitoring.op3.notYet", id: "m-admissibility"))</div>
            <div>\(field("viewsOn", f.viewsOn, type: "date"))</div>
            <div>\(Layout.select("views", label: s["monitoring.op3.views"], options: Communications.Views.allCases.map(\.rawValue), labelPrefix: "monitoring.op3.views.",
                            selected: f.views, strings: s, emptyKey: "monitoring.op3.notYet", id: "m-views"))
            </div>
            </div></fieldset>
            \(area("followUp", f.followUp))
            <p><button type="submit">\(s["common.save"])</button></p></form>
            """
    }

    static func mayLinkCase(_ req: Request) throws -> Bool { AccessPolicy.allows(try req.actor().roles, .caseRead) }

    @Sendable static func list(req: Request) async throws -> HTML { try await listPage(req, form: Form(), errors: []) }

    static func listPage(_ req: Request, form f: Form, errors: [FieldError]) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let items = try await Communications.list(by: caller)
        let rows: [HTML] = items.map { c in
            """
            <tr><td><a href="\(UNMonitoringPaths.communication(c.id))">\(c.reference)</a></td><td>\(c.childPseudonym)</td><td>\(c.state)</td>
            <td>\(c.submittedOn ?? "")</td><td>\(s["monitoring.op3.stage." + c.stage])</td><td>\(c.stateResponseDue ?? "")</td></tr>
            """
        }
        let table: HTML = items.isEmpty ? "<p>\(s["monitoring.op3.none"])</p>" : """
            <table><caption>\(s["monitoring.op3.title"])</caption><thead><tr><th scope="col">\(s["monitoring.op3.reference"])</th><th scope="col">\(s["monitoring.op3.child"])</th>
            <th scope="col">\(s["monitoring.op3.state"])</th><th scope="col">\(s["monitoring.op3.submittedOn"])</th><th scope="col">\(s["monitoring.op3.stage"])</th>
            <th scope="col">\(s["monitoring.op3.stateResponseDue"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let add: HTML = AccessPolicy.allows(caller.actor.roles, .monitoringManage) ? """
            <section aria-labelledby="add"><h2 id="add">\(s["monitoring.op3.add"])</h2>
            \(form(req, action: UNMonitoringPaths.communications(), form: f, errors: errors, mayLinkCase: try mayLinkCase(req)))</section>
            """ : ""
        return Layout.page(s["monitoring.op3.title"], req, "<p><a href=\"\(UNMonitoringPaths.recommendations())\">\(s["monitoring.back"])</a></p>\(table)\(add)")
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        return try await FormKit.saveOrShow(req, save: {
            guard f.caseProblem.isEmpty else { throw ValidationErrors(f.caseProblem) }
            let created = try await Communications.create(f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.communication(created.id))
        }, show: { try await listPage(req, form: f, errors: $0) })
    }

    @Sendable static func communication(req: Request) async throws -> HTML { try await communicationPage(req, form: nil, errors: []) }

    static func communicationPage(_ req: Request, form typed: Form?, errors: [FieldError]) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let c = try await Communications.get(try req.uuid("communicationID"), by: caller)
        let caseLine: HTML = c.caseID.map { "<dt>\(s["monitoring.op3.case"])</dt><dd><a href=\"\(CasesPaths.`case`($0))\">\(s["monitoring.open"])</a></dd>" }
            ?? (c.linkedToCase ? "<dt>\(s["monitoring.op3.case"])</dt><dd>\(s["monitoring.op3.caseHidden"])</dd>" : "")
        let about: HTML = """
            <dl><dt>\(s["monitoring.op3.child"])</dt><dd>\(c.childPseudonym)</dd>\(caseLine)<dt>\(s["monitoring.op3.state"])</dt><dd>\(c.state)</dd>
            <dt>\(s["monitoring.field.articles"])</dt><dd>\(c.articles.joined(separator: "; "))</dd>
            <dt>\(s["monitoring.op3.stage"])</dt><dd>\(s["monitoring.op3.stage." + c.stage])</dd>
            \(c.stateResponseDue.map { "<dt>\(s["monitoring.op3.stateResponseDue"])</dt><dd>\($0)</dd>" } ?? "" as HTML)</dl>
            """
        let edit: HTML = AccessPolicy.allows(caller.actor.roles, .monitoringManage) ? """
            <section aria-labelledby="edit"><h2 id="edit">\(s["monitoring.op3.edit"])</h2>
            \(form(req, action: UNMonitoringPaths.communication(c.id), form: typed ?? Form(c), errors: errors, mayLinkCase: try mayLinkCase(req)))</section>
            """ : ""
        return Layout.page("\(s["monitoring.op3.one"]) \(c.reference)", req, "<p><a href=\"\(UNMonitoringPaths.communications())\">\(s["monitoring.op3.title"])</a></p>\(about)\(edit)")
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self), id = try req.uuid("communicationID")
        return try await FormKit.saveOrShow(req, save: {
            guard f.caseProblem.isEmpty else { throw ValidationErrors(f.caseProblem) }
            _ = try await Communications.update(id, f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.communication(id))
        }, show: { try await communicationPage(req, form: f, errors: $0) })
    }

    // MARK: the API

    @Sendable static func listJSON(req: Request) async throws -> [Communications.Communication] { try await Communications.list(by: try req.caller()) }

    @Sendable static func createJSON(req: Request) async throws -> Response {
        let created = try await Communications.create(try req.content.decode(Communications.Input.self), by: try req.caller())
        return try await created.created(for: req, location: UNMonitoringPaths.API.communication(created.id))
    }

    @Sendable static func getJSON(req: Request) async throws -> Communications.Communication {
        try await Communications.get(try req.uuid("communicationID"), by: try req.caller())
    }

    @Sendable static func updateJSON(req: Request) async throws -> Communications.Communication {
        try await Communications.update(try req.uuid("communicationID"), try req.content.decode(Communications.Input.self), by: try req.caller())
    }
}
