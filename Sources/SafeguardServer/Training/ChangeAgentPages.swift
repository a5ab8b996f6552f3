import Foundation
import SafeguardCore
import Vapor

/// The Change Agents network (by batch, region and institution, with each agent's projects) and a
/// change project's page: its agents, milestones and dated progress reports.
enum ChangeAgentPages {
    static let projectPlaces: FormKit.Places = [
        "title": ("project-title", "project.field.title"), "goal": ("project-goal", "project.field.goal"),
        "institutions": ("project-institutions", "project.field.institutions"), "agentCertificates": ("project-agents", "project.field.agents"),
    ]

    @Sendable static func network(req: Request) async throws -> HTML {
        try await networkPage(req, typed: .init(), errors: [])
    }

    static func networkPage(_ req: Request, typed: ChangeAgents.ProjectInput, errors: [FieldError]) async throws -> HTML {
        let s = req.strings
        let network = try await ChangeAgents.network(by: try req.caller())
        func status(_ line: TrainingViews.Network.ProjectLine) -> HTML {
            "<a href=\"\(TrainingPaths.project(line.id))\">\(line.title)</a> (\(s["projectStatus." + line.status]))"
        }
        let batches: [HTML] = network.batchList.map { batch in
            let rows: [HTML] = batch.agents.map { a in
                """
                <tr><td>\(a.name)</td><td>\(a.institution)</td><td>\(a.region.map(s.region) ?? s["agents.regionUnknown"])</td><td><code>\(a.certificateCode)</code></td>
                <td>\(a.projects.map(status).joinedHTML(separator: "; "))</td></tr>
                """
            }
            return """
                <section aria-labelledby="batch-\(batch.cohortID.uuidString)"><h3 id="batch-\(batch.cohortID.uuidString)">\(batch.programmeTitle) · \(batch.cohortName)</h3>
                <table><thead><tr><th scope="col">\(s["training.field.name"])</th><th scope="col">\(s["training.field.institution"])</th>
                <th scope="col">\(s["training.field.region"])</th><th scope="col">\(s["agents.certificate"])</th><th scope="col">\(s["agents.projects"])</th></tr></thead>
                <tbody>\(rows)</tbody></table></section>
                """
        }
        func counts(_ id: String, _ title: String, column: String, _ list: [ChangeAgentNetwork.Count], unnamed: String) -> HTML {
            let rows: [HTML] = list.map { "<tr><td>\($0.name.isEmpty ? unnamed : s.region($0.name))</td><td>\($0.agents)</td></tr>" }
            return """
                <section aria-labelledby="\(id)"><h2 id="\(id)">\(title)</h2><table><thead><tr><th scope="col">\(column)</th><th scope="col">\(s["agents.count"])</th></tr></thead>
                <tbody>\(rows)</tbody></table></section>
                """
        }
        let body: HTML = network.agents == 0 ? "<p>\(s["agents.none"])</p>" : """
            <p role="status">\(s.format("agents.summary", ["agents": String(network.agents), "batches": String(network.batches)]))</p>
            <section aria-labelledby="by-batch"><h2 id="by-batch">\(s["agents.byBatch"])</h2>\(batches)</section>
            \(counts("by-region", s["agents.byRegion"], column: s["training.field.region"], network.byRegion, unnamed: s["agents.regionUnknown"]))
            \(counts("by-institution", s["agents.byInstitution"], column: s["training.field.institution"], network.byInstitution, unnamed: ""))
            """
        let actor = try req.actor()
        let form: HTML = !AccessPolicy.allows(actor.roles, .trainingManage) ? "" : """
            <section aria-labelledby="new-project"><h2 id="new-project">\(s["project.new"])</h2>
            \(FormKit.errorSummary(errors, places: projectPlaces, s))
            <form method="post" action="\(TrainingPaths.projects())">\(Layout.csrfField(req))
            \(TrainingPages.field("title", s["project.field.title"], typed.title, id: "project-title", extra: " required maxlength=\"200\""))
            <label for="project-goal">\(s["project.field.goal"])</label><textarea id="project-goal" name="goal" rows="3" required maxlength="5000">\(typed.goal ?? "")</textarea>
            \(TrainingPages.field("institutions", s["project.field.institutions"], typed.institutions, id: "project-institutions", extra: " maxlength=\"500\""))
            <label for="project-agents">\(s["project.field.agents"])</label>
            <textarea id="project-agents" name="agentCertificates[]" rows="2" required aria-describedby="project-agents-hint">\((typed.agentCertificates ?? []).joined(separator: "\n"))</textarea>
            <p class="hint" id="project-agents-hint">\(s["project.hint.agents"])</p>
            <p><button type="submit">\(s["project.create"])</button></p></form></section>
            """
        return Layout.page(s["agents.title"], req, flash: req.query[String.self, at: "saved"] == nil ? nil : s["project.saved"], """
            <p><a href="\(TrainingPaths.home())">\(s["training.title"])</a></p>
            \(body)\(form)
            """)
    }

    @Sendable static func createProject(req: Request) async throws -> Response {
        let input = try req.content.decode(ChangeAgents.ProjectInput.self)
        return try await FormKit.saveOrShow(req, save: {
            let created = try await ChangeAgents.createProject(input, by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.project(created.id))?saved=1")
        }, show: { try await networkPage(req, typed: input, errors: $0) })
    }

    // MARK: a project

    static let milestonePlaces: FormKit.Places = ["title": ("m-title", "project.milestone"), "dueOn": ("m-due", "project.dueOn")]
    static let reportPlaces: FormKit.Places = ["reportedOn": ("r-day", "project.reportedOn"), "progress": ("r-progress", "project.progress"),
                                               "evidence": ("r-evidence", "project.evidenceFile")]

    /// What a refused form on the project page brings back.
    enum Refused {
        case milestone(ChangeAgents.MilestoneInput, [FieldError])
        case report(ChangeAgents.ReportInput, [FieldError])
    }

    @Sendable static func project(req: Request) async throws -> HTML {
        try await projectPage(req, refused: nil)
    }

    static func projectPage(_ req: Request, refused: Refused?) async throws -> HTML {
        let s = req.strings
        let p = try await ChangeAgents.project(try req.uuid("projectID"), by: try req.caller())
        let manages = AccessPolicy.allows(try req.actor().roles, .trainingManage)
        let csrf = Layout.csrfField(req)
        let milestones: [HTML] = p.milestones.map { m in
            let reach: HTML = m.doneOn != nil || !manages ? "" : """
                <form method="post" action="\(TrainingPaths.projectMilestoneDone(p.id, m.id))" class="inline">\(csrf)<button type="submit">\(s["project.reach"])</button></form>
                """
            return "<tr><td>\(m.title)</td><td>\(m.dueOn)</td><td>\(m.doneOn ?? "")\(reach)</td></tr>"
        }
        let reports: [HTML] = p.reports.map { r in
            let evidence: [HTML] = r.evidence.map { x in
                "<li><a href=\"\(TrainingPaths.projectEvidence(p.id, x.id))\">\(x.filename)</a> (\(x.kind.uppercased()), \(String(x.size / 1024 + 1)) KiB)</li>"
            }
            return """
                <li><strong>\(r.reportedOn)</strong> · \(r.by)<p>\(r.progress)</p>\(evidence.isEmpty ? "" : "<p>\(s["project.evidence"])</p><ul>\(evidence)</ul>" as HTML)</li>
                """
        }
        var milestoneTyped = ChangeAgents.MilestoneInput(), milestoneErrors: [FieldError] = []
        var reportTyped = ChangeAgents.ReportInput(), reportErrors: [FieldError] = []
        switch refused {
        case .milestone(let typed, let errors): (milestoneTyped, milestoneErrors) = (typed, errors)
        case .report(let typed, let errors): (reportTyped, reportErrors) = (typed, errors)
        case nil: break
        }
        let forms: HTML = !manages ? "" : """
            <section aria-labelledby="add-milestone"><h2 id="add-milestone">\(s["project.addMilestone"])</h2>
            \(FormKit.errorSummary(milestoneErrors, places: milestonePlaces, s))
            <form method="post" action="\(TrainingPaths.projectMilestones(p.id))">\(csrf)
            \(TrainingPages.field("title", s["project.milestone"], milestoneTyped.title, id: "m-title", extra: " required maxlength=\"200\""))
            \(TrainingPages.field("dueOn", s["project.dueOn"], milestoneTyped.dueOn, id: "m-due", type: "date", extra: " required"))
            <p><button type="submit">\(s["project.addMilestone"])</button></p></form></section>
            <section aria-labelledby="add-report"><h2 id="add-report">\(s["project.addReport"])</h2>
            \(FormKit.errorSummary(reportErrors, places: reportPlaces, s))
            <form method="post" action="\(TrainingPaths.projectReports(p.id))" enctype="multipart/form-data">\(csrf)
            \(TrainingPages.field("reportedOn", s["project.reportedOn"], reportTyped.reportedOn ?? LocalTime.day(Date(), in: Layout.timeZone), id: "r-day", type: "date", extra: " required"))
            <label for="r-progress">\(s["project.progress"])</label><textarea id="r-progress" name="progress" rows="4" required minlength="10" maxlength="10000">\(reportTyped.progress ?? "")</textarea>
            <label for="r-evidence">\(s["project.evidenceFile"])</label><input type="file" id="r-evidence" name="evidence" accept=".pdf,.png,.jpg,.jpeg,.docx,.txt" aria-describedby="r-evidence-hint">
            <p class="hint" id="r-evidence-hint">\(s["material.hint.file"])</p>
            <p><button type="submit">\(s["project.addReport"])</button></p></form></section>
            <section aria-labelledby="change-status"><h2 id="change-status">\(s["project.changeStatus"])</h2>
            <form method="post" action="\(TrainingPaths.projectStatus(p.id))">\(csrf)
            \(Layout.select("status", label: s["project.status"], options: ChangeProjectStatus.allCases.map(\.rawValue), labelPrefix: "projectStatus.",
                          selected: p.status, strings: s, includeEmpty: false))
            <p><button type="submit">\(s["common.save"])</button></p></form></section>
            """
        return Layout.page(p.title, req, flash: req.query[String.self, at: "saved"] == nil ? nil : s["project.saved"], """
            <p><a href="\(TrainingPaths.agents())">\(s["agents.title"])</a></p>
            <p>\(s["project.status"]): <strong>\(s["projectStatus." + p.status])</strong>\(p.batch.map { " · \(s["project.batch"]): \($0)" } ?? "")
             · \(s["project.updated"]): \(Layout.date(p.updatedAt))</p>
            <h2>\(s["project.field.goal"])</h2><p>\(p.goal)</p>
            \(p.institutions.isEmpty ? "" : "<p>\(s["project.field.institutions"]): \(p.institutions)</p>" as HTML)
            <h2>\(s["project.agents"])</h2><ul>\(p.agents.map { "<li>\($0.name) · \($0.institution)</li>" as HTML })</ul>
            <section aria-labelledby="milestones"><h2 id="milestones">\(s["project.milestones"])</h2>
            \(p.milestones.isEmpty ? "<p>\(s["project.noMilestones"])</p>" : """
                <table><thead><tr><th scope="col">\(s["project.milestone"])</th><th scope="col">\(s["project.dueOn"])</th><th scope="col">\(s["project.doneOn"])</th></tr></thead>
                <tbody>\(milestones)</tbody></table>
                """ as HTML)</section>
            <section aria-labelledby="reports"><h2 id="reports">\(s["project.reports"])</h2>
            \(p.reports.isEmpty ? "<p>\(s["project.noReports"])</p>" : "<ul>\(reports)</ul>" as HTML)</section>
            \(forms)
            """)
    }

    @Sendable static func addMilestone(req: Request) async throws -> Response {
        let id = try req.uuid("projectID")
        let input = try req.content.decode(ChangeAgents.MilestoneInput.self)
        return try await FormKit.saveOrShow(req, save: {
            _ = try await ChangeAgents.addMilestone(projectID: id, input, by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.project(id))?saved=1#milestones")
        }, show: { try await projectPage(req, refused: .milestone(input, $0)) })
    }

    @Sendable static func reachMilestone(req: Request) async throws -> Response {
        let id = try req.uuid("projectID")
        try await ChangeAgents.reachMilestone(projectID: id, milestoneID: try req.uuid("milestoneID"), on: nil, by: try req.caller())
        return Pages.seeOther("\(TrainingPaths.project(id))?saved=1#milestones")
    }

    /// The report form as it posts: a browser sends an empty file part when no file was chosen.
    struct ReportForm: Content { var reportedOn: String?; var progress: String?; var evidence: File? }

    @Sendable static func addReport(req: Request) async throws -> Response {
        let id = try req.uuid("projectID")
        let form = try req.content.decode(ReportForm.self)
        let input = ChangeAgents.ReportInput(reportedOn: form.reportedOn, progress: form.progress)
        let evidence = form.evidence.flatMap { $0.data.readableBytes == 0 && $0.filename.isEmpty ? nil : $0 }
        return try await FormKit.saveOrShow(req, save: {
            _ = try await ChangeAgents.addReport(projectID: id, input, evidence: evidence, by: try req.caller())
            return Pages.seeOther("\(TrainingPaths.project(id))?saved=1#reports")
        }, show: { try await projectPage(req, refused: .report(input, $0)) })
    }

    @Sendable static func evidence(req: Request) async throws -> Response {
        UploadedFile.download(try await ChangeAgents.evidence(projectID: try req.uuid("projectID"), evidenceID: try req.uuid("evidenceID"), by: try req.caller()))
    }

    struct EvidenceUpload: Content { var file: File? }

    @Sendable static func attachEvidenceJSON(req: Request) async throws -> Response {
        let upload = (try? req.content.decode(EvidenceUpload.self))?.file
        return try await ChangeAgents.attachEvidence(projectID: try req.uuid("projectID"), reportID: try req.uuid("reportID"), upload, by: try req.caller())
            .encodeResponse(status: .created, for: req)
    }

    @Sendable static func setStatus(req: Request) async throws -> Response {
        let id = try req.uuid("projectID")
        try await ChangeAgents.setStatus(projectID: id, try req.content.decode(ChangeAgents.StatusInput.self), by: try req.caller())
        return Pages.seeOther("\(TrainingPaths.project(id))?saved=1")
    }
}
