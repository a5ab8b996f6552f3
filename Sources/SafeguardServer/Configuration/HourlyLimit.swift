import Foundation
import NIOConcurrencyHelpers

/// Counts what each client address does in the current hour (failed verifications, public
/// registrations) and says when it has done `limit` of them. In memory, per node: a bound on abuse
/// of public forms, not an account of it.
final class HourlyLimit: Sendable {
    private let counts = NIOLockedValueBox<[String: (hour: Int, count: Int)]>([:])
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func allowed(_ client: String, now: Date) -> Bool {
        let hour = Int(now.timeIntervalSince1970 / 3600)
        return counts.withLockedValue { ($0[client]?.hour == hour ? $0[client]!.count : 0) < limit }
    }

    func record(_ client: String, now: Date) {
        let hour = Int(now.timeIntervalSince1970 / 3600)
        counts.withLockedValue { counts in
            let current = counts[client].flatMap { $0.hour == hour ? $0.count : nil } ?? 0
            counts[client] = (hour, current + 1)
            if counts.count > 100_000 { counts = counts.filter { $0.value.hour == hour } }
        }
    }
}
