import Foundation
import Vapor

/// The legal-aid area's background work, run by the `Scheduler`.
enum LegalAidSchedule {
    /// The matter's team is reminded of a hearing or deadline a few days ahead.
    static let remindUpcoming = ScheduledJob.batched("legal-aid.remind-upcoming-events") { db, _, now, limit in
        try await LegalMatterStore.remindUpcoming(now: now, limit: limit, on: db)
    }

    static let all = [remindUpcoming]
}
