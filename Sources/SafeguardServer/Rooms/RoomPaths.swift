import Foundation

/// Every path of the rooms area, written once: its routes, links and menu entries use these (see `SitePath`).
enum RoomPaths {
    /// The organisation's rooms; a room manager adds one here.
    static let rooms = SitePath("rooms")
    /// A room's week (or day, `?day=`), with the form to book it.
    static let room = SitePath("rooms/:roomID", UUID.self)
    static let roomClosures = SitePath("rooms/:roomID/closures", UUID.self)
    static let roomFeed = SitePath("rooms/:roomID/calendar-feed", UUID.self)
    static let roomBookings = SitePath("rooms/:roomID/bookings", UUID.self)
    static let booking = SitePath("rooms/bookings/:bookingID", UUID.self)
    static let bookingDecision = SitePath("rooms/bookings/:bookingID/decision", UUID.self)
    static let bookingCancel = SitePath("rooms/bookings/:bookingID/cancel", UUID.self)
    /// Bookings waiting for a room manager's approval.
    static let waiting = SitePath("rooms/waiting")
    /// A room's bookings for calendar programs, behind a secret address: `<secret>.ics`.
    static let feed = SitePath("rooms/calendar/:feed", String.self)

    enum API {
        static let rooms = SitePath("api/rooms")
        static let room = SitePath("api/rooms/:roomID", UUID.self)
        static let roomClosures = SitePath("api/rooms/:roomID/closures", UUID.self)
        static let roomFeed = SitePath("api/rooms/:roomID/calendar-feed", UUID.self)
        static let roomOccurrences = SitePath("api/rooms/:roomID/occurrences", UUID.self)
        static let bookingChecks = SitePath("api/rooms/booking-checks")
        static let bookings = SitePath("api/rooms/bookings")
        static let booking = SitePath("api/rooms/bookings/:bookingID", UUID.self)
        static let bookingDecision = SitePath("api/rooms/bookings/:bookingID/decision", UUID.self)
        static let bookingCancel = SitePath("api/rooms/bookings/:bookingID/cancel", UUID.self)
        static let waiting = SitePath("api/rooms/waiting")
    }
}
