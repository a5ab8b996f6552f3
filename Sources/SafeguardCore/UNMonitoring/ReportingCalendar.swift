/// A country's reporting cycle before a UN mechanism, as dated steps: the State's report, the list
/// of issues, the pre-sessional working group, the session, the follow-up, the UPR review; and the
/// organisation's own deadlines, for its alternative report and its additional submission.
public enum ReportingStep: String, CaseIterable, Codable, Sendable {
    case stateReport = "state_report"
    /// The list of issues, or the list of issues prior to reporting under the simplified procedure.
    case listOfIssues = "list_of_issues"
    case preSession = "pre_session"
    case session
    /// The State's report on the recommendations the Committee asked to hear about first.
    case followUp = "follow_up"
    case uprReview = "upr_review"
    /// The organisation's alternative report is due.
    case ngoReport = "ngo_report"
    /// The organisation's additional submission before the session is due.
    case ngoAdditional = "ngo_additional"
    case other

    /// The organisation's own deadlines: what it must send, not what others will do.
    public var isOwnDeadline: Bool { self == .ngoReport || self == .ngoAdditional }

    /// How long before a step its reminder goes: enough to write for one's own deadlines.
    public var reminderDays: Int { isOwnDeadline ? 30 : 7 }
}

public enum ReportingCalendar {
    /// The organisation's deadlines that follow from a Committee on the Rights of the Child date,
    /// as the Committee's secretariat sets them for civil society (OHCHR, "Information for civil
    /// society, NGOs and NHRIs", CRC): an alternative report by the first day of the month two
    /// months before the pre-sessional working group (1 December for February, 1 April for June,
    /// 1 August for October), and an additional submission by the 15th of the month before the
    /// session (15 December for January, 15 April for May, 15 August for September).
    public static func ownDeadlines(after step: ReportingStep, on day: CivilDay) -> [(step: ReportingStep, day: CivilDay)] {
        switch step {
        case .preSession:
            let (year, month) = monthsBefore(2, year: day.year, month: day.month)
            return CivilDay(year: year, month: month, day: 1).map { [(.ngoReport, $0)] } ?? []
        case .session:
            let (year, month) = monthsBefore(1, year: day.year, month: day.month)
            return CivilDay(year: year, month: month, day: 15).map { [(.ngoAdditional, $0)] } ?? []
        default:
            return []
        }
    }

    static func monthsBefore(_ months: Int, year: Int, month: Int) -> (Int, Int) {
        let index = year * 12 + (month - 1) - months
        return (index / 12, index % 12 + 1)
    }
}
