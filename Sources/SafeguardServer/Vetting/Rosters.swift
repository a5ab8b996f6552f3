import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// A unit's staff roster: uploaded as CSV (streamed; all or nothing) or entered one by one, and
/// re-checked against the registry at least once a year.
enum Rosters {
    struct UploadSummary: Content {
        var id: UUID
        var status: String
        var rowsRead: Int
        var rowsValid: Int
        var rowsInvalid: Int
        var message: String?
        var problems: [RegistryImport.RowProblem]
    }

    /// `name` and `birth_date` hold no data since M012 (`person` holds them, sealed) but may not be NULL.
    static let entryColumns = ["id", "unit_id", "upload_id", "person", "name", "birth_date", "sex", "document_type", "document_key",
                               "position", "staff_reference", "added_at"]

    struct SealedEntry: Sendable {
        var id: UUID
        var documentKey: Int64?
        var row: [SQLBind]
    }

    static func seal(_ input: RosterEntryInput, unitID: UUID, uploadID: UUID, now: Date, services: AppServices) throws -> SealedEntry {
        let id = UUID.timeOrdered()
        let person = input.person
        let documentKey = services.blindIndex.documentKey(person.documentNumber)
        return SealedEntry(id: id, documentKey: documentKey,
                           row: [SQLBind(id), SQLBind(unitID), SQLBind(uploadID), SQLBind(try VettingPeople.sealIdentity(person, table: "roster_entries", id: id, services: services)),
                                 SQLBind(""), SQLBind(""), SQLBind(person.sex?.rawValue), SQLBind(person.documentType?.rawValue),
                                 SQLBind(documentKey), SQLBind(try staffSeal(input.position, "position", id, services)),
                                 SQLBind(try staffSeal(input.staffReference, "staff_reference", id, services)), SQLBind(now)])
    }

    /// A member of staff's position and reference say where they work and who they are: encrypted.
    static func staffSeal(_ value: String?, _ column: String, _ id: UUID, _ services: AppServices) throws -> String? {
        try services.cipher.seal(value, context: "roster_entries/\(id.uppercaseText)/\(column)")
    }

    /// The position and staff reference of a roster row read with `e.*`.
    static func staffDetails(_ row: any SQLRow, id: UUID, services: AppServices) throws -> (position: String?, staffReference: String?) {
        (try services.cipher.open(try row.decode(column: "position", as: String?.self), context: "roster_entries/\(id.uppercaseText)/position"),
         try services.cipher.open(try row.decode(column: "staff_reference", as: String?.self), context: "roster_entries/\(id.uppercaseText)/staff_reference"))
    }

    /// Writes the entries without their keys (`RosterKeys` writes those).
    static func insert(_ entries: [SealedEntry], on db: any SQLDatabase) async throws {
        try await PersonTable.roster.insert(columns: entryColumns, rows: entries.map(\.row), blocks: [], on: db)
    }

    /// Replaces the unit's roster with the uploaded file, if every row is valid; otherwise keeps
    /// the old roster and reports every problem. A file that lists nobody empties the roster only
    /// when the officer confirmed `removeEveryone`: a header row alone is more often a mistake.
    static func upload(_ req: Request, source: CSVUpload.Source, removeEveryone: Bool) async throws -> UploadSummary {
        let actor = try req.actor()
        let services = req.safeguard
        let app = req.application
        let unitID = actor.organisationID
        _ = try await VettingUnits.approvedUnit(of: actor, on: req.sql)
        let id = UUID.timeOrdered(), now = Date()
        try await req.write { db in
            try await db.insert(into: "roster_uploads").columns("id", "unit_id", "status", "rows_read", "rows_valid", "rows_invalid", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(unitID), SQLBind("receiving"), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(actor.userID), SQLBind(now)).run()
        }
        var seen = Repeats()
        // Each batch is written while the next one is read and sealed: two batches in memory at most.
        // Batches of 5,000 rows: the writer's thread bounds the upload, and each commit waits for the disk.
        var writing: Task<Void, any Error>?
        do {
            try await CSVUpload.read(source, required: RosterEntryInput.requiredColumns, optional: RosterEntryInput.optionalColumns, batchSize: 5000) { rows in
                // Read, checked and sealed on both cores; only the search for repeats goes in file order.
                let checked = try await BulkThreads.map(rows) { row -> Result<(key: RepeatKey, entry: SealedEntry), ValidationErrors> in
                    switch row.values.mapError({ ValidationErrors([$0]) }).flatMap(RosterEntryInput.read) {
                    case .failure(let errors): return .failure(errors)
                    case .success(let input):
                        let entry = try seal(input, unitID: unitID, uploadID: id, now: now, services: services)
                        return .success((RepeatKey(input, documentKey: entry.documentKey), entry))
                    }
                }
                var problems: [(Int, [FieldError])] = []
                var sealed: [SealedEntry] = []
                for (row, result) in zip(rows, checked) {
                    switch result {
                    case .failure(let errors): problems.append((row.number, errors.errors))
                    case .success(let valid):
                        if seen.insert(valid.key) { sealed.append(valid.entry) } else {
                            problems.append((row.number, [FieldError("record", "repeats a person listed earlier in this file")]))
                        }
                    }
                }
                try await writing?.value
                writing = Task { [sealed, problems, rowCount = rows.count] in
                    try await req.write { db in try await write(sealed, problems: problems, rowsRead: rowCount, uploadID: id, on: db) }
                }
            }
            try await writing?.value
        } catch {
            _ = try? await writing?.value
            try await discard(id, message: (error as? AppError)?.detail ?? "the upload broke off before the end of the file", app: app)
            throw error
        }
        let counts = try await req.sql.raw("SELECT rows_valid, rows_invalid FROM roster_uploads WHERE id = \(bind: id)").first()!
        let invalid = try counts.decode(column: "rows_invalid", as: Int.self), valid = try counts.decode(column: "rows_valid", as: Int.self)
        if invalid > 0 {
            try await discard(id, message: "\(invalid) rows have problems; the roster was not changed", app: app)
        } else if valid == 0 && !removeEveryone {
            try await discard(id, message: "the file lists nobody; the roster was not changed (to remove everyone, confirm removeEveryone)", app: app)
        } else {
            try await req.write { db in
                let previous = try await db.raw("SELECT roster_upload_id FROM vetting_units WHERE organisation_id = \(bind: unitID)").first()?
                    .decode(column: "roster_upload_id", as: UUID?.self)
                if let previous {
                    try await db.raw("UPDATE roster_entries SET removed_at = \(bind: now) WHERE upload_id = \(bind: previous) AND removed_at IS NULL").run()
                }
                // A first roster is due for its check at once.
                try await db.raw("""
                    UPDATE vetting_units SET roster_upload_id = \(bind: id), recheck_due = COALESCE(recheck_due, \(bind: ISODay.string(now)))
                    WHERE organisation_id = \(bind: unitID)
                    """).run()
                try await db.raw("""
                    UPDATE roster_uploads SET status = 'current', message = 'the roster was replaced', keys_status = \(bind: RosterKeys.pending) WHERE id = \(bind: id)
                    """).run()
                try await AuditLog.append([.init(verb: .create, recordType: "roster_upload", recordID: id.uuidString)], by: actor, on: db)
            }
            app.vettingJobs.start(.rosterKeys(upload: id), services: services, app: app)
        }
        return try await summary(id, on: req.sql)
    }

    /// What makes two rows of a file the same person: the document number (by its key, as adding
    /// one member of staff finds a repeat), or without one the whole row (namesakes born the same
    /// day are common).
    enum RepeatKey {
        case document(Int64)
        case row(String)

        init(_ input: RosterEntryInput, documentKey: Int64?) {
            if let documentKey { self = .document(documentKey); return }
            self = .row("\(input.person.name)|\(input.person.birthDate!)|\(input.person.sex?.rawValue ?? "")|\(input.position ?? "")|\(input.staffReference ?? "")")
        }
    }

    /// The keys of a file's rows so far.
    struct Repeats {
        private var documents = KeySet(), rows = Set<String>()

        /// Adds `key`; false when an earlier row had it.
        mutating func insert(_ key: RepeatKey) -> Bool {
            switch key {
            case .document(let documentKey): documents.insert(documentKey)
            case .row(let text): rows.insert(text).inserted
            }
        }
    }

    /// One batch of an upload: its valid rows, its problems and the upload's counters.
    static func write(_ sealed: [SealedEntry], problems: [(Int, [FieldError])], rowsRead: Int, uploadID: UUID, on db: any SQLDatabase) async throws {
        try await insert(sealed, on: db)
        if !problems.isEmpty {
            let encoder = JSONEncoder()
            let insert = db.insert(into: "roster_upload_problems").columns("upload_id", "row_number", "problems")
            for (number, errors) in problems {
                insert.values(SQLBind(uploadID), SQLBind(number), SQLBind(String(decoding: try encoder.encode(errors), as: UTF8.self)))
            }
            try await insert.run()
        }
        try await db.raw("""
            UPDATE roster_uploads SET rows_read = rows_read + \(bind: rowsRead), rows_valid = rows_valid + \(bind: sealed.count),
            rows_invalid = rows_invalid + \(bind: problems.count) WHERE id = \(bind: uploadID)
            """).run()
    }

    static func discard(_ id: UUID, message: String, app: Application) async throws {
        try await PersonTable.roster.remove(where: "upload_id = \(bind: id)", app: app)
        try await app.write { db in
            try await db.raw("UPDATE roster_uploads SET status = 'rejected', rows_valid = 0, message = \(bind: message) WHERE id = \(bind: id)").run()
        }
    }

    /// A page of an upload's problems, by row.
    static func problems(_ id: UUID, paging: PageRequest, on db: any SQLDatabase) async throws -> [RegistryImport.RowProblem] {
        let decoder = JSONDecoder()
        return try await db.raw("""
            SELECT row_number, problems FROM roster_upload_problems WHERE upload_id = \(bind: id) ORDER BY row_number
            LIMIT \(literal: paging.perPage) OFFSET \(literal: paging.offset)
            """).all().map {
            RegistryImport.RowProblem(row: try $0.decode(column: "row_number", as: Int.self),
                                      problems: try decoder.decode([FieldError].self, from: Data(try $0.decode(column: "problems", as: String.self).utf8)))
        }
    }

    /// How many rows of the unit's upload have problems; 404 when the upload is another unit's.
    static func problemCount(_ id: UUID, unitID: UUID, on db: any SQLDatabase) async throws -> Int {
        guard try await db.raw("SELECT id FROM roster_uploads WHERE id = \(bind: id) AND unit_id = \(bind: unitID)").first() != nil else {
            throw AppError.notFound("roster upload")
        }
        return try await db.raw("SELECT COUNT(*) AS n FROM roster_upload_problems WHERE upload_id = \(bind: id)").first()!.decode(column: "n", as: Int.self)
    }

    /// The upload's outcome with its first 100 problems; the rest through `problems` (paged or as CSV).
    static func summary(_ id: UUID, on db: any SQLDatabase) async throws -> UploadSummary {
        guard let row = try await db.raw("SELECT * FROM roster_uploads WHERE id = \(bind: id)").first() else { throw AppError.notFound("roster upload") }
        let problems = try await problems(id, paging: PageRequest(page: 1, perPage: 100), on: db)
        return UploadSummary(id: id, status: try row.decode(column: "status", as: String.self), rowsRead: try row.decode(column: "rows_read", as: Int.self),
                             rowsValid: try row.decode(column: "rows_valid", as: Int.self), rowsInvalid: try row.decode(column: "rows_invalid", as: Int.self),
                             message: try row.decode(column: "message", as: String?.self), problems: problems)
    }

    struct EntryInput: Content {
        var name: String?
        var sex: String?
        var birthDate: String?
        var documentType: String?
        var documentNumber: String?
        var position: String?
        var staffReference: String?
    }

    /// Adds one member of staff to the current roster (starting one if there is none).
    static func add(_ input: EntryInput, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> UUID {
        let values = ["name": input.name, "sex": input.sex, "birth_date": input.birthDate, "document_type": input.documentType,
                      "document_number": input.documentNumber, "position": input.position, "staff_reference": input.staffReference].compactMapValues { $0 }
        let entry: RosterEntryInput
        switch RosterEntryInput.read(ColumnValues(values)) {
        case .failure(let errors): throw AppError.invalid(ValidationErrors(errors.errors.map { FieldError(camel($0.field), $0.message) }))
        case .success(let read): entry = read
        }
        let unit = try await VettingUnits.approvedUnit(of: actor, on: db)
        let now = Date()
        var uploadID = try unit.decode(column: "roster_upload_id", as: UUID?.self)
        if uploadID == nil {
            let id = UUID.timeOrdered()
            try await db.insert(into: "roster_uploads").columns("id", "unit_id", "status", "rows_read", "rows_valid", "rows_invalid", "message", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind("current"), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind("entered by hand"),
                        SQLBind(actor.userID), SQLBind(now)).run()
            try await db.raw("""
                UPDATE vetting_units SET roster_upload_id = \(bind: id), recheck_due = COALESCE(recheck_due, \(bind: ISODay.string(now)))
                WHERE organisation_id = \(bind: actor.organisationID)
                """).run()
            uploadID = id
        }
        if let key = services.blindIndex.documentKey(entry.person.documentNumber), try await db.raw("""
            SELECT id FROM roster_entries WHERE upload_id = \(bind: uploadID!) AND id IN \(RosterKeys.withDocument(key)) AND removed_at IS NULL
            """).first() != nil {
            throw AppError.conflict("this person is already on your roster")
        }
        let sealed = try seal(entry, unitID: actor.organisationID, uploadID: uploadID!, now: now, services: services)
        try await insert([sealed], on: db)
        try await RosterKeys.write([RosterKeys.of(entry.person, entry: sealed.id, services: services)], on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "roster_entry", recordID: sealed.id.uuidString)], by: actor, on: db)
        return sealed.id
    }

    static func camel(_ column: String) -> String {
        ["birth_date": "birthDate", "document_type": "documentType", "document_number": "documentNumber", "staff_reference": "staffReference"][column] ?? column
    }

    static func remove(_ id: UUID, actor: Actor, on db: any SQLDatabase) async throws {
        guard try await db.raw("""
            SELECT id FROM roster_entries WHERE id = \(bind: id) AND unit_id = \(bind: actor.organisationID) AND removed_at IS NULL
            """).first() != nil else { throw AppError.notFound("roster entry") }
        try await db.raw("UPDATE roster_entries SET removed_at = \(bind: Date()) WHERE id = \(bind: id)").run()
        try await AuditLog.append([.init(verb: .delete, recordType: "roster_entry", recordID: id.uuidString)], by: actor, on: db)
    }

    struct Entry: Content {
        var id: UUID
        var name: String
        var birthDate: String
        var documentType: String?
        var position: String?
        var staffReference: String?
        var addedAt: Date
    }

    /// The current roster, a page at a time (audited: it lists names).
    static func entries(page: Int, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Audited<(items: [Entry], hasMore: Bool)> {
        let rows = try await db.raw("""
            SELECT e.* FROM roster_entries e JOIN vetting_units u ON u.roster_upload_id = e.upload_id
            WHERE u.organisation_id = \(bind: actor.organisationID) AND e.removed_at IS NULL ORDER BY e.added_at, e.id
            LIMIT 51 OFFSET \(bind: (max(page, 1) - 1) * 50)
            """).all()
        let items = try rows.prefix(50).map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            let person = try VettingPeople.open(row, table: "roster_entries", id: id, services: services)
            let staff = try staffDetails(row, id: id, services: services)
            return Entry(id: id, name: person.name, birthDate: person.birthDate?.description ?? "", documentType: person.documentType?.rawValue,
                         position: staff.position, staffReference: staff.staffReference,
                         addedAt: try row.decode(column: "added_at", as: Date.self))
        }
        return Audited((items, rows.count > 50), items.isEmpty ? [] : [.init(verb: .list, recordType: "roster_entry", recordID: "page \(page)")])
    }
}
