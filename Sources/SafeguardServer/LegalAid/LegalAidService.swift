import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// What can be done with a legal matter or a case conference, whoever asks: the JSON API and the
/// lawyer's pages both call these with the same input.
enum LegalAidService {
    static func open(caseID: UUID, _ input: LegalMatterStore.Input, by caller: Caller) async throws -> IDOnly {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in try await LegalMatterStore.open(caseID, input, actor: actor, services: services, on: db) }
    }

    static func mine(by caller: Caller) async throws -> [LegalMatterStore.Summary] {
        try await LegalMatterStore.mine(actor: caller.actor, on: caller.app.sql)
    }

    static func detail(_ id: UUID, by caller: Caller) async throws -> LegalMatterStore.Detail {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in try await LegalMatterStore.detail(id, actor: actor, services: services, on: db) }
    }

    static func addEvent(_ id: UUID, _ input: LegalMatterStore.EventInput, by caller: Caller) async throws -> IDOnly {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in try await LegalMatterStore.addEvent(id, input, actor: actor, services: services, on: db) }
    }

    static func addNote(_ id: UUID, _ input: LegalMatterStore.NoteInput, by caller: Caller) async throws -> IDOnly {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in try await LegalMatterStore.addNote(id, input, actor: actor, services: services, on: db) }
    }

    static func recordOutcome(_ id: UUID, _ input: LegalMatterStore.OutcomeInput, by caller: Caller) async throws {
        let services = caller.services, actor = caller.actor
        try await caller.write { db in try await LegalMatterStore.recordOutcome(id, input, actor: actor, services: services, on: db) }
    }

    static func holdConference(caseID: UUID, _ input: ConferenceStore.Input, by caller: Caller) async throws -> ConferenceStore.Held {
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in try await ConferenceStore.hold(caseID, input, actor: actor, services: services, on: db) }
    }

    static func documents(of id: UUID, by caller: Caller) async throws -> [MatterDocuments.Stored] {
        let db = caller.app.sql
        _ = try await LegalMatterStore.requireLawyer(id, actor: caller.actor, on: db)
        return try await db.raw("SELECT id, name, version, kind, size FROM matter_documents WHERE matter_id = \(bind: id) ORDER BY name, version").all().map { r in
            .init(id: try r.decode(column: "id", as: UUID.self), name: try r.decode(column: "name", as: String.self), version: try r.decode(column: "version", as: Int.self),
                  kind: try r.decode(column: "kind", as: String.self), size: try r.decode(column: "size", as: Int.self))
        }
    }

    /// A document for the matter, checked by its first bytes, encrypted, as the next version of its name.
    static func upload(to id: UUID, _ upload: MatterDocuments.Upload, by caller: Caller) async throws -> MatterDocuments.Stored {
        let (kind, bytes) = try UploadedFile.check(upload.file)
        let name = (upload.name ?? upload.file.filename).trimmedWhitespace
        guard (1...200).contains(name.count) else { throw AppError.invalid("name", "1 to 200 characters") }
        let services = caller.services, actor = caller.actor
        return try await caller.write { db in
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
            return .init(id: documentID, name: name, version: latest + 1, kind: kind.rawValue, size: bytes.count)
        }
    }
}
