import Crypto
import Foundation
import Logging
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor

@Suite struct EncryptionAtRestTests {
    static let secrets = ["Synthetic Zhao Xiaoyu", "13912345678", "11010519491231002X", "Synthetic narrative of a beating",
                          "Synthetic privileged note", "Synthetic Caller Name", "Synthetic Hidden School"]

    @Test func theDatabaseHoldsNoPlaintextPersonalData() async throws {
        try await TestServer.run { server in
            // setup
            let contact = try await server.createContact("""
                {"channel":"voice","contactType":"about_child","caller":{"type":"parent","name":"Synthetic Caller Name","identifier":"13912345678"},
                 "child":{"school":"Synthetic Hidden School"},"categories":["violence.physical"],"urgency":"immediate",
                 "summary":"Synthetic narrative of a beating","callbackRequested":true,"callbackConsent":true}
                """)
            let caseID = try await server.openCase(from: contact, json: """
                {"child":{"name":"Synthetic Zhao Xiaoyu","sex":"female","documentType":"resident_id","documentNumber":"11010519491231002X"}}
                """)
            let note = try await server.send(.POST, "/api/cases/\(caseID.uuidString)/notes", as: .counsellor, json: #"{"body":"Synthetic privileged note"}"#)
            #expect(note.status == .created)
            // act
            var haystack = Data()
            if TestServer.onPostgres {
                for table in ["contacts", "children", "cases", "notes", "audit_entries"] {
                    for row in try await server.app.db.sql.raw("SELECT t::text AS r FROM \(ident: table) t").all() {
                        haystack.append(Data(try row.decode(column: "r", as: String.self).utf8))
                    }
                }
            } else {
                for suffix in ["", "-wal"] {
                    haystack.append((try? Data(contentsOf: URL(fileURLWithPath: server.settings.sqlitePath + suffix))) ?? Data())
                }
            }
            // assert
            #expect(haystack.range(of: Data("v1.".utf8)) != nil, "the encrypted values themselves were not found")
            for secret in Self.secrets {
                #expect(haystack.range(of: Data(secret.utf8)) == nil, "found plaintext '\(secret)' in the database")
            }
            let read = try server.decode(ContactDetail.self, try await server.send(.GET, "/api/contacts/\(contact.uuidString)", as: .counsellor))
            #expect(read.caller.callbackNumber == "13912345678")
        }
    }

    @Test func valuesAreReencryptedUnderARotatedKey() async throws {
        try await TestServer.run { server in
            // setup: a contact and a registry record sealed under the first key, then a new key made current
            let contact = try await server.createContact()
            let old = server.app.safeguard
            let values = ["name": "王小龙", "sex": "male", "birth_date": "1979-03-15", "document_type": "resident_id",
                          "document_number": VettingWorld.residentID(born: "1979-03-15", sequence: 11), "offence_category": "abuse",
                          "decision_type": "conviction", "decision_date": "2020-05-06", "issuing_authority": "Synthetic Court", "source_reference": "SYN-ROTATE"]
            let input = try RegistryRecordInput.read(ColumnValues(values), today: PartialDate("2026-11-27")!).get()
            let record = try await server.app.write { db in
                let creator = try await db.raw("SELECT id FROM users LIMIT 1").first()!.decode(column: "id", as: UUID.self)
                let sealed = try RegistryStore.seal(input, status: "active", importID: nil, createdBy: creator, now: Date(), services: old)
                try await RegistryStore.insert([sealed], on: db)
                return sealed.id
            }
            let key = SymmetricKey(size: .bits256)
            var keys = old.cipher.keyring.fieldKeys
            keys[Keyring.keyID(of: key)] = key
            let rotated = try Keyring(currentKeyID: Keyring.keyID(of: key), fieldKeys: keys, indexKey: old.cipher.keyring.indexKey)
            try KeyStore.save(rotated, server.settings)
            server.app.safeguard = AppServices(settings: old.settings, cipher: FieldCipher(keyring: try KeyStore.load(server.settings)),
                                               blindIndex: BlindIndex(keyring: rotated), isPostgres: old.isPostgres, warnings: old.warnings)
            // act
            let changed = try await EncryptedColumns.reencrypt(cipher: server.app.safeguard.cipher, write: { body in try await server.app.write(body) },
                                                               batchSize: 1)
            let again = try await EncryptedColumns.reencrypt(cipher: server.app.safeguard.cipher, write: { body in try await server.app.write(body) })
            // assert
            // the contact's summary, child location and school; the record's person and its details
            #expect(changed == 5)
            #expect(again == 0)
            let raw = try await server.app.db.sql.raw("SELECT summary FROM contacts").first()!.decode(column: "summary", as: String.self)
            #expect(raw.hasPrefix("v1.\(rotated.currentKeyID)."))
            let read = try server.decode(ContactDetail.self, try await server.send(.GET, "/api/contacts/\(contact.uuidString)", as: .counsellor))
            #expect(read.child.school == "Synthetic Middle School")
            #expect(read.repeatCaller?.previousCount == 0)
            let detail = try await server.send(.GET, "/api/vetting/registry/records/\(record)", as: .registryKeeper)
            #expect(detail.body.string.contains("王小龙"), "\(detail.body.string)")
        }
    }

    @Test func theKeyFileIsPrivate() async throws {
        try await TestServer.run { server in
            let attributes = try FileManager.default.attributesOfItem(atPath: server.settings.keyFile)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }
}

@Suite struct AuditTests {
    @Test func theChainVerifiesAndFindsAnEditedEntry() async throws {
        try await TestServer.run { server in
            // setup
            let contact = try await server.createContact()
            _ = try await server.send(.GET, "/api/contacts/\(contact.uuidString)", as: .counsellor)
            let sql = server.app.db.sql
            let intact = try await AuditLog.verify(key: server.app.safeguard.auditKey, on: sql)
            #expect(intact.firstBreak == nil)
            #expect(intact.checked >= 3)
            // act: someone hides that they read the contact
            try await sql.raw("UPDATE audit_entries SET action = 'create' WHERE action = 'read' AND record_id = \(bind: contact.uuidString)").run()
            let report = try await AuditLog.verify(key: server.app.safeguard.auditKey, on: sql, batchSize: 2)
            // assert
            let edited = try await sql.raw("SELECT seq FROM audit_entries WHERE record_id = \(bind: contact.uuidString) ORDER BY seq DESC").first()!
                .decode(column: "seq", as: Int64.self)
            #expect(report.firstBreak == .wrongHash(sequence: edited))
        }
    }

    @Test func rewritingTheChainFromTheDatabaseAloneIsFound() async throws {
        try await TestServer.run { server in
            // setup
            for _ in 0..<3 { _ = try await server.createContact() }
            let sql = server.app.db.sql
            let key = server.app.safeguard.auditKey
            let taken = try #require(try await AuditCheckpoints.take(server.app))
            func verify() async throws -> AuditChain.Break? {
                try await AuditLog.verify(key: key, checkpoints: AuditCheckpoints.load(server.settings, key: key).checkpoints, on: sql).firstBreak
            }
            #expect(try await verify() == nil)
            // act 1: the organisation of an entry moved elsewhere
            try await sql.raw("UPDATE audit_entries SET organisation_id = 'ELSEWHERE' WHERE seq = 2").run()
            #expect(try await verify() == .wrongHash(sequence: 2))
            // act 2: ... and every entry re-hashed from there on with plain SHA-256 (no key needed)
            let rows = try await sql.raw("SELECT seq, at_ms, actor_id, organisation_id, action, record_type, record_id, reason FROM audit_entries ORDER BY seq").all()
            var previous = AuditChain.genesis
            for row in rows {
                let facts = AuditFacts(sequence: try row.decode(column: "seq", as: Int64.self), atMilliseconds: try row.decode(column: "at_ms", as: Int64.self),
                                       actorID: try row.decode(column: "actor_id", as: String.self), action: try row.decode(column: "action", as: String.self),
                                       recordType: try row.decode(column: "record_type", as: String.self), recordID: try row.decode(column: "record_id", as: String.self),
                                       reason: try row.decode(column: "reason", as: String.self))
                let hash = AuditChain.legacyHash(facts, previous: previous)
                try await sql.raw("UPDATE audit_entries SET prev_hash = \(bind: previous), hash = \(bind: hash), key_id = NULL WHERE seq = \(bind: facts.sequence)").run()
                previous = hash
            }
            #expect(try await verify() == .notSealed(sequence: 1))
            #expect(taken.sealedFrom == 1)
        }
    }

    @Test func deletingTheNewestEntriesIsFoundByTheCheckpoint() async throws {
        try await TestServer.run { server in
            // setup
            for _ in 0..<3 { _ = try await server.createContact() }
            let sql = server.app.db.sql
            let key = server.app.safeguard.auditKey
            let taken = try #require(try await AuditCheckpoints.take(server.app))
            #expect(try await AuditCheckpoints.take(server.app) == nil, "an unchanged head needs no new checkpoint")
            // act
            try await sql.raw("DELETE FROM audit_entries WHERE seq > \(bind: taken.sequence - 2)").run()
            let report = try await AuditLog.verify(key: key, checkpoints: AuditCheckpoints.load(server.settings, key: key).checkpoints, on: sql)
            // assert
            #expect(report.firstBreak == .truncated(lastSequence: taken.sequence - 2, checkpointSequence: taken.sequence))
            let mode = try FileManager.default.attributesOfItem(atPath: AuditCheckpoints.path(server.settings))[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func aDeletedEntryIsFound() async throws {
        try await TestServer.run { server in
            _ = try await server.createContact()
            _ = try await server.createContact()
            let sql = server.app.db.sql
            try await sql.raw("DELETE FROM audit_entries WHERE seq = 2").run()
            #expect(try await AuditLog.verify(key: server.app.safeguard.auditKey, on: sql).firstBreak == .missingEntry(expectedSequence: 2, found: 3))
        }
    }

    @Test func everyReadOfAContactIsAudited() async throws {
        try await TestServer.run { server in
            let contact = try await server.createContact()
            _ = try await server.send(.GET, "/api/contacts/\(contact.uuidString)", as: .supervisor)
            let rows = try await server.app.db.sql.raw("SELECT action, actor_id FROM audit_entries WHERE record_id = \(bind: contact.uuidString) ORDER BY seq").all()
            let actions = try rows.map { try $0.decode(column: "action", as: String.self) }
            #expect(actions == ["create", "read"])
            #expect(try rows[1].decode(column: "actor_id", as: String.self) == server.users[.supervisor]!.uuidString)
        }
    }
}

/// Collects log lines so a test can check that no personal data reaches them.
final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    var metadata: Logger.Metadata = [:]
    // Debug: the most an operator would turn on; the database driver logs query binds here,
    // which must hold only ciphertext, keyed hashes and ids.
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { storage.append("\(event.message) \(event.metadata ?? [:]) \(metadata)") }
    }
}

@Suite struct LoggingTests {
    @Test func logsCarryNoPersonalData() async throws {
        try await TestServer.run { server in
            // setup
            let captured = CapturedLog()
            server.app.logger = Logger(label: "test") { _ in captured }
            // act
            let contact = try await server.createContact("""
                {"channel":"voice","contactType":"child_self","caller":{"name":"Synthetic Logged Name","identifier":"13700001111"},
                 "categories":["violence.sexual"],"summary":"Synthetic logged narrative"}
                """)
            _ = try await server.send(.GET, "/api/contacts?category=violence.sexual", as: .counsellor)
            _ = try await server.send(.GET, "/api/contacts/\(contact.uuidString)", as: .counsellor)
            _ = try await server.send(.POST, "/api/contacts", as: .counsellor, json: #"{"channel":"voice","caller":{"name":"Synthetic Bad Name"}}"#)
            // assert
            let all = captured.lines.joined(separator: "\n")
            #expect(!captured.lines.isEmpty)
            for secret in ["Synthetic Logged Name", "13700001111", "Synthetic logged narrative", "Synthetic Bad Name"] {
                #expect(!all.contains(secret), "log contains '\(secret)'")
            }
        }
    }
}
