import Foundation
import SafeguardCore
import Vapor

/// The consultations page: those the reader may see, newest first, and (for those who give them)
/// the form to record one straight after it was given.
enum ConsultationPages {
    struct ConsultationForm: Content {
        var givenOn: String?, kind: String?, recipient: String?, profession: String?, topic: String?, caseReference: String?
        var minutes: String?, advice: String?, followUp: String?, followUpOn: String?

        var input: Consultations.Input {
            func text(_ value: String?) -> String? { (value ?? "").isEmpty ? nil : value }
            // a number that does not read as one is out of range, and said so
            return .init(givenOn: givenOn, kind: kind, recipient: recipient, profession: text(profession), topic: topic, caseReference: text(caseReference?.trimmed),
                         minutes: minutes.map { Int($0) ?? 0 }, advice: advice, followUp: followUp, followUpOn: followUpOn)
        }
    }

    static let places: FormKit.Places = [
        "givenOn": ("c-givenOn", "consultation.field.givenOn"), "kind": ("c-kind-consultancy", "consultation.field.kind"),
        "recipient": ("c-recipient", "consultation.field.recipient"), "profession": ("c-profession", "consultation.field.profession"),
        "topic": ("c-topic", "consultation.field.topic"), "caseReference": ("c-case", "consultation.field.case"),
        "minutes": ("c-minutes", "consultation.field.minutes"), "advice": ("c-advice", "consultation.field.advice"),
        "followUp": ("c-followUp", "consultation.field.followUp"), "followUpOn": ("c-followUpOn", "consultation.field.followUpOn"),
    ]

    @Sendable static func list(req: Request) async throws -> HTML {
        try await page(req, form: ConsultationForm(givenOn: LocalTime.day(Date(), in: Layout.timeZone), kind: ConsultationKind.consultancy.rawValue), errors: [])
    }

    static func page(_ req: Request, form: ConsultationForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let number = min(max(req.query[Int.self, at: "page"] ?? 1, 1), 10_000)
        let found = try await Consultations.list(page: number, by: try req.caller())
        let rows: [HTML] = found.items.map { c in
            let who = s["consultation.recipient." + c.recipient] + (c.profession.map { " · " + s["targetGroup." + $0] } ?? "")
            let linked: HTML = c.caseID.map { "<a href=\"\(CasesPaths.case($0))\">\(c.caseReference ?? "")</a>" } ?? ""
            let followUp: HTML = c.followUp.map { text in
                "<p><strong>\(s["consultation.field.followUp"])</strong> \(c.followUpOn.map { "(\($0)) " } ?? "")\(text)</p>"
            } ?? ""
            return """
                <tr><td>\(c.givenOn)</td><td>\(s["consultation.kind." + c.kind])</td><td>\(who)</td><td>\(s.category(c.topic))</td><td>\(c.minutes)</td>
                <td>\(linked)</td><td>\(c.givenBy)</td></tr>
                <tr class="detail"><td colspan="7"><details><summary>\(s["consultation.field.advice"])</summary><p>\(c.advice)</p>\(followUp)</details></td></tr>
                """
        }
        let table: HTML = found.items.isEmpty ? "<p>\(s["consultation.none"])</p>" : """
            <table><caption>\(s["consultation.list"])</caption><thead><tr><th scope="col">\(s["consultation.field.givenOn"])</th>
            <th scope="col">\(s["consultation.field.kind"])</th><th scope="col">\(s["consultation.field.recipient"])</th><th scope="col">\(s["consultation.field.topic"])</th>
            <th scope="col">\(s["consultation.field.minutes"])</th><th scope="col">\(s["consultation.caseColumn"])</th><th scope="col">\(s["consultation.givenBy"])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            \(Layout.pager(TrainingPaths.consultations(), filters: [], page: number, hasMore: found.hasMore, strings: s))
            """
        let recordForm: HTML = AccessPolicy.allows(actor.roles, .consultationRecord) ? formSection(req, form, errors, s) : ""
        return Layout.page(s["consultation.title"], req, flash: req.query[String.self, at: "saved"] == nil ? nil : s["consultation.saved"], """
            <p>\(s["consultation.explained"])</p>
            \(recordForm)\(table)
            """)
    }

    static func formSection(_ req: Request, _ form: ConsultationForm, _ errors: [FieldError], _ s: Strings) -> HTML {
        let kinds: [HTML] = ConsultationKind.allCases.map { kind in
            let checked: HTML = form.kind == kind.rawValue ? " checked" : ""
            return "<span class=\"check\"><input type=\"radio\" id=\"c-kind-\(kind.rawValue)\" name=\"kind\" value=\"\(kind.rawValue)\"\(checked)> <label for=\"c-kind-\(kind.rawValue)\">\(s["consultation.kind." + kind.rawValue])</label></span>"
        }
        let topics: [HTML] = Taxonomy.categories.map { category in
            let options: [HTML] = category.subcategories.map { sub in
                "<option value=\"\(sub.code)\"\(form.topic == sub.code ? " selected" : "" as HTML)>\(s["category." + sub.code])</option>"
            }
            return "<optgroup label=\"\(s["category." + category.code])\">\(options)</optgroup>"
        }
        func field(_ name: String, _ value: String?, type: String = "text", extra: HTML = "") -> HTML {
            let place = places[name]!
            return "<label for=\"\(place.id)\">\(s[place.label])</label><input type=\"\(type)\" id=\"\(place.id)\" name=\"\(name)\" value=\"\(value ?? "")\"\(extra)>"
        }
        return """
            <section aria-labelledby="record"><h2 id="record">\(s["consultation.record"])</h2>
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(TrainingPaths.consultations())">\(Layout.csrfField(req))
            <fieldset><legend>\(s["consultation.field.kind"])</legend>\(kinds)</fieldset>
            \(field("givenOn", form.givenOn, type: "date", extra: " required"))
            \(Layout.select("recipient", label: s["consultation.field.recipient"], options: ConsultationRecipient.allCases.map(\.rawValue), labelPrefix: "consultation.recipient.",
                            selected: form.recipient, strings: s, emptyKey: "common.choose", required: true, id: "c-recipient"))
            \(Layout.select("profession", label: s["consultation.field.profession"], options: TargetGroup.allCases.map(\.rawValue), labelPrefix: "targetGroup.",
                            selected: form.profession, strings: s, emptyKey: "common.notRecorded", extra: " aria-describedby=\"c-profession-hint\"", id: "c-profession"))
            <p class="hint" id="c-profession-hint">\(s["consultation.hint.profession"])</p>
            <label for="c-topic">\(s["consultation.field.topic"])</label><select id="c-topic" name="topic" required><option value="">\(s["common.choose"])</option>\(topics)</select>
            \(field("minutes", form.minutes, type: "number", extra: " min=\"1\" max=\"600\" required"))
            \(field("caseReference", form.caseReference, extra: " maxlength=\"40\" autocomplete=\"off\" aria-describedby=\"c-case-hint\""))
            <p class="hint" id="c-case-hint">\(s["consultation.hint.case"])</p>
            <label for="c-advice">\(s["consultation.field.advice"])</label><textarea id="c-advice" name="advice" rows="4" maxlength="10000" required>\(form.advice ?? "")</textarea>
            <label for="c-followUp">\(s["consultation.field.followUp"])</label><textarea id="c-followUp" name="followUp" rows="2" maxlength="5000">\(form.followUp ?? "")</textarea>
            \(field("followUpOn", form.followUpOn, type: "date"))
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """
    }

    @Sendable static func record(req: Request) async throws -> Response {
        let form = try req.content.decode(ConsultationForm.self)
        return try await FormKit.saveOrShow(req, save: {
            _ = try await Consultations.record(form.input, by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.consultations())?saved=1")
        }, show: { try await page(req, form: form, errors: $0) })
    }

    // MARK: the API

    @Sendable static func create(req: Request) async throws -> Response {
        try await Consultations.record(try req.content.decode(Consultations.Input.self), by: try req.caller()).created(for: req)
    }

    @Sendable static func json(req: Request) async throws -> Consultations.Page {
        guard let page = req.query[String.self, at: "page"].map({ Int($0) }) ?? 1, (1...10_000).contains(page) else {
            throw AppError.invalid("page", "give a page from 1 to 10000")
        }
        return try await Consultations.list(page: page, by: try req.caller())
    }
}
