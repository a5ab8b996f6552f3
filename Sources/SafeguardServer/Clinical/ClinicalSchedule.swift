import Foundation
import Vapor

/// The clinical area's background work, run by the `Scheduler`.
enum ClinicalSchedule {
    /// A red or orange warning nobody answered in time is reported to the authority.
    static let reportUnanswered = ScheduledJob.batched("clinical.report-unanswered-warnings") { db, app, now, limit in
        try await ClinicalAlertStore.reportOverdue(now: now, limit: limit, services: app.safeguard, on: db)
    }
    /// The CDS service's counters written out and its replay cache emptied of expired tokens.
    static let serviceHousekeeping = ScheduledJob("clinical.cds-housekeeping") { app, now in
        try await app.write { db in
            try await app.cdsCounters.flush(now: now, on: db)
            try await app.cdsReplayCache.purge(now: now, on: db)
        }
        return 0
    }

    static let all = [reportUnanswered]
    /// After every other area's work.
    static let housekeeping = [serviceHousekeeping]
}
