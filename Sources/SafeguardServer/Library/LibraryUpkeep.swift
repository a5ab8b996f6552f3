import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The librarian's upkeep: a copy sent for repair, lost, withdrawn or back on the shelf, and a
/// reader blocked from borrowing or allowed again. Each change is one transaction from the state
/// it was read in.
enum LibraryUpkeep {
    struct CopyStatusInput: Content {
        var barcode: String?, status: String?
        /// What is wrong with it, or what was mended: replaces the copy's noted condition when given.
        var condition: String?
    }
    struct CopyStatusChanged: Content {
        var barcode: String
        var status: String
        /// A copy back on the shelf is kept for the first reader waiting for its title.
        var heldForCard: String?
    }
    struct StandingInput: Content { var cardNumber: String?; var blocked: Bool? }
    struct Standing: Content { var cardNumber: String; var blocked: Bool }

    /// The statuses a librarian sets by hand; on loan and on the hold shelf come from the desk.
    static let settable: [CopyStatus] = [.available, .inRepair, .lost, .withdrawn]

    static func setStatus(_ input: CopyStatusInput, now: Date = Date(), by caller: Caller) async throws -> CopyStatusChanged {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        let barcode = LibraryCirculation.code(input.barcode, "barcode", &v)
        let status = v.requiredCode(input.status, "status", as: CopyStatus.self, missing: "choose on the shelf, in repair, lost or withdrawn")
        if let status { v.check(settable.contains(status), "status", "choose on the shelf, in repair, lost or withdrawn") }
        let condition = v.text(input.condition, "condition", max: 200)
        try v.finish()
        let actor = caller.actor, today = LibraryCirculation.today(now, caller.actor)
        return try await caller.write { db in
            let copy = try await LibraryCirculation.copy(barcode: barcode, actor: actor, on: db)
            let current = CopyStatus(rawValue: copy.status) ?? .available
            guard current != status else { throw AppError.invalid("status", "the copy is so already") }
            var changed = CopyStatusChanged(barcode: barcode, status: status!.rawValue)
            switch (current, status!) {
            case (.onHoldShelf, _):
                throw AppError.invalid("barcode", "this copy is kept for a reader: lend it to them, or let the hold lapse first")
            case (.onLoan, .lost):
                // lost by its reader: the loan ends today, and the reader no longer has it
                guard let loan = try await db.raw("""
                    UPDATE library_loans SET returned_at = \(bind: now) WHERE copy_id = \(bind: copy.id) AND returned_at IS NULL RETURNING id
                    """).first() else { throw AppError.conflict("the copy changed meanwhile: try again") }
                try await AuditLog.append([.init(verb: .update, recordType: "library_loan", recordID: try loan.decode(column: "id", as: UUID.self).uuidString,
                                                 reason: "lost")], by: actor, on: db)
                try await move(copy.id, from: .onLoan, to: .lost, on: db)
            case (.onLoan, _):
                throw AppError.invalid("barcode", "this copy is on loan: take it back at the desk first")
            case (_, .available):
                changed.heldForCard = try await LibraryCirculation.shelveOrTrap(copyID: copy.id, titleID: copy.titleID, from: [current], today: today, on: db)?.card
                if changed.heldForCard != nil { changed.status = CopyStatus.onHoldShelf.rawValue }
            default:
                try await move(copy.id, from: current, to: status!, on: db)
            }
            if let condition { try await db.raw("UPDATE library_copies SET condition = \(bind: condition) WHERE id = \(bind: copy.id)").run() }
            try await AuditLog.append([.init(verb: .update, recordType: "library_copy", recordID: copy.id.uuidString, reason: status!.rawValue)], by: actor, on: db)
            return changed
        }
    }

    static func move(_ copy: UUID, from: CopyStatus, to: CopyStatus, on db: any SQLDatabase) async throws {
        guard try await db.raw("""
            UPDATE library_copies SET status = \(bind: to.rawValue) WHERE id = \(bind: copy) AND status = \(bind: from.rawValue) RETURNING id
            """).first() != nil else { throw AppError.conflict("the copy changed meanwhile: try again") }
    }

    /// Blocks a reader from borrowing (a long overdue item, a lost one not replaced), or allows them again.
    static func setStanding(_ input: StandingInput, by caller: Caller) async throws -> Standing {
        _ = try caller.scopes(.libraryManage)
        var v = FieldValidator()
        let card = LibraryCirculation.code(input.cardNumber, "cardNumber", &v)
        v.check(input.blocked != nil, "blocked", "say whether the reader is blocked (true) or may borrow (false)")
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            guard let reader = try await db.raw("""
                UPDATE library_readers SET blocked = \(bind: input.blocked!) WHERE organisation_id = \(bind: actor.organisationID) AND card_number = \(bind: card) RETURNING id
                """).first() else { throw AppError.invalid("cardNumber", "no reader has this card") }
            try await AuditLog.append([.init(verb: .update, recordType: "library_reader", recordID: try reader.decode(column: "id", as: UUID.self).uuidString,
                                             reason: input.blocked! ? "blocked" : "unblocked")], by: actor, on: db)
            return Standing(cardNumber: card, blocked: input.blocked!)
        }
    }
}
