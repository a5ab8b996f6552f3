import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The directory, the referral form, the two inboxes, a referral and its printable form.
enum NetworkPages {
    @Sendable static func directory(req: Request) async throws -> HTML {
        let s = req.strings
        let search = try req.query.decode(DirectoryStore.Search.self)
        let entries = try await DirectoryStore.search(search, on: req.sql)
        let pack = try req.actor().countryPack
        let teams: [HTML] = try await MDTStore.list(on: req.sql).map { t in
            let members: [HTML] = s.ordered(t.members, by: \.name).map { "<li>\($0.name) (\(s["profession." + $0.profession])): \($0.role)</li>" }
            return "<li><strong>\(t.name)</strong> · \(s[pack.teamLevelKey(t.level)]) · \(s.region(t.regionName)) · \(t.meetingSchedule)<ul>\(members)</ul></li>"
        }
        let manage = AccessPolicy.allows(try req.actor().roles, .directoryManage)
        let rows: [HTML] = entries.map { e in
            let name: HTML = manage ? "<a href=\"\(NetworkPaths.entryEdit(e.id))\">\(e.name)</a>" : "\(e.name)"
            return """
            <tr><td>\(name)</td><td>\(s["profession." + e.profession])</td><td>\(e.services.map { s["service." + $0] }.joined(separator: "; "))</td>
            <td>\(e.languages.joined(separator: ", "))</td><td>\(s.region(e.regionName))</td><td>\(e.available ? String(e.capacity) : s["directory.unavailable"])</td>
            <td>\(e.contact)\(e.inSafeguard ? " · " + s["directory.inSafeguard"] : "")</td></tr>
            """
        }
        let saved = req.query[String.self, at: "saved"] == "1" ? s["directory.saved"] : nil
        let add: HTML = manage ? "<p><a href=\"\(NetworkPaths.directoryNew())\">\(s["directory.add"])</a></p>" : ""
        return Layout.page(s["directory.title"], req, flash: saved, """
            \(add)
            <form method="get" action="\(NetworkPaths.directory())">
            \(Layout.select("service", label: s["referral.field.service"], options: ServiceType.allCases.map(\.rawValue), labelPrefix: "service.", selected: search.service, strings: s))
            <label for="language">\(s["directory.language"])</label><input type="text" id="language" name="language" value="\(search.language ?? "")">
            <p><input type="checkbox" id="available" name="available" value="true"\(search.available == true ? " checked" : "")>
            <label for="available">\(s["directory.onlyAvailable"])</label></p><p><button type="submit">\(s["filter.apply"])</button></p></form>
            \(entries.isEmpty ? "<p>\(s["dashboard.none"])</p>" : """
                <table><thead><tr><th scope="col">\(s["directory.name"])</th><th scope="col">\(s["directory.profession"])</th>
                <th scope="col">\(s["directory.services"])</th><th scope="col">\(s["directory.language"])</th><th scope="col">\(s["directory.region"])</th>
                <th scope="col">\(s["directory.capacity"])</th><th scope="col">\(s["directory.contact"])</th></tr></thead><tbody>\(rows)</tbody></table>
                """ as HTML)
            <section aria-labelledby="mdts"><h2 id="mdts">\(s["directory.mdts"])</h2>\(teams.isEmpty ? "<p>\(s["dashboard.none"])</p>" : "<ul>\(teams)</ul>" as HTML)</section>
            """)
    }

    // MARK: directory entries

    /// The entry form as posted: strings, so that whatever was typed can be shown again.
    struct EntryForm: Content {
        var name: String?, profession: String?, services: [String]?, languages: String?, regionID: String?, capacity: String?
        var available: String?, contact: String?, organisationID: String?, userID: String?

        init(_ input: DirectoryStore.Input) {
            name = input.name; profession = input.profession; services = input.services; languages = input.languages?.joined(separator: ", ")
            regionID = input.regionID?.uuidString; capacity = input.capacity.map(String.init); available = input.available == false ? nil : "true"
            contact = input.contact; organisationID = input.organisationID?.uuidString; userID = input.userID?.uuidString
        }

        /// The entry as typed, and what the form itself could not read (a word for a number).
        func read() -> (DirectoryStore.Input, [FieldError]) {
            var v = FieldValidator()
            func id(_ text: String?, _ field: String) -> UUID? {
                guard let text = text?.trimmed else { return nil }
                let id = UUID(uuidString: text)
                if id == nil { v.add(field, "choose one from the list") }
                return id
            }
            let typedCapacity = capacity?.trimmed
            let places = typedCapacity.flatMap { Int($0) }
            if typedCapacity != nil && places == nil { v.add("capacity", "a whole number of open places") }
            let input = DirectoryStore.Input(
                name: name, profession: profession?.trimmed, services: services,
                languages: languages?.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init), regionID: id(regionID, "regionID"),
                capacity: places, available: available == "true", contact: contact,
                userID: id(userID, "userID"), organisationID: id(organisationID, "organisationID"))
            return (input, v.errors)
        }
    }

    static let entryPlaces: FormKit.Places = [
        "name": ("name", "directory.name"), "profession": ("profession", "directory.profession"), "services": ("services", "directory.services"),
        "languages": ("languages", "directory.language"), "regionID": ("regionID", "directory.region"), "capacity": ("capacity", "directory.capacity"),
        "contact": ("contact", "directory.contact"), "organisationID": ("organisationID", "directory.organisation"), "userID": ("name", "directory.name"),
    ]

    /// A person or service others refer children to: added and kept current by those who manage the
    /// directory. `id` nil for a new entry.
    static func entryPage(_ req: Request, id: UUID?, form: EntryForm, errors: [FieldError] = []) async throws -> HTML {
        let s = req.strings
        let regions = try await AccountService.regions(on: req.sql)
        let organisations = try await AccountService.organisations(on: req.sql)
        let chosen = Set(form.services ?? [])
        let services: [HTML] = ServiceType.allCases.map { service in
            let checked: HTML = chosen.contains(service.rawValue) ? " checked" : ""
            return "<span class=\"check\"><input type=\"checkbox\" id=\"service-\(service.rawValue)\" name=\"services[]\" value=\"\(service.rawValue)\"\(checked)> <label for=\"service-\(service.rawValue)\">\(s["service." + service.rawValue])</label></span>"
        }
        func selected(_ yes: Bool) -> HTML { yes ? " selected" : "" }
        let regionOptions: [HTML] = regions.map { r in "<option value=\"\(r.id.uuidString)\"\(selected(form.regionID == r.id.uuidString))>\(s.region(r.name))</option>" }
        let organisationOptions: [HTML] = organisations.map { o in
            "<option value=\"\(o.id.uuidString)\"\(selected(form.organisationID == o.id.uuidString))>\(o.name)</option>"
        }
        let action = id.map { NetworkPaths.entry($0) } ?? NetworkPaths.directory()
        func text(_ name: String, _ key: String, _ value: String?, type: String = "text", extra: HTML = "") -> HTML {
            "<label for=\"\(name)\">\(s[key])</label><input type=\"\(type)\" id=\"\(name)\" name=\"\(name)\" value=\"\(value ?? "")\"\(extra)>"
        }
        let userField: HTML = form.userID.map { "<input type=\"hidden\" name=\"userID\" value=\"\($0)\">" } ?? ""
        let available: HTML = form.available == "true" ? " checked" : ""
        return Layout.page(s[id == nil ? "directory.add" : "directory.edit"], req, """
            \(FormKit.errorSummary(errors, places: entryPlaces, s))
            <form method="post" action="\(action)">\(Layout.csrfField(req))\(userField)
            \(text("name", "directory.name", form.name, extra: " required maxlength=\"200\""))
            \(Layout.select("profession", label: s["directory.profession"], options: Profession.allCases.map(\.rawValue), labelPrefix: "profession.", selected: form.profession, strings: s, emptyKey: "common.choose", required: true))
            <fieldset id="services"><legend>\(s["directory.services"])</legend><div class="grid">\(services)</div></fieldset>
            \(text("languages", "directory.language", form.languages, extra: " aria-describedby=\"languages-hint\""))<p class="hint" id="languages-hint">\(s["directory.languagesHint"])</p>
            <label for="regionID">\(s["directory.region"])</label><select id="regionID" name="regionID" required><option value="">\(s["common.choose"])</option>\(regionOptions)</select>
            \(text("capacity", "directory.capacity", form.capacity, type: "number", extra: " min=\"0\" max=\"10000\""))
            <p class="check"><input type="checkbox" id="available" name="available" value="true"\(available)> <label for="available">\(s["directory.available"])</label></p>
            \(text("contact", "directory.contact", form.contact, extra: " required maxlength=\"300\""))
            <label for="organisationID">\(s["directory.organisation"])</label><select id="organisationID" name="organisationID"><option value="">\(s["directory.outsideSafeguard"])</option>\(organisationOptions)</select>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            """)
    }

    @Sendable static func newEntry(req: Request) async throws -> HTML {
        try await entryPage(req, id: nil, form: EntryForm(DirectoryStore.Input(capacity: 0, available: true)))
    }

    @Sendable static func editEntry(req: Request) async throws -> HTML {
        let id = try req.uuid("entryID")
        return try await entryPage(req, id: id, form: EntryForm(try await DirectoryStore.input(id, on: req.sql)))
    }

    /// Adds or updates an entry; a refused one comes back as typed, with its problems.
    @Sendable static func saveEntry(req: Request) async throws -> Response {
        let id = req.parameters.get("entryID") == nil ? nil : try req.uuid("entryID")
        let form = try req.content.decode(EntryForm.self)
        let (input, unreadable) = form.read()
        return try await FormKit.saveOrShow(req, save: {
            if !unreadable.isEmpty {
                // Every problem at once: what the store finds besides the fields the form could not read.
                var problems = unreadable
                do { _ = try await DirectoryStore.validate(input, on: req.sql) } catch {
                    problems += (FormKit.problems(error) ?? []).filter { e in !unreadable.contains { $0.field == e.field } }
                }
                throw ValidationErrors(problems)
            }
            let caller = try req.caller()
            if let id { try await NetworkService.updateEntry(id, input, by: caller) } else { _ = try await NetworkService.createEntry(input, by: caller) }
            return Pages.seeOther("\(NetworkPaths.directory())?saved=1")
        }, show: { try await entryPage(req, id: id, form: form, errors: $0) })
    }

    struct NewQuery: Content { var caseID: UUID?; var contactID: UUID? }

    /// The referral form as posted, to show again when it is refused.
    struct TypedReferral: Content {
        var caseID: UUID?, contactID: UUID?, entryID: String?, service: String?, consent: String?, overrideReason: String?
        var sharedSections: [String]?, summary: String?
    }

    static let referralPlaces: FormKit.Places = [
        "entryID": ("entryID", "referral.field.receiver"), "service": ("service", "referral.field.service"),
        "consent": ("consent", "referral.field.consent"), "overrideReason": ("overrideReason", "referral.field.overrideReason"),
        "sharedSections": ("sections", "referral.field.sections"), "summary": ("summary", "referral.field.summary"),
    ]

    @Sendable static func newForm(req: Request) async throws -> HTML {
        let query = try req.query.decode(NewQuery.self)
        return try await referralForm(req, typed: TypedReferral(caseID: query.caseID, contactID: query.contactID), errors: [])
    }

    /// The referral form; after a refused post, with what was typed and its problems by label.
    static func referralForm(_ req: Request, typed: TypedReferral, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let query = NewQuery(caseID: typed.caseID, contactID: typed.contactID)
        let source: HTML
        if let caseID = query.caseID {
            source = "<input type=\"hidden\" name=\"caseID\" value=\"\(caseID.uuidString)\">"
        } else if let contactID = query.contactID {
            source = "<input type=\"hidden\" name=\"contactID\" value=\"\(contactID.uuidString)\">"
        } else {
            throw AppError.invalid("caseID", "open the form from a case or a contact")
        }
        let entries = try await DirectoryStore.search(.init(), on: req.sql)
        let options: [HTML] = entries.map { e in
            "<option value=\"\(e.id.uuidString)\"\(typed.entryID == e.id.uuidString ? " selected" : "" as HTML)>\(e.name) · \(s["profession." + e.profession]) · \(e.services.map { s["service." + $0] }.joined(separator: ", "))</option>"
        }
        let shared = Set(typed.sharedSections ?? [])
        let sections: [HTML] = SharedSection.allCases.map { section in
            "<li><input type=\"checkbox\" id=\"sec-\(section.rawValue)\" name=\"sharedSections[]\" value=\"\(section.rawValue)\"\(shared.contains(section.rawValue) ? " checked" : "" as HTML)> <label for=\"sec-\(section.rawValue)\">\(s["section." + section.rawValue])</label></li>"
        }
        return Layout.page(s["referral.new.title"], req, """
            \(FormKit.errorSummary(errors, places: referralPlaces, s))
            <form method="post" action="\(NetworkPaths.referrals())">\(Layout.csrfField(req))\(source)
            <label for="entryID">\(s["referral.field.receiver"])</label><select id="entryID" name="entryID" required>\(options)</select>
            \(Layout.select("service", label: s["referral.field.service"], options: ServiceType.allCases.map(\.rawValue), labelPrefix: "service.", selected: typed.service, strings: s, includeEmpty: false))
            \(Layout.select("consent", label: s["referral.field.consent"], options: ReferralConsent.allCases.map(\.rawValue), labelPrefix: "consent.", selected: typed.consent, strings: s,
                          // No default: whether the child or a guardian agreed is asked every time.
                          emptyKey: "referral.consentChoose", required: true))
            <label for="overrideReason">\(s["referral.field.overrideReason"])</label><textarea id="overrideReason" name="overrideReason" rows="2">\(typed.overrideReason)</textarea>
            <fieldset id="sections"><legend>\(s["referral.field.sections"])</legend><ul>\(sections)</ul></fieldset>
            <label for="summary">\(s["referral.field.summary"])</label><textarea id="summary" name="summary" rows="4" required minlength="10">\(typed.summary)</textarea>
            <p><button type="submit">\(s["referral.send"])</button></p></form>
            """)
    }

    @Sendable static func send(req: Request) async throws -> Response {
        try await FormKit.saveOrShow(req, save: {
            let sent = try await NetworkService.refer(try req.content.decode(ReferralStore.Input.self), by: try req.caller())
            return Pages.seeOther(NetworkPaths.referral(sent.id))
        }, show: { try await referralForm(req, typed: try req.content.decode(TypedReferral.self), errors: $0) })
    }

    static func table(_ box: ReferralStore.Box, _ s: Strings) -> HTML {
        let rows: [HTML] = box.items.map { r in
            """
            <tr><td><a href="\(NetworkPaths.referral(r.id))">\(r.caseReference)</a></td><td>\(s["service." + r.service])</td><td>\(r.receiverName)</td>
            <td>\(r.senderOrganisation)</td><td>\(s["referralStatus." + r.status])\(r.overdue ? " · " + s["referral.overdue"] : "")</td><td>\(Layout.date(r.dueAt))</td></tr>
            """
        }
        return box.items.isEmpty ? "<p>\(s["dashboard.none"])</p>" : """
            <table><thead><tr><th scope="col">\(s["case.field.reference"])</th><th scope="col">\(s["referral.field.service"])</th>
            <th scope="col">\(s["referral.field.receiver"])</th><th scope="col">\(s["referral.field.sender"])</th>
            <th scope="col">\(s["report.field.status"])</th><th scope="col">\(s["referral.due"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    @Sendable static func inbox(req: Request) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let received = try await ReferralStore.list(received: true, actor: actor, on: req.sql)
        let sent = AccessPolicy.allows(actor.roles, .referralSend) ? try await ReferralStore.list(received: false, actor: actor, on: req.sql) : nil
        return Layout.page(s["referral.list.title"], req, """
            <section aria-labelledby="to-me"><h2 id="to-me">\(s.format("referral.toMe", ["n": String(received.actionNeeded)]))</h2>\(table(received, s))</section>
            \(sent.map { box in """
                <section aria-labelledby="sent"><h2 id="sent">\(s.format("referral.sent", ["n": String(box.actionNeeded)]))</h2>\(table(box, s))</section>
                """ as HTML } ?? "")
            """)
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let s = req.strings
        let d = try await NetworkService.referral(try req.uuid("referralID"), by: try req.caller())
        let csrf = Layout.csrfField(req)
        let forms: [HTML] = d.actions.map { action in
            let needsText = ReferralEvent(rawValue: action)?.needsText == true
            return """
                <form method="post" action="\(NetworkPaths.referralEvents(d.summary.id))">\(csrf)<input type="hidden" name="event" value="\(action)">
                \(needsText ? "<label for=\"text-\(action)\">\(s["referral.text." + action])</label><textarea id=\"text-\(action)\" name=\"text\" rows=\"2\" required></textarea>" as HTML : "")
                <button type="submit">\(s["referralEvent." + action])</button></form>
                """
        }
        // A lawyer who accepted a legal referral opens the matter from here.
        let lawyer = AccessPolicy.allows(try req.actor().roles, .legalMatterManage)
        let openMatter: HTML = d.side == "receiver" && lawyer && LegalMatterStore.referralOpensMatter(service: d.summary.service, status: d.summary.status)
            ? d.caseID.map { "<section aria-labelledby=\"matter\"><h2 id=\"matter\">\(s["matter.open"])</h2>\(LegalAidPages.openForm(req, caseID: $0))</section>" } ?? ""
            : ""
        let events: [HTML] = d.events.map { "<li>\(Layout.date($0.at)) · \($0.actorName ?? "") · \(s["referralEvent." + $0.kind])\($0.recordedForOutside ? " (" + s["referral.recordedForOutside"] + ")" : "")</li>" }
        let notes: [HTML] = (d.generalNotes ?? []).map { "<li>\(Layout.date($0.at)) · \($0.body)</li>" }
        return Layout.page(s.format("referral.detail.title", ["reference": d.summary.caseReference]), req, """
            <p>\(s["service." + d.summary.service]) · \(d.summary.receiverName) · \(s["referralStatus." + d.summary.status])\(d.summary.overdue ? " · " + s["referral.overdue"] : "")
             · \(s["referral.due"]): \(Layout.date(d.summary.dueAt))</p>
            <p>\(s["referral.field.consent"]): \(s["consent." + d.consent])\(d.overrideReason.map { " · " + $0 } ?? "")</p>
            <p>\(s["referral.shared"]): \(d.sharedSections.isEmpty ? s["referral.sharedNothing"] : d.sharedSections.map { s["section." + $0] }.joined(separator: "; "))</p>
            <h2>\(s["referral.field.summary"])</h2><p>\(d.referralSummary)</p>
            \(d.answer.map { "<h2>\(s["referral.answer"])</h2><p>\($0)</p>" as HTML } ?? "")
            \(d.child.map { "<h2>\(s["section.child_identity"])</h2><p>\($0.name)\($0.birthDate.map { " · " + $0 } ?? "") · \(s["sex." + $0.sex])</p>" as HTML } ?? "")
            \(d.caseSummary.map { "<h2>\(s["section.case_summary"])</h2><p>\($0)</p>" as HTML } ?? "")
            \(d.concerns.map { "<h2>\(s["section.concerns_and_risk"])</h2><p>\($0.map(s.category).joined(separator: "; ")) · \(s["risk." + (d.risk ?? "yellow")])</p>" as HTML } ?? "")
            \(d.generalNotes == nil ? "" : "<h2>\(s["section.general_notes"])</h2><ul>\(notes)</ul>" as HTML)
            \(forms)\(openMatter)
            \(d.side == "sender" && !d.receiverInSafeguard ? "<p><a href=\"\(NetworkPaths.referralPrint(d.summary.id))\">\(s["referral.print"])</a> · \(d.receiverContact)</p>" as HTML : "")
            <section aria-labelledby="timeline"><h2 id="timeline">\(s["report.timeline"])</h2><ol>\(events)</ol></section>
            """)
    }

    /// A referral form to print or send to a receiver outside Safeguard.
    @Sendable static func print(req: Request) async throws -> HTML {
        let s = req.strings
        let d = try await NetworkService.referral(try req.uuid("referralID"), by: try req.caller())
        guard d.side == "sender" else { throw AppError.notFound("referral") }
        return Layout.page(s["referral.print"], req, """
            <p>\(s["referral.field.receiver"]): \(d.summary.receiverName) · \(d.receiverContact)</p>
            <p>\(s["referral.field.sender"]): \(d.summary.senderOrganisation) · \(Layout.date(d.summary.createdAt))</p>
            <p>\(s["referral.field.service"]): \(s["service." + d.summary.service]) · \(s["referral.due"]): \(Layout.date(d.summary.dueAt))</p>
            <p>\(s["referral.field.consent"]): \(s["consent." + d.consent])</p>
            <h2>\(s["referral.field.summary"])</h2><p>\(d.referralSummary)</p>
            \(d.child.map { "<h2>\(s["section.child_identity"])</h2><p>\($0.name)\($0.birthDate.map { " · " + $0 } ?? "")</p>" as HTML } ?? "")
            <h2>\(s["referral.answerBox"])</h2><p>☐ \(s["referralEvent.accept"]) ☐ \(s["referralEvent.decline"])</p>
            """)
    }

    @Sendable static func act(req: Request) async throws -> Response {
        let id = try req.uuid("referralID")
        try await NetworkService.act(id, try req.content.decode(NetworkService.Answer.self), by: try req.caller())
        return Pages.seeOther(NetworkPaths.referral(id))
    }
}
