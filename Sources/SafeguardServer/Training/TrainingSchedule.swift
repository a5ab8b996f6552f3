import Foundation
import Vapor

/// The training area's background work, run by the `Scheduler`.
enum TrainingSchedule {
    /// People are told when their mandatory training falls due and when it is overdue; supervisors of those overdue.
    static let remindMandatory = ScheduledJob.batched("training.remind-mandatory") { db, _, now, limit in
        try await MandatoryTraining.remind(now: now, limit: limit, on: db)
    }

    /// The day before a session, its trainer and the colleagues with a place in it are reminded.
    static let remindSessions = ScheduledJob.batched("training.remind-sessions") { db, _, now, limit in
        try await SessionNotices.remindUpcoming(now: now, limit: limit, on: db)
    }

    /// Once a session has ended, the colleagues who came are asked what they thought of it.
    static let askFeedback = ScheduledJob.batched("training.ask-feedback") { db, _, now, limit in
        try await SessionNotices.askForFeedback(now: now, limit: limit, on: db)
    }

    static let all = [remindMandatory, remindSessions, askFeedback]
}
