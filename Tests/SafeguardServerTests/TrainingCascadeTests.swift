import Foundation
import SafeguardCore
@testable import SafeguardServer
import SQLKit
import Testing
import VaporTesting

/// The cascade's walk runs in the database over the pairs that marking attendance keeps; these
/// tests hold it to `CascadeReach`, the plain walk over every attendance mark.
@Suite struct TrainingCascadeTests {
    /// A fixed sequence of choices, so that a failure can be repeated.
    struct Choices: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: [UInt64(22), 643])
    func theWalkInTheDatabaseCountsAsTheReferenceDoesAfterMarksAreChanged(seed: UInt64) async throws {
        try await TestServer.run { server in
            // setup: the programme trains six of thirty people; then twelve in-service sessions, each given by
            // someone trained already to six others, some marked absent, excused or changed afterwards
            let training = TrainingTests()
            var choices = Choices(state: seed)
            let world = try await training.world(server, capacity: 40)
            let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            var people: [UUID] = []
            for index in 0..<30 {
                people.append(try await training.participant(server, "Synthetic Cascade \(letters[index % 26])\(letters[index / 26])"))
            }
            let inService = try await training.created(server, "/api/training/programmes", """
                {"title":"Synthetic in-service course","targetGroups":["teacher_k12"],"delivery":"face_to_face","hours":3,"language":"zh"}
                """)
            let cohort = try await training.created(server, "/api/training/programmes/\(inService)/cohorts",
                                                    #"{"name":"Cascade","startsOn":"2026-12-14","endsOn":"2026-12-28","capacity":40}"#)
            for person in people {
                for enrolIn in [world.cohort, cohort] {
                    _ = try await server.send(.POST, "/api/training/cohorts/\(enrolIn)/enrolments", as: .trainingCoordinator, json: #"{"participantID":"\#(person)"}"#)
                }
            }
            func mark(_ session: UUID, _ marks: [(UUID, String)]) async throws {
                let body = marks.map { #"{"participantID":"\#($0.0)","mark":"\#($0.1)"}"# }.joined(separator: ",")
                let response = try await server.send(.PUT, "/api/training/sessions/\(session)/attendance", as: .trainer, json: #"{"marks":[\#(body)]}"#)
                #expect(response.status == .noContent || response.status == .unprocessableEntity, "\(response.body.string)")
            }
            try await mark(world.sessions[0], people[0..<6].map { ($0, "present") })
            var trained = Set(people[0..<6])
            for day in 0..<12 {
                let trainer = trained.sorted { $0.uuidString < $1.uuidString }.randomElement(using: &choices)!
                let session = try await training.created(server, "/api/training/cohorts/\(cohort)/sessions", """
                    {"title":"Cascade \(day)","startsAt":"2026-12-\(14 + day)T09:00:00Z","endsAt":"2026-12-\(14 + day)T10:00:00Z","place":"School hall",
                     "trainerParticipantID":"\(trainer)"}
                    """)
                let group = people.filter { $0 != trainer }.shuffled(using: &choices).prefix(6)
                let marks = group.map { ($0, ["present", "present", "late", "absent", "excused"].randomElement(using: &choices)!) }
                // a loop is refused whole, as the people at the door would see it
                try await mark(session, marks)
                // and a second look at the register changes two marks
                try await mark(session, group.shuffled(using: &choices).prefix(2).map { ($0, ["present", "absent"].randomElement(using: &choices)!) })
                for (person, _) in marks { trained.insert(person) }
            }
            // the reference: every mark in the database, walked in memory
            var trainees: [UUID: [UUID]] = [:]
            for r in try await server.app.db.sql.raw("""
                SELECT DISTINCT s.trainer_participant_id AS trainer, a.participant_id AS trainee FROM training_attendance a
                JOIN training_sessions s ON s.id = a.session_id WHERE s.trainer_participant_id IS NOT NULL AND a.mark IN ('present', 'late')
                """).all() {
                trainees[try r.decode(column: "trainer", as: UUID.self), default: []].append(try r.decode(column: "trainee", as: UUID.self))
            }
            let first = try await server.app.db.sql.raw("""
                SELECT DISTINCT participant_id FROM training_attendance WHERE session_id = \(bind: world.sessions[0]) AND mark IN ('present', 'late')
                """).all().map { try $0.decode(column: "participant_id", as: UUID.self) }
            let expected = CascadeReach.generations(firstGeneration: first, trainees: trainees)

            // act
            let reach = try server.decode(TrainingViews.Reach.self, try await server.send(.GET, "/api/training/programmes/\(world.programme)/reach", as: .supervisor))
            let agent = people[0]
            let agentReach = try server.decode(TrainingViews.Reach.self, try await server.send(.GET, "/api/training/participants/\(agent)/reach", as: .trainingCoordinator))

            // assert: the same people at the same generations, and the same people passing it on
            func perGeneration(_ generation: [UUID: Int]) -> [Int] {
                (0..<(generation.values.max() ?? 0)).map { level in generation.values.filter { $0 == level + 1 }.count }
            }
            #expect(reach.generations.map(\.people) == perGeneration(expected) && reach.total == expected.count, "\(reach.generations.map(\.people))")
            let passedOn = expected.filter { !(trainees[$0.key] ?? []).isEmpty }
            #expect(Dictionary(uniqueKeysWithValues: reach.trainers.map { ($0.id, $0.generation) }) == passedOn)
            for trainer in reach.trainers {
                #expect(trainer.trained == Set(trainees[trainer.id] ?? []).count)
                if let by = trainer.trainedBy { #expect(expected[by] == trainer.generation - 1 && trainees[by]?.contains(trainer.id) == true) }
                else { #expect(trainer.generation == 1) }
            }
            let agentExpected = CascadeReach.generations(firstGeneration: trainees[agent] ?? [], trainees: trainees)
            #expect(agentReach.generations.map(\.people) == perGeneration(agentExpected))
        }
    }

    @Test func theYearsFiguresCountPeopleTrainedByGenerationEachAtTheLowest() async throws {
        try await TestServer.run { server in
            // setup: the organisation certifies Ana and Dai; Ana trains Bo; Bo trains Chen and Dai
            let training = TrainingTests()
            let world = try await training.world(server, capacity: 5)
            let people = Dictionary(uniqueKeysWithValues: try await ["Ana", "Bo", "Chen", "Dai"].asyncMap { ($0, try await training.participant(server, "Synthetic \($0)")) })
            let inService = try await training.created(server, "/api/training/programmes", """
                {"title":"Synthetic in-service course","targetGroups":["teacher_k12"],"delivery":"face_to_face","hours":1,"language":"zh"}
                """)
            func certify(_ cohort: UUID, sessions: [UUID], _ names: [String]) async throws {
                for name in names {
                    _ = try await server.send(.POST, "/api/training/cohorts/\(cohort)/enrolments", as: .trainingCoordinator, json: #"{"participantID":"\#(people[name]!)"}"#)
                }
                let marks = names.map { #"{"participantID":"\#(people[$0]!)","mark":"present"}"# }.joined(separator: ",")
                for session in sessions {
                    #expect(try await server.send(.PUT, "/api/training/sessions/\(session)/attendance", as: .trainer, json: #"{"marks":[\#(marks)]}"#).status == .noContent)
                }
                let issued = try await server.send(.POST, "/api/training/cohorts/\(cohort)/certificates", as: .trainingCoordinator)
                #expect(try server.decode([TrainingViews.Issued].self, issued).count == names.count, "\(issued.body.string)")
            }
            func cohortGiven(by name: String, day: Int) async throws -> (UUID, UUID) {
                let cohort = try await training.created(server, "/api/training/programmes/\(inService)/cohorts",
                                                        #"{"name":"By \#(name)","startsOn":"2026-12-\#(day)","endsOn":"2026-12-\#(day)","capacity":5}"#)
                let session = try await training.created(server, "/api/training/cohorts/\(cohort)/sessions", """
                    {"title":"By \(name)","startsAt":"2026-12-\(day)T09:00:00Z","endsAt":"2026-12-\(day)T10:00:00Z","place":"School hall","trainerParticipantID":"\(people[name]!)"}
                    """)
                return (cohort, session)
            }
            try await certify(world.cohort, sessions: world.sessions, ["Ana", "Dai"])
            let byAna = try await cohortGiven(by: "Ana", day: 17)
            try await certify(byAna.0, sessions: [byAna.1], ["Bo"])
            let byBo = try await cohortGiven(by: "Bo", day: 18)
            try await certify(byBo.0, sessions: [byBo.1], ["Chen", "Dai"])
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!

            // act
            let response = try await server.send(.GET, "/api/training/figures?year=\(utc.component(.year, from: Date()))", as: .supervisor)

            // assert: Ana and Dai (trained by the organisation, Dai again later), Bo, then Chen
            let figures = try server.decode(TrainingFigures.Figures.self, response)
            #expect(figures.breakdowns.first { $0.dimension == "generation" }?.cells == [.init(key: "1", display: "2"), .init(key: "2", display: "1"), .init(key: "3", display: "1")])
            let page = try await server.send(.GET, "/training/figures?year=\(utc.component(.year, from: Date()))", as: .supervisor)
            #expect(page.body.string.contains("3: trained by people of generation 2"))
        }
    }
}
