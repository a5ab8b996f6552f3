import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The vetting work this node runs in the background: writing an upload's roster keys, and the
/// search for a re-check's possible matches. Kept so that tests can wait for a job and shutdown
/// can stop them (a stopped job is resumed by the scheduler); a database lease, not this list,
/// keeps other nodes from running the same job.
final class VettingJobs: LifecycleHandler, Sendable {
    enum Job: Hashable, Sendable {
        /// The document and blocking keys of a roster upload (`RosterKeys`).
        case rosterKeys(upload: UUID)
        /// The search for possible matches of a re-check (`Rechecks.matchPossible`).
        case possibleMatches(recheck: UUID)

        var name: String {
            switch self {
            case .rosterKeys: "roster keys"
            case .possibleMatches: "search for possible matches"
            }
        }
    }

    private let running = NIOLockedValueBox<[Job: Task<Void, Never>]>([:])
    /// Interactive vetting work under way on this node, which the jobs let pass first.
    private let foreground = NIOLockedValueBox(0)

    /// Runs work someone is waiting for (a re-check's exact pass): the jobs on this node pause
    /// between their pages meanwhile, so that it has both cores.
    func inForeground<T>(_ work: () async throws -> T) async rethrows -> T {
        foreground.withLockedValue { $0 += 1 }
        defer { foreground.withLockedValue { $0 -= 1 } }
        return try await work()
    }

    /// Called by a job between pages: waits while interactive work runs, for at most `longest`,
    /// so that a steady stream of it slows the jobs down but never stops them.
    func yieldToForeground(longest: Duration = .seconds(1)) async {
        let clock = ContinuousClock(), deadline = clock.now + longest
        while foreground.withLockedValue({ $0 }) > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Starts `job` unless this node runs it already; true when started.
    @discardableResult
    func start(_ job: Job, services: AppServices, app: Application) -> Bool {
        let logger = app.logger
        // Registered under the lock the job takes to remove itself, so it cannot end first.
        return running.withLockedValue { running in
            guard running[job] == nil else { return false }
            running[job] = Task {
                do {
                    switch job {
                    case .rosterKeys(let upload): _ = try await RosterKeys.write(upload: upload, services: services, app: app)
                    case .possibleMatches(let recheck): try await Rechecks.matchPossible(recheck, services: services, app: app)
                    }
                } catch is CancellationError {
                } catch {
                    // No personal data: the job's id only. The scheduler tries again once the lease ends.
                    logger.error("\(job.name) stopped", metadata: ["job": "\(job)", "error": "\(String(reflecting: type(of: error)))"])
                }
                _ = self.running.withLockedValue { $0.removeValue(forKey: job) }
            }
            return true
        }
    }

    /// Waits until this node's run of `job` (if any) has ended.
    func wait(_ job: Job) async {
        await running.withLockedValue { $0[job] }?.value
    }

    func shutdownAsync(_ app: Application) async {
        let tasks = running.withLockedValue { Array($0.values) }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}

extension Application {
    private struct VettingJobsKey: StorageKey { typealias Value = VettingJobs }

    var vettingJobs: VettingJobs {
        get { storage[VettingJobsKey.self]! }
        set { storage[VettingJobsKey.self] = newValue }
    }
}
