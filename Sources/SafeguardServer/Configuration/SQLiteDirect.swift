import Logging
import SafeguardCore
import NIOPosix
import NIOConcurrencyHelpers
import NIOCore
import SQLiteKit
import SQLiteNIO
import SQLitePageCache
import SQLiteStablePlans
import SQLKit
import Vapor
import VaporCSQLite

/// An SQLite connection called directly, on the caller's thread, with its prepared statements kept.
///
/// The pooled driver sends every statement to a thread pool and its result back through an event
/// loop, and parses each statement anew: three thread hand-offs and a parse for a lookup that
/// SQLite answers from its page cache in microseconds. On two cores those hand-offs, not SQLite,
/// bounded how many requests a second the server could take. Statements here run while the
/// caller waits (they read pages already cached, or append to the write-ahead log), and one lock
/// per connection keeps them one at a time.
final class SQLiteDirectConnection: @unchecked Sendable {
    private let lock = NIOLock()
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private static let maxStatements = 512
    /// About 15 MiB of prepared statements per connection; a bulk INSERT of 4,000 rows has 8,000.
    private static let maxKeptParameters = 100_000
    private var keptParameters = 0

    /// `mapBytes`: how much of the file a reader maps into memory instead of copying its pages in
    /// with a system call each (none for the writer, which SQLite would make write through the map).
    init(path: String, cacheKiB: Int, mapBytes: Int = 0) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw SQLiteDirectError(code: opened, message: "cannot open the database file")
        }
        self.handle = handle
        sqlite_nio_sqlite3_busy_timeout(handle, 30_000)
        // Plans chosen without looking at bound values, so a kept statement is never parsed again.
        let stable = safeguard_sqlite_enable_stable_plans(UnsafeMutableRawPointer(handle))
        guard stable == SQLITE_OK else {
            sqlite_nio_sqlite3_close_v2(handle)
            throw SQLiteDirectError(code: stable, message: "cannot fix query plans")
        }
        // The same settings as the pooled connections: foreign keys enforced, every commit on disk.
        for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL", "PRAGMA cache_size = -\(cacheKiB)", "PRAGMA mmap_size = \(mapBytes)"] {
            try run(pragma, binds: []) { _ in }
        }
    }

    func close() {
        lock.withLock {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements.removeAll()
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            handle = nil
        }
    }

    /// Runs `body` with the kept statement for `sql`, under the connection's lock; the statement
    /// is reset and its values cleared afterwards.
    private func withStatement(_ sql: String, _ body: (OpaquePointer, OpaquePointer) throws -> Void) throws {
        try lock.withLock {
            guard let handle else { throw SQLiteDirectError(code: SQLITE_MISUSE, message: "the connection is closed") }
            let statement = try prepared(sql, on: handle)
            defer {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            }
            try body(handle, statement)
        }
    }

    /// Runs one statement with its values bound, handing each result row to `onRow`.
    func run(_ sql: String, binds: [SQLiteData], onRow: (SQLiteDirectRow) throws -> Void) throws {
        try withStatement(sql) { handle, statement in
            for (index, value) in binds.enumerated() {
                let result = bind(value, at: Int32(index + 1), to: statement)
                guard result == SQLITE_OK else { throw error(result, on: handle) }
            }
            var columns: [String]?
            while true {
                let step = sqlite_nio_sqlite3_step(statement)
                if step == SQLITE_DONE { return }
                guard step == SQLITE_ROW else { throw error(step, on: handle) }
                let names = columns ?? Self.columnNames(statement)
                columns = names
                try onRow(SQLiteDirectRow(columns: names, values: (0..<Int32(names.count)).map { Self.value(at: $0, in: statement) }))
            }
        }
    }

    /// Runs one statement once for each row of values (a table's rows in a commit group): one
    /// lock and one statement lookup for them all, and each value bound straight from its row.
    func runEach(_ sql: String, rows: [[SQLBind]]) throws {
        try withStatement(sql) { handle, statement in
            var texts = RowTexts()
            defer {
                // Nothing may point into `texts` once it is gone.
                sqlite_nio_sqlite3_clear_bindings(statement)
                texts.deallocate()
            }
            for row in rows {
                texts.used = 0
                // By index: enumerating copied each value out of its row (a retain and a release each).
                for index in row.indices {
                    let result = try bind(row[index].encodable, at: Int32(index + 1), to: statement, texts: &texts)
                    guard result == SQLITE_OK else { throw error(result, on: handle) }
                }
                let step = sqlite_nio_sqlite3_step(statement)
                guard step == SQLITE_DONE else { throw error(step, on: handle) }
                sqlite_nio_sqlite3_reset(statement)
            }
        }
    }

    /// A row's value bound as `SQLiteDirectDatabase.value` makes it, but text (a UUID's written
    /// there directly) is put in `texts` and bound where it lies: SQLite's own copy of each value
    /// cost an allocation and a free.
    private func bind<T: Encodable>(_ value: T, at index: Int32, to statement: OpaquePointer, texts: inout RowTexts) throws -> Int32 {
        switch ObjectIdentifier(T.self) {
        case RowTypes.uuid: return texts.bind(SQLiteDirectDatabase.reading(value, as: UUID.self), at: index, to: statement)
        case RowTypes.optionalUUID:
            guard let id = SQLiteDirectDatabase.reading(value, as: UUID?.self) else { return sqlite_nio_sqlite3_bind_null(statement, index) }
            return texts.bind(id, at: index, to: statement)
        case RowTypes.string: return texts.bind(SQLiteDirectDatabase.reading(value, as: String.self), at: index, to: statement)
        case RowTypes.optionalString:
            guard let text = SQLiteDirectDatabase.reading(value, as: String?.self) else { return sqlite_nio_sqlite3_bind_null(statement, index) }
            return texts.bind(text, at: index, to: statement)
        default: return bind(try SQLiteDirectDatabase.value(value), at: index, to: statement)
        }
    }

    /// The kept statement for `sql`, or a new one, kept too. A list of ids (`IN (?, ?, ...)`) has a
    /// text of its own for every length, and statements with thousands of values each held a
    /// gigabyte between the readers of a long search: the kept statements' values are bounded,
    /// and the cache starts afresh when they would pass the bound.
    private func prepared(_ sql: String, on handle: OpaquePointer) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw error(result, on: handle) }
        let parameters = Int(sqlite_nio_sqlite3_bind_parameter_count(statement))
        if statements.count >= Self.maxStatements || keptParameters + parameters > Self.maxKeptParameters {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements.removeAll()
            keptParameters = 0
        }
        statements[sql] = statement
        keptParameters += parameters
        return statement
    }

    private func bind(_ value: SQLiteData, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let integer): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let double): sqlite_nio_sqlite3_bind_double(statement, index, double)
        case .text(var text):
            // Its bytes where they are: passing the string itself would copy it into a C string first.
            text.withUTF8 { bytes in
                // An empty text with no address must still be text, not NULL.
                guard let base = bytes.baseAddress else { return sqlite_nio_sqlite3_bind_text64(statement, index, "", 0, transient, UInt8(SQLITE_UTF8)) }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite_nio_sqlite3_bind_text64(statement, index, $0, UInt64(bytes.count), transient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let buffer):
            buffer.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
            }
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private static func columnNames(_ statement: OpaquePointer) -> [String] {
        (0..<sqlite_nio_sqlite3_column_count(statement)).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
    }

    private static func value(at column: Int32, in statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(.init(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    /// Has SQLite call `hook` after each commit with the write-ahead log's length in pages, in
    /// place of its own checkpoint on the committing thread.
    func onCommit(context: UnsafeMutableRawPointer, _ hook: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32) {
        lock.withLock {
            guard let handle else { return }
            _ = sqlite_nio_sqlite3_wal_hook(handle, hook, context)
        }
    }

    /// Copies what it can of the write-ahead log into the database, waiting for neither readers nor the writer.
    func checkpoint() throws {
        try lock.withLock {
            guard let handle else { throw SQLiteDirectError(code: SQLITE_MISUSE, message: "the connection is closed") }
            let result = sqlite_nio_sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            guard result == SQLITE_OK else { throw error(result, on: handle) }
        }
    }

    private func error(_ code: Int32, on handle: OpaquePointer) -> SQLiteDirectError {
        SQLiteDirectError(code: code, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The texts of one row, back to back, for binding without SQLite's copy (`SQLITE_STATIC`):
/// they must stay where they are until the row's step, so a text that does not fit is bound
/// with a copy instead.
private struct RowTexts {
    static let capacity = 64 * 1024
    let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: RowTexts.capacity)
    var used = 0

    func deallocate() { bytes.deallocate() }

    mutating func bind(_ id: UUID, at index: Int32, to statement: OpaquePointer) -> Int32 {
        guard used + 36 <= bytes.count else {
            return id.withUppercaseText { bind(copying: $0, at: index, to: statement) }
        }
        let count = id.writeUppercaseText(into: UnsafeMutableBufferPointer(rebasing: bytes[used..<used + 36]))
        return bindInPlace(count: count, at: index, to: statement)
    }

    mutating func bind(_ text: String, at index: Int32, to statement: OpaquePointer) -> Int32 {
        var text = text
        return text.withUTF8 { utf8 in
            guard used + utf8.count <= bytes.count else { return bind(copying: utf8, at: index, to: statement) }
            if let source = utf8.baseAddress { (bytes.baseAddress! + used).update(from: source, count: utf8.count) }
            return bindInPlace(count: utf8.count, at: index, to: statement)
        }
    }

    private mutating func bindInPlace(count: Int, at index: Int32, to statement: OpaquePointer) -> Int32 {
        defer { used += count }
        return UnsafeRawPointer(bytes.baseAddress! + used).withMemoryRebound(to: CChar.self, capacity: max(count, 1)) {
            sqlite_nio_sqlite3_bind_text64(statement, index, $0, UInt64(count), nil, UInt8(SQLITE_UTF8))
        }
    }

    /// Only a text longer than the space left comes here, so never an empty one (no address: NULL).
    private func bind(copying text: UnsafeBufferPointer<UInt8>, at index: Int32, to statement: OpaquePointer) -> Int32 {
        text.withMemoryRebound(to: CChar.self) {
            sqlite_nio_sqlite3_bind_text64(statement, index, $0.baseAddress, UInt64($0.count), transient, UInt8(SQLITE_UTF8))
        }
    }
}

/// The identities of the types rows are made of, and of their optionals, taken once: comparing
/// two costs a pointer comparison, while naming `U?` in generic code looked its metadata up on
/// every value (a sixth of a bulk insert's time).
private enum RowTypes {
    static let string = ObjectIdentifier(String.self), optionalString = ObjectIdentifier(String?.self)
    static let uuid = ObjectIdentifier(UUID.self), optionalUUID = ObjectIdentifier(UUID?.self)
    static let int = ObjectIdentifier(Int.self), optionalInt = ObjectIdentifier(Int?.self)
    static let int64 = ObjectIdentifier(Int64.self), optionalInt64 = ObjectIdentifier(Int64?.self)
    static let bool = ObjectIdentifier(Bool.self), optionalBool = ObjectIdentifier(Bool?.self)
    static let date = ObjectIdentifier(Date.self), optionalDate = ObjectIdentifier(Date?.self)
    static let double = ObjectIdentifier(Double.self), optionalDouble = ObjectIdentifier(Double?.self)
}

struct SQLiteDirectError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { "SQLite error \(code): \(message)" }
}

struct SQLiteDirectRow: SQLRow {
    let columns: [String]
    let values: [SQLiteData]
    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { columns.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.firstIndex(of: column) else { return true }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.firstIndex(of: column) else {
            throw SQLiteDirectError(code: SQLITE_ERROR, message: "no column \(column) in the result")
        }
        // Ids are read by the million in bulk work: Foundation's text parser is slow.
        let type = ObjectIdentifier(D.self)
        if type == RowTypes.uuid, case .text(let text) = values[index], let id = UUID(text: text) { return SQLiteDirectDatabase.reading(id, as: D.self) }
        if type == RowTypes.optionalUUID, case .text(let text) = values[index], let id = UUID(text: text) { return SQLiteDirectDatabase.reading(Optional(id), as: D.self) }
        return try Self.decoder.decode(D.self, from: values[index])
    }
}

/// SQLKit over direct connections: one connection (the writer), or several taken in turn (readers,
/// which WAL lets read while the writer writes).
struct SQLiteDirectDatabase: SQLDatabase {
    let connections: [SQLiteDirectConnection]
    let logger: Logger
    let eventLoop: any EventLoop
    private let next = NIOLockedValueBox(0)
    private let statementsRun = NIOLockedValueBox(0)
    /// The text of each table's INSERT, made once: SQLKit's serialisation cost more than the rows
    /// of a small commit group.
    private let insertText = NIOLockedValueBox<[String: String]>([:])
    private static let encoder = SQLiteDataEncoder()

    init(connections: [SQLiteDirectConnection], logger: Logger, eventLoop: any EventLoop) {
        self.connections = connections
        self.logger = logger
        self.eventLoop = eventLoop
    }

    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    private var connection: SQLiteDirectConnection {
        if connections.count == 1 { return connections[0] }
        return connections[next.withLockedValue { index in
            index = (index + 1) % connections.count
            return index
        }]
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        eventLoop.makeCompletedFuture { try run(query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try run(query, onRow)
        // Statements run without suspending; a long series of them (an import) would otherwise
        // keep one of the request threads to itself.
        if statementsRun.withLockedValue({ count in count &+= 1; return count % 64 == 0 }) { await Task.yield() }
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> ()) throws {
        let (sql, binds) = serialize(query)
        try connection.run(sql, binds: try binds.map { try Self.value($0) }) { onRow($0) }
    }

    /// The value SQLiteKit's encoder makes, found directly for the types rows are made of (and
    /// their optionals): the encoder's generic path costs more than the statement that stores the
    /// value. The type is told by its identity, which costs less than casting the value.
    static func value<T: Encodable>(_ bind: T) throws -> SQLiteData {
        // Each optional named with its type: a generic helper would look `U?` up on every call.
        switch ObjectIdentifier(T.self) {
        case RowTypes.string: return .text(reading(bind, as: String.self))
        case RowTypes.optionalString: return reading(bind, as: String?.self).map { .text($0) } ?? .null
        case RowTypes.uuid: return .text(reading(bind, as: UUID.self).uppercaseText)
        case RowTypes.optionalUUID: return reading(bind, as: UUID?.self).map { .text($0.uppercaseText) } ?? .null
        case RowTypes.int: return .integer(reading(bind, as: Int.self))
        case RowTypes.optionalInt: return reading(bind, as: Int?.self).map { .integer($0) } ?? .null
        case RowTypes.int64: return .integer(Int(reading(bind, as: Int64.self)))
        case RowTypes.optionalInt64: return reading(bind, as: Int64?.self).map { .integer(Int($0)) } ?? .null
        case RowTypes.bool: return .integer(reading(bind, as: Bool.self) ? 1 : 0)
        case RowTypes.optionalBool: return reading(bind, as: Bool?.self).map { .integer($0 ? 1 : 0) } ?? .null
        case RowTypes.date: return .float(reading(bind, as: Date.self).timeIntervalSince1970)
        case RowTypes.optionalDate: return reading(bind, as: Date?.self).map { .float($0.timeIntervalSince1970) } ?? .null
        case RowTypes.double: return .float(reading(bind, as: Double.self))
        case RowTypes.optionalDouble: return reading(bind, as: Double?.self).map { .float($0) } ?? .null
        default: return try encoder.encode(bind)
        }
    }

    /// `value` as the type `U` that the caller found it to be.
    static func reading<T, U>(_ value: T, as type: U.Type) -> U {
        withUnsafePointer(to: value) { $0.withMemoryRebound(to: U.self, capacity: 1) { $0.pointee } }
    }

    /// Inserts rows one statement each: the statement is parsed once and bound per row, which SQLite
    /// runs faster than one long statement that must be parsed anew for every different row count.
    func insertEach(into table: String, columns: [String], rows: [[SQLBind]]) throws {
        guard let first = rows.first else { return }
        let sql = insertText.withLockedValue { texts in
            let key = ([table] + columns).joined(separator: " ")
            if let known = texts[key] { return known }
            var insert = SQLInsert(table: SQLIdentifier(table))
            insert.columns = columns.map { SQLIdentifier($0) }
            insert.values = [first]
            let text = serialize(insert).sql
            texts[key] = text
            return text
        }
        try connection.runEach(sql, rows: rows)
    }
}

/// The connection that only the group commit writes through, with a thread of its own for the
/// statements that wait for the disk, so that a commit never holds one of the few threads that
/// run requests.
struct SQLiteWriter: Sendable {
    let database: SQLiteDirectDatabase
    private let thread: NIOThreadPool

    init(_ connection: SQLiteDirectConnection, logger: Logger, eventLoop: any EventLoop) {
        database = SQLiteDirectDatabase(connections: [connection], logger: logger, eventLoop: eventLoop)
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
    }

    /// Runs `body` in one write transaction: its statements run on the caller's thread (they touch
    /// cached pages only); then `finish` and the commit run on the writer's thread. Everything is
    /// rolled back when either throws or the commit fails.
    func transaction<T: Sendable>(_ body: () async throws -> T, finish: @escaping @Sendable () throws -> Void) async throws -> T {
        let connection = database.connections[0]
        try connection.run("BEGIN IMMEDIATE", binds: []) { _ in }
        do {
            let result = try await body()
            try await thread.runIfActive {
                try finish()
                try connection.run("COMMIT", binds: []) { _ in }
            }
            return result
        } catch {
            try? connection.run("ROLLBACK", binds: []) { _ in }
            throw error
        }
    }

    func close() {
        database.connections[0].close()
        try? thread.syncShutdownGracefully()
    }
}

/// The direct connections of an SQLite deployment: one writer, which only the group commit uses,
/// readers for everything a request reads, and a checkpointer.
struct SQLiteDirect: Sendable {
    let writer: SQLiteWriter
    let readers: SQLiteDirectDatabase
    let checkpointer: SQLiteCheckpointer

    /// Two readers per core: a reader waits only while another request's statement runs on it.
    static func open(path: String, readerCount: Int = 2 * System.coreCount, checkpointPages: Int32 = SQLiteCheckpointer.defaultPages,
                     logger: Logger, eventLoop: any EventLoop) throws -> SQLiteDirect {
        // Bulk imports rewrite index pages of tables with millions of rows, far beyond SQLite's
        // default 2 MiB page cache.
        let writer = try SQLiteDirectConnection(path: path, cacheKiB: 65_536)
        // Readers map the file: a search over a registry of millions reads pages far beyond their
        // caches, and a mapped page costs no system call and no copy.
        let readers = try (0..<readerCount).map { _ in try SQLiteDirectConnection(path: path, cacheKiB: 16_384, mapBytes: 1 << 31) }
        let checkpointer = try SQLiteCheckpointer(path: path, writer: writer, pages: checkpointPages, logger: logger)
        return SQLiteDirect(writer: SQLiteWriter(writer, logger: logger, eventLoop: eventLoop),
                            readers: SQLiteDirectDatabase(connections: readers, logger: logger, eventLoop: eventLoop), checkpointer: checkpointer)
    }

    /// Installs the page cache that spares each commit a sweep of the writer's whole cache (see
    /// SQLitePageCache.c). SQLite takes it only before its first connection in the process.
    @discardableResult static func installPageCache(logger: Logger) -> Bool {
        let result = safeguard_sqlite_install_page_cache()
        if result != SQLITE_OK { logger.notice("SQLite's own page cache stays in use", metadata: ["code": "\(result)"]) }
        return result == SQLITE_OK
    }

    func close() {
        writer.close()
        checkpointer.close()
        for connection in readers.connections { connection.close() }
    }
}

extension Application {
    private struct SQLiteDirectKey: StorageKey { typealias Value = SQLiteDirect }

    /// Set on SQLite deployments; nil on PostgreSQL.
    var sqliteDirect: SQLiteDirect? {
        get { storage[SQLiteDirectKey.self] }
        set { storage.set(SQLiteDirectKey.self, to: newValue, onShutdown: { $0.close() }) }
    }
}
