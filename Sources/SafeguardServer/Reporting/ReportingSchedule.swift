import Foundation
import Vapor

/// The reporting area's background work, run by the `Scheduler`.
enum ReportingSchedule {
    /// A draft past its legal deadline is submitted as it stands.
    static let submitOverdueDrafts = ScheduledJob.batched("reporting.submit-overdue-drafts") { db, app, now, limit in
        try await ReportStore.submitOverdueDrafts(now: now, limit: limit, services: app.safeguard, on: db)
    }
    /// A report no authority acknowledged in time is escalated.
    static let escalateUnacknowledged = ScheduledJob.batched("reporting.escalate-unacknowledged") { db, app, now, limit in
        try await ReportStore.escalateUnacknowledged(now: now, limit: limit, services: app.safeguard, on: db)
    }

    static let all = [submitOverdueDrafts, escalateUnacknowledged]
}
