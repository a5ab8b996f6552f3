import Foundation
import SafeguardCore
import Vapor

/// The rooms' pages: the list, a room's week with its booking form, a booking, and the bookings
/// waiting for approval. The booking form checks before it saves: "Check" lists every occurrence
/// and what it would overlap, "Book" saves only when nothing does. No page needs JavaScript.
enum RoomPages {
    /// The booking form as typed: the repeat is chosen in plain words and written as an RRULE here.
    struct BookingForm: Content {
        var intent: String?
        var purpose: String?, title: String?, people: String?, firstDay: String?, starts: String?, ends: String?
        /// `DAILY`, `WEEKLY`, `MONTHLY`; empty for once.
        var frequency: String?
        var weekdays: [String]?
        var until: String?, count: String?
        /// Days left out, separated by commas or spaces.
        var exceptions: String?
        var cohortID: UUID?
        var trainerID: UUID?

        /// The API's input, or the problems only the form can have (a number not typed as one, a repeat without an end).
        func input(roomID: UUID) -> (BookingInput, [FieldError]) {
            var problems: [FieldError] = []
            let typedPeople = people?.trimmed
            let number = Int(people?.trimmed ?? "")
            if typedPeople != nil && number == nil { problems.append(FieldError("people", "give the number of people (at least 1)")) }
            var rule: String?
            if let frequency = frequency?.trimmed {
                var parts = ["FREQ=" + frequency]
                let days = (weekdays ?? []).filter { Weekday(rawValue: $0) != nil }
                if frequency == "WEEKLY" && !days.isEmpty { parts.append("BYDAY=" + days.joined(separator: ",")) }
                if let until = until?.trimmed {
                    parts.append("UNTIL=" + until.replacingOccurrences(of: "-", with: ""))
                } else if let times = count?.trimmed {
                    parts.append("COUNT=" + times)
                } else {
                    problems.append(FieldError("until", "give the last day or the number of times"))
                }
                rule = parts.joined(separator: ";")
            }
            let left = (exceptions ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            return (BookingInput(roomID: roomID, purpose: purpose, title: title, people: number, firstDay: firstDay, starts: starts, ends: ends, rule: rule,
                                 exceptions: left, cohortID: cohortID, trainerID: trainerID), problems)
        }
    }
    typealias BookingInput = RoomBookings.BookingInput

    static let places: FormKit.Places = [
        "purpose": ("b-purpose", "room.field.purpose"), "title": ("b-title", "room.field.title"), "people": ("b-people", "room.field.people"),
        "firstDay": ("b-day", "room.field.firstDay"), "starts": ("b-starts", "room.field.starts"), "ends": ("b-ends", "room.field.ends"),
        "rule": ("b-frequency", "room.field.repeat"), "until": ("b-until", "room.field.until"), "exceptions": ("b-exceptions", "room.field.exceptions"),
        "cohortID": ("b-title", "room.field.title"), "trainerID": ("b-trainer", "room.field.trainer"), "roomID": ("b-title", "room.field.title"),
    ]
    static let roomPlaces: FormKit.Places = [
        "name": ("r-name", "room.field.name"), "capacity": ("r-capacity", "room.field.capacity"), "equipment": ("r-equipment", "room.field.equipment"),
        "accessibility": ("r-accessibility", "room.field.accessibility"), "openDays": ("r-days", "room.field.openDays"),
        "opens": ("r-opens", "room.field.opens"), "closes": ("r-closes", "room.field.closes"),
    ]
    static let closurePlaces: FormKit.Places = ["day": ("c-day", "room.field.closedDay"), "reason": ("c-reason", "room.field.reason")]

    static func time(_ date: Date, _ zone: TimeZone) -> String { String(LocalTime.inputValue(date, in: zone).suffix(5)) }

    static func weekdayBoxes(_ name: String, idPrefix: String, chosen: [String], _ s: Strings) -> HTML {
        let boxes: [HTML] = Weekday.allCases.map { day in
            let checked: HTML = chosen.contains(day.rawValue) ? " checked" : ""
            return "<span class=\"check\"><input type=\"checkbox\" id=\"\(idPrefix)-\(day.rawValue)\" name=\"\(name)[]\" value=\"\(day.rawValue)\"\(checked)> <label for=\"\(idPrefix)-\(day.rawValue)\">\(s["weekday." + day.rawValue])</label></span>"
        }
        return "\(boxes)"
    }

    // MARK: the list of rooms

    struct RoomForm: Content {
        var name: String?, capacity: String?, equipment: String?, accessibility: String?, openDays: [String]?, opens: String?, closes: String?, needsApproval: String?
        func input() -> (Rooms.RoomInput, [FieldError]) {
            let typed = capacity?.trimmed, number = Int(typed ?? "")
            return (Rooms.RoomInput(name: name, capacity: number, equipment: equipment, accessibility: accessibility, openDays: (openDays ?? []).joined(separator: ","),
                                    opens: opens, closes: closes, needsApproval: needsApproval == "true"),
                    typed != nil && number == nil ? [FieldError("capacity", "give the number of people the room holds (1 to 10000)")] : [])
        }
    }

    @Sendable static func list(req: Request) async throws -> HTML {
        try await listPage(req, form: RoomForm(capacity: "25", openDays: ["MO", "TU", "WE", "TH", "FR"], opens: "08:00", closes: "18:00"), errors: [])
    }

    static func listPage(_ req: Request, form: RoomForm, errors: [FieldError]) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let rooms = req.strings.ordered(try await Rooms.list(by: caller), by: \.name)
        let manages = AccessPolicy.allows(caller.actor.roles, .roomManage)
        // what the booking is for travels with the link: a cohort's sessions, a case conference
        let carried = [req.query[UUID.self, at: "cohort"].map { "cohort=\($0)" }, purpose(req).map { "purpose=\($0.rawValue)" }].compactMap { $0 }
        let rows: [HTML] = rooms.map { r in
            let link = RoomPaths.room(r.id) + (carried.isEmpty ? "" : "?" + carried.joined(separator: "&"))
            return """
                <tr><td><a href="\(link)">\(r.name)</a></td><td>\(r.capacity)</td><td>\(hours(r, s))</td>
                <td>\(r.equipment ?? "")</td><td>\(r.accessibility ?? "")</td><td>\(r.needsApproval ? s["common.yes"] : s["common.no"])</td></tr>
                """
        }
        let table: HTML = rooms.isEmpty ? "<p>\(s["room.none"])</p>" : """
            <table><caption>\(s["room.list"])</caption><thead><tr><th scope="col">\(s["room.field.name"])</th><th scope="col">\(s["room.field.capacity"])</th>
            <th scope="col">\(s["room.hours"])</th><th scope="col">\(s["room.field.equipment"])</th><th scope="col">\(s["room.field.accessibility"])</th>
            <th scope="col">\(s["room.field.needsApproval"])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let add: HTML = manages ? """
            <p><a href="\(RoomPaths.waiting())">\(s["room.waiting"])</a></p>
            <section aria-labelledby="add-room"><h2 id="add-room">\(s["room.add"])</h2>
            \(FormKit.errorSummary(errors, places: roomPlaces, s))
            <form method="post" action="\(RoomPaths.rooms())">\(Layout.csrfField(req))
            \(FormKit.field("name", s["room.field.name"], form.name, id: "r-name", extra: " maxlength=\"100\" required"))
            \(FormKit.field("capacity", s["room.field.capacity"], form.capacity, id: "r-capacity", type: "number", extra: " min=\"1\" max=\"10000\" required"))
            \(FormKit.field("equipment", s["room.field.equipment"], form.equipment, id: "r-equipment", extra: " maxlength=\"500\""))
            \(FormKit.field("accessibility", s["room.field.accessibility"], form.accessibility, id: "r-accessibility", extra: " maxlength=\"500\""))
            <fieldset id="r-days"><legend>\(s["room.field.openDays"])</legend>\(weekdayBoxes("openDays", idPrefix: "r-day", chosen: form.openDays ?? [], s))</fieldset>
            \(FormKit.field("opens", s["room.field.opens"], form.opens, id: "r-opens", type: "time", extra: " required"))
            \(FormKit.field("closes", s["room.field.closes"], form.closes, id: "r-closes", type: "time", extra: " required"))
            <p><label class="choice" for="r-approval"><input type="checkbox" id="r-approval" name="needsApproval" value="true"\(form.needsApproval == "true" ? " checked" : "" as HTML)> \(s["room.field.needsApproval"])</label></p>
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """ : ""
        return Layout.page(s["room.title"], req, "\(table)\(add)")
    }

    /// A purpose named in the address (`?purpose=case_conference` from a case's page).
    static func purpose(_ req: Request) -> RoomBookings.Purpose? { req.query[String.self, at: "purpose"].flatMap(RoomBookings.Purpose.init) }

    static func hours(_ r: Rooms.Room, _ s: Strings) -> String {
        let days = (OpeningHours.days(r.openDays) ?? []).map { s["weekday." + $0.rawValue] }.joined(separator: ", ")
        return "\(days) · \(r.opens)–\(r.closes) (\(r.timeZone))"
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let form = try req.content.decode(RoomForm.self)
        return try await FormKit.saveOrShow(req, save: {
            let (input, problems) = form.input()
            guard problems.isEmpty else { throw ValidationErrors(problems) }
            let room = try await Rooms.create(input, by: try req.caller())
            return Pages.seeOther(RoomPaths.room(room.id))
        }, show: { try await listPage(req, form: form, errors: $0) })
    }

    // MARK: a room's week and its booking form

    @Sendable static func room(req: Request) async throws -> HTML {
        // only those who run training book for a cohort (and see its trainers)
        let cohort = AccessPolicy.allows(try req.actor().roles, .trainingManage) ? req.query[UUID.self, at: "cohort"] : nil
        // a day chosen in the week ("book on this day") is the form's day
        let day = req.query[String.self, at: "day"].flatMap { CivilDay($0) }?.description
        let purpose = cohort == nil ? purpose(req) : .training
        // a case conference's title never names the child: the form offers the plain words
        let title = purpose == .caseConference ? req.strings["room.purpose.case_conference"] : nil
        return try await roomPage(req, form: BookingForm(purpose: purpose?.rawValue, title: title, firstDay: day, starts: "09:00", ends: "11:00", cohortID: cohort),
                                  plan: nil, errors: [], closureErrors: [])
    }

    static func roomPage(_ req: Request, form: BookingForm, plan: RoomBookings.Plan?, errors: [FieldError], closureErrors: [FieldError], feed: String? = nil) async throws -> HTML {
        let s = req.strings, caller = try req.caller(), id = try req.uuid("roomID")
        let room = try await Rooms.get(id, by: caller)
        let zone = TimeZone(identifier: room.timeZone) ?? LocalTime.utc
        let manages = AccessPolicy.allows(caller.actor.roles, .roomManage)
        let today = CivilDay(LocalTime.day(Date(), in: zone))!
        let chosen = req.query[String.self, at: "week"].flatMap { CivilDay($0) } ?? today
        let monday = chosen.adding(days: -Weekday(of: chosen).index)
        guard let from = RoomBookings.instant(monday, ClockTime(minutes: 0)!, zone), let to = RoomBookings.instant(monday.adding(days: 7), ClockTime(minutes: 0)!, zone)
        else { throw AppError.invalid("week", "give the date (YYYY-MM-DD)") }
        let slots = try await RoomBookings.slots(id, from: from, to: to, by: caller)
        let closed = Set(room.closures.map(\.day)), openDays = OpeningHours.days(room.openDays) ?? []
        let cohortQuery = (form.cohortID.map { "&cohort=\($0)" } ?? "") + (purpose(req).map { "&purpose=\($0.rawValue)" } ?? "")
        let days: [HTML] = (0..<7).map { offset in
            let day = monday.adding(days: offset), weekday = Weekday(of: day)
            let daySlots = slots.filter { LocalTime.day($0.startsAt, in: zone) == day.description }
            let items: [HTML] = daySlots.map { x in
                let pending: HTML = x.status == RoomBookings.Status.pending.rawValue ? " <span class=\"hint\">(\(s["room.status.pending"]))</span>" : ""
                return "<li><a href=\"\(RoomPaths.booking(x.bookingID))\">\(time(x.startsAt, zone))–\(time(x.endsAt, zone)) \(x.title)</a> · \(s["room.purpose." + x.purpose]) · \(s.format("room.peopleCount", ["people": String(x.people)]))\(pending)</li>"
            }
            let isOpen = !closed.contains(day.description) && openDays.contains(weekday)
            let state: HTML = !isOpen ? "<p class=\"hint\">\(s["room.closedDay"])</p>" : items.isEmpty ? "<p class=\"hint\">\(s["room.free"])</p>" : "<ul>\(items)</ul>"
            let bookThatDay: HTML = isOpen && day >= today ? """
                <p><a href="\(RoomPaths.room(id))?week=\(monday.description)&amp;day=\(day.description)\(cohortQuery)#book">\(s.format("room.bookOn", ["day": day.description]))</a></p>
                """ : ""
            return "<section aria-labelledby=\"d-\(day.description)\"><h3 id=\"d-\(day.description)\">\(s["weekday." + weekday.rawValue]) \(day.description)</h3>\(state)\(bookThatDay)</section>"
        }
        let nav: HTML = """
            <nav aria-label="\(s["room.weeks"])"><a href="\(RoomPaths.room(id))?week=\(monday.adding(days: -7).description)\(cohortQuery)">\(s["room.previousWeek"])</a> ·
            <a href="\(RoomPaths.room(id))?week=\(today.description)\(cohortQuery)">\(s["room.thisWeek"])</a> ·
            <a href="\(RoomPaths.room(id))?week=\(monday.adding(days: 7).description)\(cohortQuery)">\(s["room.nextWeek"])</a></nav>
            """
        let about: HTML = """
            <dl><dt>\(s["room.field.capacity"])</dt><dd>\(room.capacity)</dd><dt>\(s["room.hours"])</dt><dd>\(hours(room, s))</dd>
            \(room.equipment.map { "<dt>\(s["room.field.equipment"])</dt><dd>\($0)</dd>" } ?? "" as HTML)
            \(room.accessibility.map { "<dt>\(s["room.field.accessibility"])</dt><dd>\($0)</dd>" } ?? "" as HTML)
            \(room.needsApproval ? "<dt>\(s["room.field.needsApproval"])</dt><dd>\(s["common.yes"])</dd>" : "" as HTML)</dl>
            """
        let manage: HTML = manages ? try await managerForms(req, room: room, errors: closureErrors, feed: feed) : ""
        return Layout.page(room.name, req, """
            \(about)
            <section aria-labelledby="week"><h2 id="week">\(s.format("room.weekOf", ["day": monday.description]))</h2>\(nav)\(days)</section>
            \(try await bookingForm(req, room: room, form: form, plan: plan, errors: errors, zone: zone))
            \(manage)
            """)
    }

    static func bookingForm(_ req: Request, room: Rooms.Room, form: BookingForm, plan: RoomBookings.Plan?, errors: [FieldError], zone: TimeZone) async throws -> HTML {
        let s = req.strings
        let purposes = Layout.select("purpose", label: s["room.field.purpose"], options: RoomBookings.Purpose.allCases.map(\.rawValue), labelPrefix: "room.purpose.",
                                     selected: form.purpose, strings: s, emptyKey: "common.choose", required: true, id: "b-purpose")
        let frequencies = Layout.select("frequency", label: s["room.field.repeat"], options: ["DAILY", "WEEKLY", "MONTHLY"], labelPrefix: "room.frequency.",
                                        selected: form.frequency, strings: s, emptyKey: "room.frequency.once", id: "b-frequency")
        var cohort: HTML = ""
        if let cohortID = form.cohortID {
            let options = try await TrainingPages.trainerOptions(try req.actor().organisationID, selected: form.trainerID, on: req.sql)
            cohort = """
                <input type="hidden" name="cohortID" value="\(cohortID.uuidString)"><p class="hint">\(s["room.forCohort"])</p>
                <label for="b-trainer">\(s["room.field.trainer"])</label><select id="b-trainer" name="trainerID"><option value="">\(s["common.choose"])</option>\(options)</select>
                """
        }
        var preview: HTML = ""
        if let plan {
            let rows: [HTML] = plan.occurrences.map { o in
                let state: HTML = o.conflictsWith.map { "<strong>\(s.format("room.overlaps", ["title": $0]))</strong>" } ?? "\(s["room.free"])"
                return "<tr><td>\(o.day)</td><td>\(time(o.startsAt, zone))–\(time(o.endsAt, zone))</td><td>\(state)</td></tr>"
            }
            let summary = plan.conflicts == 0
                ? s.format(plan.status == "pending" ? "room.checkFreePending" : "room.checkFree", ["count": String(plan.occurrences.count)])
                : s.format("room.checkConflicts", ["count": String(plan.occurrences.count), "conflicts": String(plan.conflicts)])
            preview = """
                <div class="\(plan.conflicts == 0 ? "flash" : "errors")" role="status" tabindex="-1" id="check"><p>\(summary)</p></div>
                <table><caption>\(s["room.occurrences"])</caption><thead><tr><th scope="col">\(s["room.field.firstDay"])</th><th scope="col">\(s["room.time"])</th>
                <th scope="col">\(s["room.state"])</th></tr></thead><tbody>\(rows)</tbody></table>
                """
        }
        return """
            <section aria-labelledby="book"><h2 id="book">\(s["room.book"])</h2>
            \(preview)
            \(FormKit.errorSummary(errors, places: places, s))
            <form method="post" action="\(RoomPaths.roomBookings(room.id))">\(Layout.csrfField(req))
            \(cohort)
            \(purposes)
            \(FormKit.field("title", s["room.field.title"], form.title, id: "b-title", hint: s["room.titleHint"], extra: " maxlength=\"200\" required"))
            \(FormKit.field("people", s["room.field.people"], form.people, id: "b-people", type: "number", extra: " min=\"1\" max=\"\(room.capacity)\" required"))
            \(FormKit.field("firstDay", s["room.field.firstDay"], form.firstDay, id: "b-day", type: "date", extra: " required"))
            \(FormKit.field("starts", s["room.field.starts"], form.starts, id: "b-starts", type: "time", extra: " required"))
            \(FormKit.field("ends", s["room.field.ends"], form.ends, id: "b-ends", type: "time", extra: " required"))
            \(frequencies)
            <fieldset><legend>\(s["room.field.weekdays"])</legend>\(weekdayBoxes("weekdays", idPrefix: "b-day", chosen: form.weekdays ?? [], s))</fieldset>
            \(FormKit.field("until", s["room.field.until"], form.until, id: "b-until", type: "date"))
            \(FormKit.field("count", s["room.field.count"], form.count, id: "b-count", type: "number", extra: " min=\"1\" max=\"500\""))
            \(FormKit.field("exceptions", s["room.field.exceptions"], form.exceptions, id: "b-exceptions", hint: s["room.exceptionsHint"], extra: " maxlength=\"6000\""))
            <p><button type="submit" name="intent" value="check">\(s["room.check"])</button> <button type="submit" name="intent" value="book">\(s["room.bookButton"])</button></p>
            </form></section>
            """
    }

    static func managerForms(_ req: Request, room: Rooms.Room, errors: [FieldError], feed: String?) async throws -> HTML {
        let s = req.strings
        let closures: [HTML] = room.closures.map { "<li>\($0.day): \($0.reason)</li>" }
        return """
            <section aria-labelledby="closures"><h2 id="closures">\(s["room.closures"])</h2>
            \(closures.isEmpty ? "" : "<ul>\(closures)</ul>" as HTML)
            \(FormKit.errorSummary(errors, places: closurePlaces, s))
            <form method="post" action="\(RoomPaths.roomClosures(room.id))">\(Layout.csrfField(req))
            \(FormKit.field("day", s["room.field.closedDay"], nil, id: "c-day", type: "date", extra: " required"))
            \(FormKit.field("reason", s["room.field.reason"], nil, id: "c-reason", extra: " maxlength=\"200\" required"))
            <p><button type="submit">\(s["room.close"])</button></p></form></section>
            <section aria-labelledby="feed"><h2 id="feed">\(s["room.feed"])</h2><p>\(s["room.feedExplained"])</p>
            \(feed.map { "<p><code>\($0)</code></p>" } ?? "" as HTML)
            <form method="post" action="\(RoomPaths.roomFeed(room.id))">\(Layout.csrfField(req))<button type="submit">\(s["room.feedMake"])</button></form></section>
            """
    }

    /// "Check" shows the occurrences and their conflicts; "Book" saves and opens the booking.
    @Sendable static func book(req: Request) async throws -> Response {
        let id = try req.uuid("roomID"), form = try req.content.decode(BookingForm.self), caller = try req.caller()
        let (input, problems) = form.input(roomID: id)
        do {
            guard problems.isEmpty else { throw ValidationErrors(problems) }
            if form.intent == "book" {
                let booking = try await RoomBookings.book(input, by: caller)
                return Pages.seeOther(RoomPaths.booking(booking.id))
            }
            let plan = try await RoomBookings.check(input, by: caller)
            return try await roomPage(req, form: form, plan: plan, errors: [], closureErrors: []).encodeResponse(for: req)
        } catch {
            guard let refused = FormKit.problems(error) else { throw error }
            // a refused booking still shows which occurrences overlap, when its own fields were right
            let plan = form.intent == "book" && problems.isEmpty ? try? await RoomBookings.check(input, by: caller) : nil
            let response = try await roomPage(req, form: form, plan: plan, errors: refused, closureErrors: []).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    @Sendable static func close(req: Request) async throws -> Response {
        let id = try req.uuid("roomID"), input = try req.content.decode(Rooms.ClosureInput.self)
        return try await FormKit.saveOrShow(req, save: {
            _ = try await Rooms.close(id, input, by: try req.caller())
            return Pages.seeOther(RoomPaths.room(id) + "#closures")
        }, show: { try await roomPage(req, form: BookingForm(), plan: nil, errors: [], closureErrors: $0) })
    }

    @Sendable static func makeFeed(req: Request) async throws -> HTML {
        let address = try await Rooms.makeFeed(try req.uuid("roomID"), by: try req.caller())
        return try await roomPage(req, form: BookingForm(), plan: nil, errors: [], closureErrors: [], feed: address.url)
    }

    // MARK: a booking

    @Sendable static func booking(req: Request) async throws -> HTML {
        let s = req.strings, caller = try req.caller()
        let b = try await RoomBookings.get(try req.uuid("bookingID"), by: caller)
        let room = try await Rooms.get(b.roomID, by: caller)
        let zone = TimeZone(identifier: room.timeZone) ?? LocalTime.utc
        let manages = AccessPolicy.allows(caller.actor.roles, .roomManage)
        let mayCancel = (b.bookedByID == caller.actor.userID || manages) && (b.status == "pending" || b.status == "approved")
        let csrf = Layout.csrfField(req), now = Date()
        let rows: [HTML] = b.occurrences.map { o in
            let day = LocalTime.day(o.startsAt, in: zone)
            let action: HTML = o.cancelled ? "\(s["room.cancelled"])" : mayCancel && o.startsAt > now ? """
                <form method="post" action="\(RoomPaths.bookingCancel(b.id))" class="inline">\(csrf)<input type="hidden" name="occurrenceID" value="\(o.id.uuidString)">
                <button type="submit" aria-label="\(s.format("room.cancelOne", ["day": day]))">\(s["room.cancelOneButton"])</button></form>
                """ : ""
            return "<tr><td>\(day)</td><td>\(time(o.startsAt, zone))–\(time(o.endsAt, zone))</td><td>\(action)</td></tr>"
        }
        let decide: HTML = manages && b.status == "pending" ? """
            <form method="post" action="\(RoomPaths.bookingDecision(b.id))" class="inline">\(csrf)<button type="submit" name="approve" value="true">\(s["room.approve"])</button>
            <button type="submit" name="approve" value="false">\(s["room.refuse"])</button></form>
            """ : ""
        let cancelAll: HTML = mayCancel ? """
            <form method="post" action="\(RoomPaths.bookingCancel(b.id))" class="inline">\(csrf)<button type="submit">\(s[b.occurrences.count > 1 ? "room.cancelSeries" : "room.cancelBooking"])</button></form>
            """ : ""
        return Layout.page(b.title, req, """
            <dl><dt>\(s["room.room"])</dt><dd><a href="\(RoomPaths.room(b.roomID))?week=\(b.firstDay)">\(b.roomName)</a></dd>
            <dt>\(s["room.field.purpose"])</dt><dd>\(s["room.purpose." + b.purpose])</dd><dt>\(s["room.field.people"])</dt><dd>\(b.people)</dd>
            <dt>\(s["room.state"])</dt><dd>\(s["room.status." + b.status])</dd><dt>\(s["room.bookedBy"])</dt><dd>\(b.bookedBy)</dd>
            \(b.rule.map { "<dt>\(s["room.field.repeat"])</dt><dd><code>\($0)</code></dd>" } ?? "" as HTML)</dl>
            <p>\(decide) \(cancelAll)</p>
            <table><caption>\(s["room.occurrences"])</caption><thead><tr><th scope="col">\(s["room.field.firstDay"])</th><th scope="col">\(s["room.time"])</th>
            <th scope="col"><span class="visually-hidden">\(s["room.state"])</span></th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let id = try req.uuid("bookingID")
        _ = try await RoomBookings.decide(id, try req.content.decode(RoomBookings.Decision.self), by: try req.caller())
        return Pages.seeOther(RoomPaths.waiting())
    }

    @Sendable static func cancel(req: Request) async throws -> Response {
        let id = try req.uuid("bookingID")
        _ = try await RoomBookings.cancel(id, try req.content.decode(RoomBookings.Cancel.self), by: try req.caller())
        return Pages.seeOther(RoomPaths.booking(id))
    }

    @Sendable static func waiting(req: Request) async throws -> HTML {
        let s = req.strings, caller = try req.caller(), csrf = Layout.csrfField(req)
        let bookings = try await RoomBookings.waiting(by: caller)
        let rows: [HTML] = bookings.map { b in
            """
            <tr><td><a href="\(RoomPaths.booking(b.id))">\(b.title)</a></td><td>\(b.roomName)</td><td>\(b.firstDay) \(b.starts)–\(b.ends)</td><td>\(b.bookedBy)</td>
            <td><form method="post" action="\(RoomPaths.bookingDecision(b.id))" class="inline">\(csrf)
            <button type="submit" name="approve" value="true" aria-label="\(s.format("room.approveOne", ["title": b.title]))">\(s["room.approve"])</button>
            <button type="submit" name="approve" value="false" aria-label="\(s.format("room.refuseOne", ["title": b.title]))">\(s["room.refuse"])</button></form></td></tr>
            """
        }
        return Layout.page(s["room.waiting"], req, bookings.isEmpty ? "<p>\(s["room.noneWaiting"])</p>" : """
            <table><caption>\(s["room.waiting"])</caption><thead><tr><th scope="col">\(s["room.field.title"])</th><th scope="col">\(s["room.room"])</th>
            <th scope="col">\(s["room.field.firstDay"])</th><th scope="col">\(s["room.bookedBy"])</th><th scope="col"><span class="visually-hidden">\(s["room.state"])</span></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """)
    }

    // MARK: the API

    @Sendable static func createJSON(req: Request) async throws -> Response {
        try await Rooms.create(try req.content.decode(Rooms.RoomInput.self), by: try req.caller()).created(for: req)
    }
    @Sendable static func listJSON(req: Request) async throws -> [Rooms.Room] { try await Rooms.list(by: try req.caller()) }
    @Sendable static func roomJSON(req: Request) async throws -> Rooms.Room { try await Rooms.get(try req.uuid("roomID"), by: try req.caller()) }
    @Sendable static func closeJSON(req: Request) async throws -> Response {
        let closure = try await Rooms.close(try req.uuid("roomID"), try req.content.decode(Rooms.ClosureInput.self), by: try req.caller())
        return try await closure.encodeResponse(status: .created, for: req)
    }
    @Sendable static func feedJSON(req: Request) async throws -> CalendarFeed.Address { try await Rooms.makeFeed(try req.uuid("roomID"), by: try req.caller()) }

    /// `?from=2026-12-07&days=7`: a room's occurrences over at most 62 days, read in the room's zone.
    @Sendable static func occurrencesJSON(req: Request) async throws -> [RoomBookings.Slot] {
        let caller = try req.caller(), id = try req.uuid("roomID")
        let room = try await Rooms.get(id, by: caller)
        let zone = TimeZone(identifier: room.timeZone) ?? LocalTime.utc
        var v = FieldValidator()
        let fromText = req.query[String.self, at: "from"]
        let from = fromText.map { CivilDay($0) } ?? CivilDay(LocalTime.day(Date(), in: zone))
        v.check(from != nil, "from", "give the date (YYYY-MM-DD)")
        let daysText = req.query[String.self, at: "days"]
        let days = daysText.map { Int($0) } ?? 7
        v.check(days.map { (1...62).contains($0) } ?? false, "days", "give a number of days from 1 to 62")
        try v.finish()
        guard let start = RoomBookings.instant(from!, ClockTime(minutes: 0)!, zone), let end = RoomBookings.instant(from!.adding(days: days!), ClockTime(minutes: 0)!, zone)
        else { throw AppError.invalid("from", "give the date (YYYY-MM-DD)") }
        return try await RoomBookings.slots(id, from: start, to: end, by: caller)
    }
    @Sendable static func checkJSON(req: Request) async throws -> RoomBookings.Plan {
        try await RoomBookings.check(try req.content.decode(RoomBookings.BookingInput.self), by: try req.caller())
    }
    @Sendable static func bookJSON(req: Request) async throws -> Response {
        let booking = try await RoomBookings.book(try req.content.decode(RoomBookings.BookingInput.self), by: try req.caller())
        return try await RoomBookings.get(booking.id, by: try req.caller()).encodeResponse(status: .created, for: req)
    }
    @Sendable static func bookingJSON(req: Request) async throws -> RoomBookings.Booking {
        try await RoomBookings.get(try req.uuid("bookingID"), by: try req.caller())
    }
    @Sendable static func decideJSON(req: Request) async throws -> RoomBookings.Booking {
        try await RoomBookings.decide(try req.uuid("bookingID"), try req.content.decode(RoomBookings.Decision.self), by: try req.caller())
    }
    @Sendable static func cancelJSON(req: Request) async throws -> RoomBookings.Booking {
        try await RoomBookings.cancel(try req.uuid("bookingID"), try req.content.decode(RoomBookings.Cancel.self), by: try req.caller())
    }
    @Sendable static func waitingJSON(req: Request) async throws -> [RoomBookings.Booking] { try await RoomBookings.waiting(by: try req.caller()) }
}
