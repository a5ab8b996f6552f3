import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// An open task assigned to the signed-in user, across their cases.
struct MyTask: Content {
    var id: UUID
    var caseID: UUID
    var caseReference: String
    var title: String
    var dueAt: Date
    var overdue: Bool
}

enum TaskStore {
    /// The user's open tasks, soonest due first; their titles are personal data, so showing them is audited.
    static func mine(_ actor: Actor, services: AppServices, limit: Int = 50, on db: any SQLDatabase) async throws -> Audited<[MyTask]> {
        let now = Date()
        // Only on cases the user may still open: a task outlives a transfer, its title must not.
        let scope = ScopeFilter.condition(AccessPolicy.scopes(for: actor.roles, .caseRead), actor, ScopeFilter.cases)
        let tasks = try await db.raw("""
            SELECT t.id, t.case_id, t.title, t.due_at, k.reference FROM tasks t JOIN cases k ON k.id = t.case_id
            WHERE t.assignee_id = \(bind: actor.userID) AND t.done_at IS NULL AND \(scope) ORDER BY t.due_at LIMIT \(literal: limit)
            """).all().map { row in
            let id = try row.decode(column: "id", as: UUID.self), due = try row.decode(column: "due_at", as: Date.self)
            return MyTask(id: id, caseID: try row.decode(column: "case_id", as: UUID.self),
                          caseReference: try row.decode(column: "reference", as: String.self),
                          title: try services.cipher.open(try row.decode(column: "title", as: String.self), context: CaseStore.context("tasks", id, "title")),
                          dueAt: due, overdue: due < now)
        }
        return Audited(tasks, tasks.map { .init(verb: .list, recordType: "task", recordID: $0.id.uuidString) })
    }
}
