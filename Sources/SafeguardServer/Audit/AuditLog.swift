import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The append-only, hash-chained log of every create, read, update, delete and export of
/// personal data. Entries hold ids and codes only.
enum AuditLog {
    enum Verb: String, CaseIterable, Sendable {
        case create, read, update, delete, export, list, login, logout, breakGlass = "break_glass"
    }

    struct Entry: Sendable {
        var verb: Verb
        var recordType: String
        var recordID: String
        var reason: String = ""
    }

    /// The end of the chain as this transaction has written it. A group commit runs many writes
    /// in one transaction and knows that nobody else appends meanwhile, so it keeps the head here
    /// instead of reading it back for every entry.
    final class ChainHead: @unchecked Sendable {
        var sequence: Int64?
        var hash = AuditChain.genesis
        let key: AuditSealKey

        init(key: AuditSealKey) { self.key = key }
    }

    @TaskLocal static var chainHead: ChainHead?

    /// Appends entries inside the caller's transaction, so the audit entry and the change it
    /// records are written together or not at all.
    static func append(_ entries: [Entry], actorID: String, organisationID: String, on db: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        let key = try chainHead?.key ?? WriteKeys.required().audit
        var sequence: Int64
        var previous: String
        if let head = chainHead, let known = head.sequence {
            sequence = known
            previous = head.hash
        } else {
            if db.dialect.name == "postgresql" {
                // Several nodes append to one chain: one at a time, until this transaction ends.
                try await db.raw("SELECT pg_advisory_xact_lock(\(literal: 4_711_001))").run()
            }
            let last = try await db.select().column("seq").column("hash").from("audit_entries")
                .orderBy("seq", .descending).limit(1).first()
            sequence = try last?.decode(column: "seq", as: Int64.self) ?? 0
            previous = try last?.decode(column: "hash", as: String.self) ?? AuditChain.genesis
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var rows: [[SQLBind]] = []
        for entry in entries {
            sequence += 1
            let facts = AuditFacts(sequence: sequence, atMilliseconds: now, actorID: actorID, organisationID: organisationID,
                                   action: entry.verb.rawValue, recordType: entry.recordType, recordID: entry.recordID, reason: entry.reason)
            let hash = AuditChain.seal(facts, previous: previous, key: key)
            rows.append([SQLBind(sequence), SQLBind(now), SQLBind(actorID), SQLBind(organisationID), SQLBind(facts.action),
                         SQLBind(entry.recordType), SQLBind(entry.recordID), SQLBind(entry.reason), SQLBind(previous), SQLBind(hash),
                         SQLBind(key.id)])
            previous = hash
        }
        try await db.insertRows(into: "audit_entries", columns: ["seq", "at_ms", "actor_id", "organisation_id", "action", "record_type",
                                                                 "record_id", "reason", "prev_hash", "hash", "key_id"], rows: rows)
        if let head = chainHead {
            head.sequence = sequence
            head.hash = previous
        }
    }

    static func append(_ entries: [Entry], by actor: Actor, on db: any SQLDatabase) async throws {
        try await append(entries, actorID: actor.userID.uppercaseText, organisationID: actor.organisationID.uppercaseText, on: db)
    }

    struct Report: Sendable {
        var checked: Int
        var firstBreak: AuditChain.Break?
    }

    /// Walks the whole chain in batches (bounded memory) and reports the first broken link,
    /// checking it against the signed checkpoints taken outside the database.
    static func verify(key: AuditSealKey, checkpoints: [AuditCheckpoint] = [], on db: any SQLDatabase, batchSize: Int = 5_000) async throws -> Report {
        var verifier = AuditChain.Verifier(key: key, checkpoints: checkpoints)
        var after: Int64 = 0
        while true {
            let rows = try await db.select()
                .columns("seq", "at_ms", "actor_id", "organisation_id", "action", "record_type", "record_id", "reason", "prev_hash", "hash", "key_id")
                .from("audit_entries").where("seq", .greaterThan, after).orderBy("seq").limit(batchSize).all()
            for row in rows {
                let facts = AuditFacts(
                    sequence: try row.decode(column: "seq", as: Int64.self),
                    atMilliseconds: try row.decode(column: "at_ms", as: Int64.self),
                    actorID: try row.decode(column: "actor_id", as: String.self),
                    organisationID: try row.decode(column: "organisation_id", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    recordType: try row.decode(column: "record_type", as: String.self),
                    recordID: try row.decode(column: "record_id", as: String.self),
                    reason: try row.decode(column: "reason", as: String.self))
                let link = AuditChain.Link(facts: facts, previousHash: try row.decode(column: "prev_hash", as: String.self),
                                           hash: try row.decode(column: "hash", as: String.self),
                                           keyID: try row.decode(column: "key_id", as: String?.self))
                if let problem = verifier.check(link) { return Report(checked: verifier.checked, firstBreak: problem) }
                after = facts.sequence
            }
            if rows.count < batchSize { return Report(checked: verifier.checked, firstBreak: verifier.finish()) }
        }
    }

    struct AccessLogLine: Content {
        var sequence: Int64
        var at: Date
        var actorID: String
        var actorName: String?
        var action: String
        var recordType: String
        var recordID: String
        var reason: String
    }

    /// Who touched a record and its parts, newest first.
    static func accessLog(recordIDs: [String], on db: any SQLDatabase, limit: Int = 500) async throws -> [AccessLogLine] {
        let rows = try await db.raw("""
            SELECT a.seq, a.at_ms, a.actor_id, a.action, a.record_type, a.record_id, a.reason, u.display_name
            FROM audit_entries a LEFT JOIN users u ON lower(CAST(u.id AS TEXT)) = lower(a.actor_id)
            WHERE a.record_id IN (\(binds: recordIDs)) ORDER BY a.seq DESC LIMIT \(literal: limit)
            """).all()
        return try rows.map { row in
            AccessLogLine(sequence: try row.decode(column: "seq", as: Int64.self),
                          at: Date(timeIntervalSince1970: Double(try row.decode(column: "at_ms", as: Int64.self)) / 1000),
                          actorID: try row.decode(column: "actor_id", as: String.self),
                          actorName: try row.decode(column: "display_name", as: String?.self),
                          action: try row.decode(column: "action", as: String.self),
                          recordType: try row.decode(column: "record_type", as: String.self),
                          recordID: try row.decode(column: "record_id", as: String.self),
                          reason: try row.decode(column: "reason", as: String.self))
        }
    }
}

/// Personal data that was read, with the audit entries that record the reading.
struct Audited<Value: Sendable>: Sendable {
    var value: Value
    var entries: [AuditLog.Entry]

    init(_ value: Value, _ entries: [AuditLog.Entry]) {
        self.value = value
        self.entries = entries
    }
}

extension Request {
    /// Reads outside the write lock, then commits the audit entries before any data is returned:
    /// if the audit cannot be written, the reader gets an error, not the data.
    func auditedRead<T: Sendable>(_ read: (any SQLDatabase) async throws -> Audited<T>) async throws -> T {
        try await caller().auditedRead(read)
    }
}
