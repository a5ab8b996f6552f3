import Foundation
import SQLKit

/// The notices around a session: a reminder the day before to its trainer and to each colleague
/// with a place, and a request for feedback to those who came once it has ended. Each session is
/// claimed by setting its time stamp first, so two nodes sweeping at once never both send one.
enum SessionNotices {
    static let remindBefore: TimeInterval = 86_400
    /// Sessions that ended longer ago than this are not asked about: the memory has faded.
    static let askWithin: TimeInterval = 3 * 86_400

    static func remindUpcoming(now: Date, limit: Int, on db: any SQLDatabase) async throws -> Int {
        let sessions = try await claim("reminded_at", where: "starts_at > \(bind: now) AND starts_at <= \(bind: now.addingTimeInterval(remindBefore))",
                                       now: now, limit: limit, on: db)
        for session in sessions {
            let id = try session.decode(column: "id", as: UUID.self)
            let trainer = try session.decode(column: "trainer_id", as: UUID?.self)
            if let trainer {
                try await Notifications.notify(users: [trainer], kind: .trainingSessionToGive, recordType: "training_session", recordID: id, on: db)
            }
            // one notice each: the trainer, if they also have a place, is told as the trainer
            let colleagues = try await withPlaces(cohortID: try session.decode(column: "cohort_id", as: UUID.self), cameTo: nil, on: db).filter { $0 != trainer }
            try await Notifications.notify(users: colleagues, kind: .trainingSessionSoon, recordType: "training_session", recordID: id, on: db)
        }
        return sessions.count
    }

    static func askForFeedback(now: Date, limit: Int, on db: any SQLDatabase) async throws -> Int {
        let sessions = try await claim("feedback_asked_at", where: "ends_at <= \(bind: now) AND ends_at > \(bind: now.addingTimeInterval(-askWithin))",
                                       now: now, limit: limit, on: db)
        for session in sessions {
            let id = try session.decode(column: "id", as: UUID.self)
            let came = try await withPlaces(cohortID: try session.decode(column: "cohort_id", as: UUID.self), cameTo: id, on: db)
            try await Notifications.notify(users: came, kind: .trainingFeedbackAsked, recordType: "training_session", recordID: id, on: db)
        }
        return sessions.count
    }

    private static func claim(_ stamp: String, where window: SQLQueryString, now: Date, limit: Int, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw("""
            UPDATE training_sessions SET \(ident: stamp) = \(bind: now) WHERE \(ident: stamp) IS NULL AND id IN (
                SELECT id FROM training_sessions WHERE \(ident: stamp) IS NULL AND \(window) LIMIT \(bind: limit))
            RETURNING id, cohort_id, trainer_id
            """).all()
    }

    /// The Safeguard users with a place in the cohort; with `cameTo`, only those not marked absent or excused from that session.
    private static func withPlaces(cohortID: UUID, cameTo session: UUID?, on db: any SQLDatabase) async throws -> [UUID] {
        let came: SQLQueryString = session.map {
            "AND NOT EXISTS (SELECT 1 FROM training_attendance a WHERE a.session_id = \(bind: $0) AND a.participant_id = t.id AND a.mark IN ('absent', 'excused'))"
        } ?? ""
        return try await db.raw("""
            SELECT t.user_id FROM training_enrolments e JOIN training_participants t ON t.id = e.participant_id
            WHERE e.cohort_id = \(bind: cohortID) AND e.status = 'enrolled' AND t.user_id IS NOT NULL \(came)
            """).all().map { try $0.decode(column: "user_id", as: UUID.self) }
    }
}
