/// When a participant has completed a cohort: they attended at least the programme's required share
/// of the cohort's scheduled minutes (present or late). Shares are whole percentages, so the test is
/// exact: no rounding decides whether someone gets a certificate.
public enum TrainingCompletion {
    public static func completed(attendedMinutes: Int, scheduledMinutes: Int, requiredPercent: Int) -> Bool {
        guard scheduledMinutes > 0, attendedMinutes >= 0 else { return false }
        return attendedMinutes * 100 >= scheduledMinutes * requiredPercent
    }

    /// The attended share in whole percent, rounded down (what the register page shows).
    public static func percent(attendedMinutes: Int, scheduledMinutes: Int) -> Int {
        scheduledMinutes > 0 ? min(100, attendedMinutes * 100 / scheduledMinutes) : 0
    }
}
