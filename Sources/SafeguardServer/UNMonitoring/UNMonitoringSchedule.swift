/// The UN monitoring area's background work: reminders of the reporting calendar's steps.
enum UNMonitoringSchedule {
    static let remindSteps = ScheduledJob.batched("monitoring.remind-reporting-steps") { db, _, now, limit in
        try await ReportingSteps.remind(now: now, limit: limit, on: db)
    }

    static let all = [remindSteps]
}
