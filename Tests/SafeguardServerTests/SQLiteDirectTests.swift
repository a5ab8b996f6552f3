import Foundation
import NIOPosix
@testable import SafeguardServer
import SQLiteKit
import SQLiteNIO
import SQLKit
import Testing

@Suite struct SQLiteDirectTests {
    func withDatabase(checkpointPages: Int32 = SQLiteCheckpointer.defaultPages, _ body: (SQLiteDirect) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-direct-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        SQLiteDirect.installPageCache(logger: .init(label: "test"))
        let direct = try SQLiteDirect.open(path: folder.appendingPathComponent("test.sqlite").path, readerCount: 2, checkpointPages: checkpointPages, logger: .init(label: "test"),
                                           eventLoop: MultiThreadedEventLoopGroup.singleton.any())
        defer { direct.close() }
        try await body(direct)
    }

    @Test func storesValuesExactlyAsSQLiteKitWouldSoEitherSideReadsThem() throws {
        // setup
        let id = UUID.timeOrdered()
        let values: [any Encodable & Sendable] = ["名字 name", id, 42, Int64(-7), true, false, Date(timeIntervalSince1970: 1_795_000_000.25), 2.5,
                                                  Optional<String>.none, Optional(id)]

        // act
        let ours = try values.map { try SQLiteDirectDatabase.value($0) }

        // assert
        let kits = try values.map { try SQLiteDataEncoder().encode($0) }
        #expect(ours == kits)
        #expect(ours[1] == .text(id.uuidString))
    }

    @Test func rowsInsertedOneStatementEachKeepEveryTextIdEmptyValueAndNull() async throws {
        try await withDatabase { direct in
            // setup: texts bound in place, one longer than the space for a row's texts
            let writer = direct.writer.database
            try await writer.raw("CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT, note TEXT, parent TEXT, n INTEGER, at REAL)").run()
            let ids = (0..<3).map { _ in UUID.timeOrdered() }
            let long = String(repeating: "长", count: 30_000)
            let rows: [[SQLBind]] = [
                [SQLBind(ids[0]), SQLBind("名字 name"), SQLBind(""), SQLBind(Optional<UUID>.none), SQLBind(1), SQLBind(Date(timeIntervalSince1970: 1_795_000_000.5))],
                [SQLBind(ids[1]), SQLBind(long), SQLBind(Optional<String>.none), SQLBind(Optional(ids[0])), SQLBind(Int64(-2)), SQLBind(2.5)],
                [SQLBind(ids[2]), SQLBind("short"), SQLBind(Optional("note")), SQLBind(ids[1]), SQLBind(3), SQLBind(Optional<Date>.none)],
            ]

            // act
            try await direct.writer.transaction {
                try writer.insertEach(into: "people", columns: ["id", "name", "note", "parent", "n", "at"], rows: rows)
            } finish: {}

            // assert
            let read = try await direct.readers.raw("SELECT id, name, note, typeof(note) AS kind, parent, n, at FROM people ORDER BY n").all()
            #expect(try read.map { try $0.decode(column: "id", as: UUID.self) } == [ids[1], ids[0], ids[2]])
            #expect(try read.map { try $0.decode(column: "name", as: String.self) } == [long, "名字 name", "short"])
            #expect(try read.map { try $0.decode(column: "kind", as: String.self) } == ["null", "text", "text"])
            #expect(try read.map { try $0.decode(column: "note", as: String?.self) } == [nil, "", "note"])
            #expect(try read.map { try $0.decode(column: "parent", as: UUID?.self) } == [ids[0], nil, ids[1]])
            #expect(try read.map { try $0.decode(column: "at", as: Double?.self) } == [2.5, 1_795_000_000.5, nil])
        }
    }

    @Test func readersSeeWhatTheWriterCommittedAndNothingOfWhatItRolledBack() async throws {
        try await withDatabase { direct in
            // setup
            let writer = direct.writer.database
            try await writer.raw("CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, at REAL)").run()

            // act
            try await direct.writer.transaction {
                try await writer.raw("INSERT INTO notes (id, body, at) VALUES (\(bind: UUID()), \(bind: "kept"), \(bind: Date()))").run()
            } finish: {}
            await #expect(throws: (any Error).self) {
                try await direct.writer.transaction {
                    try await writer.raw("INSERT INTO notes (id, body) VALUES (\(bind: UUID()), \(bind: "rolled back"))").run()
                    try await writer.raw("INSERT INTO notes (id, body) VALUES (\(bind: UUID()), NULL)").run()
                } finish: {}
            }

            // assert
            let bodies = try await direct.readers.raw("SELECT body FROM notes").all().map { try $0.decode(column: "body", as: String.self) }
            #expect(bodies == ["kept"])
        }
    }

    @Test func aFailedStatementNamesTheProblemAndTheConnectionGoesOn() async throws {
        try await withDatabase { direct in
            // setup
            let db = direct.writer.database
            try await db.raw("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)").run()
            try await db.raw("INSERT INTO people (name) VALUES ('one')").run()

            // act
            var message = ""
            do { try await db.raw("INSERT INTO people (name) VALUES ('one')").run() } catch { message = "\(error)" }

            // assert
            #expect(message.contains("UNIQUE constraint failed: people.name"))
            try await db.raw("INSERT INTO people (name) VALUES ('two')").run()
            let count = try await db.raw("SELECT COUNT(*) AS n FROM people").first()!.decode(column: "n", as: Int.self)
            #expect(count == 2)
        }
    }

    @Test func moreDistinctStatementsThanItKeepsStillRun() async throws {
        try await withDatabase { direct in
            // act: each text is a statement of its own, beyond the 512 kept per connection
            var sum = 0
            for number in 0..<600 {
                sum += try await direct.readers.raw("SELECT \(unsafeRaw: String(number)) AS n").first()!.decode(column: "n", as: Int.self)
            }

            // assert
            #expect(sum == (0..<600).reduce(0, +))
        }
    }

    @Test func pageSplitsAndRolledBackGrowthLeaveTheDatabaseIntactUnderTheWrappedPageCache() async throws {
        try await withDatabase { direct in
            // setup: random keys, so inserts split pages all over the tree
            #expect(SQLiteDirect.installPageCache(logger: .init(label: "test")))
            let writer = direct.writer.database
            try await writer.raw("CREATE TABLE blobs (id TEXT PRIMARY KEY, size INTEGER NOT NULL, body BLOB NOT NULL)").run()
            try await writer.raw("CREATE INDEX blobs_size ON blobs (size, id)").run()
            struct RolledBack: Error {}
            var kept = 0

            // act: every fifth transaction grows the file by hundreds of pages and is rolled back
            for round in 0..<100 {
                let rows = round % 5 == 0 ? 300 : 20
                let insert = {
                    for _ in 0..<rows {
                        let size = Int.random(in: 100...3_000)
                        try await writer.raw("INSERT INTO blobs (id, size, body) VALUES (\(bind: UUID()), \(bind: size), zeroblob(\(bind: size)))").run()
                    }
                }
                if round % 5 == 0 {
                    await #expect(throws: RolledBack.self) { try await direct.writer.transaction { try await insert(); throw RolledBack() } finish: {} }
                } else {
                    try await direct.writer.transaction { try await insert() } finish: {}
                    kept += rows
                }
            }

            // assert
            for db in [writer, direct.readers] {
                #expect(try await db.raw("PRAGMA integrity_check").first()!.decode(column: "integrity_check", as: String.self) == "ok")
                #expect(try await db.raw("SELECT COUNT(*) AS n FROM blobs").first()!.decode(column: "n", as: Int.self) == kept)
            }
        }
    }

    @Test func theLogIsCopiedIntoTheDatabaseByTheCheckpointerOnceItPassesItsLength() async throws {
        try await withDatabase(checkpointPages: 50) { direct in
            // setup
            let writer = direct.writer.database
            _ = try await writer.raw("PRAGMA journal_mode = WAL").all()
            try await writer.raw("CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB NOT NULL)").run()
            let file = try await writer.raw("SELECT file FROM pragma_database_list WHERE name = 'main'").first()!.decode(column: "file", as: String.self)
            let sizeBefore = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)

            // act: about 80 pages of log, in four commits; SQLite alone would copy nothing before 1,000
            for _ in 0..<4 {
                try await direct.writer.transaction {
                    for _ in 0..<40 { try await writer.raw("INSERT INTO blobs (body) VALUES (zeroblob(2000))").run() }
                } finish: {}
            }
            direct.checkpointer.wait()

            // assert
            #expect(direct.checkpointer.completed >= 1)
            let sizeAfter = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
            #expect(sizeAfter >= sizeBefore + 40 * 4_096)
            #expect(try await direct.readers.raw("SELECT COUNT(*) AS n FROM blobs").first()!.decode(column: "n", as: Int.self) == 160)
        }
    }
}
