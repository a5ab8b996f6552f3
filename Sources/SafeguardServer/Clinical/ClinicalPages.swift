import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The hospital's warnings (for its designated reporters) and the registration of record systems (for administrators).
enum ClinicalPages {
    @Sendable static func alerts(req: Request) async throws -> HTML {
        let s = req.strings
        let alerts = try await ClinicalAlertService.alerts(by: try req.caller())
        return Layout.page(s["alert.list.title"], req, alerts.isEmpty ? "<p>\(s["dashboard.none"])</p>" : table(alerts, now: Date(), s))
    }

    /// Warnings with their deadline and, while they are open, the time left before the automatic report.
    static func table(_ alerts: [ClinicalAlertsController.AlertSummary], now: Date, _ s: Strings) -> HTML {
        let rows: [HTML] = alerts.map { a in
            let open = a.awaitsReport
            let minutes = Int((a.deadlineAt.timeIntervalSince(now) / 60).rounded(.up))
            let left: HTML = !open ? "" : minutes > 0 ? " · <strong>\(s.format("alert.minutesLeft", ["minutes": String(minutes)]))</strong>"
                : " · <strong>\(s["alert.deadlinePassed"])</strong>"
            return """
                <tr><td><a href="\(ClinicalPaths.alert(a.id))">\(Layout.date(a.createdAt))</a></td><td class="risk-\(a.colour)">\(s["risk." + a.colour])</td>
                <td>\(s["situation.\(a.situation)"])</td><td>\(s["alertStatus." + a.status])</td><td>\(Layout.date(a.deadlineAt))\(left)</td></tr>
                """
        }
        return """
            <table><thead><tr><th scope="col">\(s["common.when"])</th><th scope="col">\(s["report.field.colour"])</th>
            <th scope="col">\(s["report.field.situation"])</th><th scope="col">\(s["report.field.status"])</th>
            <th scope="col">\(s["report.field.deadline"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    /// The pre-filled report form a card links to: the warning's evidence and one button that files the report.
    @Sendable static func alert(req: Request) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let d = try await ClinicalAlertService.alert(try req.uuid("alertID"), by: try req.caller())
        let w = d.warning
        let evidence: [HTML] = w.evidence.map { "<li>\($0.resource): \($0.code)\($0.display.map { " " + $0 } ?? "")\($0.date.map { " (\($0))" } ?? "")</li>" }
        let notes: [HTML] = w.patientNotes.map { "<li>\($0)</li>" }
        let action: HTML
        if let reportID = d.summary.reportID {
            action = ReportPages.path(reportID, roles: actor.roles).map { "<p><a href=\"\($0)\">\(s["alert.seeReport"])</a></p>" } ?? ""
        } else if AccessPolicy.allows(actor.roles, .reportCreate) {
            action = """
                <form method="post" action="\(ClinicalPaths.alertReport(d.summary.id))">\(Layout.csrfField(req))
                <p><button type="submit">\(s["alert.fileReport"])</button></p></form>
                """
        } else {
            action = ""
        }
        return Layout.page(s["alert.detail.title"], req, """
            <p><span class="risk-\(d.summary.colour)">\(s["risk." + d.summary.colour])</span> · \(s["situation.\(d.summary.situation)"])
             · \(s["alertStatus." + d.summary.status])</p>
            <p><strong>\(w.summary)</strong></p>
            <p>\(w.legalSource)</p>
            <h2>\(s["alert.patient"])</h2>
            <p>\(d.patient.patientID)\(d.patient.encounterID.map { " · " + $0 } ?? "")\(d.patient.userID.map { " · " + $0 } ?? "")\(d.patient.gender.map { " · " + $0 } ?? "")</p>
            <ul>\(notes)</ul>
            <h2>\(s["alert.evidence"])</h2><ul>\(evidence)</ul>
            \(d.overrideReason.map { reason -> HTML in
                "<h2>\(s["alert.override"])</h2><p>\(s["alert.override.reason"]): \(reason)</p>\(d.overrideComment.map { "<p>\(s["alert.override.comment"]): \($0)</p>" as HTML } ?? "")"
            } ?? "")
            <p>\(s["alert.field.rule"]): \(w.ruleID) (\(w.ruleSetVersion)) · \(s["report.field.deadline"]): \(Layout.date(d.summary.deadlineAt))</p>
            \(action)
            """)
    }

    @Sendable static func fileReport(req: Request) async throws -> Response {
        _ = try await ClinicalAlertService.fileReport(try req.uuid("alertID"), by: try req.caller())
        return Pages.seeOther(ClinicalPaths.alert(try req.uuid("alertID")))
    }

    // MARK: administration

    @Sendable static func clients(req: Request) async throws -> HTML {
        try await clientsPage(req)
    }

    static let clientPlaces: FormKit.Places = [
        "organisationID": ("organisationID", "cds.hospital"), "issuer": ("issuer", "cds.issuer"), "jwks": ("jwks", "cds.jwks"),
    ]

    /// The registered record systems and the form to register one; a refused post comes back as typed,
    /// its problems above the form they belong to (`changed` names the client whose keys were refused).
    static func clientsPage(_ req: Request, typed: ClientForm = .init(), errors: [FieldError] = [], changed: UUID? = nil) async throws -> HTML {
        let s = req.strings
        let clients = try await ClinicalClientsController.list(on: req.sql)
        let hospitals = try await req.sql.raw("SELECT id, name FROM organisations WHERE type = 'hospital' ORDER BY name").all()
            .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
        let csrf = Layout.csrfField(req)
        let rows: [HTML] = clients.map { c in
            let toggle: HTML = """
                <form method="post" action="\(ClinicalPaths.adminClient(c.id))" class="inline">\(csrf)
                <input type="hidden" name="active" value="\(c.active ? "false" : "true")"><button type="submit">\(s[c.active ? "cds.deactivate" : "cds.activate"])</button></form>
                """
            return """
                <tr><td>\(c.organisationName)</td><td>\(c.issuer)</td><td>\(c.keyIDs.joined(separator: ", "))</td>
                <td>\(s[c.active ? "cds.active" : "cds.inactive"]) \(toggle)</td>
                <td><form method="post" action="\(ClinicalPaths.adminClient(c.id))">\(csrf)
                <label for="jwks-\(c.id.uuidString)">\(s["cds.replaceKeys"])</label><textarea id="jwks-\(c.id.uuidString)" name="jwks" rows="2" required></textarea>
                <button type="submit">\(s["common.save"])</button></form></td></tr>
                """
        }
        let options: [HTML] = hospitals.map { "<option value=\"\($0.0.uuidString)\"\(typed.organisationID == $0.0 ? " selected" : "" as HTML)>\($0.1)</option>" }
        let changeErrors: HTML = changed.map { id in FormKit.errorSummary(errors, places: ["jwks": ("jwks-\(id.uuidString)", "cds.replaceKeys")], s) } ?? ""
        return Layout.page(s["cds.title"], req, flash: req.query[String.self, at: "saved"] == nil ? nil : s["admin.saved"], """
            \(changeErrors)
            <p>\(s.format("cds.explain", ["url": req.safeguard.settings.publicURL + ClinicalPaths.cdsServices()]))</p>
            \(clients.isEmpty ? "" : """
                <table><thead><tr><th scope="col">\(s["cds.hospital"])</th><th scope="col">\(s["cds.issuer"])</th><th scope="col">\(s["cds.keys"])</th>
                <th scope="col">\(s["cds.state"])</th><th scope="col"></th></tr></thead><tbody>\(rows)</tbody></table>
                """ as HTML)
            <h2>\(s["cds.register"])</h2>
            \(changed == nil ? FormKit.errorSummary(errors, places: clientPlaces, s) : "")
            <form method="post" action="\(ClinicalPaths.adminCdsClients())">\(csrf)
            <label for="organisationID">\(s["cds.hospital"])</label><select id="organisationID" name="organisationID" required>\(options)</select>
            <label for="issuer">\(s["cds.issuer"])</label><input type="url" id="issuer" name="issuer" value="\(typed.issuer ?? "")" required>
            <label for="jwks">\(s["cds.jwks"])</label><textarea id="jwks" name="jwks" rows="6" required>\(changed == nil ? typed.jwks ?? "" : "")</textarea>
            <p><button type="submit">\(s["cds.register"])</button></p></form>
            """)
    }

    /// The page posts the key set as pasted text; it is read as JSON here and checked as the API checks it.
    struct ClientForm: Content { var organisationID: UUID?; var issuer: String?; var jwks: String?; var active: String? }

    static func keySet(_ text: String?) throws -> JWKSet? {
        guard let text, !text.trimmedWhitespace.isEmpty else { return nil }
        do { return try JSONDecoder().decode(JWKSet.self, from: Data(text.utf8)) } catch {
            throw AppError.invalid("jwks", "is not a JSON Web Key Set: paste {\"keys\": [...]}")
        }
    }

    @Sendable static func registerClient(req: Request) async throws -> Response {
        let actor = try req.actor()
        let form = try req.content.decode(ClientForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let input = ClinicalClientsController.Input(organisationID: form.organisationID, issuer: form.issuer, jwks: try keySet(form.jwks))
            _ = try await req.write { db in try await ClinicalClientsController.register(input, actor: actor, on: db) }
            req.application.cdsClients.forget()
            return Pages.seeOther("\(ClinicalPaths.adminCdsClients())?saved=1")
        }, show: { try await clientsPage(req, typed: form, errors: $0) })
    }

    @Sendable static func updateClient(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("clientID")
        let form = try req.content.decode(ClientForm.self)
        return try await FormKit.saveOrShow(req, save: {
            try await req.write { db in
                try await ClinicalClientsController.change(id, jwks: try keySet(form.jwks), active: form.active.map { $0 == "true" }, actor: actor, on: db)
            }
            req.application.cdsClients.forget()
            return Pages.seeOther("\(ClinicalPaths.adminCdsClients())?saved=1")
        }, show: { try await clientsPage(req, errors: $0, changed: id) })
    }
}
