/// What differs from one country to the next, chosen per organisation: the identity documents a
/// child's record takes and how each is checked, who a statutory report must reach, whether hotels
/// register minors, and what the tiers of multi-disciplinary teams are called. China's pack behaves
/// as the product always has; hotel stays, under China's "Five Musts", keep China's documents.
public enum CountryPack: String, CaseIterable, Codable, Sendable {
    case china = "CN"
    case mongolia = "MN"

    /// The documents a child's record may carry, by their codes, in the order a form offers them.
    public var documentTypes: [String] {
        switch self {
        case .china: ["resident_id", "residence_permit", "passport", "birth_certificate", "other"]
        case .mongolia: ["mn_registration", "passport", "birth_certificate", "other"]
        }
    }

    /// Whether a record of this pack takes a document type (by its code); the message names the pack's
    /// own list, never every type the product knows.
    public func check(documentType raw: String?, _ field: String, into v: inout FieldValidator) -> Bool {
        guard let raw, !raw.isEmpty else { return true }
        guard documentTypes.contains(raw) else {
            v.add(field, "is not a document this organisation's country takes; expected one of: \(documentTypes.joined(separator: ", "))")
            return false
        }
        return true
    }

    /// The authorities every statutory report must reach. China's 2020 Opinion: public security.
    /// Mongolia's Law on Child Protection (2016): the police and the child helpline 108, and the
    /// local multi-disciplinary team (`reportsToLocalTeam`); the law says "immediately" and names no
    /// hours, so the deadlines are the product's configured ones for the warning's colour, as in China.
    public var requiredAuthorities: [AuthorityKind] {
        switch self {
        case .china: [.publicSecurity]
        case .mongolia: [.publicSecurity, .childHelpline]
        }
    }

    /// The kinds of authority a report may go to: Mongolia's add the child helpline, which China's
    /// reports never reach, wherever one is placed.
    public var authorityKinds: [AuthorityKind] {
        switch self {
        case .china: AuthorityKind.allCases.filter { $0 != .childHelpline }
        case .mongolia: AuthorityKind.allCases
        }
    }

    /// Whether a report also goes to the multi-disciplinary team of the reporter's khoroo, soum or district.
    public var reportsToLocalTeam: Bool { self == .mongolia }

    /// Whether hotels register the minors they lodge (China's "Five Musts"); elsewhere the lodging
    /// area is switched off.
    public var registersMinorsInHotels: Bool { self == .china }

    /// The locale key of a tier of multi-disciplinary team (`village`, `county`, `city`): China's
    /// village, county and city are Mongolia's khoroo or bag, soum and district or aimag.
    public func teamLevelKey(_ level: String) -> String {
        switch self {
        case .china: "mdtLevel." + level
        case .mongolia: "mdtLevel.MN." + level
        }
    }
}
