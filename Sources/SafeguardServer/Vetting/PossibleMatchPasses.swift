import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The searches for possible matches this node runs in the background after a re-check's exact
/// pass answered. Kept so that tests can wait for one and shutdown can stop them (a stopped
/// search is resumed by the sweeper); the database lease, not this list, keeps other nodes
/// from running the same search.
final class PossibleMatchPasses: LifecycleHandler, Sendable {
    private let running = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])

    /// Starts the search for `id` unless this node runs it already; true when started.
    @discardableResult
    func start(_ id: UUID, services: AppServices, app: Application) -> Bool {
        let logger = app.logger
        // Registered under the lock the search takes to remove itself, so it cannot end first.
        return running.withLockedValue { running in
            guard running[id] == nil else { return false }
            running[id] = Task {
                do {
                    try await Rechecks.matchPossible(id, services: services, app: app)
                } catch is CancellationError {
                } catch {
                    // No personal data: the re-check's id only. The sweeper tries again once the lease ends.
                    logger.error("search for possible matches stopped", metadata: ["recheck": "\(id)", "error": "\(String(reflecting: type(of: error)))"])
                }
                _ = self.running.withLockedValue { $0.removeValue(forKey: id) }
            }
            return true
        }
    }

    /// Waits until this node's search for `id` (if any) has ended.
    func wait(_ id: UUID) async {
        await running.withLockedValue { $0[id] }?.value
    }

    func shutdownAsync(_ app: Application) async {
        let tasks = running.withLockedValue { Array($0.values) }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}

extension Application {
    private struct PossibleMatchPassesKey: StorageKey { typealias Value = PossibleMatchPasses }

    var possibleMatchPasses: PossibleMatchPasses {
        get { storage[PossibleMatchPassesKey.self]! }
        set { storage[PossibleMatchPassesKey.self] = newValue }
    }
}
