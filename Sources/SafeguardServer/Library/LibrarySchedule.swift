import Foundation
import Vapor

/// The library's background work, run by the `Scheduler`.
enum LibrarySchedule {
    /// Readers with an account are told of a loan past its due day, once per due day; librarians that loans are overdue.
    static let remindOverdue = ScheduledJob.batched("library.remind-overdue") { db, _, now, limit in
        try await LibraryCirculation.remindOverdue(now: now, limit: limit, on: db)
    }

    /// Returned loans forget who borrowed them after a while (Koha's anonymisation).
    static let anonymise = ScheduledJob.batched("library.anonymise-loans") { db, _, now, limit in
        try await LibraryCirculation.anonymise(now: now, limit: limit, on: db)
    }

    /// A copy kept past its pick-up day goes to the next reader waiting, or back to the shelf.
    static let expireHolds = ScheduledJob.batched("library.expire-holds") { db, _, now, limit in
        try await LibraryCirculation.expireHolds(now: now, limit: limit, on: db)
    }

    static let all = [remindOverdue, expireHolds, anonymise]
}
