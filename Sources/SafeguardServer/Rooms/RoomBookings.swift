import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Bookings of a room, one-off or repeating (RFC 5545 `RRULE`). Every occurrence is checked, by
/// the same code, when the form asks "check" and again when it saves: against the room's rules
/// (`RoomBooking`) and against every pending or approved occurrence in the room (`BookingConflicts`).
/// The save holds the room's row, so of two overlapping bookings made at once one is refused.
enum RoomBookings {
    enum Purpose: String, CaseIterable, Codable, Sendable {
        case training, seminar, caseConference = "case_conference", consultation, meeting
    }

    enum Status: String, CaseIterable, Codable, Sendable {
        /// Waiting for the room manager; it holds the room meanwhile, as MRBS's provisional bookings do.
        case pending, approved, refused, cancelled
    }

    struct BookingInput: Content {
        var roomID: UUID?, purpose: String?, title: String?, people: Int?
        /// The first day, and the times of every occurrence, in the room's time zone.
        var firstDay: String?, starts: String?, ends: String?
        /// `FREQ=WEEKLY;BYDAY=TU;COUNT=10`; none for a one-off booking.
        var rule: String?
        /// Days of the series left out.
        var exceptions: [String]?
        /// A training cohort of the organisation: each occurrence becomes one of its sessions.
        var cohortID: UUID?
        var trainerID: UUID?
    }

    struct PlannedOccurrence: Content {
        var day: String
        var startsAt: Date
        var endsAt: Date
        /// The title of the booking it overlaps, when it does.
        var conflictsWith: String?
    }

    /// What a booking would be, before it is saved.
    struct Plan: Content {
        var roomID: UUID
        /// `approved`, or `pending` where the room asks for its manager's approval.
        var status: String
        var conflicts: Int
        var occurrences: [PlannedOccurrence]
    }

    struct Occurrence: Content {
        var id: UUID
        var startsAt: Date
        var endsAt: Date
        var cancelled: Bool
        var trainingSessionID: UUID?
    }

    struct Booking: Content {
        var id: UUID
        var roomID: UUID
        var roomName: String
        var purpose: String
        var title: String
        var people: Int
        var firstDay: String
        var starts: String
        var ends: String
        var rule: String?
        var status: String
        var bookedBy: String
        var bookedByID: UUID
        var cohortID: UUID?
        var occurrences: [Occurrence]
    }

    /// An occurrence as a room's day or week shows it.
    struct Slot: Content {
        var occurrenceID: UUID
        var bookingID: UUID
        var startsAt: Date
        var endsAt: Date
        var title: String
        var purpose: String
        var people: Int
        var status: String
    }

    struct Decision: Content { var approve: Bool? }
    struct Cancel: Content {
        /// One occurrence; none for the whole series (what has not yet begun).
        var occurrenceID: UUID?
    }

    /// Longer than any occurrence can last: a calendar day, with a clock change in it, in any zone.
    static let longestOccurrence: TimeInterval = 2 * 86_400

    /// The moment a day's clock time falls in `zone`; nil for a time the clocks skip. `24:00` is the next midnight.
    static func instant(_ day: CivilDay, _ time: ClockTime, _ zone: TimeZone) -> Date? {
        let (date, minutes) = time.minutes == 24 * 60 ? (day.adding(days: 1), 0) : (day, time.minutes)
        return PartialDate(date.description).flatMap { LocalTime.date($0, hour: minutes / 60, minute: minutes % 60, in: zone) }
    }

    /// The request read and every occurrence placed and checked; `lock` for a save.
    static func plan(_ input: BookingInput, actor: Actor, now: Date, lock: Bool, on db: any SQLDatabase)
        async throws -> (plan: Plan, rules: Rooms.Rules, purpose: Purpose, title: String, rule: String?) {
        var v = FieldValidator()
        v.check(input.roomID != nil, "roomID", "choose the room")
        let purpose = v.requiredCode(input.purpose, "purpose", as: Purpose.self, missing: "choose what the room is for")
        let title = v.text(input.title, "title", max: 200, required: "is required")
        v.check(input.people != nil, "people", "give the number of people (at least 1)")
        let firstDay = CivilDay(input.firstDay?.trimmed ?? "")
        v.check(firstDay != nil, "firstDay", "give the date (YYYY-MM-DD)")
        let starts = ClockTime(input.starts?.trimmed ?? ""), ends = ClockTime(input.ends?.trimmed ?? "")
        v.check(starts != nil, "starts", "give the time (HH:MM)")
        v.check(ends != nil, "ends", "give the time (HH:MM)")
        var rule: RecurrenceRule?
        let ruleText = input.rule?.trimmed
        if let ruleText {
            switch RecurrenceRule.parse(ruleText) {
            case .success(let parsed): rule = parsed
            case .failure(let problem): v.add("rule", problem.description)
            }
        }
        let exceptionTexts = (input.exceptions ?? []).compactMap(\.trimmed)
        v.check(exceptionTexts.count <= RecurrenceRule.maximumOccurrences, "exceptions", "leave out at most 500 days")
        let exceptions = exceptionTexts.prefix(RecurrenceRule.maximumOccurrences).map(CivilDay.init)
        v.check(exceptions.allSatisfy { $0 != nil }, "exceptions", "give each day left out as a date (YYYY-MM-DD)")
        v.check(rule != nil || exceptions.isEmpty, "exceptions", "only a repeating booking leaves days out")
        v.check(input.trainerID == nil || input.cohortID != nil, "trainerID", "only a booking for a training cohort names a trainer")
        try v.finish()

        let rules = try await Rooms.rules(input.roomID!, actor: actor, since: firstDay!, lock: lock, on: db)
        let zone = rules.zone, nowText = LocalTime.inputValue(now, in: zone)
        let today = CivilDay(nowText.prefix(10))!, nowMinute = ClockTime(nowText.suffix(5))!.minutes
        let request = RoomBooking.Request(firstDay: firstDay!, starts: starts!, ends: ends!, people: input.people!, rule: rule, exceptions: Set(exceptions.compactMap { $0 }))
        let days: [CivilDay]
        switch RoomBooking.days(request, in: rules.booking, today: today, nowMinute: nowMinute) {
        case .success(let found): days = found
        case .failure(let refusal): throw ValidationErrors(refusal.problems.map { FieldError($0.field, $0.description) })
        }
        // an UNTIL with a time ends the series at that moment: the last day's occurrence counts if it begins by then
        var lastStart: Date?
        if let rule, case .until(let day) = rule.end, let time = rule.untilTime {
            lastStart = time.utc ? Date(timeIntervalSince1970: Double(day.daysSince1970 * 86_400 + time.hour * 3_600 + time.minute * 60 + time.second))
                : PartialDate(day.description).flatMap { LocalTime.date($0, hour: time.hour, minute: time.minute, second: time.second, in: zone) }
        }
        var spans: [BookingConflicts.Span] = [], planned: [PlannedOccurrence] = []
        for day in days {
            guard let start = instant(day, starts!, zone), let end = instant(day, ends!, zone)
            else { throw AppError.invalid("starts", "the clocks change on \(day) and skip this time: leave the day out") }
            // the first occurrence is the series' start, always part of it
            if let lastStart, !planned.isEmpty, start > lastStart { break }
            spans.append(.init(start: Int64(start.timeIntervalSince1970), end: Int64(end.timeIntervalSince1970)))
            planned.append(.init(day: day.description, startsAt: start, endsAt: end))
        }
        // one indexed range read: an occurrence lasts at most a calendar day (25 hours when the clocks
        // go back), so those that can meet the series start from two days before its first to its last end
        let from = planned.first!.startsAt.addingTimeInterval(-Self.longestOccurrence), to = planned.last!.endsAt
        let taken = try await db.raw("""
            SELECT o.starts_at, o.ends_at, b.title FROM room_occurrences o JOIN room_bookings b ON b.id = o.booking_id
            WHERE o.room_id = \(bind: rules.room.id) AND o.starts_at >= \(bind: from) AND o.starts_at < \(bind: to)
            AND o.cancelled = \(bind: false) AND b.status IN ('pending', 'approved')
            """).all()
        var existing: [BookingConflicts.Span] = [], titles: [String] = []
        existing.reserveCapacity(taken.count)
        for row in taken {
            existing.append(.init(start: Int64(try row.decode(column: "starts_at", as: Date.self).timeIntervalSince1970),
                                  end: Int64(try row.decode(column: "ends_at", as: Date.self).timeIntervalSince1970)))
            titles.append(try row.decode(column: "title", as: String.self))
        }
        let conflicts = BookingConflicts.find(spans, against: existing)
        for conflict in conflicts { planned[conflict.new].conflictsWith = titles[conflict.existing] }
        let status: Status = rules.room.needsApproval && !AccessPolicy.allows(actor.roles, .roomManage) ? .pending : .approved
        return (Plan(roomID: rules.room.id, status: status.rawValue, conflicts: conflicts.count, occurrences: planned), rules, purpose!, title!, ruleText)
    }

    /// The booking as it would be saved, with each occurrence's conflict named; nothing is written.
    static func check(_ input: BookingInput, now: Date = Date(), by caller: Caller) async throws -> Plan {
        _ = try caller.scopes(.roomBook)
        return try await plan(input, actor: caller.actor, now: now, lock: false, on: caller.app.sql).plan
    }

    /// Saves the booking and its occurrences, or nothing: refused when any occurrence overlaps
    /// another booking. For a cohort, each occurrence becomes one of its sessions, in the same transaction.
    static func book(_ input: BookingInput, now: Date = Date(), by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.roomBook)
        let actor = caller.actor
        if input.cohortID != nil { _ = try caller.scopes(.trainingManage) }
        return try await caller.write { db in
            let (plan, rules, purpose, title, rule) = try await plan(input, actor: actor, now: now, lock: true, on: db)
            if let first = plan.occurrences.first(where: { $0.conflictsWith != nil }) {
                throw AppError.invalid("firstDay", "occurrences overlap other bookings: \(plan.conflicts), the first on \(first.day)")
            }
            var sessions: [UUID?] = Array(repeating: nil, count: plan.occurrences.count)
            if let cohortID = input.cohortID {
                sessions = try await addSessions(cohortID, trainerID: input.trainerID, title: title, room: rules.room.name, plan.occurrences, actor: actor, on: db)
            }
            let id = UUID.timeOrdered(), created = Date()
            try await db.insert(into: "room_bookings")
                .columns("id", "organisation_id", "room_id", "purpose", "title", "people", "first_day", "starts", "ends", "rule", "status", "booked_by",
                         "cohort_id", "sequence", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(plan.roomID), SQLBind(purpose.rawValue), SQLBind(title), SQLBind(input.people!),
                        SQLBind(plan.occurrences[0].day), SQLBind(ClockTime(input.starts!.trimmed!)!.description), SQLBind(ClockTime(input.ends!.trimmed!)!.description), SQLBind(rule), SQLBind(plan.status),
                        SQLBind(actor.userID), SQLBind(input.cohortID), SQLBind(0), SQLBind(created))
                .run()
            try await db.insertRowsNow(into: "room_occurrences", columns: ["id", "booking_id", "room_id", "starts_at", "ends_at", "cancelled", "training_session_id"],
                                       rows: zip(plan.occurrences, sessions).map { o, session in
                                           [SQLBind(UUID.timeOrdered()), SQLBind(id), SQLBind(plan.roomID), SQLBind(o.startsAt), SQLBind(o.endsAt), SQLBind(false), SQLBind(session)]
                                       })
            try await AuditLog.append([.init(verb: .create, recordType: "room_booking", recordID: id.uuidString)], by: actor, on: db)
            if plan.status == Status.pending.rawValue {
                let managers = try await Notifications.users(in: [actor.organisationID], roles: [.roomManager], on: db)
                try await Notifications.notify(users: managers, kind: .roomBookingWaiting, recordType: "room_booking", recordID: id, on: db)
            }
            return IDOnly(id: id)
        }
    }

    /// One session of the cohort per occurrence, numbered, in the room, within the cohort's dates.
    static func addSessions(_ cohortID: UUID, trainerID: UUID?, title: String, room: String, _ occurrences: [PlannedOccurrence], actor: Actor,
                            on db: any SQLDatabase) async throws -> [UUID?] {
        guard let cohort = try await db.raw("""
            SELECT c.starts_on, c.ends_on FROM training_cohorts c JOIN training_programmes p ON p.id = c.programme_id
            WHERE c.id = \(bind: cohortID) AND p.organisation_id = \(bind: actor.organisationID)
            """).first() else { throw AppError.invalid("cohortID", "no cohort of your organisation has this id") }
        let first = try cohort.decode(column: "starts_on", as: String.self), last = try cohort.decode(column: "ends_on", as: String.self)
        if let outside = occurrences.first(where: { $0.day < first || $0.day > last }) {
            throw AppError.invalid("firstDay", "\(outside.day) falls outside the cohort's dates (\(first) to \(last))")
        }
        if let trainerID {
            guard try await db.raw("SELECT id FROM users WHERE id = \(bind: trainerID) AND organisation_id = \(bind: actor.organisationID)").first() != nil
            else { throw AppError.invalid("trainerID", "no such person in your organisation") }
        }
        let ids = occurrences.map { _ in UUID.timeOrdered() }, created = Date()
        try await db.insertRowsNow(into: "training_sessions", columns: ["id", "cohort_id", "title", "starts_at", "ends_at", "place", "trainer_id", "created_at"],
                                   rows: occurrences.enumerated().map { index, o in
                                       [SQLBind(ids[index]), SQLBind(cohortID), SQLBind(occurrences.count == 1 ? title : "\(title) \(index + 1)"), SQLBind(o.startsAt),
                                        SQLBind(o.endsAt), SQLBind(room), SQLBind(trainerID), SQLBind(created)]
                                   })
        try await AuditLog.append(ids.map { .init(verb: .create, recordType: "training_session", recordID: $0.uuidString) }, by: actor, on: db)
        return ids
    }

    /// The cohort's sessions that occurrences no longer hold (cancelled, or the booking refused) are
    /// taken off its timetable, so that no session is left in a room someone else may now book;
    /// one with a mark or feedback recorded stays, as the record of what happened.
    static func removeSessions(of occurrences: SQLQueryString, actor: Actor, on db: any SQLDatabase) async throws {
        let sessions = try await db.raw("""
            SELECT o.training_session_id AS id FROM room_occurrences o WHERE \(occurrences) AND o.training_session_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM training_attendance a WHERE a.session_id = o.training_session_id)
            AND NOT EXISTS (SELECT 1 FROM training_session_feedback f WHERE f.session_id = o.training_session_id)
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !sessions.isEmpty else { return }
        try await db.raw("UPDATE room_occurrences SET training_session_id = NULL WHERE training_session_id IN (\(binds: sessions))").run()
        try await db.raw("DELETE FROM training_sessions WHERE id IN (\(binds: sessions))").run()
        try await AuditLog.append(sessions.map { .init(verb: .delete, recordType: "training_session", recordID: $0.uuidString) }, by: actor, on: db)
    }

    // MARK: reading

    static let bookingColumns: SQLQueryString = """
        b.id, b.room_id, r.name AS room_name, b.purpose, b.title, b.people, b.first_day, b.starts, b.ends, b.rule, b.status, b.booked_by, u.display_name,
        b.cohort_id, b.sequence
        FROM room_bookings b JOIN rooms r ON r.id = b.room_id JOIN users u ON u.id = b.booked_by
        """

    static func booking(_ row: any SQLRow, occurrences: [Occurrence]) throws -> Booking {
        Booking(id: try row.decode(column: "id", as: UUID.self), roomID: try row.decode(column: "room_id", as: UUID.self),
                roomName: try row.decode(column: "room_name", as: String.self), purpose: try row.decode(column: "purpose", as: String.self),
                title: try row.decode(column: "title", as: String.self), people: try row.decode(column: "people", as: Int.self),
                firstDay: try row.decode(column: "first_day", as: String.self), starts: try row.decode(column: "starts", as: String.self),
                ends: try row.decode(column: "ends", as: String.self), rule: try row.decode(column: "rule", as: String?.self),
                status: try row.decode(column: "status", as: String.self), bookedBy: try row.decode(column: "display_name", as: String.self),
                bookedByID: try row.decode(column: "booked_by", as: UUID.self), cohortID: try row.decode(column: "cohort_id", as: UUID?.self),
                occurrences: occurrences)
    }

    static func get(_ id: UUID, by caller: Caller) async throws -> Booking {
        _ = try caller.scopes(.roomBook)
        let db = caller.app.sql
        guard let row = try await db.raw("SELECT \(bookingColumns) WHERE b.id = \(bind: id) AND b.organisation_id = \(bind: caller.actor.organisationID)").first()
        else { throw AppError.notFound("booking") }
        let occurrences = try await db.raw("""
            SELECT id, starts_at, ends_at, cancelled, training_session_id FROM room_occurrences WHERE booking_id = \(bind: id) ORDER BY starts_at
            """).all().map { o in
            Occurrence(id: try o.decode(column: "id", as: UUID.self), startsAt: try o.decode(column: "starts_at", as: Date.self),
                       endsAt: try o.decode(column: "ends_at", as: Date.self), cancelled: try o.decode(column: "cancelled", as: Bool.self),
                       trainingSessionID: try o.decode(column: "training_session_id", as: UUID?.self))
        }
        return try booking(row, occurrences: occurrences)
    }

    /// The occurrences that hold the room between two moments (a day, a week), pending ones marked.
    static func slots(_ roomID: UUID, from: Date, to: Date, by caller: Caller) async throws -> [Slot] {
        _ = try caller.scopes(.roomBook)
        let db = caller.app.sql
        _ = try await Rooms.rules(roomID, actor: caller.actor, on: db)
        return try await db.raw("""
            SELECT o.id, o.booking_id, o.starts_at, o.ends_at, b.title, b.purpose, b.people, b.status FROM room_occurrences o JOIN room_bookings b ON b.id = o.booking_id
            WHERE o.room_id = \(bind: roomID) AND o.starts_at >= \(bind: from.addingTimeInterval(-Self.longestOccurrence)) AND o.starts_at < \(bind: to) AND o.ends_at > \(bind: from)
            AND o.cancelled = \(bind: false) AND b.status IN ('pending', 'approved') ORDER BY o.starts_at LIMIT 2000
            """).all().map { r in
            Slot(occurrenceID: try r.decode(column: "id", as: UUID.self), bookingID: try r.decode(column: "booking_id", as: UUID.self),
                 startsAt: try r.decode(column: "starts_at", as: Date.self), endsAt: try r.decode(column: "ends_at", as: Date.self),
                 title: try r.decode(column: "title", as: String.self), purpose: try r.decode(column: "purpose", as: String.self),
                 people: try r.decode(column: "people", as: Int.self), status: try r.decode(column: "status", as: String.self))
        }
    }

    /// Bookings waiting for a room manager, oldest first.
    static func waiting(by caller: Caller) async throws -> [Booking] {
        _ = try caller.scopes(.roomManage)
        return try await caller.app.sql.raw("""
            SELECT \(bookingColumns) WHERE b.organisation_id = \(bind: caller.actor.organisationID) AND b.status = 'pending' ORDER BY b.created_at LIMIT 500
            """).all().map { try booking($0, occurrences: []) }
    }

    // MARK: changes

    /// A room manager approves or refuses a pending booking; its maker is told.
    static func decide(_ id: UUID, _ decision: Decision, by caller: Caller) async throws -> Booking {
        _ = try caller.scopes(.roomManage)
        guard let approve = decision.approve else { throw AppError.invalid("approve", "say whether the booking is approved (true) or refused (false)") }
        let actor = caller.actor
        try await caller.write { db in
            guard let row = try await db.raw("""
                SELECT booked_by, status FROM room_bookings WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)\(db.forUpdate)
                """).first() else { throw AppError.notFound("booking") }
            guard try row.decode(column: "status", as: String.self) == Status.pending.rawValue
            else { throw AppError.conflict("the booking is not waiting for approval") }
            try await db.raw("""
                UPDATE room_bookings SET status = \(bind: (approve ? Status.approved : .refused).rawValue), decided_by = \(bind: actor.userID), sequence = sequence + 1
                WHERE id = \(bind: id)
                """).run()
            if !approve { try await removeSessions(of: "o.booking_id = \(bind: id)", actor: actor, on: db) }
            try await AuditLog.append([.init(verb: .update, recordType: "room_booking", recordID: id.uuidString)], by: actor, on: db)
            try await Notifications.notify(users: [try row.decode(column: "booked_by", as: UUID.self)], kind: approve ? .roomBookingApproved : .roomBookingRefused,
                                           recordType: "room_booking", recordID: id, on: db)
        }
        return try await get(id, by: caller)
    }

    /// Cancels one occurrence, or the series: every occurrence that has not yet begun (those that
    /// took place stay in the room's history). The maker of the booking may, and the room's manager.
    static func cancel(_ id: UUID, _ request: Cancel, now: Date = Date(), by caller: Caller) async throws -> Booking {
        _ = try caller.scopes(.roomBook)
        let actor = caller.actor
        try await caller.write { db in
            guard let row = try await db.raw("""
                SELECT booked_by, status FROM room_bookings WHERE id = \(bind: id) AND organisation_id = \(bind: actor.organisationID)\(db.forUpdate)
                """).first() else { throw AppError.notFound("booking") }
            guard try row.decode(column: "booked_by", as: UUID.self) == actor.userID || AccessPolicy.allows(actor.roles, .roomManage)
            else { throw AppError.forbidden(.roomManage) }
            let status = try row.decode(column: "status", as: String.self)
            guard status == Status.pending.rawValue || status == Status.approved.rawValue
            else { throw AppError.conflict("the booking is \(status) already") }
            if let occurrenceID = request.occurrenceID {
                guard let o = try await db.raw("""
                    SELECT starts_at, cancelled FROM room_occurrences WHERE id = \(bind: occurrenceID) AND booking_id = \(bind: id)
                    """).first() else { throw AppError.invalid("occurrenceID", "is not an occurrence of this booking") }
                guard try o.decode(column: "cancelled", as: Bool.self) == false else { throw AppError.conflict("the occurrence is cancelled already") }
                guard try o.decode(column: "starts_at", as: Date.self) > now else { throw AppError.invalid("occurrenceID", "has begun already") }
                try await db.raw("UPDATE room_occurrences SET cancelled = \(bind: true) WHERE id = \(bind: occurrenceID)").run()
                try await removeSessions(of: "o.id = \(bind: occurrenceID)", actor: actor, on: db)
            } else {
                let left = try await db.raw("""
                    SELECT COUNT(*) AS n FROM room_occurrences WHERE booking_id = \(bind: id) AND starts_at > \(bind: now) AND cancelled = \(bind: false)
                    """).first()!.decode(column: "n", as: Int.self)
                guard left > 0 else { throw AppError.conflict("nothing of this booking is left to cancel") }
                try await db.raw("UPDATE room_occurrences SET cancelled = \(bind: true) WHERE booking_id = \(bind: id) AND starts_at > \(bind: now)").run()
                try await removeSessions(of: "o.booking_id = \(bind: id) AND o.starts_at > \(bind: now)", actor: actor, on: db)
            }
            // a booking none of whose occurrences is left is cancelled; one whose past stays keeps its history
            try await db.raw("""
                UPDATE room_bookings SET status = \(bind: Status.cancelled.rawValue)
                WHERE id = \(bind: id) AND NOT EXISTS (SELECT 1 FROM room_occurrences o WHERE o.booking_id = \(bind: id) AND o.cancelled = \(bind: false))
                """).run()
            try await db.raw("UPDATE room_bookings SET sequence = sequence + 1 WHERE id = \(bind: id)").run()
            try await AuditLog.append([.init(verb: .update, recordType: "room_booking", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await get(id, by: caller)
    }
}
