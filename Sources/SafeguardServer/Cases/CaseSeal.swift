import Foundation
import SafeguardCore
import SQLKit

/// The seal of a case: its organisation, creator, assignee, child, stage and risk, and its team.
/// These decide who may open the case and what it shows, so a case whose seal does not hold
/// (changed in the database, not through Safeguard) is refused and the refusal audited.
enum CaseSeal {
    static func values(_ row: any SQLRow, team: [String]) throws -> [String?] {
        [try row.decode(column: "id", as: UUID.self).uuidString, try row.decode(column: "organisation_id", as: UUID.self).uuidString,
         try row.decode(column: "created_by", as: UUID.self).uuidString, try row.decode(column: "assignee_id", as: UUID?.self)?.uuidString,
         try row.decode(column: "child_id", as: UUID?.self)?.uuidString, try row.decode(column: "stage", as: String.self),
         try row.decode(column: "risk", as: String.self), team.joined(separator: ",")]
    }

    /// The team as sealed: "user:role", sorted.
    static func team(_ caseID: UUID, on db: any SQLDatabase) async throws -> [String] {
        try await db.raw("SELECT user_id, role FROM case_members WHERE case_id = \(bind: caseID)").all().map {
            "\(try $0.decode(column: "user_id", as: UUID.self).uuidString):\(try $0.decode(column: "role", as: String.self))"
        }.sorted()
    }

    static let columns = "id, organisation_id, created_by, assignee_id, child_id, stage, risk, seal"

    /// Seals the case as it now stands; every write that changes a sealed column calls it last.
    static func reseal(_ caseID: UUID, on db: any SQLDatabase) async throws {
        let seal = try WriteKeys.required().rows
        guard let row = try await db.raw("SELECT \(unsafeRaw: columns) FROM cases WHERE id = \(bind: caseID)").first() else { return }
        let value = seal.seal("cases", try values(row, team: try await team(caseID, on: db)))
        try await db.raw("UPDATE cases SET seal = \(bind: value) WHERE id = \(bind: caseID)").run()
    }

    /// Throws `RecordTampered` unless the case's seal holds and its codes are ones Safeguard writes.
    static func verify(_ caseID: UUID, seal: RowSeal, on db: any SQLDatabase) async throws {
        guard let row = try await db.raw("SELECT \(unsafeRaw: columns) FROM cases WHERE id = \(bind: caseID)").first() else { return }
        guard CaseStage(rawValue: try row.decode(column: "stage", as: String.self)) != nil,
              RiskLevel(rawValue: try row.decode(column: "risk", as: String.self)) != nil,
              seal.verifies(try row.decode(column: "seal", as: String?.self), "cases", try values(row, team: try await team(caseID, on: db))) else {
            throw RecordTampered(recordType: "case", recordID: caseID.uuidString)
        }
    }
}

/// A record that was changed outside Safeguard: its seal or an encrypted value does not verify,
/// or a code column holds a value Safeguard never writes. It is not served; the refusal is audited.
struct RecordTampered: Error {
    var recordType: String
    var recordID: String

    /// From a field cipher context, `table/id/column`.
    init?(cipherContext: String) {
        let parts = cipherContext.split(separator: "/")
        guard parts.count >= 2 else { return nil }
        recordType = String(parts[0])
        recordID = String(parts[1])
    }

    init(recordType: String, recordID: String) {
        self.recordType = recordType
        self.recordID = recordID
    }
}
