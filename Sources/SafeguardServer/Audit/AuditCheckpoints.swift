import Foundation
import Logging
import SafeguardCore
import SQLKit
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// Signed notes of the audit chain's head, kept outside the database: appended to a file in the
/// data folder, written to the server's log, and to syslog when asked. `audit verify` checks the
/// chain against them, so deleting the newest entries, or rewriting the chain whole from an edited
/// entry on, is found even by someone who holds the database and can recompute plain hashes.
enum AuditCheckpoints {
    static func path(_ settings: Settings) -> String {
        (settings.dataDirectory as NSString).appendingPathComponent("audit-checkpoints.jsonl")
    }

    /// The checkpoints whose signature holds, and the numbers of lines that do not.
    static func load(_ settings: Settings, key: AuditSealKey) -> (checkpoints: [AuditCheckpoint], badLines: [Int], tornTail: Bool) {
        guard let data = FileManager.default.contents(atPath: path(settings)) else { return ([], [], false) }
        return AuditCheckpoint.read(String(decoding: data, as: UTF8.self), key: key)
    }

    /// Records the chain's current head, unless the newest checkpoint already holds it.
    @discardableResult
    static func take(_ app: Application, now: Date = Date()) async throws -> AuditCheckpoint? {
        let settings = app.safeguard.settings, key = app.safeguard.auditKey
        guard let head = try await app.sql.raw("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").first() else { return nil }
        let sequence = try head.decode(column: "seq", as: Int64.self), hash = try head.decode(column: "hash", as: String.self)
        let (earlier, _, torn) = load(settings, key: key)
        if let newest = earlier.max(by: { $0.sequence < $1.sequence }), newest.sequence == sequence, newest.hash == hash { return nil }
        // The first checkpoint pins where sealed entries begin; later ones repeat it, so turning
        // sealed entries back into unsealed ones is found too.
        var sealedFrom = earlier.map(\.sealedFrom).min()
        if sealedFrom == nil {
            let first = try await app.sql.raw("SELECT seq FROM audit_entries WHERE key_id IS NOT NULL ORDER BY seq LIMIT 1").first()
            sealedFrom = try first?.decode(column: "seq", as: Int64.self) ?? sequence + 1
        }
        let checkpoint = AuditCheckpoint(sequence: sequence, hash: hash, atMilliseconds: Int64(now.timeIntervalSince1970 * 1000),
                                         sealedFrom: sealedFrom!, key: key)
        // After a torn line, the new one starts on a line of its own.
        try append((torn ? "\n" : "") + checkpoint.line, to: path(settings))
        app.logger.notice("audit checkpoint", metadata: ["sequence": "\(sequence)", "hash": "\(hash)", "sealedFrom": "\(sealedFrom!)"])
        if settings.auditSyslog { writeToSyslog(checkpoint.line) }
        return checkpoint
    }

    /// Appends one line and waits for the disk: a checkpoint that is acknowledged survives a crash.
    static func append(_ line: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard descriptor >= 0 else { throw Abort(.internalServerError, reason: "cannot open the audit checkpoint file") }
        defer { close(descriptor) }
        let bytes = Array((line + "\n").utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count, fsync(descriptor) == 0 else {
            throw Abort(.internalServerError, reason: "cannot write the audit checkpoint file")
        }
    }

    static func writeToSyslog(_ line: String) {
        withVaList([line]) { vsyslog(LOG_AUTHPRIV | LOG_NOTICE, "safeguard audit checkpoint %s", $0) }
    }

    /// Takes a checkpoint at boot, on a schedule and once more when the server stops.
    static func loop(every interval: Int) -> PeriodicLoop {
        PeriodicLoop(every: interval, atBoot: true, finally: checkpoint, checkpoint)
    }

    @Sendable static func checkpoint(_ app: Application) async {
        do { try await take(app) } catch {
            app.logger.error("audit checkpoint failed: \(String(reflecting: type(of: error)))")
        }
    }
}
