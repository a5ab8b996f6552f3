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
        let id = try req.uuid("matterID")
        let stored = try await LegalAidService.upload(to: id, try decodeUpload(req), by: try req.caller())
        return try await stored.created(for: req, location: LegalAidPaths.API.matterDocument(id, stored.id))
    }

    static func decodeUpload(_ req: Request) throws -> Upload {
        do { return try req.content.decode(Upload.self) } catch {
            throw AppError.invalid("file", "send the document as a multipart form with a field named file")
        }
    }

    @Sendable static func list(req: Request) async throws -> [Stored] {
        try await LegalAidService.documents(of: try req.uuid("matterID"), by: try req.caller())
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
