import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Training materials in versions: a coordinator uploads a handbook or a slide set, later a new
/// version of it; the files are encrypted at rest; those marked public are listed in the public
/// catalogue, where anyone may download their latest version.
enum TrainingMaterials {
    /// As a multipart form sends it: the description, and the file of the first version.
    struct Upload: Content {
        var title: String?
        var kind: String?
        var language: String?
        var licence: String?
        var authorOrganisation: String?
        /// "true" to list it in the public catalogue.
        var `public`: String?
        var file: File?
    }

    struct Version: Content, Equatable { var version: Int; var filename: String; var kind: String; var size: Int; var uploadedAt: Date }

    struct Material: Content {
        var id: UUID
        var title: String
        var kind: String
        var language: String
        var licence: String
        var authorOrganisation: String
        var `public`: Bool
        var organisationName: String
        var versions: [Version]
    }

    struct Visibility: Content { var `public`: Bool? }

    static func context(_ versionID: UUID) -> String { "training_material_versions/\(versionID.uuidString)/content" }

    static func create(_ upload: Upload, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.trainingManage)
        var v = FieldValidator()
        let title = upload.title?.trimmedWhitespace ?? ""
        v.check((1...200).contains(title.count), "title", "write the title (1 to 200 characters)")
        let kind = v.requiredCode(upload.kind, "kind", as: MaterialKind.self, missing: "choose what kind of material it is")
        let language = upload.language?.trimmedWhitespace.lowercased() ?? ""
        v.check((2...20).contains(language.count) && language.allSatisfy { $0.isLetter || $0 == "-" }, "language", "a language code such as zh, en or mn")
        let licence = upload.licence?.trimmedWhitespace ?? ""
        v.check((1...200).contains(licence.count), "licence", "say under which licence it may be used (1 to 200 characters)")
        let author = upload.authorOrganisation?.trimmedWhitespace ?? ""
        v.check((1...200).contains(author.count), "authorOrganisation", "name the organisation that wrote it (1 to 200 characters)")
        var file: (kind: DocumentKind, bytes: Data)?
        do { file = try UploadedFile.check(upload.file) } catch { for problem in FormKit.problems(error) ?? [] { v.add(problem.field, problem.message) } }
        try v.finish()
        let actor = caller.actor, services = caller.services, checked = file!, filename = upload.file!.filename, isPublic = upload.public == "true"
        return try await caller.write { db in
            let id = UUID.timeOrdered(), now = Date()
            try await db.insert(into: "training_materials")
                .columns("id", "organisation_id", "title", "kind", "language", "licence", "author_organisation", "public", "created_by", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(title), SQLBind(kind!.rawValue), SQLBind(language), SQLBind(licence), SQLBind(author),
                        SQLBind(isPublic), SQLBind(actor.userID), SQLBind(now), SQLBind(now))
                .run()
            try await insertVersion(1, of: id, checked, filename: filename, actor: actor, services: services, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "training_material", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    static func addVersion(to id: UUID, _ upload: Upload, by caller: Caller) async throws -> Version {
        _ = try caller.scopes(.trainingManage)
        let file = try UploadedFile.check(upload.file), filename = upload.file!.filename
        let actor = caller.actor, services = caller.services
        return try await caller.write { db in
            // the material's row is locked, so two uploads at once never take the same version number
            guard try await db.raw("""
                UPDATE training_materials SET updated_at = \(bind: Date()) WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID) RETURNING id
                """).first() != nil else { throw AppError.notFound("material") }
            let next = try await db.raw("SELECT COALESCE(MAX(version), 0) + 1 AS v FROM training_material_versions WHERE material_id = \(bind: id)").first()!
                .decode(column: "v", as: Int.self)
            let version = try await insertVersion(next, of: id, file, filename: filename, actor: actor, services: services, on: db)
            try await AuditLog.append([.init(verb: .update, recordType: "training_material", recordID: id.uuidString, reason: "version \(next)")], by: actor, on: db)
            return version
        }
    }

    static func setVisibility(of id: UUID, _ input: Visibility, by caller: Caller) async throws {
        _ = try caller.scopes(.trainingManage)
        guard let visible = input.public else { throw AppError.invalid("public", "say whether it is in the public catalogue (true or false)") }
        let actor = caller.actor
        try await caller.write { db in
            guard try await db.raw("""
                UPDATE training_materials SET public = \(bind: visible), updated_at = \(bind: Date())
                WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID) RETURNING id
                """).first() != nil else { throw AppError.notFound("material") }
            try await AuditLog.append([.init(verb: .update, recordType: "training_material", recordID: id.uuidString, reason: visible ? "public" : "not public")],
                                      by: actor, on: db)
        }
    }

    /// The organisation's materials, or (with `organisationID` nil) the public catalogue of every organisation.
    static func list(organisationID: UUID?, only id: UUID? = nil, on db: any SQLDatabase) async throws -> [Material] {
        let owner: SQLQueryString = organisationID.map { "m.organisation_id = \(bind: $0)" } ?? "m.public = \(bind: true)"
        let filter: SQLQueryString = id.map { "\(owner) AND m.id = \(bind: $0)" } ?? owner
        let rows = try await db.raw("""
            SELECT m.id, m.title, m.kind, m.language, m.licence, m.author_organisation, m.public, o.name AS organisation_name
            FROM training_materials m JOIN organisations o ON o.id = m.organisation_id WHERE \(filter) ORDER BY m.updated_at DESC LIMIT 500
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        var versions: [UUID: [Version]] = [:]
        if !ids.isEmpty {
            for r in try await db.raw("""
                SELECT material_id, version, filename, file_kind, size, created_at FROM training_material_versions WHERE material_id IN (\(binds: ids)) ORDER BY version DESC
                """).all() {
                versions[try r.decode(column: "material_id", as: UUID.self), default: []].append(.init(
                    version: try r.decode(column: "version", as: Int.self), filename: try r.decode(column: "filename", as: String.self),
                    kind: try r.decode(column: "file_kind", as: String.self), size: try r.decode(column: "size", as: Int.self), uploadedAt: try r.decode(column: "created_at", as: Date.self)))
            }
        }
        return try zip(rows, ids).map { r, id in
            Material(id: id, title: try r.decode(column: "title", as: String.self), kind: try r.decode(column: "kind", as: String.self),
                     language: try r.decode(column: "language", as: String.self), licence: try r.decode(column: "licence", as: String.self),
                     authorOrganisation: try r.decode(column: "author_organisation", as: String.self), public: try r.decode(column: "public", as: Bool.self),
                     organisationName: try r.decode(column: "organisation_name", as: String.self),
                     // the catalogue offers the latest version only
                     versions: organisationID == nil ? Array((versions[id] ?? []).prefix(1)) : versions[id] ?? [])
        }
    }

    static func material(_ id: UUID, organisationID: UUID?, on db: any SQLDatabase) async throws -> Material {
        guard let found = try await list(organisationID: organisationID, only: id, on: db).first else { throw AppError.notFound("material") }
        return found
    }

    /// A version's file (the latest when `version` is nil): of the caller's organisation, or, for
    /// anyone (`actor` nil), of a public material. A colleague's download is in the access log.
    static func file(of id: UUID, version: Int?, actor: Actor?, services: AppServices, on db: any SQLDatabase) async throws -> (filename: String, kind: DocumentKind, bytes: Data) {
        let owner: SQLQueryString = actor.map { "m.organisation_id = \(bind: $0.organisationID)" } ?? "m.public = \(bind: true)"
        let which: SQLQueryString = version.map { "AND v.version = \(bind: $0)" } ?? ""
        guard let r = try await db.raw("""
            SELECT v.id, v.filename, v.file_kind, v.content FROM training_material_versions v JOIN training_materials m ON m.id = v.material_id
            WHERE v.material_id = \(bind: id) AND \(owner) \(which) ORDER BY v.version DESC LIMIT 1
            """).first(), let kind = DocumentKind(rawValue: try r.decode(column: "file_kind", as: String.self)) else { throw AppError.notFound("material") }
        let versionID = try r.decode(column: "id", as: UUID.self)
        let bytes = try services.cipher.openData(try r.decode(column: "content", as: Data.self), context: context(versionID))
        if let actor {
            try await AuditLog.append([.init(verb: .read, recordType: "training_material", recordID: id.uuidString)], by: actor, on: db)
        }
        return (try r.decode(column: "filename", as: String.self), kind, bytes)
    }

    @discardableResult
    private static func insertVersion(_ number: Int, of id: UUID, _ file: (kind: DocumentKind, bytes: Data), filename: String, actor: Actor, services: AppServices,
                                      on db: any SQLDatabase) async throws -> Version {
        let versionID = UUID.timeOrdered(), now = Date()
        let name = UploadedFile.safeName(filename, kind: file.kind)
        try await db.insert(into: "training_material_versions")
            .columns("id", "material_id", "version", "filename", "file_kind", "size", "content", "uploaded_by", "created_at")
            .values(SQLBind(versionID), SQLBind(id), SQLBind(number), SQLBind(name), SQLBind(file.kind.rawValue), SQLBind(file.bytes.count),
                    SQLBind(try services.cipher.sealData(file.bytes, context: context(versionID))), SQLBind(actor.userID), SQLBind(now))
            .run()
        return Version(version: number, filename: name, kind: file.kind.rawValue, size: file.bytes.count, uploadedAt: now)
    }
}
