import Crypto
import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Continuous monitoring: when a record enters the registry, every unit with the person on its
/// current roster is told (in the app, and by webhook when the unit configured one); possible
/// matches go to the keepers first.
enum Monitoring {
    struct Pair: Sendable, Hashable {
        var entryID: UUID
        var unitID: UUID
        var recordID: UUID
    }

    /// Matches the records of an import (or one record) against every unit's current roster.
    static func matchNewRecords(importID: UUID? = nil, recordID: UUID? = nil, services: AppServices, app: Application) async throws {
        let db = app.sql
        let filter: SQLQueryString = importID.map { "r.import_id = \(bind: $0)" } ?? "r.id = \(bind: recordID!)"
        let records: SQLQueryString = "\(filter) AND r.status = 'active' AND (r.prohibition_end IS NULL OR r.prohibition_end >= \(bind: ISODay.string(Date())))"
        // The rosters whose keys are still being written first, then the written keys: an entry
        // whose keys are written in between is found by the second.
        var (exactSet, fuzzySet) = try await matchUnwritten(records, services: services, on: db)
        let current: SQLQueryString = """
            JOIN vetting_units u ON u.organisation_id = e.unit_id AND u.roster_upload_id = e.upload_id AND u.status = 'approved'
            WHERE \(records) AND e.removed_at IS NULL
            """
        exactSet.formUnion(try await db.raw("""
            SELECT e.id AS entry_id, e.unit_id, r.id AS record_id FROM registry_records r JOIN roster_documents d ON d.document_key = r.document_key
            JOIN roster_entries e ON e.id = d.entry_id \(current)
            """).all().map(pair))
        fuzzySet.formUnion(try await db.raw("""
            SELECT DISTINCT e.id AS entry_id, e.unit_id, r.id AS record_id FROM registry_records r
            JOIN registry_blocks rb ON rb.record_id = r.id JOIN roster_blocks eb ON eb.block_key = rb.block_key
            JOIN roster_entries e ON e.id = eb.entry_id \(current)
            """).all().map(pair))
        // A shared number is a hit only when the person agrees too; the others go to a keeper.
        let held = try await holdingHits(Array(exactSet), services: services, on: db)
        let exact = Array(held)
        let fuzzy = Array(fuzzySet.union(exactSet).subtracting(held))
        for start in stride(from: 0, to: exact.count, by: 500) {
            let part = Array(exact[start..<min(start + 500, exact.count)])
            try await app.write { db in try await notify(part, on: db) }
        }
        for start in stride(from: 0, to: fuzzy.count, by: 200) {
            let part = Array(fuzzy[start..<min(start + 200, fuzzy.count)])
            try await app.write { db in try await review(part, services: services, on: db) }
        }
    }

    /// The pairs sharing a document number whose names agree too (`VettingMatcher.documentHitHolds`).
    static func holdingHits(_ pairs: [Pair], services: AppServices, on db: any SQLDatabase) async throws -> Set<Pair> {
        var held = Set<Pair>()
        for start in stride(from: 0, to: pairs.count, by: 500) {
            let part = pairs[start..<min(start + 500, pairs.count)]
            let entries = try await rows("roster_entries", Set(part.map(\.entryID)), on: db)
            let records = try await rows("registry_records", Set(part.map(\.recordID)), on: db)
            for pair in part {
                guard let entry = entries[pair.entryID], let record = records[pair.recordID] else { continue }
                let person = MatchPerson(try VettingPeople.open(entry, table: "roster_entries", id: pair.entryID, services: services))
                let registered = MatchPerson(try VettingPeople.open(record, table: "registry_records", id: pair.recordID, services: services))
                if VettingMatcher.documentHitHolds(person, registered) { held.insert(pair) }
            }
        }
        return held
    }

    /// The pairs among the entries of current rosters whose keys are not written yet: their
    /// document keys and blocking keys, made from the entries, looked up in the registry.
    static func matchUnwritten(_ records: SQLQueryString, services: AppServices, on db: any SQLDatabase) async throws -> (exact: Set<Pair>, fuzzy: Set<Pair>) {
        var exact = Set<Pair>(), fuzzy = Set<Pair>()
        for roster in try await RosterKeys.pendingCurrentRosters(on: db) {
            var after: UUID?
            while true {
                let page = try await RosterKeys.unwrittenPage(upload: roster.upload, after: after, services: services, on: db)
                guard let last = page.last else { break }
                after = last
                let staff = page.keys.filter { !$0.removed }
                let byDocument = Dictionary(grouping: staff.filter { $0.document != nil }) { $0.document! }
                if !byDocument.isEmpty {
                    for row in try await db.raw("""
                        SELECT r.id, r.document_key FROM registry_records r WHERE r.document_key IN (\(binds: Array(byDocument.keys))) AND \(records)
                        """).all() {
                        let recordID = try row.decode(column: "id", as: UUID.self)
                        for entry in byDocument[try row.decode(column: "document_key", as: Int64.self)] ?? [] {
                            exact.insert(Pair(entryID: entry.entry, unitID: roster.unit, recordID: recordID))
                        }
                    }
                }
                var byBlock: [Int64: [UUID]] = [:]
                for entry in staff { for block in entry.blocks { byBlock[block, default: []].append(entry.entry) } }
                guard !byBlock.isEmpty else { continue }
                for row in try await db.raw("""
                    SELECT DISTINCT rb.block_key, r.id FROM registry_blocks rb JOIN registry_records r ON r.id = rb.record_id
                    WHERE rb.block_key IN (\(binds: Array(byBlock.keys))) AND \(records)
                    """).all() {
                    let recordID = try row.decode(column: "id", as: UUID.self)
                    for entry in byBlock[try row.decode(column: "block_key", as: Int64.self)] ?? [] {
                        fuzzy.insert(Pair(entryID: entry, unitID: roster.unit, recordID: recordID))
                    }
                }
            }
        }
        return (exact, fuzzy)
    }

    static func pair(_ row: any SQLRow) throws -> Pair {
        Pair(entryID: try row.decode(column: "entry_id", as: UUID.self), unitID: try row.decode(column: "unit_id", as: UUID.self),
             recordID: try row.decode(column: "record_id", as: UUID.self))
    }

    /// Scores fuzzy pairs and puts the likely ones to the keepers.
    static func review(_ pairs: [Pair], services: AppServices, on db: any SQLDatabase) async throws {
        let records = try MatchReviews.registryPeople(try await rows("registry_records", Set(pairs.map(\.recordID)), on: db), services: services)
        let entries = try await rows("roster_entries", Set(pairs.map(\.entryID)), on: db)
        // One count of namesakes for the whole batch, not one per pair.
        let (people, counts) = try await MatchReviews.rosterPeople(entries, records: records, services: services, on: db)
        for pair in pairs {
            guard let record = records[pair.recordID], let person = people[pair.entryID] else { continue }
            guard let candidate = MatchReviews.best(for: person, among: [record], nameCounts: counts, services: services) else { continue }
            let previous = try await MatchReviews.previous(entryID: pair.entryID, recordID: pair.recordID, on: db)
            if previous == nil {
                _ = try await MatchReviews.open(candidate, origin: .monitoring, unitID: pair.unitID, entryID: pair.entryID, previous: nil, on: db)
            }
        }
    }

    static func rows(_ table: String, _ ids: Set<UUID>, on db: any SQLDatabase) async throws -> [UUID: any SQLRow] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: any SQLRow] = [:]
        for row in try await db.raw("SELECT * FROM \(ident: table) WHERE id IN (\(binds: Array(ids)))").all() {
            result[try row.decode(column: "id", as: UUID.self)] = row
        }
        return result
    }

    /// Writes a notice per new pair, tells the unit's nominated contacts, queues the webhook.
    static func notify(_ pairs: [Pair], on db: any SQLDatabase) async throws {
        guard !pairs.isEmpty else { return }
        let known = Set(try await db.raw("""
            SELECT entry_id, record_id FROM monitoring_notices WHERE entry_id IN (\(binds: pairs.map(\.entryID)))
            """).all().map { "\(try $0.decode(column: "entry_id", as: UUID.self))/\(try $0.decode(column: "record_id", as: UUID.self))" })
        let units = try await db.raw("""
            SELECT organisation_id, contact1_id, contact2_id, webhook_url FROM vetting_units WHERE organisation_id IN (\(binds: Array(Set(pairs.map(\.unitID)))))
            """).all()
        var unitInfo: [UUID: (contacts: [UUID], webhook: Bool)] = [:]
        for row in units {
            unitInfo[try row.decode(column: "organisation_id", as: UUID.self)] = (
                [try row.decode(column: "contact1_id", as: UUID.self), try row.decode(column: "contact2_id", as: UUID.self)],
                try row.decode(column: "webhook_url", as: String?.self) != nil)
        }
        let now = Date()
        var audit: [AuditLog.Entry] = []
        for pair in pairs where !known.contains("\(pair.entryID)/\(pair.recordID)") {
            let id = UUID.timeOrdered()
            let webhook = unitInfo[pair.unitID]?.webhook == true
            try await db.insert(into: "monitoring_notices")
                .columns("id", "unit_id", "entry_id", "record_id", "answer", "created_at", "webhook_status", "webhook_attempts", "webhook_next_at")
                .values(SQLBind(id), SQLBind(pair.unitID), SQLBind(pair.entryID), SQLBind(pair.recordID), SQLBind(VettingAnswer.prohibited.rawValue),
                        SQLBind(now), SQLBind(webhook ? "pending" : nil), SQLBind(0), SQLBind(webhook ? now : nil)).run()
            try await Notifications.notify(users: unitInfo[pair.unitID]?.contacts ?? [], kind: .vettingMonitoring, recordType: "monitoring_notice",
                                           recordID: id, on: db)
            audit.append(.init(verb: .create, recordType: "monitoring_notice", recordID: id.uuidString))
        }
        try await AuditLog.append(audit, actorID: "system", organisationID: "", on: db)
    }

    // MARK: webhooks

    struct WebhookBody: Content {
        var type: String
        var id: UUID
        var unitID: UUID
        var createdAt: Date
    }

    /// Delivers due webhooks: each is leased for five minutes inside a transaction (so several
    /// nodes never send the same one), sent outside it, then marked. The body carries ids only;
    /// the unit fetches the notice with its own credentials. Failures back off, up to 8 tries.
    @discardableResult
    static func deliverWebhooks(_ app: Application, now: Date = Date()) async throws -> Int {
        let due = try await app.write { db -> [(id: UUID, unitID: UUID, createdAt: Date, url: String, secret: String, attempts: Int)] in
            let rows = try await db.raw("""
                SELECT n.id, n.unit_id, n.created_at, n.webhook_attempts, u.webhook_url, u.webhook_secret FROM monitoring_notices n
                JOIN vetting_units u ON u.organisation_id = n.unit_id
                WHERE n.webhook_status = 'pending' AND n.webhook_next_at <= \(bind: now) ORDER BY n.webhook_next_at LIMIT 20\(db.forUpdateSkipLocked)
                """).all()
            var leased: [(id: UUID, unitID: UUID, createdAt: Date, url: String, secret: String, attempts: Int)] = []
            for row in rows {
                guard let url = try row.decode(column: "webhook_url", as: String?.self), let secret = try row.decode(column: "webhook_secret", as: String?.self) else { continue }
                let id = try row.decode(column: "id", as: UUID.self)
                leased.append((id, try row.decode(column: "unit_id", as: UUID.self), try row.decode(column: "created_at", as: Date.self), url,
                               try app.safeguard.cipher.open(secret, context: "vetting_units/\(try row.decode(column: "unit_id", as: UUID.self).uuidString)/webhook_secret"),
                               try row.decode(column: "webhook_attempts", as: Int.self)))
                try await db.raw("UPDATE monitoring_notices SET webhook_next_at = \(bind: now.addingTimeInterval(300)) WHERE id = \(bind: id)").run()
            }
            return leased
        }
        for notice in due {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let body = try encoder.encode(WebhookBody(type: "vetting.monitoring_notice", id: notice.id, unitID: notice.unitID, createdAt: notice.createdAt))
            let signature = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(notice.secret.utf8)))
            var delivered = false
            // Checked again at each delivery: the name may resolve elsewhere since it was registered.
            let allowPrivate = app.safeguard.settings.allowPrivateNetwork
            let problem = try await app.threadPool.runIfActive {
                URL(string: notice.url).map { OutboundAddress.problem(with: $0, allowPrivateNetwork: allowPrivate) } ?? "is not an address"
            }
            if let problem {
                app.logger.warning("webhook not delivered: its address \(problem)")
            } else { do {
                let response = try await app.client.post(URI(string: notice.url)) { request in
                    request.headers.contentType = .json
                    request.headers.add(name: "X-Safeguard-Signature", value: "sha256=" + Hex.encode(Data(signature)))
                    request.body = ByteBuffer(data: body)
                    request.timeout = .seconds(10)
                }
                delivered = (200..<300).contains(response.status.code)
            } catch {
                app.logger.warning("webhook delivery failed: \(String(reflecting: type(of: error)))")
            } }
            let attempts = notice.attempts + 1
            let succeeded = delivered
            let status = delivered ? "delivered" : (attempts >= 8 ? "failed" : "pending")
            let next = now.addingTimeInterval(60 * pow(2, Double(attempts)))
            try await app.write { db in
                try await db.raw("""
                    UPDATE monitoring_notices SET webhook_status = \(bind: status), webhook_attempts = \(bind: attempts),
                    webhook_next_at = \(bind: succeeded ? nil : next) WHERE id = \(bind: notice.id)
                    """).run()
            }
        }
        return due.count
    }
}

extension Monitoring {
    struct Notice: Content {
        var id: UUID
        var entryID: UUID
        var name: String
        var position: String?
        var answer: String
        var createdAt: Date
        var webhookStatus: String?
    }

    /// A unit's monitoring notices, newest first (names of its own staff; audited).
    static func notices(actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Audited<[Notice]> {
        let rows = try await db.raw("""
            SELECT n.id AS notice_id, n.answer, n.created_at AS notice_at, n.webhook_status, e.* FROM monitoring_notices n
            JOIN roster_entries e ON e.id = n.entry_id WHERE n.unit_id = \(bind: actor.organisationID) ORDER BY n.created_at DESC LIMIT 100
            """).all()
        let items = try rows.map { row in
            let entryID = try row.decode(column: "id", as: UUID.self)
            return Notice(id: try row.decode(column: "notice_id", as: UUID.self), entryID: entryID,
                          name: try VettingPeople.open(row, table: "roster_entries", id: entryID, services: services).name,
                          position: try Rosters.staffDetails(row, id: entryID, services: services).position, answer: try row.decode(column: "answer", as: String.self),
                          createdAt: try row.decode(column: "notice_at", as: Date.self), webhookStatus: try row.decode(column: "webhook_status", as: String?.self))
        }
        return Audited(items, items.map { .init(verb: .read, recordType: "monitoring_notice", recordID: $0.id.uuidString) })
    }
}
