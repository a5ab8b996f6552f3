import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Room bookings as iCalendar events: a room's feed behind its secret address, and the bookings a
/// person made in their own feed (`CalendarFeed`). One event per occurrence with a stable UID; a
/// cancelled occurrence, a refused or cancelled booking stays in the feed as STATUS:CANCELLED, and
/// SEQUENCE rises with each change, so subscribed calendars follow.
enum RoomCalendar {
    /// From a quarter ago on: enough history for a calendar, bounded for a room used for years.
    static let since: TimeInterval = -90 * 86_400

    static func events(where condition: SQLQueryString, _ s: Strings, withRoom: Bool, on db: any SQLDatabase) async throws -> [ICalendar.Event] {
        try await db.raw("""
            SELECT o.id, o.starts_at, o.ends_at, o.cancelled, b.title, b.purpose, b.status, b.sequence, r.name AS room_name
            FROM room_occurrences o JOIN room_bookings b ON b.id = o.booking_id JOIN rooms r ON r.id = o.room_id
            WHERE \(condition) AND o.starts_at >= \(bind: Date().addingTimeInterval(since)) ORDER BY o.starts_at LIMIT 5000
            """).all().map { x in
            let status = try x.decode(column: "status", as: String.self), cancelled = try x.decode(column: "cancelled", as: Bool.self)
            let purpose = s["room.purpose." + (try x.decode(column: "purpose", as: String.self))], title = try x.decode(column: "title", as: String.self)
            return ICalendar.Event(
                uid: "\(try x.decode(column: "id", as: UUID.self).uuidString)@safeguard", start: try x.decode(column: "starts_at", as: Date.self),
                end: try x.decode(column: "ends_at", as: Date.self),
                summary: withRoom ? s.format("calendar.roomBooking", ["room": try x.decode(column: "room_name", as: String.self), "title": title]) : "\(title) (\(purpose))",
                location: try x.decode(column: "room_name", as: String.self), sequence: try x.decode(column: "sequence", as: Int.self),
                status: cancelled || status == "refused" || status == "cancelled" ? .cancelled : status == "pending" ? .tentative : .confirmed)
        }
    }

    /// The bookings a person made, for their own feed.
    static func events(for userID: UUID, _ s: Strings, on db: any SQLDatabase) async throws -> [ICalendar.Event] {
        try await events(where: "b.booked_by = \(bind: userID)", s, withRoom: true, on: db)
    }

    /// `GET /rooms/calendar/<secret>.ics`: no session, the secret is the key; an unknown one is 404.
    @Sendable static func feed(req: Request) async throws -> Response {
        guard let row = try await req.sql.raw("""
            SELECT id, name, feed_locale FROM rooms WHERE feed_hash = \(bind: try CalendarFeed.requestedDigest(req))
            """).first() else { throw AppError.notFound("calendar") }
        let roomID = try row.decode(column: "id", as: UUID.self)
        // in the language of the manager who made the address: a calendar program sends none
        let s = Strings(locale: try row.decode(column: "feed_locale", as: String?.self) ?? "en")
        let events = try await events(where: "o.room_id = \(bind: roomID)", s, withRoom: false, on: req.sql)
        return CalendarFeed.response(ICalendar(name: try row.decode(column: "name", as: String.self), events: events))
    }
}
