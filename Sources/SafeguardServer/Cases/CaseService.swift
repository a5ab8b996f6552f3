import Foundation
import SafeguardCore
import Vapor

/// What can be done to a case, whoever asks: the JSON API and the case page both call these with the
/// same input, so each check, each policy decision and each audit entry is made in one place.
enum CaseService {
    static func update(_ id: UUID, _ input: CasesController.CaseUpdateInput, by caller: Caller) async throws {
        var v = FieldValidator()
        let risk = v.code(input.risk, "risk", as: RiskLevel.self)
        if let concerns = input.concerns {
            v.check(!concerns.isEmpty, "concerns", "choose at least one concern")
            for code in concerns where !Taxonomy.isKnown(code) { v.add("concerns", "unknown category '\(code.prefix(60))'") }
        }
        if let summary = input.summary { v.check(summary.count <= ContactInput.maxTextLength, "summary", "is too long") }
        try v.finish()
        let services = caller.services
        try await caller.write { db in
            try await CaseStore.require(id, .caseUpdate, actor: caller.actor, on: db)
            try await CaseStore.update(id, risk: risk, concerns: input.concerns.map { Array(Set($0)).sorted() }, summary: input.summary?.trimmed,
                                       actor: caller.actor, services: services, on: db)
        }
    }

    static func moveStage(_ id: UUID, _ input: StageInput, by caller: Caller) async throws {
        var v = FieldValidator()
        let stage = v.requiredCode(input.stage, "stage", as: CaseStage.self, missing: "choose the stage to move to")
        try v.finish()
        try await caller.write { db in
            try await CaseStore.require(id, .caseUpdate, actor: caller.actor, on: db)
            try await CaseStore.move(id, to: stage!, actor: caller.actor, on: db)
        }
    }

    static func decideClosure(_ id: UUID, _ input: ClosureDecisionInput, by caller: Caller) async throws {
        var v = FieldValidator()
        let decision = v.requiredCode(input.decision, "decision", as: CaseWorkflow.Decision.self, missing: "approve or reject the closure")
        try v.finish()
        try await caller.write { db in
            try await CaseStore.require(id, .caseApproveClosure, actor: caller.actor, on: db)
            try await CaseStore.decideClosure(id, decision!, actor: caller.actor, on: db)
        }
    }

    static func assign(_ id: UUID, _ input: AssignInput, by caller: Caller) async throws {
        var v = FieldValidator()
        v.check(["lead", "member", nil].contains(input.role), "role", "expected lead or member")
        let tasks = v.code(input.openTasks.flatMap { $0.isEmpty ? nil : $0 } ?? HandoverTasks.reassign.rawValue, "openTasks", as: HandoverTasks.self)
        let stays = input.previousLeadStays ?? false
        // Only a new lead hands anything over: adding a member leaves the tasks where they are.
        v.check(input.role == "member" || tasks != .keep || stays, "openTasks",
                "the previous lead's open tasks can stay with them only if they stay on the case team")
        try v.finish()
        try await caller.write { db in
            try await CaseStore.require(id, .caseAssign, actor: caller.actor, on: db)
            try await CaseStore.assign(id, to: input.userID, lead: input.role != "member", handover: (tasks!, stays), actor: caller.actor, on: db)
        }
    }

    static func addNote(_ id: UUID, _ input: NoteInput, by caller: Caller) async throws -> UUID {
        var v = FieldValidator()
        let compartment = v.code(input.compartment.flatMap { $0.isEmpty ? nil : $0 } ?? NoteCompartment.general.rawValue, "compartment", as: NoteCompartment.self)
        v.check(input.body.trimmed != nil, "body", "is empty")
        v.check(input.body.count <= 50_000, "body", "is longer than 50000 characters")
        try v.finish()
        let services = caller.services
        return try await caller.write { db in
            try await CaseStore.require(id, compartment!.writeAction, actor: caller.actor, on: db)
            return try await CaseStore.addNote(id, compartment: compartment!, body: input.body, actor: caller.actor, services: services, on: db)
        }
    }

    static func addTask(_ id: UUID, _ input: TaskInput, by caller: Caller) async throws -> UUID {
        let services = caller.services
        return try await caller.write { db in
            try await CaseStore.require(id, .taskManage, actor: caller.actor, on: db)
            return try await CaseStore.addTask(id, input, actor: caller.actor, services: services, on: db)
        }
    }

    static func completeTask(_ id: UUID, taskID: UUID, by caller: Caller) async throws {
        try await caller.write { db in
            try await CaseStore.require(id, .taskManage, actor: caller.actor, on: db)
            try await CaseStore.completeTask(id, taskID: taskID, actor: caller.actor, on: db)
        }
    }

    static func addPerpetrator(_ id: UUID, _ input: PerpetratorInput, by caller: Caller) async throws -> UUID {
        let services = caller.services
        return try await caller.write { db in
            try await CaseStore.require(id, .caseUpdate, actor: caller.actor, on: db)
            return try await CaseStore.addPerpetrator(id, input, actor: caller.actor, services: services, on: db)
        }
    }

    /// Registers the child on the case: an existing record (`childID`) or a new one; a new record that
    /// looks like an existing child is refused with the matches unless `confirmed`.
    static func attachChild(_ id: UUID, childID: UUID?, child: ValidChild?, confirmed: Bool, by caller: Caller) async throws -> UUID {
        if childID != nil && child != nil { throw AppError.invalid("child", "give either childID or child, not both") }
        let services = caller.services
        return try await caller.write { db in
            try await CaseStore.require(id, .caseUpdate, actor: caller.actor, on: db)
            return try await CaseStore.attachChild(id, childID: childID, child: child, confirmed: confirmed, actor: caller.actor, services: services, on: db)
        }
    }

    /// Opens a case the actor may not otherwise see, for a stated reason that supervisors review.
    static func breakGlass(_ id: UUID, _ input: BreakGlass.Input, by caller: Caller) async throws -> BreakGlass.Granted {
        let services = caller.services
        return try await caller.write { db in try await BreakGlass.open(id, reason: input.reason, actor: caller.actor, services: services, on: db) }
    }
}
