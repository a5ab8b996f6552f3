import SafeguardCore
import SQLKit
import Vapor

enum AdminPage {
    struct NewUserForm: Content { var username: String?; var displayName: String?; var roles: [String]? }

    static let places: FormKit.Places = [
        "username": ("username", "admin.field.username"), "displayName": ("displayName", "admin.field.displayName"),
        "roles": ("roles", "admin.field.roles"),
    ]

    @Sendable static func users(req: Request) async throws -> HTML {
        try await render(req, flash: nil)
    }

    static func render(_ req: Request, flash: String?, typed: NewUserForm = .init(), errors: [FieldError] = []) async throws -> HTML {
        let s = req.strings
        let users = try await AccountService.users(on: req.sql)
        let rows: [HTML] = users.map { u in
            "<tr><td>\(u.username)</td><td>\(u.displayName)</td><td>\(u.roles.map { s["role." + $0] }.joined(separator: ", "))</td></tr>"
        }
        let chosen = Set(typed.roles ?? [])
        let roleBoxes: [HTML] = Role.allCases.map { role in
            let checked: HTML = chosen.contains(role.rawValue) ? " checked" : ""
            return "<span class=\"check\"><input type=\"checkbox\" id=\"role-\(role.rawValue)\" name=\"roles[]\" value=\"\(role.rawValue)\"\(checked)> <label for=\"role-\(role.rawValue)\">\(s["role." + role.rawValue])</label></span> "
        }
        return Layout.page(s["admin.users.title"], req, flash: flash, """
            <table><thead><tr><th scope="col">\(s["admin.field.username"])</th><th scope="col">\(s["admin.field.displayName"])</th>
            <th scope="col">\(s["admin.field.roles"])</th></tr></thead><tbody>\(rows)</tbody></table>
            <h2 id="new-user">\(s["admin.users.new"])</h2>
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(AccountsPaths.adminUsers())">\(Layout.csrfField(req))
            <label for="username">\(s["admin.field.username"])</label><input type="text" id="username" name="username" value="\(typed.username ?? "")" required autocomplete="off">
            <label for="displayName">\(s["admin.field.displayName"])</label><input type="text" id="displayName" name="displayName" value="\(typed.displayName ?? "")" required>
            <fieldset id="roles"><legend>\(s["admin.field.roles"])</legend>\(roleBoxes)</fieldset>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            """)
    }

    @Sendable static func createUser(req: Request) async throws -> Response {
        let form = try req.content.decode(NewUserForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let created = try await AccountService.createUser(.init(username: form.username ?? "", displayName: form.displayName ?? "", organisationID: nil,
                                                                    roles: form.roles ?? [], password: nil, locale: nil), by: try req.caller())
            // Shown once, on this response only (not a redirect that could be reloaded or logged).
            return try await render(req, flash: req.strings.format("admin.created", ["password": created.oneTimePassword ?? ""])).encodeResponse(for: req)
        }, show: { try await render(req, flash: nil, typed: form, errors: $0) })
    }
}

/// Organisations and the region tree they sit in.
enum OrganisationsPage {
    struct OrganisationForm: Content { var name: String?; var type: String?; var regionID: String?; var countryPack: String? }
    struct RegionForm: Content { var code: String?; var name: String?; var parentID: String? }

    static let organisationPlaces: FormKit.Places = [
        "name": ("org-name", "admin.field.organisation"), "type": ("org-type", "admin.field.type"), "regionID": ("org-region", "admin.field.region"),
        "countryPack": ("org-pack", "admin.field.countryPack"),
    ]
    static let regionPlaces: FormKit.Places = [
        "code": ("region-code", "admin.field.code"), "name": ("region-name", "admin.field.regionName"), "parentID": ("region-parent", "admin.field.parentRegion"),
    ]

    @Sendable static func show(req: Request) async throws -> HTML {
        try await render(req)
    }

    static func render(_ req: Request, organisation: OrganisationForm = .init(), organisationErrors: [FieldError] = [],
                       region: RegionForm = .init(), regionErrors: [FieldError] = [], importErrors: [FieldError] = []) async throws -> HTML {
        let s = req.strings
        let organisations = try await AccountService.organisations(on: req.sql)
        let regions = try await AccountService.regions(on: req.sql)
        let rows: [HTML] = organisations.map { "<tr><td>\($0.name)</td><td>\(s["organisationType." + $0.type])</td><td>\(s.region($0.regionName))</td></tr>" }
        func regionOptions(selected: String?) -> [HTML] {
            regions.map { r in
                let depth = max(0, r.path.split(separator: "/").count - 1)
                let chosen: HTML = selected == r.id.uuidString ? " selected" : ""
                return "<option value=\"\(r.id.uuidString)\"\(chosen)>\(String(repeating: "— ", count: depth))\(s.region(r.name)) (\(r.code))</option>"
            }
        }
        return Layout.page(s["admin.organisations.title"], req, flash: req.query[String.self, at: "saved"] == nil ? nil : s["admin.saved"], """
            <table><thead><tr><th scope="col">\(s["admin.field.organisation"])</th><th scope="col">\(s["admin.field.type"])</th>
            <th scope="col">\(s["admin.field.region"])</th></tr></thead><tbody>\(rows)</tbody></table>
            <h2>\(s["admin.organisations.new"])</h2>
            \(FormKit.errorSummary(organisationErrors, places: organisationPlaces, s))
            <form method="post" action="\(AccountsPaths.adminOrganisations())">\(Layout.csrfField(req))
            <label for="org-name">\(s["admin.field.organisation"])</label><input type="text" id="org-name" name="name" value="\(organisation.name ?? "")" required maxlength="200">
            \(Layout.select("type", label: s["admin.field.type"], options: AccountsController.OrganisationType.allCases.map(\.rawValue), labelPrefix: "organisationType.",
                          selected: organisation.type, strings: s, includeEmpty: false, id: "org-type"))
            <label for="org-region">\(s["admin.field.region"])</label><select id="org-region" name="regionID">\(regionOptions(selected: organisation.regionID))</select>
            \(Layout.select("countryPack", label: s["admin.field.countryPack"], options: CountryPack.allCases.map(\.rawValue), labelPrefix: "countryPack.",
                          selected: organisation.countryPack, strings: s, includeEmpty: false, id: "org-pack"))
            <p><button type="submit">\(s["common.save"])</button></p></form>
            <h2>\(s["admin.regions.new"])</h2>
            \(FormKit.errorSummary(regionErrors, places: regionPlaces, s))
            <form method="post" action="\(AccountsPaths.adminRegions())">\(Layout.csrfField(req))
            <label for="region-code">\(s["admin.field.code"])</label><input type="text" id="region-code" name="code" value="\(region.code ?? "")" required pattern="[A-Za-z0-9-]{1,20}">
            <label for="region-name">\(s["admin.field.regionName"])</label><input type="text" id="region-name" name="name" value="\(region.name ?? "")" required maxlength="200">
            <label for="region-parent">\(s["admin.field.parentRegion"])</label><select id="region-parent" name="parentID"><option value="">\(s["common.none"])</option>\(regionOptions(selected: region.parentID))</select>
            <p><button type="submit">\(s["common.save"])</button></p></form>
            <h2 id="regions-import">\(s["admin.regions.import"])</h2>
            \(FormKit.errorSummary(importErrors, places: ["file": ("regions-file", "admin.field.regionsFile")], s))
            <form method="post" action="\(AccountsPaths.adminRegionsImport())" enctype="multipart/form-data">\(Layout.csrfField(req))
            <label for="regions-file">\(s["admin.field.regionsFile"])</label><input type="file" id="regions-file" name="file" accept=".csv,text/csv" required aria-describedby="regions-file-hint">
            <p class="hint" id="regions-file-hint">\(s["admin.regions.importHint"])</p>
            <p><button type="submit">\(s["admin.regions.importButton"])</button></p></form>
            """)
    }

    /// An id chosen from a list, or a problem named by its field when what came is not one.
    static func id(_ text: String?, _ field: String, required: Bool) throws -> UUID? {
        guard let text = text?.trimmed else {
            if required { throw AppError.invalid(field, "choose one") }
            return nil
        }
        guard let id = UUID(uuidString: text) else { throw AppError.invalid(field, "not a valid id") }
        return id
    }

    @Sendable static func createOrganisation(req: Request) async throws -> Response {
        let form = try req.content.decode(OrganisationForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let input = AccountsController.NewOrganisation(name: form.name ?? "", type: form.type ?? "", regionID: try id(form.regionID, "regionID", required: true)!,
                                                           countryPack: form.countryPack)
            _ = try await AccountService.createOrganisation(input, by: try req.caller())
            return Pages.seeOther("\(AccountsPaths.adminOrganisations())?saved=organisation")
        }, show: { try await render(req, organisation: form, organisationErrors: $0) })
    }

    @Sendable static func createRegion(req: Request) async throws -> Response {
        let form = try req.content.decode(RegionForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let input = AccountsController.NewRegion(code: form.code ?? "", name: form.name ?? "", parentID: try id(form.parentID, "parentID", required: false))
            _ = try await AccountService.createRegion(input, by: try req.caller())
            return Pages.seeOther("\(AccountsPaths.adminOrganisations())?saved=region")
        }, show: { try await render(req, region: form, regionErrors: $0) })
    }

    struct RegionFile: Content { var file: File? }

    @Sendable static func importRegions(req: Request) async throws -> Response {
        let upload = try req.content.decode(RegionFile.self)
        return try await FormKit.saveOrShow(req, save: {
            guard let file = upload.file, file.data.readableBytes > 0 else { throw AppError.invalid("file", "choose the CSV file of regions") }
            _ = try await AccountService.importRegions(Array(file.data.readableBytesView), by: try req.caller())
            return Pages.seeOther("\(AccountsPaths.adminOrganisations())?saved=regions")
        }, show: { problems in
            // `rows[12].parent_code` has no field on this page: the row and the column go into the message
            let s = req.strings
            return try await render(req, importErrors: problems.map { problem in
                guard problem.field.hasPrefix("rows[") else { return problem }
                let row = problem.field.dropFirst(5).prefix { $0 != "]" }, column = problem.field.split(separator: ".").dropFirst().first.map(String.init) ?? ""
                return FieldError("file", s.format("admin.regions.rowProblem", ["row": String(row), "column": column, "problem": s.problem(problem.message)]))
            })
        })
    }
}
