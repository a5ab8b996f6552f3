import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The desk as a librarian and readers rely on it: lending within the rules, returns that serve the
/// queue, renewals that respect it, reminders, and loans that forget their reader.
@Suite struct LibraryCirculationTests {
    func created(_ server: TestServer, _ path: String, _ json: String) async throws -> UUID {
        let response = try await server.send(.POST, path, as: .librarian, json: json)
        #expect(response.status == .created, "\(path): \(response.body.string)")
        return try server.decode(IDOnly.self, response).id
    }

    func desk(_ server: TestServer, _ path: String, card: String? = nil, barcode: String) async throws -> TestingHTTPResponse {
        try await server.send(.POST, path, as: .librarian, json: #"{"cardNumber":\#(card.map { "\"\($0)\"" } ?? "null"),"barcode":"\#(barcode)"}"#)
    }

    @Test func aStudentBorrowsAColleagueWaitsAndTheReturnedBookIsKeptForHer() async throws {
        try await TestServer.run { server in
            // setup: two titles, three copies; a student and a colleague with an account
            let handbook = try await created(server, "/api/library/titles", #"{"title":"Synthetic handbook","format":"handbook","isbns":["0-306-40615-2"]}"#)
            let guide = try await created(server, "/api/library/titles", #"{"title":"Synthetic guide","format":"book"}"#)
            for (title, barcode) in [(handbook, "H-1"), (guide, "G-1"), (guide, "G-2")] {
                _ = try await created(server, "/api/library/titles/\(title)/copies", #"{"barcode":"\#(barcode)","location":"Shelf 3"}"#)
            }
            let nextYear = CivilDay(Date()).adding(days: 365).description
            _ = try await created(server, "/api/library/readers", #"{"cardNumber":"S-100","kind":"student","name":"Synthetic Student","expiresOn":"\#(nextYear)"}"#)
            _ = try await created(server, "/api/library/readers",
                                  #"{"cardNumber":"C-200","kind":"staff","name":"Synthetic Colleague","expiresOn":"\#(nextYear)","username":"test-counsellor"}"#)

            // act: she borrows two books; the colleague holds the handbook
            let first = try await desk(server, "/api/library/loans", card: "S-100", barcode: "H-1")
            let second = try await desk(server, "/api/library/loans", card: "S-100", barcode: "G-1")
            #expect(first.status == .created && second.status == .created, "\(first.body.string) \(second.body.string)")
            #expect(try server.decode(LibraryCirculation.Loan.self, first).dueOn == CivilDay(Date()).adding(days: 14).description)
            let hold = try await server.send(.POST, "/api/library/holds", as: .librarian, json: #"{"titleID":"\#(handbook)","cardNumber":"C-200"}"#)
            #expect(hold.status == .created && (try? server.decode(LibraryCirculation.Hold.self, hold).position) == 1)
            // the same copy twice, a renewal someone waits for, a return of a copy on the shelf: each refused by name
            let again = try await desk(server, "/api/library/loans", card: "C-200", barcode: "H-1")
            #expect(again.status == .unprocessableEntity && again.body.string.contains("already on loan"))
            let renewal = try await desk(server, "/api/library/renewals", barcode: "H-1")
            #expect(renewal.status == .unprocessableEntity && renewal.body.string.contains("another reader is waiting"))
            #expect(try await desk(server, "/api/library/renewals", barcode: "G-1").status == .ok)
            let notOut = try await desk(server, "/api/library/returns", barcode: "G-2")
            #expect(notOut.status == .unprocessableEntity && notOut.body.string.contains("not on loan"))

            // act: she brings the handbook back
            let back = try server.decode(LibraryCirculation.Returned.self, try await desk(server, "/api/library/returns", barcode: "H-1"))

            // assert: it is kept for the colleague, who is told; nobody else may take it; she may
            #expect(back.heldForCard == "C-200" && back.pickUpBy == CivilDay(Date()).adding(days: LoanRule.pickUpDays).description)
            let told = try await server.app.db.sql.raw("""
                SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: server.users[.counsellor]!) AND kind = 'library.hold_ready'
                """).first()!.decode(column: "n", as: Int.self)
            #expect(told == 1)
            let kept = try await desk(server, "/api/library/loans", card: "S-100", barcode: "H-1")
            #expect(kept.status == .unprocessableEntity && kept.body.string.contains("kept for another reader"))
            #expect(try await desk(server, "/api/library/loans", card: "C-200", barcode: "H-1").status == .created)
            let page = try await server.send(.GET, "/library/titles/\(handbook)")
            #expect(page.body.string.contains("On loan") && !page.body.string.contains("Synthetic Student") && !page.body.string.contains("S-100"))
            // the year's figures count the loans by kind of reader, and the titles never borrowed
            let figures = try server.decode(LibraryFigures.Figures.self, try await server.send(.GET, "/api/library/figures", as: .librarian))
            #expect(figures.loans == 3 && figures.byReaderKind == [.init(key: "student", loans: 2), .init(key: "staff", loans: 1)])
            #expect(figures.byCategory == [.init(key: "", loans: 3)])
            #expect(figures.titles == 2 && figures.neverBorrowed == 0 && figures.holdsWaiting == 0 && figures.overdue == 0)
            #expect(figures.byMonth.reduce(0) { $0 + $1.loans } == 3)
            #expect(try await server.send(.GET, "/library/figures", as: .librarian).status == .ok)
            #expect(try await server.send(.GET, "/api/library/figures?year=99999999999999999999", as: .librarian).status == .unprocessableEntity)
            // the names are sealed in the database
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM library_readers WHERE name LIKE '%Synthetic%'").first()!.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test func theRulesHoldAtTheDeskAndUnderParallelRequests() async throws {
        try await TestServer.run { server in
            // setup: a title with seven copies, a student (5 items at most), an expired card
            let title = try await created(server, "/api/library/titles", #"{"title":"Synthetic reader","format":"book"}"#)
            for index in 1...7 { _ = try await created(server, "/api/library/titles/\(title)/copies", #"{"barcode":"R-\#(index)"}"#) }
            let nextYear = CivilDay(Date()).adding(days: 365).description, lastWeek = CivilDay(Date()).adding(days: -7).description
            _ = try await created(server, "/api/library/readers", #"{"cardNumber":"S-1","kind":"student","name":"Synthetic One","expiresOn":"\#(nextYear)"}"#)
            // a card cannot be registered as expired; one registered a year ago has expired since
            let past = try await server.send(.POST, "/api/library/readers", as: .librarian,
                                             json: #"{"cardNumber":"S-2","kind":"student","name":"Synthetic Two","expiresOn":"\#(lastWeek)"}"#)
            #expect(past.status == .unprocessableEntity && past.body.string.contains("from today"))
            _ = try await created(server, "/api/library/readers", #"{"cardNumber":"S-2","kind":"student","name":"Synthetic Two","expiresOn":"\#(nextYear)"}"#)
            try await server.app.db.sql.raw("UPDATE library_readers SET expires_on = \(bind: lastWeek) WHERE card_number = 'S-2'").run()
            _ = try await created(server, "/api/library/readers", #"{"cardNumber":"S-3","kind":"student","name":"Synthetic Three","expiresOn":"\#(nextYear)"}"#)

            // act: seven copies lent at once to the same student
            let answers = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 1...7 { group.addTask { try await desk(server, "/api/library/loans", card: "S-1", barcode: "R-\(index)").status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            // assert: five, the student's limit, and no more
            #expect(answers.filter { $0 == .created }.count == 5, "\(answers)")
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM library_loans WHERE returned_at IS NULL").first()!.decode(column: "n", as: Int.self) == 5)
            // one copy to two readers at once: one of them gets it
            let free = try await server.app.db.sql.raw("SELECT barcode FROM library_copies WHERE status = 'available' LIMIT 1").first()!.decode(column: "barcode", as: String.self)
            _ = try await created(server, "/api/library/readers", #"{"cardNumber":"S-4","kind":"student","name":"Synthetic Four","expiresOn":"\#(nextYear)"}"#)
            async let a = desk(server, "/api/library/loans", card: "S-3", barcode: free)
            async let b = desk(server, "/api/library/loans", card: "S-4", barcode: free)
            let both = [try await a.status, try await b.status]
            #expect(both.filter { $0 == .created }.count == 1, "\(both)")
            // bad input, each named
            let expired = try await desk(server, "/api/library/loans", card: "S-2", barcode: "R-7")
            #expect(expired.status == .unprocessableEntity && expired.body.string.contains("expired"))
            let limit = try await desk(server, "/api/library/loans", card: "S-1", barcode: "R-7")
            #expect(limit.status == .unprocessableEntity && limit.body.string.contains("already has 5 items"))
            let unknown = try await desk(server, "/api/library/loans", card: "NOBODY", barcode: "R-7")
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("no reader has this card"))
            let spaces = try await desk(server, "/api/library/loans", card: "S 1", barcode: "R-7")
            #expect(spaces.status == .unprocessableEntity && spaces.body.string.contains("without spaces"))
            let used = try await server.send(.POST, "/api/library/titles/\(title)/copies", as: .librarian, json: #"{"barcode":"R-1"}"#)
            #expect(used.status == .unprocessableEntity && used.body.string.contains("already used"))
            let card = try await server.send(.POST, "/api/library/readers", as: .librarian, json: #"{"cardNumber":"S-1","kind":"student","name":"x","expiresOn":"\#(nextYear)"}"#)
            #expect(card.status == .unprocessableEntity && card.body.string.contains("already another reader's card"))
            // renewals run out
            let renewable = try await server.app.db.sql.raw("""
                SELECT c.barcode FROM library_loans l JOIN library_copies c ON c.id = l.copy_id WHERE l.returned_at IS NULL LIMIT 1
                """).first()!.decode(column: "barcode", as: String.self)
            for _ in 0..<2 { #expect(try await desk(server, "/api/library/renewals", barcode: renewable).status == .ok) }
            let third = try await desk(server, "/api/library/renewals", barcode: renewable)
            #expect(third.status == .unprocessableEntity && third.body.string.contains("renewed 2 times"))
            #expect(try await server.send(.POST, "/api/library/loans", as: .counsellor, json: #"{"cardNumber":"S-1","barcode":"R-7"}"#).status == .forbidden)
        }
    }

    @Test func overdueLoansAreRemindedOnceAndReturnedLoansForgetTheirReader() async throws {
        try await TestServer.run { server in
            // setup: a colleague borrows a book
            let title = try await created(server, "/api/library/titles", #"{"title":"Synthetic overdue book","format":"book"}"#)
            _ = try await created(server, "/api/library/titles/\(title)/copies", #"{"barcode":"O-1"}"#)
            let nextYear = CivilDay(Date()).adding(days: 365).description
            _ = try await created(server, "/api/library/readers",
                                  #"{"cardNumber":"C-1","kind":"staff","name":"Synthetic Colleague","expiresOn":"\#(nextYear)","username":"test-counsellor"}"#)
            #expect(try await desk(server, "/api/library/loans", card: "C-1", barcode: "O-1").status == .created)
            let db = server.app.db.sql
            func notices(_ kind: String) async throws -> Int {
                try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE kind = \(bind: kind)").first()!.decode(column: "n", as: Int.self)
            }

            // act: the sweeper runs before the due day, then twice after it
            #expect(try await LibraryCirculation.remindOverdue(now: Date(), limit: 100, on: db) == 0)
            let late = Date().addingTimeInterval(40 * 86_400)
            #expect(try await LibraryCirculation.remindOverdue(now: late, limit: 100, on: db) == 1)
            #expect(try await LibraryCirculation.remindOverdue(now: late, limit: 100, on: db) == 0)

            // assert: the reader once, the librarians once
            let toReader = try await notices("library.overdue"), toLibrarians = try await notices("library.overdue_loans")
            #expect(toReader == 1 && toLibrarians == 1)
            // returned, the loan keeps its reader for a while, then only the item and the dates
            #expect(try await desk(server, "/api/library/returns", barcode: "O-1").status == .ok)
            #expect(try await LibraryCirculation.anonymise(now: Date(), limit: 100, on: db) == 0)
            #expect(try await LibraryCirculation.anonymise(now: Date().addingTimeInterval(Double(LoanRule.anonymiseAfterDays + 1) * 86_400), limit: 100, on: db) == 1)
            let loan = try await db.raw("SELECT reader_id, reader_kind, loaned_at, returned_at FROM library_loans").first()!
            #expect(try loan.decode(column: "reader_id", as: UUID?.self) == nil && loan.decode(column: "reader_kind", as: String.self) == "staff")
            #expect(try loan.decode(column: "returned_at", as: Date?.self) != nil)
        }
    }

    @Test func theDeskWorksInTheBrowserWithAScannersEnter() async throws {
        try await TestServer.run { server in
            // setup
            let title = try await created(server, "/api/library/titles", #"{"title":"Synthetic desk book","format":"book"}"#)
            _ = try await created(server, "/api/library/titles/\(title)/copies", #"{"barcode":"D-1"}"#)
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-librarian")
            let desk = try await browser.request(.GET, "/library/desk")
            #expect(desk.status == .ok && desk.body.string.contains("autofocus"))
            // act: a reader registered, then the lend form posted as a scanner's Enter would
            let nextYear = CivilDay(Date()).adding(days: 365).description
            let registered = try await browser.request(.POST, "/library/readers", form: [
                ("_csrf", Browser.csrf(in: desk) ?? ""), ("cardNumber", "B-1"), ("kind", "parent"), ("name", "Synthetic Parent"), ("expiresOn", nextYear),
            ])
            #expect(registered.status == .ok && registered.body.string.contains("card B-1"), "\(registered.body.string.prefix(400))")
            let lent = try await browser.request(.POST, "/library/desk", form: [
                ("_csrf", Browser.csrf(in: registered) ?? ""), ("action", "lend"), ("cardNumber", "B-1"), ("barcode", "D-1"),
            ])
            // assert: said what happened, the card kept for the next item
            #expect(lent.status == .ok && lent.body.string.contains("Lent: Synthetic desk book") && lent.body.string.contains("value=\"B-1\""))
            let refused = try await browser.request(.POST, "/library/desk", form: [
                ("_csrf", Browser.csrf(in: lent) ?? ""), ("action", "lend"), ("cardNumber", "B-1"), ("barcode", "NOPE"),
            ])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("href=\"#d-barcode\""))
            // the scanner's next scan goes into the barcode field, the card kept; the message is read out, not focused
            let html = refused.body.string
            #expect(html.contains("id=\"d-barcode\" name=\"barcode\" maxlength=\"40\" autocomplete=\"off\" autofocus") && html.contains("value=\"B-1\""))
            #expect(html.components(separatedBy: "autofocus").count == 2 && html.contains("<div class=\"errors\" role=\"alert\" tabindex=\"-1\"><p>"))
            let returned = try await browser.request(.POST, "/library/desk", form: [
                ("_csrf", Browser.csrf(in: refused) ?? ""), ("action", "return"), ("barcode", "D-1"),
            ])
            #expect(returned.status == .ok && returned.body.string.contains("Put it back on the shelf"))
        }
    }

    @Test func aHoldTakesACopyFromTheShelfAndPassesItOnWhenNobodyComes() async throws {
        try await TestServer.run { server in
            // setup: one copy on the shelf, two readers
            let title = try await created(server, "/api/library/titles", #"{"title":"Synthetic popular book","format":"book"}"#)
            _ = try await created(server, "/api/library/titles/\(title)/copies", #"{"barcode":"P-1"}"#)
            let nextYear = CivilDay(Date()).adding(days: 365).description
            for card in ["A-1", "B-2"] {
                _ = try await created(server, "/api/library/readers", #"{"cardNumber":"\#(card)","kind":"parent","name":"Synthetic \#(card)","expiresOn":"\#(nextYear)"}"#)
            }
            // act: the first hold takes the copy from the shelf; the second waits
            let first = try server.decode(LibraryCirculation.Hold.self,
                                          try await server.send(.POST, "/api/library/holds", as: .librarian, json: #"{"titleID":"\#(title)","cardNumber":"A-1"}"#))
            let second = try server.decode(LibraryCirculation.Hold.self,
                                           try await server.send(.POST, "/api/library/holds", as: .librarian, json: #"{"titleID":"\#(title)","cardNumber":"B-2"}"#))
            // assert
            #expect(first.fromTheShelf == "P-1" && second.fromTheShelf == nil && second.position == 1)
            let kept = try await desk(server, "/api/library/loans", card: "B-2", barcode: "P-1")
            #expect(kept.status == .unprocessableEntity && kept.body.string.contains("kept for another reader"))
            // nobody comes by the pick-up day: the copy goes to the next reader
            let db = server.app.db.sql
            #expect(try await LibraryCirculation.expireHolds(now: Date(), limit: 100, on: db) == 0)
            #expect(try await LibraryCirculation.expireHolds(now: Date().addingTimeInterval(Double(LoanRule.pickUpDays + 1) * 86_400), limit: 100, on: db) == 1)
            #expect(try await desk(server, "/api/library/loans", card: "B-2", barcode: "P-1").status == .created)
            let states = try await db.raw("SELECT status FROM library_holds ORDER BY placed_at").all().map { try $0.decode(column: "status", as: String.self) }
            #expect(states == ["expired", "fulfilled"])
        }
    }

    @Test func aCopyBackFromRepairIsKeptForTheReaderWaitingALostLoanEndsAndABlockedReaderIsRefused() async throws {
        try await TestServer.run { server in
            // setup: a title with two copies; a student, and a colleague with an account
            let title = try await created(server, "/api/library/titles", #"{"title":"Synthetic casebook","format":"book"}"#)
            for barcode in ["R-1", "R-2"] { _ = try await created(server, "/api/library/titles/\(title)/copies", #"{"barcode":"\#(barcode)"}"#) }
            let nextYear = CivilDay(Date()).adding(days: 365).description
            _ = try await created(server, "/api/library/readers", #"{"cardNumber":"S-1","kind":"student","name":"Synthetic Student","expiresOn":"\#(nextYear)"}"#)
            _ = try await created(server, "/api/library/readers", #"{"cardNumber":"C-2","kind":"staff","name":"Synthetic Colleague","expiresOn":"\#(nextYear)","username":"test-counsellor"}"#)
            func status(_ barcode: String, _ status: String) async throws -> TestingHTTPResponse {
                try await server.send(.POST, "/api/library/copies/status", as: .librarian, json: #"{"barcode":"\#(barcode)","status":"\#(status)"}"#)
            }

            // act: R-1 goes for repair; the student borrows R-2; the colleague waits for the title; R-1 comes back
            let repair = try await server.send(.POST, "/api/library/copies/status", as: .librarian, json: #"{"barcode":"R-1","status":"in_repair","condition":"Cover torn"}"#)
            let noted = try server.decode(LibraryCatalogue.Title.self, try await server.send(.GET, "/api/library/titles/\(title)"))
            #expect(noted.copies.first { $0.barcode == "R-1" }?.condition == "Cover torn")
            let refused = try await desk(server, "/api/library/loans", card: "C-2", barcode: "R-1")
            #expect(try await desk(server, "/api/library/loans", card: "C-2", barcode: "R-2").status == .created)
            #expect(try await server.send(.POST, "/api/library/holds", as: .librarian, json: #"{"titleID":"\#(title)","cardNumber":"S-1"}"#).status == .created)
            let back = try server.decode(LibraryUpkeep.CopyStatusChanged.self, try await status("R-1", "available"))

            // assert: the copy in repair could not be lent; back, it is kept for the student
            #expect(repair.status == .ok && refused.status == .unprocessableEntity && refused.body.string.contains("cannot be lent now"))
            #expect(back.heldForCard == "S-1" && back.status == "on_hold_shelf")
            let kept = try await status("R-1", "withdrawn")
            #expect(kept.status == .unprocessableEntity && kept.body.string.contains("kept for a reader"))

            // act: the colleague loses R-2
            let onLoan = try await status("R-2", "withdrawn")
            let lost = try await status("R-2", "lost")

            // assert: a copy on loan is only lost, and its loan ends; the colleague sees it in their own loans, nobody else's
            #expect(onLoan.status == .unprocessableEntity && onLoan.body.string.contains("on loan"))
            #expect(lost.status == .ok)
            let mine = try server.decode([MyLibraryLoans.Line].self, try await server.send(.GET, "/api/me/library/loans", as: .counsellor))
            #expect(mine.count == 1 && mine[0].barcode == "R-2" && mine[0].returnedAt != nil && mine[0].lost)
            #expect(try server.decode([MyLibraryLoans.Line].self, try await server.send(.GET, "/api/me/library/loans", as: .trainer)).isEmpty)
            #expect(try await server.send(.GET, "/library/my-loans", as: .counsellor).body.string.contains("Synthetic casebook"))

            // act: the student is blocked, then allowed again
            let blocked = try await server.send(.POST, "/api/library/readers/standing", as: .librarian, json: #"{"cardNumber":"S-1","blocked":true}"#)
            let whileBlocked = try await desk(server, "/api/library/loans", card: "S-1", barcode: "R-1")
            _ = try await server.send(.POST, "/api/library/readers/standing", as: .librarian, json: #"{"cardNumber":"S-1","blocked":false}"#)

            // assert
            #expect(blocked.status == .ok && whileBlocked.status == .unprocessableEntity && whileBlocked.body.string.contains("blocked"))
            #expect(try await desk(server, "/api/library/loans", card: "S-1", barcode: "R-1").status == .created)
            #expect(try await server.send(.POST, "/api/library/copies/status", as: .counsellor, json: #"{"barcode":"R-1","status":"lost"}"#).status == .forbidden)
        }
    }

    @Test func aBarcodeOrCardTypedAtTwoDesksAtOnceIsTakenOnceAndTheOtherToldWhy() async throws {
        try await TestServer.run { server in
            // setup
            let title = try await created(server, "/api/library/titles", #"{"title":"Synthetic atlas","format":"book"}"#)
            let nextYear = CivilDay(Date()).adding(days: 365).description
            // act: eight desks add the same barcode, eight register the same card
            func together(_ path: String, _ json: String) async throws -> [HTTPStatus] {
                try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for _ in 0..<8 { group.addTask { try await server.send(.POST, path, as: .librarian, json: json).status } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            let copies = try await together("/api/library/titles/\(title)/copies", #"{"barcode":"SAME-1"}"#)
            let readers = try await together("/api/library/readers", #"{"cardNumber":"SAME-C","kind":"student","name":"Synthetic Student","expiresOn":"\#(nextYear)"}"#)
            // assert: one each; the others refused as a 4xx (checked before, or caught by the unique constraint), never a 500
            for statuses in [copies, readers] {
                #expect(statuses.filter { $0 == .created }.count == 1, "\(statuses)")
                #expect(statuses.allSatisfy { [.created, .unprocessableEntity, .conflict].contains($0) }, "\(statuses)")
            }
        }
    }

    @Test func aLoanEarlyInTheMorningInUlaanbaatarIsDueAFullPeriodFromThatDay() async throws {
        try await TestServer.run { server in
            // setup: a librarian at the desk in Ulaanbaatar (UTC+8); 07:30 there on 11 December is still the 10th in UTC
            let title = try await created(server, "/api/library/titles", #"{"title":"Synthetic morning book","format":"book"}"#)
            _ = try await created(server, "/api/library/titles/\(title)/copies", #"{"barcode":"M-1"}"#)
            _ = try await created(server, "/api/library/readers", #"{"cardNumber":"M-S","kind":"student","name":"Synthetic Student","expiresOn":"\#(CivilDay(Date()).adding(days: 365))"}"#)
            let librarian = Actor(userID: server.users[.librarian]!, organisationID: server.organisationID, regionPath: "/", username: "test-librarian",
                                  displayName: "Test librarian", roles: [.librarian], locale: "en", timeZone: TimeZone(identifier: "Asia/Ulaanbaatar")!,
                                  sessionID: "test", csrfToken: "", via: .apiToken, mustChangePassword: false)
            let morning = ISO8601DateFormatter().date(from: "2026-12-10T23:30:00Z")!
            // act
            let loan = try await LibraryCirculation.lend(.init(cardNumber: "M-S", barcode: "M-1"), now: morning, by: Caller(actor: librarian, app: server.app))
            // assert: a student's 14 days from the 11th
            #expect(loan.dueOn == "2026-12-25")
        }
    }

    @Test func aLoanIsOverdueWhenItsDayHasPassedWhereTheLibraryIs() async throws {
        try await TestServer.run { server in
            // setup: a loan due on 2026-12-10; the library keeps Kiritimati time (UTC+14)
            let title = try await created(server, "/api/library/titles", #"{"title":"Synthetic island book","format":"book"}"#)
            _ = try await created(server, "/api/library/titles/\(title)/copies", #"{"barcode":"K-1"}"#)
            _ = try await created(server, "/api/library/readers", #"{"cardNumber":"K-S","kind":"student","name":"Synthetic Student","expiresOn":"\#(CivilDay(Date()).adding(days: 365))"}"#)
            #expect(try await desk(server, "/api/library/loans", card: "K-S", barcode: "K-1").status == .created)
            let db = server.app.db.sql
            try await db.raw("UPDATE library_loans SET due_on = '2026-12-10'").run()
            // noon UTC on the 10th is already the 11th in Kiritimati
            let noon = ISO8601DateFormatter().date(from: "2026-12-10T12:00:00Z")!
            // act and assert: in UTC the loan is due today; where the library is, it was due yesterday
            #expect(try await LibraryCirculation.remindOverdue(now: noon, limit: 100, on: db) == 0)
            try await db.raw("UPDATE organisations SET time_zone = 'Pacific/Kiritimati' WHERE id = \(bind: server.organisationID)").run()
            #expect(try await LibraryCirculation.remindOverdue(now: noon, limit: 100, on: db) == 1)
        }
    }
}
