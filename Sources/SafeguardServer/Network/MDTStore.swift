import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Multi-disciplinary teams (village, county, city): members from the directory with their
/// roles in the team, and when the team meets.
enum MDTStore {
    enum Level: String, CaseIterable, Codable, Sendable { case village, county, city }

    struct Input: Content {
        struct Member: Content { var entryID: UUID?; var role: String? }
        var name: String?
        var level: String?
        var regionID: UUID?
        var meetingSchedule: String?
        var members: [Member]?
    }

    struct Team: Content {
        struct Member: Content { var entryID: UUID; var name: String; var profession: String; var role: String }
        var id: UUID
        var name: String
        var level: String
        var regionName: String
        var meetingSchedule: String
        var members: [Member]
    }

    static func create(_ input: Input, actor: Actor, on db: any SQLDatabase) async throws -> IDOnly {
        var v = FieldValidator()
        let name = input.name?.trimmedWhitespace ?? ""
        v.check((1...200).contains(name.count), "name", "give the team's name")
        let level = v.requiredCode(input.level, "level", as: Level.self, missing: "village, county or city")
        v.check(input.regionID != nil, "regionID", "choose the region")
        let schedule = input.meetingSchedule?.trimmedWhitespace ?? ""
        v.check((3...300).contains(schedule.count), "meetingSchedule", "when the team meets, e.g. first Monday of the month, 14:00")
        let members = input.members ?? []
        for (index, member) in members.enumerated() {
            v.check(member.entryID != nil, "members[\(index)].entryID", "choose the member from the directory")
            v.check((1...100).contains(member.role?.trimmedWhitespace.count ?? 0), "members[\(index)].role", "the member's role in the team")
        }
        try v.finish()
        guard try await db.raw("SELECT id FROM regions WHERE id = \(bind: input.regionID!)").first() != nil else {
            throw AppError.invalid("regionID", "no such region")
        }
        let entries = Set(members.compactMap(\.entryID))
        if !entries.isEmpty {
            let found = try await db.raw("SELECT id FROM directory_entries WHERE id IN (\(binds: Array(entries)))").all().count
            guard found == entries.count else { throw AppError.invalid("members", "names someone who is not in the directory") }
        }
        let id = UUID.timeOrdered()
        try await db.insert(into: "mdt_teams").columns("id", "name", "level", "region_id", "meeting_schedule", "created_at")
            .values(SQLBind(id), SQLBind(name), SQLBind(level!.rawValue), SQLBind(input.regionID!), SQLBind(schedule), SQLBind(Date())).run()
        if !members.isEmpty {
            let insert = db.insert(into: "mdt_members").columns("team_id", "entry_id", "role")
            for member in members { insert.values(SQLBind(id), SQLBind(member.entryID!), SQLBind(member.role!.trimmedWhitespace)) }
            try await insert.run()
        }
        try await AuditLog.append([.init(verb: .create, recordType: "mdt_team", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    static func list(on db: any SQLDatabase) async throws -> [Team] {
        let members = try await db.raw("""
            SELECT m.team_id, d.id, d.name, d.profession, m.role FROM mdt_members m JOIN directory_entries d ON d.id = m.entry_id ORDER BY d.name
            """).all()
        var byTeam: [UUID: [Team.Member]] = [:]
        for row in members {
            byTeam[try row.decode(column: "team_id", as: UUID.self), default: []].append(
                .init(entryID: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                      profession: try row.decode(column: "profession", as: String.self), role: try row.decode(column: "role", as: String.self)))
        }
        return try await db.raw("""
            SELECT t.id, t.name, t.level, t.meeting_schedule, r.name AS region FROM mdt_teams t JOIN regions r ON r.id = t.region_id ORDER BY r.path, t.name
            """).all().map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return Team(id: id, name: try row.decode(column: "name", as: String.self), level: try row.decode(column: "level", as: String.self),
                        regionName: try row.decode(column: "region", as: String.self), meetingSchedule: try row.decode(column: "meeting_schedule", as: String.self),
                        members: byTeam[id] ?? [])
        }
    }

    @Sendable static func index(req: Request) async throws -> [Team] { try await list(on: req.sql) }

    @Sendable static func createTeam(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(Input.self)
        return try await req.write { db in try await create(input, actor: actor, on: db) }.created(for: req)
    }
}
