import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// A matter's documents: uploaded as a form (multipart), checked by their first bytes, at most
/// 8 MiB, encrypted at rest, kept in versions; only the matter's lawyers upload and read them.
enum MatterDocuments {
    struct Upload: Content {
        var file: File
        /// The document's name in the matter; the file's own name when absent.
        var name: String?
    }

    struct Stored: Content { var id: UUID; var name: String; var version: Int; var kind: String; var size: Int }

    @Sendable static func upload(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("matterID")
        let upload: Upload
        do { upload = try req.content.decode(Upload.self) } catch {
            throw AppError.invalid("file", "send the document as a multipart form with a field named file")
        }
        let bytes = Data(buffer: upload.file.data)
        guard !bytes.isEmpty else { throw AppError.invalid("file", "the file is empty") }
        guard bytes.count <= DocumentKind.maximumBytes else { throw AppError.invalid("file", "is larger than 8 MiB") }
        guard let kind = DocumentKind.detect(bytes, filename: upload.file.filename) else {
            throw AppError.invalid("file", "only PDF, PNG, JPEG, Word (.docx) and plain text (.txt) files are accepted")
        }
        let name = (upload.name ?? upload.file.filename).trimmedWhitespace
        guard (1...200).contains(name.count) else { throw AppError.invalid("name", "1 to 200 characters") }
        let services = req.safeguard
        let stored = try await req.write { db in
            _ = try await LegalMatterStore.requireLawyer(id, actor: actor, on: db)
            let latest = try await db.raw("SELECT MAX(version) AS v FROM matter_documents WHERE matter_id = \(bind: id) AND name = \(bind: name)").first()?
                .decode(column: "v", as: Int?.self) ?? 0
            let documentID = UUID.timeOrdered()
            try await db.insert(into: "matter_documents").columns("id", "matter_id", "name", "version", "kind", "size", "content", "uploaded_by", "created_at")
                .values(SQLBind(documentID), SQLBind(id), SQLBind(name), SQLBind(latest + 1), SQLBind(kind.rawValue), SQLBind(bytes.count),
                        SQLBind(try services.cipher.sealData(bytes, context: "matter_documents/\(documentID.uuidString)/content")),
                        SQLBind(actor.userID), SQLBind(Date()))
                .run()
            try await AuditLog.append([.init(verb: .create, recordType: "matter_document", recordID: documentID.uuidString)], by: actor, on: db)
            return Stored(id: documentID, name: name, version: latest + 1, kind: kind.rawValue, size: bytes.count)
        }
        return try await stored.created(for: req, location: "/api/matters/\(id.uuidString)/documents/\(stored.id.uuidString)")
    }

    @Sendable static func list(req: Request) async throws -> [Stored] {
        let actor = try req.actor()
        let id = try req.uuid("matterID")
        _ = try await LegalMatterStore.requireLawyer(id, actor: actor, on: req.sql)
        return try await req.sql.raw("SELECT id, name, version, kind, size FROM matter_documents WHERE matter_id = \(bind: id) ORDER BY name, version").all().map { r in
            Stored(id: try r.decode(column: "id", as: UUID.self), name: try r.decode(column: "name", as: String.self), version: try r.decode(column: "version", as: Int.self),
                   kind: try r.decode(column: "kind", as: String.self), size: try r.decode(column: "size", as: Int.self))
        }
    }

    @Sendable static func download(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("matterID"), documentID = try req.uuid("documentID")
        let services = req.safeguard
        let (kind, bytes) = try await req.write { db -> (DocumentKind, Data) in
            _ = try await LegalMatterStore.requireLawyer(id, actor: actor, on: db)
            guard let row = try await db.raw("SELECT kind, content FROM matter_documents WHERE id = \(bind: documentID) AND matter_id = \(bind: id)").first(),
                  let kind = DocumentKind(rawValue: try row.decode(column: "kind", as: String.self)) else { throw AppError.notFound("document") }
            let bytes = try services.cipher.openData(try row.decode(column: "content", as: Data.self), context: "matter_documents/\(documentID.uuidString)/content")
            try await AuditLog.append([.init(verb: .read, recordType: "matter_document", recordID: documentID.uuidString)], by: actor, on: db)
            return (kind, bytes)
        }
        let response = Response(status: .ok, body: .init(data: bytes))
        response.headers.replaceOrAdd(name: .contentType, value: kind.contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment")
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
