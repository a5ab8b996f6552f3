import SafeguardCore
import Vapor

/// Registering a case's child, with possible duplicates shown first, and the child record page.
enum ChildPages {
    struct Form: Content {
        var childID: UUID?
        var name: String?
        var otherNames: String?
        var birthDate: String?
        var birthDateEstimated: String?
        var sex: String?
        var documentType: String?
        var documentNumber: String?
        var location: String?
        var guardianName: String?
        var guardianRelationship: String?
        var guardianPhone: String?
        var confirmNewChild: String?

        var input: ChildInput {
            let guardian = ChildInput.Guardian(name: guardianName?.trimmed, relationship: guardianRelationship?.trimmed, phone: guardianPhone?.trimmed)
            let hasGuardian = guardian.name != nil || guardian.phone != nil
            return ChildInput(name: name, otherNames: otherNames, birthDate: birthDate, birthDateEstimated: birthDateEstimated == "on",
                              sex: sex?.trimmed, documentType: documentType?.trimmed, documentNumber: documentNumber,
                              location: location, guardians: hasGuardian ? [guardian] : nil)
        }
    }

    /// The registration form shown on a case without a child.
    /// The registration form, started from what the case's first contact recorded (`facts`): the
    /// child's sex, where they are, and a birth year estimated from the age.
    static func form(_ req: Request, caseID: UUID, facts: ContactStore.ChildFacts? = nil, now: Date = Date()) -> HTML {
        let s = req.strings
        func text(_ name: String, _ key: String, required: Bool = false, value: String? = nil) -> HTML {
            let requiredAttribute: HTML = required ? " required" : ""
            return "<label for=\"child-\(name)\">\(s[key])</label><input type=\"text\" id=\"child-\(name)\" name=\"\(name)\" autocomplete=\"off\" value=\"\(value ?? "")\"\(requiredAttribute)>"
        }
        let estimatedYear = facts?.age.map { String(Calendar(identifier: .gregorian).component(.year, from: now) - $0) }
        let estimated: HTML = estimatedYear == nil ? "" : " checked"
        let sex = facts?.gender.flatMap(Sex.init(rawValue:))?.rawValue ?? "unknown"
        let fromContact: HTML = facts == nil ? "" : "<p class=\"hint\">\(s["child.fromContact"])</p>"
        return """
            <form method="post" action="\(CasesPaths.caseChild(caseID))">\(Layout.csrfField(req))\(fromContact)
            \(text("name", "child.field.name", required: true))\(text("otherNames", "child.field.otherNames"))
            \(text("birthDate", "child.field.birthDate", value: estimatedYear))
            <p class="check"><input type="checkbox" id="child-estimated" name="birthDateEstimated"\(estimated)> <label for="child-estimated">\(s["child.field.birthDateEstimated"])</label></p>
            \(Layout.select("sex", label: s["child.field.sex"], options: Sex.allCases.map(\.rawValue), labelPrefix: "sex.", selected: sex, strings: s, includeEmpty: false))
            \(Layout.select("documentType", label: s["child.field.documentType"], options: (req.actorIfSignedIn?.countryPack ?? .china).documentTypes, labelPrefix: "documentType.", selected: nil, strings: s, emptyKey: "common.notRecorded"))
            \(text("documentNumber", "child.field.documentNumber"))\(text("location", "child.field.location", value: facts?.location))
            <fieldset><legend>\(s["child.field.guardians"])</legend>
            \(text("guardianName", "child.guardian.name"))\(text("guardianRelationship", "child.guardian.relationship"))\(text("guardianPhone", "child.guardian.phone"))
            </fieldset>
            <p><button type="submit">\(s["child.register"])</button></p></form>
            """
    }

    @Sendable static func attach(req: Request) async throws -> Response {
        let caseID = try req.uuid("caseID")
        let form = try req.content.decode(Form.self)
        let child = form.childID == nil ? try form.input.validated(pack: try req.actor().countryPack) : nil
        do {
            _ = try await CaseService.attachChild(caseID, childID: form.childID, child: child, confirmed: form.confirmNewChild == "on",
                                                  by: try req.caller())
        } catch AppError.duplicateSuspected(let matches) {
            let response = try await matchesPage(req, caseID: caseID, form: form, matches: matches).encodeResponse(for: req)
            response.status = .conflict
            return response
        }
        return Pages.seeOther(CasePages.saved(caseID, .child))
    }

    /// Possible existing records: pick one, or create a new record with the same answers.
    static func matchesPage(_ req: Request, caseID: UUID, form: Form, matches: [ChildMatch]) -> HTML {
        let s = req.strings
        let action = CasesPaths.caseChild(caseID)
        let rows: [HTML] = matches.map { match in
            """
            <tr><td>\(match.name)</td><td>\(match.birthDate ?? "")</td><td>\(s["sex." + match.sex])</td><td>\(s["child.matchReason." + match.reason])</td>
            <td><form method="post" action="\(action)">\(Layout.csrfField(req))<input type="hidden" name="childID" value="\(match.id.uuidString)">
            <button type="submit">\(s["child.sameChild"])</button></form></td></tr>
            """
        }
        let fields: [(String, String?)] = [("name", form.name), ("otherNames", form.otherNames), ("birthDate", form.birthDate),
                                           ("birthDateEstimated", form.birthDateEstimated), ("sex", form.sex), ("documentType", form.documentType),
                                           ("documentNumber", form.documentNumber), ("location", form.location), ("guardianName", form.guardianName),
                                           ("guardianRelationship", form.guardianRelationship), ("guardianPhone", form.guardianPhone)]
        let hidden: [HTML] = fields.compactMap { name, value in
            value.map { "<input type=\"hidden\" name=\"\(name)\" value=\"\($0)\">" }
        }
        return Layout.page(s["child.possibleMatches"], req, """
            <div role="alert"><p>\(s["child.possibleMatchesExplained"])</p></div>
            <table><thead><tr><th scope="col">\(s["child.field.name"])</th><th scope="col">\(s["child.field.birthDate"])</th>
            <th scope="col">\(s["child.field.sex"])</th><th scope="col">\(s["child.matchReason"])</th><th scope="col"></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            <form method="post" action="\(action)">\(Layout.csrfField(req))\(hidden)<input type="hidden" name="confirmNewChild" value="on">
            <p><button type="submit">\(s["child.createAnyway"])</button></p></form>
            """)
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let actor = try req.actor()
        let scopes = try req.authorize(.childRead)
        let id = try req.uuid("childID")
        let services = req.safeguard
        let child = try await req.auditedRead { db in try await ChildStore.detail(id, scopes: scopes, actor: actor, services: services, on: db) }
        let s = req.strings
        func row(_ key: String, _ value: String?) -> HTML {
            guard let value, !value.isEmpty else { return "" }
            return "<tr><th scope=\"row\">\(s[key])</th><td>\(value)</td></tr>"
        }
        let guardians: [HTML] = child.guardians.map { "<li>\($0.name ?? "") \($0.relationship.map { "(\($0))" } ?? "") \($0.phone ?? "")</li>" }
        // The name stays out of the <title>: titles end up in browser history and window lists.
        return Layout.page(s["child.title"], req, """
            <table>\(row("child.field.name", child.name))\(row("child.field.otherNames", child.otherNames))
            \(row("child.field.birthDate", child.birthDate.map { $0 + (child.birthDateEstimated ? " (~)" : "") }))
            \(row("child.field.sex", s["sex." + child.sex]))\(row("child.field.documentType", child.documentType.map { s["documentType." + $0] }))
            \(row("child.field.documentNumber", child.documentNumber))\(row("child.field.location", child.location))</table>
            <h2>\(s["child.field.guardians"])</h2><ul>\(guardians)</ul>
            """)
    }
}
