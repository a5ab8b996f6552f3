import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor

@Suite struct CaseTests {
    /// A case opened by the counsellor and led by the case worker.
    func caseLedByCaseWorker(_ server: TestServer) async throws -> UUID {
        let contact = try await server.createContact()
        return try await server.openCase(from: contact, json: #"{"assigneeID":"\#(server.users[.caseWorker]!.uuidString)"}"#)
    }

    func detail(_ server: TestServer, _ id: UUID, as role: Role) async throws -> CaseDetail {
        try server.decode(CaseDetail.self, try await server.send(.GET, "/api/cases/\(id.uuidString)", as: role))
    }

    @Test func closureNeedsASupervisorsApproval() async throws {
        try await TestServer.run { server in
            // setup
            let id = try await caseLedByCaseWorker(server)
            let path = "/api/cases/\(id.uuidString)"
            // act
            for stage in ["assessment", "case_plan", "services", "closure"] {
                let moved = try await server.send(.POST, path + "/stage", as: .caseWorker, json: #"{"stage":"\#(stage)"}"#)
                #expect(moved.status == .noContent, "\(stage): \(moved.body.string)")
            }
            let byWorker = try await server.send(.POST, path + "/closure", as: .caseWorker, json: #"{"decision":"approve"}"#)
            let bySupervisor = try await server.send(.POST, path + "/closure", as: .supervisor, json: #"{"decision":"approve"}"#)
            // assert
            #expect(byWorker.status == .forbidden)
            #expect(bySupervisor.status == .noContent)
            let closed = try await detail(server, id, as: .supervisor)
            #expect(closed.summary.stage == "closed")
            #expect(closed.summary.closedAt != nil)
            #expect(closed.timeline.map(\.kind).contains("closure_approved"))
            // The timeline reads in the supervisor's language, never as event codes.
            #expect(try await server.send(.PATCH, "/api/me", as: .supervisor, json: #"{"locale":"zh-Hans"}"#).status == .noContent)
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-supervisor")
            let page = try await browser.request(.GET, "/cases/\(id.uuidString)").body.string
            let timeline = page.components(separatedBy: "aria-labelledby=\"timeline\"").last?.components(separatedBy: "</section>").first ?? ""
            let zh = Strings(locale: "zh-Hans")
            #expect(timeline.contains(zh["caseEvent.closure_approved"]) && timeline.contains(zh["stage.services"] + " → " + zh["stage.closure"]), "\(timeline)")
            #expect(!CaseStore.eventKinds.contains { timeline.contains(" · \($0)") }, "\(timeline)")
            let log = page.components(separatedBy: "aria-labelledby=\"log\"").last?.components(separatedBy: "</section>").first ?? ""
            #expect(log.contains("<td>\(zh["auditVerb.read"])</td><td>\(zh["recordType.case"])</td>") && !log.contains("<td>read</td>"), "\(log)")
        }
    }

    @Test func aSupervisorCannotApproveTheirOwnClosureRequest() async throws {
        try await TestServer.run { server in
            let id = try await caseLedByCaseWorker(server)
            _ = try await server.send(.POST, "/api/cases/\(id.uuidString)/stage", as: .supervisor, json: #"{"stage":"closure"}"#)
            let response = try await server.send(.POST, "/api/cases/\(id.uuidString)/closure", as: .supervisor, json: #"{"decision":"approve"}"#)
            #expect(response.status == .conflict)
        }
    }

    @Test func skippingStagesIsRefused() async throws {
        try await TestServer.run { server in
            let id = try await caseLedByCaseWorker(server)
            let response = try await server.send(.POST, "/api/cases/\(id.uuidString)/stage", as: .caseWorker, json: #"{"stage":"services"}"#)
            #expect(response.status == .conflict)
            #expect(response.problem?.detail?.contains("registration") == true)
        }
    }

    @Test func privilegedNotesStayWithTheirProfession() async throws {
        try await TestServer.run { server in
            // setup: the supervisor adds the lawyer and the psychologist to the case team
            let id = try await caseLedByCaseWorker(server)
            let path = "/api/cases/\(id.uuidString)"
            for role in [Role.lawyer, .psychologist] {
                let added = try await server.send(.POST, path + "/assign", as: .supervisor,
                                                  json: #"{"userID":"\#(server.users[role]!.uuidString)","role":"member"}"#)
                #expect(added.status == .noContent)
            }
            // act
            let legal = try await server.send(.POST, path + "/notes", as: .lawyer, json: #"{"compartment":"legal","body":"Synthetic privileged advice."}"#)
            let clinical = try await server.send(.POST, path + "/notes", as: .psychologist, json: #"{"compartment":"clinical","body":"Synthetic session note."}"#)
            let general = try await server.send(.POST, path + "/notes", as: .caseWorker, json: #"{"body":"Synthetic home visit."}"#)
            let workerTriesLegal = try await server.send(.POST, path + "/notes", as: .caseWorker, json: #"{"compartment":"legal","body":"x"}"#)
            // assert
            #expect([legal.status, clinical.status, general.status] == [.created, .created, .created])
            #expect(workerTriesLegal.status == .forbidden)
            #expect(try await detail(server, id, as: .caseWorker).notes.map(\.compartment) == ["general"])
            #expect(Set(try await detail(server, id, as: .lawyer).notes.map(\.compartment)) == ["general", "legal"])
            #expect(Set(try await detail(server, id, as: .psychologist).notes.map(\.compartment)) == ["general", "clinical"])
            #expect(try await detail(server, id, as: .supervisor).notes.map(\.compartment) == ["general"])
        }
    }

    @Test func aTransferMovesTheCaseToTheNewWorker() async throws {
        try await TestServer.run { server in
            // setup
            let (id, newWorker, newToken) = try await caseWithATaskAndASecondWorker(server, task: "Synthetic: visit", due: "2099-01-01T09:00:00Z")
            // act
            let response = try await server.send(.POST, "/api/cases/\(id.uuidString)/assign", as: .supervisor,
                                                 json: #"{"userID":"\#(newWorker.uuidString)","role":"lead"}"#)
            // assert
            #expect(response.status == .noContent)
            #expect(try await server.send(.GET, "/api/cases/\(id.uuidString)", token: newToken).status == .ok)
            #expect(try await server.send(.GET, "/api/cases/\(id.uuidString)", as: .caseWorker).status == .notFound)
            let oldWorkersTasks = try server.decode([MyTask].self, try await server.send(.GET, "/api/me/tasks", as: .caseWorker))
            #expect(oldWorkersTasks.isEmpty, "a task's title must not outlive access to its case")
            let newWorkersTasks = try server.decode([MyTask].self, try await server.send(.GET, "/api/me/tasks", token: newToken))
            #expect(newWorkersTasks.map(\.title) == ["Synthetic: visit"], "the previous lead's open task goes to the new lead")
            #expect(try await orphanedTasks(server) == 0)
        }
    }

    @Test func aHandoverKeepsThePreviousLeadOnTheTeamWithTheirTasksOnlyWhenAsked() async throws {
        try await TestServer.run { server in
            // setup
            let (id, newWorker, newToken) = try await caseWithATaskAndASecondWorker(server, task: "Synthetic: overdue call", due: "2020-01-01T09:00:00Z")
            let assign = "/api/cases/\(id.uuidString)/assign"

            // act: tasks left with a lead who leaves the team would be seen by nobody
            let orphaning = try await server.send(.POST, assign, as: .supervisor,
                                                  json: #"{"userID":"\#(newWorker.uuidString)","role":"lead","openTasks":"keep"}"#)
            // assert: refused, saying why, and nothing changed
            #expect(orphaning.status == .unprocessableEntity && orphaning.body.string.contains("stay on the case team"), "\(orphaning.body.string)")
            #expect(try await server.send(.GET, "/api/cases/\(id.uuidString)", token: newToken).status == .notFound)

            // act: the previous lead stays as a member and keeps the task
            let kept = try await server.send(.POST, assign, as: .supervisor,
                                             json: #"{"userID":"\#(newWorker.uuidString)","role":"lead","openTasks":"keep","previousLeadStays":true}"#)
            // assert
            #expect(kept.status == .noContent)
            let members = try await detail(server, id, as: .supervisor).members
            #expect(members.first { $0.userID == newWorker }?.role == "lead")
            #expect(members.first { $0.userID == server.users[.caseWorker] }?.role == "member")
            let stillMine = try server.decode([MyTask].self, try await server.send(.GET, "/api/me/tasks", as: .caseWorker))
            #expect(stillMine.map(\.title) == ["Synthetic: overdue call"] && stillMine.first?.overdue == true)
            #expect(try await orphanedTasks(server) == 0)
            #expect(try await server.send(.POST, assign, as: .supervisor, json: #"{"userID":"\#(newWorker.uuidString)","openTasks":"later"}"#).status
                    == .unprocessableEntity)
            // Adding a plain member hands nothing over, whatever the form's handover choice says.
            let (colleague, _) = try await TestServer.addUser(server.app, username: "third-worker", roles: [.caseWorker], organisationID: server.organisationID)
            #expect(try await server.send(.POST, assign, as: .supervisor,
                                          json: #"{"userID":"\#(colleague.uuidString)","role":"member","openTasks":"keep"}"#).status == .noContent)
            #expect(try await orphanedTasks(server) == 0)
        }
    }

    /// A case led by the case worker, with one open task of theirs, and a second case worker to hand it to.
    private func caseWithATaskAndASecondWorker(_ server: TestServer, task: String, due: String) async throws -> (UUID, UUID, String) {
        let id = try await caseLedByCaseWorker(server)
        let (worker, token) = try await TestServer.addUser(server.app, username: "second-worker", roles: [.caseWorker], organisationID: server.organisationID)
        _ = try await server.send(.POST, "/api/cases/\(id.uuidString)/tasks", as: .caseWorker, json: #"{"title":"\#(task)","dueAt":"\#(due)"}"#)
        return (id, worker, token)
    }

    /// Open tasks whose assignee is not on the case's team: nobody's dashboard would show them.
    private func orphanedTasks(_ server: TestServer) async throws -> Int {
        try await server.app.db.sql.raw("""
            SELECT COUNT(*) AS n FROM tasks t WHERE t.done_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = t.case_id AND m.user_id = t.assignee_id)
            """).first()!.decode(column: "n", as: Int.self)
    }

    @Test func overdueTasksAreFlagged() async throws {
        try await TestServer.run { server in
            let id = try await caseLedByCaseWorker(server)
            let path = "/api/cases/\(id.uuidString)/tasks"
            _ = try await server.send(.POST, path, as: .caseWorker, json: #"{"title":"Synthetic: call school","dueAt":"2020-01-01T09:00:00Z"}"#)
            _ = try await server.send(.POST, path, as: .caseWorker, json: #"{"title":"Synthetic: home visit","dueAt":"2099-01-01T09:00:00Z"}"#)
            let tasks = try await detail(server, id, as: .caseWorker).tasks
            #expect(tasks.map(\.overdue) == [true, false])
            let mine = try server.decode([MyTask].self, try await server.send(.GET, "/api/me/tasks", as: .caseWorker))
            #expect(mine.map(\.title) == ["Synthetic: call school", "Synthetic: home visit"])
            #expect(mine.first?.overdue == true)
            let outsider = try await server.send(.POST, path, as: .caseWorker,
                                                 json: #"{"title":"x","dueAt":"2099-01-01T09:00:00Z","assigneeID":"\#(server.users[.lawyer]!.uuidString)"}"#)
            #expect(outsider.status == .unprocessableEntity)
        }
    }

    @Test func aCounsellorOutsideTheCaseTeamCannotSeeIt() async throws {
        try await TestServer.run { server in
            let id = try await caseLedByCaseWorker(server)
            let (_, token) = try await TestServer.addUser(server.app, username: "other-counsellor", roles: [.counsellor], organisationID: server.organisationID)
            #expect(try await server.send(.GET, "/api/cases/\(id.uuidString)", token: token).status == .notFound)
            #expect(try server.decode(CasePage.self, try await server.send(.GET, "/api/cases", token: token)).items.isEmpty)
        }
    }

    @Test func theSupervisorSeesWhoOpenedTheCase() async throws {
        try await TestServer.run { server in
            // setup
            let id = try await caseLedByCaseWorker(server)
            _ = try await detail(server, id, as: .caseWorker)
            // act
            let response = try await server.send(.GET, "/api/cases/\(id.uuidString)/access-log", as: .supervisor)
            let denied = try await server.send(.GET, "/api/cases/\(id.uuidString)/access-log", as: .caseWorker)
            // assert
            let lines = try server.decode([AuditLog.AccessLogLine].self, response)
            #expect(lines.contains { $0.action == "read" && $0.actorID == server.users[.caseWorker]!.uuidString })
            #expect(lines.contains { $0.action == "create" && $0.recordType == "case" })
            #expect(denied.status == .forbidden)
        }
    }
}

@Suite struct ChildRegistrationTests {
    @Test func possibleDuplicatesAreShownBeforeANewChildIsCreated() async throws {
        try await TestServer.run { server in
            // setup
            let first = try await server.send(.POST, "/api/children", as: .caseWorker,
                                              json: #"{"name":"Synthetic Wang Fang","birthDate":"2013-05-02","sex":"female"}"#)
            #expect(first.status == .created)
            // act: same child, names swapped
            let second = try await server.send(.POST, "/api/children", as: .caseWorker,
                                               json: #"{"name":"Fang Wang Synthetic","birthDate":"2013-05-02","sex":"female"}"#)
            let confirmed = try await server.send(.POST, "/api/children", as: .caseWorker,
                                                  json: #"{"name":"Fang Wang Synthetic","birthDate":"2013-05-02","sex":"female","confirmNewChild":true}"#)
            // assert
            #expect(second.status == .conflict)
            #expect(second.problem?.matches?.first?.reason == "same_name_and_birth_date")
            #expect(second.problem?.matches?.first?.name == "Synthetic Wang Fang")
            #expect(confirmed.status == .created)
            let firstID = try server.decode(IDOnly.self, first).id
            let shown = try await server.app.db.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_entries WHERE record_id = \(bind: firstID.uuidString) AND reason = 'duplicate check'
                """).first()!.decode(column: "n", as: Int.self)
            #expect(shown == 1, "showing a possible match is an audited read, even though the write was refused")
        }
    }

    @Test func aResidentIDWithAWrongCheckDigitIsRefused() async throws {
        try await TestServer.run { server in
            let response = try await server.send(.POST, "/api/children", as: .caseWorker,
                                                 json: #"{"name":"Synthetic Child","documentType":"resident_id","documentNumber":"110105194912310021"}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(response.problem?.errors?.first?.field == "documentNumber")
        }
    }

    @Test func aResidentIDMustAgreeWithTheGivenSex() async throws {
        try await TestServer.run { server in
            let response = try await server.send(.POST, "/api/children", as: .caseWorker,
                                                 json: #"{"name":"Synthetic Child","sex":"male","documentType":"resident_id","documentNumber":"11010519491231002X"}"#)
            #expect(response.problem?.errors?.map(\.field) == ["sex"])
        }
    }
}
