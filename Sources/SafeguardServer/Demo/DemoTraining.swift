import Foundation
import SafeguardCore
import SQLKit
import Vapor

extension DemoData {
    /// The NGO's training coordinator and a trainer, a child-rights programme for Change Agents with a
    /// cohort of six places next week (three sessions), eight synthetic participants (two on the
    /// waiting list) and the first session's register kept; and last month's batch, whose three
    /// graduates are Change Agents carrying out a change project; two consultations given; and a
    /// handbook in the public catalogue.
    static func loadTraining(_ app: Application, organisation: UUID, password: String) async throws -> [(String, String, [Role])] {
        let people: [(String, String, [Role])] = [("coordinator", "Demo Training Coordinator", [.trainingCoordinator]), ("trainer", "Demo Trainer", [.trainer])]
        let services = app.safeguard
        let (coordinator, agents) = try await app.write { db -> (Actor, [String]) in
            var ids: [String: UUID] = [:]
            for (username, name, roles) in people {
                ids[username] = try await AccountStore.create(.init(username: username, displayName: name, organisationID: organisation,
                                                                    roles: roles.map(\.rawValue), password: password, locale: "en"),
                                                              organisationID: organisation, mustChangePassword: false, app: app, on: db).id
            }
            let zone = TimeZone(identifier: timeZone)!
            let coordinator = Actor(userID: ids["coordinator"]!, organisationID: organisation, regionPath: "/", username: "coordinator",
                                    displayName: "Demo Training Coordinator", roles: [.trainingCoordinator], locale: "zh-Hans", timeZone: zone,
                                    sessionID: "demo", csrfToken: "", via: .apiToken, mustChangePassword: false)
            let programme = try await TrainingStore.createProgramme(.init(
                title: "儿童权利与儿童保护（演示）", description: "演示用的合成培训项目。", targetGroups: ["social_worker", "teacher_k12"],
                delivery: "face_to_face", hours: 9, language: "zh", requiredPercent: 80, changeAgents: true), actor: coordinator, on: db).id
            let monday = Calendar.current.date(byAdding: .day, value: 7, to: Date())!
            let days = (0..<3).map { LocalTime.day(monday.addingTimeInterval(Double($0) * 86_400), in: zone) }
            let cohort = try await TrainingStore.createCohort(programmeID: programme, .init(name: "第1期", startsOn: days[0], endsOn: days[2], capacity: 6),
                                                              actor: coordinator, on: db).id
            for (text, correct) in [("《儿童权利公约》第3条规定的原则是什么？", 0), ("发现儿童遭受侵害时，谁负有强制报告义务？", 2)] {
                _ = try await TrainingAssessments.addQuestion(programmeID: programme, .init(text: text, choices: ["儿童利益最大化", "家长优先", "所有密切接触儿童的机构和人员"],
                                                                                            correctChoice: correct), actor: coordinator, on: db)
            }
            var sessions: [UUID] = []
            for (index, day) in days.enumerated() {
                let starts = LocalTime.parse("\(day)T09:00", in: zone)!, ends = LocalTime.parse("\(day)T12:00", in: zone)!
                sessions.append(try await TrainingStore.createSession(cohortID: cohort, .init(
                    title: "第\(index + 1)讲", startsAt: ISO8601DateFormatter().string(from: starts), endsAt: ISO8601DateFormatter().string(from: ends),
                    place: "资源中心教室", trainerID: ids["trainer"]), actor: coordinator, on: db).id)
            }
            var enrolled: [UUID] = []
            for index in 0..<8 {
                let person = TrainingStore.ValidParticipant(
                    name: "\(familyNames[index % familyNames.count]) \(givenNames[index % givenNames.count])", institution: "演示第\(index % 3 + 1)小学",
                    position: "教师", sex: index % 2 == 0 ? .female : .male, targetGroup: index < 4 ? .teacherK12 : .socialWorker, contact: nil)
                let participant = try await TrainingStore.createParticipant(person, actor: coordinator, services: services, on: db)
                if try await TrainingStore.enrol(cohortID: cohort, participantID: participant, actor: coordinator, on: db).status == EnrolmentStatus.enrolled.rawValue {
                    enrolled.append(participant)
                }
            }
            let marks = enrolled.enumerated().map { TrainingInput.Mark(participantID: $1, mark: $0 == 5 ? "absent" : "present") }
            _ = try await TrainingStore.markAttendance(sessionID: sessions[0], .init(marks: marks), actor: coordinator, services: services, on: db)

            // last month's batch: everyone attended and was certified
            let earlier = LocalTime.day(Calendar.current.date(byAdding: .day, value: -30, to: Date())!, in: zone)
            let past = try await TrainingStore.createCohort(programmeID: programme, .init(name: "第0期", startsOn: earlier, endsOn: earlier, capacity: 3),
                                                            actor: coordinator, on: db).id
            let pastSession = try await TrainingStore.createSession(cohortID: past, .init(
                title: "第1讲", startsAt: ISO8601DateFormatter().string(from: LocalTime.parse("\(earlier)T09:00", in: zone)!),
                endsAt: ISO8601DateFormatter().string(from: LocalTime.parse("\(earlier)T17:00", in: zone)!), place: "资源中心教室", trainerID: ids["trainer"]),
                actor: coordinator, on: db).id
            var graduates: [UUID] = []
            for index in 0..<3 {
                let person = TrainingStore.ValidParticipant(
                    name: "\(familyNames[(index + 3) % familyNames.count]) \(givenNames[(index + 5) % givenNames.count])", institution: index < 2 ? "演示师范大学" : "演示教育学院",
                    position: "讲师", sex: index == 1 ? .male : .female, targetGroup: .universityTeacher, contact: nil)
                let participant = try await TrainingStore.createParticipant(person, actor: coordinator, services: services, on: db)
                _ = try await TrainingStore.enrol(cohortID: past, participantID: participant, actor: coordinator, on: db)
                graduates.append(participant)
            }
            _ = try await TrainingStore.markAttendance(sessionID: pastSession, .init(marks: graduates.map { .init(participantID: $0, mark: "present") }),
                                                       actor: coordinator, services: services, on: db)
            // the three paper feedback forms, so that the results show
            for (ratings, comment) in [(["relevance": 5, "trainer": 5, "materials": 4, "overall": 5], "演示：案例很实用。"),
                                       (["relevance": 4, "trainer": 4, "materials": 3, "organisation": 4, "overall": 4], nil),
                                       (["relevance": 5, "trainer": 4, "organisation": 3, "overall": 4], "演示：希望增加讨论时间。")] {
                _ = try await TrainingFeedback.recordForm(sessionID: pastSession, .init(ratings: ratings, comment: comment), actor: coordinator, services: services, on: db)
            }
            let issued = try await TrainingStore.issueCertificates(cohortID: past, .init(), actor: coordinator, services: services, on: db)
            return (coordinator, issued.prefix(2).map(\.code))
        }
        let caller = Caller(actor: coordinator, app: app)
        let project = try await ChangeAgents.createProject(.init(title: "师范专业开设儿童权利课程（演示）", goal: "在师范大学的教师教育课程中开设一门儿童权利必修课。",
                                                                 institutions: "演示师范大学", agentCertificates: agents), by: caller).id
        _ = try await ChangeAgents.addMilestone(projectID: project, .init(title: "课程大纲通过学院审议", dueOn: LocalTime.day(Date().addingTimeInterval(60 * 86_400), in: coordinator.timeZone)),
                                                by: caller)
        _ = try await ChangeAgents.addReport(projectID: project, .init(reportedOn: LocalTime.day(Date().addingTimeInterval(-86_400), in: coordinator.timeZone),
                                                                       progress: "演示：课程大纲初稿已提交学院教学委员会。"), by: caller)
        try await ChangeAgents.setStatus(projectID: project, .init(status: "active"), by: caller)
        // two consultations the coordinator gave last week: nobody named
        let lastWeek = LocalTime.day(Date().addingTimeInterval(-7 * 86_400), in: coordinator.timeZone)
        _ = try await Consultations.record(.init(givenOn: lastWeek, kind: "consultancy", recipient: "professional", profession: "social_worker", topic: "violence.neglect",
                                                 minutes: 40, advice: "演示：建议先家访评估照料情况，再召开多学科个案会议。", followUp: "演示：两周后电话回访。"), by: caller)
        _ = try await Consultations.record(.init(givenOn: lastWeek, kind: "information", recipient: "parent", topic: "access_to_services.education",
                                                 minutes: 15, advice: "演示：介绍了本区的课后托管服务。"), by: caller)
        // a handbook shared in the public catalogue (a minimal synthetic PDF)
        let handbook = "%PDF-1.4\n% Synthetic demo handbook\n%%EOF\n"
        _ = try await TrainingMaterials.create(.init(title: "儿童保护工作手册（演示）", kind: "handbook", language: "zh", licence: "CC BY 4.0", authorOrganisation: "演示资源中心",
                                                     public: "true", file: File(data: ByteBuffer(string: handbook), filename: "handbook-demo.pdf")), by: caller)
        return people
    }
}
