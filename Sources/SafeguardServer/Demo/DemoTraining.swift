import Foundation
import SafeguardCore
import SQLKit
import Vapor

extension DemoData {
    /// The NGO's training coordinator and a trainer, a child-rights programme with a cohort of six
    /// places next week (three sessions), eight synthetic participants (two on the waiting list) and
    /// the first session's register kept.
    static func loadTraining(_ app: Application, organisation: UUID, password: String) async throws -> [(String, String, [Role])] {
        let people: [(String, String, [Role])] = [("coordinator", "Demo Training Coordinator", [.trainingCoordinator]), ("trainer", "Demo Trainer", [.trainer])]
        let services = app.safeguard
        try await app.write { db in
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
                delivery: "face_to_face", hours: 9, language: "zh", requiredPercent: 80), actor: coordinator, on: db).id
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
        }
        return people
    }
}
