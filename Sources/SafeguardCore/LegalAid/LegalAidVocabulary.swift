/// What a legal matter is about.
public enum MatterType: String, CaseIterable, Codable, Sendable {
    case victimRepresentation = "victim_representation"
    case guardianshipCustody = "guardianship_custody"
    case education
    case juvenileDefence = "juvenile_defence"
    case administrative
    case civilCompensation = "civil_compensation"
    case other
}

/// How a legal matter ended.
public enum MatterOutcome: String, CaseIterable, Codable, Sendable {
    case judgment, settlement, withdrawal
}

/// A dated event of a matter: a hearing in court, or a statutory deadline.
public enum MatterEventKind: String, CaseIterable, Codable, Sendable {
    case hearing, deadline
}
