import Foundation
import SafeguardCore
import Vapor

/// Children's consultations: the list with the form to record one, and a consultation's page with
/// its views by cluster and the form to add one. No view names the child who gave it.
enum ChildrenViewsPages {
    struct ConsultationForm: Content {
        var heldOn: String?, place: String?, method: String?, ageBands: [String]?, children: String?, childConsent: String?, guardianConsent: String?
        /// A number not typed as one reaches the store as none, which names it with every other problem.
        var input: ChildrenViews.ConsultationInput {
            .init(heldOn: heldOn, place: place, method: method, ageBands: ageBands, children: Int(children?.trimmedWhitespace ?? ""),
                  childConsent: childConsent == "true", guardianConsent: guardianConsent == "true")
        }
    }
    struct ViewForm: Content {
        var cluster: String?, ageBand: String?, view: String?, mayQuote: String?
        var input: ChildrenViews.ViewInput { .init(cluster: cluster, ageBand: ageBand, view: view, mayQuote: mayQuote == "true") }
    }

    static let consultationPlaces: FormKit.Places = [
        "heldOn": ("k-day", "monitoring.children.heldOn"), "place": ("k-place", "monitoring.children.place"), "method": ("k-method", "monitoring.children.method"),
        "ageBands": ("k-bands", "monitoring.children.ageBands"), "children": ("k-children", "monitoring.children.count"),
    ]
    static let viewPlaces: FormKit.Places = [
        "cluster": ("w-cluster", "monitoring.field.cluster"), "ageBand": ("w-band", "monitoring.children.ageBand"), "view": ("w-view", "monitoring.children.view"),
    ]

    @Sendable static func list(req: Request) async throws -> HTML { try await listPage(req, form: ConsultationForm(), errors: []) }

    static func listPage(_ req: Request, form f: ConsultationForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let items = try await ChildrenViews.list(by: caller)
        let rows: [HTML] = items.map { c in
            """
            <tr><td><a href="\(UNMonitoringPaths.consultation(c.id))">\(c.heldOn)</a></td><td>\(c.place)</td><td>\(s["monitoring.children.method." + c.method])</td>
            <td>\(c.children)</td><td>\(c.ageBands.map { s["monitoring.children.band." + $0] }.joined(separator: ", "))</td></tr>
            """
        }
        let table: HTML = items.isEmpty ? "<p>\(s["monitoring.children.none"])</p>" : """
            <table><caption>\(s["monitoring.children.title"])</caption><thead><tr><th scope="col">\(s["monitoring.children.heldOn"])</th>
            <th scope="col">\(s["monitoring.children.place"])</th><th scope="col">\(s["monitoring.children.method"])</th><th scope="col">\(s["monitoring.children.count"])</th>
            <th scope="col">\(s["monitoring.children.ageBands"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let bands: [HTML] = ChildrenViews.AgeBand.allCases.map { b in
            "<span class=\"check\"><input type=\"checkbox\" id=\"k-band-\(b.rawValue)\" name=\"ageBands[]\" value=\"\(b.rawValue)\"\((f.ageBands ?? []).contains(b.rawValue) ? " checked" : "" as HTML)> <label for=\"k-band-\(b.rawValue)\">\(s["monitoring.children.band." + b.rawValue])</label></span>"
        }
        func box(_ name: String, _ value: String?, _ label: String) -> HTML {
            "<p><label class=\"choice\" for=\"k-\(name)\"><input type=\"checkbox\" id=\"k-\(name)\" name=\"\(name)\" value=\"true\"\(value == "true" ? " checked" : "" as HTML)> \(s[label])</label></p>"
        }
        let add: HTML = AccessPolicy.allows(caller.actor.roles, .monitoringManage) ? """
            <section aria-labelledby="add"><h2 id="add">\(s["monitoring.children.add"])</h2>
            \(FormKit.errorSummary(errors, places: consultationPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.consultations())">\(Layout.csrfField(req))
            \(FormKit.field("heldOn", s["monitoring.children.heldOn"], f.heldOn, id: "k-day", type: "date", extra: " required"))
            \(FormKit.field("place", s["monitoring.children.place"], f.place, id: "k-place", extra: " maxlength=\"200\" required"))
            \(Layout.select("method", label: s["monitoring.children.method"], options: ChildrenViews.Method.allCases.map(\.rawValue), labelPrefix: "monitoring.children.method.",
                            selected: f.method, strings: s, includeEmpty: false, required: true, id: "k-method"))
            <fieldset id="k-bands"><legend>\(s["monitoring.children.ageBands"])</legend>\(bands)</fieldset>
            \(FormKit.field("children", s["monitoring.children.count"], f.children, id: "k-children", type: "number", extra: " min=\"1\" max=\"100000\" required"))
            \(box("childConsent", f.childConsent, "monitoring.children.childConsent"))
            \(box("guardianConsent", f.guardianConsent, "monitoring.children.guardianConsent"))
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """ : ""
        return Layout.page(s["monitoring.children.title"], req, "<p><a href=\"\(UNMonitoringPaths.recommendations())\">\(s["monitoring.back"])</a></p>\(table)\(add)")
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let f = try req.content.decode(ConsultationForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let created = try await ChildrenViews.create(f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.consultation(created.id))
        }, show: { try await listPage(req, form: f, errors: $0) })
    }

    @Sendable static func consultation(req: Request) async throws -> HTML { try await consultationPage(req, form: ViewForm(), errors: []) }

    static func consultationPage(_ req: Request, form f: ViewForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let c = try await ChildrenViews.get(try req.uuid("consultationID"), by: caller)
        var groups: [HTML] = [], cluster = ""
        var items: [HTML] = []
        func close() { if !items.isEmpty { groups.append("<h3>\(s["monitoring.cluster." + cluster])</h3><ul>\(items)</ul>"); items = [] } }
        for view in c.views {
            if view.cluster != cluster { close(); cluster = view.cluster }
            let quote: HTML = view.mayQuote ? "" : " <span class=\"hint\">(\(s["monitoring.children.notQuotable"]))</span>"
            items.append("<li>\(view.view) · \(s["monitoring.children.band." + view.ageBand])\(quote)</li>")
        }
        close()
        let consented = c.childConsent && c.guardianConsent
        let add: HTML = !AccessPolicy.allows(caller.actor.roles, .monitoringManage) ? "" : !consented ? "<p>\(s["monitoring.children.noConsent"])</p>" : """
            \(FormKit.errorSummary(errors, places: viewPlaces, s))
            <form method="post" action="\(UNMonitoringPaths.consultationViews(c.id))">\(Layout.csrfField(req))
            \(Layout.select("cluster", label: s["monitoring.field.cluster"], options: CRCCluster.allCases.map(\.rawValue), labelPrefix: "monitoring.cluster.",
                            selected: f.cluster, strings: s, emptyKey: "monitoring.chooseCluster", required: true, id: "w-cluster"))
            \(Layout.select("ageBand", label: s["monitoring.children.ageBand"], options: c.ageBands, labelPrefix: "monitoring.children.band.",
                            selected: f.ageBand, strings: s, includeEmpty: false, required: true, id: "w-band"))
            <label for="w-view">\(s["monitoring.children.view"])</label><textarea id="w-view" name="view" rows="3" maxlength="2000" required aria-describedby="w-view-hint">\(f.view ?? "")</textarea>
            <p class="hint" id="w-view-hint">\(s["monitoring.children.hint.view"])</p>
            <p><label class="choice" for="w-quote"><input type="checkbox" id="w-quote" name="mayQuote" value="true"\(f.mayQuote == "true" ? " checked" : "" as HTML)> \(s["monitoring.children.mayQuote"])</label></p>
            <p><button type="submit">\(s["monitoring.children.addView"])</button></p></form>
            """
        return Layout.page("\(s["monitoring.children.one"]) \(c.heldOn)", req, """
            <p><a href="\(UNMonitoringPaths.consultations())">\(s["monitoring.children.title"])</a></p>
            <dl><dt>\(s["monitoring.children.place"])</dt><dd>\(c.place)</dd><dt>\(s["monitoring.children.method"])</dt><dd>\(s["monitoring.children.method." + c.method])</dd>
            <dt>\(s["monitoring.children.count"])</dt><dd>\(c.children)</dd><dt>\(s["monitoring.children.ageBands"])</dt><dd>\(c.ageBands.map { s["monitoring.children.band." + $0] }.joined(separator: ", "))</dd>
            <dt>\(s["monitoring.children.consent"])</dt><dd>\(consented ? s["common.yes"] : s["common.no"])</dd></dl>
            <section aria-labelledby="views"><h2 id="views">\(s["monitoring.children.views"])</h2>\(groups.isEmpty ? "<p>\(s["monitoring.children.noViews"])</p>" : "\(groups)" as HTML)\(add)</section>
            """)
    }

    @Sendable static func addView(req: Request) async throws -> Response {
        let f = try req.content.decode(ViewForm.self), id = try req.uuid("consultationID")
        return try await FormKit.saveOrShow(req, save: {
            _ = try await ChildrenViews.addView(id, f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.consultation(id) + "#views")
        }, show: { try await consultationPage(req, form: f, errors: $0) })
    }

    // MARK: the API

    @Sendable static func listJSON(req: Request) async throws -> [ChildrenViews.Consultation] { try await ChildrenViews.list(by: try req.caller()) }
    @Sendable static func createJSON(req: Request) async throws -> Response {
        try await ChildrenViews.create(try req.content.decode(ChildrenViews.ConsultationInput.self), by: try req.caller()).created(for: req)
    }
    @Sendable static func getJSON(req: Request) async throws -> ChildrenViews.Consultation { try await ChildrenViews.get(try req.uuid("consultationID"), by: try req.caller()) }
    @Sendable static func addViewJSON(req: Request) async throws -> Response {
        try await ChildrenViews.addView(try req.uuid("consultationID"), try req.content.decode(ChildrenViews.ViewInput.self), by: try req.caller()).created(for: req)
    }
}
