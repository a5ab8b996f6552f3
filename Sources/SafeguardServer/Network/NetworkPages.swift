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
        let teams: [HTML] = try await MDTStore.list(on: req.sql).map { t in
            let members: [HTML] = t.members.map { "<li>\($0.name) (\(s["profession." + $0.profession])): \($0.role)</li>" }
            return "<li><strong>\(t.name)</strong> · \(s["mdtLevel." + t.level]) · \(t.regionName) · \(t.meetingSchedule)<ul>\(members)</ul></li>"
        }
        let rows: [HTML] = entries.map { e in
            """
            <tr><td>\(e.name)</td><td>\(s["profession." + e.profession])</td><td>\(e.services.map { s["service." + $0] }.joined(separator: "; "))</td>
            <td>\(e.languages.joined(separator: ", "))</td><td>\(e.regionName)</td><td>\(e.available ? String(e.capacity) : s["directory.unavailable"])</td>
            <td>\(e.contact)\(e.inSafeguard ? " · " + s["directory.inSafeguard"] : "")</td></tr>
            """
        }
        return Layout.page(s["directory.title"], req, """
            <form method="get" action="/directory">
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

    struct NewQuery: Content { var caseID: UUID?; var contactID: UUID? }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        let s = req.strings
        let query = try req.query.decode(NewQuery.self)
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
            "<option value=\"\(e.id.uuidString)\">\(e.name) · \(s["profession." + e.profession]) · \(e.services.map { s["service." + $0] }.joined(separator: ", "))</option>"
        }
        let sections: [HTML] = SharedSection.allCases.map { section in
            "<li><input type=\"checkbox\" id=\"sec-\(section.rawValue)\" name=\"sharedSections[]\" value=\"\(section.rawValue)\"> <label for=\"sec-\(section.rawValue)\">\(s["section." + section.rawValue])</label></li>"
        }
        return Layout.page(s["referral.new.title"], req, """
            <form method="post" action="/referrals">\(Layout.csrfField(req))\(source)
            <label for="entryID">\(s["referral.field.receiver"])</label><select id="entryID" name="entryID" required>\(options)</select>
            \(Layout.select("service", label: s["referral.field.service"], options: ServiceType.allCases.map(\.rawValue), labelPrefix: "service.", selected: nil, strings: s, includeEmpty: false))
            \(Layout.select("consent", label: s["referral.field.consent"], options: ReferralConsent.allCases.map(\.rawValue), labelPrefix: "consent.", selected: nil, strings: s,
                          // No default: whether the child or a guardian agreed is asked every time.
                          emptyKey: "referral.consentChoose", required: true))
            <label for="overrideReason">\(s["referral.field.overrideReason"])</label><textarea id="overrideReason" name="overrideReason" rows="2"></textarea>
            <fieldset><legend>\(s["referral.field.sections"])</legend><ul>\(sections)</ul></fieldset>
            <label for="summary">\(s["referral.field.summary"])</label><textarea id="summary" name="summary" rows="4" required minlength="10"></textarea>
            <p><button type="submit">\(s["referral.send"])</button></p></form>
            """)
    }

    @Sendable static func send(req: Request) async throws -> Response {
        let sent = try await NetworkController.refer(req)
        return Pages.seeOther("/referrals/\(sent.id.uuidString)")
    }

    static func table(_ box: ReferralStore.Box, _ s: Strings) -> HTML {
        let rows: [HTML] = box.items.map { r in
            """
            <tr><td><a href="/referrals/\(r.id.uuidString)">\(r.caseReference)</a></td><td>\(s["service." + r.service])</td><td>\(r.receiverName)</td>
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
        let d = try await NetworkController.show(req: req)
        let base = "/referrals/\(d.summary.id.uuidString)"
        let csrf = Layout.csrfField(req)
        let forms: [HTML] = d.actions.map { action in
            let needsText = ReferralEvent(rawValue: action)?.needsText == true
            return """
                <form method="post" action="\(base)/events">\(csrf)<input type="hidden" name="event" value="\(action)">
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
            <h2>\(s["referral.field.summary"])</h2><p>\(d.referralSummary)</p>
            \(d.answer.map { "<h2>\(s["referral.answer"])</h2><p>\($0)</p>" as HTML } ?? "")
            \(d.child.map { "<h2>\(s["section.child_identity"])</h2><p>\($0.name)\($0.birthDate.map { " · " + $0 } ?? "") · \(s["sex." + $0.sex])</p>" as HTML } ?? "")
            \(d.caseSummary.map { "<h2>\(s["section.case_summary"])</h2><p>\($0)</p>" as HTML } ?? "")
            \(d.concerns.map { "<h2>\(s["section.concerns_and_risk"])</h2><p>\($0.map(s.category).joined(separator: "; ")) · \(s["risk." + (d.risk ?? "yellow")])</p>" as HTML } ?? "")
            \(d.generalNotes == nil ? "" : "<h2>\(s["section.general_notes"])</h2><ul>\(notes)</ul>" as HTML)
            \(forms)\(openMatter)
            \(d.side == "sender" && !d.receiverInSafeguard ? "<p><a href=\"\(base)/print\">\(s["referral.print"])</a> · \(d.receiverContact)</p>" as HTML : "")
            <section aria-labelledby="timeline"><h2 id="timeline">\(s["report.timeline"])</h2><ol>\(events)</ol></section>
            """)
    }

    /// A referral form to print or send to a receiver outside Safeguard.
    @Sendable static func print(req: Request) async throws -> HTML {
        let s = req.strings
        let d = try await NetworkController.show(req: req)
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
        _ = try await NetworkController.act(req: req)
        return Pages.seeOther("/referrals/\(try req.uuid("referralID").uuidString)")
    }
}
