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
            <form method="post" action="\(AccountsPaths.adminUsers())">\(Layout.csrfField(req))
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

/// Organisations and the region tree they sit in.
enum OrganisationsPage {
    struct OrganisationForm: Content { var name: String; var type: String; var regionID: UUID }
    struct RegionForm: Content { var code: String; var name: String; var parentID: String? }

    @Sendable static func show(req: Request) async throws -> HTML {
        let s = req.strings
        let organisations = try await AccountsController.listOrganisations(req: req)
        let regions = try await AccountsController.listRegions(req: req)
        let rows: [HTML] = organisations.map { "<tr><td>\($0.name)</td><td>\(s["organisationType." + $0.type])</td><td>\(s.region($0.regionName))</td></tr>" }
        let regionOptions: [HTML] = regions.map { region in
            let depth = max(0, region.path.split(separator: "/").count - 1)
            return "<option value=\"\(region.id.uuidString)\">\(String(repeating: "— ", count: depth))\(s.region(region.name)) (\(region.code))</option>"
        }
        let types: [HTML] = AccountsController.OrganisationType.allCases.map { "<option value=\"\($0.rawValue)\">\(s["organisationType." + $0.rawValue])</option>" }
        return Layout.page(s["admin.organisations.title"], req, """
            <table><thead><tr><th scope="col">\(s["admin.field.organisation"])</th><th scope="col">\(s["admin.field.type"])</th>
            <th scope="col">\(s["admin.field.region"])</th></tr></thead><tbody>\(rows)</tbody></table>
            <h2>\(s["admin.organisations.new"])</h2>
            <form method="post" action="\(AccountsPaths.adminOrganisations())">\(Layout.csrfField(req))
            <label for="org-name">\(s["admin.field.organisation"])</label><input type="text" id="org-name" name="name" required>
            <label for="org-type">\(s["admin.field.type"])</label><select id="org-type" name="type">\(types)</select>
            <label for="org-region">\(s["admin.field.region"])</label><select id="org-region" name="regionID">\(regionOptions)</select>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            <h2>\(s["admin.regions.new"])</h2>
            <form method="post" action="\(AccountsPaths.adminRegions())">\(Layout.csrfField(req))
            <label for="region-code">\(s["admin.field.code"])</label><input type="text" id="region-code" name="code" required pattern="[A-Za-z0-9-]{1,20}">
            <label for="region-name">\(s["admin.field.regionName"])</label><input type="text" id="region-name" name="name" required>
            <label for="region-parent">\(s["admin.field.parentRegion"])</label><select id="region-parent" name="parentID"><option value="">\(s["common.none"])</option>\(regionOptions)</select>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            """)
    }

    @Sendable static func createOrganisation(req: Request) async throws -> Response {
        _ = try await AccountsController.createOrganisation(req: req)
        return Pages.seeOther(AccountsPaths.adminOrganisations())
    }

    @Sendable static func createRegion(req: Request) async throws -> Response {
        let actor = try req.actor()
        let form = try req.content.decode(RegionForm.self)
        let parent = try form.parentID?.trimmed.map { text -> UUID in
            guard let id = UUID(uuidString: text) else { throw AppError.invalid("parentID", "not a valid id") }
            return id
        }
        _ = try await req.write { db in
            let id = try await RegionStore.create(code: form.code, name: form.name, parentID: parent, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "region", recordID: id.uuidString)], by: actor, on: db)
            return id
        }
        return Pages.seeOther(AccountsPaths.adminOrganisations())
    }
}
