import Foundation
import SafeguardCore
import Vapor

/// Hotel pages: the clerk's check-in form and stays; the police's list and document search.
enum LodgingPages {
    /// The check-in form: one minor, the guardian, up to two co-occupants; flat fields so it
    /// works without JavaScript.
    struct Form: Content {
        var room: String?
        var minorName: String?, minorDocumentType: String?, minorDocumentNumber: String?, minorBirthDate: String?, minorSex: String?, minorCheck: String?
        var guardianName: String?, guardianPhone: String?, guardianRelationship: String?, guardianReached: String?, guardianNotNamed: String?
        var adult1Name: String?, adult1DocumentType: String?, adult1DocumentNumber: String?, adult1Relationship: String?
        var adult2Name: String?, adult2DocumentType: String?, adult2DocumentNumber: String?, adult2Relationship: String?
        var observations: [String]?

        var input: StayInput {
            func blank(_ text: String?) -> String? { text?.trimmedWhitespace.isEmpty == false ? text : nil }
            let adults = [(adult1Name, adult1DocumentType, adult1DocumentNumber, adult1Relationship), (adult2Name, adult2DocumentType, adult2DocumentNumber, adult2Relationship)]
                .filter { blank($0.0) != nil || blank($0.2) != nil }
                .map { StayInput.Person(name: $0.0, documentType: blank($0.1), documentNumber: blank($0.2), relationship: blank($0.3)) }
            return StayInput(room: room, checkedInAt: nil, guestCount: nil,
                             minors: [.init(name: minorName, documentType: blank(minorDocumentType), documentNumber: blank(minorDocumentNumber),
                                            birthDate: blank(minorBirthDate), sex: blank(minorSex), identityCheck: blank(minorCheck))],
                             guardian: .init(name: blank(guardianName), phone: blank(guardianPhone), relationship: blank(guardianRelationship),
                                             reached: guardianReached == "true", notNamed: guardianNotNamed == "true"),
                             coOccupants: adults, observations: observations)
        }

        /// The adults given, by their place on the form (1 or 2), in the order the stay lists them.
        var adultsGiven: [Int] {
            [(1, adult1Name, adult1DocumentNumber), (2, adult2Name, adult2DocumentNumber)]
                .filter { $0.1?.trimmedWhitespace.isEmpty == false || $0.2?.trimmedWhitespace.isEmpty == false }.map(\.0)
        }

        /// Where each field the stay's validation names sits on this form.
        var places: FormKit.Places {
            var places: FormKit.Places = [
                "room": ("room", "stay.field.room"), "minors": ("minorName", "stay.part.minor"),
                "guardian": ("guardianName", "stay.part.guardian"), "guardian.name": ("guardianName", "stay.part.guardian+stay.field.name"),
                "guardian.phone": ("guardianPhone", "stay.part.guardian+stay.field.phone"),
                "guardian.relationship": ("guardianRelationship", "stay.part.guardian+stay.field.relationship"),
                "observations": ("observations", "stay.observations"),
            ]
            let fields = [("name", "Name"), ("documentType", "DocumentType"), ("documentNumber", "DocumentNumber"), ("birthDate", "BirthDate"),
                          ("sex", "Sex"), ("identityCheck", "Check"), ("relationship", "Relationship")]
            for (field, suffix) in fields {
                let label = field == "identityCheck" ? "identityCheck" : field
                places["minors[0].\(field)"] = ("minor\(suffix)", "stay.part.minor+stay.field.\(label)")
                for (index, n) in adultsGiven.enumerated() {
                    places["coOccupants[\(index)].\(field)"] = ("adult\(n)\(suffix)", "stay.part.adult\(n)+stay.field.\(label)")
                }
            }
            return places
        }
    }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        render(req, Form(), errors: [])
    }

    static func render(_ req: Request, _ f: Form, errors: [FieldError]) -> HTML {
        let s = req.strings
        func text(_ name: String, _ key: String, _ value: String?, required: Bool = false, type: String = "text") -> HTML {
            "<label for=\"\(name)\">\(s[key])</label><input type=\"\(type)\" id=\"\(name)\" name=\"\(name)\" value=\"\(value ?? "")\"\(required ? " required" : "")>"
        }
        func select(_ name: String, _ key: String, _ options: [String], _ prefix: String, _ value: String?, emptyKey: String = "common.notRecorded") -> HTML {
            Layout.select(name, label: s[key], options: options, labelPrefix: prefix, selected: value, strings: s, emptyKey: emptyKey)
        }
        let documents = CountryPack.china.documentTypes, relationships = Relationship.allCases.map(\.rawValue)
        func adult(_ n: Int, _ name: String?, _ type: String?, _ number: String?, _ relationship: String?) -> HTML {
            """
            <fieldset><legend>\(s.format("stay.coOccupant", ["n": String(n)]))</legend>
            \(text("adult\(n)Name", "stay.field.name", name))
            \(select("adult\(n)DocumentType", "stay.field.documentType", documents, "documentType.", type))
            \(text("adult\(n)DocumentNumber", "stay.field.documentNumber", number))
            \(select("adult\(n)Relationship", "stay.field.relationship", relationships, "relationship.", relationship))</fieldset>
            """
        }
        let observations: [HTML] = ClerkObservation.allCases.map { o in
            let checked: HTML = (f.observations ?? []).contains(o.rawValue) ? " checked" : ""
            return "<li><input type=\"checkbox\" id=\"obs-\(o.rawValue)\" name=\"observations[]\" value=\"\(o.rawValue)\"\(checked)> <label for=\"obs-\(o.rawValue)\">\(s["observation." + o.rawValue])</label></li>"
        }
        let reached: HTML = f.guardianReached == "true" ? " checked" : ""
        return Layout.page(s["stay.new.title"], req, """
            \(FormKit.errorSummary(errors, places: f.places, s))
            <form method="post" action="\(LodgingPaths.stays())">\(Layout.csrfField(req))
            \(text("room", "stay.field.room", f.room, required: true))
            <fieldset><legend>\(s["stay.minor"])</legend>
            \(text("minorName", "stay.field.name", f.minorName, required: true))
            \(select("minorDocumentType", "stay.field.documentType", documents, "documentType.", f.minorDocumentType))
            \(text("minorDocumentNumber", "stay.field.documentNumber", f.minorDocumentNumber, required: true))
            \(text("minorBirthDate", "stay.field.birthDate", f.minorBirthDate))
            \(select("minorSex", "stay.field.sex", Sex.allCases.map(\.rawValue), "sex.", f.minorSex))
            \(select("minorCheck", "stay.field.identityCheck", IdentityCheck.allCases.map(\.rawValue), "identityCheck.", f.minorCheck))</fieldset>
            <fieldset><legend>\(s["stay.guardian"])</legend>
            <p class="check"><input type="checkbox" id="guardianNotNamed" name="guardianNotNamed" value="true"\(f.guardianNotNamed == "true" ? " checked" : "")>
            <label for="guardianNotNamed">\(s["stay.field.guardianNotNamed"])</label></p>
            \(text("guardianName", "stay.field.name", f.guardianName))
            \(text("guardianPhone", "stay.field.phone", f.guardianPhone, type: "tel"))
            \(select("guardianRelationship", "stay.field.relationship", relationships, "relationship.", f.guardianRelationship))
            <p><input type="checkbox" id="guardianReached" name="guardianReached" value="true"\(reached)> <label for="guardianReached">\(s["stay.field.guardianReached"])</label></p></fieldset>
            \(adult(1, f.adult1Name, f.adult1DocumentType, f.adult1DocumentNumber, f.adult1Relationship))
            \(adult(2, f.adult2Name, f.adult2DocumentType, f.adult2DocumentNumber, f.adult2Relationship))
            <fieldset id="observations"><legend>\(s["stay.observations"])</legend><ul>\(observations)</ul></fieldset>
            <p><button type="submit">\(s["stay.checkIn"])</button></p></form>
            """)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let stay: ValidStay
        do { stay = try form.input.validated() } catch let errors as ValidationErrors {
            let response = try await render(req, form, errors: errors.errors).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        let checkedIn = try await LodgingService.checkIn(stay, by: try req.caller())
        return Pages.seeOther(LodgingPaths.stay(checkedIn.id))
    }

    static func flagList(_ flags: [StayFlag], _ s: Strings) -> HTML {
        let items: [HTML] = flags.map { "<li class=\"risk-\($0.colour.rawValue)\"><strong>\(s["risk." + $0.colour.rawValue])</strong>: \(s["flag." + $0.code])</li>" }
        return flags.isEmpty ? "<p>\(s["stay.noFlags"])</p>" : "<ul>\(items)</ul>"
    }

    static func table(_ stays: [StayStore.StaySummary], _ s: Strings) -> HTML {
        let rows: [HTML] = stays.map { st in
            """
            <tr><td><a href="\(LodgingPaths.stay(st.id))">\(Layout.date(st.checkedInAt))</a></td><td>\(st.businessName)</td><td>\(st.room)</td>
            <td>\(st.minorCount)</td><td class="risk-\(st.flagColour ?? "none")">\(st.flagColour.map { s["risk." + $0] } ?? "")</td>
            <td>\(st.checkedOutAt == nil ? s["stay.current"] : Layout.date(st.checkedOutAt))\(st.reported ? " · " + s["stay.reported"] : "")</td></tr>
            """
        }
        return """
            <table><thead><tr><th scope="col">\(s["stay.field.checkedInAt"])</th><th scope="col">\(s["stay.business"])</th>
            <th scope="col">\(s["stay.field.room"])</th><th scope="col">\(s["stay.minors"])</th><th scope="col">\(s["stay.flag"])</th>
            <th scope="col">\(s["report.field.status"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    @Sendable static func list(req: Request) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let filter = try req.query.decode(StayStore.Filter.self)
        let page = try await StayStore.list(filter, actor: actor, services: req.safeguard, on: req.sql)
        let search: HTML = AccessPolicy.allows(actor.roles, .staySearch) ? """
            <form method="post" action="\(LodgingPaths.staysSearch())">\(Layout.csrfField(req))<label for="document">\(s["stay.search"])</label>
            <input type="text" id="document" name="document" required autocomplete="off"><button type="submit">\(s["filter.apply"])</button></form>
            """ : ""
        let newLink: HTML = AccessPolicy.allows(actor.roles, .stayCreate) ? "<p><a href=\"\(LodgingPaths.staysNew())\">\(s["stay.new.title"])</a></p>" : ""
        let current: HTML = filter.current == true ? " checked" : ""
        return Layout.page(s["stay.list.title"], req, """
            \(newLink)\(search)
            <form method="get" action="\(LodgingPaths.stays())"><p><input type="checkbox" id="current" name="current" value="true"\(current)>
            <label for="current">\(s["stay.onlyCurrent"])</label> <button type="submit">\(s["filter.apply"])</button></p></form>
            \(page.items.isEmpty ? "<p>\(s["dashboard.none"])</p>" : table(page.items, s))
            \(Layout.pager(LodgingPaths.stays(), filters: [("current", filter.current.map { String($0) })], page: filter.page ?? 1, hasMore: page.hasMore, strings: s))
            """)
    }

    @Sendable static func search(req: Request) async throws -> HTML {
        let s = req.strings
        let found = try await LodgingService.search(document: try req.content.decode(LodgingController.Search.self).document ?? "", by: try req.caller())
        let rows: [HTML] = found.map { "<li><a href=\"\(LodgingPaths.stay($0.id))\">\(Layout.date($0.checkedInAt)) · \($0.businessName) · \($0.room)</a></li>" }
        return Layout.page(s["stay.search"], req, found.isEmpty ? "<p>\(s["dashboard.none"])</p>" : "<ul>\(rows)</ul>")
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let d = try await LodgingService.detail(try req.uuid("stayID"), by: try req.caller())
        let csrf = Layout.csrfField(req)
        let guests: [HTML] = d.guests.map { g in
            """
            <tr><td>\(s["guestKind." + g.kind])</td><td>\(g.name ?? "")</td><td>\(g.documentType.map { s["documentType." + $0] } ?? "") \(g.documentNumber ?? "")</td>
            <td>\(g.age.map(String.init) ?? "")</td><td>\(s["sex." + g.sex])</td><td>\(g.relationship.map { s["relationship." + $0] } ?? "")</td>
            <td>\(Layout.date(g.arrivedAt))</td></tr>
            """
        }
        let canAct = AccessPolicy.allows(actor.roles, .stayCreate) && !d.anonymised && d.checkedOutAt == nil
        var actions: [HTML] = []
        if let reference = d.reportReference, let reportID = d.reportID {
            let link: HTML = ReportPages.path(reportID, roles: actor.roles).map { "<a href=\"\($0)\">\(reference)</a>" } ?? "\(reference)"
            actions.append("<p>\(s["stay.reported"]): \(link)</p>")
        } else if AccessPolicy.allows(actor.roles, .reportCreate), d.flags.contains(where: { $0.colour != .yellow }) {
            actions.append("<form method=\"post\" action=\"\(LodgingPaths.stayReport(d.id))\">\(csrf)<p><button type=\"submit\" class=\"urgent\">\(s["stay.report"])</button></p></form>")
        }
        if canAct {
            actions.append("""
                <form method="post" action="\(LodgingPaths.stayGuardianContact(d.id))">\(csrf)<fieldset><legend>\(s["stay.callGuardian"])</legend>
                <p><input type="radio" id="reached-yes" name="reached" value="true" required> <label for="reached-yes">\(s["stay.guardianReached"])</label>
                <input type="radio" id="reached-no" name="reached" value="false"> <label for="reached-no">\(s["stay.guardianNotReached"])</label></p>
                <button type="submit">\(s["common.save"])</button></fieldset></form>
                <form method="post" action="\(LodgingPaths.stayVisitors(d.id))">\(csrf)<fieldset><legend>\(s["stay.addVisitor"])</legend>
                <label for="v-name">\(s["stay.field.name"])</label><input type="text" id="v-name" name="name" required>
                \(Layout.select("documentType", label: s["stay.field.documentType"], options: CountryPack.china.documentTypes, labelPrefix: "documentType.", selected: nil, strings: s, includeEmpty: false))
                <label for="v-number">\(s["stay.field.documentNumber"])</label><input type="text" id="v-number" name="documentNumber" required>
                \(Layout.select("relationship", label: s["stay.field.relationship"], options: Relationship.allCases.map(\.rawValue), labelPrefix: "relationship.", selected: nil, strings: s,
                                emptyKey: "stay.relationshipChoose", required: true))
                <p><input type="checkbox" id="v-consent" name="guestConsent" value="true" required> <label for="v-consent">\(s["stay.guestConsent"])</label></p>
                <button type="submit">\(s["stay.addVisitor"])</button></fieldset></form>
                <form method="post" action="\(LodgingPaths.stayPatrols(d.id))">\(csrf)<label for="p-note">\(s["stay.patrolNote"])</label>
                <input type="text" id="p-note" name="note" maxlength="1000"><button type="submit">\(s["stay.addPatrol"])</button></form>
                <form method="post" action="\(LodgingPaths.stayCheckOut(d.id))">\(csrf)<button type="submit">\(s["stay.checkOut"])</button></form>
                """)
        }
        return Layout.page(s.format("stay.detail.title", ["room": d.room]), req, """
            <p>\(d.businessName) · \(s["stay.field.checkedInAt"]): \(Layout.date(d.checkedInAt))\(d.checkedOutAt.map { " · \(s["stay.checkedOut"]): \(Layout.date($0))" } ?? "")</p>
            \(d.anonymised ? "<p role=\"status\">\(s["stay.anonymised"])</p>" : "")
            <section aria-labelledby="flags"><h2 id="flags">\(s["stay.flags"])</h2>\(flagList(d.flags, s))</section>
            \(actions)
            <section aria-labelledby="guests"><h2 id="guests">\(s["stay.guests"])</h2><table><thead><tr><th scope="col"></th>
            <th scope="col">\(s["stay.field.name"])</th><th scope="col">\(s["stay.field.documentNumber"])</th><th scope="col">\(s["stay.age"])</th>
            <th scope="col">\(s["stay.field.sex"])</th><th scope="col">\(s["stay.field.relationship"])</th><th scope="col">\(s["stay.arrived"])</th></tr></thead>
            <tbody>\(guests)</tbody></table></section>
            <section aria-labelledby="patrols"><h2 id="patrols">\(s["stay.patrols"])</h2>
            <ul>\(d.patrols.map { p -> HTML in "<li>\(Layout.date(p.at)) · \(p.clerkName)\(p.note.map { " · " + $0 } ?? "")</li>" })</ul></section>
            <section aria-labelledby="guardian"><h2 id="guardian">\(s["stay.guardian"])</h2>
            <p>\(d.guardianRelationship == ValidStay.guardianNotNamed ? s["stay.guardianNotNamed"]
                : "\(d.guardianName ?? "") · \(d.guardianPhone ?? "") · \(s["relationship." + d.guardianRelationship])") · \(d.guardianReached ? s["stay.guardianReached"] : s["stay.guardianNotReached"])</p></section>
            """)
    }

    /// Each stay action returns to the stay.
    static func backToStay(_ req: Request) throws -> Response { Pages.seeOther(LodgingPaths.stay(try req.uuid("stayID"))) }

    @Sendable static func report(req: Request) async throws -> Response {
        _ = try await LodgingService.report(try req.uuid("stayID"), by: try req.caller())
        return try backToStay(req)
    }
    @Sendable static func addVisitor(req: Request) async throws -> Response {
        _ = try await LodgingService.addVisitor(try req.uuid("stayID"), try req.content.decode(StayStore.VisitorInput.self), by: try req.caller())
        return try backToStay(req)
    }
    @Sendable static func checkOut(req: Request) async throws -> Response {
        try await LodgingService.checkOut(try req.uuid("stayID"), at: try req.content.decode(LodgingController.CheckOut.self).checkedOutAt, by: try req.caller())
        return try backToStay(req)
    }
    @Sendable static func addPatrol(req: Request) async throws -> Response {
        try await LodgingService.addPatrol(try req.uuid("stayID"), try req.content.decode(StayStore.PatrolInput.self), by: try req.caller())
        return try backToStay(req)
    }
    @Sendable static func contactGuardian(req: Request) async throws -> Response {
        _ = try await LodgingService.contactGuardian(try req.uuid("stayID"), reached: try req.content.decode(LodgingController.GuardianContact.self).reached, by: try req.caller())
        return try backToStay(req)
    }
}
