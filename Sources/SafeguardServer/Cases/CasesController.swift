import SafeguardCore
import Vapor

enum CasesController {
    struct CaseUpdateInput: Content { var risk: String?; var concerns: [String]?; var summary: String? }

    @Sendable static func create(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(CaseInput.self).validated()
        let services = req.safeguard
        let created = try await req.write { db in try await CaseStore.create(input, actor: actor, services: services, on: db) }
        return try await CaseCreated(id: created.id, reference: created.reference)
            .created(for: req, location: "/api/cases/\(created.id.uuidString)")
    }

    @Sendable static func list(req: Request) async throws -> CasePage {
        let scopes = try req.authorize(.caseList)
        let filter = try req.query.decode(CaseStore.Filter.self).validated()
        return try await CaseStore.list(filter, scopes: scopes, actor: try req.actor(), on: req.sql)
    }

    @Sendable static func show(req: Request) async throws -> CaseDetail {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        let services = req.safeguard
        return try await req.auditedRead { db in try await CaseStore.detail(id, actor: actor, services: services, on: db) }
    }

    @Sendable static func update(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        let input = try req.content.decode(CaseUpdateInput.self)
        var v = FieldValidator()
        let risk = v.code(input.risk, "risk", as: RiskLevel.self)
        if let concerns = input.concerns {
            v.check(!concerns.isEmpty, "concerns", "choose at least one concern")
            for code in concerns where !Taxonomy.isKnown(code) { v.add("concerns", "unknown category '\(code.prefix(60))'") }
        }
        if let summary = input.summary { v.check(summary.count <= ContactInput.maxTextLength, "summary", "is too long") }
        try v.finish()
        let services = req.safeguard
        try await req.write { db in
            try await CaseStore.require(id, .caseUpdate, actor: actor, on: db)
            try await CaseStore.update(id, risk: risk, concerns: input.concerns.map { Array(Set($0)).sorted() }, summary: input.summary?.trimmed,
                                       actor: actor, services: services, on: db)
        }
        return .noContent
    }

    @Sendable static func moveStage(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        var v = FieldValidator()
        let stage = v.requiredCode(try req.content.decode(StageInput.self).stage, "stage", as: CaseStage.self, missing: "choose the stage to move to")
        try v.finish()
        try await req.write { db in
            try await CaseStore.require(id, .caseUpdate, actor: actor, on: db)
            try await CaseStore.move(id, to: stage!, actor: actor, on: db)
        }
        return .noContent
    }

    @Sendable static func decideClosure(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        var v = FieldValidator()
        let decision = v.requiredCode(try req.content.decode(ClosureDecisionInput.self).decision, "decision", as: CaseWorkflow.Decision.self,
                                      missing: "approve or reject the closure")
        try v.finish()
        try await req.write { db in
            try await CaseStore.require(id, .caseApproveClosure, actor: actor, on: db)
            try await CaseStore.decideClosure(id, decision!, actor: actor, on: db)
        }
        return .noContent
    }

    @Sendable static func assign(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        let input = try req.content.decode(AssignInput.self)
        var v = FieldValidator()
        v.check(["lead", "member", nil].contains(input.role), "role", "expected lead or member")
        let tasks = v.code(input.openTasks.flatMap { $0.isEmpty ? nil : $0 } ?? HandoverTasks.reassign.rawValue, "openTasks", as: HandoverTasks.self)
        let stays = input.previousLeadStays ?? false
        // Only a new lead hands anything over: adding a member leaves the tasks where they are.
        v.check(input.role == "member" || tasks != .keep || stays, "openTasks",
                "the previous lead's open tasks can stay with them only if they stay on the case team")
        try v.finish()
        try await req.write { db in
            try await CaseStore.require(id, .caseAssign, actor: actor, on: db)
            try await CaseStore.assign(id, to: input.userID, lead: input.role != "member", handover: (tasks!, stays), actor: actor, on: db)
        }
        return .noContent
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        let input = try req.content.decode(NoteInput.self)
        var v = FieldValidator()
        let compartment = v.code(input.compartment.flatMap { $0.isEmpty ? nil : $0 } ?? NoteCompartment.general.rawValue, "compartment", as: NoteCompartment.self)
        v.check(input.body.trimmed != nil, "body", "is empty")
        v.check(input.body.count <= 50_000, "body", "is longer than 50000 characters")
        try v.finish()
        let services = req.safeguard
        let noteID = try await req.write { db in
            try await CaseStore.require(id, compartment!.writeAction, actor: actor, on: db)
            return try await CaseStore.addNote(id, compartment: compartment!, body: input.body, actor: actor, services: services, on: db)
        }
        return try await IDOnly(id: noteID).created(for: req)
    }

    @Sendable static func addTask(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        let input = try req.content.decode(TaskInput.self)
        let services = req.safeguard
        let taskID = try await req.write { db in
            try await CaseStore.require(id, .taskManage, actor: actor, on: db)
            return try await CaseStore.addTask(id, input, actor: actor, services: services, on: db)
        }
        return try await IDOnly(id: taskID).created(for: req)
    }

    /// The signed-in user's open tasks across their cases.
    @Sendable static func myTasks(req: Request) async throws -> [MyTask] {
        let actor = try req.actor()
        let services = req.safeguard
        return try await req.auditedRead { db in try await TaskStore.mine(actor, services: services, on: db) }
    }

    @Sendable static func completeTask(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor()
        let id = try req.uuid("caseID"), taskID = try req.uuid("taskID")
        try await req.write { db in
            try await CaseStore.require(id, .taskManage, actor: actor, on: db)
            try await CaseStore.completeTask(id, taskID: taskID, actor: actor, on: db)
        }
        return .noContent
    }

    @Sendable static func addPerpetrator(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        let input = try req.content.decode(PerpetratorInput.self)
        let services = req.safeguard
        let pid = try await req.write { db in
            try await CaseStore.require(id, .caseUpdate, actor: actor, on: db)
            return try await CaseStore.addPerpetrator(id, input, actor: actor, services: services, on: db)
        }
        return try await IDOnly(id: pid).created(for: req)
    }

    @Sendable static func attachChild(req: Request) async throws -> Response {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        let input = try req.content.decode(CaseInput.self)
        if input.childID != nil && input.child != nil { throw AppError.invalid("child", "give either childID or child, not both") }
        let child = try input.child?.validated(prefix: "child.")
        let services = req.safeguard
        let childID = try await req.write { db in
            try await CaseStore.require(id, .caseUpdate, actor: actor, on: db)
            return try await CaseStore.attachChild(id, childID: input.childID, child: child, confirmed: input.confirmNewChild ?? false,
                                                   actor: actor, services: services, on: db)
        }
        return try await IDOnly(id: childID).created(for: req)
    }

    @Sendable static func accessLog(req: Request) async throws -> [AuditLog.AccessLogLine] {
        let actor = try req.actor()
        let id = try req.uuid("caseID")
        return try await req.write { db in
            try await CaseStore.require(id, .auditRead, actor: actor, on: db)
            // The case, its notes, tasks and child: everything a reader of the case could have opened.
            var ids = [id.uuidString]
            ids += try await db.raw("SELECT id FROM notes WHERE case_id = \(bind: id)").all().map { try $0.decode(column: "id", as: UUID.self).uuidString }
            ids += try await db.raw("SELECT id FROM tasks WHERE case_id = \(bind: id)").all().map { try $0.decode(column: "id", as: UUID.self).uuidString }
            ids += try await db.raw("SELECT child_id FROM cases WHERE id = \(bind: id) AND child_id IS NOT NULL").all().map { try $0.decode(column: "child_id", as: UUID.self).uuidString }
            let lines = try await AuditLog.accessLog(recordIDs: ids, on: db)
            try await AuditLog.append([.init(verb: .read, recordType: "case_access_log", recordID: id.uuidString)], by: actor, on: db)
            return lines
        }
    }
}

enum ChildrenController {
    @Sendable static func create(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(ChildInput.self)
        let child = try input.validated()
        let services = req.safeguard
        let readScopes = AccessPolicy.scopes(for: actor.roles, .childRead)
        let id = try await req.write { db in
            try await ChildStore.create(child, confirmed: input.confirmNewChild ?? false, scopes: readScopes, actor: actor, services: services, on: db)
        }
        return try await IDOnly(id: id).created(for: req)
    }

    @Sendable static func matches(req: Request) async throws -> [ChildMatch] {
        let actor = try req.actor()
        let scopes = try req.authorize(.childRead)
        let child = try req.content.decode(ChildInput.self).validated()
        let services = req.safeguard
        return try await req.auditedRead { db in
            let matches = try await ChildStore.possibleMatches(child, scopes: scopes, actor: actor, services: services, on: db)
            return Audited(matches, ChildStore.auditEntries(for: matches))
        }
    }

    @Sendable static func show(req: Request) async throws -> ChildDetail {
        let actor = try req.actor()
        let scopes = try req.authorize(.childRead)
        let id = try req.uuid("childID")
        let services = req.safeguard
        return try await req.auditedRead { db in try await ChildStore.detail(id, scopes: scopes, actor: actor, services: services, on: db) }
    }
}
