import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Bulk import of registry records from a streamed CSV file.
///
/// Valid rows are written as they arrive, staged (invisible to queries), in one transaction per
/// batch; every problem is recorded with its row number. At the end, `all_or_nothing` commits the
/// staged rows only if every row was valid (otherwise removes them), and `quarantine` commits the
/// valid rows and keeps each invalid row, encrypted, for correction. The import's counters show
/// progress while it runs; a broken upload removes what it staged.
enum RegistryImport {
    enum Mode: String, CaseIterable, Codable, Sendable {
        case allOrNothing = "all_or_nothing"
        case quarantine
    }

    struct Summary: Content {
        var id: UUID
        var mode: String
        var status: String
        var rowsRead: Int
        var rowsValid: Int
        var rowsInvalid: Int
        var message: String?
        var createdAt: Date
        var finishedAt: Date?
        /// The first problems, by row; all of them at /problems.
        var problems: [RowProblem]?
    }

    struct RowProblem: Content {
        var row: Int
        var problems: [FieldError]
        /// The row as it was sent (quarantine only; keepers only).
        var raw: [String: String]?
    }

    /// A batch read, checked and sealed, waiting to be written.
    struct Batch: Sendable {
        var rowsRead: Int
        var sealed: [(row: Int, record: RegistryStore.Sealed)]
        var problems: [(Int, [FieldError], [String: String]?)]
        var rawByRow: [Int: ColumnValues]
        /// Rows giving a number an earlier row of the file gives for a person of another name, with that row.
        var sharedInFile: [Int: Int]

        /// A row as it was sent, when the import keeps refused rows.
        func sent(_ row: Int) -> [String: String]? { rawByRow[row]?.dictionary }
    }

    /// `confirmSharedNumbers`: the keeper has seen that some rows give a number the registry (or the
    /// file) already holds for a person of another name, and imports them anyway.
    static func run(_ req: Request, mode: Mode, confirmSharedNumbers: Bool = false, source: CSVUpload.Source) async throws -> Summary {
        let actor = try req.actor()
        let services = req.safeguard
        let id = UUID.timeOrdered(), now = Date()
        try await req.write { db in
            try await db.insert(into: "registry_imports").columns("id", "mode", "status", "rows_read", "rows_valid", "rows_invalid", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(mode.rawValue), SQLBind("receiving"), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(actor.userID), SQLBind(now)).run()
            try await AuditLog.append([.init(verb: .create, recordType: "registry_import", recordID: id.uuidString)], by: actor, on: db)
        }
        let today = ISODay.today(now)
        var seenReferences = Set<String>()
        // Each number's first row in the file and the key of its name (two Int64s a row, not the person).
        var seenNumbers: [Int64: (row: Int, nameKey: Int64)] = [:]
        do {
            try await CSVUpload.read(source, required: RegistryRecordInput.requiredColumns, optional: ["prohibition_scope", "prohibition_end"],
                                     // 50,000 rows by default. Large, because each commit rewrites every page of the
                                     // registry's indexes the batch touched, and their keys are random: a million rows
                                     // took 176 s in batches of 1,000 and 49-58 s in batches of 50,000 (BENCHMARKS.md).
                                     // Sealing the next batch while one is written was slower.
                                     batchSize: services.settings.registryImportBatch) { rows in
                let parsed = try await BulkThreads.map(rows) { row -> (Int, ColumnValues?, Result<RegistryRecordInput, ValidationErrors>) in
                    switch row.values {
                    case .failure(let problem): return (row.number, nil, .failure(ValidationErrors([problem])))
                    case .success(let values): return (row.number, values, RegistryRecordInput.read(values, today: today))
                    }
                }
                var batch = Batch(rowsRead: rows.count, sealed: [], problems: [], rawByRow: [:], sharedInFile: [:])
                var valid: [(Int, RegistryRecordInput)] = []
                for (number, values, result) in parsed {
                    // Only quarantine keeps a refused row, so only it holds the rows as sent.
                    if mode == .quarantine, let values { batch.rawByRow[number] = values }
                    switch result {
                    case .failure(let errors): batch.problems.append((number, errors.errors, batch.sent(number)))
                    case .success(let input):
                        if seenReferences.insert(input.sourceReference).inserted { valid.append((number, input)) } else {
                            batch.problems.append((number, [FieldError("source_reference", "repeats a row earlier in this file")], batch.sent(number)))
                        }
                    }
                }
                batch.sealed = try await BulkThreads.map(valid) { number, input in
                    (number, try RegistryStore.seal(input, status: "staged", importID: id, createdBy: actor.userID, now: now, services: services))
                }
                for (number, record) in batch.sealed {
                    guard let key = record.documentKey else { continue }
                    if let first = seenNumbers[key] {
                        if first.nameKey != record.nameKey { batch.sharedInFile[number] = first.row }
                    } else {
                        seenNumbers[key] = (number, record.nameKey)
                    }
                }
                try await store(batch, importID: id, keepRows: mode == .quarantine, confirmSharedNumbers: confirmSharedNumbers, req: req)
            }
        } catch {
            let message = (error as? AppError)?.detail ?? "the upload broke off before the end of the file"
            try await discard(id, status: "failed", message: message, on: req.application)
            throw error
        }
        return try await finish(id, mode: mode, actor: actor, services: services, app: req.application)
    }

    /// Stages a batch's rows in one transaction, unless the registry already holds their reference,
    /// or (unless confirmed) holds their number, or an earlier row gave it, for another person.
    static func store(_ batch: Batch, importID id: UUID, keepRows: Bool, confirmSharedNumbers: Bool, req: Request) async throws {
        let services = req.safeguard
        try await req.write { db in
            let existing = try await RegistryStore.existingReferences(batch.sealed.map(\.record.sourceReference), index: services.blindIndex, on: db)
            let holders = confirmSharedNumbers ? [:] : try await RegistryStore.namesByDocument(batch.sealed.compactMap(\.record.documentKey), on: db)
            var problems = batch.problems
            var accepted: [RegistryStore.Sealed] = []
            for (number, record) in batch.sealed {
                if existing.contains(record.sourceReference) {
                    problems.append((number, [FieldError("source_reference", "a record with this reference is already in the registry")], batch.sent(number)))
                } else if !confirmSharedNumbers, let key = record.documentKey, let holder = holders[key] {
                    // The registry's own holder of the number is who a row must agree with.
                    if holder.nameKey == record.nameKey { accepted.append(record) } else {
                        problems.append((number, [RegistryStore.sharedNumberProblem(record: holder.record, row: nil)], batch.sent(number)))
                    }
                } else if !confirmSharedNumbers, let first = batch.sharedInFile[number] {
                    problems.append((number, [RegistryStore.sharedNumberProblem(record: nil, row: first)], batch.sent(number)))
                } else {
                    accepted.append(record)
                }
            }
            try await RegistryStore.insert(accepted, on: db)
            try await saveProblems(problems, importID: id, keepRows: keepRows, services: services, on: db)
            try await db.raw("""
                UPDATE registry_imports SET rows_read = rows_read + \(bind: batch.rowsRead), rows_valid = rows_valid + \(bind: accepted.count),
                rows_invalid = rows_invalid + \(bind: problems.count) WHERE id = \(bind: id)
                """).run()
        }
    }

    static func saveProblems(_ problems: [(Int, [FieldError], [String: String]?)], importID: UUID, keepRows: Bool, services: AppServices,
                             on db: any SQLDatabase) async throws {
        guard !problems.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let insert = db.insert(into: "registry_import_problems").columns("import_id", "row_number", "problems", "raw_row")
        for (number, errors, raw) in problems {
            let rawText = try raw.flatMap { keepRows ? String(decoding: try encoder.encode($0), as: UTF8.self) : nil }
            insert.values(SQLBind(importID), SQLBind(number), SQLBind(String(decoding: try encoder.encode(errors), as: UTF8.self)),
                          SQLBind(try rawText.map { try services.cipher.seal($0, context: "registry_import_problems/\(importID.uuidString)/\(number)") }))
        }
        try await insert.run()
    }

    /// Commits or discards what the file staged, then looks for rostered people among the new records.
    static func finish(_ id: UUID, mode: Mode, actor: Actor, services: AppServices, app: Application) async throws -> Summary {
        let counts = try await app.sql.raw("SELECT rows_valid, rows_invalid FROM registry_imports WHERE id = \(bind: id)").first()!
        let valid = try counts.decode(column: "rows_valid", as: Int.self), invalid = try counts.decode(column: "rows_invalid", as: Int.self)
        if mode == .allOrNothing && invalid > 0 {
            try await discard(id, status: "rejected", message: "\(invalid) rows have problems; nothing was imported", on: app)
        } else {
            try await app.write { db in
                try await db.raw("UPDATE registry_records SET status = 'active' WHERE import_id = \(bind: id) AND status = 'staged'").run()
                try await db.raw("""
                    UPDATE registry_imports SET status = 'committed', finished_at = \(bind: Date()),
                    message = \(bind: invalid > 0 ? "\(valid) rows imported; \(invalid) quarantined" : "\(valid) rows imported") WHERE id = \(bind: id)
                    """).run()
                try await AuditLog.append([.init(verb: .update, recordType: "registry_import", recordID: id.uuidString, reason: "committed")], by: actor, on: db)
            }
            try await Monitoring.matchNewRecords(importID: id, services: services, app: app)
        }
        return try await summary(id, problemsLimit: 100, services: services, on: app.sql)
    }

    /// Removes what an import staged, in batches, and records why.
    static func discard(_ id: UUID, status: String, message: String, on app: Application) async throws {
        try await PersonTable.registry.remove(where: "import_id = \(bind: id) AND status = 'staged'", app: app)
        try await app.write { db in
            try await db.raw("""
                UPDATE registry_imports SET status = \(bind: status), message = \(bind: message), rows_valid = 0, finished_at = \(bind: Date()) WHERE id = \(bind: id)
                """).run()
        }
    }

    static func summary(_ id: UUID, problemsLimit: Int, services: AppServices, on db: any SQLDatabase) async throws -> Summary {
        guard let row = try await db.raw("SELECT * FROM registry_imports WHERE id = \(bind: id)").first() else { throw AppError.notFound("import") }
        var summary = try summary(row)
        summary.problems = try await problems(id, page: 1, limit: problemsLimit, includeRows: false, services: services, on: db)
        return summary
    }

    static func summary(_ row: any SQLRow) throws -> Summary {
        Summary(id: try row.decode(column: "id", as: UUID.self), mode: try row.decode(column: "mode", as: String.self), status: try row.decode(column: "status", as: String.self),
                       rowsRead: try row.decode(column: "rows_read", as: Int.self), rowsValid: try row.decode(column: "rows_valid", as: Int.self),
                       rowsInvalid: try row.decode(column: "rows_invalid", as: Int.self), message: try row.decode(column: "message", as: String?.self),
                       createdAt: try row.decode(column: "created_at", as: Date.self), finishedAt: try row.decode(column: "finished_at", as: Date?.self),
                       problems: nil)
    }

    static func problems(_ id: UUID, page: Int, limit: Int, includeRows: Bool, services: AppServices, on db: any SQLDatabase) async throws -> [RowProblem] {
        let decoder = JSONDecoder()
        return try await db.raw("""
            SELECT row_number, problems, raw_row FROM registry_import_problems WHERE import_id = \(bind: id)
            ORDER BY row_number LIMIT \(bind: limit) OFFSET \(bind: (max(page, 1) - 1) * limit)
            """).all().map { row in
            let number = try row.decode(column: "row_number", as: Int.self)
            let raw = includeRows ? try row.decode(column: "raw_row", as: String?.self).map {
                try decoder.decode([String: String].self, from: Data(try services.cipher.open($0, context: "registry_import_problems/\(id.uuidString)/\(number)").utf8))
            } : nil
            return RowProblem(row: number, problems: try decoder.decode([FieldError].self, from: Data(try row.decode(column: "problems", as: String.self).utf8)), raw: raw)
        }
    }

    static func list(on db: any SQLDatabase) async throws -> [Summary] {
        try await db.raw("SELECT * FROM registry_imports ORDER BY created_at DESC LIMIT 50").all().map(summary)
    }
}
