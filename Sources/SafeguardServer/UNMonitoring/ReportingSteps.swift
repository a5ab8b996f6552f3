import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The organisation's reporting calendar: the dated steps of each country's cycle before each
/// mechanism and its own deadlines, reminded by the sweeper ahead of time and shown in each
/// reader's calendar feed. A step is marked done, or cancelled (it stays in the feeds as such).
enum ReportingSteps {
    struct Input: Content {
        var country: String?, mechanism: String?, step: String?, dueOn: String?, note: String?
        /// Also add the organisation's own deadlines that follow from a Committee date (`ReportingCalendar.ownDeadlines`).
        var addOwnDeadlines: Bool?
    }

    struct ChangeInput: Content { var doneOn: String?, cancelled: Bool? }

    struct Step: Content {
        var id: UUID, country: String, mechanism: String, step: String, dueOn: String, note: String?
        var doneOn: String?, cancelled: Bool, ownDeadline: Bool
    }

    struct Created: Content { var ids: [UUID] }

    static func create(_ input: Input, today: CivilDay = CivilDay(Date()), by caller: Caller) async throws -> Created {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let country = v.country(input.country, "country")
        let mechanism = v.requiredCode(input.mechanism, "mechanism", as: Mechanism.self, missing: "choose the mechanism")
        let step = v.requiredCode(input.step, "step", as: ReportingStep.self, missing: "choose the step of the cycle")
        let due = CivilDay(input.dueOn?.trimmedWhitespace ?? "")
        v.check(due != nil, "dueOn", "give the date (YYYY-MM-DD)")
        if let due { v.check((1990...(today.year + 15)).contains(due.year), "dueOn", "must be a year from 1990 to fifteen years ahead") }
        let note = v.text(input.note, "note", max: 500)
        try v.finish()
        let own = input.addOwnDeadlines == true && mechanism == .crc ? ReportingCalendar.ownDeadlines(after: step!, on: due!).map { ($0.step, $0.day) } : []
        let steps = [(step!, due!)] + own
        let actor = caller.actor, now = Date()
        return try await caller.write { db in
            let insert = db.insert(into: "un_reporting_steps")
                .columns("id", "organisation_id", "country", "mechanism", "step", "due_on", "note", "cancelled", "sequence", "remind_on", "created_by", "created_at")
            var ids: [UUID] = []
            for (index, (kind, day)) in steps.enumerated() {
                let id = UUID.timeOrdered()
                ids.append(id)
                insert.values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(country), SQLBind(mechanism!.rawValue), SQLBind(kind.rawValue),
                              SQLBind(day.description), SQLBind(index == 0 ? note : nil), SQLBind(false), SQLBind(0),
                              SQLBind(day.adding(days: -kind.reminderDays).description), SQLBind(actor.userID), SQLBind(now))
            }
            try await insert.run()
            try await AuditLog.append(ids.map { .init(verb: .create, recordType: "un_reporting_step", recordID: $0.uuidString) }, by: actor, on: db)
            return Created(ids: ids)
        }
    }

    /// Done on a day (not in the future), or cancelled; either ends its reminders.
    static func change(_ id: UUID, _ input: ChangeInput, today: CivilDay = CivilDay(Date()), by caller: Caller) async throws -> Step {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let doneText = input.doneOn?.trimmedWhitespace ?? ""
        let done = CivilDay(doneText)
        v.check(doneText.isEmpty || done != nil, "doneOn", "give the date (YYYY-MM-DD)")
        if let done {
            v.check(done <= today, "doneOn", "is in the future")
            v.check(done.year >= 1990, "doneOn", "must be a year from 1990 to next year")
        }
        // an empty change would quietly reopen a step done or cancelled
        v.check(!doneText.isEmpty || input.cancelled != nil, "doneOn", "say on which day it was done, or that it is cancelled")
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            guard try await db.raw("SELECT id FROM un_reporting_steps WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)").first() != nil
            else { throw AppError.notFound("step") }
            try await db.raw("""
                UPDATE un_reporting_steps SET done_on = \(bind: done?.description), cancelled = \(bind: input.cancelled == true), sequence = sequence + 1 WHERE id = \(bind: id)
                """).run()
            try await AuditLog.append([.init(verb: .update, recordType: "un_reporting_step", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await list(id: id, by: caller)[0]
    }

    static func step(_ row: any SQLRow) throws -> Step {
        let kind = try row.decode(column: "step", as: String.self)
        return Step(id: try row.decode(column: "id", as: UUID.self), country: try row.decode(column: "country", as: String.self),
                    mechanism: try row.decode(column: "mechanism", as: String.self), step: kind, dueOn: try row.decode(column: "due_on", as: String.self),
                    note: try row.decode(column: "note", as: String?.self), doneOn: try row.decode(column: "done_on", as: String?.self),
                    cancelled: try row.decode(column: "cancelled", as: Bool.self), ownDeadline: ReportingStep(rawValue: kind)?.isOwnDeadline ?? false)
    }

    /// The organisation's steps from a day on (a year back by default), in date order.
    static func list(id: UUID? = nil, from: CivilDay? = nil, by caller: Caller) async throws -> [Step] {
        _ = try caller.scopes(.monitoringRead)
        let filter: SQLQueryString = id.map { " AND id = \(bind: $0)" } ?? " AND due_on >= \(bind: (from ?? CivilDay(Date()).adding(days: -366)).description)"
        return try await caller.app.sql.raw("""
            SELECT * FROM un_reporting_steps WHERE organisation_id = \(bind: caller.actor.organisationID)\(filter) ORDER BY due_on, created_at LIMIT 1000
            """).all().map(step)
    }

    /// The sweeper: each step whose reminder day has come, not done nor cancelled nor past, is told
    /// once to the organisation's monitoring officers.
    static func remind(now: Date, limit: Int, on db: any SQLDatabase) async throws -> Int {
        let today = CivilDay(now).description
        let due = try await db.raw("""
            SELECT id, organisation_id FROM un_reporting_steps WHERE reminded_at IS NULL AND remind_on <= \(bind: today) AND due_on >= \(bind: today)
            AND done_on IS NULL AND cancelled = \(bind: false) ORDER BY remind_on LIMIT \(literal: limit)\(db.forUpdateSkipLocked)
            """).all()
        for row in due {
            let id = try row.decode(column: "id", as: UUID.self)
            let officers = try await Notifications.users(in: [try row.decode(column: "organisation_id", as: UUID.self)], roles: [.monitoringOfficer], on: db)
            try await Notifications.notify(users: officers, kind: .monitoringStepDue, recordType: "un_reporting_step", recordID: id, on: db)
            try await db.raw("UPDATE un_reporting_steps SET reminded_at = \(bind: now) WHERE id = \(bind: id)").run()
        }
        return due.count
    }

    /// The organisation's steps in a reader's calendar feed, for those who may read them: one
    /// all-day event each, cancelled ones kept as cancelled.
    static func events(for userID: UUID, _ s: Strings, on db: any SQLDatabase) async throws -> [ICalendar.Event] {
        let roles = Set(try await db.raw("SELECT role FROM role_grants WHERE user_id = \(bind: userID)").all()
            .compactMap { Role(rawValue: try $0.decode(column: "role", as: String.self)) })
        guard AccessPolicy.allows(roles, .monitoringRead) else { return [] }
        return try await db.raw("""
            SELECT s.* FROM un_reporting_steps s JOIN users u ON u.organisation_id = s.organisation_id
            WHERE u.id = \(bind: userID) AND s.due_on >= \(bind: CivilDay(Date()).adding(days: -366).description) ORDER BY s.due_on LIMIT 2000
            """).all().compactMap { row in
            let step = try step(row)
            guard let day = CivilDay(step.dueOn) else { return nil }
            return ICalendar.Event(uid: "\(step.id.uuidString)@safeguard", start: Indicators.instant(day),
                                   summary: s.format("calendar.reportingStep", ["step": s["monitoring.step." + step.step], "country": step.country,
                                                                                 "mechanism": s["monitoring.mechanism." + step.mechanism]]),
                                   description: step.note, sequence: try row.decode(column: "sequence", as: Int.self),
                                   status: step.cancelled ? .cancelled : .confirmed, allDay: true)
        }
    }
}
