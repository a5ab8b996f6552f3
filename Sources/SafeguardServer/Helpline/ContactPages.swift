import SafeguardCore
import Vapor

enum ContactPages {
    /// The new-contact form as posted: strings, so that whatever was typed can be shown again.
    struct Form: Content {
        var channel: String?
        var contactType: String?
        var startedAt: String?
        var callerType: String?
        var callerAnonymous: String?
        var callerName: String?
        var callerIdentifier: String?
        var childAge: String?
        var childAgeBand: String?
        var childGender: String?
        var childLocation: String?
        var childLanguage: String?
        var childSchool: String?
        var childLivingSituation: String?
        var categories: [String]?
        var urgency: String?
        var summary: String?
        var actions: [String]?
        var referralTargets: String?
        var callbackRequested: String?
        var callbackConsent: String?
        /// `lookup` when the counsellor asked for the caller's earlier contacts instead of saving.
        var intent: String?

        func input(now: Date) throws -> ContactInput {
            var v = FieldValidator()
            var age: Int? = nil
            if let text = childAge?.trimmed {
                age = Int(text)
                if age == nil { v.add("child.age", "is not a whole number") }
            }
            try v.finish()
            let started = startedAt.flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0) }
            return ContactInput(
                channel: channel, contactType: contactType, startedAt: started, endedAt: started == nil ? nil : now,
                caller: .init(type: callerType?.trimmed, anonymous: callerAnonymous == "on", name: callerName?.trimmed,
                              identifier: callerIdentifier?.trimmed),
                child: .init(age: age, ageBand: childAgeBand?.trimmed, gender: childGender?.trimmed, location: childLocation,
                             language: childLanguage, school: childSchool, livingSituation: childLivingSituation?.trimmed),
                categories: categories, urgency: urgency?.trimmed, summary: summary, actions: actions,
                referralTargets: referralTargets, callbackRequested: callbackRequested == "on", callbackConsent: callbackConsent == "on")
        }
    }

    struct ListModel {
        var filter: ContactStore.Filter
        var days: Days
        var page: ContactPage
    }

    // MARK: list

    /// The list page's own fields: whole days (from the date inputs) rather than date-times.
    struct Days: Content { var fromDay: String?; var toDay: String? }

    @Sendable static func list(req: Request) async throws -> HTML {
        var filter = try req.query.decode(ContactStore.Filter.self)
        let days = try req.query.decode(Days.self)
        var v = FieldValidator()
        if let text = days.fromDay?.trimmed {
            if let day = PartialDate(text), day.isComplete, let start = Pages.instant(day: day, hour: 0) {
                filter.from = ISO8601DateFormatter().string(from: start)
            } else { v.add("fromDay", "expected a date YYYY-MM-DD") }
        }
        if let text = days.toDay?.trimmed {
            // up to the start of the next day where the reader is (23 or 25 hours away when the clocks change)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = Layout.timeZone
            if let day = PartialDate(text), day.isComplete, let start = Pages.instant(day: day, hour: 0),
               let end = calendar.date(byAdding: .day, value: 1, to: start) {
                filter.to = ISO8601DateFormatter().string(from: end)
            } else { v.add("toDay", "expected a date YYYY-MM-DD") }
        }
        try v.finish()
        filter = try filter.validated()
        let page = try await HelplineService.contacts(filter, by: try req.caller())
        return renderList(req, ListModel(filter: filter, days: days, page: page))
    }

    static func renderList(_ req: Request, _ model: ListModel) -> HTML {
        let s = req.strings
        let f = model.filter
        let categoryOptions: [HTML] = Taxonomy.categories.map { c in
            let selected: HTML = f.category == c.code ? " selected" : ""
            return "<option value=\"\(c.code)\"\(selected)>\(s["category." + c.code])</option>"
        }
        let sorts: [HTML] = [("-startedAt", "sort.newest"), ("startedAt", "sort.oldest")].map { value, key in
            let selected: HTML = (f.sort ?? "-startedAt") == value ? " selected" : ""
            return "<option value=\"\(value)\"\(selected)>\(s[key])</option>"
        }
        let pager = Layout.pager(HelplinePaths.contacts(), filters: [("channel", f.channel), ("category", f.category), ("urgency", f.urgency),
                                                        ("fromDay", model.days.fromDay), ("toDay", model.days.toDay), ("sort", f.sort)],
                                 page: model.page.page, hasMore: model.page.hasMore, strings: s)
        return Layout.page(s["contact.list.title"], req, """
            <form method="get" action="\(HelplinePaths.contacts())" aria-label="\(s["filter.apply"])">
            \(Layout.select("channel", label: s["contact.field.channel"], options: ContactChannel.allCases.map(\.rawValue), labelPrefix: "channel.", selected: f.channel, strings: s))
            <label for="category">\(s["contact.field.categories"])</label><select id="category" name="category"><option value="">\(s["filter.any"])</option>\(categoryOptions)</select>
            \(Layout.select("urgency", label: s["contact.field.urgency"], options: Urgency.allCases.map(\.rawValue), labelPrefix: "urgency.", selected: f.urgency, strings: s))
            <label for="fromDay">\(s["filter.from"])</label><input type="date" id="fromDay" name="fromDay" value="\(model.days.fromDay ?? "")">
            <label for="toDay">\(s["filter.to"])</label><input type="date" id="toDay" name="toDay" value="\(model.days.toDay ?? "")">
            <label for="sort">\(s["sort.label"])</label><select id="sort" name="sort">\(sorts)</select>
            <p><button type="submit">\(s["filter.apply"])</button></p></form>
            \(model.page.items.isEmpty ? "<p>\(s["dashboard.none"])</p>" : table(model.page.items, s))
            \(pager)
            """)
    }

    /// `linked`: whether the reader may open the contacts (a lawyer on a case may see that they exist, not open them).
    static func table(_ items: [ContactSummary], linked: Bool = true, _ s: Strings) -> HTML {
        let rows: [HTML] = items.map { c in
            let categories = c.categories.map(s.category).joined(separator: "; ")
            let started: HTML = linked ? "<a href=\"\(HelplinePaths.contact(c.id))\">\(Layout.date(c.startedAt))</a>" : "\(Layout.date(c.startedAt))"
            return """
                <tr><td>\(started)</td><td>\(s["channel." + c.channel])</td>
                <td>\(s["contactType." + c.contactType])</td><td>\(categories)</td><td>\(s["urgency." + c.urgency])</td></tr>
                """
        }
        return """
            <table><thead><tr><th scope="col">\(s["contact.field.startedAt"])</th><th scope="col">\(s["contact.field.channel"])</th>
            <th scope="col">\(s["contact.field.contactType"])</th><th scope="col">\(s["contact.field.categories"])</th>
            <th scope="col">\(s["contact.field.urgency"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    // MARK: new

    @Sendable static func newForm(req: Request) async throws -> HTML {
        let form = Form(startedAt: String(Int(Date().timeIntervalSince1970)))
        return try await renderForm(req, form: form, errors: [], fresh: true)
    }

    /// Where each field the validation names sits on the form, and what the form calls it: an
    /// error names the field as the counsellor sees it and links to it, never `child.age`.
    static let fieldsOnForm: FormKit.Places = [
        "channel": ("channel", "contact.field.channel"), "contactType": ("contactType", "contact.field.contactType"),
        "startedAt": ("channel", "contact.field.startedAt"), "endedAt": ("channel", "contact.field.endedAt"),
        "caller.type": ("callerType", "contact.field.callerType"), "caller.name": ("callerName", "contact.field.callerName"),
        "caller.identifier": ("callerIdentifier", "contact.field.callerIdentifier"), "child.age": ("childAge", "contact.field.childAge"),
        "child.ageBand": ("childAgeBand", "contact.field.childAgeBand"), "child.gender": ("childGender", "contact.field.childGender"),
        "child.location": ("childLocation", "contact.field.childLocation"), "child.language": ("childLanguage", "contact.field.childLanguage"),
        "child.school": ("childSchool", "contact.field.childSchool"),
        "child.livingSituation": ("childLivingSituation", "contact.field.childLivingSituation"),
        "categories": ("categories", "contact.field.categories"), "urgency": ("urgency", "contact.field.urgency"),
        "summary": ("summary", "contact.field.summary"), "actions": ("actions", "contact.field.actions"),
        "referralTargets": ("referralTargets", "contact.field.referralTargets"),
        "callbackConsent": ("callbackConsent", "contact.field.callbackConsent"),
    ]

    /// The form for a live call. What a counsellor needs first (channel, caller, the child's age and
    /// gender, urgency, summary) in one column, the categories beside it (the organisation's most used
    /// first, filterable with a script), the rest below. The first submit button in the form is Save,
    /// so Enter in a field saves and never runs the caller look-up; Save stays in view (a sticky bar,
    /// Alt+S). `contact.js` adds the running call timer, the category filter, Ctrl+Enter and a draft
    /// kept in the tab's session storage; without it everything but those works.
    static func renderForm(_ req: Request, form: Form, errors: [FieldError], earlier: RepeatCaller? = nil, fresh: Bool = false) async throws -> HTML {
        let s = req.strings
        let mostUsed = try await ContactStore.mostUsedCategories(organisation: try req.actor().organisationID, on: req.sql)
        func text(_ name: String, _ key: String, _ value: String?, type: String = "text", extra: HTML = "") -> HTML {
            "<label for=\"\(name)\">\(s[key])</label><input type=\"\(type)\" id=\"\(name)\" name=\"\(name)\" value=\"\(value ?? "")\"\(extra)>"
        }
        func check(_ name: String, _ key: String, _ value: String?) -> HTML {
            let checked: HTML = value == "on" ? " checked" : ""
            return "<p class=\"check\"><input type=\"checkbox\" id=\"\(name)\" name=\"\(name)\"\(checked)> <label for=\"\(name)\">\(s[key])</label></p>"
        }
        let chosen = Set(form.categories ?? [])
        /// `group`: the category's group, named beside it where the group's heading is not (most used).
        func box(_ code: String, idPrefix: String, group: String? = nil) -> HTML {
            let id = idPrefix + code.replacingOccurrences(of: ".", with: "-")
            let checked: HTML = chosen.contains(code) ? " checked" : ""
            let groupName: HTML = group.map { " <span class=\"hint\">(\(s["category." + $0]))</span>" } ?? ""
            return "<span class=\"check\"><input type=\"checkbox\" id=\"\(id)\" name=\"categories[]\" value=\"\(code)\"\(checked)> <label for=\"\(id)\">\(s["category." + code])\(groupName)</label></span>"
        }
        let mostUsedGroup: HTML = mostUsed.isEmpty ? "" : """
            <fieldset class="most-used"><legend>\(s["contact.categories.mostUsed"])</legend>\
            <div class="grid">\(mostUsed.map { box($0, idPrefix: "top-", group: Taxonomy.topCategory(of: $0)) })</div></fieldset>
            """
        let categoryGroups: [HTML] = Taxonomy.categories.map { category in
            "<fieldset><legend>\(s["category." + category.code])</legend><div class=\"grid\">\(category.subcategories.map { box($0.code, idPrefix: "cat-") })</div></fieldset>"
        }
        let chosenActions = Set(form.actions ?? [])
        let actionBoxes: [HTML] = ContactAction.allCases.map { action in
            let checked: HTML = chosenActions.contains(action.rawValue) ? " checked" : ""
            return "<span class=\"check\"><input type=\"checkbox\" id=\"act-\(action.rawValue)\" name=\"actions[]\" value=\"\(action.rawValue)\"\(checked)> <label for=\"act-\(action.rawValue)\">\(s["action." + action.rawValue])</label></span> "
        }
        let errorBox = FormKit.errorSummary(errors, places: fieldsOnForm, s)
        let more = [form.callerName, form.callerIdentifier, form.childAgeBand, form.childLocation, form.childLanguage, form.childSchool,
                    form.childLivingSituation].contains { !($0 ?? "").isEmpty } || earlier != nil
            || errors.contains { ["caller.", "child."].contains(where: $0.field.hasPrefix) && $0.field != "child.age" && $0.field != "child.gender" }
        let started = form.startedAt.flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
        let focus: HTML = errors.isEmpty ? " autofocus" : ""
        let save = s["contact.save"]
        return Layout.page(s["contact.new.title"], req, """
            \(errorBox)
            <form method="post" action="\(HelplinePaths.contacts())" id="contact-form" class="contact" data-fresh="\(fresh ? "1" : "0")"
             data-timer="\(s["contact.timer.running"])" data-no-match="\(s["contact.categories.noMatch"])" data-count="\(s["contact.categories.count"])"
             data-restored="\(s["contact.draft.restored"])" data-discard="\(s["contact.draft.discard"])">\(Layout.csrfField(req))
            <input type="hidden" name="startedAt" value="\(form.startedAt ?? "")">
            <div class="savebar"><span id="call-timer" role="timer">\(s.format("contact.timer.started", ["time": Layout.date(started)]))</span>
            <button type="submit" class="primary" accesskey="s">\(save)</button> <span class="hint">\(s["contact.saveShortcut"])</span></div>
            <div class="columns"><div>
            <fieldset><legend>\(s["contact.section.call"])</legend>
            \(Layout.select("channel", label: s["contact.field.channel"], options: ContactChannel.allCases.map(\.rawValue), labelPrefix: "channel.", selected: form.channel ?? "voice", strings: s, includeEmpty: false, required: true, extra: focus))
            \(Layout.select("contactType", label: s["contact.field.contactType"], options: ContactType.allCases.map(\.rawValue), labelPrefix: "contactType.", selected: form.contactType ?? "child_self", strings: s, includeEmpty: false, required: true))
            </fieldset>
            <fieldset><legend>\(s["contact.section.caller"])</legend>
            \(check("callerAnonymous", "contact.field.callerAnonymous", form.callerAnonymous))
            \(Layout.select("callerType", label: s["contact.field.callerType"], options: CallerType.allCases.map(\.rawValue), labelPrefix: "callerType.", selected: form.callerType, strings: s, emptyKey: "common.notRecorded"))
            </fieldset>
            <fieldset><legend>\(s["contact.section.child"])</legend>
            \(text("childAge", "contact.field.childAge", form.childAge, type: "number", extra: " min=\"0\" max=\"30\" inputmode=\"numeric\""))
            \(Layout.select("childGender", label: s["contact.field.childGender"], options: Sex.allCases.map(\.rawValue), labelPrefix: "sex.", selected: form.childGender, strings: s, emptyKey: "common.notRecorded"))
            </fieldset>
            \(Layout.select("urgency", label: s["contact.field.urgency"], options: Urgency.allCases.map(\.rawValue), labelPrefix: "urgency.", selected: form.urgency ?? "medium", strings: s, includeEmpty: false))
            <label for="summary">\(s["contact.field.summary"])</label><textarea id="summary" name="summary" rows="5">\(form.summary ?? "")</textarea>
            </div><div>
            <fieldset class="categories" id="categories"><legend>\(s["contact.field.categories"])</legend>
            <p class="category-search" hidden><label for="category-search">\(s["contact.categories.search"])</label>
            <input type="search" id="category-search" autocomplete="off" aria-describedby="category-count"> <span id="category-count" role="status"></span></p>
            \(mostUsedGroup)\(categoryGroups)</fieldset>
            </div></div>
            <details\(more ? " open" : "")><summary>\(s["contact.section.more"])</summary>
            \(text("callerName", "contact.field.callerName", form.callerName, extra: " autocomplete=\"off\""))
            \(text("callerIdentifier", "contact.field.callerIdentifier", form.callerIdentifier, extra: " autocomplete=\"off\""))
            <p><button type="submit" name="intent" value="lookup">\(s["contact.lookupCaller"])</button></p>
            \(earlierPanel(earlier, s))
            \(Layout.select("childAgeBand", label: s["contact.field.childAgeBand"], options: AgeBand.allCases.map(\.rawValue), labelPrefix: "", selected: form.childAgeBand, strings: s, emptyKey: "common.notRecorded"))
            \(text("childLocation", "contact.field.childLocation", form.childLocation))
            \(text("childLanguage", "contact.field.childLanguage", form.childLanguage))
            \(text("childSchool", "contact.field.childSchool", form.childSchool))
            \(Layout.select("childLivingSituation", label: s["contact.field.childLivingSituation"], options: LivingSituation.allCases.map(\.rawValue), labelPrefix: "livingSituation.", selected: form.childLivingSituation, strings: s, emptyKey: "common.notRecorded"))
            </details>
            <fieldset id="actions"><legend>\(s["contact.section.response"])</legend>
            <fieldset><legend>\(s["contact.field.actions"])</legend>\(actionBoxes)</fieldset>
            \(text("referralTargets", "contact.field.referralTargets", form.referralTargets))
            \(check("callbackRequested", "contact.field.callbackRequested", form.callbackRequested))
            \(check("callbackConsent", "contact.field.callbackConsent", form.callbackConsent))
            </fieldset>
            <p><button type="submit">\(save)</button></p>
            </form><script src="\(HelplinePaths.assetsContactJs())" defer></script>
            """)
    }

    /// What the line already knows about this caller, shown inside the form during the call.
    static func earlierPanel(_ earlier: RepeatCaller?, _ s: Strings) -> HTML {
        guard let earlier else { return "" }
        guard earlier.previousCount > 0 else { return "<p role=\"status\">\(s["contact.newCaller"])</p>" }
        return """
            <div role="status"><p>\(s.format("contact.repeatCaller", ["count": String(earlier.previousCount)]))</p>\(table(earlier.previous, s))</div>
            """
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let actor = try req.actor()
        let form = try req.content.decode(Form.self)
        if form.intent == "lookup" {
            // The same form comes back with everything typed so far, plus the caller's history.
            var earlier: RepeatCaller? = nil
            if let identifier = form.callerIdentifier?.trimmed, AccessPolicy.allows(actor.roles, .contactList) {
                earlier = try await HelplineService.earlierContacts(identifier: identifier, by: try req.caller())
            }
            return try await renderForm(req, form: form, errors: [], earlier: earlier).encodeResponse(for: req)
        }
        let contact: ValidContact
        do {
            contact = try form.input(now: Date()).validated()
        } catch let errors as ValidationErrors {
            let response = try await renderForm(req, form: form, errors: errors.errors).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        let id = try await HelplineService.record(contact, by: try req.caller()).id
        return Pages.seeOther("\(HelplinePaths.contact(id))?saved=1")
    }

    // MARK: detail

    @Sendable static func show(req: Request) async throws -> HTML {
        let actor = try req.actor()
        let id = try req.uuid("contactID")
        let c = try await HelplineService.contact(id, by: try req.caller())
        let s = req.strings
        func row(_ key: String, _ value: String?) -> HTML {
            guard let value, !value.isEmpty else { return "" }
            return "<tr><th scope=\"row\">\(s[key])</th><td>\(value)</td></tr>"
        }
        let repeatCaller: HTML = c.repeatCaller.map { r in
            r.previousCount == 0 ? "" : """
                <section aria-labelledby="previous"><h2 id="previous">\(s["contact.previousContacts"])</h2>
                <p role="status">\(s.format("contact.repeatCaller", ["count": String(r.previousCount)]))</p>\(table(r.previous, s))</section>
                """
        } ?? ""
        let caseSection: HTML
        if let caseID = c.caseID {
            caseSection = "<p>\(s["contact.field.case"]): <a href=\"\(CasesPaths.case(caseID))\">\(c.caseReference ?? "")</a></p>"
        } else {
            let canOpen = AccessPolicy.allows(actor.roles, .caseCreate)
            let canLink = AccessPolicy.allows(actor.roles, .caseUpdate)
            let open: HTML = canOpen ? "<form method=\"post\" action=\"\(HelplinePaths.contactCase(id))\">\(Layout.csrfField(req))<button type=\"submit\">\(s["contact.openCase"])</button></form>" : ""
            let link: HTML = canLink ? """
                <form method="post" action="\(HelplinePaths.contactLink(id))">\(Layout.csrfField(req))
                <label for="reference">\(s["contact.linkCase"])</label><input type="text" id="reference" name="reference" required>
                <button type="submit">\(s["contact.link"])</button></form>
                """ : ""
            let refer: HTML = AccessPolicy.allows(actor.roles, .referralSend) ? "<p><a href=\"\(NetworkPaths.referralsNew())?contactID=\(id.uuidString)\">\(s["referral.forContact"])</a></p>" : ""
            caseSection = "\(open)\(link)\(refer)"
        }
        let flash = req.query[String.self, at: "saved"] == "1" ? s["contact.saved"] : nil
        return Layout.page(s["contact.detail.title"], req, flash: flash, """
            \(repeatCaller)
            <table>
            \(row("contact.field.startedAt", Layout.date(c.startedAt)))\(row("contact.field.endedAt", Layout.date(c.endedAt)))
            \(row("contact.field.channel", s["channel." + c.channel]))\(row("contact.field.contactType", s["contactType." + c.contactType]))
            \(row("contact.field.callerType", c.caller.type.map { s["callerType." + $0] }))
            \(row("contact.field.callerName", c.caller.anonymous ? s["contact.anonymous"] : c.caller.name))
            \(row("contact.field.childAge", c.child.age.map(String.init)))\(row("contact.field.childAgeBand", c.child.ageBand))
            \(row("contact.field.childGender", c.child.gender.map { s["sex." + $0] }))\(row("contact.field.childLocation", c.child.location))
            \(row("contact.field.childLanguage", c.child.language))\(row("contact.field.childSchool", c.child.school))
            \(row("contact.field.childLivingSituation", c.child.livingSituation.map { s["livingSituation." + $0] }))
            \(row("contact.field.categories", c.categories.map(s.category).joined(separator: "; ")))
            \(row("contact.field.urgency", s["urgency." + c.urgency]))\(row("contact.field.summary", c.summary))
            \(row("contact.field.actions", c.actions.map { s["action." + $0] }.joined(separator: "; ")))
            \(row("contact.field.referralTargets", c.referralTargets))
            \(row("contact.field.callbackRequested", c.callbackRequested ? s["common.yes"] : s["common.no"]))
            \(row("contact.field.callbackConsent", c.callbackConsent ? s["common.yes"] : s["common.no"]))
            </table>
            \(caseSection)
            """)
    }

    @Sendable static func openCase(req: Request) async throws -> Response {
        let created = try await HelplineService.openCase(fromContact: try req.uuid("contactID"), CaseInput(), by: try req.caller())
        return Pages.seeOther(CasesPaths.case(created.id))
    }

    struct LinkForm: Content { var reference: String }

    @Sendable static func link(req: Request) async throws -> Response {
        let id = try req.uuid("contactID")
        try await HelplineService.link(id, toCaseWithReference: try req.content.decode(LinkForm.self).reference, by: try req.caller())
        return Pages.seeOther(HelplinePaths.contact(id))
    }
}
