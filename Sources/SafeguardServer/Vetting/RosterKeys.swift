import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The keys that find a rostered person afterwards: the document key (monitoring, subject
/// access, a staff query's roster check) and the fuzzy blocking keys (monitoring; a re-check's
/// search for possible matches reads the people themselves and needs neither). An upload stores its people and answers at once; their keys are written
/// right after, in the background, a page at a time, because a random-key index grown a batch at
/// a time rewrites most of its pages at every commit. Until an upload's keys are all written
/// (`keys_status` pending), whoever looks people up by key also reads that upload's entries
/// without keys (`withDocument`, `unwrittenPage`), so nobody is missed meanwhile.
enum RosterKeys {
    static let pending = "pending", done = "done"
    /// How long a node holds an upload's keys job before another may take it over; renewed page by page.
    static let lease: TimeInterval = 10 * 60
    static let pageSize = 2000

    /// One entry's keys.
    struct Keys: Sendable {
        var entry: UUID
        var document: Int64?
        var blocks: [Int64]
        /// Taken off the roster by hand: keys are still written (its history is searched by them), but nobody is told.
        var removed = false
    }

    /// The ids of roster entries with document key `key`, on every roster: by their written key,
    /// or by reading the entries of the uploads whose keys are still being written.
    static func withDocument(_ key: Int64) -> SQLQueryString {
        """
        (SELECT entry_id FROM roster_documents WHERE document_key = \(bind: key) UNION SELECT p.id FROM roster_entries p
        JOIN roster_uploads pu ON pu.id = p.upload_id WHERE pu.keys_status = \(bind: pending) AND p.document_key = \(bind: key))
        """
    }

    static func write(_ keys: [Keys], on db: any SQLDatabase) async throws {
        try await db.insertRows(into: "roster_blocks", columns: ["entry_id", "block_key"],
                                rows: keys.flatMap { entry in entry.blocks.map { [SQLBind(entry.entry), SQLBind($0)] } })
        try await db.insertRows(into: "roster_documents", columns: ["entry_id", "document_key"],
                                rows: keys.compactMap { entry in entry.document.map { [SQLBind(entry.entry), SQLBind($0)] } })
    }

    static func of(_ person: VettingIdentity, entry: UUID, services: AppServices) -> Keys {
        Keys(entry: entry, document: services.blindIndex.documentKey(person.documentNumber),
             blocks: VettingPeople.blockKeys(MatchPerson(person), services.blindIndex))
    }

    /// The next page of an upload's entries without written keys, after `after`, with the keys
    /// they are to have (names opened on both cores); `last` is nil at the end.
    static func unwrittenPage(upload: UUID, after: UUID?, services: AppServices, on db: any SQLDatabase) async throws -> (keys: [Keys], last: UUID?) {
        let from: SQLQueryString = after.map { "AND e.id > \(bind: $0)" } ?? ""
        let rows = try await db.raw("""
            SELECT e.* FROM roster_entries e WHERE e.upload_id = \(bind: upload) \(from)
            AND NOT EXISTS (SELECT 1 FROM roster_blocks b WHERE b.entry_id = e.id) ORDER BY e.id LIMIT \(literal: pageSize)
            """).all()
        let keys = try await BulkThreads.map(rows) { row in
            let id = try row.decode(column: "id", as: UUID.self)
            var entry = of(try VettingPeople.open(row, table: "roster_entries", id: id, services: services), entry: id, services: services)
            entry.removed = try row.decode(column: "removed_at", as: Date?.self) != nil
            return entry
        }
        return (keys, keys.last?.entry)
    }

    /// Writes the keys of `upload` unless another node holds the job; true when all are written.
    @discardableResult
    static func write(upload: UUID, services: AppServices, app: Application) async throws -> Bool {
        let now = Date()
        let claimed = try await app.write { db in
            try await db.raw("""
                UPDATE roster_uploads SET keys_until = \(bind: now.addingTimeInterval(lease))
                WHERE id = \(bind: upload) AND keys_status = \(bind: pending) AND (keys_until IS NULL OR keys_until < \(bind: now)) RETURNING id
                """).first() != nil
        }
        guard claimed else { return try await isWritten(upload, on: app.sql) }
        var after: UUID?
        while true {
            try Task.checkCancellation()
            await app.vettingJobs.yieldToForeground()
            let page = try await unwrittenPage(upload: upload, after: after, services: services, on: app.sql)
            guard let last = page.last else { break }
            after = last
            try await app.write { db in
                try await write(page.keys, on: db)
                try await db.raw("UPDATE roster_uploads SET keys_until = \(bind: Date().addingTimeInterval(lease)) WHERE id = \(bind: upload)").run()
            }
        }
        try await app.write { db in
            try await db.raw("UPDATE roster_uploads SET keys_status = \(bind: done), keys_until = NULL WHERE id = \(bind: upload)").run()
        }
        return true
    }

    static func isWritten(_ upload: UUID, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT keys_status FROM roster_uploads WHERE id = \(bind: upload)").first()?.decode(column: "keys_status", as: String?.self) != pending
    }

    /// The scheduled part: starts again the keys jobs that no node holds any more.
    static func resume(now: Date, services: AppServices, app: Application) async throws -> Int {
        let ids = try await app.sql.raw("""
            SELECT id FROM roster_uploads WHERE status = 'current' AND keys_status = \(bind: pending)
            AND (keys_until IS NULL OR keys_until < \(bind: now)) ORDER BY created_at LIMIT 10
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        return ids.filter { app.vettingJobs.start(.rosterKeys(upload: $0), services: services, app: app) }.count
    }

    /// The current rosters of approved units whose keys are still being written.
    static func pendingCurrentRosters(on db: any SQLDatabase) async throws -> [(upload: UUID, unit: UUID)] {
        try await db.raw("""
            SELECT ru.id, u.organisation_id FROM vetting_units u JOIN roster_uploads ru ON ru.id = u.roster_upload_id
            WHERE u.status = 'approved' AND ru.keys_status = \(bind: pending)
            """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "organisation_id", as: UUID.self)) }
    }
}
