/// The nine situations of the 2020 Opinion on mandatory reporting of harm to minors, in which
/// staff in close contact with children must report to the authorities at once.
public enum LegalSituation: Int, CaseIterable, Codable, Sendable {
    case genitalInjury = 1
    case girlUnder14SexualHarmOrPregnancy = 2
    case girl14OrOverPregnancyFromAssault = 3
    case injuriesMalnutritionOrUnconsciousness = 4
    case abnormalDisabilityOrDeath = 5
    case abandonmentOrNeglect = 6
    case missingOrTrafficked = 7
    case organisedBegging = 8
    case otherSeriousHarm = 9

    /// The suggested colour: red for items 1-2, orange for 3-5, yellow for 6-9.
    public var colour: WarningColour {
        switch rawValue {
        case 1...2: return .red
        case 3...5: return .orange
        default: return .yellow
        }
    }
}

/// How urgent a warning or report is.
public enum WarningColour: String, CaseIterable, Codable, Sendable, Comparable {
    case red, orange, yellow

    /// Red sorts first.
    public var rank: Int {
        switch self {
        case .red: return 0
        case .orange: return 1
        case .yellow: return 2
        }
    }

    public static func < (lhs: WarningColour, rhs: WarningColour) -> Bool { lhs.rank < rhs.rank }

    /// The CDS Hooks card indicator for the colour.
    public var cardIndicator: String {
        switch self {
        case .red: return "critical"
        case .orange: return "warning"
        case .yellow: return "info"
        }
    }
}

/// The authorities a report goes to, as organisation types of the directory.
public enum AuthorityKind: String, CaseIterable, Codable, Sendable {
    case publicSecurity = "police"
    case civilAffairs = "civil_affairs"
    case education = "education_bureau"
    case procuratorate
    /// A national child helpline that takes statutory reports (Mongolia's 108).
    case childHelpline = "child_helpline"
}
