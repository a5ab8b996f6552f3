import Foundation
import SafeguardCore
import Vapor

/// Pages for lawyers (their matters, a matter with hearings, notes, documents and outcome), the
/// case conference form, and the calendar feed address.
enum LegalAidPages {
    @Sendable static func list(req: Request) async throws -> HTML {
        let s = req.strings
        let matters = try await LegalAidService.mine(by: try req.caller())
        let rows: [HTML] = matters.map { m in
            """
            <tr><td><a href="\(LegalAidPaths.matter(m.id))">\(m.caseReference)</a></td><td>\(s["matterType." + m.type])</td>
            <td>\(Layout.date(m.openedAt))</td><td>\(Layout.date(m.nextEvent))</td><td>\(m.outcome.map { s["matterOutcome." + $0] } ?? "")</td></tr>
            """
        }
        return Layout.page(s["matter.list.title"], req, """
            <form method="post" action="\(LegalAidPaths.accountCalendarFeed())">\(Layout.csrfField(req))<button type="submit">\(s["calendar.make"])</button></form>
            \(matters.isEmpty ? "<p>\(s["dashboard.none"])</p>" : """
                <table><thead><tr><th scope="col">\(s["case.field.reference"])</th><th scope="col">\(s["matter.field.type"])</th>
                <th scope="col">\(s["matter.openedAt"])</th><th scope="col">\(s["matter.next"])</th><th scope="col">\(s["matter.field.outcome"])</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """ as HTML)
            """)
    }

    /// The case page's form to open a matter.
    static func openForm(_ req: Request, caseID: UUID) -> HTML {
        let s = req.strings
        return """
            <form method="post" action="\(LegalAidPaths.caseMatters(caseID))">\(Layout.csrfField(req))
            \(Layout.select("type", label: s["matter.field.type"], options: MatterType.allCases.map(\.rawValue), labelPrefix: "matterType.", selected: nil, strings: s, includeEmpty: false))
            <label for="court">\(s["matter.field.court"])</label><input type="text" id="court" name="court">
            <p><button type="submit">\(s["matter.open"])</button></p></form>
            """
    }

    @Sendable static func open(req: Request) async throws -> Response {
        let created = try await LegalAidService.open(caseID: try req.uuid("caseID"), try req.content.decode(LegalMatterStore.Input.self), by: try req.caller())
        return Pages.seeOther(LegalAidPaths.matter(created.id))
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        try await page(req, refusedEvent: nil)
    }

    /// Where the event form's fields sit, and their labels.
    static let eventPlaces: FormKit.Places = [
        "kind": ("kind", "matter.event.kind"), "title": ("title", "matter.event.title"), "startsAt": ("startsAt", "matter.event.startsAt"),
        "place": ("place", "matter.event.place"),
    ]

    /// The matter page; `refusedEvent` brings back a refused hearing or deadline as typed, with its problems.
    static func page(_ req: Request, refusedEvent: (typed: LegalMatterStore.EventInput, errors: [FieldError])?) async throws -> HTML {
        let s = req.strings
        let typed = refusedEvent?.typed
        let caller = try req.caller()
        let d = try await LegalAidService.detail(try req.uuid("matterID"), by: caller)
        let documents = try await LegalAidService.documents(of: d.id, by: caller)
        let csrf = Layout.csrfField(req)
        let events: [HTML] = d.events.map { "<li>\(Layout.date($0.startsAt)) · \(s["matterEvent." + $0.kind]) · \($0.title)\($0.place.map { " · " + $0 } ?? "")</li>" }
        let notes: [HTML] = d.privilegedNotes.map { "<article><p><strong>\($0.authorName)</strong> · \(Layout.date($0.createdAt))</p><p>\($0.body)</p></article>" }
        let files: [HTML] = documents.map { "<li><a href=\"\(LegalAidPaths.API.matterDocument(d.id, $0.id))\">\($0.name)</a> · v\($0.version) · \($0.size / 1024) KiB</li>" }
        return Layout.page(s.format("matter.detail.title", ["reference": d.caseReference]), req, """
            <p>\(s["matterType." + d.type]) · \(s["matter.openedAt"]): \(Layout.date(d.openedAt)) · \(d.lawyers.joined(separator: ", "))</p>
            <p>\(d.court ?? "") \(d.caseNumbers ?? "")\(d.opposingParty.map { " · " + $0 } ?? "")</p>
            <section aria-labelledby="events"><h2 id="events">\(s["matter.events"])</h2><ul>\(events)</ul>
            \(FormKit.errorSummary(refusedEvent?.errors ?? [], places: eventPlaces, s))
            <form method="post" action="\(LegalAidPaths.matterEvents(d.id))">\(csrf)
            \(Layout.select("kind", label: s["matter.event.kind"], options: MatterEventKind.allCases.map(\.rawValue), labelPrefix: "matterEvent.", selected: typed?.kind, strings: s, includeEmpty: false))
            <label for="title">\(s["matter.event.title"])</label><input type="text" id="title" name="title" required value="\(typed?.title)">
            <label for="startsAt">\(s["matter.event.startsAt"])</label><input type="datetime-local" id="startsAt" name="startsAt" required value="\(typed?.startsAt)">
            <label for="place">\(s["matter.event.place"])</label><input type="text" id="place" name="place" value="\(typed?.place)">
            <p><button type="submit">\(s["matter.event.add"])</button></p></form></section>
            <section aria-labelledby="notes"><h2 id="notes">\(s["matter.notes"])</h2>\(notes)
            <form method="post" action="\(LegalAidPaths.matterNotes(d.id))">\(csrf)<label for="body">\(s["matter.note"])</label><textarea id="body" name="body" rows="3" required></textarea>
            <p><button type="submit">\(s["case.addNote"])</button></p></form></section>
            <section aria-labelledby="documents"><h2 id="documents">\(s["matter.documents"])</h2><ul>\(files)</ul>
            <form method="post" action="\(LegalAidPaths.matterDocuments(d.id))" enctype="multipart/form-data">\(csrf)
            <label for="file">\(s["matter.document.file"])</label><input type="file" id="file" name="file" required accept=".pdf,.png,.jpg,.jpeg,.docx,.txt">
            <p><button type="submit">\(s["matter.document.upload"])</button></p></form></section>
            <section aria-labelledby="outcome"><h2 id="outcome">\(s["matter.field.outcome"])</h2>
            <p>\(d.outcome.map { s["matterOutcome." + $0] } ?? "")\(d.outcomeNote.map { " · " + $0 } ?? "") · \(s["matter.hours"]): \(String(format: "%.1f", d.proBonoHours))</p>
            <form method="post" action="\(LegalAidPaths.matterOutcome(d.id))">\(csrf)
            \(Layout.select("outcome", label: s["matter.field.outcome"], options: MatterOutcome.allCases.map(\.rawValue), labelPrefix: "matterOutcome.", selected: d.outcome, strings: s, includeEmpty: false))
            <label for="note">\(s["matter.outcome.note"])</label><input type="text" id="note" name="note">
            <label for="proBonoHours">\(s["matter.hours"])</label><input type="number" id="proBonoHours" name="proBonoHours" min="0" step="0.5" value="\(String(format: "%.1f", d.proBonoHours))">
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """)
    }

    static func backToMatter(_ req: Request) throws -> Response { Pages.seeOther(LegalAidPaths.matter(try req.uuid("matterID"))) }

    /// A hearing or deadline typed in the lawyer's own time.
    @Sendable static func addEvent(req: Request) async throws -> Response {
        let typed = try req.content.decode(LegalMatterStore.EventInput.self)
        var input = typed
        input.startsAt = typed.startsAt.map(Pages.instant)
        let read = input
        return try await FormKit.saveOrShow(req, save: {
            _ = try await LegalAidService.addEvent(try req.uuid("matterID"), read, by: try req.caller())
            return try backToMatter(req)
        }, show: { try await page(req, refusedEvent: (typed, $0)) })
    }
    @Sendable static func addNote(req: Request) async throws -> Response {
        _ = try await LegalAidService.addNote(try req.uuid("matterID"), try req.content.decode(LegalMatterStore.NoteInput.self), by: try req.caller())
        return try backToMatter(req)
    }
    @Sendable static func recordOutcome(req: Request) async throws -> Response {
        try await LegalAidService.recordOutcome(try req.uuid("matterID"), try req.content.decode(LegalMatterStore.OutcomeInput.self), by: try req.caller())
        return try backToMatter(req)
    }
    @Sendable static func upload(req: Request) async throws -> Response {
        _ = try await LegalAidService.upload(to: try req.uuid("matterID"), try MatterDocuments.decodeUpload(req), by: try req.caller())
        return try backToMatter(req)
    }

    /// The case page's conference form: one action item per line as "title | YYYY-MM-DD".
    static func conferenceForm(_ req: Request, caseID: UUID, refused: CasePages.Refused? = nil) -> HTML {
        let s = req.strings
        let typed = { (field: String) in refused?.value(.conference, field) }
        return """
            <form method="post" action="\(LegalAidPaths.caseConferences(caseID))">\(Layout.csrfField(req))
            <label for="c-at">\(s["conference.at"])</label><input type="datetime-local" id="c-at" name="at" required value="\(typed("at"))">
            <label for="c-place">\(s["conference.place"])</label><input type="text" id="c-place" name="place" value="\(typed("place"))">
            <label for="c-decisions">\(s["conference.decisions"])</label><textarea id="c-decisions" name="decisions" rows="3" required>\(typed("decisions"))</textarea>
            <label for="c-items">\(s["conference.items"])</label><textarea id="c-items" name="items" rows="3">\(typed("items"))</textarea>
            <p><button type="submit">\(s["conference.record"])</button></p></form>
            """
    }

    struct ConferenceForm: Content { var at: String?; var place: String?; var decisions: String?; var items: String? }

    @Sendable static func holdConference(req: Request) async throws -> Response {
        try await CasePages.orRefused(req, .conference, fields: ["at", "place", "decisions", "items"]) { try await recordConference(req) }
    }

    static func recordConference(_ req: Request) async throws -> Response {
        let caseID = try req.uuid("caseID")
        let form = try req.content.decode(ConferenceForm.self)
        var items: [ConferenceStore.ActionItem] = []
        for line in (form.items ?? "").split(whereSeparator: \.isNewline) where !line.trimmedWhitespace.isEmpty {
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmedWhitespace }
            let day = parts.count == 2 ? PartialDate(parts[1]) : nil
            guard let day, day.isComplete else { throw AppError.invalid("items", "write each action item as: title | YYYY-MM-DD") }
            let due = Pages.instant(day: day, hour: 17).map { ISO8601DateFormatter().string(from: $0) } ?? "\(day)T17:00:00Z"
            items.append(.init(title: parts[0], dueAt: due, assigneeID: nil))
        }
        let input = ConferenceStore.Input(at: form.at.map(Pages.instant), place: form.place, participantIDs: nil, decisions: form.decisions, actionItems: items)
        _ = try await LegalAidService.holdConference(caseID: caseID, input, by: try req.caller())
        return Pages.seeOther(CasePages.saved(caseID, .conference))
    }

    /// The user's coming hearings, deadlines and case conferences, as in their feed.
    @Sendable static func calendar(req: Request) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let now = Date()
        let events = try await CalendarFeed.events(for: actor.userID, on: req.sql).filter { $0.start >= now.addingTimeInterval(-86_400) && $0.status != .cancelled }
        let items: [HTML] = events.prefix(200).map { "<li>\(Layout.date($0.start)) · \($0.summary)\($0.description.map { " · " + $0 } ?? "")</li>" }
        return Layout.page(s["calendar.page"], req, """
            \(events.isEmpty ? "<p>\(s["calendar.none"])</p>" : "<ul>\(items)</ul>" as HTML)
            <form method="post" action="\(LegalAidPaths.accountCalendarFeed())">\(Layout.csrfField(req))<button type="submit">\(s["calendar.make"])</button></form>
            """)
    }

    @Sendable static func makeFeed(req: Request) async throws -> HTML {
        let s = req.strings
        let address = try await CalendarFeed.create(req: req)
        return Layout.page(s["calendar.title"], req, """
            <p>\(s["calendar.explain"])</p><p><code>\(address.url)</code></p>
            """)
    }
}
