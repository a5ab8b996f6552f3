import Foundation
import SafeguardCore
import SQLKit
import Vapor

extension DemoData {
    /// The resource centre's room manager and its classroom for 25, open on weekdays, with a
    /// synthetic weekly seminar booked from next week.
    static func loadRooms(_ app: Application, organisation: UUID, password: String) async throws -> [(String, String, [Role])] {
        let people: [(String, String, [Role])] = [("rooms", "Demo Room Manager", [.roomManager])]
        let manager = try await person(app, organisation: organisation, username: "rooms", displayName: "Demo Room Manager", role: .roomManager, password: password)
        let room = try await Rooms.create(.init(name: "Classroom", capacity: 25, equipment: "Projector, flip chart, 25 chairs", accessibility: "Step-free entrance",
                                                openDays: "MO,TU,WE,TH,FR", opens: "08:00", closes: "18:00", needsApproval: false), by: manager)
        let today = CivilDay(LocalTime.day(Date(), in: TimeZone(identifier: timeZone)!))!
        let nextWednesday = today.adding(days: 7 - Weekday(of: today).index + 2)
        _ = try await RoomBookings.book(.init(roomID: room.id, purpose: RoomBookings.Purpose.seminar.rawValue, title: "Synthetic seminar: listening to children",
                                              people: 18, firstDay: nextWednesday.description, starts: "14:00", ends: "16:00", rule: "FREQ=WEEKLY;COUNT=4"), by: manager)
        return people
    }
}
