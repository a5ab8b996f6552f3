import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Units in close contact with minors that vet applicants and staff: registration with two
/// nominated contacts, approval by a registry keeper or administrator.
enum VettingUnits {
    struct Registration: Content {
        var unitType: String?
        var contact1ID: UUID?
        var contact2ID: UUID?
        var webhookURL: String?

        /// What is wrong with the webhook's address, if anything. Its name is resolved, so this
        /// runs before the write, not while the database waits.
        func webhookProblem(_ settings: Settings) -> String? {
            guard let raw = webhookURL?.trimmedWhitespace, !raw.isEmpty else { return nil }
            guard let url = URL(string: raw) else { return "give an https address" }
            return OutboundAddress.problem(with: url, allowPrivateNetwork: settings.allowPrivateNetwork)
        }
    }

    struct Registered: Content {
        var id: UUID
        var status: String
        /// Shown once: the unit's webhook receiver checks X-Safeguard-Signature with it.
        var webhookSecret: String?
    }

    struct Unit: Content {
        var id: UUID
        var name: String
        var unitType: String
        var status: String
        var contacts: [String]
        var webhookURL: String?
        var dailyQueryLimit: Int
        var recheckDue: String?
        var rosterUploadID: UUID?
        var createdAt: Date
    }

    static let defaultDailyLimit = 200

    /// A vetting officer registers their own organisation; it waits for approval.
    static func register(_ input: Registration, webhookProblem: String?, actor: Actor, services: AppServices,
                         on db: any SQLDatabase) async throws -> Registered {
        var v = FieldValidator()
        let type = v.requiredCode(input.unitType, "unitType", as: VettingUnitType.self, missing: "choose the kind of unit")
        v.check(input.contact1ID != nil, "contact1ID", "nominate the first contact")
        v.check(input.contact2ID != nil, "contact2ID", "nominate the second contact")
        if let a = input.contact1ID, let b = input.contact2ID { v.check(a != b, "contact2ID", "nominate two different people") }
        var webhook: String?
        if let raw = input.webhookURL?.trimmedWhitespace, !raw.isEmpty {
            if let webhookProblem { v.add("webhookURL", webhookProblem) }
            webhook = raw
        }
        try v.finish()
        let contacts = [input.contact1ID!, input.contact2ID!]
        let known = try await db.raw("""
            SELECT id FROM users WHERE id IN (\(binds: contacts)) AND organisation_id = \(bind: actor.organisationID) AND active = \(bind: true)
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for (index, id) in contacts.enumerated() where !known.contains(id) {
            v.add("contact\(index + 1)ID", "not an active user of your organisation")
        }
        try v.finish()
        if try await db.raw("SELECT organisation_id FROM vetting_units WHERE organisation_id = \(bind: actor.organisationID)").first() != nil {
            throw AppError.conflict("your organisation is already registered as a vetting unit")
        }
        let secret = webhook.map { _ in Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255) }) }
        try await db.insert(into: "vetting_units")
            .columns("organisation_id", "unit_type", "contact1_id", "contact2_id", "status", "daily_query_limit", "webhook_url", "webhook_secret", "created_at")
            .values(SQLBind(actor.organisationID), SQLBind(type!.rawValue), SQLBind(contacts[0]), SQLBind(contacts[1]), SQLBind("pending"),
                    SQLBind(defaultDailyLimit), SQLBind(webhook),
                    SQLBind(try secret.map { try services.cipher.seal($0, context: "vetting_units/\(actor.organisationID.uuidString)/webhook_secret") }),
                    SQLBind(Date())).run()
        try await Notifications.notify(users: try await MatchReviews.keeperUsers(on: db), kind: .vettingUnitPending, recordType: "vetting_unit",
                                       recordID: actor.organisationID, on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "vetting_unit", recordID: actor.organisationID.uuidString)], by: actor, on: db)
        return Registered(id: actor.organisationID, status: "pending", webhookSecret: secret)
    }

    static func approve(_ id: UUID, actor: Actor, on db: any SQLDatabase) async throws {
        guard let row = try await db.raw("SELECT status FROM vetting_units WHERE organisation_id = \(bind: id)\(db.forUpdate)").first() else {
            throw AppError.notFound("vetting unit")
        }
        guard try row.decode(column: "status", as: String.self) == "pending" else { throw AppError.conflict("the unit is already approved") }
        try await db.raw("""
            UPDATE vetting_units SET status = 'approved', approved_by = \(bind: actor.userID), approved_at = \(bind: Date()) WHERE organisation_id = \(bind: id)
            """).run()
        try await Notifications.notify(users: try await contacts(id, on: db), kind: .vettingUnitApproved, recordType: "vetting_unit", recordID: id, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "vetting_unit", recordID: id.uuidString, reason: "approved")], by: actor, on: db)
    }

    /// Keepers and administrators see every unit, pending first; an officer sees their own.
    static func list(actor: Actor, on db: any SQLDatabase) async throws -> [Unit] {
        let everyone = AccessPolicy.allows(actor.roles, .vettingUnitApprove)
        let filter: SQLQueryString = everyone ? "1 = 1" : "v.organisation_id = \(bind: actor.organisationID)"
        return try await db.raw("""
            SELECT v.*, o.name, c1.display_name AS contact1, c2.display_name AS contact2 FROM vetting_units v
            JOIN organisations o ON o.id = v.organisation_id JOIN users c1 ON c1.id = v.contact1_id JOIN users c2 ON c2.id = v.contact2_id
            WHERE \(filter) ORDER BY CASE v.status WHEN 'pending' THEN 0 ELSE 1 END, o.name LIMIT 500
            """).all().map { row in
            Unit(id: try row.decode(column: "organisation_id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                 unitType: try row.decode(column: "unit_type", as: String.self), status: try row.decode(column: "status", as: String.self),
                 contacts: [try row.decode(column: "contact1", as: String.self), try row.decode(column: "contact2", as: String.self)],
                 webhookURL: try row.decode(column: "webhook_url", as: String?.self), dailyQueryLimit: try row.decode(column: "daily_query_limit", as: Int.self),
                 recheckDue: try row.decode(column: "recheck_due", as: String?.self), rosterUploadID: try row.decode(column: "roster_upload_id", as: UUID?.self),
                 createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    static func contacts(_ unitID: UUID, on db: any SQLDatabase) async throws -> [UUID] {
        guard let row = try await db.raw("SELECT contact1_id, contact2_id FROM vetting_units WHERE organisation_id = \(bind: unitID)").first() else { return [] }
        return [try row.decode(column: "contact1_id", as: UUID.self), try row.decode(column: "contact2_id", as: UUID.self)]
    }

    /// The actor's unit, which must be approved before it may vet anyone.
    static func approvedUnit(of actor: Actor, on db: any SQLDatabase) async throws -> any SQLRow {
        guard let row = try await db.raw("SELECT * FROM vetting_units WHERE organisation_id = \(bind: actor.organisationID)").first() else {
            throw AppError.conflict("your organisation is not registered as a vetting unit; register it first")
        }
        guard try row.decode(column: "status", as: String.self) == "approved" else {
            throw AppError.conflict("your unit's registration awaits approval by a registry keeper")
        }
        return row
    }
}
