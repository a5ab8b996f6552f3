import Foundation
import Vapor

/// The lodging area's background work, run by the `Scheduler`.
enum LodgingSchedule {
    /// Stays past the retention period lose what identifies the guests.
    static let anonymiseOld = ScheduledJob.batched("lodging.anonymise-old-stays") { db, app, now, limit in
        try await StayStore.anonymiseOld(now: now, retentionDays: app.safeguard.settings.stayRetentionDays, limit: limit, on: db)
    }

    static let all = [anonymiseOld]
}
