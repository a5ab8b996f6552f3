import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The organisation's rooms: capacity, equipment, access, opening hours and the days they close.
/// Hours are read in the organisation's time zone, whoever books.
enum Rooms {
    struct RoomInput: Content {
        var name: String?, capacity: Int?, equipment: String?, accessibility: String?
        /// `MO,TU,WE,TH,FR`
        var openDays: String?
        var opens: String?, closes: String?
        var needsApproval: Bool?
    }

    struct Room: Content {
        var id: UUID
        var name: String
        var capacity: Int
        var equipment: String?
        var accessibility: String?
        var openDays: String
        var opens: String
        var closes: String
        var needsApproval: Bool
        /// The IANA zone the hours are read in.
        var timeZone: String
        var closures: [Closure]
    }

    struct Closure: Content { var day: String; var reason: String }
    struct ClosureInput: Content { var day: String?; var reason: String? }

    /// A room as the booking rules read it, with the zone its hours are in.
    struct Rules: Sendable {
        var room: Room
        var booking: RoomBooking.Room
        var zone: TimeZone
    }

    static func create(_ input: RoomInput, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.roomManage)
        var v = FieldValidator()
        let name = v.text(input.name, "name", max: 100, required: "is required")
        v.check(input.capacity.map { (1...10_000).contains($0) } ?? false, "capacity", "give the number of people the room holds (1 to 10000)")
        let equipment = v.text(input.equipment, "equipment", max: 500)
        let accessibility = v.text(input.accessibility, "accessibility", max: 500)
        let days = OpeningHours.days(input.openDays ?? "")
        v.check(days != nil, "openDays", "choose the days the room opens")
        let opens = ClockTime(input.opens?.trimmed ?? ""), closes = ClockTime(input.closes?.trimmed ?? "")
        v.check(opens != nil, "opens", "give the time (HH:MM)")
        v.check(closes != nil, "closes", "give the time (HH:MM)")
        if let opens, let closes { v.check(opens < closes, "closes", "must be after the opening time") }
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            guard try await db.raw("SELECT id FROM rooms WHERE organisation_id = \(bind: actor.organisationID) AND name = \(bind: name!)").first() == nil
            else { throw AppError.invalid("name", "another room has this name") }
            let id = UUID.timeOrdered()
            try await db.insert(into: "rooms")
                .columns("id", "organisation_id", "name", "capacity", "equipment", "accessibility", "open_days", "opens", "closes", "needs_approval", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(name!), SQLBind(input.capacity!), SQLBind(equipment), SQLBind(accessibility),
                        SQLBind(OpeningHours(days: days!, opens: opens!, closes: closes!).daysText), SQLBind(opens!.description), SQLBind(closes!.description),
                        SQLBind(input.needsApproval ?? false), SQLBind(Date()))
                .run()
            try await AuditLog.append([.init(verb: .create, recordType: "room", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    static let columns: SQLQueryString = """
        r.id, r.name, r.capacity, r.equipment, r.accessibility, r.open_days, r.opens, r.closes, r.needs_approval, o.time_zone
        FROM rooms r JOIN organisations o ON o.id = r.organisation_id
        """

    static func room(_ row: any SQLRow, closures: [Closure]) throws -> Room {
        Room(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self), capacity: try row.decode(column: "capacity", as: Int.self),
             equipment: try row.decode(column: "equipment", as: String?.self), accessibility: try row.decode(column: "accessibility", as: String?.self),
             openDays: try row.decode(column: "open_days", as: String.self), opens: try row.decode(column: "opens", as: String.self),
             closes: try row.decode(column: "closes", as: String.self), needsApproval: try row.decode(column: "needs_approval", as: Bool.self),
             timeZone: try row.decode(column: "time_zone", as: String?.self) ?? "UTC", closures: closures)
    }

    static func list(by caller: Caller) async throws -> [Room] {
        _ = try caller.scopes(.roomBook)
        return try await caller.app.sql.raw("SELECT \(columns) WHERE r.organisation_id = \(bind: caller.actor.organisationID) ORDER BY r.name LIMIT 1000")
            .all().map { try room($0, closures: []) }
    }

    /// A room of the caller's organisation with its closures from `since` on; not found for any other.
    /// `lock` holds the room's row to the end of the transaction: bookings of one room are checked
    /// and written one at a time, so two that overlap cannot both pass.
    static func rules(_ id: UUID, actor: Actor, since: CivilDay? = nil, lock: Bool = false, on db: any SQLDatabase) async throws -> Rules {
        // only the room's row: the organisation's, joined for its zone, stays free for its other rooms
        let lockClause: SQLQueryString = lock && db.dialect.name == "postgresql" ? " FOR UPDATE OF r" : ""
        guard let row = try await db.raw("SELECT \(columns) WHERE r.id = \(bind: id) AND r.organisation_id = \(bind: actor.organisationID)\(lockClause)").first()
        else { throw AppError.notFound("room") }
        let closures = try await db.raw("""
            SELECT day, reason FROM room_closures WHERE room_id = \(bind: id) AND day >= \(bind: (since ?? CivilDay(year: 1970, month: 1, day: 1)!).description) ORDER BY day LIMIT 2000
            """).all().map { Closure(day: try $0.decode(column: "day", as: String.self), reason: try $0.decode(column: "reason", as: String.self)) }
        let room = try room(row, closures: closures)
        let hours = OpeningHours(days: OpeningHours.days(room.openDays) ?? [], opens: ClockTime(room.opens)!, closes: ClockTime(room.closes)!)
        return Rules(room: room, booking: .init(capacity: room.capacity, hours: hours, closedDays: Set(closures.compactMap { CivilDay($0.day) })),
                     zone: TimeZone(identifier: room.timeZone) ?? LocalTime.utc)
    }

    static func get(_ id: UUID, by caller: Caller) async throws -> Room {
        _ = try caller.scopes(.roomBook)
        return try await rules(id, actor: caller.actor, since: CivilDay(Date()).adding(days: -1), on: caller.app.sql).room
    }

    /// A day the room does not open (a holiday, a repair). Refused while bookings hold the room that
    /// day: they are cancelled first, by those who made them or by the room's manager.
    static func close(_ id: UUID, _ input: ClosureInput, by caller: Caller) async throws -> Closure {
        _ = try caller.scopes(.roomManage)
        var v = FieldValidator()
        let day = CivilDay(input.day?.trimmed ?? "")
        v.check(day != nil, "day", "give the date (YYYY-MM-DD)")
        let reason = v.text(input.reason, "reason", max: 200, required: "is required")
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            let rules = try await rules(id, actor: actor, lock: true, on: db)
            guard day! >= CivilDay(LocalTime.day(Date(), in: rules.zone))! else { throw AppError.invalid("day", "is in the past") }
            guard let start = RoomBookings.instant(day!, .init(minutes: 0)!, rules.zone), let end = RoomBookings.instant(day!.adding(days: 1), .init(minutes: 0)!, rules.zone)
            else { throw AppError.invalid("day", "give the date (YYYY-MM-DD)") }
            let held = try await db.raw("""
                SELECT COUNT(*) AS n FROM room_occurrences o JOIN room_bookings b ON b.id = o.booking_id
                WHERE o.room_id = \(bind: id) AND o.starts_at < \(bind: end) AND o.ends_at > \(bind: start) AND o.cancelled = \(bind: false) AND b.status IN ('pending', 'approved')
                """).first()!.decode(column: "n", as: Int.self)
            guard held == 0 else { throw AppError.invalid("day", "\(held) bookings hold the room that day: cancel them first") }
            guard try await db.raw("SELECT day FROM room_closures WHERE room_id = \(bind: id) AND day = \(bind: day!.description)").first() == nil
            else { throw AppError.invalid("day", "the room is already closed that day") }
            try await db.insert(into: "room_closures").columns("room_id", "day", "reason").values(SQLBind(id), SQLBind(day!.description), SQLBind(reason!)).run()
            try await AuditLog.append([.init(verb: .update, recordType: "room", recordID: id.uuidString)], by: actor, on: db)
            return Closure(day: day!.description, reason: reason!)
        }
    }

    // MARK: the room's calendar address

    /// A new secret address for the room's bookings (the old one stops working); only its SHA-256 is kept.
    static func makeFeed(_ id: UUID, by caller: Caller) async throws -> CalendarFeed.Address {
        _ = try caller.scopes(.roomManage)
        let secret = CalendarFeed.newSecret(), actor = caller.actor
        try await caller.write { db in
            _ = try await rules(id, actor: actor, on: db)
            try await db.update("rooms").set("feed_hash", to: CalendarFeed.digest(secret)).set("feed_locale", to: actor.locale).where("id", .equal, id).run()
            try await AuditLog.append([.init(verb: .update, recordType: "room", recordID: id.uuidString)], by: actor, on: db)
        }
        return CalendarFeed.Address(url: caller.services.settings.publicURL + RoomPaths.feed(secret + ".ics"))
    }
}
