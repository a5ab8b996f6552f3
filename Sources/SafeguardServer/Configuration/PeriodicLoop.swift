import NIOConcurrencyHelpers
import Vapor

/// Runs `work` every `interval` seconds while the server runs. At shutdown it stops at the next
/// pause, waits for the work under way (so the database is not closed under it), then runs
/// `finally` once.
final class PeriodicLoop: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    let interval: Int
    /// Run at boot, or only after the first interval.
    let atBoot: Bool
    let work: @Sendable (Application) async -> Void
    let finally: (@Sendable (Application) async -> Void)?

    init(every interval: Int, atBoot: Bool, finally: (@Sendable (Application) async -> Void)? = nil,
         _ work: @escaping @Sendable (Application) async -> Void) {
        self.interval = interval
        self.atBoot = atBoot
        self.work = work
        self.finally = finally
    }

    func didBootAsync(_ app: Application) async throws {
        let (interval, atBoot, work) = (self.interval, self.atBoot, self.work)
        task.withLockedValue {
            $0 = Task { [weak app] in
                var first = true
                while !Task.isCancelled {
                    if !(first && atBoot) { try? await Task.sleep(for: .seconds(interval)) }
                    first = false
                    guard let app, !Task.isCancelled else { return }
                    await work(app)
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let running = task.withLockedValue { task -> Task<Void, Never>? in
            task?.cancel()
            return task
        }
        await running?.value
        await finally?(app)
    }
}
