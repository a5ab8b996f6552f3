import SafeguardCore
import SQLKit
import Vapor

enum AdminPage {
    struct NewUserForm: Content { var username: String; var displayName: String; var roles: [String]? }

    @Sendable static func users(req: Request) async throws -> HTML {
        try await render(req, flash: nil)
    }

    static func render(_ req: Request, flash: String?) async throws -> HTML {
        let s = req.strings
        let users = try await AccountsController.listUsers(req: req)
        let rows: [HTML] = users.map { u in
            "<tr><td>\(u.username)</td><td>\(u.displayName)</td><td>\(u.roles.map { s["role." + $0] }.joined(separator: ", "))</td></tr>"
        }
        let roleBoxes: [HTML] = Role.allCases.map { role in
            "<span class=\"check\"><input type=\"checkbox\" id=\"role-\(role.rawValue)\" name=\"roles[]\" value=\"\(role.rawValue)\"> <label for=\"role-\(role.rawValue)\">\(s["role." + role.rawValue])</label></span> "
        }
        return Layout.page(s["admin.users.title"], req, flash: flash, """
            <table><thead><tr><th scope="col">\(s["admin.field.username"])</th><th scope="col">\(s["admin.field.displayName"])</th>
            <th scope="col">\(s["admin.field.roles"])</th></tr></thead><tbody>\(rows)</tbody></table>
            <h2>\(s["admin.users.new"])</h2>
            <form method="post" action="/admin/users">\(Layout.csrfField(req))
            <label for="username">\(s["admin.field.username"])</label><input type="text" id="username" name="username" required>
            <label for="displayName">\(s["admin.field.displayName"])</label><input type="text" id="displayName" name="displayName" required>
            <fieldset><legend>\(s["admin.field.roles"])</legend>\(roleBoxes)</fieldset>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            """)
    }

    @Sendable static func createUser(req: Request) async throws -> HTML {
        let actor = try req.actor()
        let form = try req.content.decode(NewUserForm.self)
        let app = req.application
        let created = try await req.write { db in
            let created = try await AccountStore.create(.init(username: form.username, displayName: form.displayName, organisationID: nil,
                                                              roles: form.roles ?? [], password: nil, locale: nil),
                                                        organisationID: actor.organisationID, app: app, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "user", recordID: created.id.uuidString)], by: actor, on: db)
            return created
        }
        // Shown once, on this response only (not a redirect that could be reloaded or logged).
        return try await render(req, flash: req.strings.format("admin.created", ["password": created.oneTimePassword ?? ""]))
    }
}
