/// What a member of the referral network does.
public enum Profession: String, CaseIterable, Codable, Sendable {
    case lawyer, psychologist
    case socialWorker = "social_worker"
    case doctor, teacher
    case policeLiaison = "police_liaison"
    case other
}

/// The services a referral asks for; each has a time by which the receiver should answer.
public enum ServiceType: String, CaseIterable, Codable, Sendable {
    case legalRepresentation = "legal_representation"
    case legalAdvice = "legal_advice"
    case psychologicalCounselling = "psychological_counselling"
    case traumaTherapy = "trauma_therapy"
    case socialWork = "social_work"
    case medicalCare = "medical_care"
    case forensicExamination = "forensic_examination"
    case shelter
    case educationSupport = "education_support"
    case familySupport = "family_support"

    /// Hours within which a referral for this service should be accepted or declined.
    public var responseHours: Int {
        switch self {
        case .shelter, .forensicExamination, .medicalCare: return 4
        case .legalRepresentation, .traumaTherapy, .socialWork: return 48
        default: return 72
        }
    }
}

/// Who agreed to the referral: the child, a guardian, or nobody (then an override with a reason).
public enum ReferralConsent: String, CaseIterable, Codable, Sendable {
    case child, guardian, none
}

/// The parts of a case a sender may share with a receiver, on a need-to-know basis.
public enum SharedSection: String, CaseIterable, Codable, Sendable {
    case childIdentity = "child_identity"
    case caseSummary = "case_summary"
    case concernsAndRisk = "concerns_and_risk"
    case generalNotes = "general_notes"
}
