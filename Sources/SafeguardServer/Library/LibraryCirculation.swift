import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The desk: copies, readers, loans, returns, renewals and holds. Every step is one transaction;
/// a copy changes hands by a conditional update, so two desks never lend the same copy twice.
enum LibraryCirculation {
    struct CopyInput: Content {
        var barcode: String?, location: String?
        /// Its condition, as the librarian notes it.
        var condition: String?
    }
    struct ReaderInput: Content {
        var cardNumber: String?, kind: String?, name: String?, contact: String?, expiresOn: String?
        /// A colleague's Safeguard account, so that they are told when a title they hold waits for them.
        var username: String?
    }
    /// A card and a barcode, as a scanner types them at the desk.
    struct DeskInput: Content { var cardNumber: String?; var barcode: String? }
    struct HoldInput: Content { var titleID: UUID?; var cardNumber: String? }

    struct Loan: Content { var loanID: UUID; var title: String; var barcode: String; var dueOn: String; var renewals: Int }
    /// A return: the copy is back on the shelf, or kept for the next reader in the queue.
    struct Returned: Content { var title: String; var barcode: String; var overdueDays: Int; var heldForCard: String?; var pickUpBy: String? }
    struct Hold: Content {
        var holdID: UUID
        var position: Int
        /// The barcode of a copy on the shelf now, to be put on the hold shelf for the reader.
        var fromTheShelf: String?
    }

    static func context(_ id: UUID, _ column: String) -> String { "library_readers/\(id.uuidString)/\(column)" }

    /// The day at the desk: in the librarian's time zone, so that a loan made early in the morning in
    /// Ulaanbaatar (still yesterday in UTC) is due a full loan period later.
    static func today(_ now: Date, _ actor: Actor) -> CivilDay { CivilDay(LocalTime.day(now, in: actor.timeZone)) ?? CivilDay(now) }

    /// A card number or barcode: what a scanner types, letters, digits and signs without spaces.
    static func code(_ text: String?, _ field: String, _ v: inout FieldValidator) -> String {
        let value = text?.trimmedWhitespace ?? ""
        let readable = (1...40).contains(value.count) && value.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 }
        if field == "barcode" { v.check(readable, field, "give the barcode: 1 to 40 letters and digits without spaces") }
        else { v.check(readable, field, "give the card number: 1 to 40 letters and digits without spaces") }
        return value
    }

    // MARK: copies and readers

    static func addCopy(titleID: UUID, _ input: CopyInput, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        let barcode = code(input.barcode, "barcode", &v)
        let location = v.text(input.location, "location", max: 100), condition = v.text(input.condition, "condition", max: 200)
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            guard try await db.raw("SELECT id FROM library_titles WHERE id = \(bind: titleID) AND organisation_id = \(bind: actor.organisationID)").first() != nil
            else { throw AppError.notFound("title") }
            guard try await db.raw("SELECT id FROM library_copies WHERE organisation_id = \(bind: actor.organisationID) AND barcode = \(bind: barcode)").first() == nil
            else { throw AppError.invalid("barcode", "is already used by another copy") }
            let id = UUID.timeOrdered()
            try await db.insert(into: "library_copies").columns("id", "organisation_id", "title_id", "barcode", "location", "condition", "status", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(titleID), SQLBind(barcode), SQLBind(location), SQLBind(condition),
                        SQLBind(CopyStatus.available.rawValue), SQLBind(Date()))
                .run()
            try await AuditLog.append([.init(verb: .create, recordType: "library_copy", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    static func registerReader(_ input: ReaderInput, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        let card = code(input.cardNumber, "cardNumber", &v)
        let kind = v.requiredCode(input.kind, "kind", as: ReaderKind.self, missing: "choose staff, student, parent or other")
        let name = input.name?.trimmedWhitespace ?? ""
        v.check((1...200).contains(name.count), "name", "give the reader's name (1 to 200 characters)")
        let contact = input.contact?.trimmed
        v.check((contact ?? "").count <= 200, "contact", "is longer than 200 characters")
        let expires = input.expiresOn?.trimmedWhitespace ?? ""
        if let day = CivilDay(expires) {
            let today = today(Date(), caller.actor)
            v.check(day >= today && day <= today.adding(months: 120), "expiresOn", "give a day from today to 10 years ahead")
        } else {
            v.add("expiresOn", "give the date (YYYY-MM-DD)")
        }
        try v.finish()
        let actor = caller.actor, services = caller.services
        return try await caller.write { db in
            guard try await db.raw("SELECT id FROM library_readers WHERE organisation_id = \(bind: actor.organisationID) AND card_number = \(bind: card)").first() == nil
            else { throw AppError.invalid("cardNumber", "is already another reader's card") }
            var user: UUID?
            if let username = input.username?.trimmed {
                guard let row = try await db.raw("SELECT id FROM users WHERE username = \(bind: username) AND organisation_id = \(bind: actor.organisationID)").first()
                else { throw AppError.invalid("username", "no colleague of your organisation has this username") }
                user = try row.decode(column: "id", as: UUID.self)
            }
            let id = UUID.timeOrdered()
            try await db.insert(into: "library_readers")
                .columns("id", "organisation_id", "card_number", "kind", "name", "contact", "user_id", "expires_on", "blocked", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(card), SQLBind(kind!.rawValue), SQLBind(try services.cipher.seal(name, context: context(id, "name"))),
                        SQLBind(try services.cipher.seal(contact, context: context(id, "contact"))), SQLBind(user), SQLBind(expires), SQLBind(false), SQLBind(Date()))
                .run()
            try await AuditLog.append([.init(verb: .create, recordType: "library_reader", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    /// The reader with this card, who may borrow today, with the number of items they have; their
    /// row locked until the transaction ends, so that two loans at once cannot pass their limit.
    static func reader(card: String, actor: Actor, today: String, on db: any SQLDatabase) async throws -> (id: UUID, kind: ReaderKind, onLoan: Int) {
        // PostgreSQL counts after the lock is held (a count in the locking statement would see the
        // loans of before the wait); SQLite writes one transaction at a time, so one statement does
        let postgres = db.dialect.name == "postgresql"
        let count: SQLQueryString = postgres ? "0" : "(SELECT COUNT(*) FROM library_loans l WHERE l.reader_id = r.id AND l.returned_at IS NULL)"
        guard let r = try await db.raw("""
            SELECT r.id, r.kind, r.expires_on, r.blocked, \(count) AS on_loan FROM library_readers r
            WHERE r.organisation_id = \(bind: actor.organisationID) AND r.card_number = \(bind: card)\(db.forUpdate)
            """).first() else { throw AppError.invalid("cardNumber", "no reader has this card") }
        guard try r.decode(column: "blocked", as: Bool.self) == false else { throw AppError.invalid("cardNumber", "this reader is blocked from borrowing") }
        guard try r.decode(column: "expires_on", as: String.self) >= today else { throw AppError.invalid("cardNumber", "this reader's card has expired") }
        let id = try r.decode(column: "id", as: UUID.self)
        let onLoan = postgres
            ? try await db.raw("SELECT COUNT(*) AS n FROM library_loans WHERE reader_id = \(bind: id) AND returned_at IS NULL").first()!.decode(column: "n", as: Int.self)
            : try r.decode(column: "on_loan", as: Int.self)
        return (id, ReaderKind(rawValue: try r.decode(column: "kind", as: String.self)) ?? .other, onLoan)
    }

    /// The copy with this barcode; for a reader (`heldFor`), the hold that keeps it for them and the
    /// hold they wait with for its title, if they have one.
    static func copy(barcode: String, heldFor reader: UUID? = nil, actor: Actor, on db: any SQLDatabase)
        async throws -> (id: UUID, titleID: UUID, title: String, status: String, hold: UUID?, waiting: UUID?) {
        guard let r = try await db.raw("""
            SELECT c.id, c.title_id, c.status, t.title,
            (SELECT h.id FROM library_holds h WHERE h.copy_id = c.id AND h.reader_id = \(bind: reader) AND h.status = 'trapped') AS hold,
            (SELECT h.id FROM library_holds h WHERE h.title_id = c.title_id AND h.reader_id = \(bind: reader) AND h.status = 'waiting' LIMIT 1) AS waiting
            FROM library_copies c JOIN library_titles t ON t.id = c.title_id WHERE c.organisation_id = \(bind: actor.organisationID) AND c.barcode = \(bind: barcode)
            """).first() else { throw AppError.invalid("barcode", "no copy has this barcode") }
        return (try r.decode(column: "id", as: UUID.self), try r.decode(column: "title_id", as: UUID.self), try r.decode(column: "title", as: String.self),
                try r.decode(column: "status", as: String.self), try r.decode(column: "hold", as: UUID?.self), try r.decode(column: "waiting", as: UUID?.self))
    }

    // MARK: the desk

    static func lend(_ input: DeskInput, now: Date = Date(), by caller: Caller) async throws -> Loan {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        let card = code(input.cardNumber, "cardNumber", &v), barcode = code(input.barcode, "barcode", &v)
        try v.finish()
        let actor = caller.actor, today = today(now, caller.actor)
        return try await caller.write { db in
            let reader = try await reader(card: card, actor: actor, today: today.description, on: db)
            let copy = try await copy(barcode: barcode, heldFor: reader.id, actor: actor, on: db)
            let rule = LoanRule.rule(for: reader.kind)
            guard reader.onLoan < rule.maxItems else {
                throw AppError.invalid("cardNumber", "this reader already has \(reader.onLoan) items, the most a reader of this kind may borrow")
            }
            // the copy changes hands only if it is on the shelf, or kept on the hold shelf for this reader
            let hold = copy.hold
            let wanted = hold == nil ? CopyStatus.available : CopyStatus.onHoldShelf
            guard try await db.raw("""
                UPDATE library_copies SET status = \(bind: CopyStatus.onLoan.rawValue) WHERE id = \(bind: copy.id) AND status = \(bind: wanted.rawValue) RETURNING id
                """).first() != nil else {
                throw AppError.invalid("barcode", copy.status == CopyStatus.onHoldShelf.rawValue ? "this copy is kept for another reader"
                                       : copy.status == CopyStatus.onLoan.rawValue ? "this copy is already on loan" : "this copy cannot be lent now")
            }
            // the hold that kept the copy is fulfilled; a reader who waited and takes a copy from the shelf waits no more
            if let fulfilled = hold ?? copy.waiting {
                try await db.raw("UPDATE library_holds SET status = 'fulfilled' WHERE id = \(bind: fulfilled)").run()
            }
            let id = UUID.timeOrdered(), due = today.adding(days: rule.loanDays).description
            try await db.insert(into: "library_loans").columns("id", "organisation_id", "copy_id", "reader_id", "reader_kind", "loaned_at", "due_on", "renewals")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(copy.id), SQLBind(reader.id), SQLBind(reader.kind.rawValue), SQLBind(now), SQLBind(due), SQLBind(0))
                .run()
            try await AuditLog.append([.init(verb: .create, recordType: "library_loan", recordID: id.uuidString)], by: actor, on: db)
            return Loan(loanID: id, title: copy.title, barcode: barcode, dueOn: due, renewals: 0)
        }
    }

    /// A copy back at the desk. When readers wait for its title, the first of them gets it: the copy
    /// goes on the hold shelf until their pick-up day, and a reader with an account is told.
    static func giveBack(_ input: DeskInput, now: Date = Date(), by caller: Caller) async throws -> Returned {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        let barcode = code(input.barcode, "barcode", &v)
        try v.finish()
        let actor = caller.actor, today = today(now, caller.actor)
        return try await caller.write { db in
            let copy = try await copy(barcode: barcode, actor: actor, on: db)
            guard let loan = try await db.raw("""
                UPDATE library_loans SET returned_at = \(bind: now) WHERE copy_id = \(bind: copy.id) AND returned_at IS NULL RETURNING id, due_on
                """).first() else { throw AppError.invalid("barcode", "this copy is not on loan") }
            let due = CivilDay(try loan.decode(column: "due_on", as: String.self)) ?? today
            var returned = Returned(title: copy.title, barcode: barcode, overdueDays: max(0, today.daysSince1970 - due.daysSince1970), heldForCard: nil, pickUpBy: nil)
            if let trapped = try await shelveOrTrap(copyID: copy.id, titleID: copy.titleID, from: [.onLoan], today: today, on: db) {
                returned.heldForCard = trapped.card
                returned.pickUpBy = trapped.pickUpBy
            }
            try await AuditLog.append([.init(verb: .update, recordType: "library_loan", recordID: try loan.decode(column: "id", as: UUID.self).uuidString,
                                             reason: "returned")], by: actor, on: db)
            return returned
        }
    }

    /// A copy free again goes to the first reader waiting for its title (onto the hold shelf until
    /// their pick-up day; they are told if they have an account), else back to the shelf.
    static func shelveOrTrap(copyID: UUID, titleID: UUID, from: [CopyStatus], today: CivilDay, on db: any SQLDatabase) async throws -> (card: String, pickUpBy: String)? {
        // the copy first, only from where it was: a copy lent meanwhile is not put anywhere
        guard try await db.raw("""
            UPDATE library_copies SET status = \(bind: CopyStatus.available.rawValue) WHERE id = \(bind: copyID)
            AND status IN (\(binds: from.map(\.rawValue))) RETURNING id
            """).first() != nil else { throw AppError.conflict("the copy changed meanwhile: try again") }
        let pickUpBy = today.adding(days: LoanRule.pickUpDays).description
        // the first hold still waiting, claimed by its state: two returns at once never trap one hold twice
        for _ in 0..<5 {
            guard let next = try await db.raw("""
                SELECT h.id, r.card_number, r.user_id FROM library_holds h JOIN library_readers r ON r.id = h.reader_id
                WHERE h.title_id = \(bind: titleID) AND h.status = 'waiting' ORDER BY h.placed_at, h.id LIMIT 1
                """).first() else { return nil }
            let hold = try next.decode(column: "id", as: UUID.self)
            guard try await db.raw("""
                UPDATE library_holds SET status = 'trapped', copy_id = \(bind: copyID), pick_up_by = \(bind: pickUpBy)
                WHERE id = \(bind: hold) AND status = 'waiting' RETURNING id
                """).first() != nil else { continue }
            try await db.raw("UPDATE library_copies SET status = \(bind: CopyStatus.onHoldShelf.rawValue) WHERE id = \(bind: copyID)").run()
            if let user = try next.decode(column: "user_id", as: UUID?.self) {
                try await Notifications.notify(users: [user], kind: .libraryHoldReady, recordType: "library_title", recordID: titleID, on: db)
            }
            return (try next.decode(column: "card_number", as: String.self), pickUpBy)
        }
        return nil
    }

    /// Another loan period from today, unless someone waits for the title or the renewals are used up.
    static func renew(_ input: DeskInput, now: Date = Date(), by caller: Caller) async throws -> Loan {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        let barcode = code(input.barcode, "barcode", &v)
        try v.finish()
        let actor = caller.actor, today = today(now, caller.actor)
        return try await caller.write { db in
            let copy = try await copy(barcode: barcode, actor: actor, on: db)
            guard let loan = try await db.raw("""
                SELECT id, reader_kind, renewals FROM library_loans WHERE copy_id = \(bind: copy.id) AND returned_at IS NULL
                """).first() else { throw AppError.invalid("barcode", "this copy is not on loan") }
            let rule = LoanRule.rule(for: ReaderKind(rawValue: try loan.decode(column: "reader_kind", as: String.self)) ?? .other)
            let renewals = try loan.decode(column: "renewals", as: Int.self)
            guard renewals < rule.maxRenewals else { throw AppError.invalid("barcode", "this loan has been renewed \(renewals) times, the most allowed") }
            guard try await db.raw("SELECT id FROM library_holds WHERE title_id = \(bind: copy.titleID) AND status = 'waiting' LIMIT 1").first() == nil
            else { throw AppError.invalid("barcode", "another reader is waiting for this title: it cannot be renewed") }
            let id = try loan.decode(column: "id", as: UUID.self), due = today.adding(days: rule.loanDays).description
            // the count rises in the database, so two renewals at once cannot both pass the limit
            guard try await db.raw("""
                UPDATE library_loans SET due_on = \(bind: due), renewals = renewals + 1, reminded_for = NULL
                WHERE id = \(bind: id) AND renewals = \(bind: renewals) AND returned_at IS NULL RETURNING id
                """).first() != nil else { throw AppError.conflict("the loan changed meanwhile: try again") }
            try await AuditLog.append([.init(verb: .update, recordType: "library_loan", recordID: id.uuidString, reason: "renewed")], by: actor, on: db)
            return Loan(loanID: id, title: copy.title, barcode: barcode, dueOn: due, renewals: renewals + 1)
        }
    }

    /// A place in the title's queue; a reader holds a title once.
    static func placeHold(_ input: HoldInput, now: Date = Date(), by caller: Caller) async throws -> Hold {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        let card = code(input.cardNumber, "cardNumber", &v)
        v.check(input.titleID != nil, "titleID", "choose the title")
        try v.finish()
        let actor = caller.actor, titleID = input.titleID!
        return try await caller.write { db in
            let reader = try await reader(card: card, actor: actor, today: today(now, actor).description, on: db)
            guard try await db.raw("SELECT id FROM library_titles WHERE id = \(bind: titleID) AND organisation_id = \(bind: actor.organisationID)").first() != nil
            else { throw AppError.invalid("titleID", "no title of this library has this id") }
            guard try await db.raw("""
                SELECT id FROM library_holds WHERE title_id = \(bind: titleID) AND reader_id = \(bind: reader.id) AND status IN ('waiting', 'trapped')
                """).first() == nil else { throw AppError.invalid("cardNumber", "this reader already holds this title") }
            let id = UUID.timeOrdered()
            try await db.insert(into: "library_holds").columns("id", "organisation_id", "title_id", "reader_id", "status", "placed_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(titleID), SQLBind(reader.id), SQLBind("waiting"), SQLBind(now)).run()
            let position = try await db.raw("SELECT COUNT(*) AS n FROM library_holds WHERE title_id = \(bind: titleID) AND status = 'waiting'").first()!
                .decode(column: "n", as: Int.self)
            try await AuditLog.append([.init(verb: .create, recordType: "library_hold", recordID: id.uuidString)], by: actor, on: db)
            // a copy on the shelf now is kept for them at once (taken from the shelf only if still there)
            var shelved: String?
            if position == 1, let free = try await db.raw("""
                UPDATE library_copies SET status = \(bind: CopyStatus.onHoldShelf.rawValue) WHERE id = (
                  SELECT id FROM library_copies WHERE title_id = \(bind: titleID) AND status = \(bind: CopyStatus.available.rawValue) ORDER BY barcode LIMIT 1)
                AND status = \(bind: CopyStatus.available.rawValue) RETURNING id, barcode
                """).first() {
                try await db.raw("""
                    UPDATE library_holds SET status = 'trapped', copy_id = \(bind: try free.decode(column: "id", as: UUID.self)),
                    pick_up_by = \(bind: today(now, actor).adding(days: LoanRule.pickUpDays).description) WHERE id = \(bind: id)
                    """).run()
                shelved = try free.decode(column: "barcode", as: String.self)
            }
            return Hold(holdID: id, position: position, fromTheShelf: shelved)
        }
    }

    // MARK: the sweeps

    /// Each library's own day, in its organisation's time zone: a loan is overdue, and a hold lapses,
    /// when its day has passed where the library is, not in UTC.
    static func libraryDays(_ now: Date, on db: any SQLDatabase) async throws -> [(organisation: UUID, today: CivilDay)] {
        try await db.raw("""
            SELECT o.id, o.time_zone FROM organisations o WHERE EXISTS (SELECT 1 FROM library_copies c WHERE c.organisation_id = o.id)
            """).all().map { r in
            let zone = try r.decode(column: "time_zone", as: String?.self).flatMap { TimeZone(identifier: $0) } ?? LocalTime.utc
            return (try r.decode(column: "id", as: UUID.self), CivilDay(LocalTime.day(now, in: zone)) ?? CivilDay(now))
        }
    }

    /// Loans past their due day: a reader with an account is told once per due day, and the
    /// library's librarians are told that loans are overdue. Returns the loans reminded of.
    static func remindOverdue(now: Date, limit: Int, on db: any SQLDatabase) async throws -> Int {
        var rows: [any SQLRow] = []
        for (organisation, today) in try await libraryDays(now, on: db) where rows.count < limit {
            rows += try await db.raw("""
                UPDATE library_loans SET reminded_for = due_on WHERE id IN (
                  SELECT id FROM library_loans WHERE returned_at IS NULL AND due_on < \(bind: today.description) AND organisation_id = \(bind: organisation)
                  AND (reminded_for IS NULL OR reminded_for <> due_on) ORDER BY due_on LIMIT \(literal: limit - rows.count)\(db.forUpdateSkipLocked))
                AND (reminded_for IS NULL OR reminded_for <> due_on)
                RETURNING id, organisation_id, reader_id, copy_id
                """).all()
        }
        var organisations = Set<UUID>()
        for row in rows {
            organisations.insert(try row.decode(column: "organisation_id", as: UUID.self))
            guard let reader = try row.decode(column: "reader_id", as: UUID?.self),
                  let user = try await db.raw("SELECT user_id FROM library_readers WHERE id = \(bind: reader)").first()?.decode(column: "user_id", as: UUID?.self)
            else { continue }
            let title = try await db.raw("SELECT title_id FROM library_copies WHERE id = \(bind: try row.decode(column: "copy_id", as: UUID.self))").first()!
                .decode(column: "title_id", as: UUID.self)
            try await Notifications.notify(users: [user], kind: .libraryOverdue, recordType: "library_title", recordID: title, on: db)
        }
        // librarians once a day, however many batches the sweep takes
        let midnight = Date(timeIntervalSince1970: Double(CivilDay(now).daysSince1970) * 86_400)
        for organisation in organisations where try await db.raw("""
            SELECT id FROM notifications WHERE kind = \(bind: NoticeKind.libraryOverdueLoans.rawValue) AND record_id = \(bind: organisation)
            AND created_at >= \(bind: midnight) LIMIT 1
            """).first() == nil {
            try await Notifications.notify(users: try await Notifications.users(in: [organisation], roles: [.librarian], on: db), kind: .libraryOverdueLoans,
                                           recordType: "organisation", recordID: organisation, on: db)
        }
        return rows.count
    }

    /// Copies kept past their pick-up day go to the next reader waiting, or back to the shelf.
    static func expireHolds(now: Date, limit: Int, on db: any SQLDatabase) async throws -> Int {
        var count = 0
        for (organisation, today) in try await libraryDays(now, on: db) where count < limit {
            let expired = try await db.raw("""
                UPDATE library_holds SET status = 'expired' WHERE id IN (
                  SELECT id FROM library_holds WHERE status = 'trapped' AND pick_up_by < \(bind: today.description) AND organisation_id = \(bind: organisation)
                  ORDER BY pick_up_by LIMIT \(literal: limit - count)\(db.forUpdateSkipLocked))
                AND status = 'trapped'
                RETURNING copy_id, title_id
                """).all()
            for hold in expired {
                guard let copy = try hold.decode(column: "copy_id", as: UUID?.self) else { continue }
                _ = try await shelveOrTrap(copyID: copy, titleID: try hold.decode(column: "title_id", as: UUID.self), from: [.onHoldShelf], today: today, on: db)
            }
            count += expired.count
        }
        return count
    }

    /// Returned loans forget their reader after `LoanRule.anonymiseAfterDays`.
    static func anonymise(now: Date, limit: Int, on db: any SQLDatabase) async throws -> Int {
        let before = now.addingTimeInterval(-Double(LoanRule.anonymiseAfterDays) * 86_400)
        // a finished hold would say who waited for the copy a loan then went to
        let holds = try await db.raw("""
            DELETE FROM library_holds WHERE id IN (
              SELECT id FROM library_holds WHERE status IN ('fulfilled', 'expired') AND placed_at < \(bind: before) LIMIT \(literal: limit))
            RETURNING id
            """).all().count
        return holds + (try await db.raw("""
            UPDATE library_loans SET reader_id = NULL WHERE id IN (
              SELECT id FROM library_loans WHERE returned_at < \(bind: before) AND reader_id IS NOT NULL LIMIT \(literal: limit))
            RETURNING id
            """).all().count)
    }
}
