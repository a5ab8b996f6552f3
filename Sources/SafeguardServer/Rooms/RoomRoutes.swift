import SafeguardCore
import Vapor

/// Every route of the rooms area, registered once: its API under /api and its pages.
enum RoomRoutes {
    static func register(_ app: Application) throws {
        app.on(.GET, RoomPaths.API.rooms, action: .roomBook, use: RoomPages.listJSON)
        app.on(.POST, RoomPaths.API.rooms, action: .roomManage, use: RoomPages.createJSON)
        app.on(.GET, RoomPaths.API.room, action: .roomBook, use: RoomPages.roomJSON)
        app.on(.POST, RoomPaths.API.roomClosures, action: .roomManage, use: RoomPages.closeJSON)
        app.on(.POST, RoomPaths.API.roomFeed, action: .roomManage, use: RoomPages.feedJSON)
        app.on(.GET, RoomPaths.API.roomOccurrences, action: .roomBook, use: RoomPages.occurrencesJSON)
        app.on(.POST, RoomPaths.API.bookingChecks, action: .roomBook, use: RoomPages.checkJSON)
        app.on(.POST, RoomPaths.API.bookings, action: .roomBook, use: RoomPages.bookJSON)
        app.on(.GET, RoomPaths.API.booking, action: .roomBook, use: RoomPages.bookingJSON)
        app.on(.POST, RoomPaths.API.bookingDecision, action: .roomManage, use: RoomPages.decideJSON)
        app.on(.POST, RoomPaths.API.bookingCancel, action: .roomBook, use: RoomPages.cancelJSON)
        app.on(.GET, RoomPaths.API.waiting, action: .roomManage, use: RoomPages.waitingJSON)
        // calendar programs send no session: the secret in the address is the key
        app.open(.GET, RoomPaths.feed, use: RoomCalendar.feed)

        // pages
        app.on(.GET, RoomPaths.rooms, action: .roomBook, use: RoomPages.list)
        app.on(.POST, RoomPaths.rooms, action: .roomManage, use: RoomPages.create)
        app.on(.GET, RoomPaths.room, action: .roomBook, use: RoomPages.room)
        app.on(.POST, RoomPaths.roomBookings, action: .roomBook, use: RoomPages.book)
        app.on(.POST, RoomPaths.roomClosures, action: .roomManage, use: RoomPages.close)
        app.on(.POST, RoomPaths.roomFeed, action: .roomManage, use: RoomPages.makeFeed)
        app.on(.GET, RoomPaths.booking, action: .roomBook, use: RoomPages.booking)
        app.on(.POST, RoomPaths.bookingDecision, action: .roomManage, use: RoomPages.decide)
        app.on(.POST, RoomPaths.bookingCancel, action: .roomBook, use: RoomPages.cancel)
        app.on(.GET, RoomPaths.waiting, action: .roomManage, use: RoomPages.waiting)
    }
}
