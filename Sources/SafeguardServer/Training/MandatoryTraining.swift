import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Training a role must take: the requirements an organisation sets, each person's standing against
/// them, and the reminders the scheduler sends before and after a deadline.
enum MandatoryTraining {
    struct RequirementInput: Content {
        var programmeID: UUID?
        var role: String?
        /// Days from starting (the account's creation) to do it the first time.
        var withinDays: Int?
        /// Months until it must be done again; never when absent.
        var refreshMonths: Int?
    }

    struct Requirement: Content {
        var id: UUID
        var programmeID: UUID
        var programmeTitle: String
        var role: String
        var withinDays: Int
        var refreshMonths: Int?
    }

    /// One person's standing against one requirement.
    struct Standing: Content {
        var userID: UUID
        var name: String
        var requirementID: UUID
        var programmeTitle: String
        var role: String
        var completedOn: String?
        var deadline: String?
        var status: String
    }

    static func createRequirement(_ input: RequirementInput, actor: Actor, on db: any SQLDatabase) async throws -> IDOnly {
        var v = FieldValidator()
        v.check(input.programmeID != nil, "programmeID", "choose the programme")
        let role = v.requiredCode(input.role, "role", as: Role.self, missing: "choose the role that must take it")
        v.check((1...3_650).contains(input.withinDays ?? 0), "withinDays", "days from starting, 1 to 3650")
        if let months = input.refreshMonths { v.check((1...240).contains(months), "refreshMonths", "months until it is due again, 1 to 240") }
        try v.finish()
        guard try await db.raw("""
            SELECT id FROM training_programmes WHERE id = \(bind: input.programmeID!) AND organisation_id = \(bind: actor.organisationID)
            """).first() != nil else { throw AppError.invalid("programmeID", "no such programme") }
        guard try await db.raw("""
            SELECT id FROM training_requirements WHERE organisation_id = \(bind: actor.organisationID) AND programme_id = \(bind: input.programmeID!) AND role = \(bind: role!.rawValue)
            """).first() == nil else { throw AppError.conflict("this role already has this programme as a requirement") }
        let id = UUID.timeOrdered()
        try await db.insert(into: "training_requirements")
            .columns("id", "organisation_id", "programme_id", "role", "within_days", "refresh_months", "created_by", "created_at")
            .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(input.programmeID!), SQLBind(role!.rawValue), SQLBind(input.withinDays!),
                    SQLBind(input.refreshMonths), SQLBind(actor.userID), SQLBind(Date()))
            .run()
        try await AuditLog.append([.init(verb: .create, recordType: "training_requirement", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    static func requirements(organisationID: UUID, on db: any SQLDatabase) async throws -> [Requirement] {
        try await db.raw("""
            SELECT r.id, r.programme_id, p.title, r.role, r.within_days, r.refresh_months FROM training_requirements r
            JOIN training_programmes p ON p.id = r.programme_id WHERE r.organisation_id = \(bind: organisationID) ORDER BY p.title, r.role
            """).all().map { r in
            .init(id: try r.decode(column: "id", as: UUID.self), programmeID: try r.decode(column: "programme_id", as: UUID.self),
                  programmeTitle: try r.decode(column: "title", as: String.self), role: try r.decode(column: "role", as: String.self),
                  withinDays: try r.decode(column: "within_days", as: Int.self), refreshMonths: try r.decode(column: "refresh_months", as: Int?.self))
        }
    }

    /// Everyone the requirements apply to (one organisation's, or one person's), with their standing
    /// on `today`: the last certificate that stands counts as done on the day it was issued.
    static func standings(organisationID: UUID? = nil, userID: UUID? = nil, today: String, on db: any SQLDatabase) async throws -> [Standing] {
        let people: SQLQueryString = userID.map { "u.id = \(bind: $0)" } ?? "r.organisation_id = \(bind: organisationID ?? UUID())"
        // By the colleagues' ids (a few thousand), never by scanning the organisation's participants (hundreds of thousands).
        let participants: SQLQueryString = userID.map { "t.user_id = \(bind: $0)" }
            ?? "t.user_id IN (SELECT id FROM users WHERE organisation_id = \(bind: organisationID ?? UUID()))"
        // Two reads, each once: who must take what, and when each colleague last completed each programme.
        var completed: [String: Date] = [:]
        for r in try await db.raw("""
            SELECT t.user_id, c.programme_id, MAX(k.issued_at) AS completed_at FROM training_participants t
            JOIN training_certificates k ON k.participant_id = t.id JOIN training_cohorts c ON c.id = k.cohort_id
            WHERE \(participants) AND k.revoked_at IS NULL GROUP BY t.user_id, c.programme_id
            """).all() {
            completed["\(try r.decode(column: "user_id", as: UUID.self))/\(try r.decode(column: "programme_id", as: UUID.self))"] = try r.decode(column: "completed_at", as: Date.self)
        }
        return try await db.raw("""
            SELECT u.id AS user_id, u.display_name, u.created_at, r.id AS requirement_id, r.programme_id, p.title, r.role, r.within_days, r.refresh_months
            FROM training_requirements r JOIN training_programmes p ON p.id = r.programme_id
            JOIN role_grants g ON g.role = r.role JOIN users u ON u.id = g.user_id AND u.organisation_id = r.organisation_id
            WHERE \(people) AND u.active = \(bind: true) ORDER BY u.display_name, p.title
            """).all().map { r in
            let user = try r.decode(column: "user_id", as: UUID.self)
            let started = ISODay.string(try r.decode(column: "created_at", as: Date.self))
            let done = completed["\(user)/\(try r.decode(column: "programme_id", as: UUID.self))"].map(ISODay.string)
            let (status, deadline) = TrainingCompliance.status(startedOn: started, completedOn: done, withinDays: try r.decode(column: "within_days", as: Int.self),
                                                               refreshMonths: try r.decode(column: "refresh_months", as: Int?.self), today: today)
            return Standing(userID: user, name: try r.decode(column: "display_name", as: String.self),
                            requirementID: try r.decode(column: "requirement_id", as: UUID.self), programmeTitle: try r.decode(column: "title", as: String.self),
                            role: try r.decode(column: "role", as: String.self), completedOn: done, deadline: deadline, status: status.rawValue)
        }
    }

    /// Tells each person whose deadline is near or past, once per deadline and state, and tells their
    /// organisation's supervisors of those overdue. The reminder row is claimed first, so two nodes
    /// sweeping at once never both send it.
    static func remind(now: Date, limit: Int, on db: any SQLDatabase) async throws -> Int {
        let today = ISODay.string(now)
        var sent = 0
        let organisations = try await db.raw("SELECT DISTINCT organisation_id FROM training_requirements").all()
            .map { try $0.decode(column: "organisation_id", as: UUID.self) }
        for organisation in organisations where sent < limit {
            let overdueHere = try await standings(organisationID: organisation, today: today, on: db)
                .filter { $0.status == TrainingCompliance.Status.due.rawValue || $0.status == TrainingCompliance.Status.overdue.rawValue }
            var newlyOverdue = false
            for standing in overdueHere where sent < limit {
                let state = "\(standing.status):\(standing.deadline ?? "")"
                let claimed = try await db.raw("""
                    INSERT INTO training_reminders (user_id, requirement_id, reminded_for, reminded_at)
                    VALUES (\(bind: standing.userID), \(bind: standing.requirementID), \(bind: state), \(bind: now))
                    ON CONFLICT (user_id, requirement_id) DO UPDATE SET reminded_for = excluded.reminded_for, reminded_at = excluded.reminded_at
                    WHERE training_reminders.reminded_for <> excluded.reminded_for RETURNING user_id
                    """).first() != nil
                guard claimed else { continue }
                let overdue = standing.status == TrainingCompliance.Status.overdue.rawValue
                try await Notifications.notify(users: [standing.userID], kind: overdue ? .trainingOverdue : .trainingDue,
                                               recordType: "training_requirement", recordID: standing.requirementID, on: db)
                newlyOverdue = newlyOverdue || overdue
                sent += 1
            }
            if newlyOverdue {
                try await Notifications.notify(users: try await Notifications.users(in: [organisation], roles: [.supervisor], on: db), kind: .trainingTeamOverdue,
                                               recordType: "organisation", recordID: organisation, on: db)
            }
        }
        return sent
    }
}
