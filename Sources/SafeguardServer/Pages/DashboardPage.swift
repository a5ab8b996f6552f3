import SafeguardCore
import SQLKit
import Vapor

enum DashboardPage {
    struct Model {
        var breakGlass: [BreakGlass.Grant]
        var tasks: [MyTask]
        var openCases: [CaseSummary]
        var recentContacts: [ContactSummary]
        var notices: [Notifications.Notice]
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let actor = try req.actor()
        if actor.mustChangePassword { return Pages.seeOther("/account") }
        let model = try await load(req, actor)
        return try await render(req, model).encodeResponse(for: req)
    }

    static func load(_ req: Request, _ actor: Actor) async throws -> Model {
        let services = req.safeguard
        let tasks = try await req.auditedRead { db in try await TaskStore.mine(actor, services: services, limit: 20, on: db) }
        let caseScopes = AccessPolicy.scopes(for: actor.roles, .caseList)
        let cases = caseScopes.isEmpty ? [] : try await CaseStore.list(.init(open: true, perPage: 10), scopes: caseScopes, actor: actor, on: req.sql).items
        let contactScopes = AccessPolicy.scopes(for: actor.roles, .contactList)
        let contacts = contactScopes.isEmpty ? [] : try await ContactStore.list(.init(counsellorID: actor.userID, perPage: 10),
                                                                                 scopes: contactScopes, actor: actor, on: req.sql).items
        // Supervisors see who broke the glass on which case this week, and why.
        var grants: [BreakGlass.Grant] = []
        if AccessPolicy.allows(actor.roles, .auditRead) {
            grants = try await req.auditedRead { db in try await BreakGlass.recent(actor, services: services, days: 7, on: db) }
        }
        let notices = try await Notifications.recent(for: actor.userID, on: req.sql).filter { !$0.read }
        return Model(breakGlass: grants, tasks: tasks, openCases: cases, recentContacts: contacts, notices: notices)
    }

    static func render(_ req: Request, _ model: Model) -> HTML {
        let s = req.strings
        let none: HTML = "<p>\(s["dashboard.none"])</p>"
        let taskItems: [HTML] = model.tasks.map { task in
            let overdue: HTML = task.overdue ? " <strong>(\(s["case.task.overdue"]))</strong>" : ""
            return "<li><a href=\"/cases/\(task.caseID.uuidString)\">\(task.caseReference)</a>: \(task.title) · \(Layout.date(task.dueAt))\(overdue)</li>"
        }
        let tasks: HTML = model.tasks.isEmpty ? none : "<ul>\(taskItems)</ul>"
        let grants: [HTML] = model.breakGlass.map { g in
            "<li>\(Layout.date(g.createdAt)) · \(g.userName) · <a href=\"/cases/\(g.caseID.uuidString)\">\(g.caseReference)</a> · \(g.reason)</li>"
        }
        let breakGlass: HTML = model.breakGlass.isEmpty ? "" : """
            <section aria-labelledby="glass"><h2 id="glass">\(s["breakGlass.recent"])</h2><ul>\(grants)</ul></section>
            """
        let roles = req.actorIfSignedIn?.roles ?? []
        let noticeItems: [HTML] = model.notices.compactMap { n in
            // A kind this version no longer knows is left out rather than shown as a key.
            guard let kind = NoticeKind(rawValue: n.kind) else { return nil }
            return "<li>\(Layout.date(n.createdAt)) · <a href=\"\(kind.page(recordID: n.recordID, roles: roles))\">\(s["notice." + n.kind])</a></li>"
        }
        let notices: HTML = model.notices.isEmpty ? "" : """
            <section aria-labelledby="notices"><h2 id="notices">\(s["notice.title"])</h2><ul>\(noticeItems)</ul>
            <form method="post" action="/notifications/read">\(Layout.csrfField(req))<button type="submit">\(s["notice.markRead"])</button></form></section>
            """
        return Layout.page(s["dashboard.title"], req, """
            \(notices)\(breakGlass)
            <section aria-labelledby="tasks"><h2 id="tasks">\(s["dashboard.myTasks"])</h2>\(tasks)</section>
            <section aria-labelledby="cases"><h2 id="cases">\(s["dashboard.openCases"])</h2>\(model.openCases.isEmpty ? none : CasePages.table(model.openCases, s))</section>
            <section aria-labelledby="contacts"><h2 id="contacts">\(s["dashboard.recentContacts"])</h2>\(model.recentContacts.isEmpty ? none : ContactPages.table(model.recentContacts, s))</section>
            """)
    }

    @Sendable static func markNoticesRead(req: Request) async throws -> Response {
        _ = try await Notifications.markAllRead(req: req)
        return Pages.seeOther("/")
    }
}
