import Foundation
import SafeguardCore
import Vapor

/// The reporting calendar: every step ahead and of the past year, the organisation's own deadlines
/// marked, each done or cancelled in one press; and the form to add a step, which adds the
/// deadlines that follow from a Committee date unless told not to.
enum ReportingCalendarPages {
    struct StepForm: Content {
        var country: String?, mechanism: String?, step: String?, dueOn: String?, note: String?, addOwnDeadlines: String?
        var input: ReportingSteps.Input {
            .init(country: country, mechanism: mechanism, step: step, dueOn: dueOn, note: note, addOwnDeadlines: addOwnDeadlines == "true")
        }
    }

    struct ChangeForm: Content {
        var doneOn: String?, cancelled: String?
        var input: ReportingSteps.ChangeInput { .init(doneOn: doneOn, cancelled: cancelled.map { $0 == "true" }) }
    }

    static let places: FormKit.Places = [
        "country": ("t-country", "monitoring.field.country"), "mechanism": ("t-mechanism", "monitoring.field.mechanism"),
        "step": ("t-step", "monitoring.calendar.step"), "dueOn": ("t-day", "monitoring.calendar.dueOn"), "note": ("t-note", "monitoring.calendar.note"),
    ]

    /// A new form offers our own deadlines; a refused one comes back as it was sent (a box left unticked sends nothing).
    @Sendable static func page(req: Request) async throws -> HTML { try await page(req, form: StepForm(addOwnDeadlines: "true"), errors: []) }

    static func page(_ req: Request, form f: StepForm, errors: [FieldError], changeErrors: (id: UUID, errors: [FieldError])? = nil) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let manage = AccessPolicy.allows(caller.actor.roles, .monitoringManage)
        let steps = try await ReportingSteps.list(by: caller)
        let today = CivilDay(Date()).description
        let rows: [HTML] = steps.map { step in
            let status: HTML = step.cancelled ? "\(s["monitoring.calendar.cancelled"])"
                : step.doneOn.map { "\(s.format("monitoring.calendar.doneOn", ["day": $0]))" } ?? (step.dueOn < today ? "<strong>\(s["monitoring.calendar.missed"])</strong>" : "")
            // each button names its step, for a screen reader that lists the page's buttons
            let which = ["step": s["monitoring.step." + step.step], "day": step.dueOn]
            let actions: HTML = !manage || step.cancelled || step.doneOn != nil ? "" : """
                <form method="post" action="\(UNMonitoringPaths.calendarStep(step.id))" class="inline">\(Layout.csrfField(req))
                <input type="hidden" name="doneOn" value="\(today)"><button type="submit" aria-label="\(s.format("monitoring.calendar.markDoneOne", which))">\(s["monitoring.calendar.markDone"])</button></form>
                <form method="post" action="\(UNMonitoringPaths.calendarStep(step.id))" class="inline">\(Layout.csrfField(req))
                <input type="hidden" name="cancelled" value="true"><button type="submit" aria-label="\(s.format("monitoring.calendar.cancelOne", which))">\(s["monitoring.calendar.cancel"])</button></form>
                """
            let problems: HTML = changeErrors?.id == step.id ? FormKit.errorSummary(changeErrors!.errors, places: [:], s) : ""
            return """
                <tr id="step-\(step.id.uuidString)"><th scope="row">\(step.dueOn)</th><td>\(step.country)</td><td>\(s["monitoring.mechanism." + step.mechanism])</td>
                <td>\(step.ownDeadline ? "<strong>\(s["monitoring.step." + step.step])</strong>" : "\(s["monitoring.step." + step.step])" as HTML)</td>
                <td>\(step.note ?? "")</td><td>\(status)</td><td>\(problems)\(actions)</td></tr>
                """
        }
        let table: HTML = steps.isEmpty ? "<p>\(s["monitoring.calendar.none"])</p>" : """
            <table><caption>\(s["monitoring.calendar.caption"])</caption><thead><tr><th scope="col">\(s["monitoring.calendar.dueOn"])</th>
            <th scope="col">\(s["monitoring.field.country"])</th><th scope="col">\(s["monitoring.field.mechanism"])</th><th scope="col">\(s["monitoring.calendar.step"])</th>
            <th scope="col">\(s["monitoring.calendar.note"])</th><th scope="col">\(s["monitoring.calendar.status"])</th><th scope="col">\(s["monitoring.calendar.actions"])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let add: HTML = manage ? """
            <section aria-labelledby="add"><h2 id="add">\(s["monitoring.calendar.add"])</h2>
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(UNMonitoringPaths.calendar())">\(Layout.csrfField(req))<div class="grid">
            <div>\(FormKit.field("country", s["monitoring.field.country"], f.country, id: "t-country", hint: s["monitoring.report.hint.country"],
                                 extra: " maxlength=\"3\" pattern=\"[A-Za-z]{3}\" required autocomplete=\"off\""))</div>
            <div>\(Layout.select("mechanism", label: s["monitoring.field.mechanism"], options: Mechanism.allCases.map(\.rawValue), labelPrefix: "monitoring.mechanism.",
                                 selected: f.mechanism ?? Mechanism.crc.rawValue, strings: s, includeEmpty: false, required: true, id: "t-mechanism"))</div>
            <div>\(Layout.select("step", label: s["monitoring.calendar.step"], options: ReportingStep.allCases.map(\.rawValue), labelPrefix: "monitoring.step.",
                                 selected: f.step, strings: s, emptyKey: "monitoring.calendar.chooseStep", required: true, id: "t-step"))</div>
            <div>\(FormKit.field("dueOn", s["monitoring.calendar.dueOn"], f.dueOn, id: "t-day", type: "date", extra: " required"))</div>
            <div>\(FormKit.field("note", s["monitoring.calendar.note"], f.note, id: "t-note", extra: " maxlength=\"500\""))</div>
            </div>
            <p><label class="choice" for="t-own"><input type="checkbox" id="t-own" name="addOwnDeadlines" value="true"\(f.addOwnDeadlines == "true" ? " checked" : "" as HTML)\
             aria-describedby="t-own-hint"> \(s["monitoring.calendar.addOwn"])</label></p>
            <p class="hint" id="t-own-hint">\(s["monitoring.calendar.hint.addOwn"])</p>
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """ : ""
        return Layout.page(s["monitoring.calendar.title"], req, """
            <p><a href="\(UNMonitoringPaths.recommendations())">\(s["monitoring.back"])</a> · <a href="\(LegalAidPaths.calendar())">\(s["monitoring.calendar.feed"])</a></p>
            \(table)\(add)
            """)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let f = try req.content.decode(StepForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let created = try await ReportingSteps.create(f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.calendar() + "#step-\(created.ids[0].uuidString)")
        }, show: { try await page(req, form: f, errors: $0) })
    }

    @Sendable static func change(req: Request) async throws -> Response {
        let f = try req.content.decode(ChangeForm.self), id = try req.uuid("stepID")
        return try await FormKit.saveOrShow(req, save: {
            _ = try await ReportingSteps.change(id, f.input, by: try req.caller())
            return Pages.seeOther(UNMonitoringPaths.calendar() + "#step-\(id.uuidString)")
        }, show: { try await page(req, form: StepForm(), errors: [], changeErrors: (id, $0)) })
    }

    // MARK: the API

    @Sendable static func listJSON(req: Request) async throws -> [ReportingSteps.Step] { try await ReportingSteps.list(by: try req.caller()) }
    @Sendable static func createJSON(req: Request) async throws -> Response {
        let created = try await ReportingSteps.create(try req.content.decode(ReportingSteps.Input.self), by: try req.caller())
        return try await created.encodeResponse(status: .created, for: req)
    }
    @Sendable static func changeJSON(req: Request) async throws -> ReportingSteps.Step {
        try await ReportingSteps.change(try req.uuid("stepID"), try req.content.decode(ReportingSteps.ChangeInput.self), by: try req.caller())
    }
}
