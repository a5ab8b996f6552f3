import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A coordinator runs a programme from set-up to certificates; the waiting list, the register and
/// the public check behave as the people at the door rely on.
@Suite struct TrainingTests {
    struct World {
        var programme: UUID, cohort: UUID, sessions: [UUID]
    }

    /// A programme, a cohort of `capacity` places from 2026-12-14 to 2026-12-16, and three sessions of three hours.
    func world(_ server: TestServer, capacity: Int = 2) async throws -> World {
        let programme = try await created(server, "/api/training/programmes", #"""
            {"title":"Synthetic child-rights course","description":"Synthetic","targetGroups":["social_worker","teacher_k12"],"delivery":"face_to_face",
             "hours":9,"language":"zh","requiredPercent":60}
            """#)
        let cohort = try await created(server, "/api/training/programmes/\(programme)/cohorts",
                                       #"{"name":"Batch 21","startsOn":"2026-12-14","endsOn":"2026-12-16","capacity":\#(capacity)}"#)
        var sessions: [UUID] = []
        for day in 14...16 {
            sessions.append(try await created(server, "/api/training/cohorts/\(cohort)/sessions", """
                {"title":"Day \(day)","startsAt":"2026-12-\(day)T09:00:00Z","endsAt":"2026-12-\(day)T12:00:00Z","place":"Classroom 1","trainerID":"\(server.users[.trainer]!)"}
                """))
        }
        return World(programme: programme, cohort: cohort, sessions: sessions)
    }

    func created(_ server: TestServer, _ path: String, _ json: String, as role: Role = .trainingCoordinator) async throws -> UUID {
        let response = try await server.send(.POST, path, as: role, json: json)
        #expect(response.status == .created, "\(path): \(response.body.string)")
        return try server.decode(IDOnly.self, response).id
    }

    func participant(_ server: TestServer, _ name: String, contact: String? = nil) async throws -> UUID {
        try await created(server, "/api/training/participants", """
            {"name":"\(name)","institution":"Synthetic School \(name.count)","position":"Teacher","sex":"female","targetGroup":"teacher_k12",
             "contact":\(contact.map { "\"\($0)\"" } ?? "null"),"consent":true}
            """)
    }

    func enrol(_ server: TestServer, _ world: World, _ participant: UUID) async throws -> TrainingViews.EnrolmentResult {
        let response = try await server.send(.POST, "/api/training/cohorts/\(world.cohort)/enrolments", as: .trainingCoordinator,
                                             json: #"{"participantID":"\#(participant)"}"#)
        #expect(response.status == .created, "\(response.body.string)")
        return try server.decode(TrainingViews.EnrolmentResult.self, response)
    }

    func cohort(_ server: TestServer, _ world: World, as role: Role = .trainingCoordinator) async throws -> TrainingViews.Cohort {
        let response = try await server.send(.GET, "/api/training/cohorts/\(world.cohort)", as: role)
        #expect(response.status == .ok, "\(response.body.string)")
        return try server.decode(TrainingViews.Cohort.self, response)
    }

    @Test func aCohortFillsItsPlacesMovesTheWaitingListUpAndCertifiesOnlyCompleters() async throws {
        try await TestServer.run { server in
            // setup: two places, three people
            let world = try await world(server)
            let (ana, bo, chen) = (try await participant(server, "Synthetic Ana"), try await participant(server, "Synthetic Bo"),
                                   try await participant(server, "Synthetic Chen"))
            // act: the third goes to the waiting list
            let statuses = [try await enrol(server, world, ana).status, try await enrol(server, world, bo).status, try await enrol(server, world, chen).status]
            // assert
            #expect(statuses == ["enrolled", "enrolled", "waitlisted"])
            #expect(try await server.send(.POST, "/api/training/cohorts/\(world.cohort)/enrolments", as: .trainingCoordinator,
                                          json: #"{"participantID":"\#(bo)"}"#).status == .conflict)
            // act: Bo cancels, Chen moves up
            let boEnrolment = try await cohort(server, world).enrolments.first { $0.participantID == bo }!.id
            let cancelled = try await server.send(.POST, "/api/training/enrolments/\(boEnrolment)/cancel", as: .trainingCoordinator)
            #expect(try server.decode(TrainingViews.Cancelled.self, cancelled).promotedParticipantID == chen)
            #expect(try await server.send(.POST, "/api/training/enrolments/\(boEnrolment)/cancel", as: .trainingCoordinator).status == .conflict)

            // act: the trainer keeps the register: Ana at all three, Chen late at one only
            let register = try await server.send(.GET, "/api/training/sessions/\(world.sessions[0])/register", as: .trainer)
            #expect(Set(try server.decode(TrainingViews.Register.self, register).lines.map(\.name)) == ["Synthetic Ana", "Synthetic Chen"])
            for (index, session) in world.sessions.enumerated() {
                let chenMark = index == 0 ? "late" : "absent"
                let marked = try await server.send(.PUT, "/api/training/sessions/\(session)/attendance", as: .trainer, json: """
                    {"marks":[{"participantID":"\(ana)","mark":"present"},{"participantID":"\(chen)","mark":"\(chenMark)"}]}
                    """)
                #expect(marked.status == .noContent, "\(marked.body.string)")
            }
            // a mark changed later replaces the first
            #expect(try await server.send(.PUT, "/api/training/sessions/\(world.sessions[2])/attendance", as: .trainer,
                                          json: #"{"marks":[{"participantID":"\#(ana)","mark":"excused"}]}"#).status == .noContent)
            #expect(try await server.send(.PUT, "/api/training/sessions/\(world.sessions[2])/attendance", as: .trainer,
                                          json: #"{"marks":[{"participantID":"\#(ana)","mark":"present"}]}"#).status == .noContent)
            // assert: 60 % of 540 minutes is needed; Ana has 540, Chen 180
            let detail = try await cohort(server, world)
            let ana1 = detail.enrolments.first { $0.participantID == ana }!, chen1 = detail.enrolments.first { $0.participantID == chen }!
            #expect(detail.scheduledMinutes == 540 && ana1.attendedMinutes == 540 && ana1.completed && chen1.attendedMinutes == 180 && !chen1.completed)

            // act: a certificate for someone who did not complete is refused by name, and nothing is issued
            let refused = try await server.send(.POST, "/api/training/cohorts/\(world.cohort)/certificates", as: .trainingCoordinator,
                                                json: #"{"participantIDs":["\#(ana)","\#(chen)"]}"#)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("participantIDs[1]") && refused.body.string.contains("33 %"),
                    "\(refused.body.string)")
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM training_certificates").first()!.decode(column: "n", as: Int.self) == 0)
            let twice = try await server.send(.POST, "/api/training/cohorts/\(world.cohort)/certificates", as: .trainingCoordinator,
                                              json: #"{"participantIDs":["\#(ana)","\#(ana)"]}"#)
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("named twice"))
            // act: every completer
            let issuedResponse = try await server.send(.POST, "/api/training/cohorts/\(world.cohort)/certificates", as: .trainingCoordinator)
            let issued = try server.decode([TrainingViews.Issued].self, issuedResponse)
            #expect(issuedResponse.status == .created && issued.map(\.participantID) == [ana])
            // assert: the public check, without signing in, typed as people type
            let code = issued[0].code
            let genuine = try await server.send(.GET, "/api/verify/\(code.lowercased().replacingOccurrences(of: "-", with: ""))")
            let verification = try server.decode(TrainingViews.Verification.self, genuine)
            #expect(verification.name == "Synthetic Ana" && verification.programmeTitle == "Synthetic child-rights course" && !verification.revoked)
            #expect(!genuine.body.string.contains("Synthetic School"), "no more than the name, course and date")
            #expect(try await server.send(.GET, "/api/verify/0000-0000-0001-1").status == .notFound)
            let slip = try await server.send(.GET, "/api/verify/\(code.dropLast())\(code.hasSuffix("X") ? "Y" : "X")")
            #expect(slip.status == .unprocessableEntity && slip.body.string.contains("\"code\""))
            // act: revoked, the page says so
            #expect(try await server.send(.POST, "/api/training/certificates/\(issued[0].certificateID)/revoke", as: .trainingCoordinator,
                                          json: #"{"reason":"Synthetic: issued in error"}"#).status == .noContent)
            #expect(try server.decode(TrainingViews.Verification.self, try await server.send(.GET, "/api/verify/\(code)")).revoked)
            let page = try await server.send(.GET, "/verify/\(code)")
            #expect(page.status == .ok && page.body.string.contains("revoked"))
            // the names read on the cohort and register are in the access log
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'training_participant' AND action = 'read' AND record_id = \(bind: ana.uuidString)")
                .first()!.decode(column: "n", as: Int.self) > 0)
        }
    }

    @Test func graduatesOfAChangeAgentProgrammeFormTheNetworkAndCarryOutAProject() async throws {
        try await TestServer.run { server in
            // setup: a programme for Change Agents, three places, two regions
            let region = try server.decode(IDOnly.self, try await server.send(.POST, "/api/regions", as: .administrator,
                                                                             json: #"{"code":"SYN-AG","name":"Synthetic Province"}"#)).id
            let programme = try await created(server, "/api/training/programmes", #"""
                {"title":"Synthetic CRC programme","targetGroups":["university_teacher"],"delivery":"blended","hours":3,"language":"en","changeAgents":true}
                """#)
            let batch = try await created(server, "/api/training/programmes/\(programme)/cohorts",
                                          #"{"name":"Batch 7","startsOn":"2026-12-14","endsOn":"2026-12-14","capacity":3}"#)
            let session = try await created(server, "/api/training/cohorts/\(batch)/sessions", """
                {"title":"Day 1","startsAt":"2026-12-14T09:00:00Z","endsAt":"2026-12-14T12:00:00Z","place":"Classroom 1","trainerID":"\(server.users[.trainer]!)"}
                """)
            var people: [UUID] = []
            for (name, institution, inRegion) in [("Synthetic Dolgor", "Synthetic University", true), ("Synthetic Erdene", "synthetic university", true),
                                                  ("Synthetic Faye", "Synthetic College", false)] {
                people.append(try await created(server, "/api/training/participants", """
                    {"name":"\(name)","institution":"\(institution)","sex":"female","targetGroup":"university_teacher","consent":true\(inRegion ? ",\"regionID\":\"\(region)\"" : "")}
                    """))
                _ = try await enrol(server, World(programme: programme, cohort: batch, sessions: [session]), people.last!)
            }
            // two attend, and are certified: they become agents; the third did not complete
            let marks = people.prefix(2).map { #"{"participantID":"\#($0)","mark":"present"}"# }.joined(separator: ",")
            #expect(try await server.send(.PUT, "/api/training/sessions/\(session)/attendance", as: .trainer, json: #"{"marks":[\#(marks)]}"#).status == .noContent)
            let issued = try server.decode([TrainingViews.Issued].self, try await server.send(.POST, "/api/training/cohorts/\(batch)/certificates", as: .trainingCoordinator))
            #expect(issued.count == 2)

            // act: the network
            let network = try server.decode(TrainingViews.Network.self, try await server.send(.GET, "/api/training/agents", as: .supervisor))
            // assert: two agents in one batch; one institution however it was typed; the region of both
            #expect(network.agents == 2 && network.batches == 1 && network.batchList.first?.agents.count == 2)
            #expect(network.byInstitution == [.init(name: "Synthetic University", agents: 2)])
            #expect(network.byRegion == [.init(name: "Synthetic Province", agents: 2)])

            // act: a project by the two agents, named by their certificates; a milestone, a report, a new status
            let codes = issued.map { "\"\($0.code.lowercased())\"" }.joined(separator: ",")
            let project = try await created(server, "/api/training/projects", """
                {"title":"Synthetic CRC course","goal":"A child-rights course in the teacher-education curriculum","institutions":"Synthetic University",
                 "agentCertificates":[\(codes)]}
                """)
            let milestone = try await created(server, "/api/training/projects/\(project)/milestones", #"{"title":"Syllabus approved","dueOn":"2027-03-01"}"#)
            let report = try await created(server, "/api/training/projects/\(project)/reports", #"{"reportedOn":"2026-12-01","progress":"Synthetic: the faculty board read the draft syllabus."}"#)
            // evidence: the draft syllabus, kept sealed; a program is refused by its bytes
            func attach(_ name: String, _ bytes: Data, to reportID: UUID = report) async throws -> TestingHTTPResponse {
                var (headers, body) = multipart([], file: (name, bytes))
                headers.bearerAuthorization = .init(token: server.tokens[.trainingCoordinator]!)
                let path = "/api/training/projects/\(project)/reports/\(reportID)/evidence"
                return try await server.app.testing().sendRequest(.POST, path, headers: headers, body: body) { $0.url = URI(string: path) }
            }
            let syllabus = Data("%PDF-1.4\nSynthetic draft syllabus\n%%EOF\n".utf8)
            let attached = try await attach("syllabus draft.pdf", syllabus)
            #expect(attached.status == .created, "\(attached.body.string)")
            let evidenceID = try server.decode(TrainingViews.Project.Evidence.self, attached).id
            #expect(try await attach("run.pdf", Data([0x7F, 0x45, 0x4C, 0x46])).body.string.contains("only PDF, PNG, JPEG"))
            #expect(try await attach("x.pdf", syllabus, to: UUID()).status == .notFound)
            let sealed = try await server.app.db.sql.raw("SELECT content FROM change_project_evidence").first()!.decode(column: "content", as: Data.self)
            #expect(sealed.range(of: Data("Synthetic draft syllabus".utf8)) == nil)
            let downloaded = try await server.send(.GET, "/api/training/projects/\(project)/evidence/\(evidenceID)", as: .supervisor)
            #expect(Data(buffer: downloaded.body) == syllabus && downloaded.headers.first(name: .contentDisposition) == "attachment; filename*=UTF-8''syllabus%20draft.pdf")
            #expect(try await server.send(.POST, "/api/training/projects/\(project)/milestones/\(milestone)/done", as: .trainingCoordinator,
                                          json: #"{"doneOn":"2026-12-02"}"#).status == .noContent)
            #expect(try await server.send(.POST, "/api/training/projects/\(project)/milestones/\(milestone)/done", as: .trainingCoordinator).status == .conflict)
            #expect(try await server.send(.POST, "/api/training/projects/\(project)/status", as: .trainingCoordinator, json: #"{"status":"active"}"#).status == .noContent)
            // assert
            let detail = try server.decode(TrainingViews.Project.self, try await server.send(.GET, "/api/training/projects/\(project)", as: .supervisor))
            #expect(detail.status == "active" && Set(detail.agents.map(\.name)) == ["Synthetic Dolgor", "Synthetic Erdene"])
            #expect(detail.milestones.map(\.doneOn) == ["2026-12-02"] && detail.reports.count == 1 && detail.batch == "Synthetic CRC programme · Batch 7")
            #expect(detail.reports[0].evidence.map(\.filename) == ["syllabus draft.pdf"])
            let again = try server.decode(TrainingViews.Network.self, try await server.send(.GET, "/api/training/agents", as: .trainingCoordinator))
            #expect(again.batchList[0].agents.allSatisfy { $0.projects.map(\.title) == ["Synthetic CRC course"] })

            // bad input: someone who is no agent, a code with a slip, a report dated in the future, an unknown status; nothing written
            let faye = try await server.send(.POST, "/api/training/projects", as: .trainingCoordinator, json: #"{"title":"X","goal":"Y","agentCertificates":["0000-0000-0001-1"]}"#)
            #expect(faye.status == .unprocessableEntity && faye.body.string.contains("agentCertificates[0]"), "\(faye.body.string)")
            let slip = try await server.send(.POST, "/api/training/projects", as: .trainingCoordinator, json: #"{"title":"X","goal":"Y","agentCertificates":["ABC"]}"#)
            #expect(slip.status == .unprocessableEntity && slip.body.string.contains("not a certificate code"))
            let future = try await server.send(.POST, "/api/training/projects/\(project)/reports", as: .trainingCoordinator,
                                               json: #"{"reportedOn":"2099-01-01","progress":"Synthetic progress report"}"#)
            #expect(future.status == .unprocessableEntity && future.body.string.contains("in the future"))
            #expect(try await server.send(.POST, "/api/training/projects/\(project)/status", as: .trainingCoordinator, json: #"{"status":"abandoned"}"#).status == .unprocessableEntity)
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM change_projects").first()!.decode(column: "n", as: Int.self) == 1)
            // a trainer may not start a project; another organisation's coordinator does not see it
            #expect(try await server.send(.POST, "/api/training/projects", as: .trainer, json: "{}").status == .forbidden)

            // the pages: the network, the project with its forms, a refused milestone keeping what was typed
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-training_coordinator")
            let page = try await browser.request(.GET, "/training/agents")
            #expect(page.status == .ok && page.body.string.contains("Change Agents: 2 · batches: 1") && page.body.string.contains(issued[0].code))
            let projectPage = try await browser.request(.GET, "/training/projects/\(project)")
            #expect(projectPage.body.string.contains("Syllabus approved") && projectPage.body.string.contains("Synthetic Dolgor"))
            let refused = try await browser.request(.POST, "/training/projects/\(project)/milestones",
                                                    form: [("_csrf", Browser.csrf(in: projectPage) ?? ""), ("title", "Synthetic second step"), ("dueOn", "soon")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("value=\"Synthetic second step\"") && refused.body.string.contains("<a href=\"#m-due\">"))
            // a report with its evidence from the page; a bad file keeps neither
            let csrf = Browser.csrf(in: projectPage) ?? ""
            func post(_ fields: [(String, String)], _ file: (name: String, bytes: Data)?) async throws -> TestingHTTPResponse {
                var (headers, body) = multipart([("_csrf", csrf)] + fields, part: file.map { ("evidence", $0.name, $0.bytes) })
                headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
                let path = "/training/projects/\(project)/reports"
                return try await server.app.testing().sendRequest(.POST, path, headers: headers, body: body) { $0.url = URI(string: path) }
            }
            let day = [("reportedOn", "2026-12-02"), ("progress", "Synthetic: the board approved the syllabus.")]
            let badFile = try await post(day, ("minutes.pdf", Data("MZ".utf8)))
            #expect(badFile.status == .unprocessableEntity && badFile.body.string.contains("href=\"#r-evidence\""))
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM change_project_reports").first()!.decode(column: "n", as: Int.self) == 1)
            #expect(try await post(day, ("minutes.pdf", Data("%PDF-1.4 synthetic minutes".utf8))).status == .seeOther)
            #expect(try await post(day, ("", Data())).status == .seeOther, "no file chosen: the report alone")
            let withEvidence = try await browser.request(.GET, "/training/projects/\(project)")
            #expect(withEvidence.body.string.contains(">minutes.pdf</a>") && withEvidence.body.string.contains(">syllabus draft.pdf</a>"))
            let dead = try await browser.deadLinks(on: withEvidence) + (try await browser.deadLinks(on: page))
            #expect(dead.isEmpty, "\(dead)")
        }
    }

    @Test func theCalendarFeedCarriesTheSessionsAPersonGivesOrHasAPlaceIn() async throws {
        try await TestServer.run { server in
            // setup: one place; a colleague enrolled, another on the waiting list
            let world = try await world(server, capacity: 1)
            func colleague(_ role: Role, _ name: String) async throws -> UUID {
                try await created(server, "/api/training/participants", """
                    {"name":"\(name)","institution":"Synthetic NGO","sex":"female","targetGroup":"social_worker","consent":true,"userID":"\(server.users[role]!)"}
                    """)
            }
            #expect(try await enrol(server, world, try await colleague(.counsellor, "Synthetic Counsellor")).status == "enrolled")
            #expect(try await enrol(server, world, try await colleague(.caseWorker, "Synthetic Case Worker")).status == "waitlisted")
            func feed(_ role: Role) async throws -> String {
                let address = try server.decode(CalendarFeed.Address.self, try await server.send(.POST, "/api/me/calendar-feed", as: role))
                return try await server.send(.GET, String(address.url.dropFirst("http://localhost:8080".count))).body.string
            }
            // act
            let trainer = try await feed(.trainer), enrolled = try await feed(.counsellor), waiting = try await feed(.caseWorker)
            // assert
            #expect(trainer.components(separatedBy: "SUMMARY:Training: Synthetic child-rights course · Day").count == 4 && trainer.contains("You give this session"))
            #expect(enrolled.components(separatedBy: "LOCATION:Classroom 1").count == 4 && enrolled.contains("You are enrolled") && enrolled.contains("DTEND:"))
            #expect(!waiting.contains("Synthetic child-rights course"))

            // each colleague was told what became of their enrolment, and the one waiting is told when a place frees
            func notices(_ role: Role) async throws -> [String] {
                try server.decode([Notifications.Notice].self, try await server.send(.GET, "/api/me/notifications", as: role)).map(\.kind)
            }
            let (placed, waitlisted) = (try await notices(.counsellor), try await notices(.caseWorker))
            #expect(placed == ["training.enrolled"] && waitlisted == ["training.waitlisted"])
            let place = try await cohort(server, world).enrolments.first { $0.status == "enrolled" }!.id
            #expect(try await server.send(.POST, "/api/training/enrolments/\(place)/cancel", as: .trainingCoordinator).status == .ok)
            #expect(try await notices(.caseWorker).first == "training.moved_up")
        }
    }

    @Test func badInputIsRefusedByNameAndNothingIsWritten() async throws {
        try await TestServer.run { server in
            // setup
            let world = try await world(server)
            let refusals: [(String, String, String)] = [
                ("/api/training/programmes", #"{"title":"","targetGroups":["astronauts"],"delivery":"","hours":0,"language":"zh"}"#, "targetGroups[0]"),
                ("/api/training/programmes", #"{"title":"T","targetGroups":["police"],"delivery":"online","hours":99999999999,"language":"zh"}"#, "hours"),
                ("/api/training/programmes/\(world.programme)/cohorts", #"{"name":"B","startsOn":"2026-12-20","endsOn":"2026-12-01","capacity":5}"#, "endsOn"),
                ("/api/training/cohorts/\(world.cohort)/sessions", #"{"title":"S","startsAt":"2026-12-14T12:00:00Z","endsAt":"2026-12-14T09:00:00Z","place":"Room"}"#, "endsAt"),
                ("/api/training/cohorts/\(world.cohort)/sessions", #"{"title":"S","startsAt":"2027-01-05T09:00:00Z","endsAt":"2027-01-05T10:00:00Z","place":"Room"}"#, "startsAt"),
                ("/api/training/participants", #"{"name":"Synthetic D","institution":"School","sex":"female","targetGroup":"teacher_k12","consent":false}"#, "consent"),
            ]
            for (path, json, field) in refusals {
                // act
                let response = try await server.send(.POST, path, as: .trainingCoordinator, json: json)
                // assert
                #expect(response.status == .unprocessableEntity && response.body.string.contains("\"\(field)\""), "\(path): \(response.body.string)")
            }
            // a participant not enrolled cannot be marked, and no mark of the batch is kept
            let enrolled = try await participant(server, "Synthetic Ana")
            _ = try await enrol(server, world, enrolled)
            let stranger = try await participant(server, "Synthetic Stranger")
            let marked = try await server.send(.PUT, "/api/training/sessions/\(world.sessions[0])/attendance", as: .trainer, json: """
                {"marks":[{"participantID":"\(enrolled)","mark":"present"},{"participantID":"\(stranger)","mark":"present"},{"participantID":"\(enrolled)","mark":"maybe"}]}
                """)
            #expect(marked.status == .unprocessableEntity && marked.body.string.contains("marks[1].participantID") && marked.body.string.contains("marks[2].mark"),
                    "\(marked.body.string)")
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM training_attendance").first()!.decode(column: "n", as: Int.self) == 0)
            // the same person added twice is recognised by name and contact, unless confirmed as another person
            _ = try await participant(server, "Synthetic Twin", contact: "+86 138 0000 0001")
            let twice = try await server.send(.POST, "/api/training/participants", as: .trainingCoordinator, json: """
                {"name":"synthetic  twin","institution":"Elsewhere","sex":"male","targetGroup":"police","contact":"8613800000001","consent":true}
                """)
            #expect(twice.status == .conflict && !twice.body.string.contains("Twin"), "\(twice.body.string)")
            #expect(try await server.send(.POST, "/api/training/participants", as: .trainingCoordinator, json: """
                {"name":"Synthetic Twin","institution":"Elsewhere","sex":"male","targetGroup":"police","contact":"8613800000001","consent":true,"confirmNew":true}
                """).status == .created)
            // the trainer keeps registers but does not run programmes; others see nothing
            #expect(try await server.send(.POST, "/api/training/programmes", as: .trainer, json: "{}").status == .forbidden)
            #expect(try await server.send(.GET, "/api/training/cohorts/\(world.cohort)", as: .counsellor).status == .forbidden)
            let other = try await server.otherOrganisation()
            try await TestServer.addUser(server.app, username: "other-coordinator", roles: [.trainingCoordinator], organisationID: other.id)
            let otherToken = try await server.app.write { db in
                let id = try await db.raw("SELECT id FROM users WHERE username = 'other-coordinator'").first()!.decode(column: "id", as: UUID.self)
                return try await SessionStore.create(userID: id, kind: .api, lifetime: 3600, on: db)
            }
            #expect(try await server.send(.GET, "/api/training/cohorts/\(world.cohort)", token: otherToken).status == .notFound)
            #expect(try await server.send(.GET, "/api/verify/").status == .notFound)
        }
    }

    @Test func parallelEnrolmentsNeverTakeMorePlacesThanTheCohortHas() async throws {
        try await TestServer.run { server in
            // setup: 3 places, 12 people
            let world = try await world(server, capacity: 3)
            var people: [UUID] = []
            for index in 0..<12 { people.append(try await participant(server, "Synthetic Person \(index)")) }
            // act: all at once
            let statuses = try await withThrowingTaskGroup(of: String.self) { group in
                for person in people { group.addTask { try await enrol(server, world, person).status } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            // assert
            #expect(statuses.filter { $0 == "enrolled" }.count == 3 && statuses.filter { $0 == "waitlisted" }.count == 9)
            let detail = try await cohort(server, world)
            #expect(detail.enrolments.compactMap(\.waitlistPosition) == Array(1...9))
        }
    }

    @Test func theCoordinatorWorksACohortInTheBrowserWithoutScript() async throws {
        try await TestServer.run { server in
            // setup
            var browser = Browser(server: server)
            #expect(try await browser.signIn("test-training_coordinator").status == .seeOther)
            let home = try await browser.request(.GET, "/training")
            let csrf = Browser.csrf(in: home) ?? ""
            // act: a programme with a word for its hours comes back as typed, with the problem named by its label
            let refused = try await browser.request(.POST, "/training/programmes", form: [
                ("_csrf", csrf), ("title", "Synthetic course"), ("targetGroups[]", "social_worker"), ("delivery", "blended"), ("hours", "ten"), ("language", "zh")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("value=\"Synthetic course\"")
                    && refused.body.string.contains("href=\"#hours\""), "\(refused.body.string.prefix(300))")
            let saved = try await browser.request(.POST, "/training/programmes", form: [
                ("_csrf", csrf), ("title", "Synthetic course"), ("targetGroups[]", "social_worker"), ("targetGroups[]", "police"), ("delivery", "blended"),
                ("hours", "6"), ("language", "zh"), ("requiredPercent", "50")])
            let programmePath = saved.headers.first(name: .location)!.components(separatedBy: "?")[0]
            let cohortSaved = try await browser.request(.POST, "\(programmePath)/cohorts", form: [
                ("_csrf", csrf), ("name", "Batch 1"), ("startsOn", "2026-12-14"), ("endsOn", "2026-12-15"), ("capacity", "1")])
            let cohortPath = cohortSaved.headers.first(name: .location)!.components(separatedBy: "?")[0]
            // a session typed as a day and two times, in the coordinator's time
            #expect(try await browser.request(.POST, "\(cohortPath)/sessions", form: [
                ("_csrf", csrf), ("title", "Opening"), ("day", "2026-12-14"), ("from", "09:00"), ("to", "12:00"), ("place", "Classroom 1")]).status == .seeOther)
            let late = try await browser.request(.POST, "\(cohortPath)/sessions", form: [
                ("_csrf", csrf), ("title", "Too late"), ("day", "2026-12-20"), ("from", "09:00"), ("to", "12:00"), ("place", "Classroom 1")])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("value=\"Too late\""))
            // two people for one place: the second waits
            func person(_ name: String, _ contact: String) -> [(String, String)] {
                [("_csrf", csrf), ("name", name), ("institution", "Synthetic School"), ("sex", "female"), ("targetGroup", "social_worker"),
                 ("contact", contact), ("consent", "true")]
            }
            #expect(try await browser.request(.POST, "\(cohortPath)/enrolments", form: person("Synthetic Ana", "ana@example.org")).headers.first(name: .location)?
                .hasSuffix("saved=enrolled") == true)
            #expect(try await browser.request(.POST, "\(cohortPath)/enrolments", form: person("Synthetic Bo", "bo@example.org")).headers.first(name: .location)?
                .hasSuffix("saved=waitlisted") == true)
            // the same person again is recognised, and the page offers to enrol the registered record
            let again = try await browser.request(.POST, "\(cohortPath)/enrolments", form: person("Synthetic Ana", "ANA@example.org"))
            #expect(again.status == .conflict && again.body.string.contains("name=\"participantID\""))
            // assert: the cohort page shows the place taken and the waiting list
            let page = try await browser.request(.GET, cohortPath)
            #expect(page.status == .ok && page.body.string.contains("Waiting list, number 1") && page.body.string.contains("1 of 1 places taken"))
            // act: the register, marked on the page
            let registerPath = page.body.string.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                .first { $0.hasSuffix("/register") }!
            let register = try await browser.request(.GET, registerPath)
            let ana = register.body.string.components(separatedBy: "name=\"marks[0][participantID]\" value=\"")[1].prefix(36)
            // nobody marked one by one: "everyone not marked was present" is one press at the door
            #expect(try await browser.request(.POST, registerPath, form: [("_csrf", csrf), ("marks[0][participantID]", String(ana)), ("restPresent", "true")])
                .status == .seeOther)
            #expect(try await browser.request(.GET, registerPath).body.string.contains("value=\"present\" checked"))
            // assert: Ana completed (3 of 3 hours), so her certificate can be issued and checked publicly
            #expect(try await browser.request(.POST, "\(cohortPath)/certificates", form: [("_csrf", csrf)]).headers.first(name: .location)?
                .hasSuffix("saved=certificates") == true)
            let withCertificate = try await browser.request(.GET, cohortPath).body.string
            let certificatePath = withCertificate.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                .first { $0.hasPrefix("/training/certificates/") }!
            let certificate = try await browser.request(.GET, certificatePath)
            let code = certificate.body.string.components(separatedBy: "/verify/")[1].prefix { $0 != "<" }
            let verified = try await server.send(.GET, "/verify?code=\(code)")
            #expect(verified.status == .ok && verified.body.string.contains("Genuine: Synthetic Ana completed Synthetic course"), "\(code)")
            #expect(try await browser.deadLinks(on: page).isEmpty)
        }
    }

    @Test func theCascadeCountsThreeGenerationsOnceEachAndRefusesALoop() async throws {
        try await TestServer.run { server in
            // setup: the programme trains Ana and Bo; Ana passes it on to Chen, Dai and Bo; Chen to Eva, Fei and Dai
            let world = try await world(server, capacity: 10)
            let people = Dictionary(uniqueKeysWithValues: try await ["Ana", "Bo", "Chen", "Dai", "Eva", "Fei"].asyncMap { ($0, try await participant(server, "Synthetic \($0)")) })
            func attend(_ cohort: UUID, _ session: UUID, _ names: [String], mark: String = "present") async throws -> TestingHTTPResponse {
                for name in names {
                    _ = try await server.send(.POST, "/api/training/cohorts/\(cohort)/enrolments", as: .trainingCoordinator, json: #"{"participantID":"\#(people[name]!)"}"#)
                }
                let marks = names.map { #"{"participantID":"\#(people[$0]!)","mark":"\#(mark)"}"# }.joined(separator: ",")
                return try await server.send(.PUT, "/api/training/sessions/\(session)/attendance", as: .trainer, json: #"{"marks":[\#(marks)]}"#)
            }
            #expect(try await attend(world.cohort, world.sessions[0], ["Ana", "Bo"]).status == .noContent)
            // the graduates pass it on in a school's own in-service course
            let inService = try await created(server, "/api/training/programmes", """
                {"title":"Synthetic in-service course","targetGroups":["teacher_k12"],"delivery":"face_to_face","hours":3,"language":"zh"}
                """)
            let cascade = try await created(server, "/api/training/programmes/\(inService)/cohorts",
                                            #"{"name":"Cascade","startsOn":"2026-12-14","endsOn":"2026-12-16","capacity":20}"#)
            func session(givenBy name: String, day: Int) async throws -> UUID {
                try await created(server, "/api/training/cohorts/\(cascade)/sessions", """
                    {"title":"By \(name)","startsAt":"2026-12-\(day)T09:00:00Z","endsAt":"2026-12-\(day)T10:00:00Z","place":"School hall","trainerParticipantID":"\(people[name]!)"}
                    """)
            }
            let byAna = try await session(givenBy: "Ana", day: 14), byChen = try await session(givenBy: "Chen", day: 15), byEva = try await session(givenBy: "Eva", day: 16)
            #expect(try await attend(cascade, byAna, ["Chen", "Dai", "Bo"]).status == .noContent)
            #expect(try await attend(cascade, byChen, ["Eva", "Fei", "Dai"]).status == .noContent)
            // act
            let reach = try server.decode(TrainingViews.Reach.self, try await server.send(.GET, "/api/training/programmes/\(world.programme)/reach", as: .supervisor))
            // assert: 2 + 2 + 2, Bo and Dai once each
            #expect(reach.generations.map(\.people) == [2, 2, 2] && reach.total == 6, "\(reach.generations)")
            #expect(reach.generations[2].byTargetGroup == ["teacher_k12": 2])
            #expect(Set(reach.trainers.map(\.name)) == ["Synthetic Ana", "Synthetic Chen"]
                    && reach.trainers.first { $0.name == "Synthetic Chen" }?.trainedBy == people["Ana"])
            // an agent's own reach: Bo, Chen and Dai, then Eva and Fei
            let ana = try server.decode(TrainingViews.Reach.self, try await server.send(.GET, "/api/training/participants/\(people["Ana"]!)/reach", as: .trainingCoordinator))
            #expect(ana.generations.map(\.people) == [3, 2])
            // act: Eva, trained by Chen who was trained by Ana, cannot train Ana; nobody trains themselves; nothing of the refused batch is kept
            let loop = try await attend(cascade, byEva, ["Fei", "Ana", "Eva"])
            #expect(loop.status == .unprocessableEntity && loop.body.string.contains("marks[1].participantID") && loop.body.string.contains("marks[2].participantID"),
                    "\(loop.body.string)")
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM training_attendance WHERE session_id = \(bind: byEva)").first()!
                .decode(column: "n", as: Int.self) == 0)
            // an absence trains nobody and closes no loop
            #expect(try await attend(cascade, byEva, ["Ana"], mark: "absent").status == .noContent)
            // the page draws it
            let page = try await server.send(.GET, "/training/programmes/\(world.programme)/reach", as: .supervisor)
            #expect(page.status == .ok && page.body.string.contains("<svg") && page.body.string.contains("Synthetic Chen: trained 3"))
        }
    }

    @Test func aSocialWorkerOverdueOnMandatoryTrainingIsRemindedAndShownToTheSupervisor() async throws {
        try await TestServer.run { server in
            // setup: every case worker takes the course within 90 days of starting, again every 36 months; ours started 400 days ago
            let world = try await world(server)
            let caseWorker = server.users[.caseWorker]!
            try await server.app.db.sql.raw("UPDATE users SET created_at = \(bind: Date().addingTimeInterval(-400 * 86_400)) WHERE id = \(bind: caseWorker)").run()
            #expect(try await server.send(.POST, "/api/training/requirements", as: .trainingCoordinator, json: """
                {"programmeID":"\(world.programme)","role":"case_worker","withinDays":90,"refreshMonths":36}
                """).status == .created)
            #expect(try await server.send(.POST, "/api/training/requirements", as: .trainingCoordinator, json: """
                {"programmeID":"\(world.programme)","role":"case_worker","withinDays":90}
                """).status == .conflict)
            #expect(try await server.send(.POST, "/api/training/requirements", as: .trainingCoordinator, json: """
                {"programmeID":"\(world.programme)","role":"astronaut","withinDays":0}
                """).body.string.contains("withinDays"))
            // act: the scheduler runs twice
            let first = try await Scheduler.run(server.app)
            let second = try await Scheduler.run(server.app)
            // assert: one reminder, to the case worker, and the supervisors told once
            #expect(first[TrainingSchedule.remindMandatory] == 1 && second[TrainingSchedule.remindMandatory] == 0)
            let notices = try await server.app.db.sql.raw("SELECT user_id, kind FROM notifications WHERE kind LIKE 'training.%'").all()
                .map { (try $0.decode(column: "user_id", as: UUID.self), try $0.decode(column: "kind", as: String.self)) }
            #expect(notices.filter { $0.1 == "training.overdue" }.map(\.0) == [caseWorker])
            #expect(notices.filter { $0.1 == "training.team_overdue" }.map(\.0) == [server.users[.supervisor]!])
            let overdue = try server.decode([MandatoryTraining.Standing].self,
                                            try await server.send(.GET, "/api/training/compliance?status=overdue", as: .supervisor))
            #expect(overdue.map(\.userID) == [caseWorker])
            #expect(try await server.send(.GET, "/api/training/compliance?status=late", as: .supervisor).status == .unprocessableEntity)
            // act: the case worker takes the course as a participant linked to their account, and completes it
            let participant = try await created(server, "/api/training/participants", """
                {"name":"Synthetic Case Worker","institution":"Our NGO","sex":"female","targetGroup":"social_worker","consent":true,"userID":"\(caseWorker)"}
                """)
            _ = try await enrol(server, world, participant)
            let marks = #"{"marks":[{"participantID":"\#(participant)","mark":"present"}]}"#
            for session in world.sessions { _ = try await server.send(.PUT, "/api/training/sessions/\(session)/attendance", as: .trainer, json: marks) }
            #expect(try await server.send(.POST, "/api/training/cohorts/\(world.cohort)/certificates", as: .trainingCoordinator).status == .created)
            // assert: compliant now, on their own record and on their account page
            let mine = try server.decode(TrainingService.MyTraining.self, try await server.send(.GET, "/api/me/training", as: .caseWorker))
            #expect(mine.requirements.map(\.status) == ["compliant"] && mine.certificates.count == 1)
            #expect(try await server.send(.GET, "/api/training/compliance?status=overdue", as: .supervisor).body.string == "[]")
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-case_worker")
            #expect(try await browser.request(.GET, "/account").body.string.contains("id=\"training\""))
            // their own certificate as a PDF, from their record; nobody else's
            let own = try await browser.request(.GET, "/training/my-certificates/\(mine.certificates[0].id)/pdf")
            #expect(own.status == .ok && own.headers.contentType?.subType == "pdf" && own.body.string.hasPrefix("%PDF-1.4"))
            #expect(try await server.send(.GET, "/training/my-certificates/\(mine.certificates[0].id)/pdf", as: .counsellor).status == .notFound)
            // the same colleague registered again is recognised
            #expect(try await server.send(.POST, "/api/training/participants", as: .trainingCoordinator, json: """
                {"name":"Another name","institution":"Elsewhere","sex":"female","targetGroup":"social_worker","consent":true,"userID":"\(caseWorker)"}
                """).status == .conflict)
            // on the cohort page the graduate who passes it on is named by their certificate's code, a colleague by their username
            let code = mine.certificates[0].code
            var coordinator = Browser(server: server)
            _ = try await coordinator.signIn("test-training_coordinator")
            let cohortPath = "/training/cohorts/\(world.cohort)"
            let csrf = Browser.csrf(in: try await coordinator.request(.GET, cohortPath)) ?? ""
            let session = [("_csrf", csrf), ("title", "Passed on"), ("day", "2026-12-15"), ("from", "14:00"), ("to", "15:00"), ("place", "Room 2")]
            #expect(try await coordinator.request(.POST, "\(cohortPath)/sessions", form: session + [("trainerCertificate", code.lowercased())]).status == .seeOther)
            let wrongCode = try await coordinator.request(.POST, "\(cohortPath)/sessions", form: session + [("trainerCertificate", "0000-0000-0001-1")])
            #expect(wrongCode.status == .unprocessableEntity && wrongCode.body.string.contains("href=\"#s-cascade\""))
            let unknownColleague = try await coordinator.request(.POST, "\(cohortPath)/enrolments", form: [
                ("_csrf", csrf), ("name", "Synthetic Colleague"), ("institution", "Our NGO"), ("sex", "male"), ("targetGroup", "social_worker"),
                ("consent", "true"), ("colleague", "nobody-here")])
            #expect(unknownColleague.status == .unprocessableEntity && unknownColleague.body.string.contains("href=\"#p-user\""))
        }
    }

    @Test func peopleRegisterThemselvesForAnOpenCohortOnceAndWaitWhenItIsFull() async throws {
        try await TestServer.run { server in
            // setup: an open workshop of two places, one taken by the coordinator
            let world = try await world(server)
            let open = try await created(server, "/api/training/programmes/\(world.programme)/cohorts",
                                         #"{"name":"Open workshop","startsOn":"2026-12-14","endsOn":"2026-12-14","capacity":2,"openRegistration":true}"#)
            _ = try await server.send(.POST, "/api/training/cohorts/\(open)/enrolments", as: .trainingCoordinator,
                                      json: #"{"participantID":"\#(try await participant(server, "Synthetic Staff"))"}"#)
            func register(_ name: String, _ contact: String?, needs: String? = nil) async throws -> TestingHTTPResponse {
                try await server.send(.POST, "/api/training/open-cohorts/\(open)/registrations", json: """
                    {"name":"\(name)","institution":"Synthetic Kindergarten","sex":"female","targetGroup":"parent","contact":\(contact.map { "\"\($0)\"" } ?? "null"),
                     "needs":\(needs.map { "\"\($0)\"" } ?? "null"),"consent":true}
                    """)
            }
            // act: no sign-in needed
            let first = try await register("Synthetic Parent", "parent@example.org", needs: "Synthetic: sign language")
            let again = try await register("synthetic parent", "PARENT@example.org")
            let second = try await register("Synthetic Other", "+86 138 0000 0002")
            // assert: the same person once, the next on the waiting list
            let a = try server.decode(TrainingViews.SelfRegistered.self, first), b = try server.decode(TrainingViews.SelfRegistered.self, again)
            #expect(a.status == "enrolled" && b.status == "enrolled" && !first.body.string.contains("\"id\""))
            #expect(try server.decode(TrainingViews.SelfRegistered.self, second).status == "waitlisted")
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM training_enrolments WHERE cohort_id = \(bind: open)").first()!
                .decode(column: "n", as: Int.self) == 3, "the coordinator's one, the parent once, the other")
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM training_participants WHERE institution = 'Synthetic Kindergarten'").first()!
                .decode(column: "n", as: Int.self) == 2)
            // the same form posted six times at once registers the person once
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<6 { group.addTask { try await register("Synthetic Twice", "twice@example.org").status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created })
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM training_participants WHERE institution = 'Synthetic Kindergarten'").first()!
                .decode(column: "n", as: Int.self) == 3)
            let missing = try await register("Synthetic Nobody", nil)
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("\"contact\""))
            // a cohort not open to registration is not found, publicly or by its page
            #expect(try await server.send(.GET, "/api/training/open-cohorts/\(world.cohort)").status == .notFound)
            #expect(try await server.send(.GET, "/training/register/\(world.cohort)").status == .notFound)
            #expect(try await server.send(.POST, "/api/training/open-cohorts/\(world.cohort)/registrations", json: "{}").status == .unprocessableEntity)
            // the public page, posted as a browser with a problem, comes back as typed
            var browser = Browser(server: server)
            let page = try await browser.request(.GET, "/training/register/\(open)")
            #expect(page.status == .ok && page.body.string.contains("waiting list"))
            let refused = try await browser.request(.POST, "/training/register/\(open)", form: [("name", "Synthetic Typed"), ("institution", "School"),
                                                                                                ("sex", "female"), ("targetGroup", "parent"), ("consent", "true")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("value=\"Synthetic Typed\""))
            // the coordinator sees who registered themselves and what they asked for
            let cohortPage = try await server.send(.GET, "/training/cohorts/\(open)", as: .trainingCoordinator)
            #expect(cohortPage.body.string.contains("registered themselves") && cohortPage.body.string.contains("Synthetic: sign language"))
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE actor_id = 'public' AND record_type = 'training_enrolment'").first()!
                .decode(column: "n", as: Int.self) == 3)
        }
    }

    @Test func preAndPostTestsAreScoredAndTheCohortsGainHasAnInterval() async throws {
        try await TestServer.run { server in
            // setup: three questions
            let world = try await world(server, capacity: 5)
            for (text, correct) in [("Synthetic: which article is the best interests of the child?", 0), ("Synthetic: who must report?", 1), ("Synthetic: within how long?", 2)] {
                _ = try await created(server, "/api/training/programmes/\(world.programme)/questions",
                                      #"{"text":"\#(text)","choices":["A","B","C"],"correctChoice":\#(correct)}"#)
            }
            let badQuestion = try await server.send(.POST, "/api/training/programmes/\(world.programme)/questions", as: .trainingCoordinator,
                                                    json: #"{"text":"Q","choices":["only one"],"correctChoice":3}"#)
            #expect(badQuestion.status == .unprocessableEntity && badQuestion.body.string.contains("\"choices\"") && badQuestion.body.string.contains("correctChoice"))
            var people: [UUID] = []
            for name in ["Synthetic A", "Synthetic B", "Synthetic C"] {
                let id = try await participant(server, name)
                _ = try await enrol(server, world, id)
                people.append(id)
            }
            func record(_ person: UUID, _ kind: String, _ answers: String) async throws -> TestingHTTPResponse {
                try await server.send(.PUT, "/api/training/cohorts/\(world.cohort)/tests", as: .trainer,
                                      json: #"{"participantID":"\#(person)","kind":"\#(kind)","answers":\#(answers)}"#)
            }
            // act: before 1/3, 0/3, 2/3; after 3/3, 2/3, 2/3
            for (person, pre, post) in [(people[0], "[0,0,0]", "[0,1,2]"), (people[1], "[1,0,null]", "[0,1,0]"), (people[2], "[0,1,0]", "[0,1,1]")] {
                #expect(try await record(person, "pre", pre).status == .ok)
                #expect(try await record(person, "post", post).status == .ok)
            }
            // a later entry replaces the first
            #expect(try server.decode(TrainingAssessments.Scored.self, try await record(people[2], "post", "[0,1,0]")).score == 2)
            // assert: an answer to a question that does not exist, a choice it does not have, someone not enrolled
            let extra = try await record(people[0], "post", "[0,1,2,1]")
            #expect(extra.status == .unprocessableEntity && extra.body.string.contains("answers[3]") && extra.body.string.contains("no question 4"), "\(extra.body.string)")
            #expect(try await record(people[0], "post", "[0,7,2]").body.string.contains("answers[1]"))
            #expect(try await record(try await participant(server, "Synthetic Outsider"), "pre", "[0,0,0]").body.string.contains("participantID"))
            #expect(try await record(people[0], "during", "[0,0,0]").body.string.contains("\"kind\""))
            let results = try server.decode(TrainingAssessments.Results.self, try await server.send(.GET, "/api/training/cohorts/\(world.cohort)/tests", as: .supervisor))
            let gain = try #require(results.gain)
            // differences 2/3, 2/3, 0: mean 4/9; every before and after as entered
            #expect(gain.pairs == 3 && abs(gain.meanDifference - 4.0 / 9) < 1e-9 && abs(gain.shareImproved - 2.0 / 3) < 1e-9 && gain.lower != nil)
            // a form posting an impossible question number or choice number is refused, never a crash
            var coordinator = Browser(server: server)
            _ = try await coordinator.signIn("test-training_coordinator")
            let csrfC = Browser.csrf(in: try await coordinator.request(.GET, "/training/programmes/\(world.programme)")) ?? ""
            let overflow = try await coordinator.request(.POST, "/training/programmes/\(world.programme)/questions", form: [
                ("_csrf", csrfC), ("text", "Q"), ("choices", "A\nB"), ("correct", "-9223372036854775808")])
            #expect(overflow.status == .unprocessableEntity)
            let strange = try await coordinator.request(.POST, "/training/cohorts/\(world.cohort)/tests", form: [
                ("_csrf", csrfC), ("participantID", people[0].uuidString), ("kind", "pre"), ("answers[-2]", "0"), ("answers[9223372036854775807]", "0")])
            #expect(strange.status == .unprocessableEntity)
            #expect(try await server.send(.GET, "/healthz").status == .ok)
            // the page shows it, and the test form works without script
            let page = try await server.send(.GET, "/training/cohorts/\(world.cohort)", as: .trainingCoordinator)
            #expect(page.body.string.contains("3 people took both tests") && page.body.string.contains("<svg"))
            var browser = Browser(server: server)
            _ = try await browser.signIn("test-trainer")
            let form = try await browser.request(.GET, "/training/cohorts/\(world.cohort)/tests?kind=pre")
            let saved = try await browser.request(.POST, "/training/cohorts/\(world.cohort)/tests", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("participantID", people[0].uuidString), ("kind", "pre"), ("answers[0]", "0"), ("answers[2]", "2")])
            // the unanswered second question counts as wrong, and the third is still the third
            #expect(saved.headers.first(name: .location)?.hasSuffix("scored=2-3") == true, "\(saved.status) \(saved.body.string.prefix(200))")
        }
    }

    @Test func sessionFeedbackIsAskedForGivenOnceByEachColleagueTypedInFromPaperAndShownOnlyFromThreeAnswers() async throws {
        try await TestServer.run { server in
            // setup: two colleagues with places, the first session starting in 12 hours
            let world = try await world(server, capacity: 3)
            let session = world.sessions[0]
            for (role, name) in [(Role.counsellor, "Synthetic Counsellor"), (.caseWorker, "Synthetic Case Worker")] {
                _ = try await enrol(server, world, try await created(server, "/api/training/participants", """
                    {"name":"\(name)","institution":"Synthetic NGO","sex":"female","targetGroup":"social_worker","consent":true,"userID":"\(server.users[role]!)"}
                    """))
            }
            func move(startingIn hours: Double) async throws {
                try await server.app.db.sql.raw("""
                    UPDATE training_sessions SET starts_at = \(bind: Date().addingTimeInterval(hours * 3_600)), ends_at = \(bind: Date().addingTimeInterval((hours + 3) * 3_600))
                    WHERE id = \(bind: session)
                    """).run()
            }
            func notices(_ kind: String) async throws -> [UUID] {
                try await server.app.db.sql.raw("SELECT user_id FROM notifications WHERE kind = \(bind: kind)").all().map { try $0.decode(column: "user_id", as: UUID.self) }
            }
            func give(_ json: String, as role: Role = .counsellor) async throws -> TestingHTTPResponse {
                try await server.send(.PUT, "/api/me/training/sessions/\(session)/feedback", as: role, json: json)
            }
            // and a third person with a place, who is no Safeguard user
            _ = try await enrol(server, world, try await participant(server, "Synthetic Third"))
            try await move(startingIn: 12)
            let early = try await give(#"{"ratings":{"overall":5}}"#)
            #expect(early.status == .unprocessableEntity && early.body.string.contains("has not taken place yet"), "\(early.body.string)")

            // act: the scheduler runs twice before the session
            let first = try await Scheduler.run(server.app), second = try await Scheduler.run(server.app)
            // assert: one reminder each, the trainer's leading to the register
            #expect(first[TrainingSchedule.remindSessions] == 1 && second[TrainingSchedule.remindSessions] == 0)
            #expect(Set(try await notices("training.session_soon")) == [server.users[.counsellor]!, server.users[.caseWorker]!])
            #expect(try await notices("training.session_to_give") == [server.users[.trainer]!])

            // act: the session has ended; the case worker was absent
            try await move(startingIn: -4)
            let caseWorker = try await cohort(server, world).enrolments.first { $0.name == "Synthetic Case Worker" }!.participantID
            #expect(try await server.send(.PUT, "/api/training/sessions/\(session)/attendance", as: .trainer,
                                          json: #"{"marks":[{"participantID":"\#(caseWorker)","mark":"absent"}]}"#).status == .noContent)
            let after = try await Scheduler.run(server.app), again = try await Scheduler.run(server.app)
            // assert: only the one who came is asked, once
            #expect(after[TrainingSchedule.askFeedback] == 1 && again[TrainingSchedule.askFeedback] == 0)
            #expect(try await notices("training.feedback_asked") == [server.users[.counsellor]!])

            // act: the counsellor answers, then changes their mind; someone without a place cannot answer
            #expect(try await give(#"{"ratings":{"trainer":5,"overall":4},"comment":"Synthetic: too short"}"#).status == .noContent)
            #expect(try await give(#"{"ratings":{"trainer":3,"overall":4},"comment":"Synthetic: useful cases"}"#).status == .noContent)
            #expect(try await give(#"{"ratings":{"overall":4}}"#, as: .supervisor).status == .notFound)
            // bad input is refused by name and nothing is written
            let outOfScale = try await give(#"{"ratings":{"trainer":6}}"#)
            #expect(outOfScale.status == .unprocessableEntity && outOfScale.body.string.contains("ratings.trainer") && outOfScale.body.string.contains("rate from 1 to 5"))
            #expect(try await give(#"{"ratings":{"mood":3}}"#).body.string.contains("there is no question about that"))
            #expect(try await give(#"{"ratings":{}}"#).body.string.contains("rate at least one thing"))
            #expect(try await give(#"{"ratings":{"trainer":99999999999999999999999}}"#).status == .badRequest)
            let own = try server.decode(TrainingFeedback.Own.self, try await server.send(.GET, "/api/me/training/sessions/\(session)/feedback", as: .counsellor))
            #expect(own.given?.ratings == ["trainer": 3, "overall": 4] && own.given?.comment == "Synthetic: useful cases")
            func results(_ path: String) async throws -> TrainingFeedback.Results {
                try server.decode(TrainingFeedback.Results.self, try await server.send(.GET, path, as: .trainingCoordinator))
            }
            // one answer is counted but not shown: the trainer would know whose it was
            let one = try await results("/api/training/sessions/\(session)/feedback")
            #expect(one.summary.responses == 1 && !one.summary.shown && one.summary.means.isEmpty && one.comments.isEmpty)

            // act: the trainer types in two paper forms
            for json in [#"{"ratings":{"trainer":4,"relevance":5}}"#, #"{"ratings":{"trainer":5,"overall":2},"comment":"Synthetic: a bigger room"}"#] {
                #expect(try await server.send(.POST, "/api/training/sessions/\(session)/feedback", as: .trainer, json: json).status == .created)
            }
            // assert: three answers are shown; a question answered by fewer than three is not
            let three = try await results("/api/training/sessions/\(session)/feedback")
            #expect(three.summary.responses == 3 && three.summary.shown)
            #expect(three.summary.means == ["trainer": 4], "overall and relevance were rated twice and once")
            #expect(three.summary.counts["trainer"] == [0, 0, 1, 1, 1])
            #expect(three.comments == ["Synthetic: a bigger room", "Synthetic: useful cases"])
            #expect(try await results("/api/training/cohorts/\(world.cohort)/feedback") == three)
            #expect(try await server.send(.POST, "/api/training/sessions/\(world.sessions[2])/feedback", as: .trainer,
                                          json: #"{"ratings":{"trainer":4}}"#).status == .unprocessableEntity)
            // no more forms than people with a place: made-up ones cannot lift the results over the minimum
            let fourth = try await server.send(.POST, "/api/training/sessions/\(session)/feedback", as: .trainer, json: #"{"ratings":{"trainer":1}}"#)
            #expect(fourth.status == .unprocessableEntity && fourth.body.string.contains("as many answers as people with a place (3)"))

            // the same without script: the notice's page, a refused post beside its field, and the trainer's results
            var colleague = Browser(server: server)
            _ = try await colleague.signIn("test-counsellor")
            #expect(try await colleague.request(.GET, "/account").body.string.contains("/training/my-sessions/\(session)/feedback"))
            let form = try await colleague.request(.GET, "/training/my-sessions/\(session)/feedback")
            #expect(form.body.string.contains("value=\"3\" checked") && form.body.string.contains("Synthetic: useful cases"))
            let refused = try await colleague.request(.POST, "/training/my-sessions/\(session)/feedback", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("ratings[overall]", "abc")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("href=\"#rating-overall\"") && refused.body.string.contains("rating-overall-error"))
            let sent = try await colleague.request(.POST, "/training/my-sessions/\(session)/feedback", form: [
                ("_csrf", Browser.csrf(in: form) ?? ""), ("ratings[overall]", "5"), ("ratings[trainer]", "3")])
            #expect(sent.status == .seeOther)
            let page = try await server.send(.GET, "/training/sessions/\(session)/feedback", as: .trainer)
            #expect(page.status == .ok && page.body.string.contains("3 answers") && page.body.string.contains("<svg"))
            #expect(try await server.send(.GET, "/training/sessions/\(session)/feedback", as: .counsellor).status == .forbidden)
        }
    }

    @Test func theYearsFiguresCountEachPersonTrainedOnceAndSuppressSmallCounts() async throws {
        try await TestServer.run { server in
            // setup: six enrolled, five attend every session and are certified; one certificate later revoked
            let world = try await world(server, capacity: 6)
            var people: [UUID] = []
            for name in ["Synthetic A", "Synthetic Bb", "Synthetic Ccc", "Synthetic Dddd", "Synthetic Eeeee", "Synthetic Ffffff"] {
                let id = try await participant(server, name)
                _ = try await enrol(server, world, id)
                people.append(id)
            }
            let marks = people.dropLast().map { #"{"participantID":"\#($0)","mark":"present"}"# }.joined(separator: ",")
            for session in world.sessions {
                #expect(try await server.send(.PUT, "/api/training/sessions/\(session)/attendance", as: .trainer, json: #"{"marks":[\#(marks)]}"#).status == .noContent)
            }
            let issued = try server.decode([TrainingViews.Issued].self,
                                           try await server.send(.POST, "/api/training/cohorts/\(world.cohort)/certificates", as: .trainingCoordinator))
            #expect(issued.count == 5)
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            let thisYear = utc.component(.year, from: Date())
            func figures(_ query: String, as role: Role = .trainingCoordinator) async throws -> TrainingFigures.Figures {
                let response = try await server.send(.GET, "/api/training/figures?\(query)", as: role)
                #expect(response.status == .ok, "\(response.body.string)")
                return try server.decode(TrainingFigures.Figures.self, response)
            }
            // act
            let year = try await figures("year=\(thisYear)")
            // assert: five people, all female K-12 teachers; each institution has fewer than five, so suppressed
            #expect(year.peopleTrained == "5")
            let by = Dictionary(uniqueKeysWithValues: year.breakdowns.map { ($0.dimension, $0.cells) })
            #expect(by["targetGroup"] == [.init(key: "teacher_k12", display: "5")] && by["sex"] == [.init(key: "female", display: "5")])
            #expect(by["institution"]?.count == 5 && by["institution"]?.allSatisfy { $0.display == "<5" } == true)
            #expect(by["generation"] == [.init(key: "1", display: "5")])
            // those who may see exact figures see them
            #expect(try await figures("year=\(thisYear)", as: .supervisor).breakdowns.first { $0.dimension == "institution" }!.cells.allSatisfy { $0.display == "1" })
            // the sessions and cohort are in December 2026: 3 sessions of 3 hours; 5 of 6 certified
            let december = try await figures("year=2026")
            #expect(december.delivered == [.init(programmeTitle: "Synthetic child-rights course", sessions: 3, hours: 9)])
            // one did not complete: the number enrolled would give that one away, so it is withheld, and the share
            #expect(december.completion == [.init(programmeTitle: "Synthetic child-rights course", enrolled: "–", completed: "5", percent: nil)])
            #expect(try await figures("year=2026", as: .supervisor).completion == [.init(programmeTitle: "Synthetic child-rights course", enrolled: "6", completed: "5", percent: 83)])
            // bad years are refused by name
            for bad in ["abc", "1999", "99999999999999999999999"] {
                let refused = try await server.send(.GET, "/api/training/figures?year=\(bad)", as: .trainingCoordinator)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("give a year from 2000 to 2100"), "\(bad)")
            }
            // the download is suppressed, audited, and the page shows the same
            let csv = try await server.send(.GET, "/training/figures/csv?year=2026", as: .supervisor)
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv" && csv.body.string.contains("2026,enrolled,programme,Synthetic child-rights course,–")
                    && csv.body.string.contains("2026,completed,programme,Synthetic child-rights course,5"))
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'training_figures' AND action = 'export'")
                .first()!.decode(column: "n", as: Int.self) == 1)
            let page = try await server.send(.GET, "/training/figures?year=2026", as: .trainingCoordinator)
            #expect(page.status == .ok && page.body.string.contains("Training figures 2026") && page.body.string.contains("<td>–</td>"))
            let refusedPage = try await server.send(.GET, "/training/figures?year=abc", as: .trainingCoordinator)
            #expect(refusedPage.status == .unprocessableEntity && refusedPage.body.string.contains("href=\"#year\""))
            // a revoked certificate no longer counts, and four is a small count, which no share gives away
            #expect(try await server.send(.POST, "/api/training/certificates/\(issued[0].certificateID)/revoke", as: .trainingCoordinator,
                                          json: #"{"reason":"Synthetic: issued in error"}"#).status == .noContent)
            #expect(try await figures("year=\(thisYear)").peopleTrained == "<5")
            let suppressed = try await figures("year=2026"), exact = try await figures("year=2026", as: .supervisor)
            #expect(suppressed.completion.first?.percent == nil && exact.completion.first?.percent == 67)
        }
    }

    @Test func consultationsAreRecordedWithoutNamingAParentOrChildAndLinkACaseOnlyForThoseWhoMayOpenIt() async throws {
        try await TestServer.run { server in
            // setup: a case of the organisation; yesterday, so that it has begun wherever the reader is
            let caseID = try await server.openCase(from: try await server.createContact())
            let reference = try await server.app.db.sql.raw("SELECT reference FROM cases WHERE id = \(bind: caseID)").first()!.decode(column: "reference", as: String.self)
            let yesterday = LocalTime.day(Date().addingTimeInterval(-86_400), in: LocalTime.utc)
            func record(_ json: String, as role: Role = .trainer) async throws -> TestingHTTPResponse {
                try await server.send(.POST, "/api/training/consultations", as: role, json: json)
            }
            // act: consultancy to a social worker about the case, information to a parent
            let consultancy = try await record("""
                {"givenOn":"\(yesterday)","kind":"consultancy","recipient":"professional","profession":"social_worker","topic":"violence.sexual",
                 "caseReference":"\(reference)","minutes":45,"advice":"Synthetic: interview the child once, with the psychologist present","followUpOn":"2099-01-05"}
                """)
            #expect(consultancy.status == .created, "\(consultancy.body.string)")
            #expect(try await record(#"{"givenOn":"\#(yesterday)","kind":"information","recipient":"parent","topic":"family","minutes":20,"advice":"Synthetic: where to find parenting classes"}"#).status == .created)
            // bad input is refused by name and nothing is written
            for (json, field, message) in [
                (#"{"givenOn":"\#(yesterday)","kind":"consultancy","recipient":"professional","topic":"family","minutes":5,"advice":"x"}"#, "profession", "choose the professional's field"),
                (#"{"givenOn":"\#(yesterday)","kind":"counselling","recipient":"child","profession":"teacher_k12","topic":"family","minutes":5,"advice":"x"}"#, "profession", "leave it empty"),
                (#"{"givenOn":"\#(yesterday)","kind":"counselling","recipient":"child","topic":"astrology","minutes":5,"advice":"x"}"#, "topic", "helpline's categories"),
                (#"{"givenOn":"\#(yesterday)","kind":"counselling","recipient":"child","topic":"family","minutes":0,"advice":"x"}"#, "minutes", "1 to 600"),
                (#"{"givenOn":"2099-01-01","kind":"counselling","recipient":"child","topic":"family","minutes":5,"advice":"x"}"#, "givenOn", "is in the future"),
                (#"{"givenOn":"\#(yesterday)","kind":"counselling","recipient":"child","topic":"family","minutes":5,"advice":"x","caseReference":"NO-SUCH-CASE"}"#, "caseReference", "no case of your organisation"),
            ] {
                let refused = try await record(json)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("\"\(field)\"") && refused.body.string.contains(message), "\(refused.body.string)")
            }
            #expect(try await record(#"{"kind":"counselling","minutes":99999999999999999999999}"#).status == .badRequest)
            #expect(try await record(#"{"givenOn":"\#(yesterday)","kind":"information","recipient":"parent","topic":"family","minutes":20,"advice":"x"}"#, as: .counsellor).status == .forbidden)
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM consultations").first()!.decode(column: "n", as: Int.self) == 2)
            // the advice is sealed where it is kept
            let stored = try await server.app.db.sql.raw("SELECT advice FROM consultations").all().map { try $0.decode(column: "advice", as: String.self) }
            #expect(!stored.contains { $0.contains("Synthetic") })

            // assert: the trainer sees their own, without the link to a case they may not open; a supervisor sees it linked
            #expect(try await record(#"{"givenOn":"\#(yesterday)","kind":"counselling","recipient":"child","topic":"mental_health","minutes":30,"advice":"Synthetic: coping with exam stress"}"#,
                                     as: .trainingCoordinator).status == .created)
            func list(_ role: Role) async throws -> Consultations.Page {
                try server.decode(Consultations.Page.self, try await server.send(.GET, "/api/training/consultations", as: role))
            }
            let trainers = try await list(.trainer), supervisors = try await list(.supervisor)
            #expect(trainers.items.count == 2 && trainers.items.allSatisfy { $0.caseID == nil && $0.caseReference == nil })
            #expect(trainers.items.contains { $0.advice == "Synthetic: interview the child once, with the psychologist present" && $0.followUpOn == "2099-01-05" })
            #expect(supervisors.items.count == 3 && supervisors.items.contains { $0.caseID == caseID && $0.caseReference == reference })
            #expect(try await server.send(.GET, "/api/training/consultations?page=0", as: .supervisor).status == .unprocessableEntity)
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'consultation' AND action = 'read'")
                .first()!.decode(column: "n", as: Int.self) == 5)
            // counted in the year's figures by kind and topic, suppressed below 5
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            let figures = try server.decode(TrainingFigures.Figures.self, try await server.send(
                .GET, "/api/training/figures?year=\(yesterday.prefix(4))", as: .trainingCoordinator))
            #expect(figures.consultations == [.init(kind: "consultancy", category: "violence", display: "<5"), .init(kind: "counselling", category: "mental_health", display: "<5"),
                                               .init(kind: "information", category: "family", display: "<5")])

            // the page: the form beside the list for those who give them, a refused form beside its field, the link for those who may open the case
            var trainer = Browser(server: server)
            _ = try await trainer.signIn("test-trainer")
            let page = try await trainer.request(.GET, "/training/consultations")
            #expect(page.status == .ok && page.body.string.contains("id=\"c-advice\"") && !page.body.string.contains("/cases/\(caseID)"))
            let refused = try await trainer.request(.POST, "/training/consultations", form: [
                ("_csrf", Browser.csrf(in: page) ?? ""), ("givenOn", yesterday), ("kind", "information"), ("recipient", "parent"), ("topic", "family"),
                ("minutes", "abc"), ("advice", "Synthetic: typed in a hurry")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("href=\"#c-minutes\"") && refused.body.string.contains("Synthetic: typed in a hurry"))
            let supervisorPage = try await server.send(.GET, "/training/consultations", as: .supervisor)
            #expect(supervisorPage.body.string.contains("/cases/\(caseID)") && !supervisorPage.body.string.contains("id=\"c-advice\""))
            #expect(try await server.send(.GET, "/training/consultations", as: .counsellor).status == .forbidden)
        }
    }

    /// A multipart form as a browser or an API client sends it: fields, and perhaps a file.
    func multipart(_ fields: [(String, String)], file: (name: String, bytes: Data)?) -> (HTTPHeaders, ByteBuffer) {
        multipart(fields, part: file.map { ("file", $0.name, $0.bytes) })
    }

    func multipart(_ fields: [(String, String)], part file: (field: String, name: String, bytes: Data)?) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "synthetic-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields { body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8) }
        if let file {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += file.bytes + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, ByteBuffer(data: body))
    }

    @Test func materialsAreKeptEncryptedInVersionsAndThePublicOnesAreInTheCatalogue() async throws {
        try await TestServer.run { server in
            // setup
            func post(_ path: String, _ fields: [(String, String)], file: (name: String, bytes: Data)?) async throws -> TestingHTTPResponse {
                var (headers, body) = multipart(fields, file: file)
                headers.bearerAuthorization = .init(token: server.tokens[.trainingCoordinator]!)
                return try await server.app.testing().sendRequest(.POST, path, headers: headers, body: body) { $0.url = URI(string: path) }
            }
            let described = [("title", "Synthetic handbook on child protection"), ("kind", "handbook"), ("language", "zh"), ("licence", "CC BY 4.0"),
                             ("authorOrganisation", "Synthetic Resource Centre"), ("public", "true")]
            let pdf = Data("%PDF-1.4\nsynthetic handbook, first version\n%%EOF\n".utf8)
            // act
            let created = try await post("/api/training/materials", described, file: ("手册 v1.pdf", pdf))
            #expect(created.status == .created, "\(created.body.string)")
            let id = try server.decode(IDOnly.self, created).id
            // assert: bad files and missing fields are refused by name, and nothing is written
            let program = try await post("/api/training/materials", described, file: ("handbook.pdf", Data([0x4D, 0x5A, 0x90, 0x00, 0x03])))
            #expect(program.status == .unprocessableEntity && program.body.string.contains("only PDF, PNG, JPEG"))
            let none = try await post("/api/training/materials", described, file: nil)
            #expect(none.status == .unprocessableEntity && none.body.string.contains("choose the file to upload"))
            let large = try await post("/api/training/materials", described, file: ("big.pdf", Data("%PDF-".utf8) + Data(count: 8 * 1024 * 1024)))
            #expect(large.status == .unprocessableEntity && large.body.string.contains("larger than 8 MiB"), "\(large.status) \(large.body.string.prefix(300))")
            let unnamed = try await post("/api/training/materials", described.filter { $0.0 != "kind" && $0.0 != "licence" }, file: ("a.pdf", pdf))
            #expect(unnamed.status == .unprocessableEntity && unnamed.body.string.contains("\"kind\"") && unnamed.body.string.contains("\"licence\""))
            #expect(try await post("/api/training/materials", described, file: ("a.pdf", pdf + Data(count: 10 * 1024 * 1024))).status == .payloadTooLarge)
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM training_material_versions").first()!.decode(column: "n", as: Int.self) == 1)
            // the file is sealed where it is kept
            let stored = try await server.app.db.sql.raw("SELECT content FROM training_material_versions").first()!.decode(column: "content", as: Data.self)
            #expect(stored.range(of: Data("synthetic handbook".utf8)) == nil)

            // act: a second version, as plain text
            let second = try await post("/api/training/materials/\(id)/versions", [], file: ("handbook.txt", Data("Synthetic handbook, second version".utf8)))
            let secondVersion = try server.decode(TrainingMaterials.Version.self, second)
            #expect(second.status == .created && secondVersion.version == 2)
            // assert: the catalogue lists it for anyone and gives the latest version
            let catalogue = try server.decode([TrainingMaterials.Material].self, try await server.send(.GET, "/api/catalogue"))
            #expect(catalogue.map(\.id) == [id] && catalogue[0].versions.map(\.version) == [2] && catalogue[0].organisationName.isEmpty == false)
            let latest = try await server.send(.GET, "/api/catalogue/\(id)/file")
            #expect(latest.body.string == "Synthetic handbook, second version" && latest.headers.contentType?.subType == "plain")
            #expect(latest.headers.first(name: .contentDisposition) == "attachment; filename*=UTF-8''handbook.txt")
            // a name that claims another kind, or hides one behind a right-to-left override, is saved with the kind the bytes are
            let renamed = try await post("/api/training/materials/\(id)/versions", [], file: ("hand\u{202E}lmth.book.html", pdf))
            #expect(try server.decode(TrainingMaterials.Version.self, renamed).filename == "handlmth.book.pdf")
            // a colleague downloads the first version, and it is in the access log
            let first = try await server.send(.GET, "/api/training/materials/\(id)/versions/1", as: .trainer)
            #expect(first.status == .ok && Data(buffer: first.body) == pdf && first.headers.first(name: .contentDisposition)?.contains("%E6%89%8B%E5%86%8C") == true)
            #expect(try await server.send(.GET, "/api/training/materials/\(id)/versions/4", as: .trainer).status == .notFound)
            #expect(try await server.send(.GET, "/api/training/materials/\(id)/versions/99999999999999999999", as: .trainer).status == .badRequest)
            #expect(try await server.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE record_type = 'training_material' AND action = 'read'")
                .first()!.decode(column: "n", as: Int.self) == 1)
            // withdrawn from the catalogue, it is gone from it
            #expect(try await server.send(.POST, "/api/training/materials/\(id)/public", as: .trainingCoordinator, json: #"{"public":false}"#).status == .noContent)
            #expect(try await server.send(.GET, "/api/catalogue").body.string == "[]")
            #expect(try await server.send(.GET, "/api/catalogue/\(id)/file").status == .notFound)
            #expect(try await server.send(.POST, "/api/training/materials/\(id)/public", as: .trainer, json: #"{"public":true}"#).status == .forbidden)

            // the page's form, with its CSRF token in the multipart body, takes a file larger than an ordinary form
            var coordinator = Browser(server: server)
            _ = try await coordinator.signIn("test-training_coordinator")
            let page = try await coordinator.request(.GET, "/training/materials")
            var (headers, body) = multipart([("_csrf", Browser.csrf(in: page) ?? "")] + described, file: ("slides.pdf", Data("%PDF-".utf8) + Data(count: 2 * 1024 * 1024)))
            headers.replaceOrAdd(name: .cookie, value: coordinator.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let uploaded = try await server.app.testing().sendRequest(.POST, "/training/materials", headers: headers, body: body) { $0.url = URI(string: "/training/materials") }
            #expect(uploaded.status == .seeOther, "\(uploaded.body.string.prefix(300))")
            var (refusedHeaders, refusedBody) = multipart([("_csrf", Browser.csrf(in: page) ?? ""), ("title", "Synthetic typed title")], file: nil)
            refusedHeaders.replaceOrAdd(name: .cookie, value: coordinator.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let refused = try await server.app.testing().sendRequest(.POST, "/training/materials", headers: refusedHeaders, body: refusedBody) { $0.url = URI(string: "/training/materials") }
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("href=\"#m-file\"") && refused.body.string.contains("Synthetic typed title"))
            let catalogueTitles = try server.decode([TrainingMaterials.Material].self, try await server.send(.GET, "/api/catalogue")).map(\.title)
            #expect(catalogueTitles == ["Synthetic handbook on child protection"])
            #expect(try await server.send(.GET, "/catalogue").body.string.contains("Synthetic handbook on child protection"))
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
