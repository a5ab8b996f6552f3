import Foundation
import SQLKit
import Vapor

/// One piece of background work an area owns (`<Area>Schedule.all`). `run` does everything that
/// is due at `now` and says how many items it handled.
struct ScheduledJob: Sendable {
    let name: String
    let run: @Sendable (Application, Date) async throws -> Int

    init(_ name: String, run: @escaping @Sendable (Application, Date) async throws -> Int) {
        self.name = name
        self.run = run
    }

    /// Work done `batch` items to a transaction until a transaction does fewer: a long backlog never
    /// holds the writer for long, and a crash loses at most one batch's progress.
    static func batched(_ name: String, batch: Int = 50,
                        _ step: @escaping @Sendable (any SQLDatabase, Application, Date, Int) async throws -> Int) -> ScheduledJob {
        ScheduledJob(name) { app, now in
            var total = 0
            while true {
                let done = try await app.write { db in try await step(db, app, now, batch) }
                total += done
                if done < batch { return total }
            }
        }
    }
}

/// Runs every area's background jobs, in order, on every sweep: drafts past their deadline, clinical
/// warnings nobody answered, unacknowledged reports, hearings, old stays, re-check reminders,
/// interrupted vetting work, webhooks. All state is in the database, so a restart loses nothing; on
/// PostgreSQL several nodes sweep at once and `FOR UPDATE SKIP LOCKED` gives each due item to
/// exactly one; SQLite has one node.
enum Scheduler {
    /// Clinical first: a warning nobody answered becomes a report that the reporting jobs then carry on.
    static let jobs: [ScheduledJob] = ClinicalSchedule.all + ReportingSchedule.all + LegalAidSchedule.all
        + LodgingSchedule.all + VettingSchedule.all + TrainingSchedule.all + LibrarySchedule.all + UNMonitoringSchedule.all + ClinicalSchedule.housekeeping

    /// How many items each job handled in one sweep.
    struct Result: Equatable, Sendable {
        var counts: [String: Int] = [:]
        subscript(job: ScheduledJob) -> Int { counts[job.name, default: 0] }
        var nothingDone: Bool { counts.values.allSatisfy { $0 == 0 } }
    }

    /// One sweep at `now` (tests pass their own clock).
    @discardableResult
    static func run(_ app: Application, now: Date = Date()) async throws -> Result {
        var result = Result()
        for job in jobs { result.counts[job.name] = try await job.run(app, now) }
        return result
    }

    /// Sweeps every `interval` seconds while the server runs. Only counts are logged, never what was handled.
    static func loop(every interval: Int) -> PeriodicLoop {
        PeriodicLoop(every: interval, atBoot: false) { app in
            do {
                let result = try await run(app)
                if !result.nothingDone {
                    app.logger.notice("scheduled jobs", metadata: .init(uniqueKeysWithValues: result.counts.filter { $0.value > 0 }.map { ($0.key, "\($0.value)") }))
                }
            } catch {
                app.logger.error("scheduled jobs failed: \(String(reflecting: type(of: error)))")
            }
        }
    }
}
