import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Limits sign-in attempts per client address, before any password is hashed. bcrypt is
/// deliberately slow, so a flood of guesses (known usernames or not) from one address would
/// otherwise take every core from the people already at work.
///
/// Each address has a bucket of `burst` attempts that refills at `perMinute`, and at most
/// `inFlight` attempts checked at once. The account's own lock-out (in the database) is
/// separate and holds across addresses and nodes; this limit is per node.
final class SignInThrottle: Sendable {
    struct Limits: Sendable {
        var burst: Double = 10
        var perMinute: Double = 10
        var inFlight = 2
    }

    private struct Bucket { var tokens: Double; var updated: Date; var inFlight: Int }

    let limits: Limits
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])

    init(limits: Limits = Limits()) { self.limits = limits }

    /// Takes a place for one attempt, or says how many seconds to wait when the address is over its limit.
    func admit(_ address: String, now: Date = Date()) -> Result<Admission, TooMany> {
        buckets.withLockedValue { buckets in
            var bucket = buckets[address] ?? Bucket(tokens: limits.burst, updated: now, inFlight: 0)
            let refill = max(0, now.timeIntervalSince(bucket.updated)) * limits.perMinute / 60
            bucket.tokens = min(limits.burst, bucket.tokens + refill)
            bucket.updated = now
            guard bucket.tokens >= 1, bucket.inFlight < limits.inFlight else {
                buckets[address] = bucket
                let wait = bucket.tokens >= 1 ? 1 : Int(((1 - bucket.tokens) * 60 / limits.perMinute).rounded(.up))
                return .failure(TooMany(retryAfter: max(1, wait)))
            }
            bucket.tokens -= 1
            bucket.inFlight += 1
            buckets[address] = bucket
            // Full buckets of idle addresses are forgotten, so the table stays small.
            if buckets.count > 50_000 { buckets = buckets.filter { $0.value.inFlight > 0 || $0.value.tokens < limits.burst } }
            return .success(Admission(throttle: self, address: address))
        }
    }

    private let unknownNames = NIOLockedValueBox<[String: (failures: Int, lockedUntil: Date?)]>([:])

    func unknownNameIsLocked(_ name: String, now: Date = Date()) -> Bool {
        unknownNames.withLockedValue { ($0[name]?.lockedUntil).map { $0 > now } ?? false }
    }

    /// Counts a failure for a username nobody has, and tells whether it is now "locked": such a
    /// name answers exactly as a real account would, so lock-outs do not tell which names exist.
    func unknownNameFailed(_ name: String, limit: Int, lockout: TimeInterval, now: Date = Date()) -> Bool {
        unknownNames.withLockedValue { names in
            if names.count > 100_000 { names = names.filter { ($0.value.lockedUntil ?? .distantPast) > now } }
            var entry = names[name] ?? (0, nil)
            if let until = entry.lockedUntil {
                if until > now { return true }
                entry = (0, nil)
            }
            entry.failures += 1
            if entry.failures >= limit { entry = (0, now.addingTimeInterval(lockout)) }
            names[name] = entry
            return entry.lockedUntil != nil
        }
    }

    fileprivate func release(_ address: String) {
        buckets.withLockedValue { buckets in buckets[address]?.inFlight -= 1 }
    }

    struct TooMany: Error { let retryAfter: Int }

    /// One admitted attempt; `done()` gives its place back.
    struct Admission: Sendable {
        fileprivate let throttle: SignInThrottle
        fileprivate let address: String
        func done() { throttle.release(address) }
    }
}

extension Request {
    /// Runs a sign-in attempt within the address's limit, or answers 429 with `Retry-After`.
    func throttledSignIn<T: Sendable>(_ attempt: () async throws -> T) async throws -> T {
        switch application.signInThrottle.admit(clientAddress ?? "unknown") {
        case .failure(let tooMany):
            throw AppError.rateLimited("too many sign-in attempts from this address; try again in \(tooMany.retryAfter) seconds")
        case .success(let admission):
            defer { admission.done() }
            return try await attempt()
        }
    }
}

extension Application {
    struct SignInThrottleKey: StorageKey { typealias Value = SignInThrottle }

    var signInThrottle: SignInThrottle {
        get { storage[SignInThrottleKey.self]! }
        set { storage[SignInThrottleKey.self] = newValue }
    }
}
