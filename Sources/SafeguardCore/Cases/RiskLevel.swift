/// Red: immediate danger; orange: serious harm likely; yellow: concern needing follow-up.
public enum RiskLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case yellow, orange, red

    private var rank: Int { RiskLevel.allCases.firstIndex(of: self)! }
    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool { lhs.rank < rhs.rank }
}
