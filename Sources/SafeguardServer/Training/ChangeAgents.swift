import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Change Agents and their change projects, whoever asks: the JSON API and the pages call these.
/// An agent is a person holding a certificate that stands from a cohort ("batch") of a programme
/// whose graduates become agents; a project is an agent's or a team's work to change an
/// institution (a curriculum reformed, a course designed), with milestones and dated progress reports.
enum ChangeAgents {
    struct ProjectInput: Content {
        var title: String?, goal: String?, institutions: String?
        /// The agents on the project, by the codes of their certificates (what the network page shows).
        var agentCertificates: [String]?
    }

    struct MilestoneInput: Content { var title: String?; var dueOn: String? }
    struct ReportInput: Content { var reportedOn: String?; var progress: String? }
    struct StatusInput: Content { var status: String? }

    // MARK: the network

    static func network(by caller: Caller) async throws -> TrainingViews.Network {
        _ = try caller.scopes(.trainingRead)
        let (actor, services) = (caller.actor, caller.services)
        return try await caller.auditedRead { db in
            let rows = try await db.raw("""
                SELECT k.participant_id, k.cohort_id, k.code, co.name AS cohort_name, co.starts_on, p.title AS programme_title,
                t.name, t.institution, r.name AS region_name
                FROM training_certificates k JOIN training_cohorts co ON co.id = k.cohort_id JOIN training_programmes p ON p.id = co.programme_id
                JOIN training_participants t ON t.id = k.participant_id LEFT JOIN regions r ON r.id = t.region_id
                WHERE p.organisation_id = \(bind: actor.organisationID) AND p.change_agents = \(bind: true) AND k.revoked_at IS NULL
                ORDER BY co.starts_on, co.name, k.cohort_id, k.issued_at, k.participant_id
                """).all()
            var projects: [UUID: [TrainingViews.Network.ProjectLine]] = [:]
            for r in try await db.raw("""
                SELECT a.participant_id, pr.id, pr.title, pr.status FROM change_project_agents a JOIN change_projects pr ON pr.id = a.project_id
                WHERE pr.organisation_id = \(bind: actor.organisationID) ORDER BY pr.created_at
                """).all() {
                projects[try r.decode(column: "participant_id", as: UUID.self), default: []].append(
                    .init(id: try r.decode(column: "id", as: UUID.self), title: try r.decode(column: "title", as: String.self),
                          status: try r.decode(column: "status", as: String.self)))
            }
            var batches: [TrainingViews.Network.Batch] = []
            var counted: [ChangeAgentNetwork.Agent] = []
            var names: [UUID: String] = [:]
            for r in rows {
                let person = try r.decode(column: "participant_id", as: UUID.self), batch = try r.decode(column: "cohort_id", as: UUID.self)
                let region = try r.decode(column: "region_name", as: String?.self), institution = try r.decode(column: "institution", as: String.self)
                if names[person] == nil {
                    let name: String = try services.cipher.open(try r.decode(column: "name", as: String.self), context: TrainingStore.context(person, "name"))
                    names[person] = name
                }
                if batches.last?.cohortID != batch {
                    batches.append(.init(cohortID: batch, programmeTitle: try r.decode(column: "programme_title", as: String.self),
                                         cohortName: try r.decode(column: "cohort_name", as: String.self), agents: []))
                }
                batches[batches.count - 1].agents.append(.init(participantID: person, name: names[person]!, institution: institution, region: region,
                                                               certificateCode: try r.decode(column: "code", as: String.self), projects: projects[person] ?? []))
                counted.append(.init(person: person, batch: batch, region: region, institution: institution))
            }
            let network = ChangeAgentNetwork(counted)
            let view = TrainingViews.Network(agents: network.agents, batches: batches.count, byRegion: network.byRegion,
                                             byInstitution: network.byInstitution, batchList: batches)
            return Audited(view, TrainingStore.readEntries(names.keys))
        }
    }

    // MARK: projects

    static func createProject(_ input: ProjectInput, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.trainingManage)
        var v = FieldValidator()
        let title = input.title?.trimmedWhitespace ?? "", goal = input.goal?.trimmedWhitespace ?? ""
        let institutions = input.institutions?.trimmedWhitespace ?? ""
        v.check((1...200).contains(title.count), "title", "give the project's title (1 to 200 characters)")
        v.check((1...5_000).contains(goal.count), "goal", "say what the project is to change (1 to 5000 characters)")
        v.check(institutions.count <= 500, "institutions", "is longer than 500 characters")
        let codes = (input.agentCertificates ?? []).flatMap { $0.split(whereSeparator: { $0 == "," || $0.isNewline }) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        v.check(!codes.isEmpty, "agentCertificates", "name at least one Change Agent by their certificate's code")
        v.check(codes.count <= 50, "agentCertificates", "at most 50 agents on one project")
        for (index, code) in codes.enumerated() where CertificateCode.canonical(code) == nil {
            v.add("agentCertificates[\(index)]", "is not a certificate code: 13 letters and digits such as K7Q2-9MXD-4T1B-R (check for a typing slip)")
        }
        try v.finish()
        let actor = caller.actor
        let canonical = codes.compactMap(CertificateCode.canonical)
        return try await caller.write { db in
            let agents = try await db.raw("""
                SELECT k.code, k.participant_id, k.cohort_id FROM training_certificates k JOIN training_cohorts co ON co.id = k.cohort_id
                JOIN training_programmes p ON p.id = co.programme_id
                WHERE k.code IN (\(binds: canonical)) AND k.revoked_at IS NULL AND p.organisation_id = \(bind: actor.organisationID) AND p.change_agents = \(bind: true)
                """).all()
            let found = Set(try agents.map { try $0.decode(column: "code", as: String.self) })
            var problems = FieldValidator()
            for (index, code) in canonical.enumerated() where !found.contains(code) {
                problems.add("agentCertificates[\(index)]", "is not the certificate of a Change Agent of your organisation")
            }
            try problems.finish()
            let id = UUID.timeOrdered(), now = Date()
            try await db.insert(into: "change_projects")
                .columns("id", "organisation_id", "cohort_id", "title", "goal", "institutions", "status", "created_by", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(actor.organisationID), SQLBind(try agents.first?.decode(column: "cohort_id", as: UUID.self)),
                        SQLBind(title), SQLBind(goal), SQLBind(institutions), SQLBind(ChangeProjectStatus.planned.rawValue),
                        SQLBind(actor.userID), SQLBind(now), SQLBind(now))
                .run()
            let people = Set(try agents.map { try $0.decode(column: "participant_id", as: UUID.self) })
            let insert = db.insert(into: "change_project_agents").columns("project_id", "participant_id")
            for person in people.sorted(by: { $0.uuidString < $1.uuidString }) { insert.values(SQLBind(id), SQLBind(person)) }
            try await insert.run()
            try await AuditLog.append([.init(verb: .create, recordType: "change_project", recordID: id.uuidString)], by: actor, on: db)
            return IDOnly(id: id)
        }
    }

    /// A change to one project of the caller's organisation, made in one transaction that also dates
    /// the project's last update and audits it; a project of another organisation is not found.
    private static func changing<T: Sendable>(_ projectID: UUID, by caller: Caller,
                                              _ change: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let actor = caller.actor
        return try await caller.write { db in
            guard try await db.raw("SELECT id FROM change_projects WHERE id = \(bind: projectID) AND organisation_id = \(bind: actor.organisationID)").first() != nil else {
                throw AppError.notFound("change project")
            }
            let result = try await change(db)
            try await db.update("change_projects").set("updated_at", to: Date()).where("id", .equal, projectID).run()
            try await AuditLog.append([.init(verb: .update, recordType: "change_project", recordID: projectID.uuidString)], by: actor, on: db)
            return result
        }
    }

    static func project(_ id: UUID, by caller: Caller) async throws -> TrainingViews.Project {
        _ = try caller.scopes(.trainingRead)
        let (actor, services) = (caller.actor, caller.services)
        return try await caller.auditedRead { db in
            guard let p = try await db.raw("""
                SELECT pr.id, pr.title, pr.goal, pr.institutions, pr.status, pr.created_at, pr.updated_at, co.name AS cohort_name, pg.title AS programme_title
                FROM change_projects pr LEFT JOIN training_cohorts co ON co.id = pr.cohort_id LEFT JOIN training_programmes pg ON pg.id = co.programme_id
                WHERE pr.id = \(bind: id) AND pr.organisation_id = \(bind: actor.organisationID)
                """).first() else { throw AppError.notFound("change project") }
            let agents = try await db.raw("""
                SELECT t.id, t.name, t.institution FROM change_project_agents a JOIN training_participants t ON t.id = a.participant_id
                WHERE a.project_id = \(bind: id) ORDER BY t.institution, t.id
                """).all().map { r in
                let person = try r.decode(column: "id", as: UUID.self)
                return TrainingViews.Project.Agent(participantID: person, institution: try r.decode(column: "institution", as: String.self),
                                                   name: try services.cipher.open(try r.decode(column: "name", as: String.self), context: TrainingStore.context(person, "name")))
            }
            let milestones = try await db.raw("""
                SELECT id, title, due_on, done_on FROM change_project_milestones WHERE project_id = \(bind: id) ORDER BY due_on, created_at
                """).all().map { r in
                TrainingViews.Project.Milestone(id: try r.decode(column: "id", as: UUID.self), title: try r.decode(column: "title", as: String.self),
                                                dueOn: try r.decode(column: "due_on", as: String.self), doneOn: try r.decode(column: "done_on", as: String?.self))
            }
            var evidence: [UUID: [TrainingViews.Project.Evidence]] = [:]
            for r in try await db.raw("""
                SELECT x.id, x.report_id, x.filename, x.file_kind, x.size FROM change_project_evidence x JOIN change_project_reports r ON r.id = x.report_id
                WHERE r.project_id = \(bind: id) ORDER BY x.created_at
                """).all() {
                evidence[try r.decode(column: "report_id", as: UUID.self), default: []].append(.init(
                    id: try r.decode(column: "id", as: UUID.self), filename: try r.decode(column: "filename", as: String.self),
                    kind: try r.decode(column: "file_kind", as: String.self), size: try r.decode(column: "size", as: Int.self)))
            }
            let reports = try await db.raw("""
                SELECT r.id, r.reported_on, r.progress, u.display_name FROM change_project_reports r JOIN users u ON u.id = r.created_by
                WHERE r.project_id = \(bind: id) ORDER BY r.reported_on DESC, r.created_at DESC
                """).all().map { r in
                let reportID = try r.decode(column: "id", as: UUID.self)
                return TrainingViews.Project.Report(id: reportID, reportedOn: try r.decode(column: "reported_on", as: String.self),
                                                    progress: try r.decode(column: "progress", as: String.self), by: try r.decode(column: "display_name", as: String.self),
                                                    evidence: evidence[reportID] ?? [])
            }
            let view = TrainingViews.Project(id: id, title: try p.decode(column: "title", as: String.self), goal: try p.decode(column: "goal", as: String.self),
                                             institutions: try p.decode(column: "institutions", as: String.self), status: try p.decode(column: "status", as: String.self),
                                             batch: try p.decode(column: "cohort_name", as: String?.self).map { "\(try p.decode(column: "programme_title", as: String.self)) · \($0)" },
                                             updatedAt: try p.decode(column: "updated_at", as: Date.self),
                                             agents: agents, milestones: milestones, reports: reports)
            return Audited(view, TrainingStore.readEntries(agents.map(\.participantID)))
        }
    }

    static func addMilestone(projectID: UUID, _ input: MilestoneInput, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.trainingManage)
        var v = FieldValidator()
        let title = input.title?.trimmedWhitespace ?? ""
        v.check((1...200).contains(title.count), "title", "give the milestone (1 to 200 characters)")
        let due = input.dueOn?.trimmedWhitespace ?? ""
        v.check(PartialDate(due)?.isComplete == true, "dueOn", "give the date (YYYY-MM-DD)")
        try v.finish()
        return try await changing(projectID, by: caller) { db in
            let id = UUID.timeOrdered()
            try await db.insert(into: "change_project_milestones").columns("id", "project_id", "title", "due_on", "created_at")
                .values(SQLBind(id), SQLBind(projectID), SQLBind(title), SQLBind(due), SQLBind(Date())).run()
            return IDOnly(id: id)
        }
    }

    /// Marks a milestone reached, on the day given or today where the reader is.
    static func reachMilestone(projectID: UUID, milestoneID: UUID, on day: String?, by caller: Caller) async throws {
        _ = try caller.scopes(.trainingManage)
        let doneOn = day?.trimmedWhitespace ?? ""
        if !doneOn.isEmpty, let problem = TrainingInput.dayProblem(doneOn, mayBeFuture: false) { throw AppError.invalid("doneOn", problem) }
        let today = LocalTime.day(Date(), in: Layout.timeZone)
        try await changing(projectID, by: caller) { db in
            let changed = try await db.raw("""
                UPDATE change_project_milestones SET done_on = \(bind: doneOn.isEmpty ? today : doneOn)
                WHERE id = \(bind: milestoneID) AND project_id = \(bind: projectID) AND done_on IS NULL RETURNING id
                """).all()
            guard !changed.isEmpty else { throw AppError.conflict("this milestone is not open on this project") }
        }
    }

    /// A progress report, with a file of evidence if one is given: both or neither are kept.
    static func addReport(projectID: UUID, _ input: ReportInput, evidence: File? = nil, by caller: Caller) async throws -> IDOnly {
        _ = try caller.scopes(.trainingManage)
        var v = FieldValidator()
        let progress = input.progress?.trimmedWhitespace ?? ""
        v.check((10...10_000).contains(progress.count), "progress", "describe the progress in 10 to 10000 characters")
        let reported = input.reportedOn?.trimmedWhitespace ?? ""
        if let problem = TrainingInput.dayProblem(reported, mayBeFuture: false) { v.add("reportedOn", problem) }
        var file: (kind: DocumentKind, bytes: Data)?
        if let evidence {
            do { file = try UploadedFile.check(evidence) } catch { for problem in FormKit.problems(error) ?? [] { v.add("evidence", problem.message) } }
        }
        try v.finish()
        let author = caller.actor.userID, services = caller.services, checked = file, filename = evidence?.filename ?? ""
        return try await changing(projectID, by: caller) { db in
            let id = UUID.timeOrdered()
            try await db.insert(into: "change_project_reports").columns("id", "project_id", "reported_on", "progress", "created_by", "created_at")
                .values(SQLBind(id), SQLBind(projectID), SQLBind(reported), SQLBind(progress), SQLBind(author), SQLBind(Date())).run()
            if let checked { _ = try await insertEvidence(checked, filename: filename, reportID: id, by: author, services: services, on: db) }
            return IDOnly(id: id)
        }
    }

    /// Attaches a file of evidence to a report of the project.
    static func attachEvidence(projectID: UUID, reportID: UUID, _ upload: File?, by caller: Caller) async throws -> TrainingViews.Project.Evidence {
        _ = try caller.scopes(.trainingManage)
        let file = try UploadedFile.check(upload), filename = upload!.filename
        let author = caller.actor.userID, services = caller.services
        return try await changing(projectID, by: caller) { db in
            guard try await db.raw("SELECT id FROM change_project_reports WHERE id = \(bind: reportID) AND project_id = \(bind: projectID)").first() != nil else {
                throw AppError.notFound("progress report")
            }
            return try await insertEvidence(file, filename: filename, reportID: reportID, by: author, services: services, on: db)
        }
    }

    /// A file of evidence, to a reader of the project's organisation; the read is in the access log.
    static func evidence(projectID: UUID, evidenceID: UUID, by caller: Caller) async throws -> (filename: String, kind: DocumentKind, bytes: Data) {
        _ = try caller.scopes(.trainingRead)
        let actor = caller.actor, services = caller.services
        return try await caller.write { db in
            guard let r = try await db.raw("""
                SELECT x.filename, x.file_kind, x.content FROM change_project_evidence x JOIN change_project_reports r ON r.id = x.report_id
                JOIN change_projects p ON p.id = r.project_id
                WHERE x.id = \(bind: evidenceID) AND p.id = \(bind: projectID) AND p.organisation_id = \(bind: actor.organisationID)
                """).first(), let kind = DocumentKind(rawValue: try r.decode(column: "file_kind", as: String.self)) else { throw AppError.notFound("evidence") }
            let bytes = try services.cipher.openData(try r.decode(column: "content", as: Data.self), context: evidenceContext(evidenceID))
            try await AuditLog.append([.init(verb: .read, recordType: "change_project_evidence", recordID: evidenceID.uuidString)], by: actor, on: db)
            return (try r.decode(column: "filename", as: String.self), kind, bytes)
        }
    }

    static func evidenceContext(_ id: UUID) -> String { "change_project_evidence/\(id.uuidString)/content" }

    private static func insertEvidence(_ file: (kind: DocumentKind, bytes: Data), filename: String, reportID: UUID, by author: UUID, services: AppServices,
                                       on db: any SQLDatabase) async throws -> TrainingViews.Project.Evidence {
        let id = UUID.timeOrdered(), name = UploadedFile.safeName(filename, kind: file.kind)
        try await db.insert(into: "change_project_evidence").columns("id", "report_id", "filename", "file_kind", "size", "content", "uploaded_by", "created_at")
            .values(SQLBind(id), SQLBind(reportID), SQLBind(name), SQLBind(file.kind.rawValue), SQLBind(file.bytes.count),
                    SQLBind(try services.cipher.sealData(file.bytes, context: evidenceContext(id))), SQLBind(author), SQLBind(Date()))
            .run()
        return .init(id: id, filename: name, kind: file.kind.rawValue, size: file.bytes.count)
    }

    static func setStatus(projectID: UUID, _ input: StatusInput, by caller: Caller) async throws {
        _ = try caller.scopes(.trainingManage)
        var v = FieldValidator()
        let status = v.requiredCode(input.status, "status", as: ChangeProjectStatus.self, missing: "choose where the project stands")
        try v.finish()
        try await changing(projectID, by: caller) { db in
            try await db.update("change_projects").set("status", to: status!.rawValue).where("id", .equal, projectID).run()
        }
    }


}
