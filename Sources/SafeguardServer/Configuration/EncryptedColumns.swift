import Foundation
import SafeguardCore
import SQLKit

/// Every column that holds field-cipher ciphertext, for key rotation. A value's context is always
/// `<table>/<id>/<column>`.
enum EncryptedColumns {
    static let all: [(table: String, columns: [String])] = [
        ("contacts", ["caller_name", "child_location", "child_school", "summary", "referral_targets", "callback_number"]),
        ("children", ["name", "other_names", "birth_date", "sex", "document_number", "location", "guardians"]),
        ("cases", ["summary"]),
        ("notes", ["body"]),
        ("tasks", ["title"]),
        ("perpetrators", ["name", "notes"]),
        ("break_glass", ["reason"]),
        ("statutory_reports", ["facts", "child_description"]),
        ("report_events", ["detail"]),
        ("clinical_alerts", ["patient", "explanation", "override_comment"]),
        ("stays", ["room", "guardian_name", "guardian_phone"]),
        ("stay_guests", ["name", "document_number"]),
        ("stay_patrols", ["note"]),
        ("referrals", ["summary", "override_reason", "answer"]),
        ("legal_matters", ["opposing_party", "court", "case_numbers", "outcome_note"]),
        ("matter_events", ["place"]),
        ("matter_notes", ["body"]),
        ("case_conferences", ["decisions"]),
        // Rows since M012 keep the three details in `person` and empty text in the others.
        ("registry_records", ["name", "birth_date", "document_number", "person", "details"]),
        ("roster_entries", ["name", "birth_date", "document_number", "person", "position", "staff_reference"]),
        ("vetting_queries", ["authorisation_reference", "answer"]),
    ]

    /// Re-seals every value not under the current key, a batch per transaction. Returns how many
    /// values changed.
    static func reencrypt(cipher: FieldCipher, write: (@escaping @Sendable (any SQLDatabase) async throws -> Int) async throws -> Int,
                          batchSize: Int = 500) async throws -> Int {
        let current = "v1.\(cipher.keyring.currentKeyID).%"
        var changed = 0
        for (table, columns) in all {
            while true {
                let done = try await write { db in
                    let stale: [SQLQueryString] = columns.map { "(\(ident: $0) IS NOT NULL AND \(ident: $0) <> '' AND \(ident: $0) NOT LIKE \(bind: current))" }
                    let rows = try await db.raw("""
                        SELECT id, \(idents: columns, joinedBy: ", ") FROM \(ident: table) WHERE \(stale.joined(separator: " OR ")) LIMIT \(literal: batchSize)
                        """).all()
                    var count = 0
                    for row in rows {
                        let id = try row.decode(column: "id", as: UUID.self)
                        let update = db.update(table)
                        for column in columns {
                            guard let value = try row.decode(column: column, as: String?.self), !value.isEmpty, !value.hasPrefix(String(current.dropLast())) else { continue }
                            let context = "\(table)/\(id.uuidString)/\(column)"
                            update.set(column, to: try cipher.seal(try cipher.open(value, context: context), context: context))
                            count += 1
                        }
                        try await update.where("id", .equal, id).run()
                    }
                    return rows.isEmpty ? -1 : count
                }
                if done < 0 { break }
                changed += done
            }
        }
        // Documents are sealed bytes; one per transaction, as they may be large.
        let prefix = Data("v1.\(cipher.keyring.currentKeyID).".utf8)
        // Ids first (small), then each document by id: no rescanning with OFFSET.
        let ids = UncheckedIDs()
        _ = try await write { db in
            ids.value = try await db.raw("SELECT id FROM matter_documents").all().map { try $0.decode(column: "id", as: UUID.self) }
            return 0
        }
        for id in ids.value {
            changed += try await write { db in
                guard let row = try await db.raw("SELECT content FROM matter_documents WHERE id = \(bind: id)").first() else { return 0 }
                let content = try row.decode(column: "content", as: Data.self)
                guard !content.starts(with: prefix) else { return 0 }
                let context = "matter_documents/\(id.uuidString)/content"
                try await db.update("matter_documents").set("content", to: try cipher.sealData(try cipher.openData(content, context: context), context: context))
                    .where("id", .equal, id).run()
                return 1
            }
        }
        return changed
    }
}

/// Carries the document ids out of the write closure, which returns only a count.
private final class UncheckedIDs: @unchecked Sendable { var value: [UUID] = [] }
