import Dispatch
import Logging
import NIOConcurrencyHelpers
import VaporCSQLite

/// Copies the write-ahead log back into the database on a thread and a connection of its own.
///
/// SQLite's own checkpoint runs on the committing thread once the log passes 1,000 pages: the
/// writer then copies pages and waits for the disk twice while every queued write waits behind
/// it (the check-in benchmark left 16 % of both cores idle). Here a commit only notes the log's
/// length, and a passive checkpoint, which waits for neither readers nor the writer, does the copying.
final class SQLiteCheckpointer: Sendable {
    /// 16 MiB of 4 KiB pages: a page that many commits rewrite is copied once per checkpoint.
    static let defaultPages: Int32 = 4_000

    private let connection: SQLiteDirectConnection
    private let pages: Int32
    private let logger: Logger
    private let queue = DispatchQueue(label: "safeguard.sqlite-checkpoint")
    private let state = NIOLockedValueBox((running: false, completed: 0))

    init(path: String, writer: SQLiteDirectConnection, pages: Int32, logger: Logger) throws {
        connection = try SQLiteDirectConnection(path: path, cacheKiB: 2_048)
        self.pages = pages
        self.logger = logger
        // Unretained: SQLiteDirect holds the checkpointer and closes the writer before it.
        writer.onCommit(context: Unmanaged.passUnretained(self).toOpaque()) { context, _, _, pagesInLog in
            Unmanaged<SQLiteCheckpointer>.fromOpaque(context!).takeUnretainedValue().committed(pagesInLog: pagesInLog)
            return SQLITE_OK
        }
    }

    /// Checkpoints run to completion since the start.
    var completed: Int { state.withLockedValue { $0.completed } }

    private func committed(pagesInLog: Int32) {
        guard pagesInLog >= pages, state.withLockedValue({ state in
            if state.running { return false }
            state.running = true
            return true
        }) else { return }
        queue.async { [self] in
            do {
                // A read first: a connection learns that the database is in WAL mode only by reading it.
                try connection.run("SELECT 1 FROM sqlite_schema LIMIT 1", binds: []) { _ in }
                try connection.checkpoint()
            } catch {
                logger.warning("checkpoint of the write-ahead log failed; the next commit tries again", metadata: ["error": "\(error)"])
            }
            state.withLockedValue { state in
                state.running = false
                state.completed += 1
            }
        }
    }

    /// Waits for a checkpoint under way.
    func wait() { queue.sync {} }

    func close() {
        wait()
        connection.close()
    }
}
