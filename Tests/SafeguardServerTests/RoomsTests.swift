import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The classroom as a coordinator, a colleague and the room's manager rely on it: a weekly series
/// for a cohort becomes its sessions, every occurrence is checked, a conflicting booking is refused
/// whoever asks first, and calendars follow each change.
@Suite struct RoomsTests {
    func created(_ server: TestServer, _ path: String, _ json: String, as role: Role) async throws -> UUID {
        let response = try await server.send(.POST, path, as: role, json: json)
        #expect(response.status == .created, "\(path): \(response.body.string)")
        return try server.decode(IDOnly.self, response).id
    }

    /// The Monday after next (UTC, the test organisation's zone): a day no test reaches in the past.
    var monday: CivilDay {
        let today = CivilDay(Date())
        return today.adding(days: 14 - Weekday(of: today).index)
    }

    func classroom(_ server: TestServer, approval: Bool = false, name: String = "Synthetic classroom") async throws -> UUID {
        try await created(server, "/api/rooms", """
            {"name":"\(name)","capacity":25,"equipment":"Projector","accessibility":"Step-free","openDays":"MO,TU,WE,TH,FR",
             "opens":"08:00","closes":"18:00","needsApproval":\(approval)}
            """, as: .roomManager)
    }

    func feed(_ server: TestServer, _ url: String) async throws -> String {
        let start = url.range(of: "/rooms/calendar/") ?? url.range(of: "/calendar/")!
        let path = String(url[start.lowerBound...])
        let response = try await server.send(.GET, path)
        #expect(response.status == .ok && response.headers.contentType?.subType == "calendar", "\(response.status)")
        return response.body.string.replacingOccurrences(of: "\r\n ", with: "")
    }

    @Test func aWeeklySeriesForACohortBecomesItsSessionsAndAConflictIsRefused() async throws {
        try await TestServer.run { server in
            // setup: the classroom, and a cohort of twelve weeks
            let room = try await classroom(server)
            let programme = try await created(server, "/api/training/programmes", #"""
                {"title":"Synthetic child-rights course","description":"Synthetic","targetGroups":["social_worker"],"delivery":"face_to_face","hours":12,"language":"zh","requiredPercent":60}
                """#, as: .trainingCoordinator)
            let cohort = try await created(server, "/api/training/programmes/\(programme)/cohorts",
                                           #"{"name":"Batch 7","startsOn":"\#(monday)","endsOn":"\#(monday.adding(days: 84))","capacity":25}"#, as: .trainingCoordinator)
            let tuesday = monday.adding(days: 1)
            let series = """
                {"roomID":"\(room)","purpose":"training","title":"Child rights","people":20,"firstDay":"\(tuesday)","starts":"09:00","ends":"11:00",
                 "rule":"FREQ=WEEKLY;BYDAY=TU;COUNT=6","cohortID":"\(cohort)","trainerID":"\(server.users[.trainer]!)"}
                """

            // act: check, then book
            let check = try await server.send(.POST, "/api/rooms/booking-checks", as: .trainingCoordinator, json: series)
            let plan = try server.decode(RoomBookings.Plan.self, check)
            let booked = try await server.send(.POST, "/api/rooms/bookings", as: .trainingCoordinator, json: series)

            // assert: six Tuesdays, each a session of the cohort in the room
            #expect(check.status == .ok && plan.conflicts == 0 && plan.status == "approved")
            #expect(plan.occurrences.map(\.day) == (0..<6).map { tuesday.adding(days: 7 * $0).description })
            #expect(booked.status == .created, "\(booked.body.string)")
            let booking = try server.decode(RoomBookings.Booking.self, booked)
            #expect(booking.occurrences.count == 6 && booking.occurrences.allSatisfy { $0.trainingSessionID != nil })
            let sessions = try await server.app.db.sql.raw("""
                SELECT title, place, trainer_id FROM training_sessions WHERE cohort_id = \(bind: cohort) ORDER BY starts_at
                """).all()
            #expect(sessions.count == 6)
            #expect(try sessions.allSatisfy { try $0.decode(column: "place", as: String.self) == "Synthetic classroom" })
            #expect(try sessions.first?.decode(column: "title", as: String.self) == "Child rights 1")

            // act: a colleague asks for the third Tuesday at ten; another for eleven, when the series ends
            let overlapping = """
                {"roomID":"\(room)","purpose":"meeting","title":"Team meeting","people":8,"firstDay":"\(tuesday.adding(days: 14))","starts":"10:00","ends":"12:00"}
                """
            let seen = try server.decode(RoomBookings.Plan.self, try await server.send(.POST, "/api/rooms/booking-checks", as: .counsellor, json: overlapping))
            let refused = try await server.send(.POST, "/api/rooms/bookings", as: .counsellor, json: overlapping)
            let backToBack = try await server.send(.POST, "/api/rooms/bookings", as: .counsellor,
                                                   json: overlapping.replacingOccurrences(of: "\"10:00\"", with: "\"11:00\""))

            // assert: the overlap is named before anything is saved, and the save refuses it; back to back is fine
            #expect(seen.conflicts == 1 && seen.occurrences[0].conflictsWith == "Child rights")
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("occurrences overlap other bookings: 1, the first on \(tuesday.adding(days: 14))"))
            #expect(backToBack.status == .created, "\(backToBack.body.string)")
            let count = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM room_occurrences").first()!.decode(column: "n", as: Int.self)
            #expect(count == 7)

            // act: the room's calendar, the trainer's and the coordinator's own
            let address = try server.decode(CalendarFeed.Address.self, try await server.send(.POST, "/api/rooms/\(room)/calendar-feed", as: .roomManager))
            let roomFeed = try await feed(server, address.url)
            let trainerAddress = try server.decode(CalendarFeed.Address.self, try await server.send(.POST, "/api/me/calendar-feed", as: .trainer))
            let trainerFeed = try await feed(server, trainerAddress.url)
            let coordinatorAddress = try server.decode(CalendarFeed.Address.self, try await server.send(.POST, "/api/me/calendar-feed", as: .trainingCoordinator))
            let coordinatorFeed = try await feed(server, coordinatorAddress.url)

            // assert
            #expect(roomFeed.components(separatedBy: "BEGIN:VEVENT").count - 1 == 7)
            #expect(roomFeed.contains("SUMMARY:Child rights (Training session)") && roomFeed.contains("STATUS:CONFIRMED"))
            #expect(trainerFeed.components(separatedBy: "LOCATION:Synthetic classroom").count - 1 == 6)
            #expect(coordinatorFeed.contains("SUMMARY:Synthetic classroom: Child rights"))

            // act: the coordinator cancels the second Tuesday; the colleague cancels the meeting
            let second = booking.occurrences[1].id
            let afterOne = try server.decode(RoomBookings.Booking.self, try await server.send(.POST, "/api/rooms/bookings/\(booking.id)/cancel", as: .trainingCoordinator,
                                                                                               json: #"{"occurrenceID":"\#(second)"}"#))
            let meeting = try server.decode(RoomBookings.Booking.self, backToBack)
            let stranger = try await server.send(.POST, "/api/rooms/bookings/\(meeting.id)/cancel", as: .trainer, json: "{}")
            let cancelled = try await server.send(.POST, "/api/rooms/bookings/\(meeting.id)/cancel", as: .counsellor, json: "{}")

            // assert: the occurrence is cancelled in the calendar, with a higher sequence; only the maker or the manager may cancel
            #expect(afterOne.occurrences.filter(\.cancelled).map(\.id) == [second] && afterOne.status == "approved")
            #expect(stranger.status == .forbidden)
            #expect(try server.decode(RoomBookings.Booking.self, cancelled).status == "cancelled")
            let changed = try await feed(server, address.url)
            #expect(changed.components(separatedBy: "STATUS:CANCELLED").count - 1 == 2 && changed.contains("SEQUENCE:1"))
            let week = try server.decode([RoomBookings.Slot].self, try await server.send(.GET, "/api/rooms/\(room)/occurrences?from=\(tuesday.adding(days: 7))&days=7", as: .trainer))
            #expect(week.isEmpty)
            // the freed slot can be booked again
            #expect(try await server.send(.POST, "/api/rooms/bookings", as: .counsellor,
                                          json: overlapping.replacingOccurrences(of: "\(tuesday.adding(days: 14))", with: "\(tuesday.adding(days: 7))")).status == .created)
        }
    }

    @Test func everyBadRequestIsRefusedByNameAndNothingIsWritten() async throws {
        try await TestServer.run { server in
            // setup
            let room = try await classroom(server)
            _ = try await server.send(.POST, "/api/rooms/\(room)/closures", as: .roomManager, json: #"{"day":"\#(monday.adding(days: 3))","reason":"Synthetic holiday"}"#)
            // a meeting on the Monday, with one field changed (a name given twice would be refused for that alone)
            func booking(_ change: String) -> String {
                var fields = [#""roomID":"\#(room)""#, #""purpose":"meeting""#, #""title":"Synthetic""#, #""people":10"#, #""firstDay":"\#(monday)""#,
                              #""starts":"09:00""#, #""ends":"10:00""#]
                for changed in change.split(separator: ",\"").map({ $0.hasPrefix("\"") ? String($0) : "\"" + $0 }) {
                    let name = changed.prefix { $0 != ":" }
                    fields.removeAll { $0.hasPrefix(name + ":") }
                    fields.append(changed)
                }
                return "{" + fields.joined(separator: ",") + "}"
            }
            let cases: [(String, String, String)] = [
                (booking(#""people":30"#), "people", "more than the room holds (25 people)"),
                (booking(#""starts":"07:00""#), "ends", "outside the room's opening hours"),
                (booking(#""firstDay":"2020-01-06""#), "firstDay", "is in the past"),
                (booking(#""rule":"FREQ=WEEKLY""#), "rule", "has no end"),
                (booking(#""rule":"FREQ=DAILY;UNTIL=20991231""#), "rule", "at most 2 years"),
                (booking(#""rule":"FREQ=SECONDLY;COUNT=5""#), "rule", "FREQ=SECONDLY"),
                (booking(#""rule":"FREQ=WEEKLY;COUNT=2","firstDay":"\#(monday.adding(days: 3))""#), "exceptions", "the room is closed on \(monday.adding(days: 3)): leave this day out"),
                (booking(#""ends":"08:00""#), "ends", "must be after the start"),
                (booking(#""starts":"25:00""#), "starts", "give the time (HH:MM)"),
                (booking(#""purpose":"party""#), "purpose", "unknown value"),
                (booking(#""exceptions":["not a day"]"#), "exceptions", "give each day left out as a date"),
                (booking(#""people":99999999999999999999"#), "", ""),
            ]
            for (json, field, message) in cases {
                // act
                let response = try await server.send(.POST, "/api/rooms/bookings", as: .counsellor, json: json)
                // assert
                if field.isEmpty {
                    #expect(response.status == .badRequest || response.status == .unprocessableEntity, "\(response.status)")
                } else {
                    #expect(response.status == .unprocessableEntity && response.body.string.contains(field) && response.body.string.contains(message),
                            "\(json): \(response.body.string)")
                }
            }
            // an UNTIL with a time keeps the last day's occurrence only when it begins by then (the meeting starts at 09:00)
            let until = monday.adding(days: 2).description.replacingOccurrences(of: "-", with: "")
            for (time, expected) in [("083000Z", 2), ("090000Z", 3)] {
                let checked = try await server.send(.POST, "/api/rooms/booking-checks", as: .counsellor, json: booking(#""rule":"FREQ=DAILY;UNTIL=\#(until)T\#(time)""#))
                #expect(try server.decode(RoomBookings.Plan.self, checked).occurrences.count == expected, "\(time)")
            }
            // a room that is not the organisation's is not found; a closure on a booked day is refused
            let other = try await server.otherOrganisation()
            #expect(try await server.send(.GET, "/api/rooms/\(room)", token: other.token).status == .notFound)
            #expect(try await server.send(.POST, "/api/rooms/bookings", as: .counsellor, json: booking(#""roomID":"\#(UUID())""#)).status == .notFound)
            #expect(try await server.send(.POST, "/api/rooms/bookings", as: .counsellor, json: booking(#""firstDay":"\#(monday.adding(days: 1))""#)).status == .created)
            let closing = try await server.send(.POST, "/api/rooms/\(room)/closures", as: .roomManager, json: #"{"day":"\#(monday.adding(days: 1))","reason":"Synthetic"}"#)
            #expect(closing.status == .unprocessableEntity && closing.body.string.contains("1 bookings hold the room that day"))
            #expect(try await server.send(.POST, "/api/rooms", as: .counsellor, json: #"{"name":"X","capacity":5}"#).status == .forbidden)
            let count = try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM room_occurrences").first()!.decode(column: "n", as: Int.self)
            #expect(count == 1)
        }
    }

    @Test func aBookingWaitsForTheManagerAndHoldsItsSlotAgainstParallelRequests() async throws {
        try await TestServer.run { server in
            // setup: a room whose bookings need approval
            let room = try await classroom(server, approval: true, name: "Synthetic meeting room")
            let request = #"{"roomID":"\#(room)","purpose":"case_conference","title":"Case conference","people":6,"firstDay":"\#(monday)","starts":"14:00","ends":"15:30"}"#

            // act: eight colleagues ask for the same slot at once
            let responses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 { group.addTask { try await server.send(.POST, "/api/rooms/bookings", as: .caseWorker, json: request).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            // assert: one holds it, waiting; the others are told it is taken; the manager is told
            #expect(responses.filter { $0 == .created }.count == 1 && responses.filter { $0 == .unprocessableEntity }.count == 7, "\(responses)")
            let waiting = try server.decode([RoomBookings.Booking].self, try await server.send(.GET, "/api/rooms/waiting", as: .roomManager))
            #expect(waiting.count == 1 && waiting[0].status == "pending")
            let told = { (user: UUID, kind: String) in
                try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: user) AND kind = \(bind: kind)")
                    .first()!.decode(column: "n", as: Int.self)
            }
            #expect(try await told(server.users[.roomManager]!, "room.booking_waiting") == 1)

            // act: the manager approves it
            let decided = try await server.send(.POST, "/api/rooms/bookings/\(waiting[0].id)/decision", as: .roomManager, json: #"{"approve":true}"#)
            let again = try await server.send(.POST, "/api/rooms/bookings/\(waiting[0].id)/decision", as: .roomManager, json: #"{"approve":false}"#)

            // assert
            #expect(try server.decode(RoomBookings.Booking.self, decided).status == "approved")
            #expect(again.status == .conflict)
            #expect(try await told(server.users[.caseWorker]!, "room.booking_approved") == 1)
            #expect(try await server.send(.POST, "/api/rooms/bookings/\(waiting[0].id)/decision", as: .caseWorker, json: #"{"approve":true}"#).status == .forbidden)
        }
    }

    @Test func theRoomsPagesWorkWithoutJavaScript() async throws {
        try await TestServer.run { server in
            // setup
            let room = try await classroom(server)
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-trainer")
            let page = try await browser.request(.GET, "/rooms/\(room)")
            let csrf = Browser.csrf(in: page) ?? ""
            let form = [("_csrf", csrf), ("purpose", "seminar"), ("title", "Synthetic seminar"), ("people", "12"), ("firstDay", monday.description),
                        ("starts", "13:00"), ("ends", "15:00"), ("frequency", "WEEKLY"), ("weekdays[]", "MO"), ("weekdays[]", "WE"), ("count", "4"),
                        ("exceptions", monday.adding(days: 2).description)]

            // act: check, then book
            let checked = try await browser.request(.POST, "/rooms/\(room)/bookings", form: form + [("intent", "check")])
            let booked = try await browser.request(.POST, "/rooms/\(room)/bookings", form: form + [("intent", "book")])
            let week = try await browser.request(.GET, "/rooms/\(room)?week=\(monday)")
            let noEnd = try await browser.request(.POST, "/rooms/\(room)/bookings", form: form.filter { $0.0 != "count" } + [("intent", "book")])

            // assert: three occurrences (four less the day left out), shown before saving, then saved and in the week
            #expect(page.status == .ok && page.body.string.contains("Book this room"))
            #expect(checked.status == .ok && checked.body.string.contains("All 3 occurrences are free"), "\(checked.body.string.suffix(3000))")
            #expect(booked.status == .seeOther)
            #expect(week.body.string.contains("13:00–15:00 Synthetic seminar"))
            #expect(noEnd.status == .unprocessableEntity && noEnd.body.string.contains("give the last day or the number of times"))
            let booking = try await browser.request(.GET, booked.headers.first(name: .location)!)
            #expect(booking.status == .ok && booking.body.string.components(separatedBy: "Cancel the occurrence on").count - 1 == 3)
            #expect(try await browser.deadLinks(on: week).isEmpty)
            // from a case's page: the purpose travels to the room's form, titled without the child
            let list = try await browser.request(.GET, "/rooms?purpose=case_conference")
            #expect(list.body.string.contains("/rooms/\(room)?purpose=case_conference"))
            let conference = try await browser.request(.GET, "/rooms/\(room)?purpose=case_conference")
            #expect(conference.body.string.contains("<option value=\"case_conference\" selected>") && conference.body.string.contains("value=\"Case conference\""))
        }
    }

    @Test func theNightTheClocksGoBackIsCheckedWholeAndCancelledSessionsLeaveTheTimetable() async throws {
        try await TestServer.run { server in
            // setup: the organisation keeps New York time; a hall open all day, every day
            try await server.app.db.sql.raw("UPDATE organisations SET time_zone = 'America/New_York' WHERE id = \(bind: server.organisationID)").run()
            let hall = try await created(server, "/api/rooms", #"{"name":"Synthetic hall","capacity":10,"openDays":"MO,TU,WE,TH,FR,SA,SU","opens":"00:00","closes":"24:00"}"#,
                                         as: .roomManager)
            func day(_ starts: String, _ ends: String) -> String {
                // 2027-11-07: the clocks go back in New York, and the day lasts 25 hours
                #"{"roomID":"\#(hall)","purpose":"meeting","title":"Synthetic","people":5,"firstDay":"2027-11-07","starts":"\#(starts)","ends":"\#(ends)"}"#
            }

            // act
            let whole = try await server.send(.POST, "/api/rooms/bookings", as: .counsellor, json: day("00:00", "24:00"))
            let late = try await server.send(.POST, "/api/rooms/bookings", as: .counsellor, json: day("23:30", "24:00"))

            // assert: the 25-hour booking holds its last half hour too
            #expect(whole.status == .created)
            let occurrence = try server.decode(RoomBookings.Booking.self, whole).occurrences[0]
            #expect(occurrence.endsAt.timeIntervalSince(occurrence.startsAt) == 25 * 3600)
            #expect(late.status == .unprocessableEntity && late.body.string.contains("overlap other bookings"))

            // setup: a cohort's weekly series in a room that asks for approval, and one in the hall
            let approval = try await classroom(server, approval: true, name: "Synthetic meeting room")
            let programme = try await created(server, "/api/training/programmes", #"""
                {"title":"Synthetic course","description":"Synthetic","targetGroups":["social_worker"],"delivery":"face_to_face","hours":6,"language":"en","requiredPercent":60}
                """#, as: .trainingCoordinator)
            let cohort = try await created(server, "/api/training/programmes/\(programme)/cohorts",
                                           #"{"name":"Batch 9","startsOn":"\#(monday)","endsOn":"\#(monday.adding(days: 28))","capacity":10}"#, as: .trainingCoordinator)
            func series(_ room: UUID) -> String {
                #"{"roomID":"\#(room)","purpose":"training","title":"Module","people":8,"firstDay":"\#(monday)","starts":"10:00","ends":"12:00","rule":"FREQ=WEEKLY;COUNT=3","cohortID":"\#(cohort)"}"#
            }
            let sessions = { try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM training_sessions WHERE cohort_id = \(bind: cohort)").first()!.decode(column: "n", as: Int.self) }
            let inHall = try server.decode(RoomBookings.Booking.self, try await server.send(.POST, "/api/rooms/bookings", as: .trainingCoordinator, json: series(hall)))
            let waiting = try server.decode(RoomBookings.Booking.self, try await server.send(.POST, "/api/rooms/bookings", as: .trainingCoordinator,
                                                                                             json: series(approval).replacingOccurrences(of: "10:00", with: "14:00").replacingOccurrences(of: "12:00", with: "16:00")))
            #expect(try await sessions() == 6 && waiting.status == "pending")

            // act: the hall's series is cancelled once its first week has begun; the other is refused
            let first = inHall.occurrences[0].trainingSessionID!
            try await server.app.db.sql.raw("UPDATE room_occurrences SET starts_at = \(bind: Date().addingTimeInterval(-3600)) WHERE id = \(bind: inHall.occurrences[0].id)").run()
            _ = try await server.send(.POST, "/api/rooms/bookings/\(inHall.id)/cancel", as: .trainingCoordinator, json: "{}")
            _ = try await server.send(.POST, "/api/rooms/bookings/\(waiting.id)/decision", as: .roomManager, json: #"{"approve":false}"#)

            // assert: only the session that has begun stays on the cohort's timetable
            let left = try await server.app.db.sql.raw("SELECT id FROM training_sessions WHERE cohort_id = \(bind: cohort)").all().map { try $0.decode(column: "id", as: UUID.self) }
            #expect(left == [first])
        }
    }
}
