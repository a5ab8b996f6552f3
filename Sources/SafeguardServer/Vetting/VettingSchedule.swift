import Foundation
import Vapor

/// The vetting area's background work, run by the `Scheduler`.
enum VettingSchedule {
    /// Units are reminded of their yearly re-check.
    static let remindRechecks = ScheduledJob.batched("vetting.remind-rechecks-due") { db, _, now, limit in
        try await Rechecks.remindDue(now: now, limit: limit, on: db)
    }
    /// The writing of roster keys that a restart cut short is started again (in the background).
    static let resumeRosterKeys = ScheduledJob("vetting.resume-roster-keys") { app, now in
        try await RosterKeys.resume(now: now, services: app.safeguard, app: app)
    }
    /// Searches for a re-check's possible matches that a restart cut short are started again (in the background).
    static let resumePossibleMatches = ScheduledJob("vetting.resume-possible-match-searches") { app, now in
        try await Rechecks.resumePossibleMatches(now: now, services: app.safeguard, app: app)
    }
    /// Monitoring webhooks are delivered, and failed ones retried.
    static let deliverWebhooks = ScheduledJob("vetting.deliver-webhooks") { app, now in
        try await Monitoring.deliverWebhooks(app, now: now)
    }

    static let all = [remindRechecks, resumeRosterKeys, resumePossibleMatches, deliverWebhooks]
}
