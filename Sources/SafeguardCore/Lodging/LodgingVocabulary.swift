/// How a co-occupant or visitor is related to the minor (Five Musts, item 3: a coded value
/// whenever a minor is present).
public enum Relationship: String, CaseIterable, Codable, Sendable {
    case parent
    case stepParent = "step_parent"
    case grandparent
    case sibling
    case otherRelative = "other_relative"
    case legalGuardian = "legal_guardian"
    case teacher
    case coach
    case groupLeader = "group_leader"
    case familyFriend = "family_friend"
    case unrelated
    /// The adult could not say, or would not.
    case notStated = "not_stated"

    /// Family or a guardian: someone who may be with a child without further questions.
    public var isFamily: Bool { [.parent, .stepParent, .grandparent, .sibling, .otherRelative, .legalGuardian].contains(self) }
    /// A professional responsible for the child on a trip (school, sport, camp).
    public var isCarer: Bool { [.teacher, .coach, .groupLeader].contains(self) }
}

/// How the clerk verified the minor's identity (Five Musts, item 1).
public enum IdentityCheck: String, CaseIterable, Codable, Sendable {
    case documentInspected = "document_inspected"
    case onlineVerification = "online_verification"
    case guardianConfirmed = "guardian_confirmed"
    case notVerified = "not_verified"
}

/// What the clerk saw at check-in that the rules weigh.
public enum ClerkObservation: String, CaseIterable, Codable, Sendable {
    case injured, intoxicated, frightened, coerced
    case noLuggage = "no_luggage"
    case cashOnly = "cash_only"
    case bookingNameDiffers = "booking_name_differs"
    case noIdentityDocument = "no_identity_document"
}
