import SafeguardCore
import Vapor

enum CasesController {
    struct CaseUpdateInput: Content { var risk: String?; var concerns: [String]?; var summary: String? }

    @Sendable static func create(req: Request) async throws -> Response {
        let actor = try req.actor()
        let input = try req.content.decode(CaseInput.self).validated(pack: try req.actor().countryPack)
        let services = req.safeguard
        let created = try await req.write { db in try await CaseStore.create(input, actor: actor, services: services, on: db) }
        return try await CaseCreated(id: created.id, reference: created.reference)
            .created(for: req, location: CasesPaths.API.case(created.id))
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
        try await CaseService.update(try req.uuid("caseID"), try req.content.decode(CaseUpdateInput.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func moveStage(req: Request) async throws -> HTTPStatus {
        try await CaseService.moveStage(try req.uuid("caseID"), try req.content.decode(StageInput.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func decideClosure(req: Request) async throws -> HTTPStatus {
        try await CaseService.decideClosure(try req.uuid("caseID"), try req.content.decode(ClosureDecisionInput.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func assign(req: Request) async throws -> HTTPStatus {
        try await CaseService.assign(try req.uuid("caseID"), try req.content.decode(AssignInput.self), by: try req.caller())
        return .noContent
    }

    @Sendable static func addNote(req: Request) async throws -> Response {
        let noteID = try await CaseService.addNote(try req.uuid("caseID"), try req.content.decode(NoteInput.self), by: try req.caller())
        return try await IDOnly(id: noteID).created(for: req)
    }

    @Sendable static func addTask(req: Request) async throws -> Response {
        let taskID = try await CaseService.addTask(try req.uuid("caseID"), try req.content.decode(TaskInput.self), by: try req.caller())
        return try await IDOnly(id: taskID).created(for: req)
    }

    /// The signed-in user's open tasks across their cases.
    @Sendable static func myTasks(req: Request) async throws -> [MyTask] {
        let actor = try req.actor()
        let services = req.safeguard
        return try await req.auditedRead { db in try await TaskStore.mine(actor, services: services, on: db) }
    }

    @Sendable static func completeTask(req: Request) async throws -> HTTPStatus {
        try await CaseService.completeTask(try req.uuid("caseID"), taskID: try req.uuid("taskID"), by: try req.caller())
        return .noContent
    }

    @Sendable static func addPerpetrator(req: Request) async throws -> Response {
        let id = try await CaseService.addPerpetrator(try req.uuid("caseID"), try req.content.decode(PerpetratorInput.self), by: try req.caller())
        return try await IDOnly(id: id).created(for: req)
    }

    @Sendable static func attachChild(req: Request) async throws -> Response {
        let input = try req.content.decode(CaseInput.self)
        let childID = try await CaseService.attachChild(try req.uuid("caseID"), childID: input.childID, child: try input.child?.validated(prefix: "child.", pack: try req.actor().countryPack),
                                                        confirmed: input.confirmNewChild ?? false, by: try req.caller())
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
        let child = try input.validated(pack: actor.countryPack)
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
        let child = try req.content.decode(ChildInput.self).validated(pack: actor.countryPack)
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
