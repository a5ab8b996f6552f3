/// The offences that bar someone from work in close contact with children
/// (Law on the Protection of Minors, art. 62).
public enum OffenceCategory: String, CaseIterable, Codable, Sendable {
    case sexualAssault = "sexual_assault"
    case indecency
    case abuse
    case trafficking
    case violentCrime = "violent_crime"
}

/// How the offence was decided.
public enum DecisionType: String, CaseIterable, Codable, Sendable {
    case conviction
    case nonProsecution = "non_prosecution"
    case administrativePenalty = "administrative_penalty"
}

/// The document that identifies a person in the registry, a query or a roster.
public enum VettingDocumentType: String, CaseIterable, Codable, Sendable {
    case residentID = "resident_id"
    /// Hong Kong, Macau and Taiwan residents' permits (GB 11643 numbers with region 810000/820000/830000).
    case residencePermit = "residence_permit"
    case passport
    case other
}

/// The only thing a unit ever learns from the registry.
public enum VettingAnswer: String, CaseIterable, Codable, Sendable {
    case noRecord = "no_record"
    /// Record found: employment prohibited.
    case prohibited
    /// A possible match that a registry keeper must confirm or reject.
    case underReview = "under_review"
}

/// Units in close contact with minors.
public enum VettingUnitType: String, CaseIterable, Codable, Sendable {
    case school, kindergarten, hospital, hotel
    case trainingCentre = "training_centre"
    case childcare
    case sportsClub = "sports_club"
    case other
}

/// Why a unit may query a person: an applicant who signed an authorisation, or a member of staff on its roster.
public enum VettingPurpose: String, CaseIterable, Codable, Sendable {
    case applicant
    case staff
}

/// A keeper's decision on a possible match.
public enum MatchDecision: String, CaseIterable, Codable, Sendable {
    case confirmed
    case rejected
}

/// A keeper's decision on a person's request to review a hit.
public enum ReviewOutcome: String, CaseIterable, Codable, Sendable {
    /// The record stands.
    case upheld
    /// The record was wrong or does not concern the person: it no longer answers as a hit.
    case withdrawn
}
