import Foundation
import SafeguardCore
import Vapor

/// The organisation's training materials, one material with its versions, and the public catalogue;
/// with the JSON API beside each.
enum MaterialPages {
    static let places: FormKit.Places = [
        "title": ("m-title", "material.field.title"), "kind": ("m-kind", "material.field.kind"), "language": ("m-language", "material.field.language"),
        "licence": ("m-licence", "material.field.licence"), "authorOrganisation": ("m-author", "material.field.author"), "file": ("m-file", "material.field.file"),
    ]

    @Sendable static func list(req: Request) async throws -> HTML {
        try await listPage(req, typed: TrainingMaterials.Upload(language: req.strings.languageCode), errors: [])
    }

    static func listPage(_ req: Request, typed: TrainingMaterials.Upload, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let materials = try await TrainingMaterials.list(organisationID: actor.organisationID, on: req.sql)
        let rows: [HTML] = materials.map { m in
            """
            <tr><td><a href="\(TrainingPaths.material(m.id))">\(m.title)</a></td><td>\(s["materialKind." + m.kind])</td><td>\(m.language)</td>
            <td>\(m.versions.first.map { String($0.version) } ?? "")</td><td>\(s[m.public ? "material.public" : "material.internal"])</td></tr>
            """
        }
        let table: HTML = materials.isEmpty ? "<p>\(s["material.none"])</p>" : """
            <table><caption>\(s["material.list"])</caption><thead><tr><th scope="col">\(s["material.field.title"])</th><th scope="col">\(s["material.field.kind"])</th>
            <th scope="col">\(s["material.field.language"])</th><th scope="col">\(s["material.version"])</th><th scope="col">\(s["material.catalogue"])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let form: HTML = !AccessPolicy.allows(actor.roles, .trainingManage) ? "" : """
            <section aria-labelledby="add"><h2 id="add">\(s["material.add"])</h2>
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(TrainingPaths.materials())" enctype="multipart/form-data">\(Layout.csrfField(req))
            \(TrainingPages.field("title", s["material.field.title"], typed.title, id: "m-title", extra: " required maxlength=\"200\""))
            \(Layout.select("kind", label: s["material.field.kind"], options: MaterialKind.allCases.map(\.rawValue), labelPrefix: "materialKind.", selected: typed.kind,
                            strings: s, emptyKey: "common.choose", required: true, id: "m-kind"))
            \(TrainingPages.field("language", s["material.field.language"], typed.language, id: "m-language", hint: s["material.hint.language"], extra: " required maxlength=\"20\""))
            \(TrainingPages.field("licence", s["material.field.licence"], typed.licence, id: "m-licence", hint: s["material.hint.licence"], extra: " required maxlength=\"200\""))
            \(TrainingPages.field("authorOrganisation", s["material.field.author"], typed.authorOrganisation, id: "m-author", extra: " required maxlength=\"200\""))
            <label for="m-file">\(s["material.field.file"])</label><input type="file" id="m-file" name="file" required accept=".pdf,.png,.jpg,.jpeg,.docx,.txt" aria-describedby="m-file-hint">
            <p class="hint" id="m-file-hint">\(s["material.hint.file"])</p>
            <p class="check"><input type="checkbox" id="m-public" name="public" value="true"\(typed.public == "true" ? " checked" : "" as HTML)> <label for="m-public">\(s["material.field.public"])</label></p>
            <p><button type="submit">\(s["material.upload"])</button></p></form></section>
            """
        return Layout.page(s["material.title"], req, flash: req.query[String.self, at: "saved"] == nil ? nil : s["material.saved"], """
            <p><a href="\(TrainingPaths.catalogue())">\(s["material.catalogueLink"])</a></p>
            \(table)\(form)
            """)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let upload = try decode(req)
        return try await FormKit.saveOrShow(req, save: {
            let id = try await TrainingMaterials.create(upload, by: try req.caller()).id
            return Pages.seeOther("\(TrainingPaths.material(id))?saved=1")
        }, show: { try await listPage(req, typed: upload, errors: $0) })
    }

    @Sendable static func material(req: Request) async throws -> HTML {
        try await materialPage(req, errors: [])
    }

    static func materialPage(_ req: Request, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let actor = try req.actor()
        let m = try await TrainingMaterials.material(try req.uuid("materialID"), organisationID: actor.organisationID, on: req.sql)
        let versions: [HTML] = m.versions.map { v in
            """
            <tr><td><a href="\(TrainingPaths.materialVersion(m.id, v.version))">\(s.format("material.versionN", ["n": String(v.version)]))</a></td><td>\(v.filename)</td>
            <td>\(v.kind.uppercased())</td><td>\(String(v.size / 1024 + 1)) KiB</td><td>\(Layout.date(v.uploadedAt))</td></tr>
            """
        }
        let csrf = Layout.csrfField(req)
        let manage: HTML = !AccessPolicy.allows(actor.roles, .trainingManage) ? "" : """
            <section aria-labelledby="new-version"><h2 id="new-version">\(s["material.newVersion"])</h2>
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(TrainingPaths.materialVersions(m.id))" enctype="multipart/form-data">\(csrf)
            <label for="m-file">\(s["material.field.file"])</label><input type="file" id="m-file" name="file" required accept=".pdf,.png,.jpg,.jpeg,.docx,.txt" aria-describedby="m-file-hint">
            <p class="hint" id="m-file-hint">\(s["material.hint.file"])</p>
            <p><button type="submit">\(s["material.upload"])</button></p></form></section>
            <form method="post" action="\(TrainingPaths.materialPublic(m.id))">\(csrf)<input type="hidden" name="public" value="\(m.public ? "false" : "true")">
            <p><button type="submit">\(s[m.public ? "material.makeInternal" : "material.makePublic"])</button></p></form>
            """
        return Layout.page(m.title, req, flash: req.query[String.self, at: "saved"] == nil ? nil : s["material.saved"], """
            <p><a href="\(TrainingPaths.materials())">\(s["material.title"])</a></p>
            <dl><div><dt>\(s["material.field.kind"])</dt><dd>\(s["materialKind." + m.kind])</dd></div>
            <div><dt>\(s["material.field.language"])</dt><dd>\(m.language)</dd></div><div><dt>\(s["material.field.licence"])</dt><dd>\(m.licence)</dd></div>
            <div><dt>\(s["material.field.author"])</dt><dd>\(m.authorOrganisation)</dd></div>
            <div><dt>\(s["material.catalogue"])</dt><dd>\(s[m.public ? "material.public" : "material.internal"])</dd></div></dl>
            <table><caption>\(s["material.versions"])</caption><thead><tr><th scope="col">\(s["material.version"])</th><th scope="col">\(s["material.filename"])</th>
            <th scope="col">\(s["material.fileKind"])</th><th scope="col">\(s["material.size"])</th><th scope="col">\(s["material.uploaded"])</th></tr></thead>
            <tbody>\(versions)</tbody></table>
            \(manage)
            """)
    }

    @Sendable static func addVersion(req: Request) async throws -> Response {
        let upload = try decode(req)
        let id = try req.uuid("materialID")
        return try await FormKit.saveOrShow(req, save: {
            _ = try await TrainingMaterials.addVersion(to: id, upload, by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.material(id))?saved=1")
        }, show: { try await materialPage(req, errors: $0) })
    }

    @Sendable static func setVisibility(req: Request) async throws -> Response {
        let id = try req.uuid("materialID")
        let form = try req.content.decode([String: String].self)
        try await TrainingMaterials.setVisibility(of: id, .init(public: form["public"].flatMap(Bool.init)), by: try req.caller())
        return Pages.seeOther("\(TrainingPaths.material(id))?saved=1")
    }

    @Sendable static func download(req: Request) async throws -> Response {
        let actor = try req.actor(), services = req.safeguard
        let id = try req.uuid("materialID")
        guard let version = req.parameters.get("version").flatMap({ Int($0) }), (1...1_000_000).contains(version) else {
            throw AppError.badRequest("version: not a version number")
        }
        return UploadedFile.download(try await req.write { db in
            try await TrainingMaterials.file(of: id, version: version, actor: actor, services: services, on: db)
        })
    }

    // MARK: the public catalogue

    @Sendable static func catalogue(req: Request) async throws -> HTML {
        let s = req.strings
        let materials = try await TrainingMaterials.list(organisationID: nil, on: req.sql)
        let rows: [HTML] = materials.map { m in
            """
            <tr><td>\(m.title)</td><td>\(s["materialKind." + m.kind])</td><td>\(m.language)</td><td>\(m.licence)</td><td>\(m.authorOrganisation)</td>
            <td><a href="\(TrainingPaths.catalogueFile(m.id))" aria-label="\(s.format("material.downloadTitle", ["title": m.title]))">\(s["material.download"])</a>
            (\(m.versions.first.map { $0.kind.uppercased() } ?? ""))</td></tr>
            """
        }
        return Layout.page(s["material.catalogueTitle"], req, materials.isEmpty ? "<p>\(s["material.none"])</p>" : """
            <p>\(s["material.catalogueExplained"])</p>
            <table><caption>\(s["material.catalogueTitle"])</caption><thead><tr><th scope="col">\(s["material.field.title"])</th><th scope="col">\(s["material.field.kind"])</th>
            <th scope="col">\(s["material.field.language"])</th><th scope="col">\(s["material.field.licence"])</th><th scope="col">\(s["material.field.author"])</th>
            <th scope="col">\(s["material.file"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    @Sendable static func catalogueFile(req: Request) async throws -> Response {
        UploadedFile.download(try await TrainingMaterials.file(of: try req.uuid("materialID"), version: nil, actor: nil, services: req.safeguard, on: req.sql))
    }

    // MARK: the API

    static func decode(_ req: Request) throws -> TrainingMaterials.Upload {
        do { return try req.content.decode(TrainingMaterials.Upload.self) } catch {
            throw AppError.invalid("file", "send the material as a multipart form with a field named file")
        }
    }

    @Sendable static func createJSON(req: Request) async throws -> Response {
        try await TrainingMaterials.create(try decode(req), by: try req.caller()).created(for: req)
    }

    @Sendable static func listJSON(req: Request) async throws -> [TrainingMaterials.Material] {
        try await TrainingMaterials.list(organisationID: try req.actor().organisationID, on: req.sql)
    }

    @Sendable static func addVersionJSON(req: Request) async throws -> Response {
        try await TrainingMaterials.addVersion(to: try req.uuid("materialID"), try decode(req), by: try req.caller()).encodeResponse(status: .created, for: req)
    }

    @Sendable static func setVisibilityJSON(req: Request) async throws -> HTTPStatus {
        try await TrainingMaterials.setVisibility(of: try req.uuid("materialID"), try req.content.decode(TrainingMaterials.Visibility.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func catalogueJSON(req: Request) async throws -> [TrainingMaterials.Material] {
        try await TrainingMaterials.list(organisationID: nil, on: req.sql)
    }
}
