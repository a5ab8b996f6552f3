/// The coded values of a helpline contact (Child Helpline International framework).

public enum ContactChannel: String, CaseIterable, Codable, Sendable {
    case voice, sms, webChat = "web_chat", messaging, email, letter, walkIn = "walk_in"
}

public enum ContactType: String, CaseIterable, Codable, Sendable {
    // Data contacts: a child or someone about a child, with content worth recording.
    case childSelf = "child_self"
    case aboutChild = "about_child"
    // Non-data contacts.
    case silent
    case hangUp = "hang_up"
    case abusive
    case thankYou = "thank_you"
    case information
    case wrongNumber = "wrong_number"
    case emergencyTransfer = "emergency_transfer"

    public var isDataContact: Bool { self == .childSelf || self == .aboutChild }
}

public enum CallerType: String, CaseIterable, Codable, Sendable {
    case child, parent, relative, teacher, professional, other
}

public enum Urgency: String, CaseIterable, Codable, Sendable, Comparable {
    case low, medium, high, immediate

    private var rank: Int { Urgency.allCases.firstIndex(of: self)! }
    public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rank < rhs.rank }
}

public enum AgeBand: String, CaseIterable, Codable, Sendable {
    case under6 = "0-5", from6to9 = "6-9", from10to12 = "10-12", from13to15 = "13-15", from16to17 = "16-17", adult = "18+"

    public static func band(forAge age: Int) -> AgeBand {
        switch age {
        case ..<6: .under6
        case 6...9: .from6to9
        case 10...12: .from10to12
        case 13...15: .from13to15
        case 16...17: .from16to17
        default: .adult
        }
    }
}

public enum LivingSituation: String, CaseIterable, Codable, Sendable {
    case parents, singleParent = "single_parent", relatives, fosterCare = "foster_care",
         institution, street, alone, other
}

public enum ContactAction: String, CaseIterable, Codable, Sendable {
    case information
    case counselling
    case directIntervention = "direct_intervention"
    case referralChildProtection = "referral_child_protection"
    case referralPolice = "referral_police"
    case referralHealth = "referral_health"
    case referralMentalHealth = "referral_mental_health"
    case referralSchool = "referral_school"
    case csamReport = "csam_report"
}
