/// The figures an indicator can be computed from, out of Safeguard's own records. Each is a
/// declared query (in the server's `IndicatorQueries`) over one organisation's records in a period,
/// with a version: a change to what a figure counts is a new version, and every value keeps the
/// version it was computed by, so that a figure in a report can be computed again and come out the same.
public enum IndicatorFigure: String, CaseIterable, Codable, Sendable {
    /// Helpline contacts started in the period.
    case helplineContacts = "helpline.contacts"
    /// Helpline contacts about sexual violence or online sexual exploitation.
    case helplineSexualViolence = "helpline.sexual_violence"
    /// Statutory reports submitted to the authorities in the period.
    case reportsFiled = "reporting.reports_filed"
    /// Of the reports submitted, the share the authority acknowledged by its due time.
    case reportsAcknowledgedInTime = "reporting.acknowledged_in_time"
    /// Clinical warnings for girls under 14 (sexual assault, pregnancy, abortion or miscarriage).
    case clinicalGirlsUnder14 = "clinical.girls_under_14"
    /// Of those warnings, the share that became a statutory report.
    case clinicalGirlsUnder14Reported = "clinical.girls_under_14_reported"
    /// Minors' hotel stays checked in with a red flag.
    case staysRedFlags = "lodging.red_flag_stays"
    /// Employment-prohibition checks answered.
    case vettingChecks = "vetting.checks"
    /// Checks that found a prohibition.
    case vettingHits = "vetting.hits"
    /// Children (cases) whose legal matter was opened in the period.
    case childrenRepresented = "legal.children_represented"
    /// Professionals who attended a training session in the period.
    case professionalsTrained = "training.professionals_trained"

    public enum Kind: String, Codable, Sendable {
        /// A number of records.
        case count
        /// A part of a whole: shown as a percentage, and hidden when either is a small count.
        case share
    }

    public var kind: Kind {
        switch self {
        case .reportsAcknowledgedInTime, .clinicalGirlsUnder14Reported: .share
        default: .count
        }
    }

    /// Raised whenever the figure's query changes what it counts.
    public var version: Int { 1 }

    /// `helpline.contacts@1`: the figure and the version of its query, as a value records it.
    public var definition: String { "\(rawValue)@\(version)" }

    /// The figure with small counts hidden, as `SmallCellSuppression` hides them: a count under the
    /// threshold, or a share of which either part is under it (a share of 1 in 3 names a child as surely).
    public static func display(numerator: Int, denominator: Int?, kind: Kind, exact: Bool) -> String {
        switch kind {
        case .count:
            return SmallCellSuppression.display(numerator, exact: exact)
        case .share:
            guard let denominator, denominator > 0 else { return "–" }
            let t = SmallCellSuppression.threshold
            if !exact {
                if denominator < t { return "<\(t)" }
                if numerator < t { return "<\(t) / \(denominator)" }
                // the part not counted is as small a cell as the part counted
                if denominator - numerator < t && denominator != numerator { return ">\(denominator - t) / \(denominator)" }
            }
            let percent = (Double(numerator) * 1000 / Double(denominator)).rounded() / 10
            return "\(percent)% (\(numerator) / \(denominator))"
        }
    }
}
