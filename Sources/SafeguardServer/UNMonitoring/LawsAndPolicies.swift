import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// The laws and policies an organisation proposes or follows through their stages, its
/// submissions on them (dated, to whom, with the file sent, encrypted at rest), and the UN
/// recommendations each answers.
enum LawsAndPolicies {
    enum Kind: String, CaseIterable, Codable, Sendable { case law, regulation, policy, judicialInterpretation = "judicial_interpretation" }
    enum Stage: String, CaseIterable, Codable, Sendable { case drafting, consultation, adoption, inForce = "in_force", withdrawn }

    struct Input: Content {
        var title: String?, jurisdiction: String?, kind: String?, summary: String?
        /// Where it stands when first recorded, and since when.
        var stage: String?, since: String?
    }

    struct StageInput: Content { var stage: String?, changedOn: String?, note: String? }

    /// A recommendation it answers, chosen or named (`CRC/C/CHN/CO/5-6#40(b)`); `remove` takes the link off.
    struct LinkInput: Content { var recommendationID: UUID?, reference: String?, remove: Bool? }

    /// As a multipart form sends it; the file is optional (a submission may have been made in a hearing).
    struct SubmissionUpload: Content { var submittedOn: String?, recipient: String?, summary: String?, file: File? }

    struct StageChange: Content { var stage: String, changedOn: String, note: String?, recordedBy: String }
    struct Submission: Content { var id: UUID, submittedOn: String, recipient: String, summary: String, filename: String?, size: Int? }
    struct Answered: Content { var id: UUID, documentSymbol: String, paragraph: String, year: Int, status: String }

    struct Law: Content {
        var id: UUID, title: String, jurisdiction: String, kind: String, summary: String, stage: String
        var stages: [StageChange], submissions: [Submission], recommendations: [Answered]
    }

    struct Summary: Content { var id: UUID, title: String, jurisdiction: String, kind: String, stage: String, submissions: Int, recommendations: Int }

    static func create(_ input: Input, today: CivilDay = CivilDay(Date()), by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let title = v.text(input.title, "title", max: 300, required: "name the law or policy")
        let jurisdiction = v.text(input.jurisdiction, "jurisdiction", max: 200, required: "say where it applies (the country, province or city)")
        let kind = v.requiredCode(input.kind, "kind", as: Kind.self, missing: "choose whether it is a law, a regulation, a policy or a judicial interpretation")
        let summary = v.text(input.summary, "summary", max: 5_000, lines: true) ?? ""
        let stage = v.requiredCode(input.stage, "stage", as: Stage.self, missing: "choose the stage it is at")
        let since = day(input.since, "since", today: today, &v)
        try v.finish()
        let actor = caller.actor
        return try await caller.write { db in
            let id = UUID.timeOrdered(), now = Date()
            try await db.insert(into: "un_laws").columns("id", "organisation_id", "title", "jurisdiction", "kind", "summary", "stage", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(title!), SQLBind(jurisdiction!), SQLBind(kind!.rawValue), SQLBind(summary),
                        SQLBind(stage!.rawValue), SQLBind(actor.userID), SQLBind(now)).run()
            try await insertStage(id, stage!, since!, note: nil, by: actor.userID, now: now, on: db)
            try await AuditLog.append([.init(verb: .create, recordType: "un_law", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    /// A day that has come (`YYYY-MM-DD`, from 1949 on: the laws followed may be old ones amended).
    static func day(_ text: String?, _ field: String, today: CivilDay, _ v: inout FieldValidator) -> CivilDay? {
        let day = CivilDay(text?.trimmedWhitespace ?? "")
        v.check(day != nil, field, "give the date (YYYY-MM-DD)")
        if let day {
            v.check(day <= today, field, "is in the future")
            v.check(day.year >= 1949, field, "must be a year from 1949 on")
        }
        return day
    }

    static func insertStage(_ id: UUID, _ stage: Stage, _ day: CivilDay, note: String?, by user: UUID, now: Date, on db: any SQLDatabase) async throws {
        try await db.insert(into: "un_law_stages").columns("id", "law_id", "stage", "changed_on", "note", "recorded_by", "created_at")
            .values(SQLBind(UUID.timeOrdered()), SQLBind(id), SQLBind(stage.rawValue), SQLBind(day.description), SQLBind(note), SQLBind(user), SQLBind(now)).run()
        // the newest stage by its day is where it stands, whatever order they are entered in
        try await db.raw("""
            UPDATE un_laws SET stage = (SELECT stage FROM un_law_stages WHERE law_id = \(bind: id) ORDER BY changed_on DESC, created_at DESC LIMIT 1) WHERE id = \(bind: id)
            """).run()
    }

    static func row(_ id: UUID, organisation: UUID, lock: Bool = false, on db: any SQLDatabase) async throws -> any SQLRow {
        let lockClause: SQLQueryString = lock ? db.forUpdate : ""
        guard let row = try await db.raw("SELECT * FROM un_laws WHERE id = \(bind: id) AND organisation_id = \(bind: organisation)\(lockClause)").first()
        else { throw AppError.notFound("law or policy") }
        return row
    }

    static func addStage(_ id: UUID, _ input: StageInput, today: CivilDay = CivilDay(Date()), by caller: Caller) async throws -> Law {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let stage = v.requiredCode(input.stage, "stage", as: Stage.self, missing: "choose the stage it is at")
        let changed = day(input.changedOn, "changedOn", today: today, &v)
        let note = v.text(input.note, "note", max: 1_000)
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            // held (PostgreSQL), so that two stages entered at once both count in the one the law shows
            _ = try await row(id, organisation: actor.organisationID, lock: true, on: db)
            try await insertStage(id, stage!, changed!, note: note, by: actor.userID, now: Date(), on: db)
            try await AuditLog.append([.init(verb: .update, recordType: "un_law", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await get(id, by: caller)
    }

    static func link(_ id: UUID, _ input: LinkInput, by caller: Caller) async throws -> Law {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let typed = input.reference?.trimmedWhitespace ?? ""
        let reference = typed.isEmpty ? nil : RecommendationDraft.reference(typed)
        v.check(typed.isEmpty || reference != nil, "reference", "name the recommendation by its symbol and paragraph, for example CRC/C/CHN/CO/5-6#40(b)")
        v.check(!typed.isEmpty || input.recommendationID != nil, "reference", "choose or name the recommendation it answers")
        v.check(typed.isEmpty || input.recommendationID == nil, "reference", "choose the recommendation or name it, not both")
        try v.finish()
        let actor = caller.actor
        try await caller.write { db in
            _ = try await row(id, organisation: actor.organisationID, on: db)
            var recommendation = input.recommendationID
            if let reference {
                recommendation = try await Recommendations.named(reference, organisation: actor.organisationID, on: db)
            } else if let chosen = recommendation {
                _ = try await Recommendations.row(chosen, organisation: actor.organisationID, on: db)
            }
            try await db.delete(from: "un_law_recommendations").where("law_id", .equal, SQLBind(id)).where("recommendation_id", .equal, SQLBind(recommendation!)).run()
            if input.remove != true {
                try await db.insert(into: "un_law_recommendations").columns("law_id", "recommendation_id").values(SQLBind(id), SQLBind(recommendation!)).run()
            }
            try await AuditLog.append([.init(verb: .update, recordType: "un_law", recordID: id.uuidString)], by: actor, on: db)
        }
        return try await get(id, by: caller)
    }

    static func fileContext(_ submissionID: UUID) -> String { "un_law_submissions/\(submissionID.uuidString)/content" }

    static func addSubmission(_ id: UUID, _ upload: SubmissionUpload, today: CivilDay = CivilDay(Date()), by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.monitoringManage)
        var v = FieldValidator()
        let submitted = day(upload.submittedOn, "submittedOn", today: today, &v)
        let recipient = v.text(upload.recipient, "recipient", max: 300, required: "say to whom it was submitted")
        let summary = v.text(upload.summary, "summary", max: 2_000, required: "say in a few words what it asked for", lines: true)
        var file: (kind: DocumentKind, bytes: Data)?
        if let sent = upload.file, !(sent.filename.isEmpty && sent.data.readableBytes == 0) {
            do { file = try UploadedFile.check(sent) } catch { for problem in FormKit.problems(error) ?? [] { v.add(problem.field, problem.message) } }
        }
        try v.finish()
        let actor = caller.actor, cipher = caller.services.cipher, filename = upload.file?.filename ?? "", checked = file
        return try await caller.write { db in
            _ = try await row(id, organisation: actor.organisationID, on: db)
            let submissionID = UUID.timeOrdered()
            try await db.insert(into: "un_law_submissions")
                .columns("id", "law_id", "submitted_on", "recipient", "summary", "filename", "file_kind", "size", "content", "submitted_by", "created_at")
                .values(SQLBind(submissionID), SQLBind(id), SQLBind(submitted!.description), SQLBind(recipient!), SQLBind(summary!),
                        SQLBind(checked.map { UploadedFile.safeName(filename, kind: $0.kind) }), SQLBind(checked?.kind.rawValue), SQLBind(checked?.bytes.count),
                        SQLBind(try checked.map { try cipher.sealData($0.bytes, context: fileContext(submissionID)) }), SQLBind(actor.userID), SQLBind(Date())).run()
            try await AuditLog.append([.init(verb: .update, recordType: "un_law", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: submissionID)
        }
    }

    /// A submission's file, opened for a reader of the organisation; the download is in the access log.
    static func file(_ id: UUID, submission: UUID, by caller: Caller) async throws -> (filename: String, kind: DocumentKind, bytes: Data) {
        _ = try caller.scopes(.monitoringRead)
        let db = caller.app.sql
        guard let r = try await db.raw("""
            SELECT s.filename, s.file_kind, s.content FROM un_law_submissions s JOIN un_laws l ON l.id = s.law_id
            WHERE s.id = \(bind: submission) AND s.law_id = \(bind: id) AND l.organisation_id = \(bind: caller.actor.organisationID)
            """).first(), let filename = try r.decode(column: "filename", as: String?.self),
              let kind = DocumentKind(rawValue: try r.decode(column: "file_kind", as: String?.self) ?? "")
        else { throw AppError.notFound("file") }
        let bytes = try caller.services.cipher.openData(try r.decode(column: "content", as: Data.self), context: fileContext(submission))
        try await caller.write { db in
            try await AuditLog.append([.init(verb: .read, recordType: "un_law_submission", recordID: submission.uuidString)], by: caller.actor, on: db)
        }
        return (filename, kind, bytes)
    }

    static func list(by caller: Caller) async throws -> [Summary] {
        _ = try caller.scopes(.monitoringRead)
        return try await caller.app.sql.raw("""
            SELECT l.id, l.title, l.jurisdiction, l.kind, l.stage,
            (SELECT COUNT(*) FROM un_law_submissions s WHERE s.law_id = l.id) AS submissions,
            (SELECT COUNT(*) FROM un_law_recommendations r WHERE r.law_id = l.id) AS recommendations
            FROM un_laws l WHERE l.organisation_id = \(bind: caller.actor.organisationID) ORDER BY l.created_at DESC LIMIT 500
            """).all().map { r in
            Summary(id: try r.decode(column: "id", as: UUID.self), title: try r.decode(column: "title", as: String.self),
                    jurisdiction: try r.decode(column: "jurisdiction", as: String.self), kind: try r.decode(column: "kind", as: String.self),
                    stage: try r.decode(column: "stage", as: String.self), submissions: try r.decode(column: "submissions", as: Int.self),
                    recommendations: try r.decode(column: "recommendations", as: Int.self))
        }
    }

    static func get(_ id: UUID, by caller: Caller) async throws -> Law {
        _ = try caller.scopes(.monitoringRead)
        let db = caller.app.sql
        let law = try await row(id, organisation: caller.actor.organisationID, on: db)
        let stages = try await db.raw("""
            SELECT s.stage, s.changed_on, s.note, u.display_name FROM un_law_stages s JOIN users u ON u.id = s.recorded_by
            WHERE s.law_id = \(bind: id) ORDER BY s.changed_on DESC, s.created_at DESC LIMIT 200
            """).all().map {
            StageChange(stage: try $0.decode(column: "stage", as: String.self), changedOn: try $0.decode(column: "changed_on", as: String.self),
                        note: try $0.decode(column: "note", as: String?.self), recordedBy: try $0.decode(column: "display_name", as: String.self))
        }
        let submissions = try await db.raw("""
            SELECT id, submitted_on, recipient, summary, filename, size FROM un_law_submissions WHERE law_id = \(bind: id) ORDER BY submitted_on DESC, created_at DESC LIMIT 500
            """).all().map {
            Submission(id: try $0.decode(column: "id", as: UUID.self), submittedOn: try $0.decode(column: "submitted_on", as: String.self),
                       recipient: try $0.decode(column: "recipient", as: String.self), summary: try $0.decode(column: "summary", as: String.self),
                       filename: try $0.decode(column: "filename", as: String?.self), size: try $0.decode(column: "size", as: Int?.self))
        }
        let answered = try await db.raw("""
            SELECT r.id, r.document_symbol, r.paragraph, r.year, r.status FROM un_law_recommendations l JOIN un_recommendations r ON r.id = l.recommendation_id
            WHERE l.law_id = \(bind: id) AND r.organisation_id = \(bind: caller.actor.organisationID) ORDER BY r.sort_key LIMIT 500
            """).all().map {
            Answered(id: try $0.decode(column: "id", as: UUID.self), documentSymbol: try $0.decode(column: "document_symbol", as: String.self),
                     paragraph: try $0.decode(column: "paragraph", as: String.self), year: try $0.decode(column: "year", as: Int.self),
                     status: try $0.decode(column: "status", as: String.self))
        }
        return Law(id: id, title: try law.decode(column: "title", as: String.self), jurisdiction: try law.decode(column: "jurisdiction", as: String.self),
                   kind: try law.decode(column: "kind", as: String.self), summary: try law.decode(column: "summary", as: String.self),
                   stage: try law.decode(column: "stage", as: String.self), stages: stages, submissions: submissions, recommendations: answered)
    }

    /// The laws and policies that answer a recommendation, for its page.
    static func answering(_ recommendation: UUID, organisation: UUID, on db: any SQLDatabase) async throws -> [Summary] {
        try await db.raw("""
            SELECT l.id, l.title, l.jurisdiction, l.kind, l.stage FROM un_law_recommendations x JOIN un_laws l ON l.id = x.law_id
            WHERE x.recommendation_id = \(bind: recommendation) AND l.organisation_id = \(bind: organisation) ORDER BY l.created_at LIMIT 100
            """).all().map { r in
            Summary(id: try r.decode(column: "id", as: UUID.self), title: try r.decode(column: "title", as: String.self),
                    jurisdiction: try r.decode(column: "jurisdiction", as: String.self), kind: try r.decode(column: "kind", as: String.self),
                    stage: try r.decode(column: "stage", as: String.self), submissions: 0, recommendations: 0)
        }
    }
}
