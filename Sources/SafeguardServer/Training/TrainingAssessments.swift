import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Pre- and post-tests: a programme's questions with choices, each participant's answers scored, and
/// what a cohort learned (`KnowledgeGain`).
enum TrainingAssessments {
    struct QuestionInput: Content {
        var text: String?
        var choices: [String]?
        /// Which choice is right, counting from 0.
        var correctChoice: Int?
    }

    struct Question: Content {
        var id: UUID
        var position: Int
        var text: String
        var choices: [String]
        var correctChoice: Int
    }

    struct ResultInput: Content {
        var participantID: UUID?
        var kind: String?
        /// The choice given for each question in order, counting from 0; null for no answer.
        var answers: [Int?]?
    }

    struct Scored: Content { var score: Int; var outOf: Int }

    struct Results: Content {
        struct Line: Content { var participantID: UUID; var pre: Scored?; var post: Scored? }
        var lines: [Line]
        var gain: KnowledgeGain.Summary?
    }

    static func addQuestion(programmeID: UUID, _ input: QuestionInput, actor: Actor, on db: any SQLDatabase) async throws -> IDOnly {
        guard try await db.raw("SELECT id FROM training_programmes WHERE id = \(bind: programmeID) AND organisation_id = \(bind: actor.organisationID)")
            .first() != nil else { throw AppError.notFound("programme") }
        var v = FieldValidator()
        let text = input.text?.trimmedWhitespace ?? ""
        let choices = (input.choices ?? []).map(\.trimmedWhitespace)
        v.check((1...1_000).contains(text.count), "text", "write the question (1 to 1000 characters)")
        v.check((2...10).contains(choices.count), "choices", "give 2 to 10 choices")
        for (index, choice) in choices.enumerated() where !(1...300).contains(choice.count) { v.add("choices[\(index)]", "write the choice (1 to 300 characters)") }
        v.check((0..<max(choices.count, 1)).contains(input.correctChoice ?? -1), "correctChoice", "say which choice is right, counting from 0")
        try v.finish()
        let position = try await db.raw("SELECT COALESCE(MAX(position), 0) + 1 AS next FROM training_questions WHERE programme_id = \(bind: programmeID)")
            .first()!.decode(column: "next", as: Int.self)
        let id = UUID.timeOrdered()
        try await db.insert(into: "training_questions").columns("id", "programme_id", "position", "text", "choices", "correct_choice", "created_at")
            .values(SQLBind(id), SQLBind(programmeID), SQLBind(position), SQLBind(text),
                    SQLBind(String(decoding: try JSONEncoder().encode(choices), as: UTF8.self)), SQLBind(input.correctChoice!), SQLBind(Date()))
            .run()
        try await AuditLog.append([.init(verb: .create, recordType: "training_question", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    static func questions(programmeID: UUID, on db: any SQLDatabase) async throws -> [Question] {
        try await db.raw("""
            SELECT id, position, text, choices, correct_choice FROM training_questions WHERE programme_id = \(bind: programmeID) ORDER BY position
            """).all().map { r in
            .init(id: try r.decode(column: "id", as: UUID.self), position: try r.decode(column: "position", as: Int.self), text: try r.decode(column: "text", as: String.self),
                  choices: try JSONDecoder().decode([String].self, from: Data(try r.decode(column: "choices", as: String.self).utf8)),
                  correctChoice: try r.decode(column: "correct_choice", as: Int.self))
        }
    }

    /// Scores one participant's answers and keeps them (a later entry of the same test replaces it).
    static func record(cohortID: UUID, _ input: ResultInput, actor: Actor, on db: any SQLDatabase) async throws -> Scored {
        let cohort = try await TrainingStore.cohort(cohortID, actor: actor, on: db)
        let questions = try await questions(programmeID: cohort.programmeID, on: db)
        var v = FieldValidator()
        let kind = v.requiredCode(input.kind, "kind", as: TestKind.self, missing: "say whether this is the test before (pre) or after (post)")
        v.check(input.participantID != nil, "participantID", "name the participant")
        v.check(!questions.isEmpty, "answers", "the programme has no test questions yet")
        let answers = input.answers ?? []
        v.check(!answers.isEmpty, "answers", "give the answers, one per question")
        for (index, answer) in answers.enumerated() {
            guard index < questions.count else { v.add("answers[\(index)]", "there is no question \(index + 1): the test has \(questions.count)"); continue }
            if let answer, !questions[index].choices.indices.contains(answer) {
                v.add("answers[\(index)]", "question \(index + 1) has \(questions[index].choices.count) choices, counted from 0")
            }
        }
        try v.finish()
        guard try await db.raw("""
            SELECT id FROM training_enrolments WHERE cohort_id = \(bind: cohortID) AND participant_id = \(bind: input.participantID!) AND status = 'enrolled'
            """).first() != nil else { throw AppError.invalid("participantID", "is not enrolled in this cohort") }
        let score = zip(answers, questions).filter { $0.0 == $0.1.correctChoice }.count
        try await db.insert(into: "training_test_results")
            .columns("cohort_id", "participant_id", "kind", "score", "out_of", "answers", "recorded_by", "recorded_at")
            .values(SQLBind(cohortID), SQLBind(input.participantID!), SQLBind(kind!.rawValue), SQLBind(score), SQLBind(questions.count),
                    SQLBind(String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)), SQLBind(actor.userID), SQLBind(Date()))
            .onConflict(with: ["cohort_id", "participant_id", "kind"], do: {
                $0.set(excludedValueOf: "score").set(excludedValueOf: "out_of").set(excludedValueOf: "answers").set(excludedValueOf: "recorded_by")
                    .set(excludedValueOf: "recorded_at")
            })
            .run()
        try await AuditLog.append([.init(verb: .update, recordType: "training_participant", recordID: input.participantID!.uuidString, reason: "\(kind!.rawValue)-test")],
                                  by: actor, on: db)
        return Scored(score: score, outOf: questions.count)
    }

    static func results(cohortID: UUID, actor: Actor, on db: any SQLDatabase) async throws -> Results {
        _ = try await TrainingStore.cohort(cohortID, actor: actor, on: db)
        var lines: [UUID: Results.Line] = [:]
        for r in try await db.raw("SELECT participant_id, kind, score, out_of FROM training_test_results WHERE cohort_id = \(bind: cohortID)").all() {
            let id = try r.decode(column: "participant_id", as: UUID.self)
            let scored = Scored(score: try r.decode(column: "score", as: Int.self), outOf: try r.decode(column: "out_of", as: Int.self))
            var line = lines[id] ?? .init(participantID: id)
            if try r.decode(column: "kind", as: String.self) == TestKind.pre.rawValue { line.pre = scored } else { line.post = scored }
            lines[id] = line
        }
        let pairs = lines.values.compactMap { line -> (pre: Double, post: Double)? in
            guard let pre = line.pre, let post = line.post, pre.outOf > 0, post.outOf > 0 else { return nil }
            return (Double(pre.score) / Double(pre.outOf), Double(post.score) / Double(post.outOf))
        }
        return Results(lines: lines.values.sorted { $0.participantID.uuidString < $1.participantID.uuidString }, gain: KnowledgeGain.summarise(pairs))
    }
}
