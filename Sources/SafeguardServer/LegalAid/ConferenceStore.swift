import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Multi-disciplinary case conferences: who met, what they decided, and the action items that
/// become the case's tasks; the minutes go into the case timeline.
enum ConferenceStore {
    struct ActionItem: Content { var title: String?; var dueAt: String?; var assigneeID: UUID? }
    struct Input: Content {
        var at: String?
        var place: String?
        var participantIDs: [UUID]?
        var decisions: String?
        var actionItems: [ActionItem]?
    }

    struct Held: Content { var id: UUID; var taskIDs: [UUID] }

    static func hold(_ caseID: UUID, _ input: Input, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Held {
        try await CaseStore.require(caseID, .caseUpdate, actor: actor, on: db)
        var v = FieldValidator()
        let at = input.at.flatMap { DateTime.parse($0) }
        if at == nil { v.add("at", "give the date and time of the meeting") }
        let decisions = input.decisions?.trimmedWhitespace ?? ""
        v.check((3...20_000).contains(decisions.count), "decisions", "record what was decided (3 to 20000 characters)")
        let participants = Set(input.participantIDs ?? []).union([actor.userID])
        var items: [TaskInput] = []
        for (index, item) in (input.actionItems ?? []).enumerated() {
            let title = item.title?.trimmedWhitespace ?? ""
            v.check((1...500).contains(title.count), "actionItems[\(index)].title", "1 to 500 characters")
            let due = item.dueAt.flatMap { DateTime.parse($0) }
            if due == nil { v.add("actionItems[\(index)].dueAt", "give a due date-time") }
            if let due { items.append(TaskInput(title: title, dueAt: due, assigneeID: item.assigneeID)) }
        }
        try v.finish()
        let known = try await db.raw("SELECT id FROM users WHERE id IN (\(binds: Array(participants)))").all().count
        guard known == participants.count else { throw AppError.invalid("participantIDs", "names a user who does not exist") }
        let id = UUID.timeOrdered()
        try await db.insert(into: "case_conferences").columns("id", "case_id", "at", "place", "decisions", "created_by", "created_at")
            .values(SQLBind(id), SQLBind(caseID), SQLBind(at!), SQLBind(input.place),
                    SQLBind(try services.cipher.seal(decisions, context: "case_conferences/\(id.uuidString)/decisions")), SQLBind(actor.userID), SQLBind(Date()))
            .run()
        let attendance = db.insert(into: "conference_participants").columns("conference_id", "user_id")
        for user in participants { attendance.values(SQLBind(id), SQLBind(user)) }
        try await attendance.run()
        var tasks: [UUID] = []
        for item in items { tasks.append(try await CaseStore.addTask(caseID, item, actor: actor, services: services, on: db)) }
        try await CaseStore.addEvent(caseID, kind: "case_conference", detail: id.uuidString, actor: actor, on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "case_conference", recordID: id.uuidString)], by: actor, on: db)
        return Held(id: id, taskIDs: tasks)
    }
}
