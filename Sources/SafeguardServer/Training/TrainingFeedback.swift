import Foundation
import SafeguardCore
import SQLKit
import Vapor

/// Feedback on a session: a participant who is a Safeguard user gives their own (a second answer
/// replaces the first), and a trainer types in the paper forms collected at the door (nameless).
/// The results name nobody and are shown only from `SessionFeedback.shownFrom` answers (per session,
/// and per question), and a cohort's only over its sessions that reach it.
enum TrainingFeedback {
    struct Input: Content {
        /// From 1 (poor) to 5 (very good), by criterion (`SessionFeedback.Criterion`); any may be left out.
        var ratings: [String: Int]?
        var comment: String?
    }

    struct Results: Content, Equatable {
        var summary: SessionFeedback.Summary
        /// The comments, in no particular order and without names; empty while the results are not shown.
        var comments: [String]
    }

    /// A session as its participant sees it when asked for feedback, with what they gave before.
    struct Own: Content {
        var sessionID: UUID
        var title: String
        var programmeTitle: String
        var startsAt: Date
        var given: Input?
    }

    struct Valid {
        var ratings: [SessionFeedback.Criterion: Int]
        var comment: String?
    }

    static func validate(_ input: Input) throws -> Valid {
        var v = FieldValidator()
        var ratings: [SessionFeedback.Criterion: Int] = [:]
        for (key, rating) in input.ratings ?? [:] {
            guard let criterion = SessionFeedback.Criterion(rawValue: key) else {
                v.add("ratings", "there is no question about that: rate relevance, trainer, materials, organisation or overall"); continue
            }
            if SessionFeedback.scale.contains(rating) { ratings[criterion] = rating } else { v.add("ratings.\(key)", "rate from 1 to 5") }
        }
        let comment = input.comment?.trimmedWhitespace
        v.check((comment ?? "").count <= 2_000, "comment", "is longer than 2000 characters")
        v.check(!ratings.isEmpty || !(comment ?? "").isEmpty || !v.errors.isEmpty, "ratings", "rate at least one thing from 1 to 5, or write a comment")
        try v.finish()
        return Valid(ratings: ratings, comment: (comment ?? "").isEmpty ? nil : comment)
    }

    /// A paper form typed in by someone who keeps the session's register.
    static func recordForm(sessionID: UUID, _ input: Input, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> IDOnly {
        let valid = try validate(input)
        let (session, cohortID, _) = try await TrainingStore.session(sessionID, actor: actor, services: services, on: db)
        try tookPlace(session.startsAt)
        // no more answers than people with a place: made-up forms could otherwise lift the results over the minimum
        let counts = try await db.raw("""
            SELECT (SELECT COUNT(*) FROM training_enrolments WHERE cohort_id = \(bind: cohortID) AND status = 'enrolled') AS places,
            (SELECT COUNT(*) FROM training_session_feedback WHERE session_id = \(bind: sessionID)) AS answers
            """).first()!
        let places = try counts.decode(column: "places", as: Int.self)
        guard try counts.decode(column: "answers", as: Int.self) < places else {
            throw AppError.invalid("sessionID", "the session has as many answers as people with a place (\(places))")
        }
        let id = try await insert(sessionID: sessionID, participantID: nil, valid, recordedBy: actor.userID, on: db)
        try await AuditLog.append([.init(verb: .create, recordType: "training_feedback", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    /// The signed-in person's own feedback on a session of a cohort they have a place in.
    static func recordOwn(sessionID: UUID, _ input: Input, actor: Actor, on db: any SQLDatabase) async throws -> IDOnly {
        let valid = try validate(input)
        let (participantID, startsAt) = try await ownPlace(sessionID: sessionID, userID: actor.userID, on: db)
        try tookPlace(startsAt)
        let id = try await insert(sessionID: sessionID, participantID: participantID, valid, recordedBy: actor.userID, on: db)
        try await AuditLog.append([.init(verb: .update, recordType: "training_feedback", recordID: id.uuidString)], by: actor, on: db)
        return IDOnly(id: id)
    }

    static func own(sessionID: UUID, actor: Actor, on db: any SQLDatabase) async throws -> Own {
        let (participantID, _) = try await ownPlace(sessionID: sessionID, userID: actor.userID, on: db)
        let r = try await db.raw("""
            SELECT s.title, s.starts_at, p.title AS programme_title FROM training_sessions s JOIN training_cohorts c ON c.id = s.cohort_id
            JOIN training_programmes p ON p.id = c.programme_id WHERE s.id = \(bind: sessionID)
            """).first()!
        let given = try await db.raw("""
            SELECT \(ratingColumns), comment FROM training_session_feedback WHERE session_id = \(bind: sessionID) AND participant_id = \(bind: participantID)
            """).first().map { row in
            Input(ratings: Dictionary(uniqueKeysWithValues: try ratings(row).map { ($0.key.rawValue, $0.value) }), comment: try row.decode(column: "comment", as: String?.self))
        }
        return Own(sessionID: sessionID, title: try r.decode(column: "title", as: String.self), programmeTitle: try r.decode(column: "programme_title", as: String.self),
                   startsAt: try r.decode(column: "starts_at", as: Date.self), given: given)
    }

    /// The results of one session, or of every session of a cohort.
    static func results(sessionID: UUID, actor: Actor, services: AppServices, on db: any SQLDatabase) async throws -> Results {
        _ = try await TrainingStore.session(sessionID, actor: actor, services: services, on: db)
        return try await summarise(db.raw("SELECT \(ratingColumns), comment FROM training_session_feedback WHERE session_id = \(bind: sessionID)").all())
    }

    static func results(cohortID: UUID, actor: Actor, on db: any SQLDatabase) async throws -> Results {
        _ = try await TrainingStore.cohort(cohortID, actor: actor, on: db)
        // only sessions whose own results are shown: otherwise the cohort's total minus the shown sessions would give a hidden one away
        return try await summarise(db.raw("""
            SELECT \(ratingColumns), f.comment FROM training_session_feedback f JOIN training_sessions s ON s.id = f.session_id WHERE s.cohort_id = \(bind: cohortID)
            AND f.session_id IN (SELECT session_id FROM training_session_feedback GROUP BY session_id HAVING COUNT(*) >= \(bind: SessionFeedback.shownFrom))
            """).all())
    }

    // MARK: the parts

    private static let ratingColumns = SQLQueryString(SessionFeedback.Criterion.allCases.map(\.rawValue).joined(separator: ", "))

    private static func ratings(_ row: any SQLRow) throws -> [SessionFeedback.Criterion: Int] {
        var ratings: [SessionFeedback.Criterion: Int] = [:]
        for criterion in SessionFeedback.Criterion.allCases { ratings[criterion] = try row.decode(column: criterion.rawValue, as: Int?.self) }
        return ratings
    }

    private static func summarise(_ rows: [any SQLRow]) throws -> Results {
        let summary = SessionFeedback.summarise(try rows.map(ratings))
        // sorted, so that the order in which forms were typed in says nothing about who wrote which
        let comments = summary.shown ? try rows.compactMap { try $0.decode(column: "comment", as: String?.self) }.sorted() : []
        return Results(summary: summary, comments: comments)
    }

    /// Feedback is about a session that has begun: before it there is nothing to judge.
    private static func tookPlace(_ startsAt: Date) throws {
        guard startsAt <= Date() else { throw AppError.invalid("sessionID", "the session has not taken place yet: feedback opens when it begins") }
    }

    /// The caller's place in the session's cohort; not found for anyone without one, as for a session that does not exist.
    private static func ownPlace(sessionID: UUID, userID: UUID, on db: any SQLDatabase) async throws -> (participant: UUID, startsAt: Date) {
        guard let r = try await db.raw("""
            SELECT t.id, s.starts_at FROM training_sessions s JOIN training_enrolments e ON e.cohort_id = s.cohort_id AND e.status = 'enrolled'
            JOIN training_participants t ON t.id = e.participant_id WHERE s.id = \(bind: sessionID) AND t.user_id = \(bind: userID)
            """).first() else { throw AppError.notFound("session") }
        return (try r.decode(column: "id", as: UUID.self), try r.decode(column: "starts_at", as: Date.self))
    }

    private static func insert(sessionID: UUID, participantID: UUID?, _ valid: Valid, recordedBy: UUID, on db: any SQLDatabase) async throws -> UUID {
        let criteria = SessionFeedback.Criterion.allCases
        let id = UUID.timeOrdered()
        let insert = db.insert(into: "training_session_feedback")
            .columns(["id", "session_id", "participant_id"] + criteria.map(\.rawValue) + ["comment", "recorded_by", "recorded_at"])
            .values([SQLBind(id), SQLBind(sessionID), SQLBind(participantID)] + criteria.map { SQLBind(valid.ratings[$0]) }
                    + [SQLBind(valid.comment), SQLBind(recordedBy), SQLBind(Date())])
        guard participantID != nil else { try await insert.run(); return id }
        // A second answer replaces the first: the row keeps its id.
        return try await insert.onConflict(with: ["session_id", "participant_id"]) { update in
            var update = update
            for column in criteria.map(\.rawValue) + ["comment", "recorded_at"] { update = update.set(excludedValueOf: column) }
            return update
        }.returning("id").first()!.decode(column: "id", as: UUID.self)
    }
}
