import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Who a session belongs to, remembered for a few seconds so that a burst of requests costs one
/// database lookup. Sign-out, a password change and a language change on this node forget at once;
/// on other nodes a change takes at most `lifetime` to show. The session's own expiry and idle
/// time are still checked on every request.
final class SessionCache: Sendable {
    struct Entry: Sendable {
        let actor: Actor
        let kind: SessionStore.Kind
        let expiresAt: Date
        let lastSeen: Date
        let cachedAt: Date
    }

    let lifetime: TimeInterval
    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private static let maxEntries = 50_000

    init(lifetime: TimeInterval = 5) { self.lifetime = lifetime }

    func get(_ sessionID: String, now: Date) -> Entry? {
        entries.withLockedValue { entries in
            guard let entry = entries[sessionID] else { return nil }
            guard now.timeIntervalSince(entry.cachedAt) < lifetime else {
                entries[sessionID] = nil
                return nil
            }
            return entry
        }
    }

    func put(_ sessionID: String, _ entry: Entry) {
        entries.withLockedValue { entries in
            if entries.count >= Self.maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[sessionID] = entry
        }
    }

    func forget(session sessionID: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: sessionID) }
    }

    func forget(user userID: UUID) {
        entries.withLockedValue { entries in entries = entries.filter { $0.value.actor.userID != userID } }
    }
}

extension Application {
    struct SessionCacheKey: StorageKey { typealias Value = SessionCache }

    var sessionCache: SessionCache {
        get { storage[SessionCacheKey.self]! }
        set { storage[SessionCacheKey.self] = newValue }
    }
}
