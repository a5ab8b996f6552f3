import SafeguardCore
import SQLKit
import Vapor

enum CasePages {
    @Sendable static func list(req: Request) async throws -> HTML {
        let scopes = try req.authorize(.caseList)
        let filter = try req.query.decode(CaseStore.Filter.self).validated()
        let page = try await CaseStore.list(filter, scopes: scopes, actor: try req.actor(), on: req.sql)
        let s = req.strings
        let sorts: [HTML] = [("-updatedAt", "sort.updated"), ("-openedAt", "sort.newest"), ("openedAt", "sort.oldest"), ("risk", "sort.risk")]
            .map { value, key in
                let selected: HTML = (filter.sort ?? "-updatedAt") == value ? " selected" : ""
                return "<option value=\"\(value)\"\(selected)>\(s[key])</option>"
            }
        let pager = Layout.pager(CasesPaths.home(), filters: [("reference", filter.reference), ("stage", filter.stage), ("risk", filter.risk), ("sort", filter.sort)],
                                 page: page.page, hasMore: page.hasMore, strings: s)
        return Layout.page(s["case.list.title"], req, """
            <form method="get" action="\(CasesPaths.home())">
            <label for="reference">\(s["filter.search"])</label><input type="text" id="reference" name="reference" value="\(filter.reference ?? "")">
            \(Layout.select("stage", label: s["case.field.stage"], options: CaseStage.allCases.map(\.rawValue), labelPrefix: "stage.", selected: filter.stage, strings: s))
            \(Layout.select("risk", label: s["case.field.risk"], options: RiskLevel.allCases.reversed().map(\.rawValue), labelPrefix: "risk.", selected: filter.risk, strings: s))
            <label for="sort">\(s["sort.label"])</label><select id="sort" name="sort">\(sorts)</select>
            <p><button type="submit">\(s["filter.apply"])</button></p></form>
            \(page.items.isEmpty ? "<p>\(s["dashboard.none"])</p>" : table(page.items, s))
            \(pager)
            """)
    }

    static func table(_ items: [CaseSummary], _ s: Strings) -> HTML {
        let rows: [HTML] = items.map { k in
            """
            <tr><td><a href="\(CasesPaths.case(k.id))">\(k.reference)</a></td><td>\(s["stage." + k.stage])</td>
            <td class="risk-\(k.risk)">\(s["risk." + k.risk])</td><td>\(k.concerns.map(s.category).joined(separator: "; "))</td>
            <td>\(k.assigneeName ?? "")</td><td>\(Layout.date(k.updatedAt))</td></tr>
            """
        }
        return """
            <table><thead><tr><th scope="col">\(s["case.field.reference"])</th><th scope="col">\(s["case.field.stage"])</th>
            <th scope="col">\(s["case.field.risk"])</th><th scope="col">\(s["case.field.concerns"])</th>
            <th scope="col">\(s["case.field.assignee"])</th><th scope="col">\(s["case.field.updatedAt"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await page(req, caseID: try req.uuid("caseID"), refused: nil)
    }

    /// What a refused form on the case page brings back: its panel, what was typed, what was wrong.
    struct Refused {
        var panel: Saved
        var typed: [String: String]
        var errors: [FieldError]

        func value(_ panel: Saved, _ field: String) -> String? { self.panel == panel ? typed[field] : nil }
    }

    /// Where the fields the case forms' checks name sit, and their labels.
    static let places: FormKit.Places = [
        "body": ("body", "case.note.body"), "compartment": ("compartment", "case.note.compartment"),
        "title": ("title", "case.task.title"), "due": ("due", "case.task.due"), "dueAt": ("due", "case.task.due"),
        "name": ("p-name", "perpetrator.name"), "relationship": ("p-relationship", "perpetrator.relationship"), "notes": ("p-notes", "perpetrator.notes"),
        "at": ("c-at", "conference.at"), "place": ("c-place", "conference.place"), "decisions": ("c-decisions", "conference.decisions"),
        "items": ("c-items", "conference.items"),
    ]

    static func page(_ req: Request, caseID id: UUID, refused: Refused?) async throws -> Response {
        let actor = try req.actor()
        let services = req.safeguard
        let detail: CaseDetail
        do {
            detail = try await req.auditedRead { db in try await CaseStore.detail(id, actor: actor, services: services, on: db) }
        } catch AppError.notFound {
            // Outside the user's cases but in their organisation: offer break-glass, never the case itself.
            let scopes = AccessPolicy.scopes(for: actor.roles, .caseBreakGlass)
            guard !scopes.isEmpty, try await CaseStore.isVisible(id, scopes: scopes, actor: actor, on: req.sql) else { throw AppError.notFound("case") }
            let response = try await breakGlassPage(req, caseID: id).encodeResponse(for: req)
            response.status = .forbidden
            return response
        }
        var accessLog: [AuditLog.AccessLogLine]? = nil
        if AccessPolicy.allows(actor.roles, .auditRead) {
            accessLog = try await req.write { db in
                let lines = try await AuditLog.accessLog(recordIDs: [id.uuidString], on: db, limit: 50)
                try await AuditLog.append([.init(verb: .read, recordType: "case_access_log", recordID: id.uuidString)], by: actor, on: db)
                return lines
            }
        }
        var colleagues: [(UUID, String)] = []
        if AccessPolicy.allows(actor.roles, .caseAssign) {
            colleagues = try await req.sql.raw("""
                SELECT id, display_name FROM users WHERE organisation_id = \(bind: actor.organisationID) AND active = \(bind: true) ORDER BY display_name
                """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "display_name", as: String.self)) }
        }
        // Registering the child starts from what the first contact recorded, for those who may read it.
        var facts: ContactStore.ChildFacts? = nil
        if detail.child == nil, !detail.openedByBreakGlass, AccessPolicy.allows(actor.roles, .caseUpdate), AccessPolicy.allows(actor.roles, .contactRead) {
            facts = try await req.write { db in
                let facts = try await ContactStore.childFacts(ofCase: id, cipher: services.cipher, on: db)
                if let facts {
                    try await AuditLog.append([.init(verb: .read, recordType: "contact", recordID: facts.contactID.uuidString, reason: "child registration")],
                                              by: actor, on: db)
                }
                return facts
            }
        }
        let awaitingLead = try await CaseStore.isAwaitingLead(id, on: req.sql)
        let response = try await render(req, detail, accessLog: accessLog, colleagues: colleagues, actor: actor, childFacts: facts,
                                        awaitingLead: awaitingLead, refused: refused).encodeResponse(for: req)
        if refused != nil { response.status = .unprocessableEntity }
        return response
    }

    static func breakGlassPage(_ req: Request, caseID: UUID) -> HTML {
        let s = req.strings
        return Layout.page(s["breakGlass.title"], req, """
            <p>\(s["breakGlass.explain"])</p>
            <form method="post" action="\(CasesPaths.caseBreakGlass(caseID))">\(Layout.csrfField(req))
            <label for="reason">\(s["breakGlass.reason"])</label><textarea id="reason" name="reason" rows="3" required minlength="10"></textarea>
            <p><button type="submit">\(s["breakGlass.open"])</button></p></form>
            """)
    }

    static func render(_ req: Request, _ d: CaseDetail, accessLog: [AuditLog.AccessLogLine]?, colleagues: [(UUID, String)], actor: Actor,
                       childFacts: ContactStore.ChildFacts? = nil, awaitingLead: Bool = false, refused: Refused? = nil) -> HTML {
        let s = req.strings
        // Through break-glass the page is for reading: no form is offered.
        let allows = { (action: Action) in !d.openedByBreakGlass && AccessPolicy.allows(actor.roles, action) }
        let k = d.summary
        let csrf = Layout.csrfField(req)
        /// The problems of the form `panel`, above it, when that form was refused.
        func problems(_ panel: Saved) -> HTML {
            guard let refused, refused.panel == panel else { return "" }
            return FormKit.errorSummary(refused.errors, places: places, s)
        }
        let child: HTML = d.child.map { c in
            // Linked only for those who may open the child's record (a lawyer on the team may not).
            let name: HTML = AccessPolicy.allows(actor.roles, .childRead) ? "<a href=\"\(CasesPaths.child(c.id))\">\(c.name)</a>" : "\(c.name)"
            return "\(name)\(c.birthDate.map { " · " + $0 } ?? "") · \(s["sex." + c.sex])"
        } ?? (allows(.caseUpdate) ? "\(s["case.child.none"]) <a href=\"#child\">\(s["child.register"])</a>" : "\(s["case.child.none"])")
        // Registering the child is an action in its own panel, not the first thing on the page.
        let register: HTML = d.child == nil && allows(.caseUpdate) ? """
            <section aria-labelledby="child"><h2 id="child">\(s["child.register"])</h2>\(ChildPages.form(req, caseID: k.id, facts: childFacts))</section>
            """ : ""
        let members: [HTML] = d.members.map { "<li>\($0.name) (\(s["case.memberRole." + $0.role]))</li>" }
        let people: [HTML] = colleagues.map { "<option value=\"\($0.0.uuidString)\">\($0.1)</option>" }
        let assignForm: HTML = colleagues.isEmpty ? "" : """
            <form method="post" action="\(CasesPaths.caseAssign(k.id))">\(csrf)
            <label for="assignee">\(s["case.assign"])</label><select id="assignee" name="userID">\(people)</select>
            <label for="assign-role">\(s["case.assignAs"])</label><select id="assign-role" name="role">
            <option value="lead">\(s["case.memberRole.lead"])</option><option value="member">\(s["case.memberRole.member"])</option></select>
            <fieldset><legend>\(s["case.handover"])</legend><p class="hint">\(s["case.handover.hint"])</p>
            <p class="check"><input type="radio" id="handover-reassign" name="openTasks" value="reassign" checked> <label for="handover-reassign">\(s["case.handover.reassign"])</label></p>
            <p class="check"><input type="radio" id="handover-keep" name="openTasks" value="keep"> <label for="handover-keep">\(s["case.handover.keep"])</label></p>
            <p class="check"><input type="checkbox" id="handover-stays" name="previousLeadStays" value="true"> <label for="handover-stays">\(s["case.handover.stays"])</label></p>
            </fieldset>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            """
        let perpetrators: [HTML] = d.perpetrators.map { "<li>\($0.name ?? "") \($0.relationship.map { "(\($0))" } ?? "") \($0.notes ?? "")</li>" }
        let perpetratorForm: HTML = allows(.caseUpdate) ? """
            \(problems(.perpetrator))<form method="post" action="\(CasesPaths.casePerpetrators(k.id))">\(csrf)
            <label for="p-name">\(s["perpetrator.name"])</label><input type="text" id="p-name" name="name" autocomplete="off" value="\(refused?.value(.perpetrator, "name"))">
            <label for="p-relationship">\(s["perpetrator.relationship"])</label><input type="text" id="p-relationship" name="relationship" value="\(refused?.value(.perpetrator, "relationship"))">
            <label for="p-notes">\(s["perpetrator.notes"])</label><textarea id="p-notes" name="notes" rows="2">\(refused?.value(.perpetrator, "notes"))</textarea>
            <p><button type="submit">\(s["perpetrator.add"])</button></p></form>
            """ : ""
        let moves = CaseWorkflow.allowedMoves(from: CaseStage(rawValue: k.stage) ?? .registration)
        let stageForm: HTML = moves.isEmpty || !allows(.caseUpdate) ? "" : """
            <form method="post" action="\(CasesPaths.caseStage(k.id))">\(csrf)
            \(Layout.select("stage", label: s["case.moveStage"], options: moves.map(\.rawValue), labelPrefix: "stage.", selected: nil, strings: s, includeEmpty: false))
            <button type="submit">\(s["common.save"])</button></form>
            """
        let closureForm: HTML = k.stage == CaseStage.closure.rawValue && allows(.caseApproveClosure) ? """
            <form method="post" action="\(CasesPaths.caseClosure(k.id))" class="inline">\(csrf)<input type="hidden" name="decision" value="approve"><button type="submit">\(s["case.approveClosure"])</button></form>
            <form method="post" action="\(CasesPaths.caseClosure(k.id))" class="inline">\(csrf)<input type="hidden" name="decision" value="reject"><button type="submit">\(s["case.rejectClosure"])</button></form>
            """ : ""
        let notes: [HTML] = d.notes.map { n in
            "<article><p><strong>\(n.authorName)</strong> · \(Layout.date(n.createdAt)) · \(s["compartment." + n.compartment])</p><p>\(n.body)</p></article>"
        }
        let writable = NoteCompartment.allCases.filter { allows($0.writeAction) }
        let noteForm: HTML = writable.isEmpty ? "" : """
            \(problems(.note))<form method="post" action="\(CasesPaths.caseNotes(k.id))">\(csrf)
            \(Layout.select("compartment", label: s["case.note.compartment"], options: writable.map(\.rawValue), labelPrefix: "compartment.", selected: refused?.value(.note, "compartment") ?? "general", strings: s, includeEmpty: false))
            <label for="body">\(s["case.note.body"])</label><textarea id="body" name="body" rows="4" required>\(refused?.value(.note, "body"))</textarea>
            <p><button type="submit">\(s["case.addNote"])</button></p></form>
            """
        let tasks: [HTML] = d.tasks.map { t in
            let state: HTML = t.doneAt != nil ? " ✓" : t.overdue ? " <strong>(\(s["case.task.overdue"]))</strong>" : ""
            let done: HTML = t.doneAt == nil && allows(.taskManage) ? "<form method=\"post\" action=\"\(CasesPaths.caseTaskDone(k.id, t.id))\" class=\"inline\">\(csrf)<button type=\"submit\">\(s["case.task.done"])</button></form>" : ""
            return "<li>\(t.title) · \(Layout.date(t.dueAt))\(state) \(done)</li>"
        }
        let taskForm: HTML = allows(.taskManage) ? """
            \(problems(.task))<form method="post" action="\(CasesPaths.caseTasks(k.id))">\(csrf)
            <label for="title">\(s["case.task.title"])</label><input type="text" id="title" name="title" required value="\(refused?.value(.task, "title"))">
            <label for="due">\(s["case.task.due"])</label><input type="date" id="due" name="due" required value="\(refused?.value(.task, "due"))">
            <p><button type="submit">\(s["case.addTask"])</button></p></form>
            """ : ""
        let timeline: [HTML] = d.timeline.map { event in
            // A stage change says from which stage to which ("registration>assessment").
            let stages = event.detail.split(separator: ">").map { s["stage." + $0] }
            return "<li>\(Layout.date(event.at)) · \(event.actorName ?? "") · \(s["caseEvent." + event.kind])\(stages.count == 2 ? ": " + stages.joined(separator: " → ") : "")</li>"
        }
        let log: HTML = accessLog.map { lines in
            let rows: [HTML] = lines.map { "<tr><td>\(Layout.date($0.at))</td><td>\($0.actorName ?? $0.actorID)</td><td>\(s["auditVerb." + $0.action])</td><td>\(s["recordType." + $0.recordType])</td><td>\($0.reason)</td></tr>" }
            return """
                <section aria-labelledby="log"><h2 id="log">\(s["case.accessLog"])</h2><table><thead><tr><th scope="col">\(s["common.when"])</th>
                <th scope="col">\(s["common.who"])</th><th scope="col">\(s["common.what"])</th><th scope="col">\(s["common.recordType"])</th><th scope="col">\(s["common.reason"])</th></tr></thead><tbody>\(rows)</tbody></table></section>
                """
        } ?? ""
        let glass: HTML = d.openedByBreakGlass ? "<p role=\"status\">\(s["breakGlass.viewing"])</p>" : ""
        let leads = d.members.filter { $0.role == "lead" }.map(\.name)
        let nextTasks: [HTML] = d.tasks.filter { $0.doneAt == nil }.prefix(3).map { t in
            "<li>\(t.title) · \(Layout.date(t.dueAt))\(t.overdue ? " <strong>(\(s["case.task.overdue"]))</strong>" as HTML : "")</li>"
        }
        let latestNote: HTML = d.notes.first.map { n in
            "<p>\(String(n.body.prefix(280)))\(n.body.count > 280 ? "…" : "")</p><p class=\"hint\">\(n.authorName) · \(Layout.date(n.createdAt))</p>"
        } ?? "\(s["dashboard.none"])"
        let actions: [HTML] = [
            allows(.reportCreate) ? "<a href=\"\(ReportingPaths.reportsNew())?caseID=\(k.id.uuidString)\">\(s["report.fileForCase"])</a>" : nil,
            allows(.referralSend) && allows(.caseUpdate) ? "<a href=\"\(NetworkPaths.referralsNew())?caseID=\(k.id.uuidString)\">\(s["referral.forCase"])</a>" : nil,
        ].compactMap { $0 }
        let matter: HTML = allows(.legalMatterManage) ? "<section aria-labelledby=\"matter\"><h2 id=\"matter\">\(s["matter.open"])</h2>\(LegalAidPages.openForm(req, caseID: k.id))</section>" : ""
        let conference: HTML = allows(.caseUpdate) ? "<section aria-labelledby=\"conference\"><h2 id=\"conference\">\(s["conference.title"])</h2>\(problems(.conference))\(allows(.roomBook) ? "<p><a href=\"\(RoomPaths.rooms())?purpose=case_conference\">\(s["conference.bookRoom"])</a></p>" : "" as HTML)\(LegalAidPages.conferenceForm(req, caseID: k.id, refused: refused))</section>" : ""
        // The panels, in the order of the page, each reachable from the bar under the summary.
        var panels: [(id: String, key: String)] = [("notes", "case.notes"), ("tasks", "case.tasks"), ("team", "case.members")]
        if !register.text.isEmpty { panels.append(("child", "child.register")) }
        panels += [("perpetrators", "perpetrator.title")]
        if !matter.text.isEmpty { panels.append(("matter", "matter.open")) }
        if !conference.text.isEmpty { panels.append(("conference", "conference.title")) }
        panels += [("conferences", "conference.minutes"), ("contacts", "case.contacts"), ("timeline", "case.timeline")]
        if accessLog != nil { panels.append(("log", "case.accessLog")) }
        let flash = req.query[String.self, at: "saved"].flatMap(Saved.init(rawValue:)).map { s["case.saved." + $0.rawValue] }
        return Layout.page(s.format("case.detail.title", ["reference": k.reference]), req, flash: flash, """
            \(glass)
            <section aria-labelledby="at-a-glance" class="case-summary"><h2 id="at-a-glance">\(s["case.atAGlance"])</h2>
            <dl class="facts">
            <div><dt>\(s["case.field.stage"])</dt><dd>\(s["stage." + k.stage])</dd></div>
            <div><dt>\(s["case.field.risk"])</dt><dd class="risk-\(k.risk)">\(s["risk." + k.risk])</dd></div>
            <div><dt>\(s["case.field.openedAt"])</dt><dd>\(Layout.date(k.openedAt))</dd></div>
            <div><dt>\(s["case.field.child"])</dt><dd>\(child)</dd></div>
            <div><dt>\(s["case.field.lead"])</dt><dd>\(leads.isEmpty ? s["case.lead.none"] : leads.joined(separator: ", "))\
            \(awaitingLead ? "<p class=\"hint\">\(s["case.lead.awaiting"])</p>" as HTML : "")</dd></div>
            <div><dt>\(s["case.field.concerns"])</dt><dd>\(k.concerns.map(s.category).joined(separator: "; "))</dd></div>
            <div><dt>\(s["case.field.crcArticles"])</dt><dd>\(d.crcArticles.joined(separator: ", "))</dd></div>
            <div><dt>\(s["case.nextTasks"])</dt><dd>\(nextTasks.isEmpty ? "\(s["dashboard.none"])" : "<ul>\(nextTasks)</ul>" as HTML)</dd></div>
            <div class="wide"><dt>\(s["case.latestNote"])</dt><dd>\(latestNote)</dd></div>
            \(d.summaryText.map { "<div class=\"wide\"><dt>\(s["case.field.summary"])</dt><dd>\($0)</dd></div>" as HTML } ?? "")
            </dl>
            \(actions.isEmpty ? "" : "<p class=\"actions\">\(HTML(unsafe: actions.map(\.text).joined(separator: " · ")))</p>" as HTML)
            \(stageForm)\(closureForm)
            </section>
            <nav aria-label="\(s["case.sections"])" class="panels"><ul>\(panels.map { "<li><a href=\"#\($0.id)\">\(s[$0.key])</a></li>" as HTML })</ul></nav>
            <section aria-labelledby="notes"><h2 id="notes">\(s["case.notes"])</h2>\(noteForm)\(notes)</section>
            <section aria-labelledby="tasks"><h2 id="tasks">\(s["case.tasks"])</h2><ul>\(tasks)</ul>\(taskForm)</section>
            <section aria-labelledby="team"><h2 id="team">\(s["case.members"])</h2><ul>\(members)</ul>\(assignForm)</section>
            \(register)
            <section aria-labelledby="perpetrators"><h2 id="perpetrators">\(s["perpetrator.title"])</h2><ul>\(perpetrators)</ul>\(perpetratorForm)</section>
            \(matter)\(conference)
            <section aria-labelledby="conferences"><h2 id="conferences">\(s["conference.minutes"])</h2>
            <ul>\(d.conferences.map { c -> HTML in "<li>\(Layout.date(c.at))\(c.place.map { " · " + $0 } ?? "") · \(c.participants.joined(separator: ", "))<p>\(c.decisions)</p></li>" })</ul></section>
            <section aria-labelledby="contacts"><h2 id="contacts">\(s["case.contacts"])</h2>\(d.contacts.isEmpty ? "" : ContactPages.table(d.contacts, linked: AccessPolicy.allows(actor.roles, .contactRead), s))</section>
            <section aria-labelledby="timeline"><h2 id="timeline">\(s["case.timeline"])</h2><ol>\(timeline)</ol></section>
            \(log)
            """)
    }

    /// What a form on the case page saved: the confirmation shown, and the panel returned to.
    enum Saved: String, CaseIterable {
        case note, task, taskDone, stage, closure, team, perpetrator, child, conference
        var panel: String {
            switch self {
            case .note: "notes"
            case .task, .taskDone: "tasks"
            case .stage, .closure: "at-a-glance"
            case .team: "team"
            case .perpetrator: "perpetrators"
            case .child: "at-a-glance"
            case .conference: "conferences"
            }
        }
    }

    static func saved(_ caseID: UUID, _ what: Saved) -> String { "\(CasesPaths.case(caseID))?saved=\(what.rawValue)#\(what.panel)" }

    struct TaskForm: Content { var title: String; var due: String }

    /// A refused form comes back on the case page with what was typed and its problems, never an error page.
    static func orRefused(_ req: Request, _ panel: Saved, fields: [String], _ save: () async throws -> Response) async throws -> Response {
        do {
            return try await save()
        } catch {
            guard let problems = FormKit.problems(error) else { throw error }
            let typed = Dictionary(uniqueKeysWithValues: fields.map { ($0, (try? req.content.get(String.self, at: $0)) ?? "") })
            return try await page(req, caseID: try req.uuid("caseID"), refused: Refused(panel: panel, typed: typed, errors: problems))
        }
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        try await orRefused(req, .note, fields: ["compartment", "body"]) {
            _ = try await CaseService.addNote(try req.uuid("caseID"), try req.content.decode(NoteInput.self), by: try req.caller())
            return Pages.seeOther(saved(try req.uuid("caseID"), .note))
        }
    }
    @Sendable static func moveStage(req: Request) async throws -> Response {
        try await CaseService.moveStage(try req.uuid("caseID"), try req.content.decode(StageInput.self), by: try req.caller())
        return Pages.seeOther(saved(try req.uuid("caseID"), .stage))
    }
    @Sendable static func decideClosure(req: Request) async throws -> Response {
        try await CaseService.decideClosure(try req.uuid("caseID"), try req.content.decode(ClosureDecisionInput.self), by: try req.caller())
        return Pages.seeOther(saved(try req.uuid("caseID"), .closure))
    }
    @Sendable static func completeTask(req: Request) async throws -> Response {
        try await CaseService.completeTask(try req.uuid("caseID"), taskID: try req.uuid("taskID"), by: try req.caller())
        return Pages.seeOther(saved(try req.uuid("caseID"), .taskDone))
    }
    @Sendable static func addPerpetrator(req: Request) async throws -> Response {
        try await orRefused(req, .perpetrator, fields: ["name", "relationship", "notes"]) {
            _ = try await CaseService.addPerpetrator(try req.uuid("caseID"), try req.content.decode(PerpetratorInput.self), by: try req.caller())
            return Pages.seeOther(saved(try req.uuid("caseID"), .perpetrator))
        }
    }
    @Sendable static func assign(req: Request) async throws -> Response {
        try await CaseService.assign(try req.uuid("caseID"), try req.content.decode(AssignInput.self), by: try req.caller())
        return Pages.seeOther(saved(try req.uuid("caseID"), .team))
    }
    @Sendable static func breakGlass(req: Request) async throws -> Response {
        let id = try req.uuid("caseID")
        _ = try await CaseService.breakGlass(id, try req.content.decode(BreakGlass.Input.self), by: try req.caller())
        return Pages.seeOther(CasesPaths.case(id))
    }

    /// The task form has a date field where the API takes a date-time: due at the end of the working day.
    @Sendable static func addTask(req: Request) async throws -> Response {
        try await orRefused(req, .task, fields: ["title", "due"]) { try await saveTask(req) }
    }

    static func saveTask(_ req: Request) async throws -> Response {
        let id = try req.uuid("caseID")
        let form = try req.content.decode(TaskForm.self)
        guard let day = PartialDate(form.due), day.isComplete, let due = Pages.instant(day: day, hour: 17) else {
            throw AppError.invalid("due", "is not a date of the form YYYY-MM-DD")
        }
        _ = try await CaseService.addTask(id, TaskInput(title: form.title, dueAt: due), by: try req.caller())
        return Pages.seeOther(saved(id, .task))
    }
}
