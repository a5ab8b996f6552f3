import Foundation
import Logging
import NIOConcurrencyHelpers
import SafeguardCore
import SQLKit
import Vapor

/// A hospital record system registered to call the CDS services.
struct CDSClient: Sendable {
    var id: UUID
    var organisationID: UUID
    var issuer: String
    var keys: IssuerKeys
}

/// Checks the signed JWT on every CDS call (CDS Hooks 2.0 "Trusting CDS Clients") and answers
/// 401 with no detail when anything is wrong. Tokens are never logged; the reason is, as a code.
enum CDSAuthentication {
    static func client(for req: Request, serviceID: String, feedback: Bool = false, now: Date = Date()) async throws -> CDSClient {
        let app = req.application
        guard let token = bearerToken(req.headers) else { throw CDSUnauthorized() }
        let audience = app.safeguard.settings.publicURL + ClinicalPaths.service(serviceID)
        let clients = try await app.cdsClients.current(on: req.sql)
        let claims: ClientClaims
        do {
            claims = try ClientJWTVerifier().verify(token, audience: audience, orAudience: feedback ? app.safeguard.settings.publicURL + ClinicalPaths.serviceFeedback(serviceID) : nil, now: now) {
                clients[$0]?.keys
            }
        } catch {
            req.logger.notice("cds token refused", metadata: ["reason": "\(error)"])
            throw CDSUnauthorized()
        }
        guard try await app.cdsReplayCache.firstUse(issuer: claims.issuer, tokenID: claims.tokenID, expires: claims.expires, now: now, on: req.sql) else {
            req.logger.notice("cds token refused", metadata: ["reason": "replayed"])
            throw CDSUnauthorized()
        }
        return clients[claims.issuer]!
    }

    /// The token of an `Authorization: Bearer ...` header, read as bytes: Vapor's reader splits
    /// the whole header by characters, which cost more than the token's JSON.
    static func bearerToken(_ headers: HTTPHeaders) -> String? {
        guard var value = headers.first(name: .authorization) else { return nil }
        return value.withUTF8 { bytes -> String? in
            let scheme = "bearer ".utf8
            guard bytes.count > scheme.count,
                  zip(bytes, scheme).allSatisfy({ byte, expected in byte == expected || (expected != UInt8(ascii: " ") && byte | 0x20 == expected) })
            else { return nil }
            let token = UnsafeBufferPointer(rebasing: bytes[scheme.count...])
            guard !token.contains(UInt8(ascii: " ")) else { return nil }
            return String(decoding: token, as: UTF8.self)
        }
    }
}

/// 401 with no detail, as the specification asks.
struct CDSUnauthorized: Error {}

/// Registered clients by issuer, read from the database at most every few seconds, so a key
/// an administrator changes reaches every node quickly without a query per call.
final class CDSClientRegistry: Sendable {
    private struct State { var clients: [String: CDSClient] = [:]; var loadedAt: Date = .distantPast }
    private let state = NIOLockedValueBox(State())
    let lifetime: TimeInterval = 5

    /// `db` is made only when the cache is out of date: making one per call was a cost of its own.
    func current(on db: @autoclosure () -> any SQLDatabase, now: Date = Date()) async throws -> [String: CDSClient] {
        let cached = state.withLockedValue { $0 }
        if now.timeIntervalSince(cached.loadedAt) < lifetime { return cached.clients }
        var clients: [String: CDSClient] = [:]
        for row in try await db().raw("SELECT id, organisation_id, issuer, jwks FROM cds_clients WHERE active = \(bind: true)").all() {
            let issuer = try row.decode(column: "issuer", as: String.self)
            // A stored key set was checked when it was saved; one that no longer reads is skipped, not fatal.
            guard let set = try? JSONDecoder().decode(JWKSet.self, from: Data(try row.decode(column: "jwks", as: String.self).utf8)),
                  let keys = try? IssuerKeys(set) else { continue }
            clients[issuer] = CDSClient(id: try row.decode(column: "id", as: UUID.self), organisationID: try row.decode(column: "organisation_id", as: UUID.self),
                                        issuer: issuer, keys: keys)
        }
        state.withLockedValue { $0 = State(clients: clients, loadedAt: now) }
        return clients
    }

    func forget() { state.withLockedValue { $0.loadedAt = .distantPast } }
}

/// Remembers every token id until its token expires. Several PostgreSQL nodes share them in a
/// table, where the unique key decides the race. One SQLite node keeps them in memory in two
/// generations: no accepted token lives longer than `longestLife` past its first use, so when the
/// newer generation is that old the older one is dropped whole. Sweeping every id for expired ones
/// on the request path cost a scan per call once a busy network held many live tokens.
final class CDSReplayCache: Sendable {
    private struct Seen {
        var current: [String: Date] = [:]
        var previous: [String: Date] = [:]
        var started: Date = .distantPast

        mutating func rotate(now: Date) {
            guard now.timeIntervalSince(started) >= CDSReplayCache.longestLife else { return }
            previous = current
            current = [:]
            started = now
        }
    }

    /// The verifier's longest token lifetime, its clock skew, and the minute an id is kept past expiry.
    static let longestLife: TimeInterval = {
        let verifier = ClientJWTVerifier()
        return verifier.maximumLifetime + 2 * verifier.clockSkew
    }()

    private let seen = NIOLockedValueBox(Seen())
    let shared: Bool

    init(shared: Bool) { self.shared = shared }

    /// `db` is made only for the shared table of several PostgreSQL nodes.
    func firstUse(issuer: String, tokenID: String, expires: Date, now: Date, on db: @autoclosure () -> any SQLDatabase) async throws -> Bool {
        // Kept a minute past expiry: the verifier accepts that much clock skew.
        let keepUntil = expires.addingTimeInterval(60)
        if shared {
            let inserted = try await db().raw("""
                INSERT INTO cds_token_ids (issuer, jti, expires_at) VALUES (\(bind: issuer), \(bind: tokenID), \(bind: keepUntil))
                ON CONFLICT DO NOTHING RETURNING jti
                """).first()
            return inserted != nil
        }
        let key = issuer + "\u{1F}" + tokenID
        return seen.withLockedValue { seen in
            seen.rotate(now: now)
            if let until = seen.current[key] ?? seen.previous[key], until > now { return false }
            seen.current[key] = keepUntil
            return true
        }
    }

    /// Token ids held in memory.
    var heldCount: Int { seen.withLockedValue { $0.current.count + $0.previous.count } }

    func purge(now: Date, on db: any SQLDatabase) async throws {
        if shared { try await db.raw("DELETE FROM cds_token_ids WHERE expires_at < \(bind: now)").run() }
        seen.withLockedValue { $0.rotate(now: now) }
    }
}

/// Calls and warnings per service and day, counted in memory and added to the database by a
/// scheduled job: the only trace of a patient who fires no rule.
final class CDSCounters: Sendable {
    private let counts = NIOLockedValueBox([String: (evaluations: Int64, warnings: Int64)]())

    func count(serviceID: String, warnings: Int) {
        counts.withLockedValue { counts in
            let old = counts[serviceID] ?? (0, 0)
            counts[serviceID] = (old.evaluations + 1, old.warnings + Int64(warnings))
        }
    }

    func flush(now: Date, on db: any SQLDatabase) async throws {
        let taken = counts.withLockedValue { counts in
            defer { counts = [:] }
            return counts
        }
        guard !taken.isEmpty else { return }
        let day = String(ISO8601DateFormatter().string(from: now).prefix(10))
        for (service, count) in taken {
            try await db.raw("""
                INSERT INTO cds_counters (day, service_id, evaluations, warnings) VALUES (\(bind: day), \(bind: service), \(bind: count.evaluations), \(bind: count.warnings))
                ON CONFLICT (day, service_id) DO UPDATE SET evaluations = cds_counters.evaluations + excluded.evaluations,
                warnings = cds_counters.warnings + excluded.warnings
                """).run()
        }
    }
}

extension Application {
    private struct RegistryKey: StorageKey { typealias Value = CDSClientRegistry }
    private struct ReplayKey: StorageKey { typealias Value = CDSReplayCache }
    private struct CountersKey: StorageKey { typealias Value = CDSCounters }

    var cdsClients: CDSClientRegistry {
        get { storage[RegistryKey.self]! }
        set { storage[RegistryKey.self] = newValue }
    }
    var cdsReplayCache: CDSReplayCache {
        get { storage[ReplayKey.self]! }
        set { storage[ReplayKey.self] = newValue }
    }
    var cdsCounters: CDSCounters {
        get { storage[CountersKey.self]! }
        set { storage[CountersKey.self] = newValue }
    }
}
