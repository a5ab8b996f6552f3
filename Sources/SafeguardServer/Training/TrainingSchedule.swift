import Foundation
import Vapor

/// The training area's background work, run by the `Scheduler`.
enum TrainingSchedule {
    /// People are told when their mandatory training falls due and when it is overdue; supervisors of those overdue.
    static let remindMandatory = ScheduledJob.batched("training.remind-mandatory") { db, _, now, limit in
        try await MandatoryTraining.remind(now: now, limit: limit, on: db)
    }

    static let all = [remindMandatory]
}
