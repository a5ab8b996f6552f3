import Foundation
import SafeguardCore
import SQLKit

/// The training sessions a person gives, and those of cohorts where they hold a place (a participant
/// linked to their account), as events of their calendar feed (`CalendarFeed`).
enum TrainingCalendar {
    static func events(for userID: UUID, _ s: Strings, on db: any SQLDatabase) async throws -> [ICalendar.Event] {
        // two indexed reads joined by UNION, not one OR that would scan every session
        return try await db.raw("""
            SELECT s.id, s.title, s.starts_at, s.ends_at, s.place, p.title AS programme_title, 1 AS gives
            FROM training_sessions s JOIN training_cohorts c ON c.id = s.cohort_id JOIN training_programmes p ON p.id = c.programme_id
            WHERE s.trainer_id = \(bind: userID)
            UNION
            SELECT s.id, s.title, s.starts_at, s.ends_at, s.place, p.title AS programme_title, 0 AS gives
            FROM training_participants t JOIN training_enrolments e ON e.participant_id = t.id AND e.status = 'enrolled'
            JOIN training_sessions s ON s.cohort_id = e.cohort_id JOIN training_cohorts c ON c.id = s.cohort_id
            JOIN training_programmes p ON p.id = c.programme_id
            WHERE t.user_id = \(bind: userID) AND (s.trainer_id IS NULL OR s.trainer_id <> \(bind: userID))
            ORDER BY 3 LIMIT 5000
            """).all().map { x in
            let gives = try x.decode(column: "gives", as: Int.self) == 1
            return ICalendar.Event(uid: "\(try x.decode(column: "id", as: UUID.self).uuidString)@safeguard", start: try x.decode(column: "starts_at", as: Date.self),
                                   end: try x.decode(column: "ends_at", as: Date.self),
                                   summary: s.format("calendar.trainingSession", ["programme": try x.decode(column: "programme_title", as: String.self),
                                                                                   "session": try x.decode(column: "title", as: String.self)]),
                                   location: try x.decode(column: "place", as: String.self), description: s[gives ? "calendar.youTrain" : "calendar.youAttend"])
        }
    }
}
