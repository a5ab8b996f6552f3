import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Keeps the law's clock: drafts past their deadline are submitted, clinical warnings nobody
/// answered are reported, reports no authority acknowledged are escalated, stays past the
/// retention period are anonymised, units are reminded of their yearly re-check, the writing of
/// roster keys and searches for a re-check's possible matches that a restart cut short are
/// started again (in the background),
/// monitoring webhooks are delivered. All state is in the
/// database, so a restart loses nothing; on PostgreSQL several nodes sweep at once and
/// `FOR UPDATE SKIP LOCKED` gives each overdue item to exactly one; SQLite has one node.
enum DeadlineSweeper {
    struct Result: Equatable, Sendable {
        var draftsSubmitted = 0
        var alertsReported = 0
        var reportsEscalated = 0
        var staysAnonymised = 0
        var remindersSent = 0
        var recheckReminders = 0
        var rosterKeys = 0
        var possibleMatchSearches = 0
        var webhooksAttempted = 0
    }

    static let batch = 50

    /// One sweep at `now` (tests pass their own clock). Each batch is one transaction.
    @discardableResult
    static func run(_ app: Application, now: Date = Date()) async throws -> Result {
        let services = app.safeguard
        var result = Result()
        while true {
            let done = try await app.write { db in try await ClinicalAlertStore.reportOverdue(now: now, limit: batch, services: services, on: db) }
            result.alertsReported += done
            if done < batch { break }
        }
        while true {
            let done = try await app.write { db in try await ReportStore.submitOverdueDrafts(now: now, limit: batch, services: services, on: db) }
            result.draftsSubmitted += done
            if done < batch { break }
        }
        while true {
            let done = try await app.write { db in try await ReportStore.escalateUnacknowledged(now: now, limit: batch, services: services, on: db) }
            result.reportsEscalated += done
            if done < batch { break }
        }
        while true {
            let done = try await app.write { db in try await LegalMatterStore.remindUpcoming(now: now, limit: batch, on: db) }
            result.remindersSent += done
            if done < batch { break }
        }
        let retention = services.settings.stayRetentionDays
        while true {
            let done = try await app.write { db in try await StayStore.anonymiseOld(now: now, retentionDays: retention, limit: batch, on: db) }
            result.staysAnonymised += done
            if done < batch { break }
        }
        while true {
            let done = try await app.write { db in try await Rechecks.remindDue(now: now, limit: batch, on: db) }
            result.recheckReminders += done
            if done < batch { break }
        }
        result.rosterKeys = try await RosterKeys.resume(now: now, services: services, app: app)
        result.possibleMatchSearches = try await Rechecks.resumePossibleMatches(now: now, services: services, app: app)
        result.webhooksAttempted = try await Monitoring.deliverWebhooks(app, now: now)
        try await app.write { db in
            try await app.cdsCounters.flush(now: now, on: db)
            try await app.cdsReplayCache.purge(now: now, on: db)
        }
        return result
    }

    /// Runs the sweep every `interval` seconds while the server runs.
    static func loop(every interval: Int) -> PeriodicLoop {
        PeriodicLoop(every: interval, atBoot: false) { app in
            do {
                let result = try await DeadlineSweeper.run(app)
                if result != Result() {
                    app.logger.notice("deadline sweep", metadata: ["submitted": "\(result.draftsSubmitted)",
                                                                  "reported": "\(result.alertsReported)", "escalated": "\(result.reportsEscalated)"])
                }
            } catch {
                app.logger.error("deadline sweep failed: \(String(reflecting: type(of: error)))")
            }
        }
    }
}
