import SafeguardCore
import SQLKit
import Vapor

enum DashboardPage {
    /// Each role's work: a section is nil where the role has none of it, and is then not shown.
    struct Model {
        var breakGlass: [BreakGlass.Grant]
        var tasks: [MyTask]?
        var openCases: [CaseSummary]?
        /// For those who assign cases: new cases nobody has handed to a case worker yet, oldest first.
        var awaitingLead: [CaseSummary]?
        var recentContacts: [ContactSummary]?
        /// A hospital's warnings still open, the most urgent first.
        var openAlerts: [ClinicalAlertsController.AlertSummary]?
        /// An authority's reports not yet acknowledged.
        var reportInbox: [ReportSummary]?
        /// A hotel's guests in house now; for the police, the flagged stays in their jurisdiction.
        var stays: (flaggedOnly: Bool, items: [StayStore.StaySummary])?
        /// What waits for a registry keeper.
        var registryWaiting: (reviews: Int, requests: Int)?
        /// A vetting officer's units with their re-check dates.
        var vettingUnits: [VettingUnits.Unit]?
        /// Training sessions in the next two weeks: all the organisation's for a coordinator, a trainer's own.
        var upcomingSessions: [TrainingViews.UpcomingSession]?
        var notices: [Notifications.Notice]
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let actor = try req.actor()
        if actor.mustChangePassword { return Pages.seeOther(AccountsPaths.account()) }
        let model = try await load(req, actor)
        return try await render(req, model, now: Date()).encodeResponse(for: req)
    }

    static func load(_ req: Request, _ actor: Actor) async throws -> Model {
        let services = req.safeguard
        let may = { (action: Action) in AccessPolicy.allows(actor.roles, action) }
        let tasks = may(.taskManage) ? try await req.auditedRead { db in try await TaskStore.mine(actor, services: services, limit: 20, on: db) } : nil
        let caseScopes = AccessPolicy.scopes(for: actor.roles, .caseList)
        let cases = caseScopes.isEmpty ? nil : try await CaseStore.list(.init(open: true, perPage: 10), scopes: caseScopes, actor: actor, on: req.sql).items
        let awaitingLead = caseScopes.isEmpty || !may(.caseAssign) ? nil
            : try await CaseStore.list(.init(awaitingLead: true, sort: "openedAt", perPage: 10), scopes: caseScopes, actor: actor, on: req.sql).items
        let contactScopes = AccessPolicy.scopes(for: actor.roles, .contactList)
        let contacts = contactScopes.isEmpty ? nil : try await ContactStore.list(.init(counsellorID: actor.userID, perPage: 10),
                                                                                  scopes: contactScopes, actor: actor, on: req.sql).items
        // Supervisors see who broke the glass on which case this week, and why.
        var grants: [BreakGlass.Grant] = []
        if may(.auditRead) {
            grants = try await req.auditedRead { db in try await BreakGlass.recent(actor, services: services, days: 7, on: db) }
        }
        let alerts = may(.alertRead) ? try await ClinicalAlertService.alerts(by: try req.caller())
            .filter(\.awaitsReport) : nil
        let inbox = may(.reportReceive) ? try await ReportStore.list(.init(), inbox: true, actor: actor, on: req.sql).items
            .filter { ReportStatus(rawValue: $0.status)?.isOpen == true } : nil
        var stays: (Bool, [StayStore.StaySummary])?
        let lodging = actor.countryPack.registersMinorsInHotels
        if lodging && may(.stayCreate) {
            stays = (false, try await StayStore.list(.init(current: true), actor: actor, services: services, on: req.sql).items)
        } else if lodging && may(.stayRead) {
            stays = (true, try await StayStore.list(.init(current: true, flagged: true), actor: actor, services: services, on: req.sql).items)
        }
        let waiting = may(.registryManage)
            ? (try await MatchReviews.count(status: "pending", on: req.sql), try await SubjectAccess.openRequestCount(on: req.sql)) : nil
        let units = may(.vettingQuery) ? try await VettingUnits.list(actor: actor, on: req.sql) : nil
        let sessions = may(.trainingAttendance)
            ? try await TrainingStore.upcomingSessions(actor: actor, trainer: may(.trainingManage) ? nil : actor.userID, now: Date(), services: services, on: req.sql) : nil
        let notices = try await Notifications.recent(for: actor.userID, on: req.sql).filter { !$0.read }
        return Model(breakGlass: grants, tasks: tasks, openCases: cases, awaitingLead: awaitingLead, recentContacts: contacts, openAlerts: alerts, reportInbox: inbox,
                     stays: stays, registryWaiting: waiting, vettingUnits: units, upcomingSessions: sessions, notices: notices)
    }

    static func render(_ req: Request, _ model: Model, now: Date) -> HTML {
        let s = req.strings
        let none: HTML = "<p>\(s["dashboard.none"])</p>"
        func section(_ id: String, _ title: String, _ body: HTML) -> HTML {
            "<section aria-labelledby=\"\(id)\"><h2 id=\"\(id)\">\(title)</h2>\(body)</section>"
        }
        let grants: [HTML] = model.breakGlass.map { g in
            "<li>\(Layout.date(g.createdAt)) · \(g.userName) · <a href=\"\(CasesPaths.case(g.caseID))\">\(g.caseReference)</a> · \(g.reason)</li>"
        }
        let breakGlass: HTML = model.breakGlass.isEmpty ? "" : section("glass", s["breakGlass.recent"], "<ul>\(grants)</ul>")
        let roles = req.actorIfSignedIn?.roles ?? []
        let noticeItems: [HTML] = model.notices.compactMap { n in
            // A kind this version no longer knows is left out rather than shown as a key.
            guard let kind = NoticeKind(rawValue: n.kind) else { return nil }
            return "<li>\(Layout.date(n.createdAt)) · <a href=\"\(kind.page(recordID: n.recordID, roles: roles))\">\(s["notice." + n.kind])</a></li>"
        }
        let notices: HTML = model.notices.isEmpty ? "" : """
            <section aria-labelledby="notices"><h2 id="notices">\(s["notice.title"])</h2><ul>\(noticeItems)</ul>
            <form method="post" action="\(PagePaths.notificationsRead())">\(Layout.csrfField(req))<button type="submit">\(s["notice.markRead"])</button></form></section>
            """
        var sections: [HTML] = [notices, breakGlass]
        if let alerts = model.openAlerts {
            sections.append(section("alerts", s["dashboard.openAlerts"], alerts.isEmpty ? none : ClinicalPages.table(alerts, now: now, s)))
        }
        if let inbox = model.reportInbox {
            sections.append(section("inbox", s["dashboard.reportInbox"], inbox.isEmpty ? none : ReportPages.table(inbox, inbox: true, s)))
        }
        if let stays = model.stays {
            sections.append(section("stays", s[stays.flaggedOnly ? "dashboard.flaggedStays" : "dashboard.staysInHouse"],
                                    stays.items.isEmpty ? none : LodgingPages.table(stays.items, s)))
        }
        if let waiting = model.registryWaiting {
            sections.append(section("registry", s["dashboard.registryWaiting"], """
                <ul><li><a href="\(VettingPaths.registry())">\(s.format("dashboard.reviewsWaiting", ["count": String(waiting.reviews)]))</a></li>
                <li><a href="\(VettingPaths.registry())">\(s.format("dashboard.requestsWaiting", ["count": String(waiting.requests)]))</a></li></ul>
                """))
        }
        if let units = model.vettingUnits {
            let items: [HTML] = units.map { u in
                let due: HTML = u.recheckDue.map { due in due < ISODay.string(now) ? "<strong>\(s.format("dashboard.recheckOverdue", ["date": due]))</strong>"
                    : "\(s.format("dashboard.recheckDue", ["date": due]))" } ?? ""
                return "<li><a href=\"\(VettingPaths.home())\">\(u.name)</a> · \(s["unitStatus." + u.status]) \(due)</li>"
            }
            sections.append(section("units", s["dashboard.vettingUnits"], units.isEmpty ? "<p><a href=\"\(VettingPaths.home())\">\(s["dashboard.registerUnit"])</a></p>" : "<ul>\(items)</ul>"))
        }
        if let sessions = model.upcomingSessions {
            let items: [HTML] = sessions.map { x in
                """
                <li>\(Layout.date(x.session.startsAt)) · <a href="\(TrainingPaths.sessionRegister(x.session.id))">\(x.programmeTitle) · \(x.cohortName) · \(x.session.title)</a> \
                · \(x.session.place)</li>
                """
            }
            sections.append(section("sessions", s["dashboard.upcomingSessions"], sessions.isEmpty ? none : "<ul>\(items)</ul>"))
        }
        if let tasks = model.tasks {
            let items: [HTML] = tasks.map { task in
                let overdue: HTML = task.overdue ? " <strong>(\(s["case.task.overdue"]))</strong>" : ""
                return "<li><a href=\"\(CasesPaths.case(task.caseID))\">\(task.caseReference)</a>: \(task.title) · \(Layout.date(task.dueAt))\(overdue)</li>"
            }
            sections.append(section("tasks", s["dashboard.myTasks"], tasks.isEmpty ? none : "<ul>\(items)</ul>"))
        }
        if let cases = model.awaitingLead {
            sections.append(section("awaiting-lead", s["dashboard.awaitingLead"], cases.isEmpty ? none : CasePages.table(cases, s)))
        }
        if let cases = model.openCases {
            sections.append(section("cases", s["dashboard.openCases"], cases.isEmpty ? none : CasePages.table(cases, s)))
        }
        if let contacts = model.recentContacts {
            sections.append(section("contacts", s["dashboard.recentContacts"], contacts.isEmpty ? none : ContactPages.table(contacts, s)))
        }
        return Layout.page(s["dashboard.title"], req, "\(sections)")
    }

    @Sendable static func markNoticesRead(req: Request) async throws -> Response {
        _ = try await Notifications.markAllRead(req: req)
        return Pages.seeOther(PagePaths.home())
    }
}
