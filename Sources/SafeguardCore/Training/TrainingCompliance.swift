import Foundation

/// Whether someone has done the training their job requires (for example: every child-protection
/// social worker takes the 40-hour in-service course within 12 months of starting, and again every 3
/// years). Days are calendar days in UTC, written `2026-12-20`.
public enum TrainingCompliance {
    public enum Status: String, CaseIterable, Codable, Sendable {
        /// Done, and not yet due again.
        case compliant
        /// Not done, with more than `dueWindowDays` left.
        case pending
        /// The deadline is within `dueWindowDays`.
        case due
        /// The deadline has passed.
        case overdue
    }

    public static let dueWindowDays = 30

    /// The deadline: `withinDays` after starting when never done, else `refreshMonths` after the last
    /// completion; nil when done and never due again.
    public static func deadline(startedOn: String, completedOn: String?, withinDays: Int, refreshMonths: Int?) -> String? {
        guard let completedOn else { return add(days: withinDays, to: startedOn) }
        return refreshMonths.flatMap { add(months: $0, to: completedOn) }
    }

    public static func status(startedOn: String, completedOn: String?, withinDays: Int, refreshMonths: Int?, today: String) -> (status: Status, deadline: String?) {
        guard let deadline = deadline(startedOn: startedOn, completedOn: completedOn, withinDays: withinDays, refreshMonths: refreshMonths) else {
            return (.compliant, nil)
        }
        if deadline < today { return (.overdue, deadline) }
        if let soon = add(days: dueWindowDays, to: today), deadline <= soon { return (.due, deadline) }
        return (completedOn == nil ? .pending : .compliant, deadline)
    }

    public static func add(days: Int, to day: String) -> String? {
        CivilDay(day)?.adding(days: days).description
    }

    /// The same day `months` later; the month's last day when it has no such day (31 January + 1 month: 28 or 29 February).
    public static func add(months: Int, to day: String) -> String? {
        CivilDay(day)?.adding(months: months).description
    }
}
